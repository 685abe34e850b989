//! The `lumio bench move-verify` workload: a set of modules (real fixtures plus generated,
//! larger ones) deserialized and verified with the production configuration, timed.
//!
//! The generated modules are built here (not in test code) so the benchmark binary can use
//! them; they are valid by construction and the benchmark asserts that every one verifies.
//! [`print`] and [`print_adversarial`] are what `lumio bench move-verify [--adversarial]`
//! prints.

pub mod adversarial;

use std::{path::Path, time::Instant};

use lumio_move_binary_format::file_format::{
    AbilitySet, AddressIdentifierIndex, Bytecode, CodeOffset, CodeUnit, CompiledModule,
    CompiledScript, FieldDefinition, FieldHandle, FieldHandleIndex, FunctionDefinition,
    FunctionHandle, FunctionHandleIndex, IdentifierIndex, ModuleHandle, ModuleHandleIndex,
    Signature, SignatureIndex, SignatureToken as ST, StructDefinition, StructDefinitionIndex,
    StructFieldInformation, StructHandle, StructHandleIndex, TypeSignature, Visibility,
};
use lumio_move_core_types::{Ability, AccountAddress, Identifier};

use lumio_move_verifier::{VerifierConfig, verify_module_with_config, verify_script_with_config};

/// Figures of one timed pass over the inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Units processed (modules and scripts, times iterations).
    pub units: usize,
    /// Bytes processed.
    pub bytes: usize,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl Figures {
    /// Units per second.
    pub fn units_per_sec(&self) -> f64 {
        self.units as f64 / self.seconds.max(1e-9)
    }
    /// Bytes per second.
    pub fn bytes_per_sec(&self) -> f64 {
        self.bytes as f64 / self.seconds.max(1e-9)
    }
}

/// Result of the workload.
#[derive(Debug, Clone)]
pub struct BenchReport {
    /// Number of distinct inputs (fixtures + generated).
    pub inputs: usize,
    /// Of which real fixtures.
    pub fixtures: usize,
    /// Total size of the inputs in bytes.
    pub input_bytes: usize,
    /// Reference: deserialization (with bounds check) only.
    pub deserialize: Figures,
    /// Deserialization plus full verification.
    pub verify: Figures,
}

impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "move-verify: {} inputs ({} fixtures, {} generated), {} bytes, production config",
            self.inputs,
            self.fixtures,
            self.inputs - self.fixtures,
            self.input_bytes
        )?;
        writeln!(
            f,
            "{:<26} {:>8} {:>10} {:>12} {:>12}",
            "step", "units", "seconds", "units/s", "MB/s"
        )?;
        for (name, x) in [
            ("deserialize (reference)", self.deserialize),
            ("deserialize + verify", self.verify),
        ] {
            writeln!(
                f,
                "{name:<26} {:>8} {:>10.3} {:>12.0} {:>12.2}",
                x.units,
                x.seconds,
                x.units_per_sec(),
                x.bytes_per_sec() / 1e6
            )?;
        }
        write!(f, "all {} inputs verified OK", self.inputs)
    }
}

/// Error of the workload: an input failed to deserialize or verify (a benchmark asserts its
/// own result).
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// An input was rejected.
    #[error("input #{index} ({name}) rejected: {error}")]
    Rejected {
        /// Position in the input list.
        index: usize,
        /// Fixture file name or generated module name.
        name: String,
        /// The verifier's or deserializer's message.
        error: String,
    },
    /// A generated module could not be built or serialized.
    #[error("generator: {0}")]
    Generator(String),
}

/// Reads every `*.mv` file directly in `dir` (none if the directory is missing).
pub fn read_fixtures(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_file()
                && p.extension().is_some_and(|x| x == "mv")
                && let Ok(b) = std::fs::read(&p)
            {
                out.push((
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    b,
                ));
            }
        }
    }
    out.sort();
    out
}

