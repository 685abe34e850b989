//! MoveValue BCS against the serde `bcs` crate, and hostile input.

use lumio_move_core_types::{
    AccountAddress, MoveStructLayout, MoveTypeLayout, MoveValue, value::MoveStruct,
};
use proptest::prelude::*;

proptest! {
    #[test]
    fn struct_of_primitives_matches_serde_bcs(a in any::<u64>(), b in any::<Vec<u8>>(), c in any::<[u8; 32]>(), d in any::<bool>(), e in any::<u128>(), f in any::<i32>()) {
        let v = MoveValue::Struct(MoveStruct::Runtime(vec![
            MoveValue::U64(a),
            MoveValue::vector_u8(&b),
            MoveValue::Address(AccountAddress::new(c)),
            MoveValue::Bool(d),
            MoveValue::U128(e),
            MoveValue::I32(f),
        ]));
        let layout = MoveTypeLayout::Struct(MoveStructLayout::Runtime(vec![
            MoveTypeLayout::U64,
            MoveTypeLayout::Vector(Box::new(MoveTypeLayout::U8)),
            MoveTypeLayout::Address,
            MoveTypeLayout::Bool,
            MoveTypeLayout::U128,
            MoveTypeLayout::I32,
        ]));
        let bytes = v.simple_serialize().unwrap();
        prop_assert_eq!(&bytes, &bcs::to_bytes(&(a, &b, AccountAddress::new(c), d, e, f)).unwrap());
        prop_assert_eq!(MoveValue::simple_deserialize(&bytes, &layout).unwrap(), v);
    }

    #[test]
    fn decoder_never_panics(b in prop::collection::vec(any::<u8>(), 0..128)) {
        let layout = MoveTypeLayout::Vector(Box::new(MoveTypeLayout::Struct(MoveStructLayout::RuntimeVariants(vec![
            vec![MoveTypeLayout::U256],
            vec![MoveTypeLayout::Vector(Box::new(MoveTypeLayout::Address)), MoveTypeLayout::Bool],
        ]))));
        let _ = MoveValue::simple_deserialize(&b, &layout);
    }
}

#[test]
fn nested_vectors_of_empty_structs_are_bounded_by_depth() {
    let mut layout = MoveTypeLayout::U8;
    for _ in 0..200 {
        layout = MoveTypeLayout::Vector(Box::new(layout));
    }
    let bytes = vec![1u8; 300];
    assert!(MoveValue::simple_deserialize(&bytes, &layout).is_err());
}
