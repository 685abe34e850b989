//! The `lumio bench move-exec` workloads written in Move source and compiled by our compiler
//! (next to the VM crate's hand-assembled bytecode workloads): a table insert + lookup loop and
//! the `p2p` transfer through full sessions (entry function, BCS arguments, storage reads,
//! change set applied to an in-memory store) over distinct account pairs. Each workload checks
//! its own result. [`print`] is the whole `lumio bench move-exec` table: the VM crate's
//! workloads, these, and the p2p transfer's cost next to the EVM transfer's
//! ([`crate::evm_exec::transfer_secs_per_tx`]) measured in the same process.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Instant;

use lumio_move_compiler::{CompileOptions, UnitKind, compile_with_stdlib};
use lumio_move_core_types::account_address::AccountAddress;
use lumio_move_core_types::identifier::Identifier;
use lumio_move_core_types::language_storage::{ModuleId, StructTag};
use lumio_move_vm::{
    BudgetMeter, ChangeSet, Loader, ModuleStorage, NativeTable, ResourceResolver, Session, Value,
    WriteOp,
};

const SOURCE: &str = r#"
module 0x1::table {
    struct Table<phantom K: copy + drop, phantom V> has store { handle: address }
    struct Box<V> has key, drop, store { val: V }
    public fun new<K: copy + drop, V: store>(): Table<K, V> { Table { handle: new_table_handle<K, V>() } }
    public fun add<K: copy + drop, V>(t: &mut Table<K, V>, key: K, val: V) { add_box<K, V, Box<V>>(t, key, Box { val }) }
    public fun borrow<K: copy + drop, V>(t: &Table<K, V>, key: K): &V { &borrow_box<K, V, Box<V>>(t, key).val }
    public fun contains<K: copy + drop, V>(t: &Table<K, V>, key: K): bool { contains_box<K, V, Box<V>>(t, key) }
    public fun drop_unchecked<K: copy + drop, V>(t: Table<K, V>) { drop_unchecked_box<K, V, Box<V>>(t) }
    native fun new_table_handle<K, V>(): address;
    native fun add_box<K: copy + drop, V, B>(table: &mut Table<K, V>, key: K, val: Box<V>);
    native fun borrow_box<K: copy + drop, V, B>(table: &Table<K, V>, key: K): &Box<V>;
    native fun contains_box<K: copy + drop, V, B>(table: &Table<K, V>, key: K): bool;
    native fun drop_unchecked_box<K: copy + drop, V, B>(table: Table<K, V>);
}
module 0x1::bench_table {
    use 0x1::table;
    /// Inserts `n` entries, looks each up, returns the sum of the values found.
    public fun run(n: u64): u64 {
        let t = table::new<u64, u64>();
        let i = 0;
        while (i < n) { table::add(&mut t, i * 7919, i); i = i + 1 };
        let sum = 0;
        i = 0;
        while (i < n) {
            if (table::contains(&t, i * 7919)) sum = sum + *table::borrow(&t, i * 7919);
            i = i + 1
        };
        table::drop_unchecked(t);
        sum
    }
}
module 0x1::coin_p2p {
    use std::signer;
    const EINSUFFICIENT: u64 = 1;
    struct Balance has key { value: u64 }
    public entry fun mint(account: &signer, value: u64) {
        move_to(account, Balance { value })
    }
    public entry fun transfer(from: &signer, to: address, amount: u64) acquires Balance {
        let b = &mut Balance[signer::address_of(from)];
        assert!(b.value >= amount, EINSUFFICIENT);
        b.value -= amount;
        Balance[to].value += amount;
    }
}
"#;

/// Modules and resources in memory; change sets are applied to it.
#[derive(Default)]
struct MemStore {
    modules: HashMap<ModuleId, Vec<u8>>,
    resources: RefCell<HashMap<(AccountAddress, StructTag), Vec<u8>>>,
}

impl ModuleStorage for MemStore {
    fn module_bytes(&self, id: &ModuleId) -> Option<Vec<u8>> {
        self.modules.get(id).cloned()
    }
}

