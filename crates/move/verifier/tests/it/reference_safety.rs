//! Reference safety: the rules of each instruction, in straight-line, branch-join and loop forms.
//!
//! Every negative rule is a *kernel*: `setup` creates a live borrow in a local, `violation` is
//! the use that conflicts with it, `tail` pushes the return values. Each kernel is checked in
//! three shapes (straight line; the borrow made in one arm of a branch and the violation after
//! the join, the other arm storing a harmless reference; the borrow made before a loop and the
//! violation inside it) and must be rejected with the same status each time. The positives are
//! programs the Move verifier accepts that a too-strict borrow checker would reject.
//!
//! The module shape is fixed: `struct In { x, y: u64 }`, `struct S { a: In, b: u64, v:
//! vector<u64> }` (both copy + drop), `struct R has key { a: In, b: u64 }`, natives to call,
//! and the function under test `f(s: &mut S, v: &mut vector<u64>, loc: S, addr: address,
//! cond: bool)` with the locals listed at [`LOCALS`].

use lumio_move_binary_format::file_format::{Bytecode::*, *};
use lumio_move_core_types::{StatusCode, StatusCode as S};
use lumio_move_verifier::{VerifierConfig, verify_module_with_config};

use crate::builder::*;

// Parameters.
const P_S: u8 = 0; // &mut S
const P_V: u8 = 1; // &mut vector<u64>
const P_LOC: u8 = 2; // S
const P_ADDR: u8 = 3; // address
const P_COND: u8 = 4; // bool
// Locals.
const L_MU64: u8 = 5; // &mut u64
const L_MU64B: u8 = 6; // &mut u64
const L_MS: u8 = 7; // &mut S
const L_IU64: u8 = 8; // &u64
const L_U64: u8 = 11; // u64
const L_MIN: u8 = 12; // &mut In
const L_IR: u8 = 14; // &R
const L_MR: u8 = 15; // &mut R

/// Handles of the fixed module shape.
#[derive(Clone, Copy)]
struct H {
    s_a: FieldHandleIndex,
    s_b: FieldHandleIndex,
    s_v: FieldHandleIndex,
    in_x: FieldHandleIndex,
    in_y: FieldHandleIndex,
    r_a: FieldHandleIndex,
    in_sd: StructDefinitionIndex,
    s_sd: StructDefinitionIndex,
    r_sd: StructDefinitionIndex,
    u64_sig: SignatureIndex,
    /// `native fun take_s(s: &mut S)`
    take_s: FunctionHandleIndex,
    /// `native fun take2(a: &mut u64, b: &mut u64)`
    take2: FunctionHandleIndex,
    /// `native fun pick(s: &mut S): &mut u64`
    pick: FunctionHandleIndex,
    /// `native fun pick_imm(s: &S): &u64`
    pick_imm: FunctionHandleIndex,
    /// `fun touch_r(a: address) acquires R`
    touch_r: FunctionHandleIndex,
}

