//! aptos-stdlib natives: known answers for every hash and signature scheme, tables (every
//! native, abort codes, change sets, references into entries from bytecode, handles, gas),
//! `type_info`, `from_bcs`, `string_utils` and `debug`. Each native is declared, as Aptos's
//! sources declare it, in a module built at `0x1` (the loader binds natives by address,
//! module and name), and called directly or from bytecode.

use std::{collections::BTreeMap, rc::Rc};

use ed25519_dalek::Signer as _;
use lumio_move_binary_format::{
    builder::ModuleBuilder,
    file_format::{
        Bytecode::*, CompiledModule, SignatureToken as ST, StructHandleIndex, StructTypeParameter,
        Visibility,
    },
};
use lumio_move_core_types::{
    Ability, AbilitySet, AccountAddress, Identifier, ModuleId, StatusCode, StructTag, TypeTag,
};
use lumio_move_vm::{
    BudgetMeter, ExecutionError, Session, Value, WriteOp,
    data_cache::TableResolver,
    errors::Location,
    natives::aptos_stdlib::DebugOutput,
    values::{Ref, container, read},
};
use sha3::Digest as _;

use crate::harness::{Env, GAS};

const PUBLIC: Visibility = Visibility::Public;
const EMPTY: AbilitySet = AbilitySet::EMPTY;

fn abilities(list: &[Ability]) -> AbilitySet {
    list.iter().copied().collect()
}

fn copy_drop_store() -> AbilitySet {
    abilities(&[Ability::Copy, Ability::Drop, Ability::Store])
}

fn bytes_ty() -> ST {
    ST::Vector(Box::new(ST::U8))
}

fn tp(i: u16) -> ST {
    ST::TypeParameter(i)
}

fn param(constraints: AbilitySet, is_phantom: bool) -> StructTypeParameter {
    StructTypeParameter {
        constraints,
        is_phantom,
    }
}

/// Bytecode version of the test modules: v7, the newest Aptos's production verifier accepts
/// (enums included).
const VERSION: u32 = 7;

fn m(name: &str) -> ModuleBuilder {
    ModuleBuilder::new(AccountAddress::ONE, name).with_version(VERSION)
}

fn id(name: &str) -> ModuleId {
    ModuleId::new(AccountAddress::ONE, Identifier::new(name).unwrap())
}

fn tag(module: &str, name: &str, type_args: Vec<TypeTag>) -> TypeTag {
    TypeTag::Struct(Box::new(StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new(module).unwrap(),
        name: Identifier::new(name).unwrap(),
        type_args,
    }))
}

/// `0x1::string::String` imported into `b`.
fn import_string(b: &mut ModuleBuilder) -> StructHandleIndex {
    let h = b.module_handle(AccountAddress::ONE, "string");
    b.import_struct(h, "String", copy_drop_store(), vec![])
}

/// The modules declaring the natives under test, plus a few types to format.
fn modules() -> Vec<CompiledModule> {
    let mut out = Vec::new();

    let mut b = m("string");
    b.add_struct(
        "String",
        copy_drop_store(),
        vec![],
        vec![("bytes", bytes_ty())],
    );
    out.push(b.build());

    let mut b = m("option");
    b.add_struct(
        "Option",
        copy_drop_store(),
        vec![param(EMPTY, false)],
        vec![("vec", ST::Vector(Box::new(tp(0))))],
    );
    out.push(b.build());

    let mut b = m("aptos_hash");
    b.add_native_function("sip_hash", PUBLIC, vec![bytes_ty()], vec![ST::U64], vec![]);
    for f in [
        "keccak256",
        "sha2_512_internal",
        "sha3_512_internal",
        "ripemd160_internal",
        "blake2b_256_internal",
    ] {
        b.add_native_function(f, PUBLIC, vec![bytes_ty()], vec![bytes_ty()], vec![]);
    }
    out.push(b.build());

    let mut b = m("ed25519");
    b.add_native_function(
        "public_key_validate_internal",
        PUBLIC,
        vec![bytes_ty()],
        vec![ST::Bool],
        vec![],
    );
    b.add_native_function(
        "signature_verify_strict_internal",
        PUBLIC,
        vec![bytes_ty(), bytes_ty(), bytes_ty()],
        vec![ST::Bool],
        vec![],
    );
    out.push(b.build());

    let mut b = m("multi_ed25519");
    for f in [
        "public_key_validate_internal",
        "public_key_validate_v2_internal",
    ] {
        b.add_native_function(f, PUBLIC, vec![bytes_ty()], vec![ST::Bool], vec![]);
    }
    b.add_native_function(
        "signature_verify_strict_internal",
        PUBLIC,
        vec![bytes_ty(), bytes_ty(), bytes_ty()],
        vec![ST::Bool],
        vec![],
    );
    out.push(b.build());

    let mut b = m("secp256k1");
    b.add_native_function(
        "ecdsa_recover_internal",
        PUBLIC,
        vec![bytes_ty(), ST::U8, bytes_ty()],
        vec![bytes_ty(), ST::Bool],
        vec![],
    );
    out.push(b.build());

    let mut b = m("type_info");
    let (info, _) = b.add_struct(
        "TypeInfo",
        copy_drop_store(),
        vec![],
        vec![
            ("account_address", ST::Address),
            ("module_name", bytes_ty()),
            ("struct_name", bytes_ty()),
        ],
    );
    let string = import_string(&mut b);
    b.add_native_function(
        "type_of",
        PUBLIC,
        vec![],
        vec![ST::Struct(info)],
        vec![EMPTY],
    );
    b.add_native_function(
        "type_name",
        PUBLIC,
        vec![],
        vec![ST::Struct(string)],
        vec![EMPTY],
    );
    b.add_native_function("chain_id_internal", PUBLIC, vec![], vec![ST::U8], vec![]);
    out.push(b.build());

    for module in ["from_bcs", "util"] {
        let mut b = m(module);
        b.add_native_function(
            "from_bytes",
            PUBLIC,
            vec![bytes_ty()],
            vec![tp(0)],
            vec![EMPTY],
        );
        out.push(b.build());
    }

    out.push(table_module());

    let mut b = m("string_utils");
    b.add_struct(
        "Cons",
        copy_drop_store(),
        vec![param(EMPTY, false), param(EMPTY, false)],
        vec![("car", tp(0)), ("cdr", tp(1))],
    );
    b.add_struct(
        "NIL",
        copy_drop_store(),
        vec![],
        vec![("dummy_field", ST::Bool)],
    );
    let string = import_string(&mut b);
    b.add_native_function(
        "native_format",
        PUBLIC,
        vec![
            ST::Reference(Box::new(tp(0))),
            ST::Bool,
            ST::Bool,
            ST::Bool,
            ST::Bool,
        ],
        vec![ST::Struct(string)],
        vec![EMPTY],
    );
    b.add_native_function(
        "native_format_list",
        PUBLIC,
        vec![
            ST::Reference(Box::new(bytes_ty())),
            ST::Reference(Box::new(tp(0))),
        ],
        vec![ST::Struct(string)],
        vec![EMPTY],
    );
    out.push(b.build());

    let mut b = m("debug");
    let string = import_string(&mut b);
    b.add_native_function(
        "native_print",
        PUBLIC,
        vec![ST::Struct(string)],
        vec![],
        vec![],
    );
    b.add_native_function(
        "native_stack_trace",
        PUBLIC,
        vec![],
        vec![ST::Struct(string)],
        vec![],
    );
    out.push(b.build());

    // Types to format.
    let mut b = m("shapes");
    let cd = abilities(&[Ability::Copy, Ability::Drop]);
    b.add_struct("Point", cd, vec![], vec![("x", ST::U64), ("y", ST::U64)]);
    b.add_struct(
        "Wrap",
        cd,
        vec![param(EMPTY, false)],
        vec![("inner", tp(0))],
    );
    b.add_enum(
        "Color",
        cd,
        vec![],
        vec![
            ("Red", vec![]),
            ("Rgb", vec![("r", ST::U8), ("g", ST::U8), ("b", ST::U8)]),
        ],
    );
    out.push(b.build());

    let mut b = ModuleBuilder::new(AccountAddress::from_hex_literal("0xcafe").unwrap(), "m")
        .with_version(VERSION);
    b.add_struct(
        "S",
        abilities(&[Ability::Drop]),
        vec![],
        vec![("x", ST::U8)],
    );
    out.push(b.build());
    out
}

