//! Generator of v6 modules that stress reference safety, built with our binary-format types.
//!
//! Every module has the same four structs (nested fields, vectors of structs, one `key`
//! resource) and 3–6 functions whose signatures are drawn from a pool of reference-heavy shapes
//! (`&mut Outer`, `&Outer`, `&mut vector<u64>`, `&mut u64`, functions returning references
//! derived from their parameters, functions touching globals). Bodies come from a *typed*
//! generator: it tracks the operand stack's types and which locals are available, so most
//! bodies pass type and locals safety and reach reference safety, where the interesting
//! differences are. Control flow is structured (if/else joins, while loops with breaks, early
//! returns) so references flow through joins and loop heads.

use std::collections::BTreeSet;

use lumio_move_binary_format::file_format::*;
use lumio_move_core_types::{AccountAddress, Identifier};
use rand::{Rng, seq::IndexedRandom};

pub(crate) type ST = SignatureToken;

fn r(t: ST) -> ST {
    ST::Reference(Box::new(t))
}
fn mr(t: ST) -> ST {
    ST::MutableReference(Box::new(t))
}
fn vec_of(t: ST) -> ST {
    ST::Vector(Box::new(t))
}
fn st(i: usize) -> ST {
    ST::Struct(StructHandleIndex(i as u16))
}

/// Struct definition indices (== struct handle indices) of the fixed struct set.
pub(crate) const INNER: usize = 0;
pub(crate) const OUTER: usize = 1;
pub(crate) const BAG: usize = 2;
pub(crate) const RES: usize = 3;

struct StructInfo {
    abilities: AbilitySet,
    fields: Vec<ST>,
    field_handles: Vec<FieldHandleIndex>,
}

struct FunInfo {
    params: Vec<ST>,
    rets: Vec<ST>,
}

/// What the body generator needs to know about the module.
struct Cx {
    structs: Vec<StructInfo>,
    funs: Vec<FunInfo>,
    /// Vector element types with their signature index (for `Vec*` instructions).
    vec_elems: Vec<(ST, SignatureIndex)>,
    addr_const: ConstantPoolIndex,
}

impl Cx {
    fn abilities(&self, t: &ST) -> AbilitySet {
        match t {
            ST::Bool | ST::U8 | ST::U16 | ST::U32 | ST::U64 | ST::U128 | ST::U256 | ST::Address => {
                AbilitySet::PRIMITIVES
            }
            ST::Signer => AbilitySet::SIGNER,
            ST::Reference(_) | ST::MutableReference(_) => AbilitySet::REFERENCES,
            ST::Vector(e) => {
                let e = self.abilities(e);
                let mut s = AbilitySet::EMPTY;
                for a in [Ability::Copy, Ability::Drop, Ability::Store] {
                    if e.has_ability(a) {
                        s = s.add(a);
                    }
                }
                s
            }
            ST::Struct(h) => self.structs[h.0 as usize].abilities,
            _ => AbilitySet::EMPTY,
        }
    }
    fn copy(&self, t: &ST) -> bool {
        self.abilities(t).has_copy()
    }
    fn drop(&self, t: &ST) -> bool {
        self.abilities(t).has_drop()
    }
    fn struct_of(t: &ST) -> Option<usize> {
        match t {
            ST::Struct(h) => Some(h.0 as usize),
            _ => None,
        }
    }
    fn vec_sig(&self, elem: &ST) -> Option<SignatureIndex> {
        self.vec_elems
            .iter()
            .find(|(t, _)| t == elem)
            .map(|(_, s)| *s)
    }
    fn elem_of_sig(&self, s: SignatureIndex) -> Option<&ST> {
        self.vec_elems.iter().find(|(_, x)| *x == s).map(|(t, _)| t)
    }
    /// `(struct def, field offset)` of a field handle.
    fn field(&self, fh: FieldHandleIndex) -> Option<(usize, usize)> {
        for (s, info) in self.structs.iter().enumerate() {
            if let Some(k) = info.field_handles.iter().position(|h| *h == fh) {
                return Some((s, k));
            }
        }
        None
    }
}

/// Minimal module builder (the approach of `crates/move/verifier/tests/it/builder.rs`).
struct B {
    m: CompiledModule,
}

impl B {
    fn new() -> Self {
        let mut b = B {
            m: CompiledModule {
                version: 6,
                ..Default::default()
            },
        };
        b.m.address_identifiers.push(AccountAddress::ONE);
        let n = b.ident("M");
        b.m.module_handles.push(ModuleHandle {
            address: AddressIdentifierIndex(0),
            name: n,
        });
        b.m.self_module_handle_idx = ModuleHandleIndex(0);
        b
    }
    fn ident(&mut self, s: &str) -> IdentifierIndex {
        if let Some(i) = self.m.identifiers.iter().position(|x| x.as_str() == s) {
            return IdentifierIndex(i as u16);
        }
        self.m
            .identifiers
            .push(Identifier::new(s).expect("valid identifier"));
        IdentifierIndex(self.m.identifiers.len() as u16 - 1)
    }
    fn sig(&mut self, toks: Vec<ST>) -> SignatureIndex {
        let s = Signature(toks);
        if let Some(i) = self.m.signatures.iter().position(|x| *x == s) {
            return SignatureIndex(i as u16);
        }
        self.m.signatures.push(s);
        SignatureIndex(self.m.signatures.len() as u16 - 1)
    }
    fn struct_(&mut self, name: &str, abilities: AbilitySet, fields: &[(&str, ST)]) -> StructInfo {
        let n = self.ident(name);
        self.m.struct_handles.push(StructHandle {
            module: ModuleHandleIndex(0),
            name: n,
            abilities,
            type_parameters: vec![],
        });
        let h = StructHandleIndex(self.m.struct_handles.len() as u16 - 1);
        let defs = fields
            .iter()
            .map(|(n, t)| FieldDefinition {
                name: self.ident(n),
                signature: TypeSignature(t.clone()),
            })
            .collect();
        self.m.struct_defs.push(StructDefinition {
            struct_handle: h,
            field_information: StructFieldInformation::Declared(defs),
        });
        let owner = StructDefinitionIndex(self.m.struct_defs.len() as u16 - 1);
        let field_handles = (0..fields.len())
            .map(|k| {
                self.m.field_handles.push(FieldHandle {
                    owner,
                    field: k as u16,
                });
                FieldHandleIndex(self.m.field_handles.len() as u16 - 1)
            })
            .collect();
        StructInfo {
            abilities,
            fields: fields.iter().map(|(_, t)| t.clone()).collect(),
            field_handles,
        }
    }
}

