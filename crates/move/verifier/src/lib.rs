//! Move bytecode verifier: one pass per file, in the order written down in verifier.rs; plus link-time dependency checks.
