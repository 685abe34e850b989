//! Move source compiler: Move as the Aptos compiler accepts it (Move 2, 2024/25) to bytecode,
//! as a pipeline of stages, each in its own module with its own output types:
//!
//! 1. [`parser`]: text → [`parser::ast`] per file (specification constructs dropped);
//! 2. [`expansion`]: the files of every package → [`model::Program`] declarations (addresses,
//!    `use`s, modules, structs, function signatures resolved), plus the name scopes typing
//!    needs;
//! 3. [`typing`]: function bodies → [`tast`] (types inferred and checked, abilities,
//!    visibility, `acquires`, constants folded), stored in the program;
//! 4. [`inlining`]: calls of `inline` functions and their lambdas expanded in place;
//! 5. [`codegen`]: typed bodies → verified `CompiledModule`s / `CompiledScript`s with a
//!    source map (copy/move by liveness, reference release, flow checks).
//!
//! [`compile`] runs them in order and stops after the first stage that reports an error.
//! Every stage reports problems as [`diagnostics::Diagnostic`]s (stable codes, labelled
//! [`source::Span`]s), rendered with the source line shown.
//!
//! [`package`] is the package system around [`compile`]: `Move.toml`, dependencies, named
//! addresses, and the Aptos CLI's `build/` layout (`lumio move build`).

pub mod codegen;
pub mod diagnostics;
pub mod expansion;
pub mod inlining;
pub mod model;
pub mod package;
pub mod parser;
pub mod source;
pub mod tast;
pub mod typing;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use lumio_move_core_types::account_address::AccountAddress;

pub use codegen::{CompiledUnit, UnitKind};
use diagnostics::Diagnostic;
pub use parser::parse_file;
use source::{FileId, SourceFiles};

/// The bytecode version emitted by default (what Aptos CLIs of 2024/25 emit).
pub const DEFAULT_BYTECODE_VERSION: u32 = 7;

/// One package of a compilation: its name and its source files (already in the
/// [`SourceFiles`] passed to [`compile`]). Packages are given dependencies first.
#[derive(Clone, Debug)]
pub struct PackageInput {
    /// The package name (`MoveStdlib`, ...).
    pub name: String,
    /// Its `.move` files.
    pub files: Vec<FileId>,
}

/// What to compile and how.
#[derive(Clone, Debug)]
pub struct CompileOptions {
    /// Values of named addresses (`std = 0x1`), for every package of the compilation.
    pub named_addresses: BTreeMap<String, AccountAddress>,
    /// Compile `#[test]` and `#[test_only]` members (for `lumio move test`).
    pub test_mode: bool,
    /// The bytecode version to emit (6 or 7).
    pub bytecode_version: u32,
}

impl Default for CompileOptions {
    fn default() -> Self {
        Self {
            named_addresses: BTreeMap::new(),
            test_mode: false,
            bytecode_version: DEFAULT_BYTECODE_VERSION,
        }
    }
}