fn abilities(list: &[Ability]) -> AbilitySet {
    list.iter().copied().collect()
}

/// Function signature shapes: (params, returns, may touch globals).
fn signature_pool() -> Vec<(Vec<ST>, Vec<ST>)> {
    let (inner, outer, bag, res) = (st(INNER), st(OUTER), st(BAG), st(RES));
    vec![
        // 0: the workhorse, always function 0.
        (
            vec![
                mr(outer.clone()),
                r(outer.clone()),
                mr(vec_of(ST::U64)),
                mr(ST::U64),
                ST::Address,
            ],
            vec![],
        ),
        (vec![mr(outer.clone())], vec![mr(ST::U64)]),
        (
            vec![mr(outer.clone()), mr(outer.clone())],
            vec![mr(inner.clone())],
        ),
        (vec![r(bag.clone()), ST::U64], vec![r(inner.clone())]),
        (
            vec![mr(bag.clone())],
            vec![mr(vec_of(inner.clone())), mr(ST::U64)],
        ),
        (vec![ST::Address], vec![ST::U64]),
        (vec![r(ST::Signer), ST::Address, outer.clone()], vec![]),
        (vec![mr(res.clone()), mr(ST::U64)], vec![mr(ST::U64)]),
        (vec![mr(vec_of(ST::U64)), r(ST::U64)], vec![r(ST::U64)]),
        (vec![mr(inner.clone()), mr(inner.clone())], vec![]),
        (vec![ST::Address, mr(bag.clone())], vec![mr(outer.clone())]),
        (vec![r(outer.clone()), r(outer)], vec![r(ST::U64), ST::Bool]),
    ]
}

fn local_pool() -> Vec<ST> {
    let (inner, outer, bag, res) = (st(INNER), st(OUTER), st(BAG), st(RES));
    vec![
        mr(outer.clone()),
        mr(outer.clone()),
        r(outer.clone()),
        mr(inner.clone()),
        r(inner.clone()),
        mr(ST::U64),
        mr(ST::U64),
        r(ST::U64),
        mr(vec_of(ST::U64)),
        r(vec_of(ST::U64)),
        mr(vec_of(inner.clone())),
        mr(res.clone()),
        r(res.clone()),
        mr(bag.clone()),
        ST::U64,
        ST::U64,
        ST::Bool,
        outer.clone(),
        outer,
        inner,
        vec_of(ST::U64),
        bag,
        res,
    ]
}

/// Generates one module. With `accepts` (the upstream verifier), each function is, with
/// probability `guide`, regenerated up to [`GUIDE_TRIES`] times until the module so far is
/// accepted: most modules then pass, so mutations start from valid code and a rejection points
/// at one function.
pub(crate) fn generate(
    rng: &mut impl Rng,
    accepts: Option<&dyn Fn(&CompiledModule) -> bool>,
    guide: f64,
) -> CompiledModule {
    let mut b = B::new();
    let (inner, outer) = (st(INNER), st(OUTER));
    let structs = vec![
        b.struct_(
            "Inner",
            abilities(&[Ability::Copy, Ability::Drop, Ability::Store]),
            &[("a", ST::U64), ("b", ST::U64)],
        ),
        b.struct_(
            "Outer",
            abilities(&[Ability::Copy, Ability::Drop, Ability::Store]),
            &[("x", ST::U64), ("i", inner.clone()), ("v", vec_of(ST::U64))],
        ),
        b.struct_(
            "Bag",
            abilities(&[Ability::Drop, Ability::Store]),
            &[
                ("o", outer.clone()),
                ("items", vec_of(inner.clone())),
                ("n", ST::U64),
            ],
        ),
        b.struct_(
            "R",
            abilities(&[Ability::Key]),
            &[
                ("o", outer),
                ("items", vec_of(inner.clone())),
                ("c", ST::U64),
            ],
        ),
    ];
    let vec_elems = vec![
        (ST::U64, b.sig(vec![ST::U64])),
        (inner.clone(), b.sig(vec![inner])),
    ];
    b.m.constant_pool.push(Constant {
        type_: ST::Address,
        data: AccountAddress::ONE.into_bytes().to_vec(),
    });
    let addr_const = ConstantPoolIndex(0);

    let pool = signature_pool();
    let n_funs = rng.random_range(3..=6);
    let mut funs = vec![];
    let mut locals = vec![];
    let lpool = local_pool();
    for i in 0..n_funs {
        let (params, rets) = if i == 0 {
            pool[0].clone()
        } else {
            pool.choose(rng).expect("pool").clone()
        };
        let n_locals = rng.random_range(2..=8);
        let ls: Vec<ST> = (0..n_locals)
            .map(|_| lpool.choose(rng).expect("pool").clone())
            .collect();
        funs.push(FunInfo { params, rets });
        locals.push(ls);
    }
    let cx = Cx {
        structs,
        funs,
        vec_elems,
        addr_const,
    };
    let flips: Vec<bool> = (0..n_funs).map(|_| rng.random_bool(0.02)).collect();
    let body = |rng: &mut _, i: usize, statements: bool| {
        let mut all = cx.funs[i].params.clone();
        all.extend(locals[i].iter().cloned());
        FnGen::new(&cx, rng, i, all, statements).body()
    };
    // Placeholders (just the return) so a prefix of the functions can be checked alone.
    let mut bodies: Vec<Vec<Bytecode>> = (0..n_funs).map(|i| body(&mut *rng, i, false)).collect();
    for i in 0..n_funs {
        match accepts {
            Some(accepts) if rng.random_bool(guide) => {
                for _ in 0..GUIDE_TRIES {
                    bodies[i] = body(&mut *rng, i, true);
                    if accepts(&assemble(&b.m, &cx, &locals, &bodies, &flips)) {
                        break;
                    }
                }
            }
            _ => bodies[i] = body(&mut *rng, i, true),
        }
    }
    assemble(&b.m, &cx, &locals, &bodies, &flips)
}

