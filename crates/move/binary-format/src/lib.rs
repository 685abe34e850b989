//! Aptos-compatible Move binary format.
//!
//! - [`file_format`] — the in-memory model ([`CompiledModule`], [`CompiledScript`], [`Bytecode`] …);
//! - [`file_format_common`] — magic, versions, limits, table kinds, opcodes, ULEB128;
//! - [`access`] — checked accessors (`identifier_at`, `self_id` …) and [`access::BinaryIndexedView`];
//! - [`deserializer`] — `CompiledModule::deserialize[_with_config]`, same for scripts;
//! - [`serializer`] — `serialize` / `to_bytes`, byte-identical to Aptos;
//! - [`check_bounds`] — [`check_bounds::BoundsChecker`];
//! - [`metadata`] — `aptos::metadata_v1` and `compilation_metadata` decoding;
//! - [`disassembler`] — `disassemble_module` / `disassemble_script`;
//! - [`abi`] — JSON ABI summary in the Aptos REST shape;
//! - [`cli`] — `decode_file` behind `lumio move decode`;
//! - [`errors`] — [`PartialVMError`] / [`VMError`] with status code and location;
//!
//! With the `testing` feature: [`builder`] (`ModuleBuilder`, `ScriptBuilder`) to construct units
//! programmatically, and [`proptest_types`] (random valid modules) for other crates' tests.
//!
//! Not here: verification beyond index bounds (`lumio-move-verifier`), execution (`lumio-move-vm`).

pub mod abi;
pub mod access;
#[cfg(any(test, feature = "builder"))]
pub mod builder;
pub mod check_bounds;
pub mod cli;
pub mod deserializer;
pub mod disassembler;
mod display;
pub mod errors;
pub mod file_format;
pub mod file_format_common;
pub mod metadata;
#[cfg(feature = "testing")]
pub mod proptest_types;
pub mod serializer;

pub use deserializer::DeserializerConfig;
pub use errors::{Location, PartialVMError, PartialVMResult, VMError, VMResult};
pub use file_format::{Bytecode, CompiledModule, CompiledScript, SignatureToken};
