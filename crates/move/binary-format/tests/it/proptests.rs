//! Property tests: random valid modules round-trip; mutated binaries never panic.

use lumio_move_binary_format::{
    CompiledModule, CompiledScript, abi, cli::decode_bytes, disassembler,
    proptest_types::arb_module,
};
use proptest::prelude::*;

use crate::fixtures::fixtures;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// serialize → deserialize gives the same module, and re-serializing gives the same bytes.
    #[test]
    fn random_modules_round_trip(m in arb_module()) {
        let bytes = m.to_bytes().unwrap();
        let back = CompiledModule::deserialize(&bytes).unwrap();
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(back.to_bytes().unwrap(), bytes);
        // Viewing code must work on anything that deserializes.
        let _ = disassembler::disassemble_module(&back);
        let _ = abi::module_abi(&back);
    }
}

/// Seeds of mutation inputs: every fixture plus a few generated modules.
fn corpus() -> Vec<Vec<u8>> {
    let mut c: Vec<Vec<u8>> = fixtures().into_iter().map(|(_, b)| b).collect();
    for (i, v) in (5..=10).enumerate() {
        c.push(
            lumio_move_binary_format::proptest_types::generate_module(i as u64 * 7919 + 1, v)
                .to_bytes()
                .unwrap(),
        );
    }
    c
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
}

fn apply(mut b: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        if b.is_empty() {
            break;
        }
        match *m {
            Mutation::Flip(i, x) => {
                let i = i % b.len();
                b[i] ^= x.max(1);
            }
            Mutation::Set(i, x) => {
                let i = i % b.len();
                b[i] = x;
            }
            Mutation::Insert(i, x) => {
                let i = i % (b.len() + 1);
                b.insert(i, x);
            }
            Mutation::Delete(i) => {
                let i = i % b.len();
                b.remove(i);
            }
            Mutation::Truncate(i) => {
                let i = i % b.len();
                b.truncate(i);
            }
        }
    }
    b
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, x)| Mutation::Flip(i, x)),
        (
            any::<usize>(),
            prop_oneof![Just(0u8), Just(0x7f), Just(0x80), Just(0xff), any::<u8>()]
        )
            .prop_map(|(i, x)| Mutation::Set(i, x)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, x)| Mutation::Insert(i, x)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// Hostile bytes: decoding (and, when it succeeds, re-serializing and viewing) never panics.
    #[test]
    fn mutated_binaries_never_panic(pick in any::<usize>(), muts in prop::collection::vec(mutation(), 1..4)) {
        let corpus = corpus();
        let bytes = apply(corpus[pick % corpus.len()].clone(), &muts);
        if let Ok(m) = CompiledModule::deserialize(&bytes) {
            if let Ok(again) = m.to_bytes() {
                prop_assert_eq!(&CompiledModule::deserialize(&again).unwrap(), &m);
            }
            let _ = disassembler::disassemble_module(&m);
        }
        if let Ok(s) = CompiledScript::deserialize(&bytes) {
            if let Ok(again) = s.to_bytes() {
                prop_assert_eq!(&CompiledScript::deserialize(&again).unwrap(), &s);
            }
            let _ = disassembler::disassemble_script(&s);
        }
        let _ = decode_bytes(&bytes, true);
    }

    /// Completely random bytes behind a valid header.
    #[test]
    fn random_bodies_never_panic(version in 1u32..12, body in prop::collection::vec(any::<u8>(), 0..256)) {
        let mut bytes = vec![0xA1, 0x1C, 0xEB, 0x0B];
        let v = if version >= 7 { version | 0x0A00_0000 } else { version };
        bytes.extend_from_slice(&v.to_le_bytes());
        bytes.extend_from_slice(&body);
        let _ = CompiledModule::deserialize(&bytes);
        let _ = CompiledScript::deserialize(&bytes);
    }
}