/// Parameter, local and return types and the module around `f`.
fn module(rets: Vec<ST>, acquires: bool, code: impl FnOnce(&H) -> Vec<Bytecode>) -> CompiledModule {
    let mut b = B::new();
    let cd = copy_drop();
    let cds = ab(&[Ability::Copy, Ability::Drop, Ability::Store]);
    let (in_sh, in_sd) = b.struct_("In", cds, vec![], vec![("x", ST::U64), ("y", ST::U64)]);
    let (s_sh, s_sd) = b.struct_(
        "S",
        cd,
        vec![],
        vec![
            ("a", ST::Struct(in_sh)),
            ("b", ST::U64),
            ("v", vec_of(ST::U64)),
        ],
    );
    let (r_sh, r_sd) = b.struct_(
        "R",
        key(),
        vec![],
        vec![("a", ST::Struct(in_sh)), ("b", ST::U64)],
    );
    let s = ST::Struct(s_sh);
    let h = H {
        s_a: b.field(s_sd, 0),
        s_b: b.field(s_sd, 1),
        s_v: b.field(s_sd, 2),
        in_x: b.field(in_sd, 0),
        in_y: b.field(in_sd, 1),
        r_a: b.field(r_sd, 0),
        in_sd,
        s_sd,
        r_sd,
        u64_sig: b.sig(vec![ST::U64]),
        take_s: b.fun(Fun::new("take_s", vec![mr(s.clone())], vec![], vec![], vec![]).native()),
        take2: b.fun(
            Fun::new(
                "take2",
                vec![mr(ST::U64), mr(ST::U64)],
                vec![],
                vec![],
                vec![],
            )
            .native(),
        ),
        pick: b.fun(
            Fun::new(
                "pick",
                vec![mr(s.clone())],
                vec![mr(ST::U64)],
                vec![],
                vec![],
            )
            .native(),
        ),
        pick_imm: b.fun(
            Fun::new(
                "pick_imm",
                vec![r(s.clone())],
                vec![r(ST::U64)],
                vec![],
                vec![],
            )
            .native(),
        ),
        touch_r: b.fun(
            Fun::new(
                "touch_r",
                vec![ST::Address],
                vec![],
                vec![],
                vec![MoveLoc(0), ImmBorrowGlobal(r_sd), Pop, Ret],
            )
            .acquires(vec![r_sd]),
        ),
    };
    let params = vec![
        mr(s.clone()),
        mr(vec_of(ST::U64)),
        s.clone(),
        ST::Address,
        ST::Bool,
    ];
    // LOCALS: 5 &mut u64, 6 &mut u64, 7 &mut S, 8 &u64, 9 &mut vector<u64>, 10 &S, 11 u64,
    // 12 &mut In, 13 &In, 14 &R, 15 &mut R.
    let locals = vec![
        mr(ST::U64),
        mr(ST::U64),
        mr(s.clone()),
        r(ST::U64),
        mr(vec_of(ST::U64)),
        r(s),
        ST::U64,
        mr(ST::Struct(in_sh)),
        r(ST::Struct(in_sh)),
        r(ST::Struct(r_sh)),
        mr(ST::Struct(r_sh)),
    ];
    let mut f = Fun::new("f", params, rets, locals, code(&h));
    if acquires {
        f = f.acquires(vec![r_sd]);
    }
    b.fun(f);
    b.build()
}

/// The locals of `f` (documentation anchor for the constants above).
#[allow(dead_code)]
const LOCALS: () = ();

/// One negative rule.
struct Kernel {
    name: &'static str,
    code: StatusCode,
    rets: Vec<ST>,
    acquires: bool,
    /// Creates the live borrow (stack-neutral).
    setup: fn(&H) -> Vec<Bytecode>,
    /// Stores a harmless reference in the same locals (the other arm of the branch form);
    /// `None`: the same as `setup`.
    alt: Option<fn(&H) -> Vec<Bytecode>>,
    /// The conflicting use (stack-neutral; may be empty when the tail is the violation).
    violation: fn(&H) -> Vec<Bytecode>,
    /// Pushes the return values.
    tail: fn(&H) -> Vec<Bytecode>,
}

fn none(_: &H) -> Vec<Bytecode> {
    vec![]
}

/// `&mut s.b` in local 5.
fn borrow_s_b(h: &H) -> Vec<Bytecode> {
    vec![CopyLoc(P_S), MutBorrowField(h.s_b), StLoc(L_MU64)]
}

/// A harmless `&mut u64` in local 5: a borrow of local 11.
fn borrow_local_u64(_: &H) -> Vec<Bytecode> {
    vec![LdU64(0), StLoc(L_U64), MutBorrowLoc(L_U64), StLoc(L_MU64)]
}

/// `&mut v[0]` in local 5.
fn borrow_elem(h: &H) -> Vec<Bytecode> {
    vec![
        CopyLoc(P_V),
        LdU64(0),
        VecMutBorrow(h.u64_sig),
        StLoc(L_MU64),
    ]
}

/// `&mut loc` in local 7.
fn borrow_loc_s(_: &H) -> Vec<Bytecode> {
    vec![MutBorrowLoc(P_LOC), StLoc(L_MS)]
}

/// A copy of `s` in local 7.
fn copy_s(_: &H) -> Vec<Bytecode> {
    vec![CopyLoc(P_S), StLoc(L_MS)]
}

