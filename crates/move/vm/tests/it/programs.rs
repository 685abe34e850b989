//! Programs written as bytecode, each checking one family of instructions or a VM rule:
//! results, abort codes and locations, status codes, change sets, gas.

use lumio_move_binary_format::{
    builder::ModuleBuilder,
    file_format::{Bytecode::*, SignatureToken as ST, StructTypeParameter, Visibility},
};
use lumio_move_core_types::{
    Ability, AbilitySet, AccountAddress, Identifier, ModuleId, StatusCode, StructTag, TypeTag,
};
use lumio_move_vm::{
    BudgetMeter, ExecutionError, Loader, NativeTable, Session, Value, WriteOp, errors::Location,
};

use crate::harness::{Env, GAS, u64_of};

const PUBLIC: Visibility = Visibility::Public;

fn abilities(list: &[Ability]) -> AbilitySet {
    list.iter().copied().collect()
}

/// Modules at v7, the newest bytecode the production verifier accepts (`VERSION_DEFAULT` is 8).
fn m(name: &str) -> ModuleBuilder {
    ModuleBuilder::new(AccountAddress::ONE, name).with_version(7)
}

fn id(name: &str) -> ModuleId {
    ModuleId::new(AccountAddress::ONE, Identifier::new(name).unwrap())
}

/// A module `0x1::<name>` with one public function `f(params): rets`.
fn one(
    name: &str,
    params: Vec<ST>,
    rets: Vec<ST>,
    locals: Vec<ST>,
    code: Vec<lumio_move_binary_format::file_format::Bytecode>,
) -> Env {
    let mut b = m(name);
    b.add_function("f", PUBLIC, false, params, rets, vec![], locals, code);
    Env::new(&[b.build()])
}

fn failure(r: Result<Vec<Value>, ExecutionError>) -> (StatusCode, Option<u64>, Vec<(u16, u16)>) {
    match r {
        Err(ExecutionError::Failure(e)) => (
            e.major_status(),
            e.sub_status(),
            e.offsets().iter().map(|(f, o)| (f.0, *o)).collect(),
        ),
        Err(other) => panic!("expected a failure, got {other}"),
        Ok(v) => panic!("expected a failure, got {v:?}"),
    }
}

#[test]
fn arithmetic_and_overflow() {
    let env = one(
        "arith",
        vec![ST::U64, ST::U64],
        vec![ST::U64],
        vec![],
        vec![MoveLoc(0), MoveLoc(1), Add, LdU64(3), Mul, Ret],
    );
    assert_eq!(
        u64_of(env.call("arith", "f", vec![Value::U64(2), Value::U64(5)])),
        21
    );
    let (code, _, at) = failure(env.call("arith", "f", vec![Value::U64(u64::MAX), Value::U64(1)]));
    assert_eq!(code, StatusCode::ARITHMETIC_ERROR);
    assert_eq!(at, vec![(0, 2)], "error located at the Add");
}

#[test]
fn division_casts_and_shifts() {
    // f(a, b) = ((a / b) as u8) << 3
    let env = one(
        "ops",
        vec![ST::U64, ST::U64],
        vec![ST::U8],
        vec![],
        vec![MoveLoc(0), MoveLoc(1), Div, CastU8, LdU8(3), Shl, Ret],
    );
    let r = env
        .call("ops", "f", vec![Value::U64(100), Value::U64(10)])
        .unwrap();
    assert!(r[0].equals(&Value::U8(80)).unwrap());
    // 255 << 3 keeps the low 8 bits: 248.
    let r = env
        .call("ops", "f", vec![Value::U64(255), Value::U64(1)])
        .unwrap();
    assert!(r[0].equals(&Value::U8(248)).unwrap());
    assert_eq!(
        failure(env.call("ops", "f", vec![Value::U64(1), Value::U64(0)])).0,
        StatusCode::ARITHMETIC_ERROR,
        "division by zero"
    );
    assert_eq!(
        failure(env.call("ops", "f", vec![Value::U64(256), Value::U64(1)])).0,
        StatusCode::ARITHMETIC_ERROR,
        "cast out of range"
    );
    let sh = one(
        "sh",
        vec![ST::U8],
        vec![ST::U8],
        vec![],
        vec![LdU8(1), MoveLoc(0), Shr, Ret],
    );
    let r = sh.call("sh", "f", vec![Value::U8(7)]).unwrap();
    assert!(r[0].equals(&Value::U8(0)).unwrap());
    assert_eq!(
        failure(sh.call("sh", "f", vec![Value::U8(8)])).0,
        StatusCode::ARITHMETIC_ERROR,
        "shift by the bit width"
    );
}

