//! Aptos-compatible Move binary format.
//!
//! - [`file_format`]: the in-memory model ([`CompiledModule`], [`CompiledScript`], [`Bytecode`] …);
//! - [`file_format_common`]: magic, versions, limits, table kinds, opcodes, ULEB128;
//! - [`access`]: checked accessors (`identifier_at`, `self_id` …) and [`access::BinaryIndexedView`];
//! - [`deserializer`]: `CompiledModule::deserialize[_with_config]`, same for scripts;
//! - [`serializer`]: `serialize` / `to_bytes`, byte-identical to Aptos;
//! - [`check_bounds`]: [`check_bounds::BoundsChecker`];
//! - [`errors`]: [`PartialVMError`] / [`VMError`] with status code and location;
//!
//! Not here: verification beyond index bounds (`lumio-move-verifier`), execution (`lumio-move-vm`).

pub mod access;
pub mod check_bounds;
pub mod deserializer;
pub mod errors;
pub mod file_format;
pub mod file_format_common;
pub mod serializer;

pub use deserializer::DeserializerConfig;
pub use errors::{Location, PartialVMError, PartialVMResult, VMError, VMResult};
pub use file_format::{Bytecode, CompiledModule, CompiledScript, SignatureToken};
