//! Name scopes: what a module's (or script's) names refer to — `use` aliases and its own
//! members — and the resolution of written names ([`ast::NameAccessChain`]) against them.

use std::collections::{BTreeMap, BTreeSet};

use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::expansion::{AstLoc, is_compiled, resolve_address};
use crate::model::{ConstId, FunId, ModuleId, ModuleIdx, StructId};
use crate::parser::ast;
use crate::source::Span;

/// The scopes of a program.
#[derive(Clone, Debug, Default)]
pub struct Scopes {
    /// Every module of the program by id.
    pub module_index: BTreeMap<ModuleId, ModuleIdx>,
    /// One per module, by [`ModuleIdx`].
    pub modules: Vec<ModuleScope>,
    /// One per script, in [`crate::model::Program::scripts`] order.
    pub scripts: Vec<ModuleScope>,
}

/// What a module or script sees.
#[derive(Clone, Debug)]
pub struct ModuleScope {
    /// The module (`None` for a script).
    pub module: Option<ModuleIdx>,
    /// The package.
    pub package: u32,
    /// Where its AST is.
    pub loc: AstLoc,
    /// `use a::m [as n]`, `use a::m::{Self [as n]}`: alias → module.
    pub module_aliases: BTreeMap<String, (ModuleId, Span)>,
    /// `use a::m::x [as y]`: alias → (module, member name).
    pub member_aliases: BTreeMap<String, (ModuleId, String, Span)>,
    /// Member aliases declared by a `use` at the start of an enclosing block: they shadow the
    /// module's own members of the same name (an inner scope wins).
    pub block_aliases: BTreeSet<String>,
    /// Own structs by name (index into the module's `structs`).
    pub structs: BTreeMap<String, u32>,
    /// Own functions by name.
    pub funs: BTreeMap<String, u32>,
    /// Own constants by name.
    pub consts: BTreeMap<String, u32>,
    /// The AST member index of each struct, in model order.
    pub struct_members: Vec<usize>,
    /// The AST member index of each function, in model order.
    pub fun_members: Vec<usize>,
    /// The AST member index of each constant, in model order.
    pub const_members: Vec<usize>,
}

/// A written name split at its module.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// A single identifier (a local, an own member, an alias, a builtin).
    Single(&'a ast::Name),
    /// A member of a module: `m::x`, `a::m::x`, `Self::x`, with what follows (`E::V`).
    Member {
        /// The module.
        module: ModuleIdx,
        /// The member name.
        name: &'a ast::Name,
        /// Names after the member (`V` in `m::E::V`).
        rest: &'a [ast::Name],
    },
    /// `E::V` where `E` is not a module alias: a type member (variant of an enum named `E` in
    /// scope).
    TypeMember {
        /// `E`
        ty: &'a ast::Name,
        /// What follows.
        rest: &'a [ast::Name],
    },
}

impl ModuleScope {
    fn new(module: Option<ModuleIdx>, package: u32, loc: AstLoc) -> Self {
        Self {
            module,
            package,
            loc,
            module_aliases: BTreeMap::new(),
            member_aliases: BTreeMap::new(),
            block_aliases: BTreeSet::new(),
            structs: BTreeMap::new(),
            funs: BTreeMap::new(),
            consts: BTreeMap::new(),
            struct_members: Vec::new(),
            fun_members: Vec::new(),
            const_members: Vec::new(),
        }
    }

    /// Adds the aliases of a block's `use`s: its member aliases shadow own members.
    pub fn add_block_uses(
        &mut self,
        uses: &[ast::UseDecl],
        options: &CompileOptions,
        diags: &mut Vec<Diagnostic>,
    ) {
        let before = self.member_aliases.clone();
        self.add_uses(uses, options, diags);
        for (name, alias) in &self.member_aliases {
            if before.get(name) != Some(alias) {
                self.block_aliases.insert(name.clone());
            }
        }
    }