#[test]
fn u256_and_u128_arithmetic() {
    let env = one(
        "big",
        vec![ST::U256, ST::U256],
        vec![ST::U256],
        vec![],
        vec![MoveLoc(0), MoveLoc(1), Mul, Ret],
    );
    let two128 = ruint::aliases::U256::from(1u8) << 128;
    let r = env
        .call(
            "big",
            "f",
            vec![
                Value::U256(two128),
                Value::U256(ruint::aliases::U256::from(3u8)),
            ],
        )
        .unwrap();
    assert!(
        r[0].equals(&Value::U256(two128 * ruint::aliases::U256::from(3u8)))
            .unwrap()
    );
    assert_eq!(
        failure(env.call("big", "f", vec![Value::U256(two128), Value::U256(two128)])).0,
        StatusCode::ARITHMETIC_ERROR
    );
}

/// sum(n) = 0 + 1 + ... + n-1 with a loop; locals: 0 n, 1 i, 2 acc.
fn sum_loop() -> Env {
    one(
        "loop",
        vec![ST::U64],
        vec![ST::U64],
        vec![ST::U64, ST::U64],
        vec![
            LdU64(0),
            StLoc(1),
            LdU64(0),
            StLoc(2),
            // 4: head
            CopyLoc(1),
            CopyLoc(0),
            Lt,
            BrFalse(18),
            CopyLoc(2),
            CopyLoc(1),
            Add,
            StLoc(2),
            CopyLoc(1),
            LdU64(1),
            Add,
            StLoc(1),
            Branch(4),
            Nop,
            // 18:
            MoveLoc(2),
            Ret,
        ],
    )
}

#[test]
fn loops_and_gas() {
    let env = sum_loop();
    assert_eq!(u64_of(env.call("loop", "f", vec![Value::U64(101)])), 5050);
    // Gas: a small budget runs out, and the same run charges the same every time.
    let run = |budget: u64, n: u64| {
        let mut s = env.session();
        let mut g = BudgetMeter::new(budget);
        let r = s.call_function(&id("loop"), "f", &[], vec![Value::U64(n)], &mut g);
        (r, g.used())
    };
    let (r1, used1) = run(GAS, 1000);
    let (r2, used2) = run(GAS, 1000);
    assert!(r1.is_ok() && r2.is_ok());
    assert_eq!(used1, used2, "deterministic gas");
    let (r, _) = run(used1 / 2, 1000);
    assert_eq!(failure(r).0, StatusCode::OUT_OF_GAS);
}

#[test]
fn abort_code_and_location() {
    let env = one(
        "ab",
        vec![ST::U64],
        vec![],
        vec![],
        vec![
            CopyLoc(0),
            LdU64(10),
            Gt,
            BrFalse(6),
            MoveLoc(0),
            Abort,
            Ret,
        ],
    );
    assert!(env.call("ab", "f", vec![Value::U64(3)]).unwrap().is_empty());
    match env.call("ab", "f", vec![Value::U64(0x10006)]) {
        Err(ExecutionError::Abort {
            location, code, at, ..
        }) => {
            assert_eq!(code, 0x10006);
            assert_eq!(location, Location::Module(id("ab")));
            assert_eq!(at, Some((0, 5)));
        }
        other => panic!("expected abort, got {other:?}"),
    }
}

