//! Real Aptos-compiled MoveStdlib and AptosStdlib bytecode on our VM: loads every module of a
//! compiled framework directory (`LUMIO_APTOS_FRAMEWORK_DIR`, e.g. an Aptos package's
//! `build/<pkg>/bytecode_modules/dependencies/`) and runs MoveStdlib and AptosStdlib
//! functions with known results. The bytecode is Aptos's, so it is not in the repository: the
//! tests are ignored by default and run by `scripts/vm-framework.sh`, which fails if the
//! directory is missing.

use std::{collections::HashMap, path::Path};

use lumio_move_binary_format::file_format::CompiledModule;
use lumio_move_core_types::{AccountAddress, Identifier, ModuleId, StatusCode, StructTag, TypeTag};
use lumio_move_vm::{
    BudgetMeter, Loader, NativeTable, Session, Value,
    values::{Ref, container},
};

use crate::harness::{Chain, GAS};

fn collect(dir: &Path, out: &mut Vec<Vec<u8>>) {
    for e in std::fs::read_dir(dir)
        .expect("read framework dir")
        .flatten()
    {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "mv") {
            out.push(std::fs::read(&p).expect("read module"));
        }
    }
}

#[test]
#[ignore = "needs compiled Aptos framework bytecode: run scripts/vm-framework.sh"]
fn aptos_move_stdlib_runs_on_our_vm() {
    let dir = std::env::var("LUMIO_APTOS_FRAMEWORK_DIR")
        .expect("set LUMIO_APTOS_FRAMEWORK_DIR to a directory of compiled framework modules");
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    assert!(!files.is_empty(), "no .mv files under {dir}");
    let mut chain = Chain::default();
    let mut ids = Vec::new();
    for bytes in files {
        let m = CompiledModule::deserialize(&bytes).expect("deserialize");
        let id = m.self_id().expect("id");
        ids.push(id.clone());
        chain.modules.insert(id, bytes);
    }
    let loader = Loader::new(NativeTable::standard());
    // Load every MoveStdlib module (the ones at 0x1 whose natives are all ours).
    let std_modules = [
        "acl",
        "bcs",
        "bit_vector",
        "error",
        "features",
        "fixed_point32",
        "hash",
        "option",
        "signer",
        "string",
        "vector",
    ];
    let mut loaded = HashMap::new();
    for name in std_modules {
        let id = ModuleId::new(AccountAddress::ONE, Identifier::new(name).unwrap());
        if !chain.modules.contains_key(&id) {
            continue;
        }
        let r = loader.load_module(&id, &chain);
        loaded.insert(name, r.map(|_| ()).map_err(|e| e.to_string()));
    }
    let failed: Vec<_> = loaded.iter().filter(|(_, r)| r.is_err()).collect();
    eprintln!(
        "loaded {} MoveStdlib modules; failed: {failed:?}",
        loaded.len()
    );
    let id = |n: &str| ModuleId::new(AccountAddress::ONE, Identifier::new(n).unwrap());
    let mut s = Session::new(&loader, &chain, &chain);
    let mut gas = BudgetMeter::new(GAS);
    let mut call = |m: &str, f: &str, tys: &[TypeTag], args: Vec<Value>| {
        s.call_function(&id(m), f, tys, args, &mut gas)
            .unwrap_or_else(|e| panic!("0x1::{m}::{f}: {e}"))
    };
    // string::utf8 + length
    let st = call(
        "string",
        "utf8",
        &[],
        vec![Value::bytes("héllo".as_bytes())],
    );
    let holder = container(st);
    let n = call(
        "string",
        "length",
        &[],
        vec![Value::Ref(Ref::new(holder, 0))],
    );
    assert_eq!(n[0].as_u64().unwrap(), 6);
    // vector::reverse<u64>
    let v = container(vec![Value::vector((1..=5).map(Value::U64).collect())]);
    call(
        "vector",
        "reverse",
        &[TypeTag::U64],
        vec![Value::Ref(Ref::new(v.clone(), 0))],
    );
    assert!(
        Ref::new(v, 0)
            .read()
            .unwrap()
            .equals(&Value::vector((1..=5).rev().map(Value::U64).collect()))
            .unwrap()
    );
    // fixed_point32: 1/3 * 300 = 99 (truncating)
    let fp = call(
        "fixed_point32",
        "create_from_rational",
        &[],
        vec![Value::U64(1), Value::U64(3)],
    );
    let r = call(
        "fixed_point32",
        "multiply_u64",
        &[],
        vec![Value::U64(300), fp.into_iter().next().unwrap()],
    );
    assert_eq!(r[0].as_u64().unwrap(), 99);
    // bcs::to_bytes<u64> through the native
    let x = container(vec![Value::U64(0x0102)]);
    let b = call(
        "bcs",
        "to_bytes",
        &[TypeTag::U64],
        vec![Value::Ref(Ref::new(x, 0))],
    );
    assert_eq!(b[0].as_bytes().unwrap(), 0x0102u64.to_le_bytes());
    // option::some / is_some
    let o = container(call("option", "some", &[TypeTag::U64], vec![Value::U64(4)]));
    let is = call(
        "option",
        "is_some",
        &[TypeTag::U64],
        vec![Value::Ref(Ref::new(o, 0))],
    );
    assert!(is[0].as_bool().unwrap());
    // bit_vector: set bit 3 of 10, read it back
    let bv = container(call("bit_vector", "new", &[], vec![Value::U64(10)]));
    call(
        "bit_vector",
        "set",
        &[],
        vec![Value::Ref(Ref::new(bv.clone(), 0)), Value::U64(3)],
    );
    let on = call(
        "bit_vector",
        "is_index_set",
        &[],
        vec![Value::Ref(Ref::new(bv, 0)), Value::U64(3)],
    );
    assert!(on[0].as_bool().unwrap());
    assert!(
        failed.is_empty(),
        "MoveStdlib modules that failed to load: {failed:?}"
    );
    eprintln!("gas used: {}", gas.used());
}

