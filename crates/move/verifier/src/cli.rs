//! `lumio move verify FILE.mv...`: the logic behind the command (the binary only prints).
//!
//! For every file, in order:
//! 1. read and deserialize it as a module, or else as a script (the deserializer also runs the
//!    bounds checker);
//! 2. re-serialize it and require the bytes to be identical to the input (`MALFORMED`
//!    otherwise: the file is not in canonical form);
//! 3. run the verifier with [`VerifierConfig::production`];
//! 4. link-check it with the **given files as the module store**, by the same rules a node
//!    applies against its store ([`crate::dependencies`]): every imported handle of a given
//!    module must resolve to a definition the importer may see, with the same shape, and the
//!    dependency and friend closures are walked through the given modules looking for cycles.
//!    What was not given (typically the framework at `0x1`) is skipped: its imports are not
//!    checked and the walks stop there. To link against the framework, pass its `.mv` files
//!    too.
//!
//! One line per file, `OK path` or `ERR path: STATUS_CODE message`, then `N passed, M failed`.
//! A file that cannot be read reports `IO_ERROR` in place of a status code.

use std::{fmt, path::PathBuf};

use lumio_move_binary_format::{
    errors::VMError,
    file_format::{CompiledModule, CompiledScript},
};
use lumio_move_core_types::StatusCode;

use crate::{
    VerifierConfig, verify_module_with_available, verify_module_with_config,
    verify_script_with_available, verify_script_with_config,
};

/// Outcome for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Verified.
    Ok,
    /// Rejected with a status code.
    Err {
        /// Status code name, or `IO_ERROR`.
        code: String,
        /// Human-readable detail.
        message: String,
    },
}

/// Result for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path as given.
    pub path: PathBuf,
    /// The outcome.
    pub outcome: Outcome,
}

/// Results for all files, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// One entry per file.
    pub entries: Vec<Entry>,
}

impl Report {
    /// Number of files that verified.
    pub fn passed(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.outcome == Outcome::Ok)
            .count()
    }

    /// Number of files that failed.
    pub fn failed(&self) -> usize {
        self.entries.len() - self.passed()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.entries {
            match &e.outcome {
                Outcome::Ok => writeln!(f, "OK {}", e.path.display())?,
                Outcome::Err { code, message } => {
                    writeln!(f, "ERR {}: {code} {message}", e.path.display())?;
                }
            }
        }
        write!(f, "{} passed, {} failed", self.passed(), self.failed())
    }
}

/// A deserialized unit.
#[derive(Debug)]
pub enum Unit {
    /// A module.
    Module(CompiledModule),
    /// A script.
    Script(CompiledScript),
}

fn err_of(e: &VMError) -> Outcome {
    let mut message = e.message().map(one_line).unwrap_or_default();
    let mut place = Vec::new();
    if *e.location() != lumio_move_binary_format::errors::Location::Undefined {
        place.push(format!("in {}", e.location()));
    }
    if let Some((f, off)) = e.offsets().first() {
        place.push(format!("function #{} at offset {off}", f.0));
    }
    if !place.is_empty() {
        if !message.is_empty() {
            message.push(' ');
        }
        message.push_str(&format!("({})", place.join(", ")));
    }
    Outcome::Err {
        code: e.major_status().name().to_string(),
        message,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn status(code: StatusCode, message: impl Into<String>) -> Outcome {
    Outcome::Err {
        code: code.name().to_string(),
        message: message.into(),
    }
}

/// Deserializes `bytes` as a module or else a script, and checks that re-serialization gives
/// the same bytes back.
///
/// The reading that deserializes *and* round-trips wins: a script's bytes can happen to parse
/// as a module (the module trailer is a single index) without re-serializing to the input.
pub fn decode(bytes: &[u8]) -> Result<Unit, Outcome> {
    let module = CompiledModule::deserialize(bytes);
    if let Ok(m) = &module
        && m.to_bytes().is_ok_and(|b| b == bytes)
    {
        return module
            .map(Unit::Module)
            .map_err(|_| status(StatusCode::MALFORMED, ""));
    }
    let script = CompiledScript::deserialize(bytes);
    if let Ok(s) = &script {
        match s.to_bytes() {
            Ok(b) if b == bytes => {
                return script
                    .map(Unit::Script)
                    .map_err(|_| status(StatusCode::MALFORMED, ""));
            }
            Ok(_) => {}
            Err(e) if module.is_err() => {
                return Err(status(
                    StatusCode::MALFORMED,
                    format!("cannot re-serialize: {e}"),
                ));
            }
            Err(_) => {}
        }
    }
    match module {
        Ok(m) => Err(match m.to_bytes() {
            Ok(_) => status(
                StatusCode::MALFORMED,
                "re-serialization is not byte-identical to the input",
            ),
            Err(e) => status(StatusCode::MALFORMED, format!("cannot re-serialize: {e}")),
        }),
        Err(_) if script.is_ok() => Err(status(
            StatusCode::MALFORMED,
            "re-serialization is not byte-identical to the input",
        )),
        Err(e) => Err(err_of(
            &e.finish(lumio_move_binary_format::errors::Location::Undefined),
        )),
    }
}

/// Verifies the files; see the module documentation for the rules.
pub fn verify_files(paths: &[PathBuf]) -> Report {
    verify_files_with_config(paths, &VerifierConfig::production())
}

/// [`verify_files`] with an explicit configuration.
pub fn verify_files_with_config(paths: &[PathBuf], config: &VerifierConfig) -> Report {
    let decoded: Vec<Result<Unit, Outcome>> = paths
        .iter()
        .map(|p| match std::fs::read(p) {
            Ok(bytes) => decode(&bytes),
            Err(e) => Err(Outcome::Err {
                code: "IO_ERROR".to_string(),
                message: e.to_string(),
            }),
        })
        .collect();
    let modules: Vec<&CompiledModule> = decoded
        .iter()
        .filter_map(|d| match d {
            Ok(Unit::Module(m)) => Some(m),
            _ => None,
        })
        .collect();
    let entries = paths
        .iter()
        .zip(&decoded)
        .map(|(path, d)| {
            let outcome = match d {
                Err(o) => o.clone(),
                Ok(Unit::Module(m)) => {
                    let others = modules.iter().copied().filter(|o| !std::ptr::eq(*o, m));
                    match verify_module_with_config(config, m)
                        .and_then(|()| verify_module_with_available(m, others))
                    {
                        Ok(()) => Outcome::Ok,
                        Err(e) => err_of(&e),
                    }
                }
                Ok(Unit::Script(s)) => {
                    match verify_script_with_config(config, s)
                        .and_then(|()| verify_script_with_available(s, modules.iter().copied()))
                    {
                        Ok(()) => Outcome::Ok,
                        Err(e) => err_of(&e),
                    }
                }
            };
            Entry {
                path: path.clone(),
                outcome,
            }
        })
        .collect();
    Report { entries }
}