/// `0x1::table` as Aptos declares it, plus `set_u64` / `get_u64` written as
/// `*&mut borrow_box_mut(t, k).val = v` and `*&borrow_box(t, k).val` in bytecode.
fn table_module() -> CompiledModule {
    let mut b = m("table");
    let cd = abilities(&[Ability::Copy, Ability::Drop]);
    let (table, _) = b.add_struct(
        "Table",
        abilities(&[Ability::Store]),
        vec![param(cd, true), param(EMPTY, true)],
        vec![("handle", ST::Address)],
    );
    let (boxed, box_def) = b.add_struct(
        "Box",
        abilities(&[Ability::Key, Ability::Drop, Ability::Store]),
        vec![param(EMPTY, false)],
        vec![("val", tp(0))],
    );
    let t = ST::StructInstantiation(table, vec![tp(0), tp(1)]);
    let bx = ST::StructInstantiation(boxed, vec![tp(1)]);
    let refm = |s: &ST| ST::MutableReference(Box::new(s.clone()));
    let refi = |s: &ST| ST::Reference(Box::new(s.clone()));
    let kvb = vec![cd, EMPTY, EMPTY];
    b.add_native_function(
        "new_table_handle",
        PUBLIC,
        vec![],
        vec![ST::Address],
        vec![EMPTY, EMPTY],
    );
    b.add_native_function(
        "add_box",
        PUBLIC,
        vec![refm(&t), tp(0), bx.clone()],
        vec![],
        kvb.clone(),
    );
    let (borrow, _) = b.add_native_function(
        "borrow_box",
        PUBLIC,
        vec![refi(&t), tp(0)],
        vec![refi(&bx)],
        kvb.clone(),
    );
    let (borrow_mut, _) = b.add_native_function(
        "borrow_box_mut",
        PUBLIC,
        vec![refm(&t), tp(0)],
        vec![refm(&bx)],
        kvb.clone(),
    );
    b.add_native_function(
        "contains_box",
        PUBLIC,
        vec![refi(&t), tp(0)],
        vec![ST::Bool],
        kvb.clone(),
    );
    b.add_native_function(
        "remove_box",
        PUBLIC,
        vec![refm(&t), tp(0)],
        vec![bx],
        kvb.clone(),
    );
    b.add_native_function(
        "destroy_empty_box",
        PUBLIC,
        vec![refi(&t)],
        vec![],
        kvb.clone(),
    );
    b.add_native_function("drop_unchecked_box", PUBLIC, vec![t], vec![], kvb);

    let box_u64 = ST::StructInstantiation(boxed, vec![ST::U64]);
    let t_u64 = ST::StructInstantiation(table, vec![ST::U64, ST::U64]);
    let inst = vec![ST::U64, ST::U64, box_u64];
    let borrow_u64 = b.function_instantiation(borrow, inst.clone());
    let borrow_mut_u64 = b.function_instantiation(borrow_mut, inst);
    let val = b.field_handle(box_def, 0);
    let val_u64 = b.field_instantiation(val, vec![ST::U64]);
    b.add_function(
        "set_u64",
        PUBLIC,
        false,
        vec![refm(&t_u64), ST::U64, ST::U64],
        vec![],
        vec![],
        vec![],
        vec![
            MoveLoc(2),
            MoveLoc(0),
            MoveLoc(1),
            CallGeneric(borrow_mut_u64),
            MutBorrowFieldGeneric(val_u64),
            WriteRef,
            Ret,
        ],
    );
    b.add_function(
        "get_u64",
        PUBLIC,
        false,
        vec![refi(&t_u64), ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        vec![
            MoveLoc(0),
            MoveLoc(1),
            CallGeneric(borrow_u64),
            ImmBorrowFieldGeneric(val_u64),
            ReadRef,
            Ret,
        ],
    );
    b.build()
}

fn env() -> Env {
    Env::new(&modules())
}

fn call(
    s: &mut Session<'_>,
    module: &str,
    f: &str,
    tys: &[TypeTag],
    args: Vec<Value>,
) -> Result<Vec<Value>, ExecutionError> {
    s.call_function(&id(module), f, tys, args, &mut BudgetMeter::new(GAS))
}

/// The abort code and the module it is located in.
fn aborted(r: Result<Vec<Value>, ExecutionError>) -> (u64, String) {
    match r {
        Err(ExecutionError::Abort {
            code,
            location: Location::Module(m),
            ..
        }) => (code, m.name().to_string()),
        Err(e) => panic!("expected an abort, got {e}"),
        Ok(v) => panic!("expected an abort, got {v:?}"),
    }
}

fn one(r: Result<Vec<Value>, ExecutionError>) -> Value {
    let mut v = r.unwrap_or_else(|e| panic!("call failed: {e}"));
    assert_eq!(v.len(), 1, "one result expected");
    v.remove(0)
}

fn hexed(v: &Value) -> String {
    hex::encode(v.as_bytes().unwrap())
}

/// The text of a `0x1::string::String` value.
fn text(v: &Value) -> String {
    let bytes = read(v.container().unwrap()).unwrap()[0].as_bytes().unwrap();
    String::from_utf8(bytes).unwrap()
}

fn string(s: &str) -> Value {
    Value::struct_(vec![Value::bytes(s.as_bytes())])
}

/// A reference to a fresh local holding `v`.
fn local(v: Value) -> Value {
    Value::Ref(Ref::new(container(vec![v]), 0))
}

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

#[test]
fn aptos_hash_known_answers() {
    let env = env();
    let mut s = env.session();
    let mut digest = |f: &str, input: &[u8]| {
        hexed(&one(call(
            &mut s,
            "aptos_hash",
            f,
            &[],
            vec![Value::bytes(input)],
        )))
    };
    // Keccak-256 (the Ethereum hash): the empty string and "abc".
    assert_eq!(
        digest("keccak256", b""),
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    );
    assert_eq!(
        digest("keccak256", b"abc"),
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
    );
    // FIPS 180-2 / FIPS 202 examples.
    assert_eq!(
        digest("sha2_512_internal", b"abc"),
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
         2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
    );
    assert_eq!(
        digest("sha2_512_internal", b""),
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce\
         47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
    );
    assert_eq!(
        digest("sha3_512_internal", b"abc"),
        "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e\
         10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"
    );
    assert_eq!(
        digest("sha3_512_internal", b""),
        "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6\
         15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26"
    );
    // RIPEMD-160 paper's test vectors.
    assert_eq!(
        digest("ripemd160_internal", b""),
        "9c1185a5c5e9fc54612808977ee8f548b2258d31"
    );
    assert_eq!(
        digest("ripemd160_internal", b"abc"),
        "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"
    );
    assert_eq!(
        digest("ripemd160_internal", b"message digest"),
        "5d0689ef49d2fae572b881b123a85ffa21595f36"
    );
    // BLAKE2b with a 32-byte digest (RFC 7693 parameters), as Aptos's tests list them.
    assert_eq!(
        digest("blake2b_256_internal", b""),
        "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
    );
    assert_eq!(
        digest("blake2b_256_internal", b"abc"),
        "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
    );
    assert_eq!(
        digest("blake2b_256_internal", b"testing"),
        "99397ff32ae348b8b6536d5c213f343d7e9fdeaa10e8a23a9f90ab21a1658565"
    );
    // SipHash-2-4 with the all-zero key (Aptos's `SipHasher::new()`); the values come from
    // the reference algorithm, itself checked against the paper's vector (key 00..0f,
    // message 00..0e -> a129ca6149be45e5).
    let mut sip = |input: &[u8]| {
        one(call(
            &mut s,
            "aptos_hash",
            "sip_hash",
            &[],
            vec![Value::bytes(input)],
        ))
        .as_u64()
        .unwrap()
    };
    assert_eq!(sip(b""), 0x1e92_4b9d_7377_00d7);
    assert_eq!(sip(b"abc"), 0x3fc8_8496_4770_eede);
}

#[test]
fn hash_gas_is_base_plus_per_byte() {
    let env = env();
    let mut s = env.session();
    let mut gas = BudgetMeter::new(GAS);
    s.call_function(
        &id("aptos_hash"),
        "keccak256",
        &[],
        vec![Value::bytes(b"abcd")],
        &mut gas,
    )
    .unwrap();
    assert_eq!(gas.used(), 14_704 + 165 * 4);
    let mut gas = BudgetMeter::new(14_000);
    let err = s
        .call_function(
            &id("aptos_hash"),
            "keccak256",
            &[],
            vec![Value::bytes(b"")],
            &mut gas,
        )
        .unwrap_err();
    assert_eq!(err.status(), StatusCode::OUT_OF_GAS);
}

/// RFC 8032 §7.1, tests 1–3: (public key, message, signature).
const RFC8032: [(&str, &str, &str); 3] = [
    (
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
];

/// The secret keys of [`RFC8032`].
const RFC8032_SECRETS: [&str; 3] = [
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
];

/// The order of the Ed25519 group, little-endian (added to `S` to make it non-canonical).
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

fn add_le(a: &[u8], b: &[u8; 32]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let s = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    out
}

#[test]
fn ed25519_rfc8032_and_strict_rules() {
    let env = env();
    let mut s = env.session();
    let mut verify = |sig: &[u8], pk: &[u8], msg: &[u8]| {
        one(call(
            &mut s,
            "ed25519",
            "signature_verify_strict_internal",
            &[],
            vec![Value::bytes(sig), Value::bytes(pk), Value::bytes(msg)],
        ))
        .as_bool()
        .unwrap()
    };
    for (pk, msg, sig) in RFC8032 {
        let (pk, msg, sig) = (unhex(pk), unhex(msg), unhex(sig));
        assert!(
            verify(&sig, &pk, &msg),
            "RFC 8032 vector for {}",
            hex::encode(&pk)
        );
        // Another message, a flipped bit, a non-canonical S (S + L) all fail.
        assert!(!verify(&sig, &pk, b"other"));
        let mut bad = sig.clone();
        bad[0] ^= 1;
        assert!(!verify(&bad, &pk, &msg));
        let mut mauled = sig[..32].to_vec();
        mauled.extend(add_le(&sig[32..], &L));
        assert!(!verify(&mauled, &pk, &msg), "S >= L is rejected");
    }
    let (pk, msg, sig) = (
        unhex(RFC8032[0].0),
        unhex(RFC8032[0].1),
        unhex(RFC8032[0].2),
    );
    assert!(!verify(&sig[..63], &pk, &msg), "short signature");
    assert!(!verify(&sig, &pk[..31], &msg), "short key");
    // A small-order key (the identity, y = 1) never verifies.
    let mut identity = vec![0u8; 32];
    identity[0] = 1;
    assert!(!verify(&sig, &identity, &msg));

    let mut validate = |pk: &[u8]| {
        one(call(
            &mut s,
            "ed25519",
            "public_key_validate_internal",
            &[],
            vec![Value::bytes(pk)],
        ))
        .as_bool()
        .unwrap()
    };
    for (pk, _, _) in RFC8032 {
        assert!(validate(&unhex(pk)));
    }
    assert!(!validate(&identity), "small order");
    let mut off_curve = vec![0u8; 32];
    off_curve[0] = 2; // y = 2 has no x on the curve
    assert!(!validate(&off_curve), "not a point");
    assert!(!validate(&pk[..31]), "wrong length is false, not an abort");
}

#[test]
fn multi_ed25519_threshold_signatures() {
    let env = env();
    let mut s = env.session();
    let keys: Vec<ed25519_dalek::SigningKey> = RFC8032_SECRETS
        .iter()
        .map(|sk| ed25519_dalek::SigningKey::from_bytes(&unhex(sk).try_into().unwrap()))
        .collect();
    let msg = b"lumio multi-ed25519";
    let sig = |i: usize| keys[i].sign(msg).to_bytes().to_vec();
    let mut pk: Vec<u8> = keys
        .iter()
        .flat_map(|k| k.verifying_key().to_bytes())
        .collect();
    pk.push(2); // 2-of-3
    let multisig = |sigs: &[usize], bitmap: [u8; 4]| {
        let mut out: Vec<u8> = sigs.iter().flat_map(|i| sig(*i)).collect();
        out.extend(bitmap);
        out
    };
    let mut verify = |sig: &[u8], pk: &[u8]| {
        one(call(
            &mut s,
            "multi_ed25519",
            "signature_verify_strict_internal",
            &[],
            vec![Value::bytes(sig), Value::bytes(pk), Value::bytes(msg)],
        ))
        .as_bool()
        .unwrap()
    };
    assert!(verify(&multisig(&[0, 2], [0b1010_0000, 0, 0, 0]), &pk));
    assert!(verify(&multisig(&[0, 1, 2], [0b1110_0000, 0, 0, 0]), &pk));
    assert!(
        !verify(&multisig(&[0], [0b1000_0000, 0, 0, 0]), &pk),
        "below threshold"
    );
    assert!(
        !verify(&multisig(&[0, 2], [0b1100_0000, 0, 0, 0]), &pk),
        "signature of key 2 presented for key 1"
    );
    assert!(
        !verify(&multisig(&[0, 2], [0b1000_1000, 0, 0, 0]), &pk),
        "bit beyond the keys"
    );
    assert!(
        !verify(&multisig(&[0, 2], [0b1110_0000, 0, 0, 0]), &pk),
        "bitmap counts three, two signatures"
    );
    assert!(
        !verify(&multisig(&[0, 2], [0b1010_0000, 0, 0, 0]), &pk[..96]),
        "no threshold byte"
    );

    let mut validate = |f: &str, pk: &[u8]| {
        one(call(
            &mut s,
            "multi_ed25519",
            f,
            &[],
            vec![Value::bytes(pk)],
        ))
        .as_bool()
        .unwrap()
    };
    let v1 = "public_key_validate_internal";
    let v2 = "public_key_validate_v2_internal";
    assert!(validate(v1, &pk) && validate(v2, &pk));
    // v1 looks at the 32-byte keys only; v2 also at the threshold byte.
    assert!(validate(v1, &pk[..96]) && !validate(v2, &pk[..96]));
    let mut zero_threshold = pk.clone();
    zero_threshold[96] = 0;
    assert!(validate(v1, &zero_threshold) && !validate(v2, &zero_threshold));
    let mut too_high = pk.clone();
    too_high[96] = 4;
    assert!(!validate(v2, &too_high));
    let mut small_order = pk.clone();
    small_order[32..64].copy_from_slice(&[0; 32]);
    small_order[32] = 1;
    assert!(!validate(v1, &small_order) && !validate(v2, &small_order));
}

#[test]
fn secp256k1_recovery() {
    let env = env();
    let mut s = env.session();
    // Signed with private key 2 (so the public key is 2G, SEC 2's generator doubled) over
    // SHA-256("lumio secp256k1 recovery"), nonce 0x1234..ef.
    let msg = unhex("79286f36f61247296785831ad1ee9471d14fad9c9ffedb5d5c6c0b8b8894e05f");
    let sig = unhex(
        "bb50e2d89a4ed70663d080659fe0ad4b9bc3e06c17a227433966cb59ceee020d\
         7dc58874543fb3ab974741c8a7576f9a62982b74f91a2b6c3cc11f57b499373f",
    );
    let two_g = "c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5\
                 1ae168fea63dc339a3c58419466ceaeef7f632653266d0e1236431a950cfe52a";
    let mut recover = |msg: &[u8], rid: u8, sig: &[u8]| {
        call(
            &mut s,
            "secp256k1",
            "ecdsa_recover_internal",
            &[],
            vec![Value::bytes(msg), Value::U8(rid), Value::bytes(sig)],
        )
    };
    let out = recover(&msg, 0, &sig).unwrap();
    assert_eq!(hexed(&out[0]), two_g);
    assert!(out[1].as_bool().unwrap());
    // The other parity recovers another key; the high-S twin (n - s, parity flipped) the same
    // key, as libsecp256k1 does (no low-S rule in recovery).
    let out = recover(&msg, 1, &sig).unwrap();
    assert!(out[1].as_bool().unwrap());
    assert_ne!(hexed(&out[0]), two_g);
    let high_s = unhex(
        "bb50e2d89a4ed70663d080659fe0ad4b9bc3e06c17a227433966cb59ceee020d\
         823a778babc04c5468b8be3758a890645816b171b62e74cf83113f351b9d0a02",
    );
    assert_eq!(hexed(&recover(&msg, 1, &high_s).unwrap()[0]), two_g);
    // r = 0: no key.
    let mut zero_r = sig.clone();
    zero_r[..32].fill(0);
    let out = recover(&msg, 0, &zero_r).unwrap();
    assert!(!out[1].as_bool().unwrap());
    assert!(out[0].as_bytes().unwrap().is_empty());
    // Malformed inputs abort with NFE_DESERIALIZE in 0x1::secp256k1.
    let nfe = (0x1_0001, "secp256k1".to_string());
    assert_eq!(aborted(recover(&msg[..31], 0, &sig)), nfe);
    assert_eq!(aborted(recover(&msg, 4, &sig)), nfe);
    assert_eq!(aborted(recover(&msg, 0, &sig[..63])), nfe);
    let mut r_is_n = sig.clone();
    r_is_n[..32].copy_from_slice(&unhex(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
    ));
    assert_eq!(aborted(recover(&msg, 0, &r_is_n)), nfe);
}

/// An in-memory table store.
#[derive(Default)]
struct Tables(BTreeMap<(AccountAddress, Vec<u8>), Vec<u8>>);

impl TableResolver for Tables {
    fn table_entry(&self, handle: &AccountAddress, key: &[u8]) -> Option<Vec<u8>> {
        self.0.get(&(*handle, key.to_vec())).cloned()
    }
}

fn table_value(handle: AccountAddress) -> Value {
    local(Value::struct_(vec![Value::Address(handle)]))
}

fn boxed(v: Value) -> Value {
    Value::struct_(vec![v])
}

fn kvb(k: TypeTag, v: TypeTag) -> Vec<TypeTag> {
    let b = tag("table", "Box", vec![v.clone()]);
    vec![k, v, b]
}

#[test]
fn table_natives_and_abort_codes() {
    let env = env();
    let mut s = env.session();
    // Handles: SHA3-256(txn hash || counter as u32 big-endian).
    let h0 = one(call(
        &mut s,
        "table",
        "new_table_handle",
        &[TypeTag::U64, TypeTag::Bool],
        vec![],
    ));
    let h1 = one(call(
        &mut s,
        "table",
        "new_table_handle",
        &[TypeTag::U64, TypeTag::Bool],
        vec![],
    ));
    let expect = |n: u32| {
        let mut h = sha3::Sha3_256::new();
        h.update([0u8; 32]);
        h.update(n.to_be_bytes());
        AccountAddress::from(<[u8; 32]>::from(h.finalize()))
    };
    let h = h0.as_address().unwrap();
    assert_eq!(h, expect(0));
    assert_eq!(h1.as_address().unwrap(), expect(1));

    let tys = kvb(TypeTag::U64, TypeTag::Bool);
    let t = table_value(h);
    let tref = || match &t {
        Value::Ref(r) => Value::Ref(r.clone()),
        _ => unreachable!(),
    };
    let mut op = |f: &str, args: Vec<Value>| call(&mut s, "table", f, &tys, args);
    op(
        "add_box",
        vec![tref(), Value::U64(1), boxed(Value::Bool(true))],
    )
    .unwrap();
    assert!(
        one(op("contains_box", vec![tref(), Value::U64(1)]))
            .as_bool()
            .unwrap()
    );
    assert!(
        !one(op("contains_box", vec![tref(), Value::U64(2)]))
            .as_bool()
            .unwrap()
    );
    let already = (0x6407, "table".to_string());
    let missing = (0x6507, "table".to_string());
    assert_eq!(
        aborted(op(
            "add_box",
            vec![tref(), Value::U64(1), boxed(Value::Bool(false))]
        )),
        already
    );
    let r = one(op("borrow_box", vec![tref(), Value::U64(1)]));
    assert!(
        r.into_ref()
            .unwrap()
            .read()
            .unwrap()
            .equals(&boxed(Value::Bool(true)))
            .unwrap()
    );
    assert_eq!(
        aborted(op("borrow_box", vec![tref(), Value::U64(2)])),
        missing
    );
    assert_eq!(
        aborted(op("borrow_box_mut", vec![tref(), Value::U64(2)])),
        missing
    );
    let v = one(op("remove_box", vec![tref(), Value::U64(1)]));
    assert!(v.equals(&boxed(Value::Bool(true))).unwrap());
    assert_eq!(
        aborted(op("remove_box", vec![tref(), Value::U64(1)])),
        missing
    );
    assert!(
        !one(op("contains_box", vec![tref(), Value::U64(1)]))
            .as_bool()
            .unwrap()
    );
    op("destroy_empty_box", vec![tref()]).unwrap();
    op(
        "drop_unchecked_box",
        vec![Value::struct_(vec![Value::Address(h)])],
    )
    .unwrap();
    // Added and removed in the session: nothing to write.
    assert!(s.finish().unwrap().tables.is_empty());
}

#[test]
fn table_change_set_and_references_into_entries() {
    let env = env();
    let handle = AccountAddress::from([0xab; 32]);
    let key = |k: u64| k.to_le_bytes().to_vec();
    let mut store = Tables::default();
    for k in [1u64, 2, 3] {
        store
            .0
            .insert((handle, key(k)), (k * 10).to_le_bytes().to_vec());
    }
    let store = Rc::new(store);
    let mut s = env.session().with_tables(store);
    let tys = kvb(TypeTag::U64, TypeTag::U64);
    let t = table_value(handle);
    let tref = || match &t {
        Value::Ref(r) => Value::Ref(r.clone()),
        _ => unreachable!(),
    };
    let op = |s: &mut Session<'_>, f: &str, args: Vec<Value>| call(s, "table", f, &tys, args);
    // Entries come from storage on first touch.
    let r = one(op(&mut s, "borrow_box", vec![tref(), Value::U64(2)]))
        .into_ref()
        .unwrap();
    assert_eq!(
        r.borrow_part(0).unwrap().read().unwrap().as_u64().unwrap(),
        20
    );
    // 1: written through the reference borrow_box_mut returns (a slot, like a global's).
    let r = one(op(&mut s, "borrow_box_mut", vec![tref(), Value::U64(1)]))
        .into_ref()
        .unwrap();
    r.borrow_part(0).unwrap().write(Value::U64(11)).unwrap();
    // 2: removed. 3: borrowed mutably, left as it was. 4: created. 5: created and removed.
    op(&mut s, "remove_box", vec![tref(), Value::U64(2)]).unwrap();
    op(&mut s, "borrow_box_mut", vec![tref(), Value::U64(3)]).unwrap();
    op(
        &mut s,
        "add_box",
        vec![tref(), Value::U64(4), boxed(Value::U64(40))],
    )
    .unwrap();
    op(
        &mut s,
        "add_box",
        vec![tref(), Value::U64(5), boxed(Value::U64(50))],
    )
    .unwrap();
    op(&mut s, "remove_box", vec![tref(), Value::U64(5)]).unwrap();
    // 6: through bytecode (`*&mut borrow_box_mut(t, k).val = v`, then read back).
    op(
        &mut s,
        "add_box",
        vec![tref(), Value::U64(6), boxed(Value::U64(0))],
    )
    .unwrap();
    s.call_function(
        &id("table"),
        "set_u64",
        &[],
        vec![tref(), Value::U64(6), Value::U64(66)],
        &mut BudgetMeter::new(GAS),
    )
    .unwrap();
    let got = s
        .call_function(
            &id("table"),
            "get_u64",
            &[],
            vec![tref(), Value::U64(6)],
            &mut BudgetMeter::new(GAS),
        )
        .unwrap();
    assert_eq!(got[0].as_u64().unwrap(), 66);
    let cs = s.finish().unwrap();
    let expected: BTreeMap<_, _> = [
        (key(1), WriteOp::Modification(11u64.to_le_bytes().to_vec())),
        (key(2), WriteOp::Deletion),
        (key(4), WriteOp::Creation(40u64.to_le_bytes().to_vec())),
        (key(6), WriteOp::Creation(66u64.to_le_bytes().to_vec())),
    ]
    .into_iter()
    .map(|(k, op)| ((handle, k), op))
    .collect();
    assert_eq!(cs.tables, expected);
    assert!(cs.resources.is_empty());
}

#[test]
fn table_gas_and_deterministic_handles() {
    let env = env();
    let handle = AccountAddress::from([0xcd; 32]);
    let mut store = Tables::default();
    store.0.insert(
        (handle, 7u64.to_le_bytes().to_vec()),
        70u64.to_le_bytes().to_vec(),
    );
    let mut s = env.session().with_tables(Rc::new(store));
    let tys = kvb(TypeTag::U64, TypeTag::U64);
    let t = table_value(handle);
    let mut used = |k: u64| {
        let mut gas = BudgetMeter::new(GAS);
        let args = vec![t_clone(&t), Value::U64(k)];
        s.call_function(&id("table"), "contains_box", &tys, args, &mut gas)
            .unwrap();
        gas.used()
    };
    // base + 36 per key byte + common.load.base, and on the first read from storage
    // common.load.base_new + 151 per byte rounded up to a 4 KiB page (nothing if absent).
    let base = 4_411 + 36 * 8 + 302_385;
    assert_eq!(used(7), base + 302_385 + 151 * 4096);
    assert_eq!(used(7), base);
    assert_eq!(used(8), base + 302_385);
    assert_eq!(used(8), base);

    // Handles depend on the session's transaction hash only.
    let handle_with = |hash: [u8; 32]| {
        let mut s = env.session().with_txn_hash(hash);
        one(call(
            &mut s,
            "table",
            "new_table_handle",
            &[TypeTag::U8, TypeTag::U8],
            vec![],
        ))
        .as_address()
        .unwrap()
    };
    assert_eq!(handle_with([1; 32]), handle_with([1; 32]));
    assert_ne!(handle_with([1; 32]), handle_with([2; 32]));
}

fn t_clone(t: &Value) -> Value {
    match t {
        Value::Ref(r) => Value::Ref(r.clone()),
        _ => unreachable!("a reference"),
    }
}

#[test]
fn type_info_names_and_chain_id() {
    let env = env();
    let mut s = env.session();
    let info = tag("type_info", "TypeInfo", vec![]);
    let table = |k: TypeTag, v: TypeTag| tag("table", "Table", vec![k, v]);
    let cafe = TypeTag::Struct(Box::new(StructTag {
        address: AccountAddress::from_hex_literal("0xcafe").unwrap(),
        module: Identifier::new("m").unwrap(),
        name: Identifier::new("S").unwrap(),
        type_args: vec![],
    }));
    let mut name = |t: TypeTag| text(&one(call(&mut s, "type_info", "type_name", &[t], vec![])));
    assert_eq!(name(TypeTag::Bool), "bool");
    assert_eq!(name(TypeTag::U128), "u128");
    assert_eq!(name(TypeTag::Address), "address");
    assert_eq!(name(TypeTag::Signer), "signer");
    let vv = TypeTag::Vector(Box::new(TypeTag::Vector(Box::new(TypeTag::U8))));
    assert_eq!(name(vv), "vector<vector<u8>>");
    assert_eq!(name(tag("string", "String", vec![])), "0x1::string::String");
    assert_eq!(name(cafe.clone()), "0xcafe::m::S");
    let nested = table(
        info.clone(),
        table(TypeTag::U8, TypeTag::Vector(Box::new(info.clone()))),
    );
    assert_eq!(
        name(nested),
        "0x1::table::Table<0x1::type_info::TypeInfo, 0x1::table::Table<u8, vector<0x1::type_info::TypeInfo>>>"
    );

    let mut type_of = |t: TypeTag| {
        let v = one(call(&mut s, "type_info", "type_of", &[t], vec![]));
        let f = read(v.container().unwrap()).unwrap();
        (
            f[0].as_address().unwrap(),
            String::from_utf8(f[1].as_bytes().unwrap()).unwrap(),
            String::from_utf8(f[2].as_bytes().unwrap()).unwrap(),
        )
    };
    assert_eq!(
        type_of(info),
        (AccountAddress::ONE, "type_info".into(), "TypeInfo".into())
    );
    assert_eq!(
        type_of(table(TypeTag::U64, TypeTag::Bool)),
        (
            AccountAddress::ONE,
            "table".into(),
            "Table<u64, bool>".into()
        )
    );
    assert_eq!(
        type_of(cafe).0,
        AccountAddress::from_hex_literal("0xcafe").unwrap()
    );
    // Not a struct: NFE_EXPECTED_STRUCT_TYPE_TAG.
    assert_eq!(
        aborted(call(
            &mut s,
            "type_info",
            "type_of",
            &[TypeTag::U64],
            vec![]
        )),
        (1, "type_info".to_string())
    );

    let chain_id =
        |s: &mut Session<'_>| match one(call(s, "type_info", "chain_id_internal", &[], vec![])) {
            Value::U8(id) => id,
            other => panic!("{other:?}"),
        };
    assert_eq!(chain_id(&mut s), 4);
    assert_eq!(chain_id(&mut env.session().with_chain_id(42)), 42);
}

#[test]
fn from_bcs_round_trip_and_bad_bytes() {
    let env = env();
    let mut s = env.session();
    let point = tag("shapes", "Point", vec![]);
    let p = Value::struct_(vec![Value::U64(3), Value::U64(4)]);
    for module in ["from_bcs", "util"] {
        let v = one(call(
            &mut s,
            module,
            "from_bytes",
            std::slice::from_ref(&point),
            vec![Value::bytes(&p.serialize().unwrap())],
        ));
        assert!(v.equals(&p).unwrap());
        let strings = TypeTag::Vector(Box::new(tag("string", "String", vec![])));
        let sv = Value::vector(vec![string("a"), string("bc")]);
        let v = one(call(
            &mut s,
            module,
            "from_bytes",
            &[strings],
            vec![Value::bytes(&sv.serialize().unwrap())],
        ));
        assert!(v.equals(&sv).unwrap());
        let efrom_bcs = (0x1_0001, module.to_string());
        let mut bad = |t: TypeTag, b: &[u8]| {
            aborted(call(
                &mut s,
                module,
                "from_bytes",
                &[t],
                vec![Value::bytes(b)],
            ))
        };
        assert_eq!(bad(TypeTag::U64, &[1, 2, 3]), efrom_bcs, "too short");
        assert_eq!(bad(TypeTag::U8, &[1, 2]), efrom_bcs, "trailing bytes");
        assert_eq!(bad(TypeTag::Bool, &[2]), efrom_bcs, "not a bool");
        assert_eq!(bad(point.clone(), &[0; 15]), efrom_bcs);
    }
}

/// `native_format` with Aptos's flags: (type_tag, canonicalize, single_line, include_int_types).
fn format(s: &mut Session<'_>, t: TypeTag, v: Value, flags: [bool; 4]) -> String {
    let mut args = vec![local(v)];
    args.extend(flags.map(Value::Bool));
    text(&one(call(s, "string_utils", "native_format", &[t], args)))
}

const TO_STRING: [bool; 4] = [false, false, true, false];
const DEBUG_STRING: [bool; 4] = [true, false, false, false];

#[test]
fn string_utils_formats_like_aptos() {
    let env = env();
    let mut s = env.session();
    let u64s = TypeTag::Vector(Box::new(TypeTag::U64));
    let nums = Value::vector((1..=3).map(Value::U64).collect());
    let point = tag("shapes", "Point", vec![]);
    let pt = |x, y| Value::struct_(vec![Value::U64(x), Value::U64(y)]);
    let mut f = |t: TypeTag, v: Value, flags| format(&mut s, t, v, flags);
    assert_eq!(f(TypeTag::U64, Value::U64(1), TO_STRING), "1");
    assert_eq!(
        f(TypeTag::U64, Value::U64(1), [false, false, true, true]),
        "1u64"
    );
    assert_eq!(f(TypeTag::Bool, Value::Bool(false), TO_STRING), "false");
    let max = ruint::aliases::U256::MAX;
    assert_eq!(
        f(TypeTag::U256, Value::U256(max), TO_STRING),
        "115792089237316195423570985008687907853269984665640564039457584007913129639935"
    );
    assert_eq!(
        f(u64s.clone(), nums.copy_value().unwrap(), TO_STRING),
        "[ 1, 2, 3 ]"
    );
    assert_eq!(
        f(u64s.clone(), nums, [false, false, true, true]),
        "[ 1u64, 2u64, 3u64 ]"
    );
    assert_eq!(f(u64s, Value::vector(vec![]), TO_STRING), "[]");
    let bytes = TypeTag::Vector(Box::new(TypeTag::U8));
    assert_eq!(
        f(bytes.clone(), Value::bytes(&[1, 2, 0xff]), TO_STRING),
        "0x0102ff"
    );
    assert_eq!(
        f(
            TypeTag::Address,
            Value::Address(AccountAddress::ONE),
            TO_STRING
        ),
        "@0x1"
    );
    assert_eq!(
        f(
            TypeTag::Address,
            Value::Address(AccountAddress::ONE),
            [false, true, true, false]
        ),
        format!("@{}1", "0".repeat(63))
    );
    let signer = Value::signer(AccountAddress::from_hex_literal("0x123").unwrap());
    assert_eq!(f(TypeTag::Signer, signer, TO_STRING), "signer(@0x123)");
    let string = tag("string", "String", vec![]);
    assert_eq!(
        f(string.clone(), self::string("My string"), TO_STRING),
        "\"My string\""
    );
    assert_eq!(
        f(string, self::string("Can you say \"Hel\\lo\"?"), TO_STRING),
        "\"Can you say \\\"Hel\\\\lo\\\"?\""
    );
    let option = tag("option", "Option", vec![TypeTag::U64]);
    let none = Value::struct_(vec![Value::vector(vec![])]);
    let some = Value::struct_(vec![Value::vector(vec![Value::U64(1)])]);
    assert_eq!(f(option.clone(), none, TO_STRING), "None");
    assert_eq!(f(option, some, TO_STRING), "Some(1)");
    // Structs: the name only, or the whole type and one field per line (`debug_string`).
    assert_eq!(
        f(point.clone(), pt(1, 2), TO_STRING),
        "Point { x: 1, y: 2 }"
    );
    assert_eq!(
        f(point.clone(), pt(1, 2), DEBUG_STRING),
        "0x1::shapes::Point {\n  x: 1,\n  y: 2\n}"
    );
    let wrap = tag("shapes", "Wrap", vec![point.clone()]);
    assert_eq!(
        f(wrap, Value::struct_(vec![pt(1, 2)]), DEBUG_STRING),
        "0x1::shapes::Wrap<0x1::shapes::Point> {\n  inner: 0x1::shapes::Point {\n    x: 1,\n    y: 2\n  }\n}"
    );
    let points = TypeTag::Vector(Box::new(point));
    assert_eq!(
        f(
            points.clone(),
            Value::vector(vec![pt(1, 2), pt(3, 4)]),
            DEBUG_STRING
        ),
        "[\n  0x1::shapes::Point {\n    x: 1,\n    y: 2\n  },\n  0x1::shapes::Point {\n    x: 3,\n    y: 4\n  }\n]"
    );
    assert_eq!(
        f(points, Value::vector(vec![pt(1, 2)]), TO_STRING),
        "[ Point { x: 1, y: 2 } ]"
    );
    let nested = TypeTag::Vector(Box::new(bytes));
    assert_eq!(
        f(
            nested,
            Value::vector(vec![
                Value::bytes(&[0xff, 0xab]),
                Value::bytes(&[0xcd, 0xef])
            ]),
            DEBUG_STRING
        ),
        "[\n  0xffab,\n  0xcdef\n]"
    );
    // Enum values: variant name and fields, no type (Aptos's text).
    let color = tag("shapes", "Color", vec![]);
    let rgb = Value::Variant(
        1,
        container(vec![Value::U8(255), Value::U8(0), Value::U8(10)]),
    );
    assert_eq!(
        f(color.clone(), rgb, TO_STRING),
        "Rgb{ r: 255, g: 0, b: 10 }"
    );
    assert_eq!(
        f(color, Value::Variant(0, container(vec![])), TO_STRING),
        "Red{}"
    );
}

/// `Cons<T0, Cons<T1, .. NIL>>` type and value.
fn list(items: Vec<(TypeTag, Value)>) -> (TypeTag, Value) {
    let mut t = tag("string_utils", "NIL", vec![]);
    let mut v = Value::struct_(vec![Value::Bool(false)]);
    for (it, iv) in items.into_iter().rev() {
        t = tag("string_utils", "Cons", vec![it, t]);
        v = Value::struct_(vec![iv, v]);
    }
    (t, v)
}

#[test]
fn string_utils_format_list_and_its_aborts() {
    let env = env();
    let mut s = env.session();
    let mut fmt = |f: &str, items: Vec<(TypeTag, Value)>| {
        let (t, v) = list(items);
        call(
            &mut s,
            "string_utils",
            "native_format_list",
            &[t],
            vec![local(Value::bytes(f.as_bytes())), local(v)],
        )
    };
    let n = |x: u64| (TypeTag::U64, Value::U64(x));
    let st = (tag("string", "String", vec![]), string("My string"));
    assert_eq!(
        text(&one(fmt("a = {} b = {} c = {}", vec![n(1), n(2), st]))),
        "a = 1 b = 2 c = \"My string\""
    );
    assert_eq!(text(&one(fmt("{{a = {}}}", vec![n(1)]))), "{a = 1}");
    let p = (
        tag("shapes", "Point", vec![]),
        Value::struct_(vec![Value::U64(1), Value::U64(2)]),
    );
    assert_eq!(
        text(&one(fmt("p: {}", vec![p]))),
        "p: 0x1::shapes::Point { x: 1, y: 2 }"
    );
    let args_mismatch = (1, "string_utils".to_string());
    let invalid = (2, "string_utils".to_string());
    assert_eq!(
        aborted(fmt("{} {}", vec![n(1)])),
        args_mismatch,
        "not enough values"
    );
    assert_eq!(
        aborted(fmt("{}", vec![n(1), n(2)])),
        args_mismatch,
        "too many values"
    );
    assert_eq!(aborted(fmt("a = {} b = {", vec![n(1), n(2)])), invalid);
    assert_eq!(
        aborted(fmt("a = {} b = { c = {}", vec![n(1), n(2)])),
        invalid
    );
    assert_eq!(aborted(fmt("a = } b = {}", vec![n(1)])), invalid);
    // Not a list at all.
    let r = call(
        &mut s,
        "string_utils",
        "native_format_list",
        &[TypeTag::U64],
        vec![local(Value::bytes(b"{}")), local(Value::U64(1))],
    );
    assert_eq!(aborted(r), args_mismatch);
}

#[test]
fn debug_prints_to_the_session() {
    let env = env();
    let mut s = env.session();
    call(&mut s, "debug", "native_print", &[], vec![string("hello")]).unwrap();
    call(&mut s, "debug", "native_print", &[], vec![string("world")]).unwrap();
    let trace = one(call(&mut s, "debug", "native_stack_trace", &[], vec![]));
    assert_eq!(text(&trace), "");
    let out = s.extensions().get_mut::<DebugOutput>().unwrap();
    assert_eq!(out.lines(), ["hello", "world"]);
    assert_eq!(out.dropped(), 0);
}

// ---- AptosFramework natives ----

/// The framework modules declaring the natives under test (as a 2024 Aptos build declares
/// them), with the types they need.
fn framework_modules() -> Vec<CompiledModule> {
    let mut out = Vec::new();
    let key = abilities(&[Ability::Key]);
    let drop_store = abilities(&[Ability::Drop, Ability::Store]);

    let mut b = m("create_signer");
    b.add_native_function(
        "create_signer",
        PUBLIC,
        vec![ST::Address],
        vec![ST::Signer],
        vec![],
    );
    out.push(b.build());

    let mut b = m("event");
    b.add_struct("E", drop_store, vec![], vec![("x", ST::U64)]);
    b.add_native_function(
        "write_to_event_store",
        PUBLIC,
        vec![bytes_ty(), ST::U64, tp(0)],
        vec![],
        vec![drop_store],
    );
    b.add_native_function(
        "write_module_event_to_store",
        PUBLIC,
        vec![tp(0)],
        vec![],
        vec![drop_store],
    );
    out.push(b.build());

    let mut b = m("transaction_context");
    for (f, ret) in [
        ("get_txn_hash", bytes_ty()),
        ("get_script_hash", bytes_ty()),
        ("generate_unique_address", ST::Address),
        ("sender_internal", ST::Address),
        (
            "secondary_signers_internal",
            ST::Vector(Box::new(ST::Address)),
        ),
        ("gas_payer_internal", ST::Address),
        ("max_gas_amount_internal", ST::U64),
        ("gas_unit_price_internal", ST::U64),
        ("chain_id_internal", ST::U8),
    ] {
        b.add_native_function(f, PUBLIC, vec![], vec![ret], vec![]);
    }
    out.push(b.build());

    let mut b = m("object");
    b.add_struct("R", key, vec![], vec![("x", ST::U64)]);
    b.add_native_function(
        "exists_at",
        PUBLIC,
        vec![ST::Address],
        vec![ST::Bool],
        vec![key],
    );
    b.add_native_function(
        "create_user_derived_object_address_impl",
        PUBLIC,
        vec![ST::Address, ST::Address],
        vec![ST::Address],
        vec![],
    );
    out.push(b.build());

    let mut b = m("randomness");
    b.add_native_function(
        "fetch_and_increment_txn_counter",
        PUBLIC,
        vec![],
        vec![bytes_ty()],
        vec![],
    );
    b.add_native_function("is_unbiasable", PUBLIC, vec![], vec![ST::Bool], vec![]);
    out.push(b.build());

    let mut b = m("state_storage");
    let (usage, _) = b.add_struct(
        "Usage",
        copy_drop_store(),
        vec![],
        vec![("items", ST::U64), ("bytes", ST::U64)],
    );
    b.add_native_function(
        "get_state_storage_usage_only_at_epoch_beginning",
        PUBLIC,
        vec![],
        vec![ST::Struct(usage)],
        vec![],
    );
    out.push(b.build());
    out
}

fn sha3(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = sha3::Sha3_256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

#[test]
fn create_signer_makes_a_signer_for_any_address() {
    let env = Env::new(&framework_modules());
    let mut s = env.session();
    let a = AccountAddress::from_hex_literal("0xcafe").unwrap();
    let v = one(call(
        &mut s,
        "create_signer",
        "create_signer",
        &[],
        vec![Value::Address(a)],
    ));
    assert!(v.equals(&Value::signer(a)).unwrap());
}

#[test]
fn events_land_in_the_change_set_in_order() {
    let env = Env::new(&framework_modules());
    let mut s = env.session();
    let e = tag("event", "E", vec![]);
    let ev = |x: u64| Value::struct_(vec![Value::U64(x)]);
    let guid = vec![7u8; 40];
    call(
        &mut s,
        "event",
        "write_to_event_store",
        std::slice::from_ref(&e),
        vec![Value::bytes(&guid), Value::U64(3), ev(5)],
    )
    .unwrap();
    call(
        &mut s,
        "event",
        "write_module_event_to_store",
        std::slice::from_ref(&e),
        vec![ev(6)],
    )
    .unwrap();
    call(
        &mut s,
        "event",
        "write_module_event_to_store",
        &[TypeTag::U64],
        vec![Value::U64(9)],
    )
    .unwrap();
    let cs = s.finish().unwrap();
    assert_eq!(
        cs.events,
        vec![
            lumio_move_vm::Event {
                v1: Some((guid, 3)),
                type_tag: e.clone(),
                data: 5u64.to_le_bytes().to_vec(),
            },
            lumio_move_vm::Event {
                v1: None,
                type_tag: e,
                data: 6u64.to_le_bytes().to_vec(),
            },
            lumio_move_vm::Event {
                v1: None,
                type_tag: TypeTag::U64,
                data: 9u64.to_le_bytes().to_vec(),
            },
        ]
    );
    // A dropped session emits nothing; a fresh one starts empty.
    assert!(env.session().finish().unwrap().events.is_empty());
    // Gas: 20,006 + 61 per message byte.
    let mut s = env.session();
    let mut gas = BudgetMeter::new(GAS);
    s.call_function(
        &id("event"),
        "write_module_event_to_store",
        &[TypeTag::U64],
        vec![Value::U64(1)],
        &mut gas,
    )
    .unwrap();
    assert_eq!(gas.used(), 20_006 + 61 * 8);
}

#[test]
fn transaction_context_reports_the_session_facts() {
    use lumio_move_vm::natives::aptos_framework::TransactionContext;
    let env = Env::new(&framework_modules());
    let get = |s: &mut Session<'_>, f: &str| one(call(s, "transaction_context", f, &[], vec![]));
    // Defaults: zero hash, sender 0x0, nothing else.
    let mut s = env.session();
    assert_eq!(hexed(&get(&mut s, "get_txn_hash")), "00".repeat(32));
    assert_eq!(hexed(&get(&mut s, "get_script_hash")), "");
    assert_eq!(
        get(&mut s, "sender_internal").as_address().unwrap(),
        AccountAddress::ZERO
    );
    assert!(matches!(get(&mut s, "chain_id_internal"), Value::U8(4)));
    let first = get(&mut s, "generate_unique_address").as_address().unwrap();
    let want = sha3(&[&[0; 32], &1u64.to_le_bytes(), &[0xFB]]);
    assert_eq!(first, AccountAddress::new(want));
    let second = get(&mut s, "generate_unique_address").as_address().unwrap();
    let want = sha3(&[&[0; 32], &2u64.to_le_bytes(), &[0xFB]]);
    assert_eq!(second, AccountAddress::new(want));

    let (a, b, c) = (
        AccountAddress::from_hex_literal("0xa").unwrap(),
        AccountAddress::from_hex_literal("0xb").unwrap(),
        AccountAddress::from_hex_literal("0xc").unwrap(),
    );
    let mut s = env
        .session()
        .with_txn_hash([0x11; 32])
        .with_chain_id(2)
        .with_transaction_context(TransactionContext {
            script_hash: vec![1, 2],
            sender: a,
            secondary_signers: vec![b, c],
            gas_payer: c,
            max_gas_amount: 2_000,
            gas_unit_price: 100,
            auid_counter: 0,
        });
    assert_eq!(hexed(&get(&mut s, "get_txn_hash")), "11".repeat(32));
    assert_eq!(hexed(&get(&mut s, "get_script_hash")), "0102");
    assert_eq!(get(&mut s, "sender_internal").as_address().unwrap(), a);
    assert_eq!(get(&mut s, "gas_payer_internal").as_address().unwrap(), c);
    let signers = get(&mut s, "secondary_signers_internal");
    let signers: Vec<_> = read(signers.container().unwrap())
        .unwrap()
        .iter()
        .map(|v| v.as_address().unwrap())
        .collect();
    assert_eq!(signers, vec![b, c]);
    assert!(matches!(
        get(&mut s, "max_gas_amount_internal"),
        Value::U64(2_000)
    ));
    assert!(matches!(
        get(&mut s, "gas_unit_price_internal"),
        Value::U64(100)
    ));
    assert!(matches!(get(&mut s, "chain_id_internal"), Value::U8(2)));
    let u = get(&mut s, "generate_unique_address").as_address().unwrap();
    let want = sha3(&[&[0x11; 32], &1u64.to_le_bytes(), &[0xFB]]);
    assert_eq!(u, AccountAddress::new(want));
}

#[test]
fn object_exists_at_reads_storage_and_derives_addresses() {
    let env = Env::new(&framework_modules());
    let holder = AccountAddress::from_hex_literal("0xb0b").unwrap();
    let r = StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new("object").unwrap(),
        name: Identifier::new("R").unwrap(),
        type_args: vec![],
    };
    env.chain
        .resources
        .borrow_mut()
        .insert((holder, r.clone()), 42u64.to_le_bytes().to_vec());
    let mut s = env.session();
    let r = TypeTag::Struct(Box::new(r));
    let exists = |s: &mut Session<'_>, a: AccountAddress| {
        one(call(
            s,
            "object",
            "exists_at",
            std::slice::from_ref(&r),
            vec![Value::Address(a)],
        ))
        .as_bool()
        .unwrap()
    };
    assert!(exists(&mut s, holder));
    assert!(!exists(&mut s, AccountAddress::ONE));
    // Reading is not writing.
    assert!(s.finish().unwrap().resources.is_empty());

    // Gas as Aptos's `native_exists_at`: base 919 on every call; the first touch of a slot in
    // the session adds 1,470 per item + 183 per byte loaded (the resource is 8 bytes; an absent
    // one loads 0).
    let mut s = env.session();
    let used = |s: &mut Session<'_>, a: AccountAddress| {
        let mut gas = BudgetMeter::new(GAS);
        s.call_function(
            &id("object"),
            "exists_at",
            std::slice::from_ref(&r),
            vec![Value::Address(a)],
            &mut gas,
        )
        .unwrap();
        gas.used()
    };
    let (first, again) = (used(&mut s, holder), used(&mut s, holder));
    assert_eq!(first - again, 1_470 + 183 * 8);
    let (first, again) = (
        used(&mut s, AccountAddress::ONE),
        used(&mut s, AccountAddress::ONE),
    );
    assert_eq!(first - again, 1_470);
    assert!(again >= 919, "{again}");

    let mut s = env.session();
    let derived = one(call(
        &mut s,
        "object",
        "create_user_derived_object_address_impl",
        &[],
        vec![Value::Address(holder), Value::Address(AccountAddress::ONE)],
    ))
    .as_address()
    .unwrap();
    let want = sha3(&[holder.as_ref(), AccountAddress::ONE.as_ref(), &[0xFC]]);
    assert_eq!(derived, AccountAddress::new(want));
}