    /// Adds the aliases of `uses` (module level; a block's go through [`Self::add_block_uses`]).
    pub fn add_uses(
        &mut self,
        uses: &[ast::UseDecl],
        options: &CompileOptions,
        diags: &mut Vec<Diagnostic>,
    ) {
        for u in uses {
            if !is_compiled(&u.attributes, options) {
                continue;
            }
            match &u.kind {
                ast::UseKind::Module { module, alias } => {
                    let Some(id) = module_ident(module, options, diags) else {
                        continue;
                    };
                    let alias = alias.as_ref().unwrap_or(&module.module);
                    self.module_aliases
                        .insert(alias.value.clone(), (id, alias.span));
                }
                ast::UseKind::Members { module, members } => {
                    let Some(id) = module_ident(module, options, diags) else {
                        continue;
                    };
                    for (name, alias) in members {
                        if name.value == "Self" {
                            let alias = alias.as_ref().unwrap_or(&module.module);
                            self.module_aliases
                                .insert(alias.value.clone(), (id.clone(), alias.span));
                        } else {
                            let alias = alias.as_ref().unwrap_or(name);
                            self.member_aliases.insert(
                                alias.value.clone(),
                                (id.clone(), name.value.clone(), alias.span),
                            );
                        }
                    }
                }
            }
        }
    }
}

