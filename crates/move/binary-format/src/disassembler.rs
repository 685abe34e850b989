//! Readable text of a module or script: header (version, self id), imports, friends, structs
//! and enums with abilities and fields, functions with visibility/entry/native flags, locals and
//! numbered bytecode with resolved names, decoded constants and metadata.
//!
//! Output is for humans and golden tests; it is not a parseable assembly language.

use std::fmt::Write as _;

use crate::{
    access::BinaryIndexedView,
    display::{Qualify, constant_string, struct_name, type_string},
    file_format::*,
    metadata,
};

/// Disassembles a module.
pub fn disassemble_module(m: &CompiledModule) -> String {
    let view = BinaryIndexedView::Module(m);
    let q = Qualify::ExceptSelf(Some(m.self_module_handle_idx));
    let mut out = String::new();
    let id = m
        .self_id()
        .map_or_else(|_| "<invalid self handle>".to_string(), |id| id.to_string());
    let _ = writeln!(out, "// Move bytecode v{}", m.version);
    let _ = writeln!(out, "module {id} {{");
    for (i, h) in m.module_handles.iter().enumerate() {
        if i != m.self_module_handle_idx.into_index()
            && let Ok(dep) = m.module_id_for_handle(h)
        {
            let _ = writeln!(out, "    use {dep};");
        }
    }
    for h in &m.friend_decls {
        if let Ok(f) = m.module_id_for_handle(h) {
            let _ = writeln!(out, "    friend {f};");
        }
    }
    let md = metadata::get_metadata_v1(&m.metadata).and_then(Result::ok);
    for (i, def) in m.struct_defs.iter().enumerate() {
        out.push('\n');
        write_struct(&mut out, m, view, q, i, def, md.as_ref());
    }
    for (i, def) in m.function_defs.iter().enumerate() {
        out.push('\n');
        write_function(&mut out, m, view, q, i, def, md.as_ref());
    }
    write_constants(&mut out, &m.constant_pool);
    write_metadata(&mut out, &m.metadata);
    out.push_str("}\n");
    out
}

/// Disassembles a script.
pub fn disassemble_script(s: &CompiledScript) -> String {
    let view = BinaryIndexedView::Script(s);
    let q = Qualify::ExceptSelf(None);
    let mut out = String::new();
    let _ = writeln!(out, "// Move bytecode v{}", s.version);
    let _ = writeln!(out, "script {{");
    for h in &s.module_handles {
        if let Ok(dep) = s.module_id_for_handle(h) {
            let _ = writeln!(out, "    use {dep};");
        }
    }
    out.push('\n');
    let params = s
        .signature_at(s.parameters)
        .map(|p| p.0.clone())
        .unwrap_or_default();
    let _ = write!(
        out,
        "    entry fun main{}(",
        type_params(&s.type_parameters)
    );
    write_params(&mut out, view, q, &params);
    out.push_str(") {\n");
    write_code(&mut out, view, q, &params, &s.code);
    out.push_str("    }\n");
    write_constants(&mut out, &s.constant_pool);
    write_metadata(&mut out, &s.metadata);
    out.push_str("}\n");
    out
}

fn abilities_suffix(a: AbilitySet) -> String {
    if a.is_empty() {
        String::new()
    } else {
        format!(" has {a}")
    }
}

fn type_params(tps: &[AbilitySet]) -> String {
    if tps.is_empty() {
        return String::new();
    }
    let parts: Vec<_> = tps
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if c.is_empty() {
                format!("T{i}")
            } else {
                format!(
                    "T{i}: {}",
                    c.iter().map(|a| a.name()).collect::<Vec<_>>().join(" + ")
                )
            }
        })
        .collect();
    format!("<{}>", parts.join(", "))
}

fn write_fields(
    out: &mut String,
    view: BinaryIndexedView<'_>,
    q: Qualify,
    fields: &[FieldDefinition],
    indent: &str,
) {
    for f in fields {
        let name = view.identifier_at(f.name).unwrap_or("<?>");
        let _ = writeln!(
            out,
            "{indent}{name}: {},",
            type_string(view, &f.signature.0, q)
        );
    }
}