#[test]
fn structs_fields_and_references() {
    // struct P has copy, drop { x: u64, y: u64 }
    // f(): u64 { let p = P { x: 1, y: 2 }; let r = &mut p.y; *r = *r + 40; let P { x, y } = p; x + y }
    let mut b = m("st");
    let cd = abilities(&[Ability::Copy, Ability::Drop]);
    let (_, sd) = b.add_struct("P", cd, vec![], vec![("x", ST::U64), ("y", ST::U64)]);
    let fy = b.field_handle(sd, 1);
    b.add_function(
        "f",
        PUBLIC,
        false,
        vec![],
        vec![ST::U64],
        vec![],
        vec![
            ST::Struct(lumio_move_binary_format::file_format::StructHandleIndex(0)),
            ST::MutableReference(Box::new(ST::U64)),
        ],
        vec![
            LdU64(1),
            LdU64(2),
            Pack(sd),
            StLoc(0),
            MutBorrowLoc(0),
            MutBorrowField(fy),
            StLoc(1),
            CopyLoc(1),
            ReadRef,
            LdU64(40),
            Add,
            MoveLoc(1),
            WriteRef,
            MoveLoc(0),
            Unpack(sd),
            Add,
            Ret,
        ],
    );
    let env = Env::new(&[b.build()]);
    assert_eq!(u64_of(env.call("st", "f", vec![])), 43);
}

#[test]
fn vectors() {
    // f(): u64 { let v = vector[1, 2, 3]; push_back(&mut v, 10); swap(&mut v, 0, 3);
    //            let x = *borrow(&v, 0); pop_back(&mut v) + x + length(&v) }
    let mut b = m("vec");
    let s = b.signature(vec![ST::U64]);
    let vt = ST::Vector(Box::new(ST::U64));
    b.add_function(
        "f",
        PUBLIC,
        false,
        vec![],
        vec![ST::U64],
        vec![],
        vec![vt.clone(), ST::U64],
        vec![
            LdU64(1),
            LdU64(2),
            LdU64(3),
            VecPack(s, 3),
            StLoc(0),
            MutBorrowLoc(0),
            LdU64(10),
            VecPushBack(s),
            MutBorrowLoc(0),
            LdU64(0),
            LdU64(3),
            VecSwap(s),
            ImmBorrowLoc(0),
            LdU64(0),
            VecImmBorrow(s),
            ReadRef,
            StLoc(1),
            MutBorrowLoc(0),
            VecPopBack(s),
            MoveLoc(1),
            Add,
            ImmBorrowLoc(0),
            VecLen(s),
            Add,
            Ret,
        ],
    );
    // g(): pop from an empty vector; h(): borrow out of bounds; k(): unpack of the wrong size.
    b.add_function(
        "g",
        PUBLIC,
        false,
        vec![],
        vec![ST::U64],
        vec![],
        vec![vt.clone()],
        vec![VecPack(s, 0), StLoc(0), MutBorrowLoc(0), VecPopBack(s), Ret],
    );
    b.add_function(
        "h",
        PUBLIC,
        false,
        vec![],
        vec![ST::U64],
        vec![],
        vec![vt],
        vec![
            LdU64(5),
            VecPack(s, 1),
            StLoc(0),
            ImmBorrowLoc(0),
            LdU64(1),
            VecImmBorrow(s),
            ReadRef,
            Ret,
        ],
    );
    b.add_function(
        "k",
        PUBLIC,
        false,
        vec![],
        vec![],
        vec![],
        vec![],
        vec![LdU64(5), VecPack(s, 1), VecUnpack(s, 0), Ret],
    );
    let env = Env::new(&[b.build()]);
    // v = [10, 2, 3, 1]: pop 1 + x 10 + len 3
    assert_eq!(u64_of(env.call("vec", "f", vec![])), 14);
    let (code, sub, _) = failure(env.call("vec", "g", vec![]));
    assert_eq!((code, sub), (StatusCode::VECTOR_OPERATION_ERROR, Some(2)));
    let (code, sub, _) = failure(env.call("vec", "h", vec![]));
    assert_eq!((code, sub), (StatusCode::VECTOR_OPERATION_ERROR, Some(1)));
    let (code, sub, _) = failure(env.call("vec", "k", vec![]));
    assert_eq!((code, sub), (StatusCode::VECTOR_OPERATION_ERROR, Some(3)));
}

