//! Publishing: sender and bundle rules, verification and linking at publish time, and Aptos's
//! upgrade-compatibility rules.

use lumio_move_binary_format::{
    builder::ModuleBuilder,
    file_format::{Bytecode::*, CompiledModule, SignatureToken as ST, Visibility},
};
use lumio_move_core_types::{Ability, AccountAddress, Identifier, ModuleId, StatusCode};
use lumio_move_vm::{BudgetMeter, Value, WriteOp, compatibility::Compatibility};

use crate::harness::{Env, GAS};

const ALICE: AccountAddress = AccountAddress::ONE;

fn bytes(m: &CompiledModule) -> Vec<u8> {
    m.to_bytes().expect("serialize")
}

/// `0x1::lib` v1: `struct Point has copy, drop { x: u64 }`, `public fun get(): u64 { 1 }`,
/// `entry fun poke() {}`, `fun helper(): u64 { 2 }`.
fn lib(
    extra_public: bool,
    keep_get: bool,
    point_fields: Vec<(&str, ST)>,
    point_abilities: &[Ability],
    keep_entry: bool,
) -> CompiledModule {
    let mut b = ModuleBuilder::new(ALICE, "lib").with_version(7);
    b.add_struct(
        "Point",
        point_abilities.iter().copied().collect(),
        vec![],
        point_fields,
    );
    if keep_get {
        b.add_function(
            "get",
            Visibility::Public,
            false,
            vec![],
            vec![ST::U64],
            vec![],
            vec![],
            vec![LdU64(1), Ret],
        );
    }
    if keep_entry {
        b.add_function(
            "poke",
            Visibility::Private,
            true,
            vec![],
            vec![],
            vec![],
            vec![],
            vec![Ret],
        );
    }
    b.add_function(
        "helper",
        Visibility::Private,
        false,
        vec![],
        vec![ST::U64],
        vec![],
        vec![],
        vec![LdU64(2), Ret],
    );
    if extra_public {
        b.add_function(
            "newer",
            Visibility::Public,
            false,
            vec![],
            vec![ST::U64],
            vec![],
            vec![],
            vec![LdU64(42), Ret],
        );
    }
    b.build()
}

fn v1() -> CompiledModule {
    lib(
        false,
        true,
        vec![("x", ST::U64)],
        &[Ability::Copy, Ability::Drop],
        true,
    )
}

/// `0x1::user` calling `lib::get`.
fn user() -> CompiledModule {
    let mut b = ModuleBuilder::new(ALICE, "user").with_version(7);
    let lh = b.module_handle(ALICE, "lib");
    let get = b.function_handle(lh, "get", vec![], vec![ST::U64], vec![]);
    b.add_function(
        "twice",
        Visibility::Public,
        false,
        vec![],
        vec![ST::U64],
        vec![],
        vec![],
        vec![Call(get), Call(get), Add, Ret],
    );
    b.build()
}

fn publish(
    env: &mut Env,
    bundle: &[CompiledModule],
    sender: AccountAddress,
) -> Result<(), StatusCode> {
    let mut s = env.session();
    let bundle: Vec<Vec<u8>> = bundle.iter().map(bytes).collect();
    s.publish_module_bundle(&bundle, sender, Compatibility::default())
        .map_err(|e| e.major_status())?;
    let cs = s.finish().expect("finish");
    env.chain.apply_modules(&cs);
    env.loader.flush();
    Ok(())
}

#[test]
fn publish_a_bundle_then_call_it() {
    let mut env = Env::new(&[]);
    // A module whose dependency is missing does not link.
    assert_eq!(
        publish(&mut env, &[user()], ALICE),
        Err(StatusCode::MISSING_DEPENDENCY)
    );
    // Both in one bundle: fine; the change set holds two creations.
    let mut s = env.session();
    s.publish_module_bundle(
        &[bytes(&v1()), bytes(&user())],
        ALICE,
        Compatibility::default(),
    )
    .unwrap();
    let cs = s.finish().unwrap();
    assert_eq!(cs.modules.len(), 2);
    assert!(
        cs.modules
            .values()
            .all(|op| matches!(op, WriteOp::Creation(_)))
    );
    env.chain.apply_modules(&cs);
    env.loader.flush();
    let out = env.call("user", "twice", vec![]).unwrap();
    assert!(out[0].equals(&Value::U64(2)).unwrap());
}

