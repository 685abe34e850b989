//! Declarations: struct layouts, function signatures and constant types resolved against the
//! scopes, then checked (field abilities, type-argument constraints, duplicates).

use std::collections::BTreeMap;

use lumio_move_core_types::ability::{Ability, AbilitySet};

use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::expansion::scope::{ModuleScope, Scopes, chain_text};
use crate::expansion::{ParsedFile, attributes, has_attribute, resolve_address};
use crate::model::{
    ConstDecl, FieldDecl, FunDecl, FunKind, Module, ModuleId, Program, StructDecl, StructLayout,
    StructTypeParam, Type, TypeParamDecl, VariantDecl, Visibility,
};
use crate::parser::ast;
use crate::source::Span;

/// A module with its identity and nothing else yet.
pub(super) fn module_shell(id: ModuleId, package: u32, m: &ast::Module) -> Module {
    Module {
        id,
        package,
        span: m.span,
        name_span: m.name.span,
        test_only: has_attribute(&m.attributes, "test_only"),
        friends: Vec::new(),
        structs: Vec::new(),
        functions: Vec::new(),
        constants: Vec::new(),
    }
}

/// The ability set of written abilities.
pub(crate) fn ability_set(abilities: &[ast::Ability]) -> AbilitySet {
    abilities.iter().fold(AbilitySet::EMPTY, |set, a| {
        set.add(match a.kind {
            ast::AbilityKind::Copy => Ability::Copy,
            ast::AbilityKind::Drop => Ability::Drop,
            ast::AbilityKind::Store => Ability::Store,
            ast::AbilityKind::Key => Ability::Key,
        })
    })
}

/// Resolves types written in a module: builtin types, type parameters (by name, in order),
/// structs in scope.
pub(crate) struct TypeResolver<'a> {
    /// All scopes.
    pub scopes: &'a Scopes,
    /// The scope names are resolved in.
    pub scope: &'a ModuleScope,
    /// Type parameters in scope.
    pub type_params: &'a [String],
    /// Options (named addresses).
    pub options: &'a CompileOptions,
    /// The program (for struct arities; may lack bodies).
    pub program: &'a Program,
}

impl TypeResolver<'_> {
    /// Resolves `ty`, reporting problems into `diags` (and returning [`Type::Error`]).
    pub(crate) fn resolve(&self, ty: &ast::Type, diags: &mut Vec<Diagnostic>) -> Type {
        match &ty.kind {
            ast::TypeKind::Unit => Type::unit(),
            ast::TypeKind::Tuple(ts) => {
                Type::Tuple(ts.iter().map(|t| self.resolve(t, diags)).collect())
            }
            ast::TypeKind::Ref { mutable, inner } => {
                Type::Ref(*mutable, Box::new(self.resolve(inner, diags)))
            }
            ast::TypeKind::Fun {
                params,
                result,
                abilities,
            } => Type::Fun(
                params.iter().map(|t| self.resolve(t, diags)).collect(),
                Box::new(self.resolve(result, diags)),
                ability_set(abilities),
            ),
            ast::TypeKind::Apply(chain, args) => self.apply(chain, args, ty.span, diags),
        }
    }

    fn apply(
        &self,
        chain: &ast::NameAccessChain,
        args: &[ast::Type],
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Type {
        if let Some(name) = chain.as_single() {
            if let Some(i) = self.type_params.iter().position(|p| *p == name.value) {
                if !args.is_empty() {
                    diags.push(arity(span, "type parameter", 0, args.len()));
                }
                return Type::Param(i as u16);
            }
            let builtin = match name.value.as_str() {
                "bool" => Some(Type::Bool),
                "u8" => Some(Type::U8),
                "u16" => Some(Type::U16),
                "u32" => Some(Type::U32),
                "u64" => Some(Type::U64),
                "u128" => Some(Type::U128),
                "u256" => Some(Type::U256),
                "address" => Some(Type::Address),
                "signer" => Some(Type::Signer),
                _ => None,
            };
            if let Some(t) = builtin {
                if !args.is_empty() {
                    diags.push(arity(span, &name.value, 0, args.len()));
                }
                return t;
            }
            if name.value == "vector" && self.scopes.single_struct(self.scope, "vector").is_none() {
                if args.len() != 1 {
                    diags.push(arity(span, "vector", 1, args.len()));
                    return Type::Error;
                }
                let elem = self.resolve(&args[0], diags);
                check_type_argument(&elem, args[0].span, diags);
                return Type::Vector(Box::new(elem));
            }
        }
        let id = match self.scopes.resolve_struct(self.scope, chain, self.options) {
            Ok(id) => id,
            Err(d) => {
                diags.push(d);
                return Type::Error;
            }
        };
        let args: Vec<Type> = args
            .iter()
            .map(|t| {
                let r = self.resolve(t, diags);
                check_type_argument(&r, t.span, diags);
                r
            })
            .collect();
        let expected = self.struct_arity(id);
        if let Some(expected) = expected
            && expected != args.len()
        {
            diags.push(arity(span, &chain_text(chain), expected, args.len()));
            return Type::Error;
        }
        Type::Struct(id, args)
    }

    fn struct_arity(&self, id: crate::model::StructId) -> Option<usize> {
        let m = self.program.modules.get(id.module.0 as usize)?;
        if let Some(decl) = m.structs.get(id.index as usize) {
            return Some(decl.type_params.len());
        }
        // Declarations not built yet: count from the AST scope.
        None
    }
}