#[test]
fn randomness_counter_and_state_storage_usage() {
    use lumio_move_vm::natives::aptos_framework::{RandomnessContext, StateStorageUsage};
    let env = Env::new(&framework_modules());
    let mut s = env.session();
    assert!(
        !one(call(&mut s, "randomness", "is_unbiasable", &[], vec![]))
            .as_bool()
            .unwrap()
    );
    let (code, module) = aborted(call(
        &mut s,
        "randomness",
        "fetch_and_increment_txn_counter",
        &[],
        vec![],
    ));
    assert_eq!((code, module.as_str()), (1, "randomness"));
    s.extensions().insert(RandomnessContext {
        txn_counter: 0,
        unbiasable: true,
    });
    for i in 0u64..2 {
        let v = one(call(
            &mut s,
            "randomness",
            "fetch_and_increment_txn_counter",
            &[],
            vec![],
        ));
        assert_eq!(v.as_bytes().unwrap(), i.to_le_bytes().to_vec());
    }

    s.extensions().insert(StateStorageUsage {
        items: 5,
        bytes: 1_000,
    });
    let u = one(call(
        &mut s,
        "state_storage",
        "get_state_storage_usage_only_at_epoch_beginning",
        &[],
        vec![],
    ));
    let fields = read(u.container().unwrap()).unwrap();
    assert!(matches!(fields[..], [Value::U64(5), Value::U64(1_000)]));
}