/// `0x1::bank`: `struct Coin has key { v: u64 }`; `publish(s: &signer, v)`, `value(a): u64`,
/// `add(a, d)` (borrow_global_mut), `take(a): u64` (move_from + unpack), `has(a): bool`.
pub(crate) fn bank() -> lumio_move_binary_format::file_format::CompiledModule {
    let mut b = m("bank");
    let (_, sd) = b.add_struct(
        "Coin",
        abilities(&[Ability::Key]),
        vec![],
        vec![("v", ST::U64)],
    );
    let fv = b.field_handle(sd, 0);
    let signer_ref = ST::Reference(Box::new(ST::Signer));
    b.add_function(
        "publish",
        PUBLIC,
        true,
        vec![signer_ref, ST::U64],
        vec![],
        vec![],
        vec![],
        vec![MoveLoc(0), MoveLoc(1), Pack(sd), MoveTo(sd), Ret],
    );
    b.add_function(
        "value",
        PUBLIC,
        false,
        vec![ST::Address],
        vec![ST::U64],
        vec![],
        vec![],
        vec![
            MoveLoc(0),
            ImmBorrowGlobal(sd),
            ImmBorrowField(fv),
            ReadRef,
            Ret,
        ],
    );
    b.add_function(
        "add",
        PUBLIC,
        false,
        vec![ST::Address, ST::U64],
        vec![],
        vec![],
        vec![ST::MutableReference(Box::new(ST::U64))],
        vec![
            MoveLoc(0),
            MutBorrowGlobal(sd),
            MutBorrowField(fv),
            StLoc(2),
            CopyLoc(2),
            ReadRef,
            MoveLoc(1),
            Add,
            MoveLoc(2),
            WriteRef,
            Ret,
        ],
    );
    b.add_function(
        "take",
        PUBLIC,
        false,
        vec![ST::Address],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), MoveFrom(sd), Unpack(sd), Ret],
    );
    b.add_function(
        "has",
        PUBLIC,
        false,
        vec![ST::Address],
        vec![ST::Bool],
        vec![],
        vec![],
        vec![MoveLoc(0), Exists(sd), Ret],
    );
    let mut m = b.build();
    m.function_defs[1].acquires_global_resources = vec![sd];
    m.function_defs[2].acquires_global_resources = vec![sd];
    m.function_defs[3].acquires_global_resources = vec![sd];
    m
}

