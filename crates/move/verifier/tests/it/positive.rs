//! Valid modules that must verify: each exercises a feature the negative corpus attacks, so
//! the verifier is shown not to be stricter than Move allows.

use lumio_move_binary_format::file_format::{Bytecode::*, *};
use lumio_move_core_types::AccountAddress;
use lumio_move_verifier::{VerifierConfig, verify_module_with_config, verify_script};

use crate::builder::*;

/// A module using most instruction families correctly.
pub(crate) fn rich_module() -> CompiledModule {
    let mut b = B::new();
    let (sh, sd) = b.struct_(
        "S",
        copy_drop(),
        vec![],
        vec![("a", ST::U64), ("b", ST::U64)],
    );
    let fa = b.field(sd, 0);
    let fb = b.field(sd, 1);
    let (rh, rd) = b.struct_("R", key_store(), vec![], vec![("a", ST::U64)]);
    let (gh, gd) = b.struct_(
        "G",
        ab(&[Ability::Copy, Ability::Drop, Ability::Store, Ability::Key]),
        vec![(ab(&[Ability::Store]), false)],
        vec![("x", tp(0))],
    );
    let gx = b.field(gd, 0);
    let (eh, ed) = b.enum_(
        "E",
        drop_(),
        vec![],
        vec![
            ("A", vec![("x", ST::U64)]),
            ("B", vec![("x", ST::U64), ("y", ST::Bool)]),
        ],
    );
    let va = b.variant(ed, 0);
    let vb = b.variant(ed, 1);
    let vfx = b.variant_field(ed, vec![0, 1], 0);
    let vec_u64 = b.sig(vec![ST::U64]);
    let k = b.constant(vec_of(ST::U8), vec![2, 0xAB, 0xCD]);

    // Arithmetic, locals, branches, a loop.
    b.f(
        "sum",
        vec![ST::U64],
        vec![ST::U64],
        vec![ST::U64],
        vec![
            LdU64(0),
            StLoc(1), // 0..1
            CopyLoc(0),
            LdU64(0),
            Gt,
            BrFalse(15), // 2..5: loop head
            MoveLoc(1),
            CopyLoc(0),
            Add,
            StLoc(1), // 6..9
            MoveLoc(0),
            LdU64(1),
            Sub,
            StLoc(0),
            Branch(2), // 10..14
            MoveLoc(1),
            Ret, // 15..16
        ],
    );
    // Disjoint field borrows and writes.
    b.f(
        "fields",
        vec![mr(ST::Struct(sh))],
        vec![],
        vec![mr(ST::U64), r(ST::U64)],
        vec![
            CopyLoc(0),
            MutBorrowField(fa),
            StLoc(1),
            CopyLoc(0),
            ImmBorrowField(fb),
            StLoc(2),
            MoveLoc(2),
            ReadRef,
            MoveLoc(1),
            WriteRef,
            MoveLoc(0),
            Pop,
            Ret,
        ],
    );
    // Copy of S, pack / unpack.
    b.f(
        "pack",
        vec![],
        vec![ST::Struct(sh)],
        vec![],
        vec![
            LdU64(1),
            LdU64(2),
            Pack(sd),
            Unpack(sd),
            Add,
            LdU64(3),
            Pack(sd),
            Ret,
        ],
    );
    // Return a reference derived from a parameter.
    let first = b.f(
        "first",
        vec![r(ST::Struct(sh))],
        vec![r(ST::U64)],
        vec![],
        vec![MoveLoc(0), ImmBorrowField(fa), Ret],
    );
    b.f(
        "call_ref",
        vec![r(ST::Struct(sh))],
        vec![ST::U64],
        vec![],
        vec![MoveLoc(0), Call(first), ReadRef, Ret],
    );
    // Globals with acquires.
    b.fun(Fun::new(
        "publish",
        vec![r(ST::Signer), ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), MoveLoc(1), Pack(rd), MoveTo(rd), Ret],
    ));
    let bump = b.fun(
        Fun::new(
            "bump",
            vec![ST::Address],
            vec![],
            vec![mr(ST::Struct(rh))],
            vec![
                CopyLoc(0),
                Exists(rd),
                BrFalse(9),
                MoveLoc(0),
                MutBorrowGlobal(rd),
                StLoc(1),
                MoveLoc(1),
                Pop,
                Ret,
                Ret, // 9
            ],
        )
        .acquires(vec![rd]),
    );
    b.fun(
        Fun::new(
            "take",
            vec![ST::Address],
            vec![ST::U64],
            vec![],
            vec![
                CopyLoc(0),
                Call(bump),
                MoveLoc(0),
                MoveFrom(rd),
                Unpack(rd),
                Ret,
            ],
        )
        .acquires(vec![rd]),
    );
    // Generics: G<T>, field borrow generic, generic call.
    let gi = b.struct_inst(gd, vec![tp(0)]);
    let gxi = b.field_inst(gx, vec![tp(0)]);
    let id = b.fun(
        Fun::new(
            "id",
            vec![tp(0)],
            vec![tp(0)],
            vec![],
            vec![MoveLoc(0), Ret],
        )
        .tparams(vec![ab(&[Ability::Store])]),
    );
    let idi = b.fun_inst(id, vec![tp(0)]);
    b.fun(
        Fun::new(
            "wrap",
            vec![tp(0)],
            vec![ST::StructInstantiation(gh, vec![tp(0)])],
            vec![],
            vec![MoveLoc(0), CallGeneric(idi), PackGeneric(gi), Ret],
        )
        .tparams(vec![ab(&[Ability::Store])]),
    );
    b.fun(
        Fun::new(
            "peek",
            vec![r(ST::StructInstantiation(gh, vec![tp(0)]))],
            vec![r(tp(0))],
            vec![],
            vec![MoveLoc(0), ImmBorrowFieldGeneric(gxi), Ret],
        )
        .tparams(vec![ab(&[Ability::Store])]),
    );
    // Vectors.
    b.f(
        "vectors",
        vec![],
        vec![ST::U64],
        vec![vec_of(ST::U64), mr(ST::U64)],
        vec![
            LdU64(1),
            LdU64(2),
            VecPack(vec_u64, 2),
            StLoc(0),
            MutBorrowLoc(0),
            LdU64(3),
            VecPushBack(vec_u64),
            MutBorrowLoc(0),
            LdU64(0),
            LdU64(2),
            VecSwap(vec_u64),
            MutBorrowLoc(0),
            LdU64(0),
            VecMutBorrow(vec_u64),
            StLoc(1),
            LdU64(9),
            MoveLoc(1),
            WriteRef,
            ImmBorrowLoc(0),
            VecLen(vec_u64),
            MutBorrowLoc(0),
            VecPopBack(vec_u64),
            Add,
            MoveLoc(0),
            VecUnpack(vec_u64, 2),
            Add,
            Add,
            LdConst(k),
            Pop,
            Ret,
        ],
    );
    // Enums.
    b.f(
        "enums",
        vec![ST::Bool],
        vec![ST::U64],
        vec![ST::Struct(eh)],
        vec![
            MoveLoc(0),
            BrFalse(6),
            LdU64(1),
            PackVariant(va),
            StLoc(1),
            Branch(10),
            LdU64(2),
            LdTrue,
            PackVariant(vb),
            StLoc(1),
            ImmBorrowLoc(1),
            TestVariant(va),
            BrFalse(17), // 10..12
            ImmBorrowLoc(1),
            ImmBorrowVariantField(vfx),
            ReadRef,
            Ret,
            LdU64(0),
            Ret, // 17
        ],
    );
    // A loop carrying a reference in a local (fixpoint with refs).
    b.f(
        "ref_loop",
        vec![mr(vec_of(ST::U64)), ST::U64],
        vec![],
        vec![mr(ST::U64)],
        vec![
            CopyLoc(0),
            LdU64(0),
            VecMutBorrow(vec_u64),
            StLoc(2), // 0..3
            CopyLoc(1),
            LdU64(0),
            Eq,
            BrTrue(16), // 4..7
            LdU64(1),
            CopyLoc(2),
            WriteRef, // 8..10
            MoveLoc(1),
            LdU64(1),
            Sub,
            StLoc(1),
            Branch(4), // 11..15
            MoveLoc(2),
            Pop,
            MoveLoc(0),
            Pop,
            Ret, // 16..20
        ],
    );
    // Entry function.
    b.fun(Fun::new("main", vec![ST::Signer, ST::U64], vec![], vec![], vec![Ret]).entry());
    // Friend at same address.
    b.friend(AccountAddress::ONE, "Friend");
    let _ = (rh, eh);
    b.build()
}