// ---- std::cmp, aggregators, function_info / dispatch, code, consensus_config ----

/// The modules declaring `cmp`, the aggregator natives, `function_info`, a dispatching
/// native, `code` and `consensus_config` as Aptos's sources do, plus `0xcafe::token`, a
/// dispatch target.
fn framework_modules_2() -> Vec<CompiledModule> {
    let mut out = Vec::new();
    let cd = abilities(&[Ability::Copy, Ability::Drop]);
    let drop_store = abilities(&[Ability::Drop, Ability::Store]);
    let refi = |s: ST| ST::Reference(Box::new(s));
    let refm = |s: ST| ST::MutableReference(Box::new(s));

    let mut b = m("string");
    b.add_struct(
        "String",
        copy_drop_store(),
        vec![],
        vec![("bytes", bytes_ty())],
    );
    out.push(b.build());

    let mut b = m("cmp");
    let (ordering, _) = b.add_enum(
        "Ordering",
        cd,
        vec![],
        vec![("Less", vec![]), ("Equal", vec![]), ("Greater", vec![])],
    );
    b.add_native_function(
        "compare",
        PUBLIC,
        vec![refi(tp(0)), refi(tp(0))],
        vec![ST::Struct(ordering)],
        vec![EMPTY],
    );
    out.push(b.build());

    let mut b = m("cmp_types");
    b.add_struct("S", cd, vec![], vec![("a", ST::U64), ("b", bytes_ty())]);
    b.add_enum(
        "E",
        cd,
        vec![],
        vec![("A", vec![("x", ST::U64)]), ("B", vec![])],
    );
    out.push(b.build());

    let mut b = m("aggregator_v2");
    let string = import_string(&mut b);
    let (agg, _) = b.add_struct(
        "Aggregator",
        drop_store,
        vec![param(EMPTY, false)],
        vec![("value", tp(0)), ("max_value", tp(0))],
    );
    let (snap, _) = b.add_struct(
        "AggregatorSnapshot",
        drop_store,
        vec![param(EMPTY, false)],
        vec![("value", tp(0))],
    );
    let (derived, _) = b.add_struct(
        "DerivedStringSnapshot",
        drop_store,
        vec![],
        vec![("value", ST::Struct(string)), ("padding", bytes_ty())],
    );
    let agg_t = ST::StructInstantiation(agg, vec![tp(0)]);
    let snap_t = ST::StructInstantiation(snap, vec![tp(0)]);
    let derived_t = ST::Struct(derived);
    let string_t = ST::Struct(string);
    for (f, params, ret, tps) in [
        (
            "create_aggregator",
            vec![tp(0)],
            vec![agg_t.clone()],
            vec![cd],
        ),
        (
            "create_unbounded_aggregator",
            vec![],
            vec![agg_t.clone()],
            vec![cd],
        ),
        (
            "try_add",
            vec![refm(agg_t.clone()), tp(0)],
            vec![ST::Bool],
            vec![EMPTY],
        ),
        (
            "try_sub",
            vec![refm(agg_t.clone()), tp(0)],
            vec![ST::Bool],
            vec![EMPTY],
        ),
        (
            "is_at_least_impl",
            vec![refi(agg_t.clone()), tp(0)],
            vec![ST::Bool],
            vec![EMPTY],
        ),
        ("read", vec![refi(agg_t.clone())], vec![tp(0)], vec![EMPTY]),
        (
            "snapshot",
            vec![refi(agg_t)],
            vec![snap_t.clone()],
            vec![EMPTY],
        ),
        (
            "create_snapshot",
            vec![tp(0)],
            vec![snap_t.clone()],
            vec![cd],
        ),
        (
            "copy_snapshot",
            vec![refi(snap_t.clone())],
            vec![snap_t.clone()],
            vec![cd],
        ),
        (
            "read_snapshot",
            vec![refi(snap_t.clone())],
            vec![tp(0)],
            vec![EMPTY],
        ),
        (
            "string_concat",
            vec![string_t.clone(), refi(snap_t.clone()), string_t.clone()],
            vec![ST::StructInstantiation(snap, vec![string_t.clone()])],
            vec![EMPTY],
        ),
        (
            "read_derived_string",
            vec![refi(derived_t.clone())],
            vec![string_t.clone()],
            vec![],
        ),
        (
            "create_derived_string",
            vec![string_t.clone()],
            vec![derived_t.clone()],
            vec![],
        ),
        (
            "derive_string_concat",
            vec![string_t.clone(), refi(snap_t), string_t],
            vec![derived_t],
            vec![EMPTY],
        ),
    ] {
        b.add_native_function(f, PUBLIC, params, ret, tps);
    }
    out.push(b.build());

    let mut b = m("aggregator");
    let (v1, _) = b.add_struct(
        "Aggregator",
        abilities(&[Ability::Store]),
        vec![],
        vec![
            ("handle", ST::Address),
            ("key", ST::Address),
            ("limit", ST::U128),
        ],
    );
    b.add_native_function(
        "add",
        PUBLIC,
        vec![refm(ST::Struct(v1)), ST::U128],
        vec![],
        vec![],
    );
    b.add_native_function(
        "sub",
        PUBLIC,
        vec![refm(ST::Struct(v1)), ST::U128],
        vec![],
        vec![],
    );
    b.add_native_function(
        "read",
        PUBLIC,
        vec![refi(ST::Struct(v1))],
        vec![ST::U128],
        vec![],
    );
    b.add_native_function("destroy", PUBLIC, vec![ST::Struct(v1)], vec![], vec![]);
    out.push(b.build());

    let mut b = m("aggregator_factory");
    let h = b.module_handle(AccountAddress::ONE, "aggregator");
    let v1 = b.import_struct(h, "Aggregator", abilities(&[Ability::Store]), vec![]);
    // Stands for `Table<address, u128>` (only its `handle` field matters to the native).
    let (table, _) = b.add_struct(
        "PhantomTable",
        abilities(&[Ability::Store]),
        vec![],
        vec![("handle", ST::Address)],
    );
    let (factory, _) = b.add_struct(
        "AggregatorFactory",
        abilities(&[Ability::Key]),
        vec![],
        vec![("phantom_table", ST::Struct(table))],
    );
    b.add_native_function(
        "new_aggregator",
        PUBLIC,
        vec![refm(ST::Struct(factory)), ST::U128],
        vec![ST::Struct(v1)],
        vec![],
    );
    out.push(b.build());

    let mut b = m("function_info");
    let string = import_string(&mut b);
    let (info, _) = b.add_struct(
        "FunctionInfo",
        copy_drop_store(),
        vec![],
        vec![
            ("module_address", ST::Address),
            ("module_name", ST::Struct(string)),
            ("function_name", ST::Struct(string)),
        ],
    );
    let info_t = ST::Struct(info);
    b.add_native_function(
        "check_dispatch_type_compatibility_impl",
        PUBLIC,
        vec![refi(info_t.clone()), refi(info_t.clone())],
        vec![ST::Bool],
        vec![],
    );
    b.add_native_function(
        "is_identifier",
        PUBLIC,
        vec![refi(bytes_ty())],
        vec![ST::Bool],
        vec![],
    );
    b.add_native_function(
        "load_function_impl",
        PUBLIC,
        vec![refi(info_t)],
        vec![],
        vec![],
    );
    out.push(b.build());

    let mut b = m("dispatchable_fungible_asset");
    let h = b.module_handle(AccountAddress::ONE, "function_info");
    let info = b.import_struct(h, "FunctionInfo", copy_drop_store(), vec![]);
    let info_t = ST::Struct(info);
    let (native, _) = b.add_native_function(
        "dispatchable_derived_balance",
        PUBLIC,
        vec![ST::U64, refi(info_t.clone())],
        vec![ST::U64],
        vec![],
    );
    b.add_function(
        "derived",
        PUBLIC,
        false,
        vec![ST::U64, info_t],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), ImmBorrowLoc(1), Call(native), Ret],
    );
    b.add_function(
        "plain",
        PUBLIC,
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), Ret],
    );
    out.push(b.build());

    let mut b = m("helper");
    b.add_function(
        "inc",
        PUBLIC,
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), LdU64(1), Add, Ret],
    );
    out.push(b.build());

    let mut b = ModuleBuilder::new(cafe(), "token").with_version(VERSION);
    let double = vec![MoveLoc(0), LdU64(2), Mul, Ret];
    b.add_function(
        "balance",
        PUBLIC,
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        double.clone(),
    );
    b.add_function(
        "hidden",
        Visibility::Private,
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        double,
    );
    b.add_function(
        "wrong",
        PUBLIC,
        false,
        vec![ST::U64, ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), MoveLoc(1), Add, Ret],
    );
    // Hooks calling out: into the dispatching module (reentrancy), or into another one.
    let dfa = b.module_handle(AccountAddress::ONE, "dispatchable_fungible_asset");
    let plain = b.function_handle(dfa, "plain", vec![ST::U64], vec![ST::U64], vec![]);
    let helper = b.module_handle(AccountAddress::ONE, "helper");
    let inc = b.function_handle(helper, "inc", vec![ST::U64], vec![ST::U64], vec![]);
    for (name, callee) in [("reenter", plain), ("via_helper", inc)] {
        b.add_function(
            name,
            PUBLIC,
            false,
            vec![ST::U64],
            vec![ST::U64],
            vec![],
            vec![],
            vec![MoveLoc(0), Call(callee), Ret],
        );
    }
    out.push(b.build());

    let mut b = m("code");
    let string = import_string(&mut b);
    let (dep, _) = b.add_struct(
        "AllowedDep",
        abilities(&[Ability::Drop]),
        vec![],
        vec![
            ("account", ST::Address),
            ("module_name", ST::Struct(string)),
        ],
    );
    let names = ST::Vector(Box::new(ST::Struct(string)));
    let bundle = ST::Vector(Box::new(bytes_ty()));
    b.add_native_function(
        "request_publish",
        PUBLIC,
        vec![ST::Address, names.clone(), bundle.clone(), ST::U8],
        vec![],
        vec![],
    );
    b.add_native_function(
        "request_publish_with_allowed_deps",
        PUBLIC,
        vec![
            ST::Address,
            names,
            ST::Vector(Box::new(ST::Struct(dep))),
            bundle,
            ST::U8,
        ],
        vec![],
        vec![],
    );
    out.push(b.build());

    let mut b = m("consensus_config");
    b.add_native_function(
        "validator_txn_enabled_internal",
        PUBLIC,
        vec![bytes_ty()],
        vec![ST::Bool],
        vec![],
    );
    out.push(b.build());
    out
}

