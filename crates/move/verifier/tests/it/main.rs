//! Integration tests of the verifier (one binary, modules below).

mod builder;
mod negative;
mod positive;
