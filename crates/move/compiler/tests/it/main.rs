//! Integration tests of the Move compiler (one binary, modules below).

mod codegen;
mod corpus;
mod expressions;
mod goldens;
mod limits;
mod mutations;
mod packages;
mod print;
mod programs;