fn cafe() -> AccountAddress {
    AccountAddress::from_hex_literal("0xcafe").unwrap()
}

/// `cmp::compare<T>(&a, &b)` as the variant tag of the `Ordering` it returns.
fn compare(s: &mut Session<'_>, t: TypeTag, a: Value, b: Value) -> u16 {
    match one(call(s, "cmp", "compare", &[t], vec![local(a), local(b)])) {
        Value::Variant(tag, fields) => {
            assert!(read(&fields).unwrap().is_empty(), "Ordering has no fields");
            tag
        }
        other => panic!("compare returned {other:?}"),
    }
}

const LESS: u16 = 0;
const EQUAL: u16 = 1;
const GREATER: u16 = 2;

#[test]
fn cmp_compare_orders_like_aptos() {
    let env = Env::new(&framework_modules_2());
    let mut s = env.session();
    let s = &mut s;
    assert_eq!(compare(s, TypeTag::U8, Value::U8(1), Value::U8(2)), LESS);
    assert_eq!(
        compare(s, TypeTag::U64, Value::U64(7), Value::U64(7)),
        EQUAL
    );
    assert_eq!(
        compare(s, TypeTag::U128, Value::U128(u128::MAX), Value::U128(1)),
        GREATER
    );
    assert_eq!(
        compare(
            s,
            TypeTag::U256,
            Value::U256(ruint::aliases::U256::from(1u8) << 200),
            Value::U256(ruint::aliases::U256::from(u128::MAX))
        ),
        GREATER
    );
    assert_eq!(
        compare(s, TypeTag::Bool, Value::Bool(false), Value::Bool(true)),
        LESS
    );
    // Addresses compare as their 32 bytes, i.e. as big-endian numbers.
    let a = |h: &str| Value::Address(AccountAddress::from_hex_literal(h).unwrap());
    assert_eq!(compare(s, TypeTag::Address, a("0x100"), a("0x2")), GREATER);
    assert_eq!(compare(s, TypeTag::Address, a("0x1"), a("0x2")), LESS);
    // Vectors: element by element, then a prefix is smaller.
    let bytes = TypeTag::Vector(Box::new(TypeTag::U8));
    assert_eq!(
        compare(
            s,
            bytes.clone(),
            Value::bytes(&[1, 2]),
            Value::bytes(&[1, 2, 3])
        ),
        LESS
    );
    assert_eq!(
        compare(
            s,
            bytes.clone(),
            Value::bytes(&[2]),
            Value::bytes(&[1, 9, 9])
        ),
        GREATER
    );
    assert_eq!(
        compare(s, bytes, Value::bytes(&[]), Value::bytes(&[])),
        EQUAL
    );
    let vv = TypeTag::Vector(Box::new(TypeTag::Vector(Box::new(TypeTag::U64))));
    let nested = |x: &[&[u64]]| {
        Value::vector(
            x.iter()
                .map(|v| Value::vector(v.iter().map(|n| Value::U64(*n)).collect()))
                .collect(),
        )
    };
    assert_eq!(
        compare(s, vv, nested(&[&[1, 2], &[3]]), nested(&[&[1, 2], &[2, 9]])),
        GREATER
    );
    // Structs: field by field in declaration order.
    let st = tag("cmp_types", "S", vec![]);
    let sv = |a: u64, b: &[u8]| Value::struct_(vec![Value::U64(a), Value::bytes(b)]);
    assert_eq!(compare(s, st.clone(), sv(1, &[9]), sv(2, &[0])), LESS);
    assert_eq!(compare(s, st.clone(), sv(2, &[1]), sv(2, &[0, 5])), GREATER);
    assert_eq!(compare(s, st, sv(2, &[1]), sv(2, &[1])), EQUAL);
    // Enums: variant tag first, then fields.
    let et = tag("cmp_types", "E", vec![]);
    let var_a = |x: u64| Value::Variant(0, container(vec![Value::U64(x)]));
    let var_b = || Value::Variant(1, container(vec![]));
    assert_eq!(compare(s, et.clone(), var_a(100), var_b()), LESS);
    assert_eq!(compare(s, et.clone(), var_b(), var_a(0)), GREATER);
    assert_eq!(compare(s, et.clone(), var_a(5), var_a(4)), GREATER);
    assert_eq!(compare(s, et, var_b(), var_b()), EQUAL);
    // Signers by address.
    let signer = |h: &str| Value::signer(AccountAddress::from_hex_literal(h).unwrap());
    assert_eq!(
        compare(s, TypeTag::Signer, signer("0x3"), signer("0x2")),
        GREATER
    );
}