/// `&R[addr]` in local 14.
fn borrow_global_imm(h: &H) -> Vec<Bytecode> {
    vec![CopyLoc(P_ADDR), ImmBorrowGlobal(h.r_sd), StLoc(L_IR)]
}

/// `&mut R[addr].a.x` in local 5 and `&mut R[addr]` in local 15.
fn borrow_global_nested(h: &H) -> Vec<Bytecode> {
    vec![
        CopyLoc(P_ADDR),
        MutBorrowGlobal(h.r_sd),
        StLoc(L_MR),
        CopyLoc(L_MR),
        MutBorrowField(h.r_a),
        MutBorrowField(h.in_x),
        StLoc(L_MU64),
    ]
}

fn kernels() -> Vec<Kernel> {
    let k = |name, code, setup, alt, violation| Kernel {
        name,
        code,
        rets: vec![],
        acquires: false,
        setup,
        alt,
        violation,
        tail: none,
    };
    let mut v = vec![
        // WriteRef
        k(
            "write through a second &mut of the same field (copied &mut)",
            S::WRITEREF_EXISTS_BORROW_ERROR,
            borrow_s_b,
            Some(borrow_local_u64),
            |h| vec![LdU64(1), CopyLoc(P_S), MutBorrowField(h.s_b), WriteRef],
        ),
        k(
            "write the whole struct while a field is borrowed",
            S::WRITEREF_EXISTS_BORROW_ERROR,
            |h| vec![CopyLoc(P_S), ImmBorrowField(h.s_b), StLoc(L_IU64)],
            Some(|_| vec![LdU64(0), StLoc(L_U64), ImmBorrowLoc(L_U64), StLoc(L_IU64)]),
            |_| vec![CopyLoc(P_LOC), CopyLoc(P_S), WriteRef],
        ),
        k(
            "write through an alias of a live &mut copy",
            S::WRITEREF_EXISTS_BORROW_ERROR,
            copy_s,
            Some(borrow_loc_s),
            |h| {
                vec![
                    LdU64(0),
                    LdU64(0),
                    Pack(h.in_sd),
                    LdU64(0),
                    VecPack(h.u64_sig, 0),
                    Pack(h.s_sd),
                    CopyLoc(P_S),
                    WriteRef,
                ]
            },
        ),
        k(
            "write a local borrowed twice mutably",
            S::WRITEREF_EXISTS_BORROW_ERROR,
            borrow_local_u64,
            Some(|h| {
                vec![
                    LdU64(0),
                    StLoc(L_U64),
                    CopyLoc(P_S),
                    MutBorrowField(h.s_b),
                    StLoc(L_MU64),
                ]
            }),
            |_| vec![LdU64(1), MutBorrowLoc(L_U64), WriteRef],
        ),
        k(
            "overwrite a nested field of a global while a sub-field is borrowed",
            S::WRITEREF_EXISTS_BORROW_ERROR,
            borrow_global_nested,
            None,
            |h| {
                vec![
                    LdU64(0),
                    LdU64(0),
                    Pack(h.in_sd),
                    CopyLoc(L_MR),
                    MutBorrowField(h.r_a),
                    WriteRef,
                ]
            },
        ),
        // ReadRef / FreezeRef / Eq
        k(
            "read the struct while a field is mutably borrowed",
            S::READREF_EXISTS_MUTABLE_BORROW_ERROR,
            borrow_s_b,
            Some(borrow_local_u64),
            |_| vec![CopyLoc(P_S), ReadRef, Pop],
        ),
        k(
            "read through a call's &mut result's source",
            S::READREF_EXISTS_MUTABLE_BORROW_ERROR,
            |h| vec![CopyLoc(P_S), Call(h.pick), StLoc(L_MU64)],
            Some(borrow_local_u64),
            |_| vec![CopyLoc(P_S), ReadRef, Pop],
        ),
        k(
            "compare references while one is mutably borrowed",
            S::READREF_EXISTS_MUTABLE_BORROW_ERROR,
            borrow_s_b,
            Some(borrow_local_u64),
            |_| vec![CopyLoc(P_S), CopyLoc(P_S), Eq, Pop],
        ),
        k(
            "freeze while a field is mutably borrowed",
            S::FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR,
            borrow_s_b,
            Some(borrow_local_u64),
            |_| vec![CopyLoc(P_S), FreezeRef, Pop],
        ),
        k(
            "freeze a copied &mut vector while an element is mutably borrowed",
            S::FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR,
            borrow_elem,
            Some(borrow_local_u64),
            |_| vec![CopyLoc(P_V), FreezeRef, Pop],
        ),
        // Field borrows
        k(
            "immutable field borrow of a mutably borrowed field",
            S::BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR,
            borrow_s_b,
            Some(borrow_local_u64),
            |h| vec![CopyLoc(P_S), ImmBorrowField(h.s_b), Pop],
        ),
        k(
            "mutable field borrow while the struct is fully borrowed",
            S::BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR,
            copy_s,
            Some(borrow_loc_s),
            |h| vec![CopyLoc(P_S), MutBorrowField(h.s_b), Pop],
        ),
        // Locals
        k(
            "copy a mutably borrowed local",
            S::COPYLOC_EXISTS_BORROW_ERROR,
            borrow_loc_s,
            Some(copy_s),
            |_| vec![CopyLoc(P_LOC), Pop],
        ),
        k(
            "move a borrowed local",
            S::MOVELOC_EXISTS_BORROW_ERROR,
            borrow_loc_s,
            Some(copy_s),
            |_| vec![MoveLoc(P_LOC), StLoc(P_LOC)],
        ),
        k(
            "overwrite a borrowed local",
            S::STLOC_UNSAFE_TO_DESTROY_ERROR,
            |_| vec![LdU64(0), StLoc(L_U64), ImmBorrowLoc(L_U64), StLoc(L_IU64)],
            Some(|h| {
                vec![
                    LdU64(0),
                    StLoc(L_U64),
                    CopyLoc(P_S),
                    ImmBorrowField(h.s_b),
                    StLoc(L_IU64),
                ]
            }),
            |_| vec![LdU64(1), StLoc(L_U64)],
        ),
        k(
            "immutably borrow a mutably borrowed local",
            S::BORROWLOC_EXISTS_BORROW_ERROR,
            borrow_loc_s,
            Some(copy_s),
            |_| vec![ImmBorrowLoc(P_LOC), Pop],
        ),
        // Calls
        k(
            "pass a &mut whose field is borrowed",
            S::CALL_BORROWED_MUTABLE_REFERENCE_ERROR,
            borrow_s_b,
            Some(borrow_local_u64),
            |h| vec![CopyLoc(P_S), Call(h.take_s)],
        ),
        k(
            "pass two &mut to the same field",
            S::CALL_BORROWED_MUTABLE_REFERENCE_ERROR,
            borrow_s_b,
            Some(borrow_local_u64),
            |h| {
                vec![
                    CopyLoc(L_MU64),
                    CopyLoc(P_S),
                    MutBorrowField(h.s_b),
                    Call(h.take2),
                ]
            },
        ),
        // Vectors
        k(
            "push_back while an element is mutably borrowed",
            S::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR,
            borrow_elem,
            Some(borrow_local_u64),
            |h| vec![CopyLoc(P_V), LdU64(1), VecPushBack(h.u64_sig)],
        ),
        k(
            "pop_back while an element is mutably borrowed",
            S::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR,
            borrow_elem,
            Some(borrow_local_u64),
            |h| vec![CopyLoc(P_V), VecPopBack(h.u64_sig), Pop],
        ),
        k(
            "swap while an element is mutably borrowed",
            S::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR,
            borrow_elem,
            Some(borrow_local_u64),
            |h| vec![CopyLoc(P_V), LdU64(0), LdU64(1), VecSwap(h.u64_sig)],
        ),
        k(
            "push_back while an element is immutably borrowed",
            S::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR,
            |h| {
                vec![
                    CopyLoc(P_V),
                    LdU64(0),
                    VecImmBorrow(h.u64_sig),
                    StLoc(L_IU64),
                ]
            },
            Some(|_| vec![LdU64(0), StLoc(L_U64), ImmBorrowLoc(L_U64), StLoc(L_IU64)]),
            |h| vec![CopyLoc(P_V), LdU64(1), VecPushBack(h.u64_sig)],
        ),
        k(
            "second mutable element borrow while an element is mutably borrowed",
            S::VEC_BORROW_ELEMENT_EXISTS_MUTABLE_BORROW_ERROR,
            borrow_elem,
            Some(borrow_local_u64),
            |h| vec![CopyLoc(P_V), LdU64(1), VecMutBorrow(h.u64_sig), Pop],
        ),
    ];
    // The nested-global kernel borrows R.
    for k in &mut v {
        if k.name.contains("global") {
            k.acquires = true;
        }
    }
    // Globals (the function acquires R).
    let g = |name, setup, violation| Kernel {
        name,
        code: S::GLOBAL_REFERENCE_ERROR,
        rets: vec![],
        acquires: true,
        setup,
        alt: None,
        violation,
        tail: none,
    };
    v.push(g(
        "mutably borrow a borrowed global",
        borrow_global_imm,
        |h| vec![CopyLoc(P_ADDR), MutBorrowGlobal(h.r_sd), Pop],
    ));
    v.push(g(
        "immutably borrow a mutably borrowed global",
        borrow_global_nested,
        |h| vec![CopyLoc(P_ADDR), ImmBorrowGlobal(h.r_sd), Pop],
    ));
    v.push(g("move_from a borrowed global", borrow_global_imm, |h| {
        vec![CopyLoc(P_ADDR), MoveFrom(h.r_sd), Unpack(h.r_sd), Pop, Pop]
    }));
    v.push(g(
        "call a function acquiring a borrowed global",
        borrow_global_imm,
        |h| vec![CopyLoc(P_ADDR), Call(h.touch_r)],
    ));
    // Returns.
    v.push(Kernel {
        name: "return a &mut together with a reference borrowing it",
        code: S::RET_BORROWED_MUTABLE_REFERENCE_ERROR,
        rets: vec![mr(ST::U64), mr(ST::Struct(StructHandleIndex(1)))],
        acquires: false,
        setup: borrow_local_u64,
        alt: Some(borrow_s_b),
        violation: none,
        tail: |h| vec![CopyLoc(P_S), MutBorrowField(h.s_b), CopyLoc(P_S)],
    });
    v.push(Kernel {
        name: "return a reference to a local",
        code: S::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED,
        rets: vec![r(ST::U64)],
        acquires: false,
        setup: |_| vec![LdU64(0), StLoc(L_U64)],
        alt: None,
        violation: none,
        tail: |_| vec![ImmBorrowLoc(L_U64)],
    });
    v.push(Kernel {
        name: "return a call's result that borrows a local",
        code: S::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED,
        rets: vec![r(ST::U64)],
        acquires: false,
        setup: none,
        alt: None,
        violation: none,
        tail: |h| vec![ImmBorrowLoc(P_LOC), Call(h.pick_imm)],
    });
    v.push(Kernel {
        name: "return a reference into a global",
        code: S::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED,
        rets: vec![r(ST::U64)],
        acquires: true,
        setup: none,
        alt: None,
        violation: none,
        tail: |h| {
            vec![
                CopyLoc(P_ADDR),
                ImmBorrowGlobal(h.r_sd),
                ImmBorrowField(h.r_a),
                ImmBorrowField(h.in_x),
            ]
        },
    });
    v
}

