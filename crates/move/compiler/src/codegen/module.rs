//! Module and script assembly: self handle, struct handles and definitions, function handles
//! and definitions (bodies through [`super::function`] and [`super::flow`]), friends,
//! metadata; which declarations are compiled at all.

use std::collections::{BTreeMap, BTreeSet};

use lumio_move_binary_format::builder::{ModuleBuilder, ScriptBuilder};
use lumio_move_binary_format::file_format::{
    AbilitySet, CodeUnit, FieldDefinition, FunctionDefinition, ModuleHandle, SignatureToken,
    StructDefinition, StructDefinitionIndex, StructFieldInformation, StructTypeParameter,
    TypeSignature, VariantDefinition, Visibility as FfVisibility,
};

use super::context::{Context, GenError, GenResult, UnitBuilder, bug};
use super::flow;
use super::function::FunGen;
use super::metadata;
use super::{CompiledUnit, FunctionSourceMap, SourceMap, UnitKind};
use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{
    FieldDecl, FunDecl, FunId, FunKind, Module, ModuleIdx, Program, StructId, StructLayout,
    Visibility,
};
use crate::source::Span;
use crate::tast::{Exp, ExpKind};

/// Whether a function becomes bytecode.
pub(crate) fn fun_is_compiled(f: &FunDecl, options: &CompileOptions) -> bool {
    f.kind != FunKind::Inline
        && (options.test_mode || (!f.attrs.test_only && f.attrs.test.is_none()))
}

/// Whether a module becomes bytecode.
pub(crate) fn module_is_compiled(m: &Module, options: &CompileOptions) -> bool {
    options.test_mode || !m.test_only
}

/// Turns a context error into a diagnostic at `span`.
pub(crate) fn gen_error(e: GenError, span: Span) -> Diagnostic {
    match e {
        GenError::Bug(msg) => Diagnostic::error(
            Code::VerifierRejection,
            format!("compiler bug in code generation: {msg}"),
            span,
            "while compiling this",
        ),
        GenError::Limit(msg) => Diagnostic::error(Code::LimitExceeded, msg, span, ""),
        GenError::Unsupported(msg) => Diagnostic::error(
            Code::InvalidOperation,
            msg,
            span,
            "not supported by code generation yet",
        ),
    }
}

/// For every module, the modules of its package that call its `package` functions: they
/// become friends (Aptos compiles `package` visibility to friend visibility this way).
pub(crate) fn package_friends(
    program: &Program,
    options: &CompileOptions,
) -> BTreeMap<ModuleIdx, BTreeSet<ModuleIdx>> {
    let mut out: BTreeMap<ModuleIdx, BTreeSet<ModuleIdx>> = BTreeMap::new();
    // Only packages that declare package functions need their bodies walked.
    let packages: BTreeSet<u32> = program
        .modules
        .iter()
        .filter(|m| {
            m.functions
                .iter()
                .any(|f| f.visibility == Visibility::Package)
        })
        .map(|m| m.package)
        .collect();
    if packages.is_empty() {
        return out;
    }
    for (i, m) in program.modules.iter().enumerate() {
        if !module_is_compiled(m, options) || !packages.contains(&m.package) {
            continue;
        }
        let caller = ModuleIdx(i as u32);
        for f in &m.functions {
            if !fun_is_compiled(f, options) {
                continue;
            }
            let Some(body) = &f.body else { continue };
            visit_calls(&body.exp, &mut |callee: FunId| {
                if callee.module == caller {
                    return;
                }
                let Some(owner) = program.modules.get(callee.module.0 as usize) else {
                    return;
                };
                let Some(decl) = owner.functions.get(callee.index as usize) else {
                    return;
                };
                if decl.visibility == Visibility::Package
                    && owner.package == m.package
                    && owner.id.address == m.id.address
                {
                    out.entry(callee.module).or_default().insert(caller);
                }
            });
        }
    }
    out
}