#[test]
fn cmp_compare_gas_is_per_abstract_value_unit() {
    let env = Env::new(&framework_modules_2());
    let mut s = env.session();
    let mut gas = BudgetMeter::new(GAS);
    s.call_function(
        &id("cmp"),
        "compare",
        &[TypeTag::U64],
        vec![local(Value::U64(1)), local(Value::U64(2))],
        &mut gas,
    )
    .unwrap();
    // 367 + 14 × (40 + 40).
    assert_eq!(gas.used(), 367 + 14 * 80);
    let mut gas = BudgetMeter::new(GAS);
    s.call_function(
        &id("cmp"),
        "compare",
        &[TypeTag::Vector(Box::new(TypeTag::U8))],
        vec![
            local(Value::bytes(&[1, 2, 3])),
            local(Value::bytes(&[1, 2])),
        ],
        &mut gas,
    )
    .unwrap();
    // A vector<u8> is 40 + 1 per byte.
    assert_eq!(gas.used(), 367 + 14 * (43 + 42));
}

fn agg_call(
    s: &mut Session<'_>,
    f: &str,
    t: TypeTag,
    args: Vec<Value>,
) -> Result<Vec<Value>, ExecutionError> {
    call(s, "aggregator_v2", f, &[t], args)
}

#[test]
fn aggregator_v2_sequential_semantics_and_abort_codes() {
    let env = Env::new(&framework_modules_2());
    let mut s = env.session();
    let u64t = TypeTag::U64;
    let agg = one(agg_call(
        &mut s,
        "create_aggregator",
        u64t.clone(),
        vec![Value::U64(10)],
    ));
    assert!(
        agg.equals(&Value::struct_(vec![Value::U64(0), Value::U64(10)]))
            .unwrap()
    );
    let holder = container(vec![agg]);
    let r = || Value::Ref(Ref::new(holder.clone(), 0));
    let try_op = |s: &mut Session<'_>, f: &str, x: u64| {
        one(agg_call(s, f, TypeTag::U64, vec![r(), Value::U64(x)]))
            .as_bool()
            .unwrap()
    };
    let value = |s: &mut Session<'_>| {
        one(agg_call(s, "read", TypeTag::U64, vec![r()]))
            .as_u64()
            .unwrap()
    };
    assert!(try_op(&mut s, "try_add", 7));
    assert_eq!(value(&mut s), 7);
    // 7 + 4 > 10: refused, value unchanged.
    assert!(!try_op(&mut s, "try_add", 4));
    assert!(try_op(&mut s, "try_add", 3));
    assert_eq!(value(&mut s), 10);
    assert!(!try_op(&mut s, "try_sub", 11));
    assert!(try_op(&mut s, "try_sub", 10));
    assert_eq!(value(&mut s), 0);
    assert!(try_op(&mut s, "try_add", 6));
    assert!(try_op(&mut s, "is_at_least_impl", 6));
    assert!(!try_op(&mut s, "is_at_least_impl", 7));
    // Snapshots copy the value at that instant.
    let snap = one(agg_call(&mut s, "snapshot", u64t.clone(), vec![r()]));
    assert!(try_op(&mut s, "try_add", 1));
    let v = one(agg_call(
        &mut s,
        "read_snapshot",
        u64t.clone(),
        vec![local(snap)],
    ));
    assert_eq!(v.as_u64().unwrap(), 6);
    let created = one(agg_call(
        &mut s,
        "create_snapshot",
        TypeTag::U128,
        vec![Value::U128(99)],
    ));
    assert!(
        created
            .equals(&Value::struct_(vec![Value::U128(99)]))
            .unwrap()
    );

    // Unbounded: max is the type's max; adding past it is refused, not an overflow error.
    let unb = one(agg_call(
        &mut s,
        "create_unbounded_aggregator",
        TypeTag::U128,
        vec![],
    ));
    assert!(
        unb.equals(&Value::struct_(vec![
            Value::U128(0),
            Value::U128(u128::MAX)
        ]))
        .unwrap()
    );
    let uh = container(vec![unb]);
    let ur = || Value::Ref(Ref::new(uh.clone(), 0));
    let t128 = TypeTag::U128;
    assert!(
        one(agg_call(
            &mut s,
            "try_add",
            t128.clone(),
            vec![ur(), Value::U128(u128::MAX)]
        ))
        .as_bool()
        .unwrap()
    );
    assert!(
        !one(agg_call(
            &mut s,
            "try_add",
            t128,
            vec![ur(), Value::U128(1)]
        ))
        .as_bool()
        .unwrap()
    );

    // Abort codes.
    let code = |r| aborted(r).0;
    assert_eq!(
        code(agg_call(
            &mut s,
            "create_aggregator",
            TypeTag::U8,
            vec![Value::U8(1)]
        )),
        0x03_0007
    );
    assert_eq!(
        code(agg_call(
            &mut s,
            "create_unbounded_aggregator",
            TypeTag::Bool,
            vec![]
        )),
        0x03_0007
    );
    assert_eq!(
        code(agg_call(
            &mut s,
            "create_snapshot",
            TypeTag::U32,
            vec![Value::U32(1)]
        )),
        0x03_0005
    );
    let snap = Value::struct_(vec![Value::U64(1)]);
    let (c, module) = aborted(agg_call(
        &mut s,
        "copy_snapshot",
        u64t.clone(),
        vec![local(snap)],
    ));
    assert_eq!((c, module.as_str()), (0x03_0009, "aggregator_v2"));
    let snap = Value::struct_(vec![Value::U64(1)]);
    assert_eq!(
        code(agg_call(
            &mut s,
            "string_concat",
            u64t,
            vec![string("a"), local(snap), string("b")]
        )),
        0x03_0009
    );
}

