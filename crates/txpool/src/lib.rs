//! Transaction pool: validation, per-sender nonce ordering, pending vs queued, replacement and limits.
