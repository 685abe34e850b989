//! Integration tests of the verifier (one binary, modules below).

mod builder;
mod fixtures;
mod linking;
mod negative;
mod positive;
