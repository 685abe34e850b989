//! Integration tests of the Move compiler (one binary, modules below).

mod corpus;
mod expressions;
mod goldens;
mod limits;
mod mutations;
mod packages;
mod print;
