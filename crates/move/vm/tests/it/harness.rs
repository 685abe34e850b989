//! An in-memory chain for the tests: modules and resources, change sets applied on commit.

use std::{cell::RefCell, collections::HashMap};

use lumio_move_binary_format::file_format::CompiledModule;
use lumio_move_core_types::{AccountAddress, Identifier, ModuleId, StructTag};
use lumio_move_vm::{
    BudgetMeter, ChangeSet, ExecutionError, Loader, ModuleStorage, NativeTable, ResourceResolver,
    Session, Value, WriteOp,
};

/// Modules and resources in memory.
#[derive(Default)]
pub(crate) struct Chain {
    pub(crate) modules: HashMap<ModuleId, Vec<u8>>,
    pub(crate) resources: RefCell<HashMap<(AccountAddress, StructTag), Vec<u8>>>,
}

impl ModuleStorage for Chain {
    fn module_bytes(&self, id: &ModuleId) -> Option<Vec<u8>> {
        self.modules.get(id).cloned()
    }
}

impl ResourceResolver for Chain {
    fn resource_bytes(&self, addr: &AccountAddress, tag: &StructTag) -> Option<Vec<u8>> {
        self.resources.borrow().get(&(*addr, tag.clone())).cloned()
    }
}

impl Chain {
    /// Adds a module (serialized as a publisher would).
    pub(crate) fn add(&mut self, m: &CompiledModule) {
        let id = m.self_id().expect("module id");
        let bytes = m.to_bytes().expect("serialize");
        self.modules.insert(id, bytes);
    }

    /// Applies the module writes of a change set (modules are not behind a `RefCell`).
    pub(crate) fn apply_modules(&mut self, cs: &ChangeSet) {
        for (id, op) in &cs.modules {
            match op {
                WriteOp::Creation(b) | WriteOp::Modification(b) => {
                    self.modules.insert(id.clone(), b.clone());
                }
                WriteOp::Deletion => {
                    self.modules.remove(id);
                }
            }
        }
    }

    /// Applies a change set.
    pub(crate) fn apply(&self, cs: &ChangeSet) {
        let mut r = self.resources.borrow_mut();
        for (key, op) in &cs.resources {
            match op {
                WriteOp::Creation(b) | WriteOp::Modification(b) => {
                    r.insert(key.clone(), b.clone());
                }
                WriteOp::Deletion => {
                    r.remove(key);
                }
            }
        }
    }
}

/// Test environment: a chain and a loader with the standard natives.
pub(crate) struct Env {
    pub(crate) chain: Chain,
    pub(crate) loader: Loader,
}

pub(crate) const GAS: u64 = 100_000_000;

impl Env {
    pub(crate) fn new(modules: &[CompiledModule]) -> Env {
        let mut chain = Chain::default();
        for m in modules {
            chain.add(m);
        }
        Env {
            chain,
            loader: Loader::new(NativeTable::standard()),
        }
    }

    pub(crate) fn session(&self) -> Session<'_> {
        Session::new(&self.loader, &self.chain, &self.chain)
    }

    /// Calls `0x1::<module>::<name>` (or `addr`) in a fresh session; commits on success.
    pub(crate) fn call_at(
        &self,
        addr: AccountAddress,
        module: &str,
        name: &str,
        args: Vec<Value>,
    ) -> Result<Vec<Value>, ExecutionError> {
        let mut s = self.session();
        let id = ModuleId::new(addr, Identifier::new(module).expect("ident"));
        let mut gas = BudgetMeter::new(GAS);
        let out = s.call_function(&id, name, &[], args, &mut gas)?;
        let cs = s.finish().expect("finish");
        self.chain.apply(&cs);
        Ok(out)
    }

    pub(crate) fn call(
        &self,
        module: &str,
        name: &str,
        args: Vec<Value>,
    ) -> Result<Vec<Value>, ExecutionError> {
        self.call_at(AccountAddress::ONE, module, name, args)
    }
}

/// The single `u64` result.
pub(crate) fn u64_of(r: Result<Vec<Value>, ExecutionError>) -> u64 {
    let v = r.unwrap_or_else(|e| panic!("call failed: {e}"));
    assert_eq!(v.len(), 1, "one result expected");
    v[0].as_u64().expect("u64 result")
}