#[derive(Clone, Copy, Debug)]
enum Form {
    Straight,
    BranchJoin,
    Loop,
}

/// Builds `f`'s body for a kernel in one form (branch targets computed from the lengths).
fn body(k: &Kernel, h: &H, form: Form) -> Vec<Bytecode> {
    let setup = (k.setup)(h);
    let alt = k.alt.map_or_else(|| setup.clone(), |a| a(h));
    let violation = (k.violation)(h);
    let tail = (k.tail)(h);
    let at = |code: &Vec<Bytecode>| u16::try_from(code.len()).expect("small");
    let mut code = Vec::new();
    match form {
        Form::Straight => {
            code.extend(setup);
            code.extend(violation);
        }
        Form::BranchJoin => {
            // if (cond) { setup } else { alt }; violation
            code.push(CopyLoc(P_COND));
            let br = code.len();
            code.push(BrFalse(0));
            code.extend(setup);
            let jump = code.len();
            code.push(Branch(0));
            let else_at = at(&code);
            code.extend(alt);
            let join_at = at(&code);
            code[br] = BrFalse(else_at);
            code[jump] = Branch(join_at);
            code.extend(violation);
        }
        Form::Loop => {
            // setup; while (cond) { violation }
            code.extend(setup);
            let head = at(&code);
            code.push(CopyLoc(P_COND));
            let br = code.len();
            code.push(BrFalse(0));
            code.extend(violation);
            code.push(Branch(head));
            let exit = at(&code);
            code[br] = BrFalse(exit);
        }
    }
    code.extend(tail);
    code.push(Ret);
    code
}