#[test]
fn rich_module_verifies() {
    let m = rich_module();
    verify_module_with_config(&VerifierConfig::default(), &m).unwrap();
    verify_module_with_config(&VerifierConfig::production(), &m).unwrap();
}

#[test]
fn trivial_modules_verify() {
    let cases = vec![
        one_fun(vec![], vec![], vec![], vec![Ret]),
        one_fun(vec![ST::U64], vec![ST::U64], vec![], vec![MoveLoc(0), Ret]),
        one_fun(
            vec![mr(ST::U64)],
            vec![mr(ST::U64)],
            vec![],
            vec![MoveLoc(0), Ret],
        ),
        one_fun(
            vec![mr(ST::U64)],
            vec![r(ST::U64)],
            vec![],
            vec![MoveLoc(0), FreezeRef, Ret],
        ),
        one_fun(vec![], vec![], vec![], vec![LdU64(1), Abort]),
        // A local borrowed in a branch and released before the join.
        one_fun(
            vec![ST::U64, ST::Bool],
            vec![],
            vec![r(ST::U64)],
            vec![
                MoveLoc(1),
                BrFalse(5),
                ImmBorrowLoc(0),
                StLoc(2),
                Branch(5),
                MoveLoc(0),
                Pop,
                Ret,
            ],
        ),
        // Immutable borrow of a local, then read, then overwrite.
        one_fun(
            vec![ST::U64],
            vec![ST::U64],
            vec![r(ST::U64)],
            vec![
                ImmBorrowLoc(0),
                StLoc(1),
                MoveLoc(1),
                ReadRef,
                LdU64(1),
                StLoc(0),
                MoveLoc(0),
                Add,
                Ret,
            ],
        ),
        // Two immutable borrows coexist.
        one_fun(
            vec![ST::U64],
            vec![ST::Bool],
            vec![],
            vec![ImmBorrowLoc(0), ImmBorrowLoc(0), Eq, Ret],
        ),
        // Nested loops within the production depth.
        one_fun(
            vec![],
            vec![],
            vec![],
            vec![Nop, Nop, LdFalse, BrTrue(1), LdFalse, BrTrue(0), Ret],
        ),
        // Signed integers (v9).
        one_fun(
            vec![],
            vec![ST::I64],
            vec![],
            vec![LdI64(-1), Negate, LdI64(2), Add, Ret],
        ),
        // abort_msg (v10).
        one_fun(
            vec![vec_of(ST::U8)],
            vec![],
            vec![],
            vec![LdU64(1), MoveLoc(0), AbortMsg],
        ),
    ];
    for (i, m) in cases.iter().enumerate() {
        if let Err(e) = verify_module_with_config(&VerifierConfig::production(), m) {
            panic!("case {i}: {e}");
        }
    }
}