/// What a compilation produced.
#[derive(Debug, Default)]
pub struct CompileOutput {
    /// Every diagnostic, errors and warnings, in stage order.
    pub diagnostics: Vec<Diagnostic>,
    /// The program as typed and inlined (`None` when a stage before code generation failed).
    pub program: Option<model::Program>,
    /// The compiled modules and scripts (empty when there is an error).
    pub units: Vec<CompiledUnit>,
    /// Time spent in each stage that ran, in pipeline order.
    pub timings: Vec<(&'static str, Duration)>,
}

impl CompileOutput {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Resolves the storage operations that inline functions made on their type parameters
/// ([`tast::PENDING_STRUCT`]) now that inlining has substituted the types: the resource must be
/// a struct with `key` of the module the code ended up in.
pub fn resolve_pending_globals(program: &mut model::Program) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let decls: Vec<Vec<(String, lumio_move_core_types::ability::AbilitySet)>> = program
        .modules
        .iter()
        .map(|m| {
            m.structs
                .iter()
                .map(|s| (s.name.clone(), s.abilities))
                .collect()
        })
        .collect();
    let ids: Vec<String> = program.modules.iter().map(|m| m.id.to_string()).collect();
    // Functions that now borrow or move from a resource (they must list it in `acquires`).
    let mut acquired: Vec<(model::FunId, model::StructId)> = Vec::new();
    let mut bodies: Vec<(Option<model::FunId>, &mut tast::FunBody)> = Vec::new();
    for (mi, m) in program.modules.iter_mut().enumerate() {
        for (fi, f) in m.functions.iter_mut().enumerate() {
            if f.kind == model::FunKind::Regular
                && let Some(b) = &mut f.body
            {
                let id = model::FunId {
                    module: model::ModuleIdx(mi as u32),
                    index: fi as u32,
                };
                bodies.push((Some(id), b));
            }
        }
    }
    for s in &mut program.scripts {
        if let Some(b) = &mut s.function.body {
            bodies.push((None, b));
        }
    }
    for (fun, body) in bodies {
        let module = fun.map(|f| f.module);
        tast::visit_mut(&mut body.exp, &mut |e| {
            let span = e.span;
            let tast::ExpKind::Global(op, id, targs, _) = &mut e.kind else {
                return;
            };
            if *id != tast::PENDING_STRUCT {
                return;
            }
            match targs.first().cloned() {
                Some(model::Type::Struct(s, args)) => {
                    let (name, abilities) = &decls[s.module.0 as usize][s.index as usize];
                    if Some(s.module) != module {
                        diags.push(Diagnostic::error(
                            diagnostics::Code::Visibility,
                            format!(
                                "`{}::{name}` can only be used in global storage operations of its own module",
                                ids[s.module.0 as usize]
                            ),
                            span,
                            "storage operation expanded here from an inline function",
                        ));
                    } else if !abilities.has_key() {
                        diags.push(Diagnostic::error(
                            diagnostics::Code::MissingAbility,
                            format!("`{name}` does not have `key`"),
                            span,
                            "storage operation expanded here from an inline function",
                        ));
                    }
                    *id = s;
                    *targs = args;
                    if let Some(f) = fun
                        && matches!(op, tast::GlobalOp::MoveFrom | tast::GlobalOp::Borrow(_))
                    {
                        acquired.push((f, s));
                    }
                }
                _ => diags.push(Diagnostic::error(
                    diagnostics::Code::InvalidOperation,
                    "a storage operation needs a struct type, found a type parameter",
                    span,
                    "not a struct after inlining",
                )),
            }
        });
    }
    if !acquired.is_empty() {
        add_acquires(program, acquired);
    }
    diags
}

/// Adds resources to functions' `acquires`, then to every function of the same module that
/// calls one of them (transitively), as the bytecode verifier requires.
fn add_acquires(program: &mut model::Program, added: Vec<(model::FunId, model::StructId)>) {
    for (f, s) in added {
        let decl = &mut program.modules[f.module.0 as usize].functions[f.index as usize];
        if !decl.acquires.contains(&s) {
            decl.acquires.push(s);
        }
    }
    // Same-module callees of every function, collected once.
    let mut edges: Vec<(usize, usize, model::FunId)> = Vec::new();
    for (mi, m) in program.modules.iter().enumerate() {
        for (fi, f) in m.functions.iter().enumerate() {
            if let Some(body) = &f.body {
                tast::visit(&body.exp, &mut |e| {
                    if let tast::ExpKind::Call(c, ..) = &e.kind
                        && c.module.0 as usize == mi
                    {
                        edges.push((mi, fi, *c));
                    }
                });
            }
        }
    }
    loop {
        let mut changed = false;
        for &(mi, fi, callee) in &edges {
            let functions = &mut program.modules[mi].functions;
            let add: Vec<model::StructId> = functions[callee.index as usize]
                .acquires
                .iter()
                .filter(|s| s.module.0 as usize == mi && !functions[fi].acquires.contains(s))
                .copied()
                .collect();
            changed |= !add.is_empty();
            functions[fi].acquires.extend(add);
        }
        if !changed {
            break;
        }
    }
}

/// Compiles `sources` (name, text) as one package on top of our MoveStdlib, the one bundled
/// into the compiler (`std = 0x1` is added to the named addresses): for tools, benchmarks and
/// tests that compile Move text without a `Move.toml`. Returns the files the diagnostics point
/// into (the stdlib's are named `<bundled>/move-stdlib/sources/..`).
pub fn compile_with_stdlib(
    sources: &[(&str, &str)],
    options: &CompileOptions,
) -> (SourceFiles, CompileOutput) {
    let mut files = SourceFiles::new();
    let std_ids = package::Bundle::builtin()
        .files_under("move-stdlib/sources")
        .filter(|(path, _)| path.ends_with(".move"))
        .map(|(path, text)| files.add(format!("<bundled>/{path}"), text))
        .collect();
    let ids = sources.iter().map(|(n, t)| files.add(*n, *t)).collect();
    let packages = [
        PackageInput {
            name: "MoveStdlib".into(),
            files: std_ids,
        },
        PackageInput {
            name: "Main".into(),
            files: ids,
        },
    ];
    let mut options = options.clone();
    options
        .named_addresses
        .entry("std".to_string())
        .or_insert(AccountAddress::ONE);
    let out = compile(&files, &packages, &options);
    (files, out)
}

/// Copies each module constant's doc comment into the program (error descriptions).
fn attach_constant_docs(
    program: &mut model::Program,
    scopes: &expansion::Scopes,
    parsed: &[expansion::ParsedFile],
    files: &SourceFiles,
) {
    for (mi, scope) in scopes.modules.iter().enumerate() {
        let Some(m) = scope.loc.module(parsed) else {
            continue;
        };
        for (ci, &member) in scope.const_members.iter().enumerate() {
            let Some(parser::ast::ModuleMember::Constant(c)) = m.members.get(member) else {
                continue;
            };
            if let Some(decl) = program
                .modules
                .get_mut(mi)
                .and_then(|m| m.constants.get_mut(ci))
            {
                decl.doc = doc_text(files, &c.doc);
            }
        }
    }
}

/// The text of doc comments: `///` lines and `/** */` blocks without their markers (and a
/// block's leading `*`s), each line trimmed, lines joined with `\n`.
fn doc_text(files: &SourceFiles, spans: &[source::Span]) -> String {
    let mut lines = Vec::new();
    for span in spans {
        let Some(text) = files
            .get(span.file)
            .and_then(|f| f.text().get(span.range()))
        else {
            continue;
        };
        if let Some(line) = text.strip_prefix("///") {
            lines.push(line.trim().to_string());
        } else if let Some(block) = text.strip_prefix("/**") {
            let block = block.strip_suffix("*/").unwrap_or(block);
            for line in block.lines() {
                let line = line.trim();
                let line = line.strip_prefix('*').unwrap_or(line).trim();
                if !line.is_empty() || !lines.is_empty() {
                    lines.push(line.to_string());
                }
            }
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Compiles `packages` (dependencies first) from `files`.
pub fn compile(
    files: &SourceFiles,
    packages: &[PackageInput],
    options: &CompileOptions,
) -> CompileOutput {
    let mut out = CompileOutput::default();
    let mut clock = Instant::now();
    let mut lap = |out: &mut CompileOutput, stage: &'static str| {
        let now = Instant::now();
        out.timings.push((stage, now - clock));
        clock = now;
    };
    let mut parsed = Vec::new();
    for (index, package) in packages.iter().enumerate() {
        for &file in &package.files {
            let text = files.get(file).map(|f| f.text()).unwrap_or("");
            let (ast, diagnostics) = parse_file(text, file);
            out.diagnostics.extend(diagnostics);
            if let Some(ast) = ast {
                parsed.push(expansion::ParsedFile {
                    package: index as u32,
                    ast,
                });
            }
        }
    }
    lap(&mut out, "parse");
    if out.has_errors() {
        return out;
    }
    let (mut program, scopes, diagnostics) = expansion::expand(&parsed, options);
    out.diagnostics.extend(diagnostics);
    attach_constant_docs(&mut program, &scopes, &parsed, files);
    lap(&mut out, "expansion");
    if out.has_errors() {
        return out;
    }
    out.diagnostics
        .extend(typing::check(&mut program, &parsed, &scopes, options));
    lap(&mut out, "typing");
    if out.has_errors() {
        return out;
    }
    out.diagnostics.extend(inlining::inline(&mut program));
    if !out.has_errors() {
        out.diagnostics
            .extend(resolve_pending_globals(&mut program));
    }
    lap(&mut out, "inlining");
    if out.has_errors() {
        return out;
    }
    let (units, diagnostics) = codegen::generate(&program, options);
    out.diagnostics.extend(diagnostics);
    lap(&mut out, "codegen");
    out.program = Some(program);
    if !out.has_errors() {
        out.units = units;
    }
    out
}