#[test]
fn global_storage_and_change_sets() {
    let env = Env::new(&[bank()]);
    let alice = AccountAddress::from([0xA1; 32]);
    let coin = StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new("bank").unwrap(),
        name: Identifier::new("Coin").unwrap(),
        type_args: vec![],
    };
    // Missing resource.
    let (code, _, at) = failure(env.call("bank", "value", vec![Value::Address(alice)]));
    assert_eq!(code, StatusCode::MISSING_DATA);
    assert_eq!(at, vec![(1, 1)]);
    // Publish through the entry function: a creation.
    let mut s = env.session();
    let mut gas = BudgetMeter::new(GAS);
    s.execute_entry_function(
        &id("bank"),
        "publish",
        &[],
        &[alice],
        &[7u64.to_le_bytes().to_vec()],
        &mut gas,
    )
    .unwrap();
    let cs = s.finish().unwrap();
    assert_eq!(
        cs.resources.get(&(alice, coin.clone())),
        Some(&WriteOp::Creation(7u64.to_le_bytes().to_vec()))
    );
    env.chain.apply(&cs);
    assert!(
        env.call("bank", "has", vec![Value::Address(alice)])
            .unwrap()[0]
            .as_bool()
            .unwrap()
    );
    assert_eq!(
        u64_of(env.call("bank", "value", vec![Value::Address(alice)])),
        7
    );
    // Publishing again fails; nothing is written.
    let mut s = env.session();
    let r = s.execute_entry_function(
        &id("bank"),
        "publish",
        &[],
        &[alice],
        &[1u64.to_le_bytes().to_vec()],
        &mut BudgetMeter::new(GAS),
    );
    assert_eq!(r.unwrap_err().status(), StatusCode::RESOURCE_ALREADY_EXISTS);
    // Modify.
    let mut s = env.session();
    s.call_function(
        &id("bank"),
        "add",
        &[],
        vec![Value::Address(alice), Value::U64(5)],
        &mut BudgetMeter::new(GAS),
    )
    .unwrap();
    let cs = s.finish().unwrap();
    assert_eq!(
        cs.resources.get(&(alice, coin.clone())),
        Some(&WriteOp::Modification(12u64.to_le_bytes().to_vec()))
    );
    env.chain.apply(&cs);
    // A mutable borrow that changes nothing writes nothing.
    let mut s = env.session();
    s.call_function(
        &id("bank"),
        "add",
        &[],
        vec![Value::Address(alice), Value::U64(0)],
        &mut BudgetMeter::new(GAS),
    )
    .unwrap();
    assert!(s.finish().unwrap().resources.is_empty());
    // Move out: a deletion.
    let mut s = env.session();
    let out = s
        .call_function(
            &id("bank"),
            "take",
            &[],
            vec![Value::Address(alice)],
            &mut BudgetMeter::new(GAS),
        )
        .unwrap();
    assert_eq!(out[0].as_u64().unwrap(), 12);
    let cs = s.finish().unwrap();
    assert_eq!(cs.resources.get(&(alice, coin)), Some(&WriteOp::Deletion));
}

#[test]
fn entry_function_arguments() {
    let env = Env::new(&[bank()]);
    let alice = AccountAddress::from([0xA1; 32]);
    let run = |name: &str, senders: &[AccountAddress], args: &[Vec<u8>]| {
        let mut s = env.session();
        s.execute_entry_function(
            &id("bank"),
            name,
            &[],
            senders,
            args,
            &mut BudgetMeter::new(GAS),
        )
    };
    assert_eq!(
        run("publish", &[alice], &[]).unwrap_err().status(),
        StatusCode::NUMBER_OF_ARGUMENTS_MISMATCH
    );
    assert_eq!(
        run("publish", &[alice], &[vec![1, 2, 3]])
            .unwrap_err()
            .status(),
        StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT
    );
    assert_eq!(
        run("value", &[], &[alice.as_bytes().to_vec()])
            .unwrap_err()
            .status(),
        StatusCode::EXECUTE_ENTRY_FUNCTION_CALLED_ON_NON_ENTRY_FUNCTION
    );
}