fn configs() -> [(&'static str, VerifierConfig); 2] {
    [
        ("default", VerifierConfig::default()),
        ("production", VerifierConfig::production()),
    ]
}

#[test]
fn negative_rules_in_every_form() {
    let mut failures = Vec::new();
    let mut count = 0;
    for k in kernels() {
        for form in [Form::Straight, Form::BranchJoin, Form::Loop] {
            let m = module(k.rets.clone(), k.acquires, |h| body(&k, h, form));
            for (cfg_name, cfg) in configs() {
                count += 1;
                match verify_module_with_config(&cfg, &m) {
                    Err(e) if e.major_status() == k.code => {}
                    Err(e) => failures.push(format!(
                        "{} [{form:?}, {cfg_name}]: expected {}, got {e}",
                        k.name, k.code
                    )),
                    Ok(()) => failures.push(format!(
                        "{} [{form:?}, {cfg_name}]: expected {}, verified OK",
                        k.name, k.code
                    )),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 2 * 60, "only {count} checks");
}

/// The kernels without their violation must verify in every form: each negative fails because
/// of its violation, not because of its scaffolding.
#[test]
fn kernels_without_violation_verify() {
    for k in kernels() {
        // The return kernels' violation is their tail: nothing to take away.
        if !k.rets.is_empty() {
            continue;
        }
        let k = Kernel {
            violation: none,
            ..k
        };
        for form in [Form::Straight, Form::BranchJoin, Form::Loop] {
            let m = module(vec![], k.acquires, |h| body(&k, h, form));
            for (cfg_name, cfg) in configs() {
                if let Err(e) = verify_module_with_config(&cfg, &m) {
                    panic!("{} [{form:?}, {cfg_name}] without violation: {e}", k.name);
                }
            }
        }
    }
}

struct Positive {
    name: &'static str,
    rets: Vec<ST>,
    acquires: bool,
    code: fn(&H) -> Vec<Bytecode>,
}

fn positives() -> Vec<Positive> {
    let p = |name, code| Positive {
        name,
        rets: vec![],
        acquires: false,
        code,
    };
    vec![
        p("two fields of one struct mutably borrowed at once", |h| {
            vec![
                CopyLoc(P_S),
                MutBorrowField(h.s_b),
                StLoc(L_MU64),
                CopyLoc(P_S),
                MutBorrowField(h.s_v),
                StLoc(9),
                LdU64(1),
                MoveLoc(L_MU64),
                WriteRef,
                MoveLoc(9),
                LdU64(2),
                VecPushBack(h.u64_sig),
                Ret,
            ]
        }),
        p(
            "two sub-fields of one nested field mutably borrowed at once",
            |h| {
                vec![
                    CopyLoc(P_S),
                    MutBorrowField(h.s_a),
                    StLoc(L_MIN),
                    CopyLoc(L_MIN),
                    MutBorrowField(h.in_x),
                    StLoc(L_MU64),
                    CopyLoc(L_MIN),
                    MutBorrowField(h.in_y),
                    StLoc(L_MU64B),
                    LdU64(1),
                    MoveLoc(L_MU64),
                    WriteRef,
                    LdU64(2),
                    MoveLoc(L_MU64B),
                    WriteRef,
                    Ret,
                ]
            },
        ),
        p("call with two disjoint &mut sub-fields", |h| {
            vec![
                CopyLoc(P_S),
                MutBorrowField(h.s_a),
                StLoc(L_MIN),
                CopyLoc(L_MIN),
                MutBorrowField(h.in_x),
                MoveLoc(L_MIN),
                MutBorrowField(h.in_y),
                Call(h.take2),
                Ret,
            ]
        }),
        p("sequential &mut of one field after release", |h| {
            vec![
                CopyLoc(P_S),
                MutBorrowField(h.s_b),
                StLoc(L_MU64),
                LdU64(1),
                MoveLoc(L_MU64),
                WriteRef,
                CopyLoc(P_S),
                MutBorrowField(h.s_b),
                StLoc(L_MU64),
                LdU64(2),
                MoveLoc(L_MU64),
                WriteRef,
                Ret,
            ]
        }),
        p(
            "freeze then read while an immutable field borrow lives",
            |h| {
                vec![
                    CopyLoc(P_S),
                    ImmBorrowField(h.s_b),
                    StLoc(L_IU64),
                    CopyLoc(P_S),
                    FreezeRef,
                    ReadRef,
                    Pop,
                    MoveLoc(L_IU64),
                    ReadRef,
                    Pop,
                    Ret,
                ]
            },
        ),
        p("element borrow after pop_back", |h| {
            vec![
                CopyLoc(P_V),
                VecPopBack(h.u64_sig),
                Pop,
                CopyLoc(P_V),
                LdU64(0),
                VecMutBorrow(h.u64_sig),
                StLoc(L_MU64),
                LdU64(3),
                MoveLoc(L_MU64),
                WriteRef,
                Ret,
            ]
        }),
        p("two immutable element borrows at once", |h| {
            vec![
                CopyLoc(P_V),
                LdU64(0),
                VecImmBorrow(h.u64_sig),
                CopyLoc(P_V),
                LdU64(1),
                VecImmBorrow(h.u64_sig),
                ReadRef,
                Pop,
                ReadRef,
                Pop,
                Ret,
            ]
        }),
        p(
            "immutable element borrow while an element is mutably borrowed",
            |h| {
                vec![
                    CopyLoc(P_V),
                    LdU64(0),
                    VecMutBorrow(h.u64_sig),
                    StLoc(L_MU64),
                    CopyLoc(P_V),
                    LdU64(1),
                    VecImmBorrow(h.u64_sig),
                    Pop,
                    MoveLoc(L_MU64),
                    Pop,
                    Ret,
                ]
            },
        ),
        p("vector length while an element is mutably borrowed", |h| {
            vec![
                CopyLoc(P_V),
                LdU64(0),
                VecMutBorrow(h.u64_sig),
                StLoc(L_MU64),
                CopyLoc(P_V),
                VecLen(h.u64_sig),
                Pop,
                LdU64(1),
                MoveLoc(L_MU64),
                WriteRef,
                Ret,
            ]
        }),
        p("read one field while another is mutably borrowed", |h| {
            vec![
                CopyLoc(P_S),
                MutBorrowField(h.s_v),
                StLoc(9),
                CopyLoc(P_S),
                ImmBorrowField(h.s_b),
                ReadRef,
                Pop,
                MoveLoc(9),
                LdU64(1),
                VecPushBack(h.u64_sig),
                Ret,
            ]
        }),
        p("compare two immutable borrows of the same field", |h| {
            vec![
                CopyLoc(P_S),
                ImmBorrowField(h.s_b),
                CopyLoc(P_S),
                ImmBorrowField(h.s_b),
                Eq,
                Pop,
                Ret,
            ]
        }),
        p("borrow released inside each loop iteration", |h| {
            vec![
                CopyLoc(P_COND),
                BrFalse(9),
                CopyLoc(P_S),
                MutBorrowField(h.s_b),
                StLoc(L_MU64),
                LdU64(1),
                MoveLoc(L_MU64),
                WriteRef,
                Branch(0),
                // 9:
                Ret,
            ]
        }),
        p(
            "loop-carried &mut re-borrowed and overwritten each iteration",
            |h| {
                vec![
                    CopyLoc(P_COND),
                    BrFalse(6),
                    CopyLoc(P_S),
                    MutBorrowField(h.s_b),
                    StLoc(L_MU64),
                    Branch(0),
                    Ret,
                ]
            },
        ),
        p(
            "different borrows in two arms written after the join",
            |h| {
                vec![
                    CopyLoc(P_COND),
                    BrFalse(6),
                    CopyLoc(P_S),
                    MutBorrowField(h.s_b),
                    StLoc(L_MU64),
                    Branch(10),
                    // 6:
                    LdU64(0),
                    StLoc(L_U64),
                    MutBorrowLoc(L_U64),
                    StLoc(L_MU64),
                    // 10:
                    LdU64(1),
                    MoveLoc(L_MU64),
                    WriteRef,
                    Ret,
                ]
            },
        ),
        p(
            "borrow a local, write through it, then move the local",
            |h| {
                vec![
                    MutBorrowLoc(P_LOC),
                    MutBorrowField(h.s_b),
                    StLoc(L_MU64),
                    LdU64(1),
                    MoveLoc(L_MU64),
                    WriteRef,
                    MoveLoc(P_LOC),
                    Pop,
                    Ret,
                ]
            },
        ),
        p(
            "read a call's immutable result, then write the source",
            |h| {
                vec![
                    CopyLoc(P_S),
                    FreezeRef,
                    Call(h.pick_imm),
                    ReadRef,
                    Pop,
                    CopyLoc(P_LOC),
                    CopyLoc(P_S),
                    WriteRef,
                    Ret,
                ]
            },
        ),
        p("abort with live mutable borrows", |h| {
            vec![
                CopyLoc(P_S),
                MutBorrowField(h.s_b),
                StLoc(L_MU64),
                CopyLoc(P_S),
                StLoc(L_MS),
                LdU64(0),
                Abort,
            ]
        }),
        Positive {
            name: "exists while the global is mutably borrowed",
            rets: vec![],
            acquires: true,
            code: |h| {
                vec![
                    CopyLoc(P_ADDR),
                    MutBorrowGlobal(h.r_sd),
                    StLoc(L_MR),
                    CopyLoc(P_ADDR),
                    Exists(h.r_sd),
                    Pop,
                    MoveLoc(L_MR),
                    Pop,
                    Ret,
                ]
            },
        },
        Positive {
            name: "two immutable borrows of one global, then a call acquiring it",
            rets: vec![],
            acquires: true,
            code: |h| {
                vec![
                    CopyLoc(P_ADDR),
                    ImmBorrowGlobal(h.r_sd),
                    StLoc(L_IR),
                    CopyLoc(P_ADDR),
                    ImmBorrowGlobal(h.r_sd),
                    Pop,
                    MoveLoc(L_IR),
                    Pop,
                    CopyLoc(P_ADDR),
                    Call(h.touch_r),
                    Ret,
                ]
            },
        },
        Positive {
            name: "return a &mut field of a parameter after other borrows end",
            rets: vec![mr(ST::U64)],
            acquires: false,
            code: |h| {
                vec![
                    CopyLoc(P_S),
                    MutBorrowField(h.s_b),
                    StLoc(L_MU64),
                    MoveLoc(L_MU64),
                    ReadRef,
                    Pop,
                    MoveLoc(P_S),
                    MutBorrowField(h.s_b),
                    Ret,
                ]
            },
        },
        Positive {
            name: "return two disjoint &mut parameters",
            rets: vec![mr(vec_of(ST::U64)), mr(ST::U64)],
            acquires: false,
            code: |h| vec![MoveLoc(P_V), MoveLoc(P_S), MutBorrowField(h.s_b), Ret],
        },
    ]
}

#[test]
fn tricky_positives_verify() {
    let mut failures = Vec::new();
    let all = positives();
    for p in &all {
        let m = module(p.rets.clone(), p.acquires, p.code);
        for (cfg_name, cfg) in configs() {
            if let Err(e) = verify_module_with_config(&cfg, &m) {
                failures.push(format!("{} [{cfg_name}]: {e}", p.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(all.len() >= 20, "only {} positives", all.len());
}
