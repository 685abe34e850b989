//! Integration tests of lumio-move-binary-format.

mod abi;
mod fixtures;
mod goldens;
mod proptests;
