//! Limits, stack usage and entry-function rules as Aptos production applies them.