#[test]
fn generics_and_generic_globals() {
    // struct Box<T: store> has key { x: T }; put<T: store>(s: &signer, x: T); get_u64(a): u64
    // id<T>(x: T): T { x }
    let mut b = m("gen");
    let store = abilities(&[Ability::Store]);
    let (bh, bd) = b.add_struct(
        "Box",
        abilities(&[Ability::Key]),
        vec![StructTypeParameter {
            constraints: store,
            is_phantom: false,
        }],
        vec![("x", ST::TypeParameter(0))],
    );
    let inst_t = b.struct_instantiation(bd, vec![ST::TypeParameter(0)]);
    let inst_u64 = b.struct_instantiation(bd, vec![ST::U64]);
    let fx = b.field_handle(bd, 0);
    let fx_u64 = b.field_instantiation(fx, vec![ST::U64]);
    let _ = bh;
    b.add_function(
        "put",
        PUBLIC,
        true,
        vec![ST::Reference(Box::new(ST::Signer)), ST::TypeParameter(0)],
        vec![],
        vec![store],
        vec![],
        vec![
            MoveLoc(0),
            MoveLoc(1),
            PackGeneric(inst_t),
            MoveToGeneric(inst_t),
            Ret,
        ],
    );
    b.add_function(
        "get_u64",
        PUBLIC,
        false,
        vec![ST::Address],
        vec![ST::U64],
        vec![],
        vec![],
        vec![
            MoveLoc(0),
            ImmBorrowGlobalGeneric(inst_u64),
            ImmBorrowFieldGeneric(fx_u64),
            ReadRef,
            Ret,
        ],
    );
    let (id_h, _) = b.add_function(
        "id",
        PUBLIC,
        false,
        vec![ST::TypeParameter(0)],
        vec![ST::TypeParameter(0)],
        vec![AbilitySet::EMPTY],
        vec![],
        vec![MoveLoc(0), Ret],
    );
    let id_u64 = b.function_instantiation(id_h, vec![ST::U64]);
    b.add_function(
        "twice",
        PUBLIC,
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), CallGeneric(id_u64), CallGeneric(id_u64), Ret],
    );
    let mut module = b.build();
    module.function_defs[1].acquires_global_resources = vec![bd];
    let env = Env::new(&[module]);
    assert_eq!(u64_of(env.call("gen", "twice", vec![Value::U64(9)])), 9);
    let alice = AccountAddress::from([7; 32]);
    for (tag, bytes) in [
        (TypeTag::U64, 5u64.to_le_bytes().to_vec()),
        (TypeTag::Bool, vec![1]),
    ] {
        let mut s = env.session();
        s.execute_entry_function(
            &id("gen"),
            "put",
            &[tag],
            &[alice],
            &[bytes],
            &mut BudgetMeter::new(GAS),
        )
        .unwrap();
        env.chain.apply(&s.finish().unwrap());
    }
    // Two resources, keyed by their type argument.
    assert_eq!(env.chain.resources.borrow().len(), 2);
    assert_eq!(
        u64_of(env.call("gen", "get_u64", vec![Value::Address(alice)])),
        5
    );
    // Wrong number of type arguments.
    let mut s = env.session();
    let r = s.execute_entry_function(
        &id("gen"),
        "put",
        &[],
        &[alice],
        &[vec![1]],
        &mut BudgetMeter::new(GAS),
    );
    assert_eq!(
        r.unwrap_err().status(),
        StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH
    );
}

#[test]
fn calls_across_modules_and_recursion_limit() {
    // 0x1::a::double(x) = x * 2; 0x1::b::quad(x) = a::double(a::double(x)); b::forever() recurses.
    let mut a = m("a");
    a.add_function(
        "double",
        PUBLIC,
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), LdU64(2), Mul, Ret],
    );
    let mut b = m("b");
    let ah = b.module_handle(AccountAddress::ONE, "a");
    let dbl = b.function_handle(ah, "double", vec![ST::U64], vec![ST::U64], vec![]);
    b.add_function(
        "quad",
        PUBLIC,
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), Call(dbl), Call(dbl), Ret],
    );
    let forever = lumio_move_binary_format::file_format::FunctionHandleIndex(2);
    b.add_function(
        "forever",
        PUBLIC,
        false,
        vec![],
        vec![],
        vec![],
        vec![],
        vec![Call(forever), Ret],
    );
    let env = Env::new(&[a.build(), b.build()]);
    assert_eq!(u64_of(env.call("b", "quad", vec![Value::U64(5)])), 20);
    assert_eq!(
        failure(env.call("b", "forever", vec![])).0,
        StatusCode::CALL_STACK_OVERFLOW
    );
}