impl ResourceResolver for MemStore {
    fn resource_bytes(&self, addr: &AccountAddress, tag: &StructTag) -> Option<Vec<u8>> {
        self.resources.borrow().get(&(*addr, tag.clone())).cloned()
    }
}

impl MemStore {
    fn apply(&self, cs: ChangeSet) {
        let mut r = self.resources.borrow_mut();
        for (key, op) in cs.resources {
            match op {
                WriteOp::Creation(b) | WriteOp::Modification(b) => {
                    r.insert(key, b);
                }
                WriteOp::Deletion => {
                    r.remove(&key);
                }
            }
        }
    }
}

/// One figure.
#[derive(Clone, Debug)]
pub struct Figure {
    /// What was measured.
    pub name: &'static str,
    /// Units done in the best round.
    pub units: u64,
    /// Seconds of the best round.
    pub secs: f64,
}

impl Figure {
    /// Units per second.
    pub fn per_sec(&self) -> f64 {
        self.units as f64 / self.secs
    }
}

fn build_store() -> anyhow::Result<MemStore> {
    let (files, out) =
        compile_with_stdlib(&[("move_exec.move", SOURCE)], &CompileOptions::default());
    if out.has_errors() {
        anyhow::bail!(
            "the workloads do not compile:\n{}",
            lumio_move_compiler::diagnostics::render(&files, &out.diagnostics)
        );
    }
    let mut store = MemStore::default();
    for u in &out.units {
        if let (UnitKind::Module(m), Some(mid)) = (&u.kind, &u.module_id) {
            let mut bytes = Vec::new();
            m.serialize(&mut bytes)?;
            let name = Identifier::new(mid.name.as_str()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            store
                .modules
                .insert(ModuleId::new(mid.address, name), bytes);
        }
    }
    Ok(store)
}

fn id(name: &str) -> anyhow::Result<ModuleId> {
    Ok(ModuleId::new(
        AccountAddress::ONE,
        Identifier::new(name).map_err(|e| anyhow::anyhow!("{e:?}"))?,
    ))
}

fn account(i: u64) -> AccountAddress {
    let mut b = [0u8; 32];
    b[0] = 0xaa;
    b[24..].copy_from_slice(&i.to_be_bytes());
    AccountAddress::new(b)
}

/// Runs the workloads: `table_entries` per table round, `pairs` p2p transfers per round; the
/// best of `rounds` is reported.
pub fn run(rounds: usize, table_entries: u64, pairs: u64) -> anyhow::Result<Vec<Figure>> {
    let store = build_store()?;
    let loader = Loader::new(NativeTable::standard());
    let mut figures = Vec::new();
    // Table: insert n, look up n.
    let table = id("bench_table")?;
    let mut best = f64::MAX;
    for _ in 0..rounds.max(1) {
        let mut s = Session::new(&loader, &store, &store);
        let mut gas = BudgetMeter::new(u64::MAX / 2);
        let start = Instant::now();
        let out = s
            .call_function(
                &table,
                "run",
                &[],
                vec![Value::U64(table_entries)],
                &mut gas,
            )
            .map_err(|e| anyhow::anyhow!("table: {e}"))?;
        best = best.min(start.elapsed().as_secs_f64());
        let sum = out
            .first()
            .map(|v| v.as_u64())
            .transpose()
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        if sum != Some(table_entries * table_entries.saturating_sub(1) / 2) {
            anyhow::bail!("table: wrong sum {sum:?}");
        }
    }
    figures.push(Figure {
        name: "table insert + lookup (operations)",
        units: 2 * table_entries,
        secs: best,
    });
    // p2p: mint every account, then one transfer per pair, each a full session.
    let p2p = id("coin_p2p")?;
    let amount = bcs::to_bytes(&1_000u64)?;
    for i in 0..2 * pairs {
        let mut s = Session::new(&loader, &store, &store);
        s.execute_entry_function(
            &p2p,
            "mint",
            &[],
            &[account(i)],
            std::slice::from_ref(&amount),
            &mut BudgetMeter::new(u64::MAX / 2),
        )
        .map_err(|e| anyhow::anyhow!("mint: {e}"))?;
        store.apply(s.finish().map_err(|e| anyhow::anyhow!("{e:?}"))?);
    }
    let one = bcs::to_bytes(&1u64)?;
    let args: Vec<(AccountAddress, Vec<Vec<u8>>)> = (0..pairs)
        .map(|p| {
            (
                account(2 * p),
                vec![account(2 * p + 1).as_bytes().to_vec(), one.clone()],
            )
        })
        .collect();
    let mut best = f64::MAX;
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        for (from, a) in &args {
            let mut s = Session::new(&loader, &store, &store);
            let mut gas = BudgetMeter::new(1_000_000_000);
            s.execute_entry_function(&p2p, "transfer", &[], &[*from], a, &mut gas)
                .map_err(|e| anyhow::anyhow!("transfer: {e}"))?;
            let cs = s.finish().map_err(|e| anyhow::anyhow!("{e:?}"))?;
            if cs.resources.len() != 2 {
                anyhow::bail!("transfer wrote {} resources", cs.resources.len());
            }
            store.apply(cs);
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    // Every sender paid one per round, every receiver got as much.
    let tag = StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new("coin_p2p").map_err(|e| anyhow::anyhow!("{e:?}"))?,
        name: Identifier::new("Balance").map_err(|e| anyhow::anyhow!("{e:?}"))?,
        type_args: vec![],
    };
    let r = rounds.max(1) as u64;
    for p in [0, pairs.saturating_sub(1)] {
        let bal = |a| {
            store
                .resource_bytes(&a, &tag)
                .and_then(|b| bcs::from_bytes::<u64>(&b).ok())
        };
        if bal(account(2 * p)) != Some(1_000 - r) || bal(account(2 * p + 1)) != Some(1_000 + r) {
            anyhow::bail!("p2p: balances do not add up");
        }
    }
    figures.push(Figure {
        name: "p2p transfer, compiled (full sessions)",
        units: pairs,
        secs: best,
    });
    Ok(figures)
}

/// `lumio bench move-exec`: the VM workloads, the compiled ones, and the p2p transfer's cost
/// next to the EVM transfer's (`evm-transfer` path (a)), best of `rounds`, printed.
pub fn print(rounds: usize) -> anyhow::Result<()> {
    use lumio_move_vm::bench::{P2P_PAIRS, Sizes};
    let figures = lumio_move_vm::bench::run(rounds, Sizes::FULL)
        .map_err(|e| anyhow::anyhow!("move-exec: {e}"))?;
    println!("move-exec: best of {rounds} rounds, one thread");
    println!("{:<40} {:>14}  what", "workload", "per second");
    let mut p2p = None;
    for f in &figures {
        println!("{:<40} {:>14.0}  {}", f.name, f.per_sec(), f.what);
        if f.name.starts_with("p2p") {
            p2p = Some(f.secs / f.units as f64);
        }
    }
    // The same kind of work from Move source compiled by our compiler.
    let compiled = run(rounds, 20_000, P2P_PAIRS)?;
    let mut p2p_compiled = None;
    for f in &compiled {
        println!(
            "{:<40} {:>14.0}  compiled from Move source",
            f.name,
            f.per_sec()
        );
        if f.name.starts_with("p2p") {
            p2p_compiled = Some(f.secs / f.units as f64);
        }
    }
    let p2p = p2p.ok_or_else(|| anyhow::anyhow!("no p2p figure"))?;
    let evm = crate::evm_exec::transfer_secs_per_tx(rounds)?;
    println!(
        "p2p: {:.0} tx/s on one thread   [goal >= 20,000]",
        1.0 / p2p
    );
    println!(
        "p2p cost {:.2} us/tx vs EVM transfer {:.2} us/tx (executor + state): ratio {:.2}   [goal <= 1.5]",
        p2p * 1e6,
        evm * 1e6,
        p2p / evm
    );
    if let Some(c) = p2p_compiled {
        println!(
            "p2p (compiled) cost {:.2} us/tx: {:.0} tx/s, ratio to the EVM transfer {:.2}",
            c * 1e6,
            1.0 / c,
            c / evm
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_workloads_run_and_check_themselves() {
        let f = run(1, 200, 20).expect("workloads");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|x| x.per_sec() > 0.0));
    }
}
