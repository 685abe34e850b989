//! Property: no mutation of a valid module makes the verifier panic (or report the panic
//! guard's invariant violation). Two mutators: raw bytes (through the deserializer) and
//! structured edits of the in-memory module (reaching the later passes directly).

use lumio_move_binary_format::file_format::{Bytecode::*, *};
use lumio_move_verifier::{
    PANIC_MESSAGE, VerifierConfig, verify_module_with_config, verify_module_with_deps,
};
use proptest::prelude::*;

use crate::{builder::*, positive::rich_module};

fn assert_no_panic(m: &CompiledModule) {
    for config in [VerifierConfig::default(), VerifierConfig::production()] {
        if let Err(e) = verify_module_with_config(&config, m) {
            assert_ne!(
                e.message(),
                Some(PANIC_MESSAGE),
                "verifier panicked on {m:#?}"
            );
            // `REPORT_CODES=1` prints every rejection code (to see which passes the mutations
            // reach); an invariant violation would point at a gap in an earlier pass.
            if std::env::var_os("REPORT_CODES").is_some() {
                eprintln!("CODE: {}", e.major_status());
            }
        }
    }
    if let Err(e) = verify_module_with_deps(m, [m]) {
        assert_ne!(e.message(), Some(PANIC_MESSAGE));
    }
}

fn seeds() -> Vec<CompiledModule> {
    let mut v = vec![rich_module()];
    for p in crate::fixtures::fixture_files() {
        if let Ok(bytes) = std::fs::read(&p)
            && let Ok(m) = CompiledModule::deserialize(&bytes)
        {
            v.push(m);
        }
    }
    v
}

/// An instruction from a selector and an operand (operands deliberately small so that many
/// are in bounds and reach the later passes).
fn instr(sel: u8, x: u16) -> Bytecode {
    let l = (x % 8) as u8;
    let o = x % 64;
    match sel % 60 {
        0 => Pop,
        1 => Ret,
        2 => BrTrue(o),
        3 => BrFalse(o),
        4 => Branch(o),
        5 => LdU64(u64::from(x)),
        6 => LdConst(ConstantPoolIndex(x % 4)),
        7 => LdTrue,
        8 => CopyLoc(l),
        9 => MoveLoc(l),
        10 => StLoc(l),
        11 => MutBorrowLoc(l),
        12 => ImmBorrowLoc(l),
        13 => MutBorrowField(FieldHandleIndex(x % 4)),
        14 => ImmBorrowField(FieldHandleIndex(x % 4)),
        15 => Call(FunctionHandleIndex(x % 16)),
        16 => Pack(StructDefinitionIndex(x % 4)),
        17 => Unpack(StructDefinitionIndex(x % 4)),
        18 => ReadRef,
        19 => WriteRef,
        20 => FreezeRef,
        21 => Add,
        22 => Eq,
        23 => Lt,
        24 => And,
        25 => Not,
        26 => Abort,
        27 => MutBorrowGlobal(StructDefinitionIndex(x % 4)),
        28 => ImmBorrowGlobal(StructDefinitionIndex(x % 4)),
        29 => Exists(StructDefinitionIndex(x % 4)),
        30 => MoveFrom(StructDefinitionIndex(x % 4)),
        31 => MoveTo(StructDefinitionIndex(x % 4)),
        32 => VecPack(SignatureIndex(x % 8), u64::from(x % 3)),
        33 => VecLen(SignatureIndex(x % 8)),
        34 => VecImmBorrow(SignatureIndex(x % 8)),
        35 => VecMutBorrow(SignatureIndex(x % 8)),
        36 => VecPushBack(SignatureIndex(x % 8)),
        37 => VecPopBack(SignatureIndex(x % 8)),
        38 => VecUnpack(SignatureIndex(x % 8), u64::from(x % 3)),
        39 => VecSwap(SignatureIndex(x % 8)),
        40 => CallGeneric(FunctionInstantiationIndex(x % 4)),
        41 => PackGeneric(StructDefInstantiationIndex(x % 4)),
        42 => ImmBorrowFieldGeneric(FieldInstantiationIndex(x % 4)),
        43 => PackVariant(StructVariantHandleIndex(x % 4)),
        44 => UnpackVariant(StructVariantHandleIndex(x % 4)),
        45 => TestVariant(StructVariantHandleIndex(x % 4)),
        46 => ImmBorrowVariantField(VariantFieldHandleIndex(x % 4)),
        47 => MutBorrowVariantField(VariantFieldHandleIndex(x % 4)),
        48 => CastU8,
        49 => Shl,
        50 => LdU8(x as u8),
        51 => Nop,
        52 => AbortMsg,
        53 => LdI64(i64::from(x)),
        54 => Negate,
        55 => MoveToGeneric(StructDefInstantiationIndex(x % 4)),
        56 => ExistsGeneric(StructDefInstantiationIndex(x % 4)),
        57 => LdFalse,
        58 => Sub,
        _ => Neq,
    }
}

