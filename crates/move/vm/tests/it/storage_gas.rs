//! Storage gas: IO gas for reads (first touch of a slot in a session) and for the writes and
//! events of a change set (charged by `Session::finish_with_gas`), the storage fee and its
//! refund, the caps of each category, the fee statement. Expected figures are computed from
//! the schedule's parameters and Aptos's key-size rule, not copied totals.

use lumio_move_core_types::{AccountAddress, Identifier, ModuleId, StatusCode, StructTag};
use lumio_move_vm::{
    BudgetMeter, ChangeSet, GasLimits, GasMeter, GasSchedule, Loader, NativeTable, Session,
    StorageFee, TransactionGasParameters, Value, WriteOp, compatibility::Compatibility,
    errors::VMError,
};

use crate::{
    harness::{Env, GAS},
    programs::bank,
    sessions::writer_modules,
};

const ALICE: AccountAddress = AccountAddress::new([0xA1; 32]);
const BOB: AccountAddress = AccountAddress::new([0xB0; 32]);

fn id(name: &str) -> ModuleId {
    ModuleId::new(AccountAddress::ONE, Identifier::new(name).unwrap())
}

fn coin() -> StructTag {
    StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new("bank").unwrap(),
        name: Identifier::new("Coin").unwrap(),
        type_args: vec![],
    }
}

/// Aptos's `StateKey::size()` of `0x1::bank::Coin` at an address: the address (32), the
/// `Path::Resource` variant byte (1) and the tag's BCS: address 32, "bank" 1 + 4, "Coin"
/// 1 + 4, no type arguments 1.
const COIN_KEY: u64 = 32 + 1 + 32 + 5 + 5 + 1;

/// Size of a resource key, the same rule for any tag.
fn resource_key(tag: &StructTag) -> u64 {
    32 + 1 + bcs::serialized_size(tag).unwrap() as u64
}

fn value_len(op: &WriteOp) -> u64 {
    match op {
        WriteOp::Creation(b) | WriteOp::Modification(b) => b.len() as u64,
        WriteOp::Deletion => 0,
    }
}

fn status(r: Result<impl std::fmt::Debug, VMError>) -> StatusCode {
    r.unwrap_err().major_status()
}

#[test]
fn reads_charge_io_gas_once_per_slot() {
    let env = Env::new(&[bank()]);
    env.chain
        .resources
        .borrow_mut()
        .insert((ALICE, coin()), 7u64.to_le_bytes().to_vec());
    let p = TransactionGasParameters::default();
    let mut s = env.session();
    let mut gas = BudgetMeter::new(GAS);
    let value = |s: &mut Session<'_>, gas: &mut BudgetMeter, who| {
        s.call_function(&id("bank"), "value", &[], vec![Value::Address(who)], gas)
    };
    value(&mut s, &mut gas, ALICE).unwrap();
    // One slot of 8 bytes, charged as one 4 KiB page.
    let existing = p.storage_io_per_state_slot_read + p.storage_io_per_state_byte_read * 4096;
    assert_eq!(gas.io_gas_used(), existing);
    assert_eq!(p.read_gas(Some(8)), existing);
    // The slot is in the session now: reading it again costs execution gas only.
    let exec = gas.execution_gas_used();
    value(&mut s, &mut gas, ALICE).unwrap();
    assert_eq!(gas.io_gas_used(), existing);
    assert!(gas.execution_gas_used() > exec);
    // An absent slot costs the slot part (0 bytes read), also through `exists`.
    let has = s
        .call_function(&id("bank"), "has", &[], vec![Value::Address(BOB)], &mut gas)
        .unwrap();
    assert!(!has[0].as_bool().unwrap());
    assert_eq!(
        gas.io_gas_used(),
        existing + p.storage_io_per_state_slot_read
    );
    assert_eq!(gas.used(), gas.execution_gas_used() + gas.io_gas_used());

    // The parameters are the session's schedule: other values, other charges.
    let schedule = GasSchedule {
        txn: TransactionGasParameters {
            storage_io_per_state_slot_read: 1_000,
            storage_io_per_state_byte_read: 1,
            ..TransactionGasParameters::default()
        },
        ..GasSchedule::default()
    };
    let mut s = env.session().with_schedule(schedule);
    let mut gas = BudgetMeter::new(GAS);
    value(&mut s, &mut gas, ALICE).unwrap();
    assert_eq!(gas.io_gas_used(), 1_000 + 4096);
}

