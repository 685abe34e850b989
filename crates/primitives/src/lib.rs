//! Shared primitives: addresses and the EVM<->Move mapping, units, chain spec and genesis, shared ids and errors.
