//! Integration tests of the verifier (one binary, modules below).

mod builder;
mod cli;
mod fixtures;
mod limits;
mod linking;
mod mutations;
mod negative;
mod positive;
mod reference_safety;
mod regressions;