#[test]
fn struct_api_patterns_verify() {
    let mut b = B::new();
    let (sh, sd) = b.struct_("S", NONE, vec![], vec![("a", ST::U64), ("b", ST::U64)]);
    let fa = b.field(sd, 1);
    b.f(
        "pack",
        vec![ST::U64, ST::U64],
        vec![ST::Struct(sh)],
        vec![],
        vec![MoveLoc(0), MoveLoc(1), Pack(sd), Ret],
    );
    b.f(
        "unpack",
        vec![ST::Struct(sh)],
        vec![ST::U64, ST::U64],
        vec![],
        vec![MoveLoc(0), Unpack(sd), Ret],
    );
    b.f(
        "borrow",
        vec![r(ST::Struct(sh))],
        vec![r(ST::U64)],
        vec![],
        vec![MoveLoc(0), ImmBorrowField(fa), Ret],
    );
    let mut m = b.build();
    m.version = 10;
    m.function_handles[0].attributes = vec![FunctionAttribute::Pack];
    m.function_handles[1].attributes =
        vec![FunctionAttribute::Unpack, FunctionAttribute::Persistent];
    m.function_handles[2].attributes = vec![FunctionAttribute::BorrowFieldImmutable(1)];
    let v10 = VerifierConfig {
        max_binary_format_version: 10,
        ..VerifierConfig::production()
    };
    verify_module_with_config(&v10, &m).unwrap();
    // Mainnet's late-2024 configuration does not take v10 bytecode at all.
    assert_eq!(
        verify_module_with_config(&VerifierConfig::production(), &m)
            .unwrap_err()
            .major_status(),
        lumio_move_core_types::StatusCode::UNKNOWN_VERSION
    );
}

#[test]
fn script_verifies() {
    let mut b = B::new();
    let _ = &mut b;
    let mut s = CompiledScript {
        version: 6,
        ..Default::default()
    };
    s.signatures.push(Signature(vec![r(ST::Signer), ST::U64]));
    s.signatures.push(Signature(vec![]));
    s.parameters = SignatureIndex(0);
    s.code = CodeUnit {
        locals: SignatureIndex(1),
        code: vec![MoveLoc(0), Pop, MoveLoc(1), LdU64(1), Add, Pop, Ret],
    };
    verify_script(&s).unwrap();
}

#[test]
fn v5_only_rejections_pass_as_v7() {
    for (name, code, _) in crate::negative::v5_control_flow_cases() {
        let m = one_fun(vec![], vec![], vec![], code);
        assert_eq!(m.version, 7, "builder default changed");
        if let Err(e) = verify_module_with_config(&VerifierConfig::default(), &m) {
            panic!("{name}: v7 rejects with {:?}", e.major_status());
        }
    }
}

#[test]
fn structured_v5_loops_verify() {
    use Bytecode::*;
    // while (a) { while (b) {}; if (c) break; }  with breaks to right after each loop.
    let code = vec![
        LdTrue,
        BrFalse(8),
        LdTrue,
        BrFalse(5),
        Branch(2),
        LdTrue,
        BrTrue(8),
        Branch(0),
        Ret,
    ];
    let mut m = one_fun(vec![], vec![], vec![], code);
    m.version = 5;
    verify_module_with_config(&VerifierConfig::production(), &m).unwrap();
}