/// Runs the workload: fixtures from `fixture_dir` plus generated modules up to `total`
/// inputs, `iterations` timed passes each.
pub fn run(
    fixture_dir: &Path,
    total: usize,
    iterations: usize,
) -> Result<BenchReport, VerifyError> {
    let production = VerifierConfig::production();
    // Real bytecode newer than production enables (v8+) is left out of the workload.
    let mut inputs: Vec<(String, Vec<u8>)> = read_fixtures(fixture_dir)
        .into_iter()
        .filter(|(_, bytes)| {
            kind_of(bytes).is_ok_and(|kind| {
                !check_one(bytes, kind, &production).is_err_and(|e| e.contains("UNKNOWN_VERSION"))
            })
        })
        .collect();
    let fixtures = inputs.len();
    let mut i = 0;
    while inputs.len() < total {
        let m = generated_module(i)?;
        let bytes = m
            .to_bytes()
            .map_err(|e| VerifyError::Generator(e.to_string()))?;
        inputs.push((format!("Gen{i}"), bytes));
        i += 1;
    }
    let config = VerifierConfig::production();
    // Correctness first (outside the timing).
    let mut kinds = Vec::with_capacity(inputs.len());
    for (index, (name, bytes)) in inputs.iter().enumerate() {
        let rejected = |error| VerifyError::Rejected {
            index,
            name: name.clone(),
            error,
        };
        let kind = kind_of(bytes).map_err(rejected)?;
        check_one(bytes, kind, &config).map_err(rejected)?;
        kinds.push(kind);
    }
    let input_bytes: usize = inputs.iter().map(|(_, b)| b.len()).sum();
    let iterations = iterations.max(1);
    let time = |verify: bool| -> Result<Figures, VerifyError> {
        let start = Instant::now();
        for _ in 0..iterations {
            for (index, ((name, bytes), kind)) in inputs.iter().zip(&kinds).enumerate() {
                let r = if verify {
                    check_one(bytes, *kind, &config)
                } else {
                    deserialize_one(bytes, *kind)
                };
                r.map_err(|error| VerifyError::Rejected {
                    index,
                    name: name.clone(),
                    error,
                })?;
            }
        }
        Ok(Figures {
            units: inputs.len() * iterations,
            bytes: input_bytes * iterations,
            seconds: start.elapsed().as_secs_f64(),
        })
    };
    let deserialize = time(false)?;
    let verify = time(true)?;
    Ok(BenchReport {
        inputs: inputs.len(),
        fixtures,
        input_bytes,
        deserialize,
        verify,
    })
}

/// Inputs of `lumio bench move-verify` (fixtures first, the rest generated).
pub const INPUTS: usize = 100;
/// Timed passes over the inputs.
pub const ITERATIONS: usize = 20;
/// Timed rounds per adversarial module.
pub const ADVERSARIAL_ROUNDS: usize = 5;
/// The goal: every adversarial module verified or rejected within this many milliseconds.
pub const ADVERSARIAL_GOAL_MS: f64 = 50.0;

/// The repository's compiled fixtures (the default real modules of the workload).
pub fn default_fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../move/binary-format/tests/fixtures")
}

/// `lumio bench move-verify`: [`run`] over [`INPUTS`] inputs (real modules from `fixtures`),
/// printed; fails if any input does not verify.
pub fn print(fixtures: &Path) -> Result<(), VerifyError> {
    let report = run(fixtures, INPUTS, ITERATIONS)?;
    println!("{report}");
    Ok(())
}