/// A type argument is a value type: no reference, tuple or function type.
pub(crate) fn check_type_argument(ty: &Type, span: Span, diags: &mut Vec<Diagnostic>) {
    if matches!(ty, Type::Ref(..) | Type::Tuple(_) | Type::Fun(..)) {
        diags.push(Diagnostic::error(
            Code::InvalidDeclaration,
            "a type argument cannot be a reference, a tuple or a function type",
            span,
            "invalid type argument",
        ));
    }
}

fn arity(span: Span, what: &str, expected: usize, got: usize) -> Diagnostic {
    Diagnostic::error(
        Code::ArityMismatch,
        format!("`{what}` takes {expected} type argument(s), {got} given"),
        span,
        "wrong number of type arguments",
    )
}

/// Resolves every declaration of the program.
pub(super) fn resolve_all(
    program: &mut Program,
    scopes: &Scopes,
    files: &[ParsedFile],
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) {
    // Struct type parameters first (their count is needed to resolve struct types).
    for (mi, scope) in scopes.modules.iter().enumerate() {
        let Some(m) = scope.loc.module(files) else {
            continue;
        };
        for &member in &scope.struct_members {
            let ast::ModuleMember::Struct(s) = &m.members[member] else {
                continue;
            };
            attributes::check_known(&s.attributes, diags);
            let type_params = s
                .type_parameters
                .iter()
                .map(|p| StructTypeParam {
                    name: p.name.value.clone(),
                    phantom: p.is_phantom,
                    constraints: ability_set(&p.constraints),
                })
                .collect();
            check_unique(
                s.type_parameters.iter().map(|p| &p.name),
                "type parameter",
                diags,
            );
            program.modules[mi].structs.push(StructDecl {
                name: s.name.value.clone(),
                span: s.span,
                abilities: ability_set(&s.abilities),
                type_params,
                layout: StructLayout::Native,
                is_event: has_attribute(&s.attributes, "event"),
                resource_group: None,
                resource_group_member: None,
                test_only: has_attribute(&s.attributes, "test_only"),
            });
        }
    }
    // Layouts, signatures, constants, friends.
    for (mi, scope) in scopes.modules.iter().enumerate() {
        let Some(m) = scope.loc.module(files) else {
            continue;
        };
        let mut friends = Vec::new();
        for member in &m.members {
            if let ast::ModuleMember::Friend(f) = member {
                if !crate::expansion::is_compiled(&f.attributes, options) {
                    continue;
                }
                match friend_module(scopes, scope, &f.friend, options) {
                    Ok(id) => {
                        let me = &program.modules[mi].id;
                        let problem = if id == *me {
                            Some("a module cannot be its own friend")
                        } else if id.address != me.address {
                            Some("a friend must be a module at the same address")
                        } else if scopes.module_idx(&id).is_none()
                            && !has_attribute(&f.attributes, "test_only")
                        {
                            // `#[test_only] friend`s may name test modules a dependent package
                            // does not compile; any other friend must exist.
                            Some("no such module in this package or its dependencies")
                        } else {
                            None
                        };
                        match problem {
                            Some(msg) => diags.push(Diagnostic::error(
                                Code::InvalidDeclaration,
                                format!("invalid friend `{id}`: {msg}"),
                                f.span,
                                msg,
                            )),
                            None => friends.push((id, f.span)),
                        }
                    }
                    Err(d) => diags.push(d),
                }
            }
        }
        let mut structs = Vec::new();
        for (si, &member) in scope.struct_members.iter().enumerate() {
            let ast::ModuleMember::Struct(s) = &m.members[member] else {
                continue;
            };
            let names: Vec<String> = s
                .type_parameters
                .iter()
                .map(|p| p.name.value.clone())
                .collect();
            let r = TypeResolver {
                scopes,
                scope,
                type_params: &names,
                options,
                program,
            };
            let layout = match &s.layout {
                ast::StructLayout::Native(_) => StructLayout::Native,
                ast::StructLayout::Fields { fields, .. } => {
                    StructLayout::Fields(fields_of(&r, fields, diags))
                }
                ast::StructLayout::Variants(vs) => {
                    check_unique(vs.iter().map(|v| &v.name), "variant", diags);
                    if vs.is_empty() {
                        diags.push(Diagnostic::error(
                            Code::InvalidDeclaration,
                            format!("enum `{}` has no variants", s.name.value),
                            s.name.span,
                            "an enum needs at least one variant",
                        ));
                    }
                    StructLayout::Variants(
                        vs.iter()
                            .map(|v| VariantDecl {
                                name: v.name.value.clone(),
                                span: v.span,
                                fields: fields_of(&r, &v.fields, diags),
                            })
                            .collect(),
                    )
                }
            };
            let mut group = None;
            let mut member_of = None;
            for a in s.attributes.iter().flat_map(|g| &g.attributes) {
                match (a.name().value.as_str(), &a.kind) {
                    ("resource_group", ast::AttributeKind::Parameterized(_, inner)) => {
                        for i in inner {
                            if let ast::AttributeKind::Assigned(n, ast::AttributeValue::Name(v)) =
                                &i.kind
                                && n.value == "scope"
                            {
                                group = Some(chain_text(v));
                            }
                        }
                        if group.is_none() {
                            diags.push(Diagnostic::error(
                                Code::InvalidAttribute,
                                "`resource_group` needs `scope = global | address | module_`",
                                a.span,
                                "no scope",
                            ));
                        }
                    }
                    ("resource_group_member", ast::AttributeKind::Parameterized(_, inner)) => {
                        for i in inner {
                            if let ast::AttributeKind::Assigned(n, ast::AttributeValue::Name(v)) =
                                &i.kind
                                && n.value == "group"
                            {
                                match scopes.resolve_struct(scope, v, options) {
                                    Ok(id) => member_of = Some(id),
                                    Err(d) => diags.push(d),
                                }
                            }
                        }
                        if member_of.is_none() {
                            diags.push(Diagnostic::error(
                                Code::InvalidAttribute,
                                "`resource_group_member` needs `group = address::module::Group`",
                                a.span,
                                "no group",
                            ));
                        }
                    }
                    _ => {}
                }
            }
            structs.push((si, layout, group, member_of));
        }
        for (si, layout, group, member_of) in structs {
            let decl = &mut program.modules[mi].structs[si];
            decl.layout = layout;
            decl.resource_group = group;
            decl.resource_group_member = member_of;
        }
        program.modules[mi].friends = friends;
        let mut functions = Vec::new();
        for &member in &scope.fun_members {
            let ast::ModuleMember::Function(f) = &m.members[member] else {
                continue;
            };
            functions.push(fun_decl(scopes, scope, program, f, options, diags));
        }
        let mut constants = Vec::new();
        for &member in &scope.const_members {
            let ast::ModuleMember::Constant(c) = &m.members[member] else {
                continue;
            };
            constants.push(const_decl(scopes, scope, program, c, options, diags));
        }
        program.modules[mi].functions = functions;
        program.modules[mi].constants = constants;
    }
    // Scripts.
    for scope in &scopes.scripts {
        let Some(s) = scope.loc.script(files) else {
            continue;
        };
        let constants = s
            .constants
            .iter()
            .map(|c| const_decl(scopes, scope, program, c, options, diags))
            .collect();
        let function = fun_decl(scopes, scope, program, &s.function, options, diags);
        program.scripts.push(crate::model::Script {
            package: scope.package,
            span: s.span,
            constants,
            function,
        });
    }
    check_program(program, diags);
}