/// The modules of the framework directory: `(package folder, id)` and a chain holding them.
fn load_dir() -> (Vec<(String, ModuleId)>, Chain) {
    fn walk(dir: &Path, package: &str, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir)
            .expect("read framework dir")
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                let name = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("")
                    .to_string();
                walk(&p, &name, out);
            } else if p.extension().is_some_and(|x| x == "mv") {
                out.push((package.to_string(), std::fs::read(&p).expect("read module")));
            }
        }
    }
    let dir = std::env::var("LUMIO_APTOS_FRAMEWORK_DIR")
        .expect("set LUMIO_APTOS_FRAMEWORK_DIR to a directory of compiled framework modules");
    let mut files = Vec::new();
    walk(Path::new(&dir), "", &mut files);
    assert!(!files.is_empty(), "no .mv files under {dir}");
    let mut chain = Chain::default();
    let mut ids = Vec::new();
    for (package, bytes) in files {
        let m = CompiledModule::deserialize(&bytes).expect("deserialize");
        let id = m.self_id().expect("id");
        // A flat directory (no package folders): the package by module name.
        let package = if package.is_empty() {
            flat_package(&id).to_string()
        } else {
            package
        };
        ids.push((package, id.clone()));
        chain.modules.insert(id, bytes);
    }
    ids.sort();
    (ids, chain)
}

/// The package of a 2024 framework module at `0x1`, by name (for a flat directory).
fn flat_package(id: &ModuleId) -> &'static str {
    const MOVE_STDLIB: [&str; 13] = [
        "acl",
        "bcs",
        "bit_vector",
        "cmp",
        "error",
        "features",
        "fixed_point32",
        "hash",
        "mem",
        "option",
        "signer",
        "string",
        "vector",
    ];
    const APTOS_STDLIB: [&str; 33] = [
        "any",
        "aptos_hash",
        "big_vector",
        "bls12381",
        "bls12381_algebra",
        "bn254_algebra",
        "capability",
        "comparator",
        "copyable_any",
        "crypto_algebra",
        "debug",
        "ed25519",
        "fixed_point64",
        "from_bcs",
        "math128",
        "math64",
        "math_fixed",
        "math_fixed64",
        "multi_ed25519",
        "pool_u64",
        "pool_u64_unbound",
        "ristretto255",
        "ristretto255_bulletproofs",
        "ristretto255_elgamal",
        "ristretto255_pedersen",
        "secp256k1",
        "simple_map",
        "smart_table",
        "smart_vector",
        "string_utils",
        "table",
        "table_with_length",
        "type_info",
    ];
    let name = id.name();
    if *id.address() != AccountAddress::ONE {
        ""
    } else if MOVE_STDLIB.contains(&name) {
        "MoveStdlib"
    } else if APTOS_STDLIB.contains(&name) {
        "AptosStdlib"
    } else {
        "AptosFramework"
    }
}