#[test]
fn aggregator_v2_derived_strings_have_aptos_widths() {
    let env = Env::new(&framework_modules_2());
    let mut s = env.session();
    let d = one(call(
        &mut s,
        "aggregator_v2",
        "create_derived_string",
        &[],
        vec![string("hello")],
    ));
    // Width max(1 + 5 + 1, 20 + 2) = 22: 5 + 1 + 1 + 15 bytes of padding.
    assert_eq!(d.serialize().unwrap().len(), 22);
    let back = one(call(
        &mut s,
        "aggregator_v2",
        "read_derived_string",
        &[],
        vec![local(d)],
    ));
    assert_eq!(text(&back), "hello");

    let snap = Value::struct_(vec![Value::U64(42)]);
    let mut gas = BudgetMeter::new(GAS);
    let d = s
        .call_function(
            &id("aggregator_v2"),
            "derive_string_concat",
            &[TypeTag::U64],
            vec![string("ab"), local(snap), string("c")],
            &mut gas,
        )
        .unwrap()
        .remove(0);
    assert_eq!(gas.used(), 1_102 + 3 * 3);
    // Width: BCS size of (3 + 20 digits) + 1 = 25.
    assert_eq!(d.serialize().unwrap().len(), 25);
    let back = one(call(
        &mut s,
        "aggregator_v2",
        "read_derived_string",
        &[],
        vec![local(d)],
    ));
    assert_eq!(text(&back), "ab42c");

    let snap = Value::struct_(vec![Value::U128(u128::MAX)]);
    let d = one(call(
        &mut s,
        "aggregator_v2",
        "derive_string_concat",
        &[TypeTag::U128],
        vec![string(""), local(snap), string("")],
    ));
    assert_eq!(d.serialize().unwrap().len(), 41);

    let long = "x".repeat(1025);
    assert_eq!(
        aborted(call(
            &mut s,
            "aggregator_v2",
            "create_derived_string",
            &[],
            vec![string(&long)],
        ))
        .0,
        0x03_0008
    );
    let snap = Value::struct_(vec![Value::U64(1)]);
    assert_eq!(
        aborted(call(
            &mut s,
            "aggregator_v2",
            "derive_string_concat",
            &[TypeTag::U64],
            vec![
                string(&"y".repeat(1000)),
                local(snap),
                string(&"z".repeat(25))
            ],
        ))
        .0,
        0x03_0008
    );
}

#[test]
fn aggregator_v1_values_live_in_the_factory_table() {
    let env = Env::new(&framework_modules_2());
    let handle = AccountAddress::from_hex_literal("0x7ab1e").unwrap();
    let factory = || {
        local(Value::struct_(vec![Value::struct_(vec![Value::Address(
            handle,
        )])]))
    };
    let mut s = env.session();
    let agg = one(call(
        &mut s,
        "aggregator_factory",
        "new_aggregator",
        &[],
        vec![factory(), Value::U128(100)],
    ));
    // Key: SHA3-256(txn hash || aggregators in use so far, u128 big-endian).
    let key = AccountAddress::new(sha3(&[&[0u8; 32], &0u128.to_be_bytes()]));
    assert!(
        agg.equals(&Value::struct_(vec![
            Value::Address(handle),
            Value::Address(key),
            Value::U128(100)
        ]))
        .unwrap()
    );
    let second = one(call(
        &mut s,
        "aggregator_factory",
        "new_aggregator",
        &[],
        vec![factory(), Value::U128(5)],
    ));
    let key2 = AccountAddress::new(sha3(&[&[0u8; 32], &1u128.to_be_bytes()]));
    let second_key = read(second.container().unwrap()).unwrap()[1]
        .as_address()
        .unwrap();
    assert_eq!(second_key, key2);

    let holder = container(vec![agg]);
    let r = || Value::Ref(Ref::new(holder.clone(), 0));
    call(&mut s, "aggregator", "add", &[], vec![r(), Value::U128(60)]).unwrap();
    call(&mut s, "aggregator", "sub", &[], vec![r(), Value::U128(10)]).unwrap();
    let read_v1 =
        |s: &mut Session<'_>, r: Value| match one(call(s, "aggregator", "read", &[], vec![r])) {
            Value::U128(x) => x,
            other => panic!("read gave {other:?}"),
        };
    assert_eq!(read_v1(&mut s, r()), 50);
    // 50 + 51 > 100; 50 - 51 < 0.
    assert_eq!(
        aborted(call(
            &mut s,
            "aggregator",
            "add",
            &[],
            vec![r(), Value::U128(51)]
        )),
        (0x02_0001, "aggregator".to_string())
    );
    assert_eq!(
        aborted(call(
            &mut s,
            "aggregator",
            "sub",
            &[],
            vec![r(), Value::U128(51)]
        ))
        .0,
        0x02_0002
    );
    assert_eq!(read_v1(&mut s, r()), 50);
    // The second aggregator is created and destroyed in the session: no write for it.
    call(&mut s, "aggregator", "destroy", &[], vec![second]).unwrap();
    let cs = s.finish().unwrap();
    assert_eq!(cs.tables.len(), 1);
    assert_eq!(
        cs.tables.get(&(handle, key.as_ref().to_vec())),
        Some(&WriteOp::Creation(bcs::to_bytes(&50u128).unwrap()))
    );

    // Next session: the value is read from storage, changed, then destroyed.
    let mut store = Tables::default();
    store.0.insert(
        (handle, key.as_ref().to_vec()),
        bcs::to_bytes(&50u128).unwrap(),
    );
    let mut s = env.session().with_tables(store);
    let stored = Value::struct_(vec![
        Value::Address(handle),
        Value::Address(key),
        Value::U128(100),
    ]);
    assert_eq!(read_v1(&mut s, local(stored.copy_value().unwrap())), 50);
    call(&mut s, "aggregator", "destroy", &[], vec![stored]).unwrap();
    let cs = s.finish().unwrap();
    assert_eq!(
        cs.tables.get(&(handle, key.as_ref().to_vec())),
        Some(&WriteOp::Deletion)
    );
    // An aggregator nobody created: an extension error, not an abort.
    let mut s = env.session();
    let ghost = Value::struct_(vec![
        Value::Address(handle),
        Value::Address(cafe()),
        Value::U128(1),
    ]);
    let err = call(&mut s, "aggregator", "read", &[], vec![local(ghost)]).unwrap_err();
    assert_eq!(err.status(), StatusCode::VM_EXTENSION_ERROR);
}

fn function_info(addr: AccountAddress, module: &str, function: &str) -> Value {
    Value::struct_(vec![Value::Address(addr), string(module), string(function)])
}

#[test]
fn function_info_identifiers_loading_and_type_compatibility() {
    let env = Env::new(&framework_modules_2());
    let mut s = env.session();
    let is_ident = |s: &mut Session<'_>, b: &[u8]| {
        one(call(
            s,
            "function_info",
            "is_identifier",
            &[],
            vec![local(Value::bytes(b))],
        ))
        .as_bool()
        .unwrap()
    };
    assert!(is_ident(&mut s, b"balance"));
    assert!(is_ident(&mut s, b"_x1"));
    assert!(!is_ident(&mut s, b"1abc"));
    assert!(!is_ident(&mut s, b""));
    assert!(!is_ident(&mut s, b"a-b"));
    assert!(!is_ident(&mut s, &[0xff, 0x61]));
    let mut gas = BudgetMeter::new(GAS);
    s.call_function(
        &id("function_info"),
        "is_identifier",
        &[],
        vec![local(Value::bytes(b"abcd"))],
        &mut gas,
    )
    .unwrap();
    assert_eq!(gas.used(), 551 + 3 * 4);

    let framework = function_info(
        AccountAddress::ONE,
        "dispatchable_fungible_asset",
        "dispatchable_derived_balance",
    );
    let target = |f: &str| function_info(cafe(), "token", f);
    let check = |s: &mut Session<'_>, t: Value| {
        call(
            s,
            "function_info",
            "check_dispatch_type_compatibility_impl",
            &[],
            vec![local(framework.copy_value().unwrap()), local(t)],
        )
    };
    // The target's module must have been loaded first.
    assert_eq!(aborted(check(&mut s, target("balance"))).0, 2);
    call(
        &mut s,
        "function_info",
        "load_function_impl",
        &[],
        vec![local(target("balance"))],
    )
    .unwrap();
    assert!(one(check(&mut s, target("balance"))).as_bool().unwrap());
    // Private target, other signature: incompatible; a missing function aborts 2.
    assert!(!one(check(&mut s, target("hidden"))).as_bool().unwrap());
    assert!(!one(check(&mut s, target("wrong"))).as_bool().unwrap());
    assert_eq!(aborted(check(&mut s, target("nope"))).0, 2);
    // A name that is not an identifier aborts 1.
    assert_eq!(aborted(check(&mut s, target("no pe"))).0, 1);
    // Loading a module that does not exist fails the call.
    let missing = function_info(cafe(), "absent", "f");
    let err = call(
        &mut s,
        "function_info",
        "load_function_impl",
        &[],
        vec![local(missing)],
    )
    .unwrap_err();
    assert_eq!(err.status(), StatusCode::LINKER_ERROR);
}