#[test]
fn writes_and_events_charge_io_at_finish() {
    let env = Env::new(&writer_modules());
    let p = TransactionGasParameters::default();
    let mut s = env.session();
    let mut gas = BudgetMeter::new(GAS);
    s.execute_entry_function(&id("table"), "write", &[], &[ALICE], &[vec![0]], &mut gas)
        .unwrap();
    // Running: one absent slot read (`move_to` of the holder). Table entries are loaded
    // through the table natives, which charge execution gas (Aptos's `common.load.*`).
    assert_eq!(gas.io_gas_used(), p.storage_io_per_state_slot_read);
    let (io, exec) = (gas.io_gas_used(), gas.execution_gas_used());
    let (cs, fee) = s.finish_with_gas(&mut gas, 0).unwrap();
    assert_eq!(fee, StorageFee::default(), "no storage fee at price 0");
    assert_eq!(
        (cs.resources.len(), cs.tables.len(), cs.events.len()),
        (1, 1, 1)
    );
    let mut expected = 0;
    for e in &cs.events {
        assert!(e.v1.is_none());
        let size = bcs::serialized_size(&e.type_tag).unwrap() as u64 + e.data.len() as u64;
        expected += p.storage_io_per_event_byte_write * size;
    }
    for ((_, tag), op) in &cs.resources {
        expected += p.storage_io_per_state_slot_write
            + p.storage_io_per_state_byte_write * (resource_key(tag) + value_len(op));
    }
    for ((_, key), op) in &cs.tables {
        // A table item's key: the 32-byte handle and the key bytes.
        expected += p.storage_io_per_state_slot_write
            + p.storage_io_per_state_byte_write * (32 + key.len() as u64 + value_len(op));
    }
    assert_eq!(gas.io_gas_used() - io, expected);
    assert_eq!(
        gas.execution_gas_used(),
        exec,
        "writes are IO, not execution"
    );

    // Modules: the key is the code path (32 + 1 + BCS of the id), the value the bytes.
    let env = Env::new(&[]);
    let mut s = env.session();
    let module = bank();
    let bytes = module.to_bytes().unwrap();
    s.publish_module_bundle(
        std::slice::from_ref(&bytes),
        AccountAddress::ONE,
        Compatibility::default(),
    )
    .unwrap();
    let mut gas = BudgetMeter::new(GAS);
    let (cs, _) = s.finish_with_gas(&mut gas, 0).unwrap();
    assert_eq!(cs.modules.len(), 1);
    let key = 32 + 1 + 32 + 1 + "bank".len() as u64;
    assert_eq!(
        gas.io_gas_used(),
        p.storage_io_per_state_slot_write
            + p.storage_io_per_state_byte_write * (key + bytes.len() as u64)
    );
}