fn token(sel: u8, h: u16) -> SignatureToken {
    match sel % 10 {
        0 => ST::U64,
        1 => ST::Bool,
        2 => r(ST::U64),
        3 => mr(ST::U64),
        4 => vec_of(ST::U8),
        5 => ST::Struct(StructHandleIndex(h % 4)),
        6 => tp(h % 2),
        7 => ST::Signer,
        8 => mr(ST::Struct(StructHandleIndex(h % 4))),
        _ => ST::Address,
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Replace {
        f: usize,
        pc: usize,
        sel: u8,
        x: u16,
    },
    Insert {
        f: usize,
        pc: usize,
        sel: u8,
        x: u16,
    },
    Delete {
        f: usize,
        pc: usize,
    },
    Token {
        s: usize,
        i: usize,
        sel: u8,
        h: u16,
    },
    Acquires {
        f: usize,
        sd: u16,
    },
    Abilities {
        sh: usize,
        bits: u8,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>(), any::<u8>(), any::<u16>()).prop_map(|(f, pc, sel, x)| Edit::Replace { f, pc, sel, x }),
        2 => (any::<usize>(), any::<usize>(), any::<u8>(), any::<u16>()).prop_map(|(f, pc, sel, x)| Edit::Insert { f, pc, sel, x }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(f, pc)| Edit::Delete { f, pc }),
        2 => (any::<usize>(), any::<usize>(), any::<u8>(), any::<u16>()).prop_map(|(s, i, sel, h)| Edit::Token { s, i, sel, h }),
        1 => (any::<usize>(), any::<u16>()).prop_map(|(f, sd)| Edit::Acquires { f, sd }),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(sh, bits)| Edit::Abilities { sh, bits }),
    ]
}

fn apply(m: &mut CompiledModule, e: &Edit) {
    let nf = m.function_defs.len().max(1);
    match *e {
        Edit::Replace { f, pc, sel, x } | Edit::Insert { f, pc, sel, x } => {
            if let Some(code) = m
                .function_defs
                .get_mut(f % nf)
                .and_then(|d| d.code.as_mut())
            {
                let n = code.code.len().max(1);
                if matches!(e, Edit::Replace { .. }) {
                    if let Some(slot) = code.code.get_mut(pc % n) {
                        *slot = instr(sel, x);
                    }
                } else {
                    code.code.insert(pc % (code.code.len() + 1), instr(sel, x));
                }
            }
        }
        Edit::Delete { f, pc } => {
            if let Some(code) = m
                .function_defs
                .get_mut(f % nf)
                .and_then(|d| d.code.as_mut())
                && !code.code.is_empty()
            {
                let n = code.code.len();
                code.code.remove(pc % n);
            }
        }
        Edit::Token { s, i, sel, h } => {
            let ns = m.signatures.len().max(1);
            if let Some(sig) = m.signatures.get_mut(s % ns) {
                let n = sig.0.len().max(1);
                if let Some(t) = sig.0.get_mut(i % n) {
                    *t = token(sel, h);
                } else {
                    sig.0.push(token(sel, h));
                }
            }
        }
        Edit::Acquires { f, sd } => {
            if let Some(d) = m.function_defs.get_mut(f % nf) {
                d.acquires_global_resources
                    .push(StructDefinitionIndex(sd % 4));
            }
        }
        Edit::Abilities { sh, bits } => {
            let n = m.struct_handles.len().max(1);
            if let (Some(h), Some(a)) = (
                m.struct_handles.get_mut(sh % n),
                AbilitySet::from_u8(bits & 0xF),
            ) {
                h.abilities = a;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn structured_mutations_never_panic(seed in any::<usize>(), edits in proptest::collection::vec(edit(), 1..6)) {
        let seeds = seeds();
        let mut m = seeds[seed % seeds.len()].clone();
        for e in &edits {
            apply(&mut m, e);
        }
        assert_no_panic(&m);
    }

    #[test]
    fn byte_mutations_never_panic(seed in any::<usize>(), flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let seeds = seeds();
        let Ok(mut bytes) = seeds[seed % seeds.len()].to_bytes() else { return Ok(()) };
        for (pos, val) in flips {
            let n = bytes.len();
            bytes[pos % n] = val;
        }
        if let Ok(m) = CompiledModule::deserialize(&bytes) {
            assert_no_panic(&m);
        }
        if let Ok(s) = CompiledScript::deserialize(&bytes)
            && let Err(e) = lumio_move_verifier::verify_script(&s) {
                assert_ne!(e.message(), Some(PANIC_MESSAGE));
            }
    }
}