fn friend_module(
    scopes: &Scopes,
    scope: &ModuleScope,
    chain: &ast::NameAccessChain,
    options: &CompileOptions,
) -> Result<ModuleId, Diagnostic> {
    let unbound = || {
        Diagnostic::error(
            Code::UnboundName,
            format!("unbound module `{}`", chain_text(chain)),
            chain.span,
            "expected `address::module` or a module alias",
        )
    };
    match (&chain.root, chain.path.as_slice()) {
        (_, [module]) => Ok(ModuleId {
            address: resolve_address(&chain.root, options)?,
            name: module.value.clone(),
        }),
        (ast::LeadingName::Name(n), []) => scope
            .module_aliases
            .get(&n.value)
            .map(|(id, _)| id.clone())
            .filter(|id| scopes.module_idx(id).is_some())
            .ok_or_else(unbound),
        _ => Err(unbound()),
    }
}

fn fields_of(
    r: &TypeResolver<'_>,
    fields: &[ast::FieldDecl],
    diags: &mut Vec<Diagnostic>,
) -> Vec<FieldDecl> {
    check_unique(fields.iter().map(|f| &f.name), "field", diags);
    fields
        .iter()
        .map(|f| {
            let ty = r.resolve(&f.ty, diags);
            if matches!(ty, Type::Ref(..) | Type::Tuple(_) | Type::Fun(..)) {
                diags.push(Diagnostic::error(
                    Code::InvalidDeclaration,
                    "a field cannot be a reference, a tuple or a function",
                    f.ty.span,
                    "invalid field type",
                ));
            }
            FieldDecl {
                name: f.name.value.clone(),
                span: f.name.span,
                ty,
            }
        })
        .collect()
}