#[test]
fn sender_and_bundle_rules() {
    let mut env = Env::new(&[]);
    let bob = AccountAddress::from([0xB0; 32]);
    assert_eq!(
        publish(&mut env, &[v1()], bob),
        Err(StatusCode::MODULE_ADDRESS_DOES_NOT_MATCH_SENDER)
    );
    assert_eq!(
        publish(&mut env, &[v1(), v1()], ALICE),
        Err(StatusCode::DUPLICATE_MODULE_NAME)
    );
    // Unverifiable code is refused at publish time.
    let mut bad = v1();
    if let Some(code) = bad.function_defs[0].code.as_mut() {
        code.code = vec![Pop, Ret];
    }
    assert_eq!(
        publish(&mut env, &[bad], ALICE),
        Err(StatusCode::NEGATIVE_STACK_SIZE_WITHIN_BLOCK)
    );
    // Garbage bytes.
    let mut s = env.session();
    let err = s
        .publish_module_bundle(&[vec![1, 2, 3]], ALICE, Compatibility::default())
        .unwrap_err();
    assert_eq!(err.major_status(), StatusCode::BAD_MAGIC);
}

#[test]
fn compatible_upgrades_and_incompatible_ones() {
    let mut env = Env::new(&[]);
    publish(&mut env, &[v1(), user()], ALICE).unwrap();
    let cd = [Ability::Copy, Ability::Drop];
    // Adding a public function and an ability is compatible; the change set says Modification.
    let up = lib(
        true,
        true,
        vec![("x", ST::U64)],
        &[Ability::Copy, Ability::Drop, Ability::Store],
        true,
    );
    let mut s = env.session();
    s.publish_module_bundle(&[bytes(&up)], ALICE, Compatibility::default())
        .unwrap();
    let cs = s.finish().unwrap();
    let lib_id = ModuleId::new(ALICE, Identifier::new("lib").unwrap());
    assert!(matches!(
        cs.modules.get(&lib_id),
        Some(WriteOp::Modification(_))
    ));
    env.chain.apply_modules(&cs);
    env.loader.flush();
    let mut gas = BudgetMeter::new(GAS);
    let out = env
        .session()
        .call_function(&lib_id, "newer", &[], vec![], &mut gas)
        .unwrap();
    assert!(out[0].equals(&Value::U64(42)).unwrap());
    // The dependent module still links and runs against the upgrade.
    assert!(
        env.call("user", "twice", vec![]).unwrap()[0]
            .equals(&Value::U64(2))
            .unwrap()
    );
    for (what, m) in [
        (
            "public function removed",
            lib(
                true,
                false,
                vec![("x", ST::U64)],
                &[Ability::Copy, Ability::Drop, Ability::Store],
                true,
            ),
        ),
        (
            "field added",
            lib(
                true,
                true,
                vec![("x", ST::U64), ("y", ST::U64)],
                &[Ability::Copy, Ability::Drop, Ability::Store],
                true,
            ),
        ),
        (
            "field type changed",
            lib(
                true,
                true,
                vec![("x", ST::U128)],
                &[Ability::Copy, Ability::Drop, Ability::Store],
                true,
            ),
        ),
        (
            "ability removed",
            lib(true, true, vec![("x", ST::U64)], &cd, true),
        ),
        (
            "entry function removed",
            lib(
                true,
                true,
                vec![("x", ST::U64)],
                &[Ability::Copy, Ability::Drop, Ability::Store],
                false,
            ),
        ),
    ] {
        let mut s = env.session();
        let err = s
            .publish_module_bundle(&[bytes(&m)], ALICE, Compatibility::default())
            .unwrap_err();
        assert_eq!(
            err.major_status(),
            StatusCode::BACKWARD_INCOMPATIBLE_MODULE_UPDATE,
            "{what}: {err}"
        );
    }
    // Without the layout check a field may be added (Aptos's `arbitrary`-like relaxations).
    let relaxed = Compatibility {
        check_struct_layout: false,
        ..Compatibility::default()
    };
    let m = lib(
        true,
        true,
        vec![("x", ST::U64), ("y", ST::U64)],
        &[Ability::Copy, Ability::Drop, Ability::Store],
        true,
    );
    env.session()
        .publish_module_bundle(&[bytes(&m)], ALICE, relaxed)
        .unwrap();
}