fn visit_calls(e: &Exp, f: &mut dyn FnMut(FunId)) {
    crate::tast::visit(e, &mut |x| {
        if let ExpKind::Call(id, ..) = &x.kind {
            f(*id);
        }
    });
}

/// Compiles module `idx`. Returns `None` when an error was reported.
pub(crate) fn compile_module(
    program: &Program,
    idx: ModuleIdx,
    friends: &BTreeMap<ModuleIdx, BTreeSet<ModuleIdx>>,
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<CompiledUnit> {
    let m = program.module(idx);
    let version = options.bytecode_version;
    let builder = ModuleBuilder::new(m.id.address, &m.id.name).with_version(version);
    let mut ctx = Context::new(program, Some(idx), UnitBuilder::Module(builder), version);
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    metadata::add_compilation_metadata(&mut ctx.unit);

    // Struct handles first (field types may name structs declared later), then definitions.
    let structs: Vec<u32> = (0..m.structs.len() as u32)
        .filter(|&i| options.test_mode || !m.structs[i as usize].test_only)
        .collect();
    let me = match ctx.unit.module() {
        Ok(b) => b.self_handle(),
        Err(e) => {
            diags.push(gen_error(e, m.span));
            return None;
        }
    };
    for (def, &i) in structs.iter().enumerate() {
        let s = &m.structs[i as usize];
        let tps = s
            .type_params
            .iter()
            .map(|tp| StructTypeParameter {
                constraints: tp.constraints,
                is_phantom: tp.phantom,
            })
            .collect();
        let id = StructId {
            module: idx,
            index: i,
        };
        let h = match ctx.unit.module() {
            Ok(b) => b.import_struct(me, &s.name, s.abilities, tps),
            Err(e) => {
                diags.push(gen_error(e, s.span));
                return None;
            }
        };
        ctx.set_struct_handle(id, h);
        ctx.struct_defs
            .insert(id, StructDefinitionIndex(def as u16));
    }
    for &i in &structs {
        let s = &m.structs[i as usize];
        match struct_def(
            &mut ctx,
            StructId {
                module: idx,
                index: i,
            },
            &s.layout,
        ) {
            Ok(d) => match ctx.unit.module() {
                Ok(b) => b.module_mut().struct_defs.push(d),
                Err(e) => diags.push(gen_error(e, s.span)),
            },
            Err(e) => diags.push(gen_error(e, s.span)),
        }
    }

    // Function handles and definitions (bodies filled in below).
    let funs: Vec<u32> = (0..m.functions.len() as u32)
        .filter(|&i| fun_is_compiled(&m.functions[i as usize], options))
        .collect();
    for &i in &funs {
        let f = &m.functions[i as usize];
        let r = (|| -> GenResult<()> {
            let params: Vec<_> = f.params.iter().map(|(_, t)| t.clone()).collect();
            let params = ctx.sigs(&params)?;
            let returns = ctx.sigs(&f.returns)?;
            let tps = f.type_params.iter().map(|tp| tp.constraints).collect();
            let h = ctx.unit.function_handle(me, &f.name, params, returns, tps);
            ctx.set_fun_handle(
                FunId {
                    module: idx,
                    index: i,
                },
                h,
            );
            let mut acquires = Vec::new();
            for s in &f.acquires {
                let d = ctx.struct_def(*s)?;
                if !acquires.contains(&d) {
                    acquires.push(d);
                }
            }
            let visibility = match f.visibility {
                Visibility::Private => FfVisibility::Private,
                Visibility::Public => FfVisibility::Public,
                Visibility::Friend | Visibility::Package => FfVisibility::Friend,
            };
            ctx.unit
                .module()?
                .module_mut()
                .function_defs
                .push(FunctionDefinition {
                    function: h,
                    visibility,
                    is_entry: f.is_entry,
                    acquires_global_resources: acquires,
                    code: None,
                });
            Ok(())
        })();
        if let Err(e) = r {
            diags.push(gen_error(e, f.span));
            return None;
        }
    }
    let mut fun_maps = Vec::new();
    for (def, &i) in funs.iter().enumerate() {
        let f = &m.functions[i as usize];
        let mut map = FunctionSourceMap {
            name: f.name.clone(),
            span: Some(f.span),
            code: Vec::new(),
        };
        if f.kind == FunKind::Regular
            && let Some((code, spans)) = function_body(&mut ctx, f, diags)
        {
            map.code = spans;
            if let Ok(b) = ctx.unit.module() {
                b.module_mut().function_defs[def].code = Some(code);
            }
        }
        fun_maps.push(map);
    }

    // Friends: declared ones, then the package callers.
    let mut friend_ids = Vec::new();
    for (fid, _) in &m.friends {
        if !friend_ids.contains(fid) {
            friend_ids.push(fid.clone());
        }
    }
    if let Some(callers) = friends.get(&idx) {
        for c in callers {
            let cid = &program.module(*c).id;
            if !friend_ids.contains(cid) {
                friend_ids.push(cid.clone());
            }
        }
    }
    for fid in friend_ids {
        let address = ctx.unit.address(fid.address);
        if let UnitBuilder::Module(b) = &mut ctx.unit {
            let name = b.identifier(&fid.name);
            b.module_mut()
                .friend_decls
                .push(ModuleHandle { address, name });
        }
    }

    metadata::add_runtime_metadata(&mut ctx, program, m, options);

    for (what, n) in ctx.unit.pool_sizes() {
        if n > usize::from(u16::MAX) + 1 {
            diags.push(Diagnostic::error(
                Code::LimitExceeded,
                format!(
                    "module `{}` needs {n} {what}; the bytecode allows 65536",
                    m.id
                ),
                m.name_span,
                "",
            ));
        }
    }
    if diags.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    let UnitBuilder::Module(b) = ctx.unit else {
        return None;
    };
    Some(CompiledUnit {
        package: m.package,
        module_id: Some(m.id.clone()),
        name: m.id.name.clone(),
        kind: UnitKind::Module(b.build()),
        source_map: SourceMap {
            span: Some(m.span),
            functions: fun_maps,
        },
    })
}

/// The bytecode name of a field: positional fields (`0`, `1`, ..., not identifiers) become
/// `_0`, `_1`, ...
fn field_name(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        std::borrow::Cow::Owned(format!("_{name}"))
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

fn fields(ctx: &mut Context<'_>, fs: &[FieldDecl]) -> GenResult<Vec<FieldDefinition>> {
    fs.iter()
        .map(|f| {
            let signature = TypeSignature(ctx.sig(&f.ty)?);
            let name = match &mut ctx.unit {
                UnitBuilder::Module(b) => b.identifier(&field_name(&f.name)),
                UnitBuilder::Script(_) => return bug("field in a script"),
            };
            Ok(FieldDefinition { name, signature })
        })
        .collect()
}

fn struct_def(
    ctx: &mut Context<'_>,
    id: StructId,
    layout: &StructLayout,
) -> GenResult<StructDefinition> {
    let field_information = match layout {
        StructLayout::Native => StructFieldInformation::Native,
        StructLayout::Fields(fs) if fs.is_empty() => {
            let name = ctx.unit.module()?.identifier("dummy_field");
            StructFieldInformation::Declared(vec![FieldDefinition {
                name,
                signature: TypeSignature(SignatureToken::Bool),
            }])
        }
        StructLayout::Fields(fs) => StructFieldInformation::Declared(fields(ctx, fs)?),
        StructLayout::Variants(vs) => {
            if ctx.version < 7 {
                return Err(GenError::Limit(format!(
                    "enums need bytecode version 7 (compiling for version {})",
                    ctx.version
                )));
            }
            let mut out = Vec::new();
            for v in vs {
                let fields = fields(ctx, &v.fields)?;
                let name = ctx.unit.module()?.identifier(&v.name);
                out.push(VariantDefinition { name, fields });
            }
            StructFieldInformation::DeclaredVariants(out)
        }
    };
    let struct_handle = ctx.struct_handle(id)?;
    Ok(StructDefinition {
        struct_handle,
        field_information,
    })
}

/// Compiles one body; `None` when an error was reported.
fn function_body(
    ctx: &mut Context<'_>,
    f: &FunDecl,
    diags: &mut Vec<Diagnostic>,
) -> Option<(CodeUnit, Vec<Span>)> {
    let Some(body) = &f.body else {
        diags.push(gen_error(
            GenError::Bug(format!("function `{}` has no typed body", f.name)),
            f.span,
        ));
        return None;
    };
    let tparams: Vec<AbilitySet> = f.type_params.iter().map(|t| t.constraints).collect();
    let mut g = match FunGen::new(ctx, tparams, body, f.params.len()) {
        Ok(g) => g,
        Err(e) => {
            diags.push(gen_error(e, f.span));
            return None;
        }
    };
    let r = g.exp(&body.exp);
    if let Err(e) = r {
        let span = g.err_span.unwrap_or(f.span);
        diags.push(gen_error(e, span));
        return None;
    }
    let end = Span {
        start: body.exp.span.end.saturating_sub(1),
        ..body.exp.span
    };
    g.terminate(flow::Term::Ret, end);
    let FunGen {
        blocks,
        order,
        locals,
        local_sigs,
        ..
    } = g;
    let finished = match flow::finish(blocks, &order, &locals, f.params.len(), diags) {
        Ok(x) => x,
        Err(e) => {
            diags.push(gen_error(e, f.span));
            return None;
        }
    };
    let non_params: Vec<SignatureToken> = local_sigs[f.params.len()..].to_vec();
    let locals_sig = ctx.unit.signature(non_params);
    Some((
        CodeUnit {
            locals: locals_sig,
            code: finished.code,
        },
        finished.spans,
    ))
}

/// Compiles script `index` of the program.
pub(crate) fn compile_script(
    program: &Program,
    index: usize,
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<CompiledUnit> {
    let s = &program.scripts[index];
    let f = &s.function;
    let version = options.bytecode_version;
    let builder = ScriptBuilder::new().with_version(version);
    let mut ctx = Context::new(program, None, UnitBuilder::Script(builder), version);
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    metadata::add_compilation_metadata(&mut ctx.unit);
    let params: Vec<_> = f.params.iter().map(|(_, t)| t.clone()).collect();
    let params = match ctx.sigs(&params) {
        Ok(p) => p,
        Err(e) => {
            diags.push(gen_error(e, f.span));
            return None;
        }
    };
    let mut map = FunctionSourceMap {
        name: f.name.clone(),
        span: Some(f.span),
        code: Vec::new(),
    };
    let body = function_body(&mut ctx, f, diags);
    for (what, n) in ctx.unit.pool_sizes() {
        if n > usize::from(u16::MAX) + 1 {
            diags.push(Diagnostic::error(
                Code::LimitExceeded,
                format!(
                    "script `{}` needs {n} {what}; the bytecode allows 65536",
                    f.name
                ),
                f.name_span,
                "",
            ));
        }
    }
    let (code, spans) = body?;
    if diags.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    map.code = spans;
    let UnitBuilder::Script(mut b) = ctx.unit else {
        return None;
    };
    let parameters = b.signature(params);
    let tps = f.type_params.iter().map(|t| t.constraints).collect();
    let unit = b.script_mut();
    unit.parameters = parameters;
    unit.type_parameters = tps;
    unit.code = code;
    Some(CompiledUnit {
        package: s.package,
        module_id: None,
        name: f.name.clone(),
        kind: UnitKind::Script(b.build()),
        source_map: SourceMap {
            span: Some(s.span),
            functions: vec![map],
        },
    })
}