/// Aptos's change-set limits (`ChangeSetConfigs::check_change_set`): each limit at exactly what
/// the session writes passes, one below fails the finish with `STORAGE_WRITE_LIMIT_REACHED`
/// (nothing to apply), whatever the gas. Sizes come from the change set itself: a write is its
/// key + value bytes, an event its data bytes, deletions count as ops but not bytes.
#[test]
fn write_limits_fail_the_finish() {
    let env = Env::new(&writer_modules());
    let run = |txn: TransactionGasParameters| {
        let schedule = GasSchedule {
            txn,
            ..GasSchedule::default()
        };
        let mut s = env.session().with_schedule(schedule);
        let mut gas = BudgetMeter::new(GAS);
        s.execute_entry_function(&id("table"), "write", &[], &[ALICE], &[vec![0]], &mut gas)
            .unwrap();
        s.finish_with_gas(&mut gas, 0).map(|(cs, _)| cs)
    };
    let d = TransactionGasParameters::default;
    let cs = run(d()).unwrap();
    let mut writes: Vec<u64> = cs
        .resources
        .iter()
        .map(|((_, tag), op)| resource_key(tag) + value_len(op))
        .collect();
    writes.extend(
        cs.tables
            .iter()
            .map(|((_, key), op)| 32 + key.len() as u64 + value_len(op)),
    );
    let events: Vec<u64> = cs.events.iter().map(|e| e.data.len() as u64).collect();
    assert_eq!((writes.len(), events.len()), (2, 1));
    let (largest_write, all_writes) = (*writes.iter().max().unwrap(), writes.iter().sum::<u64>());
    let (largest_event, all_events) = (*events.iter().max().unwrap(), events.iter().sum::<u64>());
    assert!(largest_event > 0);
    type Set = fn(&mut TransactionGasParameters, u64);
    let cases: [(&str, Set, u64); 5] = [
        ("write ops", |p, v| p.max_write_ops_per_transaction = v, 2),
        (
            "bytes per write",
            |p, v| p.max_bytes_per_write_op = v,
            largest_write,
        ),
        (
            "bytes of all writes",
            |p, v| p.max_bytes_all_write_ops_per_transaction = v,
            all_writes,
        ),
        (
            "bytes per event",
            |p, v| p.max_bytes_per_event = v,
            largest_event,
        ),
        (
            "bytes of all events",
            |p, v| p.max_bytes_all_events_per_transaction = v,
            all_events,
        ),
    ];
    for (what, set, at) in cases {
        let mut p = d();
        set(&mut p, at);
        assert!(run(p).is_ok(), "{what} at the limit");
        let mut p = d();
        set(&mut p, at - 1);
        assert_eq!(
            status(run(p)),
            StatusCode::STORAGE_WRITE_LIMIT_REACHED,
            "{what} one over the limit"
        );
    }
}

/// Publishes a coin for Alice in a session metered by `gas` and finishes it at `price`.
fn publish(
    env: &Env,
    gas: &mut BudgetMeter,
    price: u64,
) -> Result<(ChangeSet, StorageFee), VMError> {
    let mut s = env.session();
    s.execute_entry_function(
        &id("bank"),
        "publish",
        &[],
        &[ALICE],
        &[7u64.to_le_bytes().to_vec()],
        gas,
    )
    .unwrap_or_else(|e| panic!("publish: {e}"));
    s.finish_with_gas(gas, price)
}

#[test]
fn running_out_at_finish_writes_nothing() {
    let env = Env::new(&[bank()]);
    let p = TransactionGasParameters::default();
    let mut full = BudgetMeter::new(GAS);
    let (cs, _) = publish(&env, &mut full, 0).unwrap();
    let write = p.write_gas(COIN_KEY, 8);
    assert_eq!(full.io_gas_used(), p.read_gas(None) + write);
    assert_eq!(
        cs.resources.get(&(ALICE, coin())),
        Some(&WriteOp::Creation(7u64.to_le_bytes().to_vec()))
    );
    // A budget one unit short of the write: the run succeeds, finishing fails, and there
    // is no change set to apply.
    let mut short = BudgetMeter::new(full.used() - 1);
    assert_eq!(status(publish(&env, &mut short, 0)), StatusCode::OUT_OF_GAS);
    assert_eq!(short.balance(), 0);
    assert!(env.chain.resources.borrow().is_empty());
    // Exactly enough.
    let mut exact = BudgetMeter::new(full.used());
    publish(&env, &mut exact, 0).unwrap();
    assert_eq!(exact.balance(), 0);
    // The IO cap one unit below what the session needs: `IO_LIMIT_REACHED` at finish.
    let limits = GasLimits {
        max_io_gas: full.io_gas_used() - 1,
        ..GasLimits::NONE
    };
    let mut capped = BudgetMeter::with_limits(GAS, limits);
    assert_eq!(
        status(publish(&env, &mut capped, 0)),
        StatusCode::IO_LIMIT_REACHED
    );
    // The storage fee cap below the fee of one new slot: `STORAGE_LIMIT_REACHED`.
    let limits = GasLimits {
        max_storage_fee: p.storage_fee_per_state_slot,
        ..GasLimits::NONE
    };
    // (The fee of a slot at 100 octas per gas unit is some 4 × 10^8 internal units.)
    let mut capped = BudgetMeter::with_limits(u64::MAX / 2, limits);
    assert_eq!(
        status(publish(&env, &mut capped, 100)),
        StatusCode::STORAGE_LIMIT_REACHED
    );
}

