//! Integration tests of lumio-move-binary-format.

mod abi;
mod deserializer;
mod fixtures;
mod goldens;
mod proptests;