/// Candidate bodies tried per guided function.
const GUIDE_TRIES: usize = 8;

/// The module: `skeleton` (structs, constants) plus the functions with `bodies`; acquires
/// annotations computed from the bodies (direct global borrows/move_from plus those of
/// callees, to a fixpoint), inverted where `flips` says so.
fn assemble(
    skeleton: &CompiledModule,
    cx: &Cx,
    locals: &[Vec<ST>],
    bodies: &[Vec<Bytecode>],
    flips: &[bool],
) -> CompiledModule {
    let mut b = B {
        m: skeleton.clone(),
    };
    let n = bodies.len();
    let mut acq: Vec<bool> = bodies
        .iter()
        .map(|c| !direct_globals(c).is_empty())
        .collect();
    loop {
        let mut changed = false;
        for f in 0..n {
            if !acq[f]
                && bodies[f].iter().any(|b| match b {
                    Bytecode::Call(h) => acq.get(h.0 as usize).copied().unwrap_or(false),
                    _ => false,
                })
            {
                acq[f] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (i, code) in bodies.iter().enumerate() {
        let name = b.ident(&format!("f{i}"));
        let p = b.sig(cx.funs[i].params.clone());
        let rt = b.sig(cx.funs[i].rets.clone());
        let l = b.sig(locals[i].clone());
        b.m.function_handles.push(FunctionHandle {
            module: ModuleHandleIndex(0),
            name,
            parameters: p,
            return_: rt,
            type_parameters: vec![],
            access_specifiers: None,
            attributes: vec![],
        });
        let mut acquires = vec![];
        // Rarely a wrong annotation, to keep the acquires checks honest.
        if acq[i] != flips[i] {
            acquires.push(StructDefinitionIndex(RES as u16));
        }
        b.m.function_defs.push(FunctionDefinition {
            function: FunctionHandleIndex(i as u16),
            visibility: Visibility::Public,
            is_entry: false,
            acquires_global_resources: acquires,
            code: Some(CodeUnit {
                locals: l,
                code: code.clone(),
            }),
        });
    }
    b.m
}

/// Body generator for one function.
struct FnGen<'a, R: Rng> {
    cx: &'a Cx,
    rng: &'a mut R,
    locals: Vec<ST>,
    avail: Vec<bool>,
    stack: Vec<ST>,
    code: Vec<Bytecode>,
    labels: Vec<Option<u16>>,
    /// (code position, label) of branches to patch.
    fixups: Vec<(usize, usize)>,
    /// Exit labels of enclosing loops with the availability joined at their breaks.
    loops: Vec<(usize, Vec<bool>)>,
    rets: Vec<ST>,
    has_signer: Option<u8>,
    /// Instruction budget left.
    budget: isize,
    /// Locals a loop body must not move out (the next iteration expects them).
    pinned: Vec<bool>,
    /// Whether this body may borrow/move globals (most don't: one live global borrow across a
    /// call of an acquiring function rejects the whole module).
    globals: bool,
    /// Expression attempts left in this statement (the backtracking search is exponential
    /// when nothing of the wanted type is reachable).
    fuel: u32,
}

#[derive(Clone)]
struct Snap {
    code: usize,
    avail: Vec<bool>,
    stack: Vec<ST>,
    fixups: usize,
}

const MAX_DEPTH: u32 = 4;
const STATEMENT_FUEL: u32 = 300;

impl<'a, R: Rng> FnGen<'a, R> {
    fn new(cx: &'a Cx, rng: &'a mut R, f: usize, locals: Vec<ST>, statements: bool) -> Self {
        let np = cx.funs[f].params.len();
        let avail = (0..locals.len()).map(|i| i < np).collect();
        let n_locals = locals.len();
        let has_signer = cx.funs[f]
            .params
            .iter()
            .position(|t| *t == r(ST::Signer))
            .map(|i| i as u8);
        let budget = if statements {
            rng.random_range(30..200i64) as isize
        } else {
            0
        };
        let globals = rng.random_bool(0.25);
        FnGen {
            cx,
            rng,
            locals,
            avail,
            stack: vec![],
            code: vec![],
            labels: vec![],
            fixups: vec![],
            loops: vec![],
            rets: cx.funs[f].rets.clone(),
            has_signer,
            budget,
            fuel: 0,
            pinned: vec![false; n_locals],
            globals,
        }
    }

    fn snap(&self) -> Snap {
        Snap {
            code: self.code.len(),
            avail: self.avail.clone(),
            stack: self.stack.clone(),
            fixups: self.fixups.len(),
        }
    }
    fn restore(&mut self, s: Snap) {
        self.code.truncate(s.code);
        self.avail = s.avail;
        self.stack = s.stack;
        self.fixups.truncate(s.fixups);
    }

    fn label(&mut self) -> usize {
        self.labels.push(None);
        self.labels.len() - 1
    }
    fn bind(&mut self, l: usize) {
        self.labels[l] = Some(self.code.len() as u16);
    }
    fn branch(&mut self, b: Bytecode, l: usize) {
        if matches!(b, Bytecode::BrTrue(_) | Bytecode::BrFalse(_)) {
            self.stack.pop();
        }
        self.fixups.push((self.code.len(), l));
        self.code.push(b);
    }

    /// Type effect of `b` on the abstract state, if `b` type-checks here (and the locals it
    /// touches are available). Returns (values popped, types pushed, local made (un)available).
    #[allow(clippy::type_complexity)]
    fn effect(&self, b: &Bytecode) -> Option<(usize, Vec<ST>, Option<(u8, bool)>)> {
        use Bytecode::*;
        let s = &self.stack;
        let n = s.len();
        let top = |k: usize| -> Option<&ST> { if k < n { Some(&s[n - 1 - k]) } else { None } };
        let cx = self.cx;
        let local = |i: u8| -> Option<&ST> { self.locals.get(i as usize) };
        let av = |i: u8| self.avail.get(i as usize).copied().unwrap_or(false);
        Some(match b {
            Pop => {
                if !cx.drop(top(0)?) {
                    return None;
                }
                (1, vec![], None)
            }
            LdU64(_) => (0, vec![ST::U64], None),
            LdTrue | LdFalse => (0, vec![ST::Bool], None),
            LdConst(_) => (0, vec![ST::Address], None),
            CopyLoc(i) => {
                let t = local(*i)?;
                if !av(*i) || !cx.copy(t) {
                    return None;
                }
                (0, vec![t.clone()], None)
            }
            MoveLoc(i) => {
                let t = local(*i)?;
                if !av(*i) || self.pinned[*i as usize] {
                    return None;
                }
                (0, vec![t.clone()], Some((*i, false)))
            }
            StLoc(i) => {
                let t = local(*i)?;
                if top(0)? != t || (av(*i) && !cx.drop(t)) {
                    return None;
                }
                (1, vec![], Some((*i, true)))
            }
            MutBorrowLoc(i) | ImmBorrowLoc(i) => {
                let t = local(*i)?;
                if !av(*i) || t.is_reference() {
                    return None;
                }
                let rt = if matches!(b, MutBorrowLoc(_)) {
                    mr(t.clone())
                } else {
                    r(t.clone())
                };
                (0, vec![rt], None)
            }
            MutBorrowField(fh) | ImmBorrowField(fh) => {
                let (sd, k) = cx.field(*fh)?;
                let mutable = matches!(b, MutBorrowField(_));
                let ok = match top(0)? {
                    ST::MutableReference(t) => **t == st(sd),
                    ST::Reference(t) => !mutable && **t == st(sd),
                    _ => false,
                };
                if !ok {
                    return None;
                }
                let ft = cx.structs[sd].fields[k].clone();
                (1, vec![if mutable { mr(ft) } else { r(ft) }], None)
            }
            FreezeRef => match top(0)? {
                ST::MutableReference(t) => (1, vec![r((**t).clone())], None),
                _ => return None,
            },
            ReadRef => match top(0)? {
                ST::MutableReference(t) | ST::Reference(t) if cx.copy(t) => {
                    (1, vec![(**t).clone()], None)
                }
                _ => return None,
            },
            WriteRef => match (top(0)?, top(1)?) {
                (ST::MutableReference(t), v) if **t == *v && cx.drop(v) => (2, vec![], None),
                _ => return None,
            },
            Eq | Neq => {
                let (a, c) = (top(0)?, top(1)?);
                if a != c || !cx.drop(a) {
                    return None;
                }
                (2, vec![ST::Bool], None)
            }
            Add | Sub | Lt | Ge => {
                if top(0)? != &ST::U64 || top(1)? != &ST::U64 {
                    return None;
                }
                let rt = if matches!(b, Add | Sub) {
                    ST::U64
                } else {
                    ST::Bool
                };
                (2, vec![rt], None)
            }
            Not => {
                if top(0)? != &ST::Bool {
                    return None;
                }
                (1, vec![ST::Bool], None)
            }
            VecPack(sig, k) => {
                let e = cx.elem_of_sig(*sig)?;
                let k = *k as usize;
                if k > n || (0..k).any(|j| &s[n - 1 - j] != e) {
                    return None;
                }
                (k, vec![vec_of(e.clone())], None)
            }
            VecLen(sig) => {
                let e = cx.elem_of_sig(*sig)?;
                match top(0)? {
                    ST::MutableReference(t) | ST::Reference(t) if **t == vec_of(e.clone()) => {
                        (1, vec![ST::U64], None)
                    }
                    _ => return None,
                }
            }
            VecImmBorrow(sig) | VecMutBorrow(sig) => {
                let e = cx.elem_of_sig(*sig)?;
                let mutable = matches!(b, VecMutBorrow(_));
                if top(0)? != &ST::U64 {
                    return None;
                }
                let ok = match top(1)? {
                    ST::MutableReference(t) => **t == vec_of(e.clone()),
                    ST::Reference(t) => !mutable && **t == vec_of(e.clone()),
                    _ => false,
                };
                if !ok {
                    return None;
                }
                (
                    2,
                    vec![if mutable { mr(e.clone()) } else { r(e.clone()) }],
                    None,
                )
            }
            VecPushBack(sig) => {
                let e = cx.elem_of_sig(*sig)?;
                if top(0)? != e || top(1)? != &mr(vec_of(e.clone())) {
                    return None;
                }
                (2, vec![], None)
            }
            VecPopBack(sig) => {
                let e = cx.elem_of_sig(*sig)?;
                if top(0)? != &mr(vec_of(e.clone())) {
                    return None;
                }
                (1, vec![e.clone()], None)
            }
            VecSwap(sig) => {
                let e = cx.elem_of_sig(*sig)?;
                if top(0)? != &ST::U64 || top(1)? != &ST::U64 || top(2)? != &mr(vec_of(e.clone())) {
                    return None;
                }
                (3, vec![], None)
            }
            Pack(sd) => {
                let fields = &cx.structs[sd.0 as usize].fields;
                let k = fields.len();
                if k > n || fields.iter().zip(&s[n - k..]).any(|(f, x)| f != x) {
                    return None;
                }
                (k, vec![st(sd.0 as usize)], None)
            }
            Unpack(sd) => {
                if top(0)? != &st(sd.0 as usize) {
                    return None;
                }
                (1, cx.structs[sd.0 as usize].fields.clone(), None)
            }
            MutBorrowGlobal(sd) | ImmBorrowGlobal(sd) => {
                if top(0)? != &ST::Address || !cx.structs[sd.0 as usize].abilities.has_key() {
                    return None;
                }
                let t = st(sd.0 as usize);
                let rt = if matches!(b, MutBorrowGlobal(_)) {
                    mr(t)
                } else {
                    r(t)
                };
                (1, vec![rt], None)
            }
            MoveFrom(sd) => {
                if top(0)? != &ST::Address || !cx.structs[sd.0 as usize].abilities.has_key() {
                    return None;
                }
                (1, vec![st(sd.0 as usize)], None)
            }
            Exists(sd) => {
                if top(0)? != &ST::Address || !cx.structs[sd.0 as usize].abilities.has_key() {
                    return None;
                }
                (1, vec![ST::Bool], None)
            }
            MoveTo(sd) => {
                if top(0)? != &st(sd.0 as usize) || top(1)? != &r(ST::Signer) {
                    return None;
                }
                (2, vec![], None)
            }
            Call(h) => {
                let f = cx.funs.get(h.0 as usize)?;
                let k = f.params.len();
                if k > n || f.params.iter().zip(&s[n - k..]).any(|(p, x)| p != x) {
                    return None;
                }
                (k, f.rets.clone(), None)
            }
            _ => return None,
        })
    }

    /// Emits `b` if it type-checks; false (nothing emitted) otherwise.
    fn op(&mut self, b: Bytecode) -> bool {
        let Some((pops, pushes, av)) = self.effect(&b) else {
            return false;
        };
        let n = self.stack.len();
        self.stack.truncate(n - pops);
        self.stack.extend(pushes);
        if let Some((i, a)) = av {
            self.avail[i as usize] = a;
        }
        self.code.push(b);
        self.budget -= 1;
        true
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    // ----------------------------------------------------------------------------------------
    // Expressions: emit code leaving exactly one value of type `ty` on the stack.

    fn expr(&mut self, ty: &ST, d: u32) -> bool {
        if self.fuel == 0 {
            return false;
        }
        self.fuel -= 1;
        #[derive(Clone, Copy)]
        enum P {
            Copy(u8),
            Move(u8),
            BorrowLoc(u8),
            Field(usize, usize),
            VecElem,
            Freeze,
            Global,
            Call(usize),
            Lit,
            Read,
            Pack(usize),
            VecLen,
            PopBack,
            Arith,
            Cmp,
            Exists,
            MoveFrom,
        }
        let leaf = d >= MAX_DEPTH;
        let cx = self.cx;
        let mut cands: Vec<(u32, P)> = vec![];
        for (i, t) in self.locals.iter().enumerate() {
            if !self.avail[i] {
                continue;
            }
            if t == ty {
                if cx.copy(t) {
                    cands.push((if t.is_reference() { 6 } else { 3 }, P::Copy(i as u8)));
                }
                if !self.pinned[i] {
                    cands.push((if t.is_reference() { 3 } else { 1 }, P::Move(i as u8)));
                }
            }
            if let ST::MutableReference(inner) | ST::Reference(inner) = ty
                && **inner == *t
                && !t.is_reference()
            {
                cands.push((6, P::BorrowLoc(i as u8)));
            }
        }
        match ty {
            ST::MutableReference(inner) | ST::Reference(inner) if !leaf => {
                for (sd, info) in cx.structs.iter().enumerate() {
                    for (k, f) in info.fields.iter().enumerate() {
                        if *f == **inner {
                            cands.push((5, P::Field(sd, k)));
                        }
                    }
                }
                if cx.vec_sig(inner).is_some() {
                    cands.push((4, P::VecElem));
                }
                if ty.is_reference() && !ty.is_mutable_reference() {
                    cands.push((2, P::Freeze));
                }
                if self.globals
                    && Cx::struct_of(inner).is_some_and(|s| cx.structs[s].abilities.has_key())
                {
                    cands.push((1, P::Global));
                }
            }
            ST::U64 => {
                cands.push((3, P::Lit));
                if !leaf {
                    cands.push((3, P::Read));
                    cands.push((2, P::VecLen));
                    cands.push((2, P::PopBack));
                    cands.push((1, P::Arith));
                }
            }
            ST::Bool => {
                cands.push((2, P::Lit));
                if !leaf {
                    cands.push((4, P::Cmp));
                    if self.globals {
                        cands.push((2, P::Exists));
                    }
                }
            }
            ST::Address => cands.push((2, P::Lit)),
            ST::Vector(_) => {
                cands.push((2, P::Lit));
                if !leaf && cx.copy(ty) {
                    cands.push((2, P::Read));
                }
            }
            ST::Struct(h) => {
                let s = h.0 as usize;
                cands.push((2, P::Pack(s)));
                if !leaf {
                    if cx.copy(ty) {
                        cands.push((3, P::Read));
                    }
                    if cx.vec_sig(ty).is_some() {
                        cands.push((1, P::PopBack));
                    }
                    if self.globals && cx.structs[s].abilities.has_key() {
                        cands.push((1, P::MoveFrom));
                    }
                }
            }
            _ => {}
        }
        if !leaf {
            for (fi, f) in cx.funs.iter().enumerate() {
                if f.rets.len() == 1 && f.rets[0] == *ty {
                    cands.push((3, P::Call(fi)));
                }
            }
        }
        // Try candidates in weighted random order.
        while !cands.is_empty() {
            let total: u32 = cands.iter().map(|c| c.0).sum();
            let mut x = self.rng.random_range(0..total);
            let mut pick = 0;
            for (j, c) in cands.iter().enumerate() {
                if x < c.0 {
                    pick = j;
                    break;
                }
                x -= c.0;
            }
            let (_, p) = cands.swap_remove(pick);
            let snap = self.snap();
            let ok = match p {
                P::Copy(i) => self.op(Bytecode::CopyLoc(i)),
                P::Move(i) => self.op(Bytecode::MoveLoc(i)),
                P::BorrowLoc(i) => {
                    if ty.is_mutable_reference() {
                        self.op(Bytecode::MutBorrowLoc(i))
                    } else {
                        self.op(Bytecode::ImmBorrowLoc(i))
                    }
                }
                P::Field(sd, k) => {
                    let fh = cx.structs[sd].field_handles[k];
                    if ty.is_mutable_reference() {
                        self.expr(&mr(st(sd)), d + 1) && self.op(Bytecode::MutBorrowField(fh))
                    } else {
                        // An immutable field borrow also works through `&mut`.
                        let base = if self.chance(0.3) {
                            mr(st(sd))
                        } else {
                            r(st(sd))
                        };
                        self.expr(&base, d + 1) && self.op(Bytecode::ImmBorrowField(fh))
                    }
                }
                P::VecElem => {
                    let (ST::MutableReference(e) | ST::Reference(e)) = ty else {
                        unreachable!()
                    };
                    let sig = cx.vec_sig(e).expect("checked");
                    let mutable = ty.is_mutable_reference();
                    let base = if mutable || self.chance(0.3) {
                        mr(vec_of((**e).clone()))
                    } else {
                        r(vec_of((**e).clone()))
                    };
                    self.expr(&base, d + 1)
                        && self.expr(&ST::U64, d + 1)
                        && self.op(if mutable {
                            Bytecode::VecMutBorrow(sig)
                        } else {
                            Bytecode::VecImmBorrow(sig)
                        })
                }
                P::Freeze => {
                    let ST::Reference(e) = ty else { unreachable!() };
                    self.expr(&mr((**e).clone()), d + 1) && self.op(Bytecode::FreezeRef)
                }
                P::Global => {
                    let sd = StructDefinitionIndex(RES as u16);
                    self.expr(&ST::Address, d + 1)
                        && self.op(if ty.is_mutable_reference() {
                            Bytecode::MutBorrowGlobal(sd)
                        } else {
                            Bytecode::ImmBorrowGlobal(sd)
                        })
                }
                P::Call(fi) => self.call(fi, d),
                P::Lit => match ty {
                    ST::U64 => {
                        let v = self.rng.random_range(0..4);
                        self.op(Bytecode::LdU64(v))
                    }
                    ST::Bool => {
                        let b = if self.chance(0.5) {
                            Bytecode::LdTrue
                        } else {
                            Bytecode::LdFalse
                        };
                        self.op(b)
                    }
                    ST::Address => self.op(Bytecode::LdConst(cx.addr_const)),
                    ST::Vector(e) => match cx.vec_sig(e) {
                        Some(sig) => {
                            let k = if d + 1 < MAX_DEPTH {
                                self.rng.random_range(0..3)
                            } else {
                                0
                            };
                            (0..k).all(|_| self.expr(e, d + 1))
                                && self.op(Bytecode::VecPack(sig, k))
                        }
                        None => false,
                    },
                    _ => false,
                },
                P::Read => {
                    let base = if self.chance(0.5) {
                        r(ty.clone())
                    } else {
                        mr(ty.clone())
                    };
                    self.expr(&base, d + 1) && self.op(Bytecode::ReadRef)
                }
                P::Pack(s) => {
                    let fields = cx.structs[s].fields.clone();
                    fields.iter().all(|f| self.expr(f, d + 1))
                        && self.op(Bytecode::Pack(StructDefinitionIndex(s as u16)))
                }
                P::VecLen => {
                    let (e, sig) = cx.vec_elems.choose(self.rng).expect("elems").clone();
                    let base = if self.chance(0.5) {
                        r(vec_of(e))
                    } else {
                        mr(vec_of(e))
                    };
                    self.expr(&base, d + 1) && self.op(Bytecode::VecLen(sig))
                }
                P::PopBack => match cx.vec_sig(ty) {
                    Some(sig) => {
                        self.expr(&mr(vec_of(ty.clone())), d + 1)
                            && self.op(Bytecode::VecPopBack(sig))
                    }
                    None => false,
                },
                P::Arith => {
                    let b = if self.chance(0.5) {
                        Bytecode::Add
                    } else {
                        Bytecode::Sub
                    };
                    self.expr(&ST::U64, d + 1) && self.expr(&ST::U64, d + 1) && self.op(b)
                }
                P::Cmp => {
                    let t = [
                        ST::U64,
                        r(ST::U64),
                        mr(ST::U64),
                        r(st(OUTER)),
                        mr(st(OUTER)),
                        r(st(INNER)),
                        st(INNER),
                    ]
                    .choose(self.rng)
                    .expect("types")
                    .clone();
                    let b = if t == ST::U64 && self.chance(0.4) {
                        Bytecode::Lt
                    } else if self.chance(0.5) {
                        Bytecode::Eq
                    } else {
                        Bytecode::Neq
                    };
                    self.expr(&t, d + 1) && self.expr(&t, d + 1) && self.op(b)
                }
                P::Exists => {
                    self.expr(&ST::Address, d + 1)
                        && self.op(Bytecode::Exists(StructDefinitionIndex(RES as u16)))
                }
                P::MoveFrom => {
                    self.expr(&ST::Address, d + 1)
                        && self.op(Bytecode::MoveFrom(StructDefinitionIndex(RES as u16)))
                }
            };
            if ok {
                return true;
            }
            self.restore(snap);
        }
        false
    }

    /// Arguments and the call of function `fi`.
    fn call(&mut self, fi: usize, d: u32) -> bool {
        let params = self.cx.funs[fi].params.clone();
        params.iter().all(|p| self.expr(p, d + 1))
            && self.op(Bytecode::Call(FunctionHandleIndex(fi as u16)))
    }

    /// Empties the stack: stores values into locals of their type, pops, unpacks resources.
    fn drain(&mut self) -> bool {
        self.drain_into(true)
    }

    /// [`Self::drain`]; with `store` false nothing goes into a local (to consume values).
    fn drain_into(&mut self, store: bool) -> bool {
        while let Some(t) = self.stack.last().cloned() {
            let targets: Vec<u8> = (0..self.locals.len())
                .filter(|&i| store && self.locals[i] == t && (!self.avail[i] || self.cx.drop(&t)))
                .map(|i| i as u8)
                .collect();
            if !targets.is_empty() && (self.chance(0.6) || !self.cx.drop(&t)) {
                let i = *targets.choose(self.rng).expect("non-empty");
                self.op(Bytecode::StLoc(i));
            } else if self.cx.drop(&t) {
                self.op(Bytecode::Pop);
            } else if let Some(s) = Cx::struct_of(&t) {
                if let (Some(sg), true) = (self.has_signer, self.chance(0.5)) {
                    // move_to(signer, value): the signer goes below the value.
                    let tmp = (0..self.locals.len())
                        .find(|&i| self.locals[i] == t && !self.avail[i])
                        .map(|i| i as u8);
                    match tmp {
                        Some(tmp) => {
                            let ok = self.op(Bytecode::StLoc(tmp))
                                && self.op(Bytecode::CopyLoc(sg))
                                && self.op(Bytecode::MoveLoc(tmp))
                                && self.op(Bytecode::MoveTo(StructDefinitionIndex(s as u16)));
                            if !ok {
                                return false;
                            }
                        }
                        None => {
                            self.op(Bytecode::Unpack(StructDefinitionIndex(s as u16)));
                        }
                    }
                } else {
                    self.op(Bytecode::Unpack(StructDefinitionIndex(s as u16)));
                }
            } else {
                return false;
            }
        }
        true
    }

    // ----------------------------------------------------------------------------------------
    // Statements: stack empty before and after.

    fn statement(&mut self, depth: u32) {
        self.fuel = STATEMENT_FUEL;
        let snap = self.snap();
        let x = self.rng.random_range(0..100u32);
        let ok = match x {
            0..=21 => self.assign(),
            22..=33 => self.write(),
            34..=45 => {
                let fi = self.rng.random_range(0..self.cx.funs.len());
                self.call(fi, 1) && self.drain()
            }
            46..=55 => self.vec_stmt(),
            56..=61 => self.kill(),
            62..=71 => self.walk(),
            72..=74 if self.globals => self.global_stmt(),
            75..=83 if depth < 3 => self.if_stmt(depth),
            84..=90 if depth < 3 => self.loop_stmt(depth),
            91..=93 if !self.loops.is_empty() => self.break_stmt(),
            94..=95 if depth > 0 => self.early_exit(),
            _ => {
                let t = [ST::U64, ST::Bool, r(st(OUTER)), mr(ST::U64), st(INNER)]
                    .choose(self.rng)
                    .expect("types")
                    .clone();
                self.expr(&t, 0) && self.drain()
            }
        };
        if !ok {
            self.restore(snap);
        } else if self.chance(0.3) {
            // What a compiler does after a reference's last use: release it.
            let s = self.snap();
            if !self.kill() {
                self.restore(s);
            }
        }
    }

    fn block(&mut self, depth: u32, n: usize) {
        for _ in 0..n {
            if self.budget <= 0 {
                break;
            }
            self.statement(depth);
        }
    }

    fn assign(&mut self) -> bool {
        let i = self.rng.random_range(0..self.locals.len());
        let t = self.locals[i].clone();
        if self.avail[i] && !self.cx.drop(&t) {
            return false;
        }
        self.expr(&t, 0) && self.op(Bytecode::StLoc(i as u8))
    }

    fn write(&mut self) -> bool {
        let t = [ST::U64, ST::U64, st(INNER), st(OUTER), vec_of(ST::U64)]
            .choose(self.rng)
            .expect("types")
            .clone();
        self.expr(&t, 0) && self.expr(&mr(t), 0) && self.op(Bytecode::WriteRef)
    }

    fn vec_stmt(&mut self) -> bool {
        let (e, sig) = self.cx.vec_elems.choose(self.rng).expect("elems").clone();
        let v = mr(vec_of(e.clone()));
        match self.rng.random_range(0..4) {
            0 => self.expr(&v, 0) && self.expr(&e, 0) && self.op(Bytecode::VecPushBack(sig)),
            1 => self.expr(&v, 0) && self.op(Bytecode::VecPopBack(sig)) && self.drain(),
            2 => {
                self.expr(&v, 0)
                    && self.expr(&ST::U64, 0)
                    && self.expr(&ST::U64, 0)
                    && self.op(Bytecode::VecSwap(sig))
            }
            _ => {
                let base = if self.chance(0.5) { r(vec_of(e)) } else { v };
                self.expr(&base, 0) && self.op(Bytecode::VecLen(sig)) && self.drain()
            }
        }
    }

    fn global_stmt(&mut self) -> bool {
        let sd = StructDefinitionIndex(RES as u16);
        match (self.has_signer, self.rng.random_range(0..2)) {
            (Some(sg), 0) => {
                self.op(Bytecode::CopyLoc(sg))
                    && self.expr(&st(RES), 0)
                    && self.op(Bytecode::MoveTo(sd))
            }
            _ => self.expr(&st(RES), 0) && self.drain(),
        }
    }

    /// Releases a reference held in a local (what a compiler does after the last use).
    fn kill(&mut self) -> bool {
        let refs: Vec<u8> = (0..self.locals.len())
            .filter(|&i| self.avail[i] && self.locals[i].is_reference())
            .map(|i| i as u8)
            .collect();
        match refs.choose(self.rng) {
            Some(&i) => self.op(Bytecode::MoveLoc(i)) && self.op(Bytecode::Pop),
            None => false,
        }
    }

    /// A few random type-correct instructions, then the stack is drained.
    fn walk(&mut self) -> bool {
        let steps = self.rng.random_range(2..10);
        let pool = self.instruction_pool();
        for _ in 0..steps {
            let ok: Vec<&Bytecode> = pool.iter().filter(|b| self.effect(b).is_some()).collect();
            let Some(b) = ok.choose(self.rng) else { break };
            let b = (*b).clone();
            self.op(b);
        }
        self.drain()
    }

    /// Every instruction the walk may use in this function.
    fn instruction_pool(&self) -> Vec<Bytecode> {
        use Bytecode::*;
        let cx = self.cx;
        let mut v = vec![
            Pop,
            LdU64(0),
            LdTrue,
            LdConst(cx.addr_const),
            FreezeRef,
            ReadRef,
            WriteRef,
        ];
        v.extend([Eq, Neq, Add, Lt]);
        for i in 0..self.locals.len() as u8 {
            v.extend([
                CopyLoc(i),
                MoveLoc(i),
                StLoc(i),
                MutBorrowLoc(i),
                ImmBorrowLoc(i),
            ]);
        }
        for s in &cx.structs {
            for fh in &s.field_handles {
                v.extend([MutBorrowField(*fh), ImmBorrowField(*fh)]);
            }
        }
        for (_, sig) in &cx.vec_elems {
            let sig = *sig;
            v.extend([
                VecLen(sig),
                VecImmBorrow(sig),
                VecMutBorrow(sig),
                VecPushBack(sig),
                VecPopBack(sig),
                VecSwap(sig),
                VecPack(sig, 0),
                VecPack(sig, 1),
            ]);
        }
        for s in 0..cx.structs.len() as u16 {
            v.extend([
                Pack(StructDefinitionIndex(s)),
                Unpack(StructDefinitionIndex(s)),
            ]);
        }
        let res = StructDefinitionIndex(RES as u16);
        if self.globals {
            v.extend([
                MutBorrowGlobal(res),
                ImmBorrowGlobal(res),
                MoveFrom(res),
                Exists(res),
            ]);
        }
        v.push(MoveTo(res));
        for f in 0..cx.funs.len() as u16 {
            v.push(Call(FunctionHandleIndex(f)));
        }
        v
    }

    fn if_stmt(&mut self, depth: u32) -> bool {
        if !self.expr(&ST::Bool, 1) {
            return false;
        }
        let entry = self.avail.clone();
        let l_else = self.label();
        let l_end = self.label();
        let n = self.rng.random_range(1..4);
        self.branch(Bytecode::BrFalse(0), l_else);
        self.block(depth + 1, n);
        self.reconcile_resources(&entry);
        let then_avail = std::mem::replace(&mut self.avail, entry.clone());
        if self.chance(0.6) {
            self.branch(Bytecode::Branch(0), l_end);
            self.bind(l_else);
            let n = self.rng.random_range(1..4);
            self.block(depth + 1, n);
            self.reconcile_resources(&entry);
            self.bind(l_end);
            self.avail = and(&then_avail, &self.avail);
        } else {
            self.bind(l_else);
            self.bind(l_end);
            self.avail = and(&then_avail, &entry);
        }
        true
    }

    fn loop_stmt(&mut self, depth: u32) -> bool {
        let entry = self.avail.clone();
        let head = self.label();
        let exit = self.label();
        self.bind(head);
        if !self.expr(&ST::Bool, 1) {
            return false;
        }
        self.branch(Bytecode::BrFalse(0), exit);
        self.loops.push((exit, self.avail.clone()));
        let outer_pins = self.pinned.clone();
        for i in 0..self.locals.len() {
            if entry[i] && self.chance(0.9) {
                self.pinned[i] = true;
            }
        }
        let n = self.rng.random_range(1..5);
        self.block(depth + 1, n);
        self.pinned = outer_pins;
        // Restore what the next iteration's head expects (mostly), so locals stay usable.
        for i in 0..self.locals.len() {
            if entry[i] && !self.avail[i] {
                let t = self.locals[i].clone();
                let s = self.snap();
                self.fuel = STATEMENT_FUEL;
                if !(self.expr(&t, 1) && self.op(Bytecode::StLoc(i as u8))) {
                    self.restore(s);
                }
            }
        }
        self.reconcile_resources(&entry);
        self.branch(Bytecode::Branch(0), head);
        let (_, at_breaks) = self.loops.pop().expect("pushed");
        self.bind(exit);
        let head_avail = and(&entry, &self.avail);
        self.avail = and(&head_avail, &at_breaks);
        true
    }

    fn break_stmt(&mut self) -> bool {
        if !self.expr(&ST::Bool, 1) {
            return false;
        }
        let (exit, at) = self.loops.last().cloned().expect("in a loop");
        let joined = and(&at, &self.avail);
        self.branch(Bytecode::BrTrue(0), exit);
        self.loops.last_mut().expect("in a loop").1 = joined;
        true
    }

    /// `if (cond) { return ... }` or `if (cond) abort`.
    fn early_exit(&mut self) -> bool {
        if !self.expr(&ST::Bool, 1) {
            return false;
        }
        let entry = self.avail.clone();
        let skip = self.label();
        self.branch(Bytecode::BrFalse(0), skip);
        let ok = if self.chance(0.3) {
            self.op(Bytecode::LdU64(1)) && {
                self.stack.pop();
                self.code.push(Bytecode::Abort);
                true
            }
        } else {
            self.ret()
        };
        self.bind(skip);
        self.avail = entry;
        ok
    }

    /// Moves out non-droppable values that became available in a branch, so both sides of a
    /// join agree on them.
    fn reconcile_resources(&mut self, entry: &[bool]) {
        for i in 0..self.locals.len() {
            let t = self.locals[i].clone();
            if self.avail[i] && !entry[i] && !self.cx.drop(&t) {
                let s = self.snap();
                if !(self.op(Bytecode::MoveLoc(i as u8)) && self.drain_into(false)) {
                    self.restore(s);
                }
            }
        }
    }

    /// Consumes non-droppable locals, pushes the return values, `Ret`.
    fn ret(&mut self) -> bool {
        let pins = std::mem::replace(&mut self.pinned, vec![false; self.locals.len()]);
        let ok = self.ret_unpinned();
        self.pinned = pins;
        ok
    }

    fn ret_unpinned(&mut self) -> bool {
        for i in 0..self.locals.len() {
            let t = self.locals[i].clone();
            if self.avail[i]
                && !self.cx.drop(&t)
                && !(self.op(Bytecode::MoveLoc(i as u8)) && self.drain_into(false))
            {
                return false;
            }
        }
        let rets = self.rets.clone();
        for t in &rets {
            if !self.expr(t, 0) {
                return false;
            }
        }
        self.stack.clear();
        self.code.push(Bytecode::Ret);
        true
    }

    fn body(mut self) -> Vec<Bytecode> {
        let start = self.snap();
        let budget = self.budget;
        let mut done = false;
        for attempt in 0..4 {
            // The last attempt is statement-free: just the return values from the parameters.
            let n = if attempt < 3 && budget > 0 {
                self.rng.random_range(3..14)
            } else {
                0
            };
            self.block(0, n);
            self.fuel = STATEMENT_FUEL;
            if self.ret() {
                done = true;
                break;
            }
            // The statements used up what the return values need (e.g. moved the `&mut`
            // parameter they derive from): start over.
            self.restore(start.clone());
            self.labels.clear();
            self.budget = budget;
        }
        if !done {
            self.code.push(Bytecode::Ret);
        }
        for (pos, l) in std::mem::take(&mut self.fixups) {
            let target = self.labels[l].expect("bound label");
            match &mut self.code[pos] {
                Bytecode::BrTrue(t) | Bytecode::BrFalse(t) | Bytecode::Branch(t) => *t = target,
                _ => unreachable!(),
            }
        }
        self.code
    }
}

fn and(a: &[bool], b: &[bool]) -> Vec<bool> {
    a.iter().zip(b).map(|(x, y)| *x && *y).collect()
}

/// Resources a body borrows or moves from global storage itself.
fn direct_globals(code: &[Bytecode]) -> BTreeSet<u16> {
    code.iter()
        .filter_map(|b| match b {
            Bytecode::MutBorrowGlobal(s) | Bytecode::ImmBorrowGlobal(s) | Bytecode::MoveFrom(s) => {
                Some(s.0)
            }
            _ => None,
        })
        .collect()
}
