//! Integration tests of lumio-txpool.