/// `lumio bench move-verify --adversarial`: every adversarial module (those whose name contains
/// `filter`, if given) timed, one line each, and the slowest against the goal.
pub fn print_adversarial(filter: Option<&str>) -> Result<(), VerifyError> {
    let cases = adversarial::run(ADVERSARIAL_ROUNDS, filter)?;
    println!(
        "{:<44} {:>9} {:>10} {:>10}  outcome",
        "module", "bytes", "median ms", "worst ms"
    );
    let mut slowest: f64 = 0.0;
    for c in &cases {
        slowest = slowest.max(c.worst_ms);
        println!(
            "{:<44} {:>9} {:>10.2} {:>10.2}  {}",
            c.name,
            c.bytes,
            c.median_ms,
            c.worst_ms,
            c.rejected.as_deref().unwrap_or("verified")
        );
    }
    println!(
        "slowest: {slowest:.2} ms (goal <= {ADVERSARIAL_GOAL_MS} ms: {})",
        if slowest <= ADVERSARIAL_GOAL_MS {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}

/// What an input is, found once (outside the timing) with [`lumio_move_verifier::cli::decode`].
#[derive(Clone, Copy)]
enum Kind {
    Module,
    Script,
}

fn kind_of(bytes: &[u8]) -> Result<Kind, String> {
    match lumio_move_verifier::cli::decode(bytes) {
        Ok(lumio_move_verifier::cli::Unit::Module(_)) => Ok(Kind::Module),
        Ok(lumio_move_verifier::cli::Unit::Script(_)) => Ok(Kind::Script),
        Err(o) => Err(format!("{o:?}")),
    }
}

fn deserialize_one(bytes: &[u8], kind: Kind) -> Result<(), String> {
    match kind {
        Kind::Module => CompiledModule::deserialize(bytes).map(|_| ()),
        Kind::Script => CompiledScript::deserialize(bytes).map(|_| ()),
    }
    .map_err(|e| e.to_string())
}

fn check_one(bytes: &[u8], kind: Kind, config: &VerifierConfig) -> Result<(), String> {
    match kind {
        Kind::Module => {
            let m = CompiledModule::deserialize(bytes).map_err(|e| e.to_string())?;
            verify_module_with_config(config, &m).map_err(|e| e.to_string())
        }
        Kind::Script => {
            let s = CompiledScript::deserialize(bytes).map_err(|e| e.to_string())?;
            verify_script_with_config(config, &s).map_err(|e| e.to_string())
        }
    }
}

fn ident(m: &mut CompiledModule, s: &str) -> Result<IdentifierIndex, VerifyError> {
    let id = Identifier::new(s).map_err(|e| VerifyError::Generator(e.to_string()))?;
    m.identifiers.push(id);
    Ok(IdentifierIndex((m.identifiers.len() - 1) as u16))
}

fn sig(m: &mut CompiledModule, toks: Vec<ST>) -> SignatureIndex {
    if let Some(i) = m.signatures.iter().position(|s| s.0 == toks) {
        return SignatureIndex(i as u16);
    }
    m.signatures.push(Signature(toks));
    SignatureIndex((m.signatures.len() - 1) as u16)
}

/// Generated module `0x1::Gen{i}`: a struct, and `4 + i % 17` functions, each a loop of
/// `1 + i % 8` unrolled rounds of field writes, vector pushes and arithmetic, calling the
/// previous function — exercising every code-unit pass with references across a loop.
pub fn generated_module(i: usize) -> Result<CompiledModule, VerifyError> {
    let mut m = CompiledModule {
        version: 6,
        ..CompiledModule::default()
    };
    m.address_identifiers.push(AccountAddress::ONE);
    let name = ident(&mut m, &format!("Gen{i}"))?;
    m.module_handles.push(ModuleHandle {
        address: AddressIdentifierIndex(0),
        name,
    });
    m.self_module_handle_idx = ModuleHandleIndex(0);
    let s_name = ident(&mut m, "S")?;
    let (fa_name, fb_name) = (ident(&mut m, "a")?, ident(&mut m, "b")?);
    m.struct_handles.push(StructHandle {
        module: ModuleHandleIndex(0),
        name: s_name,
        abilities: [Ability::Copy, Ability::Drop]
            .into_iter()
            .collect::<AbilitySet>(),
        type_parameters: vec![],
    });
    m.struct_defs.push(StructDefinition {
        struct_handle: StructHandleIndex(0),
        field_information: StructFieldInformation::Declared(vec![
            FieldDefinition {
                name: fa_name,
                signature: TypeSignature(ST::U64),
            },
            FieldDefinition {
                name: fb_name,
                signature: TypeSignature(ST::U64),
            },
        ]),
    });
    m.field_handles.push(FieldHandle {
        owner: StructDefinitionIndex(0),
        field: 0,
    });
    m.field_handles.push(FieldHandle {
        owner: StructDefinitionIndex(0),
        field: 1,
    });
    let s = ST::Struct(StructHandleIndex(0));
    let mut_s = ST::MutableReference(Box::new(s));
    let mut_vec = ST::MutableReference(Box::new(ST::Vector(Box::new(ST::U64))));
    let params = sig(&mut m, vec![mut_s, ST::U64, mut_vec]);
    let rets = sig(&mut m, vec![ST::U64]);
    let locals = sig(
        &mut m,
        vec![ST::U64, ST::MutableReference(Box::new(ST::U64))],
    );
    let elem = sig(&mut m, vec![ST::U64]);
    let nfun = 4 + i % 17;
    let unroll = 1 + i % 8;
    for f in 0..nfun {
        let fname = ident(&mut m, &format!("f{f}"))?;
        m.function_handles.push(FunctionHandle {
            module: ModuleHandleIndex(0),
            name: fname,
            parameters: params,
            return_: rets,
            type_parameters: vec![],
            access_specifiers: None,
            attributes: vec![],
        });
        let prev = (f > 0).then(|| FunctionHandleIndex((f - 1) as u16));
        m.function_defs.push(FunctionDefinition {
            function: FunctionHandleIndex(f as u16),
            visibility: Visibility::Public,
            is_entry: false,
            acquires_global_resources: vec![],
            code: Some(CodeUnit {
                locals,
                code: loop_body(unroll, prev, elem)?,
            }),
        });
    }
    Ok(m)
}

/// Locals: 0 `&mut S`, 1 `n: u64`, 2 `&mut vector<u64>`, 3 `acc: u64`, 4 `&mut u64`.
fn loop_body(
    unroll: usize,
    prev: Option<FunctionHandleIndex>,
    elem: SignatureIndex,
) -> Result<Vec<Bytecode>, VerifyError> {
    use Bytecode as B;
    let mut body = Vec::new();
    for k in 0..unroll {
        let field = FieldHandleIndex((k % 2) as u16);
        body.extend([
            B::CopyLoc(0),
            B::MutBorrowField(field),
            B::StLoc(4),
            B::CopyLoc(4),
            B::ReadRef,
            B::CopyLoc(1),
            B::Add,
            B::MoveLoc(4),
            B::WriteRef,
            B::CopyLoc(2),
            B::CopyLoc(1),
            B::VecPushBack(elem),
            B::MoveLoc(3),
            B::CopyLoc(1),
            B::Xor,
            B::StLoc(3),
        ]);
    }
    if let Some(p) = prev {
        body.extend([
            B::CopyLoc(0),
            B::LdU64(1),
            B::CopyLoc(2),
            B::Call(p),
            B::Pop,
        ]);
    }
    body.extend([B::MoveLoc(1), B::LdU64(1), B::Sub, B::StLoc(1)]);
    let head: CodeOffset = 2;
    let end = u16::try_from(2 + 4 + body.len() + 1)
        .map_err(|_| VerifyError::Generator("function too long".into()))?;
    let mut code = vec![
        B::LdU64(0),
        B::StLoc(3),
        B::CopyLoc(1),
        B::LdU64(0),
        B::Gt,
        B::BrFalse(end),
    ];
    code.extend(body);
    code.push(B::Branch(head));
    code.extend([
        B::MoveLoc(0),
        B::Pop,
        B::MoveLoc(2),
        B::Pop,
        B::MoveLoc(3),
        B::Ret,
    ]);
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_modules_verify() {
        for i in 0..20 {
            let m = generated_module(i).unwrap();
            verify_module_with_config(&VerifierConfig::production(), &m).unwrap();
            let bytes = m.to_bytes().unwrap();
            assert_eq!(CompiledModule::deserialize(&bytes).unwrap(), m);
        }
    }

    /// The full workload; run with `cargo test --release -p lumio-bench --lib
    /// full_workload -- --ignored --nocapture` to see the figures without the binary.
    #[test]
    #[ignore = "benchmark"]
    fn full_workload() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../move/binary-format/tests/fixtures");
        let r = run(&dir, 100, 20).unwrap();
        println!("{r}");
    }

    #[test]
    fn workload_runs() {
        let r = run(Path::new("/nonexistent"), 5, 1).unwrap();
        assert_eq!(r.inputs, 5);
        assert!(r.to_string().contains("all 5 inputs verified OK"));
    }
}
