//! `lumio move verify` (placeholder).