#[test]
fn enums_variants() {
    // enum E has drop { A { x: u64 }, B { x: u64, y: u64 } }
    // f(k): u64 { let e = if k { A{x:1} } else { B{x:2, y:3} }; test + field borrow + unpack }
    let mut b = m("en");
    let (eh, ed) = b.add_enum(
        "E",
        abilities(&[Ability::Drop]),
        vec![],
        vec![
            ("A", vec![("x", ST::U64)]),
            ("B", vec![("x", ST::U64), ("y", ST::U64)]),
        ],
    );
    let va = b.struct_variant_handle(ed, 0);
    let vb = b.struct_variant_handle(ed, 1);
    let fx = b.variant_field_handle(ed, vec![0, 1], 0);
    let e = ST::Struct(eh);
    // g(k): u64 = x of the variant (through a variant field borrow), + 100 if it is B.
    b.add_function(
        "g",
        PUBLIC,
        false,
        vec![ST::Bool],
        vec![ST::U64],
        vec![],
        vec![e, ST::U64],
        vec![
            MoveLoc(0),
            BrFalse(6),
            LdU64(1),
            PackVariant(va),
            StLoc(1),
            Branch(10),
            // 6:
            LdU64(2),
            LdU64(3),
            PackVariant(vb),
            StLoc(1),
            // 10:
            ImmBorrowLoc(1),
            ImmBorrowVariantField(fx),
            ReadRef,
            StLoc(2),
            ImmBorrowLoc(1),
            TestVariant(vb),
            BrFalse(22),
            MoveLoc(2),
            LdU64(100),
            Add,
            StLoc(2),
            Nop,
            // 22:
            MoveLoc(2),
            Ret,
        ],
    );
    // h(): unpacks an A as a B.
    b.add_function(
        "h",
        PUBLIC,
        false,
        vec![],
        vec![ST::U64],
        vec![],
        vec![],
        vec![LdU64(1), PackVariant(va), UnpackVariant(vb), Add, Ret],
    );
    let env = Env::new(&[b.build()]);
    assert_eq!(u64_of(env.call("en", "g", vec![Value::Bool(true)])), 1);
    assert_eq!(u64_of(env.call("en", "g", vec![Value::Bool(false)])), 102);
    assert_eq!(
        failure(env.call("en", "h", vec![])).0,
        StatusCode::STRUCT_VARIANT_MISMATCH
    );
}

/// `0x1::hash` with the two MoveStdlib natives, and `0x1::user` calling them.
fn hash_modules() -> Vec<lumio_move_binary_format::file_format::CompiledModule> {
    let bytes = ST::Vector(Box::new(ST::U8));
    let mut h = m("hash");
    h.add_native_function(
        "sha2_256",
        PUBLIC,
        vec![bytes.clone()],
        vec![bytes.clone()],
        vec![],
    );
    h.add_native_function("sha3_256", PUBLIC, vec![bytes.clone()], vec![bytes], vec![]);
    vec![h.build()]
}