fn check_unique<'a>(
    names: impl Iterator<Item = &'a ast::Name>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for n in names {
        if let Some(first) = seen.insert(&n.value, n.span) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateDeclaration,
                    format!("duplicate {what} `{}`", n.value),
                    n.span,
                    "declared again here",
                )
                .with_secondary(first, "first declared here"),
            );
        }
    }
}

fn fun_decl(
    scopes: &Scopes,
    scope: &ModuleScope,
    program: &Program,
    f: &ast::Function,
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> FunDecl {
    let sig = &f.signature;
    check_unique(
        sig.type_parameters.iter().map(|p| &p.name),
        "type parameter",
        diags,
    );
    check_unique(sig.parameters.iter().map(|(n, _)| n), "parameter", diags);
    let names: Vec<String> = sig
        .type_parameters
        .iter()
        .map(|p| p.name.value.clone())
        .collect();
    let r = TypeResolver {
        scopes,
        scope,
        type_params: &names,
        options,
        program,
    };
    let params = sig
        .parameters
        .iter()
        .map(|(n, t)| (n.value.clone(), r.resolve(t, diags)))
        .collect();
    let returns = match r.resolve(&sig.return_type, diags) {
        Type::Tuple(ts) => ts,
        t => vec![t],
    };
    let mut acquires = Vec::new();
    for a in f.access_specifiers.iter().flatten() {
        if a.kind != ast::AccessKind::Acquires || a.negated {
            continue;
        }
        match scopes.resolve_struct(scope, &a.resource, options) {
            Ok(id) if Some(id.module) != scope.module => diags.push(Diagnostic::error(
                Code::Acquires,
                format!(
                    "`acquires {}` names a struct of another module",
                    chain_text(&a.resource)
                ),
                a.span,
                "a function can only acquire resources of its own module",
            )),
            Ok(id) => {
                if !acquires.contains(&id) {
                    acquires.push(id);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    let kind = if matches!(f.body, ast::FunctionBody::Native(_)) {
        FunKind::Native
    } else if f.inline {
        FunKind::Inline
    } else {
        FunKind::Regular
    };
    FunDecl {
        name: f.name.value.clone(),
        span: f.span,
        name_span: f.name.span,
        visibility: match f.visibility {
            ast::Visibility::Internal => Visibility::Private,
            ast::Visibility::Public(_) => Visibility::Public,
            ast::Visibility::Friend(_) => Visibility::Friend,
            ast::Visibility::Package(_) => Visibility::Package,
        },
        is_entry: f.entry.is_some(),
        kind,
        type_params: sig
            .type_parameters
            .iter()
            .map(|p| TypeParamDecl {
                name: p.name.value.clone(),
                constraints: ability_set(&p.constraints),
            })
            .collect(),
        params,
        returns,
        acquires,
        attrs: test_attrs_checked(f, attributes::fun_attrs(f, options, diags), diags),
        body: None,
    }
}

/// `#[test]` functions: no type parameters, every parameter a signer the attribute names;
/// `#[expected_failure]` only with `#[test]`.
fn test_attrs_checked(
    f: &ast::Function,
    attrs: crate::model::FunAttrs,
    diags: &mut Vec<Diagnostic>,
) -> crate::model::FunAttrs {
    if has_attribute(&f.attributes, "expected_failure") && attrs.test.is_none() {
        diags.push(Diagnostic::error(
            Code::InvalidAttribute,
            "`#[expected_failure]` is only allowed on a `#[test]` function",
            f.name.span,
            "add `#[test]`",
        ));
    }
    if let Some(signers) = &attrs.test {
        if !f.signature.type_parameters.is_empty() {
            diags.push(Diagnostic::error(
                Code::InvalidAttribute,
                "a `#[test]` function cannot be generic",
                f.name.span,
                "remove the type parameters",
            ));
        }
        for (name, _) in &f.signature.parameters {
            if !signers.iter().any(|(n, _)| *n == name.value) {
                diags.push(Diagnostic::error(
                    Code::InvalidAttribute,
                    format!(
                        "test parameter `{}` has no value in `#[test(..)]`",
                        name.value
                    ),
                    name.span,
                    format!("write `#[test({} = @0x..)]`", name.value),
                ));
            }
        }
        for (name, _) in signers {
            if !f.signature.parameters.iter().any(|(n, _)| n.value == *name) {
                // Aptos accepts (and ignores) such assignments; the framework has some.
                diags.push(Diagnostic::warning(
                    Code::InvalidAttribute,
                    format!(
                        "`#[test({name} = ..)]` names no parameter of `{}`",
                        f.name.value
                    ),
                    f.name.span,
                    "no such parameter",
                ));
            }
        }
    }
    attrs
}

fn const_decl(
    scopes: &Scopes,
    scope: &ModuleScope,
    program: &Program,
    c: &ast::Constant,
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> ConstDecl {
    let r = TypeResolver {
        scopes,
        scope,
        type_params: &[],
        options,
        program,
    };
    let ty = r.resolve(&c.ty, diags);
    ConstDecl {
        name: c.name.value.clone(),
        span: c.span,
        ty,
        value: None,
        doc: String::new(),
    }
}

/// Ability rules of fields and constraints of type arguments in every declaration; no struct
/// contains itself.
fn check_program(program: &Program, diags: &mut Vec<Diagnostic>) {
    for mi in 0..program.modules.len() {
        check_recursive_structs(program, mi, diags);
    }
    for m in &program.modules {
        for s in &m.structs {
            // Fields must have what the struct's abilities require; type parameters are
            // assumed to have everything (the struct's abilities are conditional on them).
            let params = vec![AbilitySet::ALL; s.type_params.len()];
            let fields: Vec<&FieldDecl> = match &s.layout {
                StructLayout::Native => Vec::new(),
                StructLayout::Fields(fs) => fs.iter().collect(),
                StructLayout::Variants(vs) => vs.iter().flat_map(|v| &v.fields).collect(),
            };
            for f in fields {
                let have = program.abilities(&f.ty, &params);
                for a in s.abilities.iter() {
                    if !have.has_ability(a.requires()) {
                        diags.push(Diagnostic::error(
                            Code::MissingAbility,
                            format!(
                                "field `{}` of `{}` lacks `{}`, which `{}` has",
                                f.name,
                                s.name,
                                a.requires().name(),
                                a.name()
                            ),
                            f.span,
                            format!("needs `{}`", a.requires().name()),
                        ));
                    }
                }
                let constraints: Vec<AbilitySet> =
                    s.type_params.iter().map(|p| p.constraints).collect();
                check_constraints(program, &f.ty, &constraints, f.span, diags);
            }
        }
        for f in &m.functions {
            let constraints: Vec<AbilitySet> =
                f.type_params.iter().map(|p| p.constraints).collect();
            for (_, t) in &f.params {
                check_constraints(program, t, &constraints, f.name_span, diags);
            }
            for t in &f.returns {
                check_constraints(program, t, &constraints, f.name_span, diags);
            }
        }
    }
}

/// Structs of module `mi` that contain themselves (through fields, vectors or type arguments
/// of other structs of the module).
fn check_recursive_structs(program: &Program, mi: usize, diags: &mut Vec<Diagnostic>) {
    fn mentions(ty: &Type, mi: usize, out: &mut Vec<u32>) {
        match ty {
            Type::Struct(id, args) => {
                if id.module.0 as usize == mi {
                    out.push(id.index);
                }
                args.iter().for_each(|a| mentions(a, mi, out));
            }
            Type::Vector(t) | Type::Ref(_, t) => mentions(t, mi, out),
            _ => {}
        }
    }
    let m = &program.modules[mi];
    let edges: Vec<Vec<u32>> = m
        .structs
        .iter()
        .map(|s| {
            let mut out = Vec::new();
            let fields: Vec<&FieldDecl> = match &s.layout {
                StructLayout::Native => Vec::new(),
                StructLayout::Fields(fs) => fs.iter().collect(),
                StructLayout::Variants(vs) => vs.iter().flat_map(|v| &v.fields).collect(),
            };
            for f in fields {
                mentions(&f.ty, mi, &mut out);
            }
            out
        })
        .collect();
    for (start, s) in m.structs.iter().enumerate() {
        // Is `start` reachable from itself?
        let mut seen = vec![false; edges.len()];
        let mut stack: Vec<u32> = edges[start].clone();
        while let Some(n) = stack.pop() {
            let n = n as usize;
            if n == start {
                diags.push(Diagnostic::error(
                    Code::InvalidDeclaration,
                    format!("struct `{}` contains itself", s.name),
                    s.span,
                    "recursive struct (a value of it would be infinitely large)",
                ));
                break;
            }
            if n < seen.len() && !seen[n] {
                seen[n] = true;
                stack.extend_from_slice(&edges[n]);
            }
        }
    }
}

/// Checks that every struct instantiation inside `ty` satisfies its type parameters'
/// constraints, `params` being the abilities of the type parameters in scope.
pub(crate) fn check_constraints(
    program: &Program,
    ty: &Type,
    params: &[AbilitySet],
    span: Span,
    diags: &mut Vec<Diagnostic>,
) {
    match ty {
        Type::Vector(t) | Type::Ref(_, t) => check_constraints(program, t, params, span, diags),
        Type::Tuple(ts) => ts
            .iter()
            .for_each(|t| check_constraints(program, t, params, span, diags)),
        Type::Fun(ps, r, _) => {
            ps.iter()
                .for_each(|t| check_constraints(program, t, params, span, diags));
            check_constraints(program, r, params, span, diags);
        }
        Type::Struct(id, args) => {
            let decl = program.struct_decl(*id);
            for (arg, tp) in args.iter().zip(&decl.type_params) {
                check_constraints(program, arg, params, span, diags);
                let have = program.abilities(arg, params);
                if !tp.constraints.is_subset(have) {
                    let missing: Vec<&str> = tp
                        .constraints
                        .iter()
                        .filter(|a| !have.has_ability(*a))
                        .map(|a| a.name())
                        .collect();
                    diags.push(Diagnostic::error(
                        Code::MissingAbility,
                        format!(
                            "type argument of `{}` lacks `{}` required by its parameter `{}`",
                            decl.name,
                            missing.join(" + "),
                            tp.name
                        ),
                        span,
                        "constraint not satisfied",
                    ));
                }
            }
        }
        _ => {}
    }
}