fn module_ident(
    m: &ast::ModuleIdent,
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<ModuleId> {
    match resolve_address(&m.address, options) {
        Ok(address) => Some(ModuleId {
            address,
            name: m.module.value.clone(),
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Builds the scope of a module: its own members (compiled in this mode) and its `use`s.
pub fn module_scope(
    module: &ast::Module,
    idx: Option<ModuleIdx>,
    package: u32,
    loc: AstLoc,
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> ModuleScope {
    let mut scope = ModuleScope::new(idx, package, loc);
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let mut uses = Vec::new();
    for (i, member) in module.members.iter().enumerate() {
        let (attributes, name, kind) = match member {
            ast::ModuleMember::Use(u) => {
                uses.push(u.clone());
                continue;
            }
            ast::ModuleMember::Friend(_) => continue,
            ast::ModuleMember::Constant(c) => (&c.attributes, &c.name, 0),
            ast::ModuleMember::Struct(s) => (&s.attributes, &s.name, 1),
            ast::ModuleMember::Function(f) => (&f.attributes, &f.name, 2),
        };
        if !is_compiled(attributes, options) {
            continue;
        }
        // Structs and functions share the member namespace; constants too (as Aptos).
        if let Some(first) = seen.get(&name.value) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateDeclaration,
                    format!("duplicate member `{}`", name.value),
                    name.span,
                    "declared again here",
                )
                .with_secondary(*first, "first declared here"),
            );
            continue;
        }
        seen.insert(name.value.clone(), name.span);
        match kind {
            0 => {
                scope
                    .consts
                    .insert(name.value.clone(), scope.const_members.len() as u32);
                scope.const_members.push(i);
            }
            1 => {
                scope
                    .structs
                    .insert(name.value.clone(), scope.struct_members.len() as u32);
                scope.struct_members.push(i);
            }
            _ => {
                scope
                    .funs
                    .insert(name.value.clone(), scope.fun_members.len() as u32);
                scope.fun_members.push(i);
            }
        }
    }
    scope.add_uses(&uses, options, diags);
    scope
}

/// Builds the scope of a script.
pub fn script_scope(
    script: &ast::Script,
    package: u32,
    loc: AstLoc,
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> ModuleScope {
    let mut scope = ModuleScope::new(None, package, loc);
    for (i, c) in script.constants.iter().enumerate() {
        scope.consts.insert(c.name.value.clone(), i as u32);
        scope.const_members.push(i);
    }
    scope.add_uses(&script.uses, options, diags);
    scope
}

impl Scopes {
    /// The module with this id, if it is in the program.
    pub fn module_idx(&self, id: &ModuleId) -> Option<ModuleIdx> {
        self.module_index.get(id).copied()
    }

    fn module_of_alias(
        &self,
        scope: &ModuleScope,
        alias: &ast::Name,
    ) -> Option<Result<ModuleIdx, Diagnostic>> {
        if alias.value == "Self" {
            return scope.module.map(Ok);
        }
        let (id, _) = scope.module_aliases.get(&alias.value)?;
        Some(
            self.module_idx(id)
                .ok_or_else(|| missing_module(id, alias.span)),
        )
    }

    /// Splits a written name at its module.
    pub fn split<'a>(
        &self,
        scope: &ModuleScope,
        chain: &'a ast::NameAccessChain,
        options: &CompileOptions,
    ) -> Result<Path<'a>, Diagnostic> {
        match (&chain.root, chain.path.as_slice()) {
            (ast::LeadingName::Name(n), []) => Ok(Path::Single(n)),
            (ast::LeadingName::Name(n), [name, rest @ ..]) => {
                if let Some(module) = self.module_of_alias(scope, n) {
                    return Ok(Path::Member {
                        module: module?,
                        name,
                        rest,
                    });
                }
                if let [member, rest @ ..] = rest
                    && options.named_addresses.contains_key(&n.value)
                {
                    let id = ModuleId {
                        address: options.named_addresses[&n.value],
                        name: name.value.clone(),
                    };
                    let module = self
                        .module_idx(&id)
                        .ok_or_else(|| missing_module(&id, chain.span))?;
                    return Ok(Path::Member {
                        module,
                        name: member,
                        rest,
                    });
                }
                Ok(Path::TypeMember {
                    ty: n,
                    rest: &chain.path,
                })
            }
            (ast::LeadingName::Address(_), [module, name, rest @ ..]) => {
                let address = resolve_address(&chain.root, options)?;
                let id = ModuleId {
                    address,
                    name: module.value.clone(),
                };
                let module = self
                    .module_idx(&id)
                    .ok_or_else(|| missing_module(&id, chain.span))?;
                Ok(Path::Member { module, name, rest })
            }
            (ast::LeadingName::Address(a), _) => Err(Diagnostic::error(
                Code::UnboundName,
                format!("`{}` is an address, not a module member", a.value),
                chain.span,
                "expected `address::module::member`",
            )),
        }
    }

    /// The struct a single name refers to: an own struct or a `use`d one.
    pub fn single_struct(&self, scope: &ModuleScope, name: &str) -> Option<StructId> {
        if let (Some(module), Some(&index), false) = (
            scope.module,
            scope.structs.get(name),
            scope.block_aliases.contains(name),
        ) {
            return Some(StructId { module, index });
        }
        let (id, member, _) = scope.member_aliases.get(name)?;
        let module = self.module_idx(id)?;
        let index = *self.modules[module.0 as usize].structs.get(member)?;
        Some(StructId { module, index })
    }

    /// The function a single name refers to: an own function or a `use`d one.
    pub fn single_fun(&self, scope: &ModuleScope, name: &str) -> Option<FunId> {
        if let (Some(module), Some(&index), false) = (
            scope.module,
            scope.funs.get(name),
            scope.block_aliases.contains(name),
        ) {
            return Some(FunId { module, index });
        }
        let (id, member, _) = scope.member_aliases.get(name)?;
        let module = self.module_idx(id)?;
        let index = *self.modules[module.0 as usize].funs.get(member)?;
        Some(FunId { module, index })
    }

    /// The struct `name` of `module`.
    pub fn struct_in(&self, module: ModuleIdx, name: &str) -> Option<StructId> {
        let index = *self.modules[module.0 as usize].structs.get(name)?;
        Some(StructId { module, index })
    }

    /// The function `name` of `module`.
    pub fn fun_in(&self, module: ModuleIdx, name: &str) -> Option<FunId> {
        let index = *self.modules[module.0 as usize].funs.get(name)?;
        Some(FunId { module, index })
    }

    /// The constant `name` of `module`.
    pub fn const_in(&self, module: ModuleIdx, name: &str) -> Option<ConstId> {
        let index = *self.modules[module.0 as usize].consts.get(name)?;
        Some(ConstId { module, index })
    }

    /// Resolves a struct name (`S`, `m::S`, `a::m::S`).
    pub fn resolve_struct(
        &self,
        scope: &ModuleScope,
        chain: &ast::NameAccessChain,
        options: &CompileOptions,
    ) -> Result<StructId, Diagnostic> {
        let unbound = || {
            Diagnostic::error(
                Code::UnboundName,
                format!("unbound type `{}`", chain_text(chain)),
                chain.span,
                "no struct or enum of this name is in scope",
            )
        };
        match self.split(scope, chain, options)? {
            Path::Single(n) => self.single_struct(scope, &n.value).ok_or_else(unbound),
            Path::Member {
                module,
                name,
                rest: [],
            } => self.struct_in(module, &name.value).ok_or_else(unbound),
            _ => Err(unbound()),
        }
    }
}

fn missing_module(id: &ModuleId, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::UnboundName,
        format!("unbound module `{id}`"),
        span,
        "no such module in this package or its dependencies",
    )
}

/// The chain as written (`a::m::f`).
pub fn chain_text(chain: &ast::NameAccessChain) -> String {
    let mut s = chain.root.name().value.clone();
    for n in &chain.path {
        s.push_str("::");
        s.push_str(&n.value);
    }
    s
}
