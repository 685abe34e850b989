//! Integration tests of lumio-move-binary-format.

mod fixtures;
