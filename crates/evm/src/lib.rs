//! op-revm configuration for Lumio: spec selection, OP and Lumio predeploys, genesis alloc.