#[test]
fn native_hashes_known_answers() {
    let env = Env::new(&hash_modules());
    let digest = |f: &str, input: &[u8]| {
        let r = env.call("hash", f, vec![Value::bytes(input)]).unwrap();
        hex::encode(r[0].as_bytes().unwrap())
    };
    assert_eq!(
        digest("sha2_256", b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        digest("sha3_256", b"abc"),
        "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"
    );
    assert_eq!(
        digest("sha3_256", b""),
        "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"
    );
}

#[test]
fn missing_native_fails_at_link_time_naming_it() {
    let mut b = m("zk");
    b.add_native_function("prove", PUBLIC, vec![], vec![], vec![]);
    let env = Env::new(&[b.build()]);
    let err = env.call("zk", "prove", vec![]).unwrap_err();
    assert_eq!(err.status(), StatusCode::MISSING_DEPENDENCY);
    assert!(err.to_string().contains("0x1::zk::prove"), "{err}");
}

#[test]
fn unverifiable_module_is_rejected_on_load() {
    // Pops from an empty stack: the verifier rejects it before anything runs.
    let env = one("bad", vec![], vec![], vec![], vec![Pop, Ret]);
    let err = env.call("bad", "f", vec![]).unwrap_err();
    assert_eq!(err.status(), StatusCode::NEGATIVE_STACK_SIZE_WITHIN_BLOCK);
}

#[test]
fn unpublished_module_is_a_linker_error() {
    let env = Env::new(&[]);
    assert_eq!(
        env.call("nothing", "f", vec![]).unwrap_err().status(),
        StatusCode::LINKER_ERROR
    );
}

#[test]
fn same_session_twice_is_byte_identical() {
    let env = Env::new(&[bank()]);
    let run = || {
        let loader = Loader::new(NativeTable::standard());
        let mut s = Session::new(&loader, &env.chain, &env.chain);
        let mut gas = BudgetMeter::new(GAS);
        for (i, a) in [[1u8; 32], [2; 32], [3; 32]].into_iter().enumerate() {
            s.execute_entry_function(
                &id("bank"),
                "publish",
                &[],
                &[AccountAddress::from(a)],
                &[(i as u64).to_le_bytes().to_vec()],
                &mut gas,
            )
            .unwrap();
        }
        (s.finish().unwrap(), gas.used())
    };
    let (a, ga) = run();
    let (b, gb) = run();
    assert_eq!(a, b);
    assert_eq!(ga, gb);
    assert_eq!(a.resources.len(), 3);
}

#[test]
fn string_arguments_must_be_utf8_also_inside_vectors() {
    let bytes = ST::Vector(Box::new(ST::U8));
    let cds = abilities(&[Ability::Copy, Ability::Drop, Ability::Store]);
    let mut st = m("string");
    st.add_struct("String", cds, vec![], vec![("bytes", bytes)]);
    let mut b = m("args");
    let sh = b.module_handle(AccountAddress::ONE, "string");
    let string = ST::Struct(b.import_struct(sh, "String", cds, vec![]));
    let signer = ST::Reference(Box::new(ST::Signer));
    b.add_function(
        "one",
        PUBLIC,
        true,
        vec![signer.clone(), string.clone()],
        vec![],
        vec![],
        vec![],
        vec![Ret],
    );
    b.add_function(
        "many",
        PUBLIC,
        true,
        vec![signer, ST::Vector(Box::new(string))],
        vec![],
        vec![],
        vec![],
        vec![Ret],
    );
    let env = Env::new(&[st.build(), b.build()]);
    let run = |f: &str, arg: Vec<u8>| {
        let mut s = env.session();
        s.execute_entry_function(
            &id("args"),
            f,
            &[],
            &[AccountAddress::ONE],
            &[arg],
            &mut BudgetMeter::new(GAS),
        )
    };
    // BCS of a String is the BCS of its bytes.
    let good = vec![2, b'o', b'k'];
    let bad = vec![2, 0xC3, 0x28];
    assert!(run("one", good.clone()).is_ok());
    // As Aptos: the abort `string::utf8` raises (code 1 in 0x1::string, function 0 offset 0).
    let utf8_abort = |r: Result<(), ExecutionError>| match r {
        Err(ExecutionError::Abort {
            location, code, at, ..
        }) => (location, code, at),
        other => panic!("expected the utf8 abort, got {other:?}"),
    };
    assert_eq!(
        utf8_abort(run("one", bad.clone())),
        (Location::Module(id("string")), 1, Some((0, 0)))
    );
    let vec_of = |items: &[&Vec<u8>]| {
        let mut v = vec![items.len() as u8];
        for i in items {
            v.extend_from_slice(i);
        }
        v
    };
    assert!(run("many", vec_of(&[&good, &good])).is_ok());
    assert_eq!(
        utf8_abort(run("many", vec_of(&[&good, &bad]))),
        (Location::Module(id("string")), 1, Some((0, 0))),
        "a non-UTF-8 String inside a vector argument"
    );
}