fn write_struct(
    out: &mut String,
    m: &CompiledModule,
    view: BinaryIndexedView<'_>,
    q: Qualify,
    idx: usize,
    def: &StructDefinition,
    md: Option<&metadata::RuntimeModuleMetadataV1>,
) {
    let Ok(h) = m.struct_handle_at(def.struct_handle) else {
        let _ = writeln!(out, "    // struct #{idx}: invalid handle");
        return;
    };
    let name = m.identifier_at(h.name).unwrap_or("<?>");
    if let Some(attrs) = md
        .filter(|_| metadata::attributes_apply(m))
        .and_then(|md| md.struct_attributes.get(name))
    {
        for a in attrs {
            let _ = writeln!(out, "    #[{}]", a.describe());
        }
    }
    let tps: Vec<_> = h
        .type_parameters
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut s = if p.is_phantom {
                format!("phantom T{i}")
            } else {
                format!("T{i}")
            };
            if !p.constraints.is_empty() {
                s.push_str(&format!(
                    ": {}",
                    p.constraints
                        .iter()
                        .map(|a| a.name())
                        .collect::<Vec<_>>()
                        .join(" + ")
                ));
            }
            s
        })
        .collect();
    let tps = if tps.is_empty() {
        String::new()
    } else {
        format!("<{}>", tps.join(", "))
    };
    let ab = abilities_suffix(h.abilities);
    match &def.field_information {
        StructFieldInformation::Native => {
            let _ = writeln!(out, "    native struct {name}{tps}{ab};");
        }
        StructFieldInformation::Declared(fields) => {
            let _ = writeln!(out, "    struct {name}{tps}{ab} {{");
            write_fields(out, view, q, fields, "        ");
            let _ = writeln!(out, "    }}");
        }
        StructFieldInformation::DeclaredVariants(variants) => {
            let _ = writeln!(out, "    enum {name}{tps}{ab} {{");
            for v in variants {
                let vname = view.identifier_at(v.name).unwrap_or("<?>");
                if v.fields.is_empty() {
                    let _ = writeln!(out, "        {vname},");
                } else {
                    let _ = writeln!(out, "        {vname} {{");
                    write_fields(out, view, q, &v.fields, "            ");
                    let _ = writeln!(out, "        }},");
                }
            }
            let _ = writeln!(out, "    }}");
        }
    }
}

fn write_params(
    out: &mut String,
    view: BinaryIndexedView<'_>,
    q: Qualify,
    params: &[SignatureToken],
) {
    let parts: Vec<_> = params
        .iter()
        .enumerate()
        .map(|(i, t)| format!("arg{i}: {}", type_string(view, t, q)))
        .collect();
    out.push_str(&parts.join(", "));
}

fn write_function(
    out: &mut String,
    m: &CompiledModule,
    view: BinaryIndexedView<'_>,
    q: Qualify,
    idx: usize,
    def: &FunctionDefinition,
    md: Option<&metadata::RuntimeModuleMetadataV1>,
) {
    let Ok(h) = m.function_handle_at(def.function) else {
        let _ = writeln!(out, "    // function #{idx}: invalid handle");
        return;
    };
    let name = m.identifier_at(h.name).unwrap_or("<?>");
    if let Some(attrs) = md
        .filter(|_| metadata::attributes_apply(m))
        .and_then(|md| md.fun_attributes.get(name))
    {
        for a in attrs {
            let _ = writeln!(out, "    #[{}]", a.describe());
        }
    }
    for a in &h.attributes {
        let _ = writeln!(out, "    #[bytecode_attribute({a:?})]");
    }
    let mut prefix = String::new();
    if def.is_native() {
        prefix.push_str("native ");
    }
    match def.visibility {
        Visibility::Public => prefix.push_str("public "),
        Visibility::Friend => prefix.push_str("public(friend) "),
        Visibility::Private => {}
    }
    if def.is_entry {
        prefix.push_str("entry ");
    }
    let params = m
        .signature_at(h.parameters)
        .map(|p| p.0.clone())
        .unwrap_or_default();
    let rets = m
        .signature_at(h.return_)
        .map(|p| p.0.clone())
        .unwrap_or_default();
    let _ = write!(
        out,
        "    {prefix}fun {name}{}(",
        type_params(&h.type_parameters)
    );
    write_params(out, view, q, &params);
    out.push(')');
    match rets.as_slice() {
        [] => {}
        [one] => {
            let _ = write!(out, ": {}", type_string(view, one, q));
        }
        many => {
            let r: Vec<_> = many.iter().map(|t| type_string(view, t, q)).collect();
            let _ = write!(out, ": ({})", r.join(", "));
        }
    }
    if !def.acquires_global_resources.is_empty() {
        let names: Vec<_> = def
            .acquires_global_resources
            .iter()
            .map(|s| {
                m.struct_def_at(*s)
                    .map_or_else(|_| "<?>".into(), |d| struct_name(view, d.struct_handle, q))
            })
            .collect();
        let _ = write!(out, " acquires {}", names.join(", "));
    }
    match &def.code {
        None => out.push_str(";\n"),
        Some(code) => {
            out.push_str(" {\n");
            write_code(out, view, q, &params, code);
            out.push_str("    }\n");
        }
    }
}