/// Every native the directory's modules declare that [`NativeTable::standard`] lacks, as
/// `module::function` (sorted).
fn missing_natives(chain: &Chain) -> Vec<String> {
    let table = NativeTable::standard();
    let mut out = std::collections::BTreeSet::new();
    for bytes in chain.modules.values() {
        let m = CompiledModule::deserialize(bytes).expect("deserialize");
        let id = m.self_id().expect("id");
        for f in m.function_defs.iter().filter(|f| f.is_native()) {
            let h = m.function_handle_at(f.function).expect("handle");
            let name = m.identifier_at(h.name).expect("name").to_string();
            if table.get(id.address(), id.name(), &name).is_none() {
                if std::env::var("LUMIO_SHOW_NATIVE_SIGS").is_ok() {
                    eprintln!(
                        "{}::{name} tps {:?} params {:?} returns {:?}",
                        id.name(),
                        h.type_parameters,
                        m.signature_at(h.parameters).expect("sig").0,
                        m.signature_at(h.return_).expect("sig").0
                    );
                }
                out.insert(format!("{}::{name}", id.name()));
            }
        }
    }
    out.into_iter().collect()
}

/// The ZK modules Lumio removes on purpose: they must fail to load, naming a native.
const REMOVED: [&str; 8] = [
    "bls12381",
    "bls12381_algebra",
    "bn254_algebra",
    "crypto_algebra",
    "ristretto255",
    "ristretto255_bulletproofs",
    "ristretto255_elgamal",
    "ristretto255_pedersen",
];

