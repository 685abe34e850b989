//! Link-time checks (placeholder, filled in below).
