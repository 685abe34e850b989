//! Stage 5, code generation: typed, inlined function bodies → `CompiledModule`s and
//! `CompiledScript`s, verified by our bytecode verifier, with a source map.
//!
//! One concern per file:
//!
//! - [`context`]: the unit's pools and handles (interning, program types → signature tokens);
//! - [`module`]: module and script assembly (structs, function definitions, friends, what is
//!   compiled at all);
//! - [`function`]: instruction selection for a body, into basic blocks with symbolic labels;
//! - [`flow`]: liveness (copy or move), reference release, availability checks (use after
//!   move, values without `drop` left behind), layout and the source map;
//! - [`metadata`]: `compilation_metadata` and `aptos::metadata_v1`;
//! - [`verify`]: the bytecode verifier on every unit, rejections as diagnostics.
//!
//! Output is deterministic: everything is created in program order; hash maps are lookups.

mod context;
mod flow;
mod function;
mod metadata;
mod module;
#[cfg(test)]
mod tests;
mod verify;

use lumio_move_binary_format::file_format::{CompiledModule, CompiledScript};

use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{ModuleId, Program};
use crate::source::Span;

/// A compiled module or script.
#[derive(Clone, Debug)]
pub enum UnitKind {
    /// A module.
    Module(CompiledModule),
    /// A script.
    Script(CompiledScript),
}

/// Where each instruction of each function came from.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// The span of the module or script.
    pub span: Option<Span>,
    /// Per function definition (in definition order): its name and one span per instruction.
    pub functions: Vec<FunctionSourceMap>,
}

/// The source map of one function.
#[derive(Clone, Debug, Default)]
pub struct FunctionSourceMap {
    /// The function's name.
    pub name: String,
    /// The span of the declaration.
    pub span: Option<Span>,
    /// `code[offset]` is the span of the expression the instruction at `offset` comes from.
    pub code: Vec<Span>,
}

/// One output of the compilation.
#[derive(Clone, Debug)]
pub struct CompiledUnit {
    /// The package (index into the compilation's input packages).
    pub package: u32,
    /// The module's id (`None` for a script).
    pub module_id: Option<ModuleId>,
    /// The module name, or the script function's name.
    pub name: String,
    /// The bytecode.
    pub kind: UnitKind,
    /// The source map.
    pub source_map: SourceMap,
}

/// Generates bytecode for every module and script of `program` that has a body to compile.
pub fn generate(
    program: &Program,
    options: &CompileOptions,
) -> (Vec<CompiledUnit>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let version = options.bytecode_version;
    if !(6..=7).contains(&version) {
        diags.push(Diagnostic::error(
            Code::LimitExceeded,
            format!("bytecode version {version} is not supported (6 or 7)"),
            Span::default(),
            "",
        ));
        return (Vec::new(), diags);
    }
    let friends = module::package_friends(program, options);
    let mut units = Vec::new();
    for (i, m) in program.modules.iter().enumerate() {
        if !module::module_is_compiled(m, options) {
            continue;
        }
        let idx = crate::model::ModuleIdx(i as u32);
        if let Some(u) = module::compile_module(program, idx, &friends, options, &mut diags) {
            units.push(u);
        }
    }
    for i in 0..program.scripts.len() {
        if let Some(u) = module::compile_script(program, i, options, &mut diags) {
            units.push(u);
        }
    }
    if !diags.iter().any(Diagnostic::is_error) {
        verify::verify_units(&units, version, &mut diags);
    }
    (units, diags)
}
