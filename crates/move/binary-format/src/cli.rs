//! `lumio move decode`: turn a compiled file into a disassembly or a JSON ABI summary.
//!
//! The file may hold raw bytes (`.mv`) or hex text (optionally `0x`-prefixed). Module vs script
//! is auto-detected: module first, then script.

use std::path::{Path, PathBuf};

use crate::{
    abi, deserializer, disassembler,
    errors::PartialVMError,
    file_format::{CompiledModule, CompiledScript},
};

/// Why a file could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The file could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// Neither a valid module nor a valid script.
    #[error("not a valid Move module ({module}) nor script ({script})")]
    Invalid {
        /// Error decoding as a module.
        module: Box<PartialVMError>,
        /// Error decoding as a script.
        script: Box<PartialVMError>,
    },
    /// JSON rendering failed (not expected).
    #[error("cannot render JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// A decoded unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompiledUnit {
    /// A module.
    Module(CompiledModule),
    /// A script.
    Script(CompiledScript),
}

/// Bytes from file contents: raw binary, or hex text if the contents look like hex.
fn bytes_of(contents: Vec<u8>) -> Vec<u8> {
    let text = match std::str::from_utf8(&contents) {
        Ok(t) => t.trim(),
        Err(_) => return contents,
    };
    let digits = text.strip_prefix("0x").unwrap_or(text);
    if !digits.is_empty()
        && digits.len() % 2 == 0
        && digits.bytes().all(|c| c.is_ascii_hexdigit())
        && let Ok(b) = hex::decode(digits)
    {
        return b;
    }
    contents
}

/// Decodes bytes as a module or a script. Aptos ignores bytes after a unit, so a script can
/// also parse as a (strange) module; the reading that uses every byte wins, modules first.
pub fn decode_unit(bytes: &[u8]) -> Result<CompiledUnit, DecodeError> {
    let module = deserializer::module_and_len(bytes);
    if let Ok((m, used)) = &module
        && *used == bytes.len()
    {
        return Ok(CompiledUnit::Module(m.clone()));
    }
    let script = deserializer::script_and_len(bytes);
    match (module, script) {
        (_, Ok((s, used))) if used == bytes.len() => Ok(CompiledUnit::Script(s)),
        (Ok((m, _)), _) => Ok(CompiledUnit::Module(m)),
        (_, Ok((s, _))) => Ok(CompiledUnit::Script(s)),
        (Err(module), Err(script)) => Err(DecodeError::Invalid {
            module: Box::new(module),
            script: Box::new(script),
        }),
    }
}

/// Disassembly (or pretty JSON ABI when `json`) of the given bytes.
pub fn decode_bytes(bytes: &[u8], json: bool) -> Result<String, DecodeError> {
    let unit = decode_unit(bytes)?;
    Ok(match (unit, json) {
        (CompiledUnit::Module(m), false) => disassembler::disassemble_module(&m),
        (CompiledUnit::Script(s), false) => disassembler::disassemble_script(&s),
        (CompiledUnit::Module(m), true) => {
            serde_json::to_string_pretty(&abi::module_abi(&m))? + "\n"
        }
        (CompiledUnit::Script(s), true) => {
            serde_json::to_string_pretty(&abi::script_abi(&s))? + "\n"
        }
    })
}

/// Reads `path` (binary or hex text) and returns [`decode_bytes`] of it.
pub fn decode_file(path: &Path, json: bool) -> Result<String, DecodeError> {
    let contents = std::fs::read(path).map_err(|source| DecodeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode_bytes(&bytes_of(contents), json)
}
