//! Determinism (issue #10, item 4): the same session — compiled by our compiler, run on our
//! VM, touching resources at many addresses, a table with many entries, events and vectors —
//! gives byte-identical change sets, events and gas in two processes. The child process has
//! its own random hash seeds (Rust seeds every `HashMap` from the OS per process), so any
//! result that depended on hash order would differ.

use std::process::Command;

use lumio_move_compiler::{CompileOptions, compile_with_stdlib};
use lumio_move_core_types::account_address::AccountAddress;
use lumio_move_core_types::identifier::Identifier;
use lumio_move_core_types::language_storage::ModuleId;
use lumio_move_testing::TestPlan;
use lumio_move_vm::{BudgetMeter, EmptyResources, Loader, NativeTable, Session, Value};

const SOURCE: &str = r#"
module 0x1::table {
    struct Table<phantom K: copy + drop, phantom V> has store { handle: address }
    struct Box<V> has key, drop, store { val: V }
    public fun new<K: copy + drop, V: store>(): Table<K, V> { Table { handle: new_table_handle<K, V>() } }
    public fun add<K: copy + drop, V>(t: &mut Table<K, V>, key: K, val: V) { add_box<K, V, Box<V>>(t, key, Box { val }) }
    public fun contains<K: copy + drop, V>(t: &Table<K, V>, key: K): bool { contains_box<K, V, Box<V>>(t, key) }
    native fun new_table_handle<K, V>(): address;
    native fun add_box<K: copy + drop, V, B>(table: &mut Table<K, V>, key: K, val: Box<V>);
    native fun contains_box<K: copy + drop, V, B>(table: &Table<K, V>, key: K): bool;
}
module 0x1::event {
    public fun emit<T: store + drop>(msg: T) { write_module_event_to_store<T>(msg) }
    native fun write_module_event_to_store<T: drop + store>(msg: T);
}
module 0x1::workload {
    use std::vector;
    use 0x1::table::{Self, Table};
    use 0x1::event;

    struct Ledger has key { entries: Table<u64, vector<u8>>, count: u64 }
    struct Note has key, drop { owner: address, values: vector<u64> }
    struct Moved has store, drop { index: u64, to: address }

    public fun run(admin: signer, n: u64) {
        let t = table::new<u64, vector<u8>>();
        let i = 0;
        while (i < n) {
            let key = (i * 7919) % 1000;
            if (!table::contains(&t, key)) table::add(&mut t, key, std::bcs::to_bytes(&(i * i)));
            let to = std::bcs::to_bytes(&i);
            vector::push_back(&mut to, 1);
            event::emit(Moved { index: i, to: @0xa11ce });
            i = i + 1;
        };
        move_to(&admin, Ledger { entries: t, count: n });
    }

    public fun note(owner: signer, seed: u64) {
        let v = vector[];
        let i = 0;
        while (i < 50) { vector::push_back(&mut v, (seed * 31 + i) % 97); i = i + 1 };
        move_to(&owner, Note { owner: std::signer::address_of(&owner), values: v });
    }
}
"#;

/// Compiles the workload, runs it in one session, and returns a digest of everything the
/// session produced (change set, events, gas) as text.
fn run_workload() -> String {
    let (files, out) =
        compile_with_stdlib(&[("workload.move", SOURCE)], &CompileOptions::default());
    assert!(
        !out.has_errors(),
        "{}",
        lumio_move_compiler::diagnostics::render(&files, &out.diagnostics)
    );
    let program = out.program.as_ref().expect("program");
    let plan = TestPlan::new(program, &out.units, 1, None).expect("plan");
    let loader = Loader::new(NativeTable::standard());
    let mut session = Session::new(&loader, &plan, &EmptyResources);
    let mut gas = BudgetMeter::new(u64::MAX / 2);
    let module = ModuleId::new(
        AccountAddress::ONE,
        Identifier::new("workload").expect("name"),
    );
    session
        .call_function(
            &module,
            "run",
            &[],
            vec![
                Value::signer(AccountAddress::from_hex_literal("0xad").expect("addr")),
                Value::U64(400),
            ],
            &mut gas,
        )
        .expect("run");
    for k in 0..64u64 {
        let owner =
            AccountAddress::from_hex_literal(&format!("0x{:x}", 0x1000 + k * 7)).expect("addr");
        session
            .call_function(
                &module,
                "note",
                &[],
                vec![Value::signer(owner), Value::U64(k)],
                &mut gas,
            )
            .expect("note");
    }
    let changes = session.finish().expect("finish");
    assert!(
        changes.resources.len() >= 65 && changes.tables.len() > 300 && changes.events.len() == 400
    );
    format!("gas={} changes={:?}", gas.used(), changes)
}

#[test]
fn a_session_is_byte_identical_in_two_processes() {
    let digest = run_workload();
    if std::env::var_os("LUMIO_DETERMINISM_CHILD").is_some() {
        println!("DIGEST-BEGIN{digest}DIGEST-END");
        return;
    }
    let exe = std::env::current_exe().expect("test binary");
    let child = Command::new(exe)
        .args([
            "--exact",
            "determinism::a_session_is_byte_identical_in_two_processes",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("LUMIO_DETERMINISM_CHILD", "1")
        .output()
        .expect("run the child process");
    let stdout = String::from_utf8_lossy(&child.stdout);
    let start = stdout
        .find("DIGEST-BEGIN")
        .expect("the child printed its digest")
        + "DIGEST-BEGIN".len();
    let end = stdout.find("DIGEST-END").expect("digest end");
    let theirs = &stdout[start..end];
    assert_eq!(theirs.len(), digest.len(), "digests differ in length");
    assert!(
        theirs == digest,
        "the two processes produced different results"
    );
    // And a second run in this process agrees too.
    assert!(run_workload() == digest);
}