#[test]
fn dispatch_calls_the_named_function() {
    let env = Env::new(&framework_modules_2());
    let mut s = env.session();
    let target = |f: &str| function_info(cafe(), "token", f);
    // Not loaded in this session: abort 4.
    let r = call(
        &mut s,
        "dispatchable_fungible_asset",
        "derived",
        &[],
        vec![Value::U64(21), target("balance")],
    );
    assert_eq!(aborted(r), (4, "dispatchable_fungible_asset".to_string()));
    call(
        &mut s,
        "function_info",
        "load_function_impl",
        &[],
        vec![local(target("balance"))],
    )
    .unwrap();
    // From bytecode: the target's result is the native's.
    let v = one(call(
        &mut s,
        "dispatchable_fungible_asset",
        "derived",
        &[],
        vec![Value::U64(21), target("balance")],
    ));
    assert_eq!(v.as_u64().unwrap(), 42);
    // The native called directly.
    let v = one(call(
        &mut s,
        "dispatchable_fungible_asset",
        "dispatchable_derived_balance",
        &[],
        vec![Value::U64(5), local(target("balance"))],
    ));
    assert_eq!(v.as_u64().unwrap(), 10);
    // A private target or another signature: RUNTIME_DISPATCH_ERROR.
    for f in ["hidden", "wrong"] {
        let err = call(
            &mut s,
            "dispatchable_fungible_asset",
            "derived",
            &[],
            vec![Value::U64(1), target(f)],
        )
        .unwrap_err();
        assert_eq!(err.status(), StatusCode::RUNTIME_DISPATCH_ERROR, "{f}");
    }
    // The module lock: a hook may call other modules, not back into the dispatcher.
    let v = one(call(
        &mut s,
        "dispatchable_fungible_asset",
        "derived",
        &[],
        vec![Value::U64(21), target("via_helper")],
    ));
    assert_eq!(v.as_u64().unwrap(), 22);
    let err = call(
        &mut s,
        "dispatchable_fungible_asset",
        "derived",
        &[],
        vec![Value::U64(21), target("reenter")],
    )
    .unwrap_err();
    assert_eq!(err.status(), StatusCode::RUNTIME_DISPATCH_ERROR);
    // Outside a dispatch the same call is fine.
    let v = one(call_at(
        &mut s,
        cafe(),
        "token",
        "reenter",
        vec![Value::U64(3)],
    ));
    assert_eq!(v.as_u64().unwrap(), 3);
    // Another session has not loaded the module.
    let mut s = env.session();
    let r = call(
        &mut s,
        "dispatchable_fungible_asset",
        "derived",
        &[],
        vec![Value::U64(1), target("balance")],
    );
    assert_eq!(aborted(r).0, 4);
}

fn call_at(
    s: &mut Session<'_>,
    addr: AccountAddress,
    module: &str,
    f: &str,
    args: Vec<Value>,
) -> Result<Vec<Value>, ExecutionError> {
    let id = ModuleId::new(addr, Identifier::new(module).unwrap());
    s.call_function(&id, f, &[], args, &mut BudgetMeter::new(GAS))
}

fn names(list: &[&str]) -> Value {
    Value::vector(list.iter().map(|n| string(n)).collect())
}

#[test]
fn code_request_publish_is_recorded_once() {
    let env = Env::new(&framework_modules_2());
    let mut s = env.session();
    let bundle = Value::vector(vec![Value::bytes(&[1, 2, 3]), Value::bytes(&[4, 5])]);
    let mut gas = BudgetMeter::new(GAS);
    s.call_function(
        &id("code"),
        "request_publish",
        &[],
        vec![
            Value::Address(cafe()),
            names(&["token", "m"]),
            bundle.copy_value().unwrap(),
            Value::U8(1),
        ],
        &mut gas,
    )
    .unwrap();
    // 1,838 + 7 per code byte (5) + 7 per name byte (6).
    assert_eq!(gas.used(), 1_838 + 7 * 5 + 7 * 6);
    let again = call(
        &mut s,
        "code",
        "request_publish",
        &[],
        vec![
            Value::Address(cafe()),
            names(&["token"]),
            bundle.copy_value().unwrap(),
            Value::U8(0),
        ],
    );
    assert_eq!(aborted(again), (0x03_0000, "code".to_string()));
    let req = s.take_publish_request().expect("a request");
    assert_eq!(req.destination, cafe());
    assert_eq!(req.bundle, vec![vec![1, 2, 3], vec![4, 5]]);
    assert_eq!(
        req.expected_modules
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["m", "token"]
    );
    assert!(req.allowed_deps.is_none());
    assert!(req.check_compat);
    assert!(s.take_publish_request().is_none());

    let mut s = env.session();
    let dep = |a: AccountAddress, n: &str| Value::struct_(vec![Value::Address(a), string(n)]);
    call(
        &mut s,
        "code",
        "request_publish_with_allowed_deps",
        &[],
        vec![
            Value::Address(cafe()),
            names(&["token"]),
            Value::vector(vec![dep(AccountAddress::ONE, ""), dep(cafe(), "other")]),
            bundle,
            Value::U8(0),
        ],
    )
    .unwrap();
    let req = s.take_publish_request().unwrap();
    assert!(!req.check_compat);
    let deps = req.allowed_deps.unwrap();
    assert_eq!(deps[&AccountAddress::ONE].iter().collect::<Vec<_>>(), [""]);
    // The package's own modules are allowed too.
    assert_eq!(deps[&cafe()].iter().collect::<Vec<_>>(), ["other", "token"]);
}

#[test]
fn consensus_config_has_no_validator_transactions() {
    let env = Env::new(&framework_modules_2());
    let mut s = env.session();
    for bytes in [&[][..], &[1, 2, 3][..]] {
        let v = one(call(
            &mut s,
            "consensus_config",
            "validator_txn_enabled_internal",
            &[],
            vec![Value::bytes(bytes)],
        ));
        assert!(!v.as_bool().unwrap());
    }
}

/// `0xcafe::<name>`, importing `0x1::string::String` if `uses_string`.
fn cafe_module(name: &str, uses_string: bool) -> Vec<u8> {
    let mut b = ModuleBuilder::new(cafe(), name).with_version(VERSION);
    let params = if uses_string {
        vec![ST::Struct(import_string(&mut b))]
    } else {
        vec![]
    };
    let code = if uses_string {
        vec![MoveLoc(0), Pop, Ret]
    } else {
        vec![Ret]
    };
    b.add_function("f", PUBLIC, false, params, vec![], vec![], vec![], code);
    let mut out = Vec::new();
    b.build().serialize(&mut out).unwrap();
    out
}

#[test]
fn code_publish_request_is_acted_on_as_aptos_does() {
    let env = Env::new(&framework_modules_2());
    let request =
        |s: &mut Session<'_>, expected: &[&str], deps: Option<Value>, code: &[Vec<u8>]| {
            let bundle = Value::vector(code.iter().map(|b| Value::bytes(b)).collect());
            let (f, args) = match deps {
                None => (
                    "request_publish",
                    vec![
                        Value::Address(cafe()),
                        names(expected),
                        bundle,
                        Value::U8(1),
                    ],
                ),
                Some(d) => (
                    "request_publish_with_allowed_deps",
                    vec![
                        Value::Address(cafe()),
                        names(expected),
                        d,
                        bundle,
                        Value::U8(1),
                    ],
                ),
            };
            call(s, "code", f, &[], args).unwrap();
        };
    let plain = cafe_module("pkg", false);
    let user = cafe_module("user", true);

    let mut s = env.session();
    assert!(!s.publish_requested().unwrap());
    request(&mut s, &["pkg"], None, std::slice::from_ref(&plain));
    assert!(s.publish_requested().unwrap());
    let cs = s.finish().unwrap();
    let pkg = ModuleId::new(cafe(), Identifier::new("pkg").unwrap());
    assert_eq!(
        cs.modules.get(&pkg),
        Some(&WriteOp::Creation(plain.clone()))
    );

    // Names must match the metadata both ways.
    for expected in [&["other"][..], &["pkg", "extra"][..]] {
        let mut s = env.session();
        request(&mut s, expected, None, std::slice::from_ref(&plain));
        let err = s.publish_requested().unwrap_err();
        assert_eq!(
            err.major_status(),
            StatusCode::CONSTRAINT_NOT_SATISFIED,
            "{expected:?}"
        );
    }
    // Allowed dependencies: `user` imports 0x1::string.
    let dep = |a: AccountAddress, n: &str| Value::struct_(vec![Value::Address(a), string(n)]);
    let mut s = env.session();
    request(
        &mut s,
        &["user"],
        Some(Value::vector(vec![])),
        std::slice::from_ref(&user),
    );
    let err = s.publish_requested().unwrap_err();
    assert_eq!(err.major_status(), StatusCode::CONSTRAINT_NOT_SATISFIED);
    assert!(err.to_string().contains("unregistered dependency"), "{err}");
    for allowed in ["", "string"] {
        let mut s = env.session();
        let deps = Value::vector(vec![dep(AccountAddress::ONE, allowed)]);
        request(&mut s, &["user"], Some(deps), std::slice::from_ref(&user));
        assert!(s.publish_requested().unwrap(), "{allowed:?}");
    }
}

#[test]
fn aggregator_and_function_info_gas() {
    let env = Env::new(&framework_modules_2());
    let mut s = env.session();
    let used = |s: &mut Session<'_>, module: &str, f: &str, tys: &[TypeTag], args| {
        let mut gas = BudgetMeter::new(GAS);
        let _ = s.call_function(&id(module), f, tys, args, &mut gas);
        gas.used()
    };
    let handle = AccountAddress::from_hex_literal("0x7ab1e").unwrap();
    let factory = local(Value::struct_(vec![Value::struct_(vec![Value::Address(
        handle,
    )])]));
    let agg = one(call(
        &mut s,
        "aggregator_factory",
        "new_aggregator",
        &[],
        vec![factory, Value::U128(9)],
    ));
    let holder = container(vec![agg]);
    let r = || Value::Ref(Ref::new(holder.clone(), 0));
    assert_eq!(
        used(&mut s, "aggregator", "add", &[], vec![r(), Value::U128(1)]),
        1_102
    );
    assert_eq!(used(&mut s, "aggregator", "read", &[], vec![r()]), 1_102);
    let agg = std::mem::replace(&mut read_mut(&holder)[0], Value::Invalid);
    assert_eq!(used(&mut s, "aggregator", "destroy", &[], vec![agg]), 1_838);
    let v2 = |s: &mut Session<'_>, f: &str, args| {
        let mut gas = BudgetMeter::new(GAS);
        let _ = s.call_function(&id("aggregator_v2"), f, &[TypeTag::U64], args, &mut gas);
        gas.used()
    };
    assert_eq!(v2(&mut s, "create_aggregator", vec![Value::U64(3)]), 1_838);
    assert_eq!(v2(&mut s, "create_unbounded_aggregator", vec![]), 1_838);
    let agg = || local(Value::struct_(vec![Value::U64(1), Value::U64(3)]));
    assert_eq!(v2(&mut s, "try_add", vec![agg(), Value::U64(1)]), 1_102);
    assert_eq!(
        v2(&mut s, "is_at_least_impl", vec![agg(), Value::U64(1)]),
        500
    );
    assert_eq!(v2(&mut s, "read", vec![agg()]), 2_205);
    assert_eq!(v2(&mut s, "snapshot", vec![agg()]), 1_102);
    // Check before loading: charged, then abort 2.
    let info = |f: &str| local(function_info(cafe(), "token", f));
    assert_eq!(
        used(
            &mut s,
            "function_info",
            "check_dispatch_type_compatibility_impl",
            &[],
            vec![info("balance"), info("balance")]
        ),
        1_002
    );
    assert_eq!(
        used(
            &mut s,
            "function_info",
            "load_function_impl",
            &[],
            vec![info("balance")]
        ),
        551
    );
}

fn read_mut(c: &lumio_move_vm::values::Container) -> std::cell::RefMut<'_, Vec<Value>> {
    lumio_move_vm::values::write(c).unwrap()
}