#[test]
fn caps_per_category() {
    let env = Env::new(&[bank()]);
    env.chain
        .resources
        .borrow_mut()
        .insert((ALICE, coin()), 7u64.to_le_bytes().to_vec());
    let p = TransactionGasParameters::default();
    let call = |gas: &mut BudgetMeter| {
        let mut s = env.session();
        s.call_function(&id("bank"), "value", &[], vec![Value::Address(ALICE)], gas)
            .map(|_| ())
            .map_err(|e| e.status())
    };
    let mut free = BudgetMeter::new(GAS);
    call(&mut free).unwrap();
    let (exec, io) = (free.execution_gas_used(), free.io_gas_used());
    assert_eq!(io, p.read_gas(Some(8)));
    let cases = [
        // Execution cap just below what the call executes.
        (
            GAS,
            GasLimits {
                max_execution_gas: exec - 1,
                ..GasLimits::NONE
            },
            Err(StatusCode::EXECUTION_LIMIT_REACHED),
        ),
        // At the cap is fine.
        (
            GAS,
            GasLimits {
                max_execution_gas: exec,
                max_io_gas: io,
                ..GasLimits::NONE
            },
            Ok(()),
        ),
        // IO cap just below the read.
        (
            GAS,
            GasLimits {
                max_io_gas: io - 1,
                ..GasLimits::NONE
            },
            Err(StatusCode::IO_LIMIT_REACHED),
        ),
        // The budget is checked before the caps: with neither, the call is out of gas.
        (
            0,
            GasLimits {
                max_execution_gas: 0,
                max_io_gas: 0,
                ..GasLimits::NONE
            },
            Err(StatusCode::OUT_OF_GAS),
        ),
    ];
    for (budget, limits, expected) in cases {
        let mut g = BudgetMeter::with_limits(budget, limits);
        assert_eq!(call(&mut g), expected, "budget {budget}, {limits:?}");
    }
    // A transaction's meter: the budget in external units, Aptos's caps.
    let g = BudgetMeter::for_transaction(2_000_000, &p);
    assert_eq!(g.balance(), 2_000_000 * p.gas_unit_scaling_factor);
    let mut g = BudgetMeter::for_transaction(2_000_000, &p);
    let mut spent = 0;
    while spent <= p.max_execution_gas {
        match g.charge(100_000_000) {
            Ok(()) => spent += 100_000_000,
            Err(e) => {
                assert_eq!(e.major_status(), StatusCode::EXECUTION_LIMIT_REACHED);
                break;
            }
        }
    }
    assert!(g.execution_gas_used() > p.max_execution_gas);
    assert!(spent <= p.max_execution_gas);
}

