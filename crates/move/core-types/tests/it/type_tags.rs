//! Type tags: text and BCS round trips, hostile input.

use lumio_move_core_types::{AccountAddress, Identifier, StructTag, TypeTag};
use proptest::prelude::*;

fn arb_ident() -> impl Strategy<Value = Identifier> {
    "[a-zA-Z][a-zA-Z0-9_]{0,8}".prop_map(|s| Identifier::new(s).unwrap())
}

fn arb_type_tag() -> impl Strategy<Value = TypeTag> {
    let leaf = prop_oneof![
        Just(TypeTag::Bool),
        Just(TypeTag::U8),
        Just(TypeTag::U16),
        Just(TypeTag::U32),
        Just(TypeTag::U64),
        Just(TypeTag::U128),
        Just(TypeTag::U256),
        Just(TypeTag::I8),
        Just(TypeTag::I64),
        Just(TypeTag::I256),
        Just(TypeTag::Address),
        Just(TypeTag::Signer),
    ];
    leaf.prop_recursive(4, 16, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| TypeTag::Vector(Box::new(t))),
            (
                any::<[u8; 32]>(),
                arb_ident(),
                arb_ident(),
                prop::collection::vec(inner, 0..3)
            )
                .prop_map(|(a, module, name, type_args)| TypeTag::Struct(Box::new(
                    StructTag {
                        address: AccountAddress::new(a),
                        module,
                        name,
                        type_args,
                    }
                ))),
        ]
    })
}

proptest! {
    #[test]
    fn text_round_trip(t in arb_type_tag()) {
        let s = t.to_string();
        prop_assert_eq!(&s.parse::<TypeTag>().unwrap(), &t);
        prop_assert_eq!(t.to_canonical_string().parse::<TypeTag>().unwrap(), t);
    }

    #[test]
    fn bcs_round_trip(t in arb_type_tag()) {
        let b = bcs::to_bytes(&t).unwrap();
        prop_assert_eq!(bcs::from_bytes::<TypeTag>(&b).unwrap(), t);
    }

    #[test]
    fn parser_never_panics(s in "[ -~]{0,64}") {
        let _ = s.parse::<TypeTag>();
        let _ = s.parse::<StructTag>();
        let _ = s.parse::<AccountAddress>();
    }

    #[test]
    fn bcs_decoder_never_panics(b in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = bcs::from_bytes::<TypeTag>(&b);
    }
}

#[test]
fn aptos_examples() {
    let t: TypeTag = "0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>"
        .parse()
        .unwrap();
    assert_eq!(
        t.to_string(),
        "0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>"
    );
    let long = format!("0x{}::m::S", "ab".repeat(32));
    let t: TypeTag = long.parse().unwrap();
    assert_eq!(t.to_string(), long);
    assert_eq!(
        "vector<u8>".parse::<TypeTag>().unwrap(),
        TypeTag::Vector(Box::new(TypeTag::U8))
    );
}

#[test]
fn deeply_nested_bcs_is_rejected_not_overflowing() {
    // 400 nested `vector` tags: BCS' container-depth limit or our data must stop it cleanly.
    let mut b = vec![6u8; 400];
    b.push(1);
    let _ = bcs::from_bytes::<TypeTag>(&b);
}