#[test]
#[ignore = "needs compiled Aptos framework bytecode: run scripts/vm-framework.sh"]
fn aptos_stdlib_runs_on_our_vm() {
    let (ids, chain) = load_dir();
    let loader = Loader::new(NativeTable::standard());
    // Every AptosStdlib module loads, except the removed ZK ones, which fail naming a native.
    let mut loaded = 0;
    let mut failed = Vec::new();
    for (package, id) in &ids {
        if package != "AptosStdlib" {
            continue;
        }
        match loader.load_module(id, &chain) {
            Ok(_) => loaded += 1,
            Err(e) => failed.push((id.name().to_string(), e)),
        }
    }
    for (name, e) in &failed {
        assert!(
            REMOVED.contains(&name.as_str()),
            "AptosStdlib module {name} failed to load: {e}"
        );
        assert_eq!(
            e.major_status(),
            StatusCode::MISSING_DEPENDENCY,
            "{name}: {e}"
        );
        assert!(
            e.to_string().contains("missing native function 0x1::"),
            "{name}: {e}"
        );
    }
    eprintln!(
        "AptosStdlib: {loaded} modules loaded; removed on purpose: {:?}",
        failed.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
    );
    assert!(loaded >= 20, "only {loaded} AptosStdlib modules loaded");
    // The whole directory, for the record (AptosFramework needs natives not built yet).
    let all_failed: Vec<String> = ids
        .iter()
        .filter_map(|(p, id)| {
            let e = loader.load_module(id, &chain).err()?;
            if std::env::var("LUMIO_SHOW_LOAD_ERRORS").is_ok() {
                eprintln!("{p}/{}: {e}", id.name());
            }
            Some(format!("{p}/{}", id.name()))
        })
        .collect();
    eprintln!(
        "whole directory: {} of {} modules load; not loading: {all_failed:?}",
        ids.len() - all_failed.len(),
        ids.len()
    );
    eprintln!(
        "natives declared but not provided: {:?}",
        missing_natives(&chain)
    );
    // A 2024 build has 104 modules; 82 load. The other 22 are the 6 removed ZK modules and
    // the 16 AptosFramework modules that use them (`stake` and everything above it through
    // `bls12381`; `keyless_account` through `crypto_algebra`).
    if ids.len() == 104 {
        assert!(
            ids.len() - all_failed.len() >= 82,
            "fewer framework modules load than before"
        );
    }

    let id = |n: &str| ModuleId::new(AccountAddress::ONE, Identifier::new(n).unwrap());
    let mut s = Session::new(&loader, &chain, &chain);
    // Table accesses cost ~0.6M internal gas each (Aptos's `common.load.base`): a larger
    // budget than the MoveStdlib test's for a few hundred of them.
    let mut gas = BudgetMeter::new(100 * GAS);
    let mut call = |m: &str, f: &str, tys: &[TypeTag], args: Vec<Value>| {
        s.call_function(&id(m), f, tys, args, &mut gas)
            .unwrap_or_else(|e| panic!("0x1::{m}::{f}: {e}"))
    };
    let text = |v: &Value| {
        let bytes = lumio_move_vm::values::read(v.container().unwrap()).unwrap()[0]
            .as_bytes()
            .unwrap();
        String::from_utf8(bytes).unwrap()
    };
    let local = |v: Value| Value::Ref(Ref::new(container(vec![v]), 0));
    let deref = |v: &Value| match v {
        Value::Ref(r) => r.read().unwrap(),
        other => panic!("expected a reference, got {other:?}"),
    };
    let struct_tag = |m: &str, n: &str, args: Vec<TypeTag>| {
        TypeTag::Struct(Box::new(StructTag {
            address: AccountAddress::ONE,
            module: Identifier::new(m).unwrap(),
            name: Identifier::new(n).unwrap(),
            type_args: args,
        }))
    };

    // string_utils: to_string, debug_string, format2 (Move builds the Cons list).
    let r = call(
        "string_utils",
        "to_string",
        &[TypeTag::U64],
        vec![local(Value::U64(42))],
    );
    assert_eq!(text(&r[0]), "42");
    let v = Value::vector((1..=3).map(Value::U64).collect());
    let r = call(
        "string_utils",
        "to_string",
        &[TypeTag::Vector(Box::new(TypeTag::U64))],
        vec![local(v)],
    );
    assert_eq!(text(&r[0]), "[ 1, 2, 3 ]");
    let r = call(
        "string_utils",
        "format2",
        &[TypeTag::U64, TypeTag::Bool],
        vec![
            local(Value::bytes(b"{} and {}")),
            Value::U64(7),
            Value::Bool(true),
        ],
    );
    assert_eq!(text(&r[0]), "7 and true");

    // aptos_hash::keccak256 (Aptos's own test vector).
    let r = call(
        "aptos_hash",
        "keccak256",
        &[],
        vec![Value::bytes(b"testing")],
    );
    assert_eq!(
        hex::encode(r[0].as_bytes().unwrap()),
        "5f16f4c7f149ac4f9510d9cf8cf384038ad348b3bcdc01915f95de12df9d1b02"
    );

    // type_info: type_name of a generic framework type, type_of, and its debug_string.
    let table_u64_bool = struct_tag("table", "Table", vec![TypeTag::U64, TypeTag::Bool]);
    let r = call("type_info", "type_name", &[table_u64_bool], vec![]);
    assert_eq!(text(&r[0]), "0x1::table::Table<u64, bool>");
    let info_tag = struct_tag("type_info", "TypeInfo", vec![]);
    let info = call(
        "type_info",
        "type_of",
        std::slice::from_ref(&info_tag),
        vec![],
    );
    let r = call(
        "string_utils",
        "debug_string",
        &[info_tag],
        vec![local(info.into_iter().next().unwrap())],
    );
    assert_eq!(
        text(&r[0]),
        "0x1::type_info::TypeInfo {\n  account_address: @0x1,\n  \
         module_name: 0x747970655f696e666f,\n  struct_name: 0x54797065496e666f\n}"
    );

    // from_bcs::to_u64.
    let r = call(
        "from_bcs",
        "to_u64",
        &[],
        vec![Value::bytes(&77u64.to_le_bytes())],
    );
    assert_eq!(r[0].as_u64().unwrap(), 77);

    // ed25519: RFC 8032 test 2 through the public API.
    let pk = call(
        "ed25519",
        "new_unvalidated_public_key_from_bytes",
        &[],
        vec![Value::bytes(
            &hex::decode("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
                .unwrap(),
        )],
    );
    let sig = call(
        "ed25519",
        "new_signature_from_bytes",
        &[],
        vec![Value::bytes(
            &hex::decode(
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
                 085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            )
            .unwrap(),
        )],
    );
    let ok = call(
        "ed25519",
        "signature_verify_strict",
        &[],
        vec![
            local(sig.into_iter().next().unwrap()),
            local(pk.into_iter().next().unwrap()),
            Value::bytes(&[0x72]),
        ],
    );
    assert!(ok[0].as_bool().unwrap());

    // table: new, add, borrow, upsert, contains, remove (the real bytecode around the natives).
    let kv = [TypeTag::U64, TypeTag::U64];
    let t = container(call("table", "new", &kv, vec![]));
    let tref = || Value::Ref(Ref::new(t.clone(), 0));
    for k in 0..10u64 {
        call(
            "table",
            "add",
            &kv,
            vec![tref(), Value::U64(k), Value::U64(k * k)],
        );
    }
    call(
        "table",
        "upsert",
        &kv,
        vec![tref(), Value::U64(3), Value::U64(33)],
    );
    let r = call("table", "borrow", &kv, vec![tref(), Value::U64(3)]);
    assert_eq!(deref(&r[0]).as_u64().unwrap(), 33);
    let r = call("table", "remove", &kv, vec![tref(), Value::U64(9)]);
    assert_eq!(r[0].as_u64().unwrap(), 81);
    let r = call("table", "contains", &kv, vec![tref(), Value::U64(9)]);
    assert!(!r[0].as_bool().unwrap());

    // smart_table: 100 entries through buckets that split (sip_hash of the BCS key).
    let st = container(call("smart_table", "new", &kv, vec![]));
    let sref = || Value::Ref(Ref::new(st.clone(), 0));
    for k in 0..100u64 {
        call(
            "smart_table",
            "add",
            &kv,
            vec![sref(), Value::U64(k), Value::U64(k + 1000)],
        );
    }
    let r = call("smart_table", "length", &kv, vec![sref()]);
    assert_eq!(r[0].as_u64().unwrap(), 100);
    let r = call("smart_table", "borrow", &kv, vec![sref(), Value::U64(42)]);
    assert_eq!(deref(&r[0]).as_u64().unwrap(), 1042);
    let r = call("smart_table", "num_buckets", &kv, vec![sref()]);
    assert!(r[0].as_u64().unwrap() > 1, "buckets split");

    // simple_map: add / borrow.
    let sm = container(call("simple_map", "new", &kv, vec![]));
    call(
        "simple_map",
        "add",
        &kv,
        vec![
            Value::Ref(Ref::new(sm.clone(), 0)),
            Value::U64(5),
            Value::U64(50),
        ],
    );
    let r = call(
        "simple_map",
        "borrow",
        &kv,
        vec![Value::Ref(Ref::new(sm, 0)), local(Value::U64(5))],
    );
    assert_eq!(deref(&r[0]).as_u64().unwrap(), 50);

    // debug::print goes to the session's output, never to stdout.
    call(
        "debug",
        "print",
        &[TypeTag::U64],
        vec![local(Value::U64(7))],
    );
    let out = s
        .extensions()
        .get_mut::<lumio_move_vm::natives::aptos_stdlib::DebugOutput>()
        .unwrap()
        .lines()
        .to_vec();
    assert_eq!(out, ["7"]);

    // The session's writes: the table entries it created.
    let cs = s.finish().unwrap();
    assert!(cs.tables.len() > 9, "{} table writes", cs.tables.len());
    eprintln!(
        "gas used: {}, table writes: {}",
        gas.used(),
        cs.tables.len()
    );
}

/// AptosFramework code around the aggregator, `function_info` and `code` natives, as Aptos
/// compiled it: aggregator v2 through `create_*_with_value` / `add` / `sub` (their abort
/// codes come from the Move side), snapshots and derived strings; v1 aggregators through the
/// real factory (genesis-style initialization, values as table items of the factory's
/// table); `function_info` constructors and `check_dispatch_type_compatibility` with the
/// feature flag set through `features`.
#[test]
#[ignore = "needs compiled Aptos framework bytecode: run scripts/vm-framework.sh"]
fn aptos_framework_natives_run_on_our_vm() {
    let (_, chain) = load_dir();
    let loader = Loader::new(NativeTable::standard());
    let id = |n: &str| ModuleId::new(AccountAddress::ONE, Identifier::new(n).unwrap());
    let mut s = Session::new(&loader, &chain, &chain);
    let mut gas = BudgetMeter::new(100 * GAS);
    let mut call = |m: &str, f: &str, tys: &[TypeTag], args: Vec<Value>| {
        s.call_function(&id(m), f, tys, args, &mut gas)
    };
    let ok = |r: Result<Vec<Value>, lumio_move_vm::ExecutionError>| {
        r.unwrap_or_else(|e| panic!("call failed: {e}"))
    };
    let abort_code = |r: Result<Vec<Value>, lumio_move_vm::ExecutionError>| match r {
        Err(lumio_move_vm::ExecutionError::Abort { code, location, .. }) => {
            (code, format!("{location:?}"))
        }
        Err(e) => panic!("expected an abort, got {e}"),
        Ok(v) => panic!("expected an abort, got {v:?}"),
    };
    let string = |s: &str| Value::struct_(vec![Value::bytes(s.as_bytes())]);
    let text = |v: &Value| {
        let bytes = lumio_move_vm::values::read(v.container().unwrap()).unwrap()[0]
            .as_bytes()
            .unwrap();
        String::from_utf8(bytes).unwrap()
    };
    let u64t = [TypeTag::U64];

    // aggregator_v2.
    let agg = ok(call(
        "aggregator_v2",
        "create_aggregator_with_value",
        &u64t,
        vec![Value::U64(5), Value::U64(10)],
    ));
    let holder = container(agg);
    let r = || Value::Ref(Ref::new(holder.clone(), 0));
    ok(call(
        "aggregator_v2",
        "add",
        &u64t,
        vec![r(), Value::U64(5)],
    ));
    let v = ok(call("aggregator_v2", "read", &u64t, vec![r()]));
    assert_eq!(v[0].as_u64().unwrap(), 10);
    // `add` past the maximum: error::out_of_range(EAGGREGATOR_OVERFLOW), raised in Move.
    let (code, loc) = abort_code(call(
        "aggregator_v2",
        "add",
        &u64t,
        vec![r(), Value::U64(1)],
    ));
    assert_eq!(code, 0x02_0001);
    assert!(loc.contains("aggregator_v2"), "{loc}");
    let (code, _) = abort_code(call(
        "aggregator_v2",
        "sub",
        &u64t,
        vec![r(), Value::U64(11)],
    ));
    assert_eq!(code, 0x02_0002);
    let max = ok(call("aggregator_v2", "max_value", &u64t, vec![r()]));
    assert_eq!(max[0].as_u64().unwrap(), 10);
    let snap = ok(call("aggregator_v2", "snapshot", &u64t, vec![r()]));
    let snap = container(snap);
    let sref = || Value::Ref(Ref::new(snap.clone(), 0));
    let d = ok(call(
        "aggregator_v2",
        "derive_string_concat",
        &u64t,
        vec![string("balance: "), sref(), string(" coins")],
    ));
    let d = container(d);
    let out = ok(call(
        "aggregator_v2",
        "read_derived_string",
        &[],
        vec![Value::Ref(Ref::new(d, 0))],
    ));
    assert_eq!(text(&out[0]), "balance: 10 coins");

    // v1 aggregators through the factory, initialized as genesis does.
    let framework = Value::signer(AccountAddress::ONE);
    ok(call(
        "aggregator_factory",
        "initialize_aggregator_factory",
        &[],
        vec![local_ref(framework)],
    ));
    let v1 = ok(call(
        "aggregator_factory",
        "create_aggregator_internal",
        &[],
        vec![],
    ));
    let v1 = container(v1);
    let v1r = || Value::Ref(Ref::new(v1.clone(), 0));
    ok(call("aggregator", "add", &[], vec![v1r(), Value::U128(70)]));
    ok(call("aggregator", "sub", &[], vec![v1r(), Value::U128(20)]));
    let v = ok(call("aggregator", "read", &[], vec![v1r()]));
    assert!(v[0].equals(&Value::U128(50)).unwrap());
    let (code, _) = abort_code(call("aggregator", "sub", &[], vec![v1r(), Value::U128(51)]));
    assert_eq!(code, 0x02_0002);

    // function_info: identifiers checked by the native.
    let mut info = |m: &str, f: &str| {
        call(
            "function_info",
            "new_function_info_from_address",
            &[],
            vec![Value::Address(AccountAddress::ONE), string(m), string(f)],
        )
    };
    let (code, loc) = abort_code(info("fungible_asset", "1x"));
    assert_eq!(code, 1);
    assert!(loc.contains("function_info"), "{loc}");
    let withdraw = ok(info("dispatchable_fungible_asset", "dispatchable_withdraw")).remove(0);
    let target = ok(info("fungible_asset", "withdraw_with_ref")).remove(0);
    let missing = ok(info("fungible_asset", "no_such_function")).remove(0);
    let check_args = |t: &Value| {
        vec![
            local_ref(withdraw.copy_value().unwrap()),
            local_ref(t.copy_value().unwrap()),
        ]
    };
    let check = "check_dispatch_type_compatibility";
    // The feature flag is off until set: error::aborted(ENOT_ACTIVATED).
    let (code, _) = abort_code(call("function_info", check, &[], check_args(&target)));
    assert_eq!(code, 0x07_0003);
    ok(call(
        "features",
        "change_feature_flags_internal",
        &[],
        vec![
            local_ref(Value::signer(AccountAddress::ONE)),
            Value::vector(vec![Value::U64(63)]),
            Value::vector(vec![]),
        ],
    ));
    // `withdraw_with_ref` takes its arguments in another order: not compatible.
    let v = ok(call("function_info", check, &[], check_args(&target)));
    assert!(!v[0].as_bool().unwrap());
    let (code, loc) = abort_code(call("function_info", check, &[], check_args(&missing)));
    assert_eq!(code, 2);
    assert!(loc.contains("function_info"), "{loc}");

    let cs = s.finish().unwrap();
    // The factory and the feature flags as resources; the v1 value as an item of the
    // factory's table (BCS of 50u128).
    assert!(
        cs.tables
            .values()
            .any(|op| *op == lumio_move_vm::WriteOp::Creation(50u128.to_le_bytes().to_vec())),
        "{:?}",
        cs.tables
    );
    assert_eq!(cs.resources.len(), 2, "{:?}", cs.resources.keys());
}

/// A reference to a fresh local holding `v`.
fn local_ref(v: Value) -> Value {
    Value::Ref(Ref::new(container(vec![v]), 0))
}

/// Transaction arguments through the real framework constructors: a module at `0xCAFE` with
/// view functions echoing a `String`, an `Option<u64>`, a `FixedPoint32`, a `FixedPoint64`
/// and an `Object<ObjectCore>`; the arguments are built by Aptos's `option::from_vec`,
/// `fixed_point*::create_from_raw_value` and `object::address_to_object` as compiled by Aptos,
/// with their abort codes.
#[test]
#[ignore = "needs compiled Aptos framework bytecode: run scripts/vm-framework.sh"]
fn aptos_framework_argument_constructors() {
    use lumio_move_binary_format::{
        builder::ModuleBuilder,
        file_format::{Bytecode::*, SignatureToken as ST, StructTypeParameter, Visibility},
        metadata::{APTOS_METADATA_KEY_V1, KnownAttribute, RuntimeModuleMetadataV1, VIEW_FUNCTION},
    };
    use lumio_move_core_types::{Ability, AbilitySet};
    use lumio_move_vm::{ExecutionError, errors::Location};

    let (_, mut chain) = load_dir();
    let cafe = AccountAddress::from_hex_literal("0xcafe").unwrap();
    let cds: AbilitySet = [Ability::Copy, Ability::Drop, Ability::Store]
        .into_iter()
        .collect();
    let key: AbilitySet = [Ability::Key].into_iter().collect();
    let mut b = ModuleBuilder::new(cafe, "echo").with_version(6);
    let import = |b: &mut ModuleBuilder, m: &str, s: &str, a: AbilitySet, ps| {
        let h = b.module_handle(AccountAddress::ONE, m);
        b.import_struct(h, s, a, ps)
    };
    let string = ST::Struct(import(&mut b, "string", "String", cds, vec![]));
    let fp32 = ST::Struct(import(&mut b, "fixed_point32", "FixedPoint32", cds, vec![]));
    let fp64 = ST::Struct(import(&mut b, "fixed_point64", "FixedPoint64", cds, vec![]));
    let param = |is_phantom| StructTypeParameter {
        constraints: AbilitySet::EMPTY,
        is_phantom,
    };
    let option = import(&mut b, "option", "Option", cds, vec![param(false)]);
    let object = import(&mut b, "object", "Object", cds, vec![param(true)]);
    let core = ST::Struct(import(&mut b, "object", "ObjectCore", key, vec![]));
    let echoes = [
        ("string", string),
        ("option", ST::StructInstantiation(option, vec![ST::U64])),
        ("fp32", fp32),
        ("fp64", fp64),
        ("object", ST::StructInstantiation(object, vec![core])),
    ];
    for (name, ty) in &echoes {
        b.add_function(
            name,
            Visibility::Public,
            false,
            vec![ty.clone()],
            vec![ty.clone()],
            vec![],
            vec![],
            vec![MoveLoc(0), Ret],
        );
    }
    let meta = RuntimeModuleMetadataV1 {
        fun_attributes: echoes
            .iter()
            .map(|(n, _)| {
                (
                    n.to_string(),
                    vec![KnownAttribute {
                        kind: VIEW_FUNCTION,
                        args: vec![],
                    }],
                )
            })
            .collect(),
        ..Default::default()
    };
    b.metadata(APTOS_METADATA_KEY_V1, &bcs::to_bytes(&meta).unwrap());
    chain.add(&b.build());
    let echo = ModuleId::new(cafe, Identifier::new("echo").unwrap());
    let loader = Loader::new(NativeTable::standard());
    let view = |chain: &Chain, f: &str, arg: Vec<u8>| {
        Session::new(&loader, chain, chain).execute_view_function(
            &echo,
            f,
            &[],
            &[arg],
            &mut BudgetMeter::new(GAS),
        )
    };
    let same = |chain: &Chain, f: &str, arg: Vec<u8>| {
        assert_eq!(
            view(chain, f, arg.clone()).unwrap_or_else(|e| panic!("{f}: {e}")),
            vec![arg]
        );
    };
    let aborts = |r: Result<Vec<Vec<u8>>, ExecutionError>| match r {
        Err(ExecutionError::Abort { location, code, .. }) => (location, code),
        other => panic!("expected an abort, got {other:?}"),
    };
    let one = |n: &str| {
        Location::Module(ModuleId::new(
            AccountAddress::ONE,
            Identifier::new(n).unwrap(),
        ))
    };
    same(
        &chain,
        "string",
        bcs::to_bytes(&b"caf\xC3\xA9".to_vec()).unwrap(),
    );
    assert_eq!(
        aborts(view(&chain, "string", vec![1, 0xFF])),
        (one("string"), 1)
    );
    same(&chain, "option", vec![0]);
    same(&chain, "option", bcs::to_bytes(&vec![5u64]).unwrap());
    assert_eq!(
        aborts(view(
            &chain,
            "option",
            bcs::to_bytes(&vec![5u64, 6]).unwrap()
        )),
        (one("option"), 0x4_0002)
    );
    same(&chain, "fp32", 77u64.to_le_bytes().to_vec());
    same(&chain, "fp64", 77u128.to_le_bytes().to_vec());
    let obj = AccountAddress::from([0x0B; 32]);
    assert_eq!(
        aborts(view(&chain, "object", obj.as_bytes().to_vec())),
        (one("object"), 0x6_0002)
    );
    // An ObjectCore at the address (guid_creation_num, owner, allow_ungated_transfer,
    // transfer_events { counter, guid { creation_num, addr } }).
    let mut core_bytes = Vec::new();
    core_bytes.extend(0u64.to_le_bytes());
    core_bytes.extend(cafe.as_bytes());
    core_bytes.push(1);
    core_bytes.extend(0u64.to_le_bytes());
    core_bytes.extend(0u64.to_le_bytes());
    core_bytes.extend(obj.as_bytes());
    let core_tag = StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new("object").unwrap(),
        name: Identifier::new("ObjectCore").unwrap(),
        type_args: vec![],
    };
    chain
        .resources
        .borrow_mut()
        .insert((obj, core_tag), core_bytes);
    same(&chain, "object", obj.as_bytes().to_vec());
}
