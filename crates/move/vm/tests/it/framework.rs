//! Real Aptos-compiled MoveStdlib bytecode on our VM: loads every module of a compiled
//! framework directory (`LUMIO_APTOS_FRAMEWORK_DIR`, e.g. an Aptos package's
//! `build/<pkg>/bytecode_modules/dependencies/`) and runs MoveStdlib functions with known
//! results. The bytecode is Aptos's, so it is not in the repository: the test is ignored by
//! default and run by `scripts/vm-framework.sh`, which fails if the directory is missing.

use std::{collections::HashMap, path::Path};

use lumio_move_binary_format::file_format::CompiledModule;
use lumio_move_core_types::{AccountAddress, Identifier, ModuleId, TypeTag};
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
