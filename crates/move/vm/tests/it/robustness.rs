//! No panic is reachable from bytecode: mutants of real programs that the verifier accepts are
//! run with arbitrary arguments; each run must end in a result or an error, never a panic, and
//! within its gas budget.

use std::panic::{AssertUnwindSafe, catch_unwind};

use lumio_move_binary_format::file_format::{Bytecode, CompiledModule};
use lumio_move_core_types::AccountAddress;
use lumio_move_verifier::{VerifierConfig, verify_module_with_config};
use lumio_move_vm::{
    BudgetMeter, Value,
    types::Type,
    values::{Ref, container},
};

use crate::harness::Env;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One random edit of one function's code.
fn mutate(m: &mut CompiledModule, rng: &mut Rng) {
    let with_code: Vec<usize> = (0..m.function_defs.len())
        .filter(|i| m.function_defs[*i].code.is_some())
        .collect();
    let Some(&f) = with_code.get(rng.below(with_code.len())) else {
        return;
    };
    let Some(unit) = m.function_defs[f].code.as_mut() else {
        return;
    };
    let code = &mut unit.code;
    let n = code.len();
    let i = rng.below(n);
    match rng.below(6) {
        0 if n > 1 => {
            let j = rng.below(n);
            code.swap(i, j);
        }
        1 if n > 1 => {
            code.remove(i);
        }
        2 => {
            let c = code[i].clone();
            code.insert(i, c);
        }
        3 => {
            // Another immediate.
            code[i] = match &code[i] {
                Bytecode::LdU64(_) => Bytecode::LdU64(rng.next() >> rng.below(64)),
                Bytecode::LdU8(_) => Bytecode::LdU8(rng.next() as u8),
                Bytecode::CopyLoc(_) => Bytecode::CopyLoc(rng.below(6) as u8),
                Bytecode::MoveLoc(_) => Bytecode::MoveLoc(rng.below(6) as u8),
                Bytecode::StLoc(_) => Bytecode::StLoc(rng.below(6) as u8),
                Bytecode::Branch(_) => Bytecode::Branch(rng.below(n) as u16),
                Bytecode::BrTrue(_) => Bytecode::BrTrue(rng.below(n) as u16),
                Bytecode::BrFalse(_) => Bytecode::BrFalse(rng.below(n) as u16),
                other => other.clone(),
            };
        }
        4 => {
            // An arithmetic or comparison operator for another.
            let ops = [
                Bytecode::Add,
                Bytecode::Sub,
                Bytecode::Mul,
                Bytecode::Div,
                Bytecode::Mod,
                Bytecode::Shl,
                Bytecode::Shr,
                Bytecode::Lt,
                Bytecode::Ge,
                Bytecode::Xor,
            ];
            if matches!(
                code[i],
                Bytecode::Add | Bytecode::Sub | Bytecode::Mul | Bytecode::Lt | Bytecode::Ge
            ) {
                code[i] = ops[rng.below(ops.len())].clone();
            }
        }
        _ => {
            let c = code[rng.below(n)].clone();
            code[i] = c;
        }
    }
}

/// Arguments for `params`, or `None` if a parameter type cannot be made up here.
fn arguments(params: &[Type], rng: &mut Rng) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    for p in params {
        out.push(match p {
            Type::Bool => Value::Bool(rng.next() & 1 == 1),
            Type::U8 => Value::U8(rng.next() as u8),
            Type::U64 => Value::U64(match rng.below(3) {
                0 => 0,
                1 => rng.next() % 1000,
                _ => rng.next(),
            }),
            Type::Address => Value::Address(AccountAddress::from([rng.next() as u8; 32])),
            Type::Vector(t) if **t == Type::U8 => Value::bytes(&rng.next().to_le_bytes()),
            Type::Reference(t) | Type::MutableReference(t) if **t == Type::Signer => Value::Ref(
                Ref::new(container(vec![Value::signer(AccountAddress::ONE)]), 0),
            ),
            Type::Reference(t) | Type::MutableReference(t) if **t == Type::U64 => {
                Value::Ref(Ref::new(container(vec![Value::U64(rng.next() % 100)]), 0))
            }
            _ => return None,
        });
    }
    Some(out)
}

#[test]
fn verified_mutants_never_panic() {
    let mut originals = lumio_move_vm::bench::modules().expect("bench modules");
    originals.push(crate::programs::bank());
    let config = VerifierConfig::production();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut tried, mut verified, mut runs) = (0, 0, 0);
    for round in 0..400 {
        let idx = round % originals.len();
        let mut m = originals[idx].clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut m, &mut rng);
        }
        tried += 1;
        if verify_module_with_config(&config, &m).is_err() {
            continue;
        }
        verified += 1;
        // The mutant replaces its original; the other modules stay (signer is needed by p2p).
        let mut modules = originals.clone();
        modules[idx] = m.clone();
        let env = Env::new(&modules);
        let id = m.self_id().expect("id");
        let Ok(loaded) = env.loader.load_module(&id, &env.chain) else {
            continue;
        };
        for f in &loaded.functions {
            if !f.type_params.is_empty() {
                continue;
            }
            let Some(args) = arguments(&f.params, &mut rng) else {
                continue;
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let mut s = env.session();
                let mut gas = BudgetMeter::new(2_000_000_000);
                let r = s.call_function(&id, f.name.as_str(), &[], args, &mut gas);
                (r.is_ok(), gas.used())
            }));
            match outcome {
                Ok((_, used)) => assert!(used <= 2_000_000_000),
                Err(_) => panic!("panic running mutant of {id}::{}", f.name),
            }
            runs += 1;
        }
    }
    eprintln!("mutants: {tried} tried, {verified} verified, {runs} function runs");
    assert!(
        verified > 20,
        "too few verified mutants ({verified}) to mean anything"
    );
    assert!(runs > 20);
}
