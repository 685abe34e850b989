//! Aptos-compatible Move binary format: CompiledModule/CompiledScript, deserializer, serializer, bounds checks, views, disassembler.
