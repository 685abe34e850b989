//! An inspector that records the accounts and storage slots a call touches (geth's
//! `AccessListTracer`).

use alloy_eips::eip2930::{AccessList, AccessListItem};
use alloy_primitives::{Address, B256};
use lumio_evm::revm::{
    bytecode::opcode,
    inspector::Inspector,
    interpreter::{
        Interpreter,
        interpreter::EthInterpreter,
        interpreter_types::{InputsTr, Jumps},
    },
};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
pub(super) struct AccessListInspector {
    excluded: BTreeSet<Address>,
    touched: BTreeMap<Address, BTreeSet<B256>>,
}

impl AccessListInspector {
    /// Starts from `initial` (the request's list), skipping `excluded` addresses.
    pub(super) fn new(excluded: BTreeSet<Address>, initial: &AccessList) -> Self {
        let mut touched = BTreeMap::new();
        for item in &initial.0 {
            touched
                .entry(item.address)
                .or_insert_with(BTreeSet::new)
                .extend(item.storage_keys.iter().copied());
        }
        Self { excluded, touched }
    }

    /// What was touched, as an access list in a stable order.
    pub(super) fn access_list(&self) -> AccessList {
        AccessList(
            self.touched
                .iter()
                .map(|(address, keys)| AccessListItem {
                    address: *address,
                    storage_keys: keys.iter().copied().collect(),
                })
                .collect(),
        )
    }

    fn add_address(&mut self, address: Address) {
        if !self.excluded.contains(&address) {
            self.touched.entry(address).or_default();
        }
    }
}

fn to_address(word: alloy_primitives::U256) -> Address {
    Address::from_word(B256::from(word.to_be_bytes::<32>()))
}

impl<CTX> Inspector<CTX, EthInterpreter> for AccessListInspector {
    fn step(&mut self, interp: &mut Interpreter<EthInterpreter>, _context: &mut CTX) {
        let op = interp.bytecode.opcode();
        let stack = &interp.stack;
        match op {
            opcode::SLOAD | opcode::SSTORE => {
                if let Ok(slot) = stack.peek(0) {
                    let address = interp.input.target_address();
                    // Slots of excluded accounts are still listed (geth does the same): the
                    // account itself is warm, its slots are not.
                    self.touched
                        .entry(address)
                        .or_default()
                        .insert(B256::from(slot.to_be_bytes::<32>()));
                }
            }
            opcode::EXTCODECOPY
            | opcode::EXTCODEHASH
            | opcode::EXTCODESIZE
            | opcode::BALANCE
            | opcode::SELFDESTRUCT => {
                if let Ok(word) = stack.peek(0) {
                    self.add_address(to_address(word));
                }
            }
            opcode::CALL | opcode::CALLCODE | opcode::DELEGATECALL | opcode::STATICCALL => {
                if let Ok(word) = stack.peek(1) {
                    self.add_address(to_address(word));
                }
            }
            _ => {}
        }
    }
}