#[test]
fn fee_statement_with_storage_fee_and_refund() {
    let env = Env::new(&[bank()]);
    let p = TransactionGasParameters::default();
    let price = 100;
    let scale = p.gas_unit_scaling_factor;
    // Creation: a slot and its bytes.
    let mut gas = BudgetMeter::for_transaction(2_000_000, &p);
    let (cs, fee) = publish(&env, &mut gas, price).unwrap();
    let deposit = p.storage_fee_per_state_slot + p.storage_fee_per_state_byte * (COIN_KEY + 8);
    assert_eq!(
        fee,
        StorageFee {
            storage_fee_octas: deposit,
            storage_fee_refund_octas: 0
        }
    );
    let fee_gas = (deposit * scale).div_ceil(price);
    assert_eq!(gas.storage_fee_gas_used(), fee_gas);
    assert_eq!(gas.storage_fee_used(), deposit);
    assert_eq!(
        gas.used(),
        gas.execution_gas_used() + gas.io_gas_used() + fee_gas
    );
    let st = gas.fee_statement(fee.storage_fee_refund_octas);
    assert_eq!(st.total_charge_gas_units, gas.used().div_ceil(scale));
    assert_eq!(
        st.execution_gas_units,
        gas.execution_gas_used().div_ceil(scale)
    );
    assert_eq!(st.io_gas_units, gas.io_gas_used().div_ceil(scale));
    assert_eq!(st.storage_fee_octas, deposit);
    assert_eq!(st.storage_fee_refund_octas, 0);
    assert_eq!(
        st,
        lumio_move_vm::FeeStatement::new(
            &p,
            gas.used(),
            gas.execution_gas_used(),
            gas.io_gas_used(),
            fee
        )
    );
    env.chain.apply(&cs);

    // A modification that keeps the size: no fee.
    let mut s = env.session();
    let mut gas = BudgetMeter::for_transaction(2_000_000, &p);
    s.call_function(
        &id("bank"),
        "add",
        &[],
        vec![Value::Address(ALICE), Value::U64(5)],
        &mut gas,
    )
    .unwrap();
    let (cs, fee) = s.finish_with_gas(&mut gas, price).unwrap();
    assert!(matches!(
        cs.resources.get(&(ALICE, coin())),
        Some(WriteOp::Modification(_))
    ));
    assert_eq!(fee, StorageFee::default());
    assert_eq!(gas.storage_fee_gas_used(), 0);
    env.chain.apply(&cs);

    // A deletion: the deposit back, IO for the write of no value.
    let mut s = env.session();
    let mut gas = BudgetMeter::for_transaction(2_000_000, &p);
    s.call_function(
        &id("bank"),
        "take",
        &[],
        vec![Value::Address(ALICE)],
        &mut gas,
    )
    .unwrap();
    let io = gas.io_gas_used();
    let (cs, fee) = s.finish_with_gas(&mut gas, price).unwrap();
    assert_eq!(cs.resources.get(&(ALICE, coin())), Some(&WriteOp::Deletion));
    assert_eq!(
        fee,
        StorageFee {
            storage_fee_octas: 0,
            storage_fee_refund_octas: deposit
        }
    );
    assert_eq!(gas.io_gas_used() - io, p.write_gas(COIN_KEY, 0));
    let st = gas.fee_statement(fee.storage_fee_refund_octas);
    assert_eq!(st.storage_fee_refund_octas, deposit);
    assert_eq!(st.storage_fee_octas, 0);
    assert_eq!(
        st.total_charge_gas_units,
        (gas.execution_gas_used() + gas.io_gas_used()).div_ceil(scale)
    );
}

#[test]
fn metered_sessions_are_deterministic() {
    let run = || {
        let mut env = Env::new(&writer_modules());
        env.loader = Loader::new(NativeTable::standard());
        let p = TransactionGasParameters::default();
        let mut gas = BudgetMeter::for_transaction(2_000_000, &p);
        let mut s = env.session();
        s.execute_entry_function(&id("table"), "write", &[], &[ALICE], &[vec![0]], &mut gas)
            .unwrap();
        let (cs, fee) = s.finish_with_gas(&mut gas, 150).unwrap();
        (
            cs,
            fee,
            gas.used(),
            gas.execution_gas_used(),
            gas.io_gas_used(),
            gas.fee_statement(fee.storage_fee_refund_octas),
        )
    };
    let a = run();
    assert!(a.1.storage_fee_octas > 0);
    assert_eq!(a, run());
}
