//! Integration tests of lumio-move-core-types.

mod type_tags;
mod values;
