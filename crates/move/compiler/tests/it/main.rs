//! Integration tests of the Move compiler (one binary, modules below).

mod codegen;
mod corpus;
mod expressions;
mod golden_dir;
mod goldens;
mod limits;
mod mutations;
mod packages;
mod pipeline;
mod print;
mod programs;