fn write_code(
    out: &mut String,
    view: BinaryIndexedView<'_>,
    q: Qualify,
    params: &[SignatureToken],
    code: &CodeUnit,
) {
    let locals = view
        .signature_at(code.locals)
        .map(|s| s.0.clone())
        .unwrap_or_default();
    for (i, t) in locals.iter().enumerate() {
        let _ = writeln!(
            out,
            "        local{}: {}",
            params.len() + i,
            type_string(view, t, q)
        );
    }
    let local_name = |l: LocalIndex| {
        let i = usize::from(l);
        if i < params.len() {
            format!("arg{i}")
        } else {
            format!("local{i}")
        }
    };
    for (pc, instr) in code.code.iter().enumerate() {
        let _ = writeln!(
            out,
            "        {pc:>4}: {}",
            instruction_string(view, q, instr, &local_name)
        );
    }
}

fn type_args(view: BinaryIndexedView<'_>, q: Qualify, sig: SignatureIndex) -> String {
    match view.signature_at(sig) {
        Ok(s) => format!(
            "<{}>",
            s.0.iter()
                .map(|t| type_string(view, t, q))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Err(_) => "<?>".into(),
    }
}

fn function_name(view: BinaryIndexedView<'_>, fh: FunctionHandleIndex) -> String {
    let Ok(h) = view.function_handle_at(fh) else {
        return format!("<function #{fh}?>");
    };
    let name = view.identifier_at(h.name).unwrap_or("<?>");
    let module = view
        .module_handle_at(h.module)
        .ok()
        .and_then(|mh| view.identifier_at(mh.name).ok())
        .unwrap_or("<?>");
    format!("{module}::{name}")
}

fn struct_def_name(view: BinaryIndexedView<'_>, q: Qualify, sd: StructDefinitionIndex) -> String {
    view.struct_def_at(sd).map_or_else(
        |_| format!("<struct def #{sd}?>"),
        |d| struct_name(view, d.struct_handle, q),
    )
}

fn field_string(
    view: BinaryIndexedView<'_>,
    q: Qualify,
    owner: StructDefinitionIndex,
    field: MemberCount,
    variant: Option<VariantIndex>,
) -> String {
    let Ok(def) = view.struct_def_at(owner) else {
        return "<?>".into();
    };
    let fields = match variant {
        Some(v) => def.fields_of_variant(v),
        None => def.fields(),
    };
    let fname = fields
        .and_then(|f| f.get(usize::from(field)))
        .map_or("<?>", |f| view.identifier_at(f.name).unwrap_or("<?>"));
    format!("{}.{fname}", struct_name(view, def.struct_handle, q))
}

fn variant_string(view: BinaryIndexedView<'_>, q: Qualify, h: StructVariantHandleIndex) -> String {
    let Some(m) = view.module() else {
        return "<?>".into();
    };
    let Ok(vh) = m.struct_variant_handle_at(h) else {
        return "<?>".into();
    };
    let Ok(def) = m.struct_def_at(vh.struct_index) else {
        return "<?>".into();
    };
    let vname = def
        .variants()
        .get(usize::from(vh.variant))
        .map_or("<?>", |v| m.identifier_at(v.name).unwrap_or("<?>"));
    format!("{}::{vname}", struct_name(view, def.struct_handle, q))
}

fn instruction_string(
    view: BinaryIndexedView<'_>,
    q: Qualify,
    instr: &Bytecode,
    local_name: &dyn Fn(LocalIndex) -> String,
) -> String {
    use Bytecode as B;
    let m = view.module();
    match instr {
        B::CopyLoc(l) | B::MoveLoc(l) | B::StLoc(l) | B::MutBorrowLoc(l) | B::ImmBorrowLoc(l) => {
            let op = format!("{instr:?}");
            let op = op.split('(').next().unwrap_or("");
            format!("{op}[{l}]({})", local_name(*l))
        }
        B::LdConst(c) => match view.constant_at(*c) {
            Ok(k) => format!(
                "LdConst[{c}]({}: {})",
                type_string(view, &k.type_, q),
                constant_string(k)
            ),
            Err(_) => format!("LdConst[{c}](<?>)"),
        },
        B::Call(f) => format!("Call[{f}]({})", function_name(view, *f)),
        B::CallGeneric(fi) | B::PackClosureGeneric(fi, _) => {
            let (name, args) = view.function_instantiation_at(*fi).map_or_else(
                |_| ("<?>".into(), String::new()),
                |inst| {
                    (
                        function_name(view, inst.handle),
                        type_args(view, q, inst.type_parameters),
                    )
                },
            );
            match instr {
                B::PackClosureGeneric(_, mask) => {
                    format!("PackClosureGeneric[{fi}]({name}{args}, mask {mask})")
                }
                _ => format!("CallGeneric[{fi}]({name}{args})"),
            }
        }
        B::PackClosure(f, mask) => {
            format!("PackClosure[{f}]({}, mask {mask})", function_name(view, *f))
        }
        B::Pack(s)
        | B::Unpack(s)
        | B::Exists(s)
        | B::MutBorrowGlobal(s)
        | B::ImmBorrowGlobal(s)
        | B::MoveFrom(s)
        | B::MoveTo(s) => {
            let op = format!("{instr:?}");
            let op = op.split('(').next().unwrap_or("");
            format!("{op}[{s}]({})", struct_def_name(view, q, *s))
        }
        B::PackGeneric(si)
        | B::UnpackGeneric(si)
        | B::ExistsGeneric(si)
        | B::MutBorrowGlobalGeneric(si)
        | B::ImmBorrowGlobalGeneric(si)
        | B::MoveFromGeneric(si)
        | B::MoveToGeneric(si) => {
            let op = format!("{instr:?}");
            let op = op.split('(').next().unwrap_or("");
            let text = m
                .and_then(|m| m.struct_instantiation_at(*si).ok())
                .map_or_else(
                    || "<?>".into(),
                    |inst| {
                        format!(
                            "{}{}",
                            struct_def_name(view, q, inst.def),
                            type_args(view, q, inst.type_parameters)
                        )
                    },
                );
            format!("{op}[{si}]({text})")
        }
        B::MutBorrowField(fh) | B::ImmBorrowField(fh) => {
            let op = if matches!(instr, B::MutBorrowField(_)) {
                "MutBorrowField"
            } else {
                "ImmBorrowField"
            };
            let text = m.and_then(|m| m.field_handle_at(*fh).ok()).map_or_else(
                || "<?>".into(),
                |h| field_string(view, q, h.owner, h.field, None),
            );
            format!("{op}[{fh}]({text})")
        }
        B::MutBorrowFieldGeneric(fi) | B::ImmBorrowFieldGeneric(fi) => {
            let op = if matches!(instr, B::MutBorrowFieldGeneric(_)) {
                "MutBorrowFieldGeneric"
            } else {
                "ImmBorrowFieldGeneric"
            };
            let text = m
                .and_then(|m| {
                    let inst = m.field_instantiation_at(*fi).ok()?;
                    let h = m.field_handle_at(inst.handle).ok()?;
                    Some(format!(
                        "{}{}",
                        field_string(view, q, h.owner, h.field, None),
                        type_args(view, q, inst.type_parameters)
                    ))
                })
                .unwrap_or_else(|| "<?>".into());
            format!("{op}[{fi}]({text})")
        }
        B::ImmBorrowVariantField(vh) | B::MutBorrowVariantField(vh) => {
            let text = m
                .and_then(|m| m.variant_field_handle_at(*vh).ok())
                .map_or_else(
                    || "<?>".into(),
                    |h| {
                        field_string(
                            view,
                            q,
                            h.struct_index,
                            h.field,
                            h.variants.first().copied(),
                        )
                    },
                );
            let op = format!("{instr:?}");
            format!("{}[{vh}]({text})", op.split('(').next().unwrap_or(""))
        }
        B::PackVariant(h) | B::UnpackVariant(h) | B::TestVariant(h) => {
            let op = format!("{instr:?}");
            format!(
                "{}[{h}]({})",
                op.split('(').next().unwrap_or(""),
                variant_string(view, q, *h)
            )
        }
        B::PackVariantGeneric(i) | B::UnpackVariantGeneric(i) | B::TestVariantGeneric(i) => {
            let op = format!("{instr:?}");
            let text = m
                .and_then(|m| m.struct_variant_instantiation_at(*i).ok())
                .map_or_else(
                    || "<?>".into(),
                    |inst| {
                        format!(
                            "{}{}",
                            variant_string(view, q, inst.handle),
                            type_args(view, q, inst.type_parameters)
                        )
                    },
                );
            format!("{}[{i}]({text})", op.split('(').next().unwrap_or(""))
        }
        B::VecPack(s, n) | B::VecUnpack(s, n) => {
            let op = if matches!(instr, B::VecPack(..)) {
                "VecPack"
            } else {
                "VecUnpack"
            };
            format!("{op}({}, {n})", type_args(view, q, *s))
        }
        B::VecLen(s)
        | B::VecImmBorrow(s)
        | B::VecMutBorrow(s)
        | B::VecPushBack(s)
        | B::VecPopBack(s)
        | B::VecSwap(s)
        | B::CallClosure(s) => {
            let op = format!("{instr:?}");
            format!(
                "{}({})",
                op.split('(').next().unwrap_or(""),
                type_args(view, q, *s)
            )
        }
        other => format!("{other:?}"),
    }
}

fn write_constants(out: &mut String, pool: &[Constant]) {
    if pool.is_empty() {
        return;
    }
    out.push_str("\n    // constants\n");
    for (i, c) in pool.iter().enumerate() {
        let _ = writeln!(out, "    // [{i}] {}", constant_string(c));
    }
}

fn write_metadata(out: &mut String, md: &[Metadata]) {
    if md.is_empty() {
        return;
    }
    out.push_str("\n    // metadata\n");
    for entry in md {
        let key = String::from_utf8_lossy(&entry.key);
        if entry.key == metadata::APTOS_METADATA_KEY_V1 || entry.key == metadata::APTOS_METADATA_KEY
        {
            match metadata::get_metadata_v1(std::slice::from_ref(entry)) {
                Some(Ok(v1)) => {
                    let _ = writeln!(out, "    // {key}:");
                    for (code, d) in &v1.error_map {
                        let _ = writeln!(
                            out,
                            "    //   error {code}: {} {:?}",
                            d.code_name, d.code_description
                        );
                    }
                    for (name, attrs) in &v1.struct_attributes {
                        let a: Vec<_> = attrs
                            .iter()
                            .map(metadata::KnownAttribute::describe)
                            .collect();
                        let _ = writeln!(out, "    //   struct {name}: {}", a.join(", "));
                    }
                    for (name, attrs) in &v1.fun_attributes {
                        let a: Vec<_> = attrs
                            .iter()
                            .map(metadata::KnownAttribute::describe)
                            .collect();
                        let _ = writeln!(out, "    //   fun {name}: {}", a.join(", "));
                    }
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "    // {key}: <undecodable {} bytes>",
                        entry.value.len()
                    );
                }
            }
        } else if entry.key == metadata::COMPILATION_METADATA_KEY {
            match metadata::get_compilation_metadata(std::slice::from_ref(entry)) {
                Some(Ok(cm)) => {
                    let _ = writeln!(
                        out,
                        "    // {key}: compiler {}, language {}{}",
                        cm.compiler_version,
                        cm.language_version,
                        if cm.unstable { ", unstable" } else { "" }
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "    // {key}: <undecodable {} bytes>",
                        entry.value.len()
                    );
                }
            }
        } else {
            let _ = writeln!(out, "    // {key}: 0x{}", hex::encode(&entry.value));
        }
    }
}
