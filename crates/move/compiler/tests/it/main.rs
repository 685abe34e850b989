//! Integration tests of the Move compiler (one binary, modules below).
