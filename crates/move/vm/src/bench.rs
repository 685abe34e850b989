//! The `lumio bench move-exec` workloads: programs written as bytecode (the compiler does not
//! exist yet), run on the VM, timed. Each workload checks its own result.
//!
//! - `arith`: a counting loop (add, compare, branch, locals);
//! - `vector`: push N values, insertion-sort them with `vec_swap`, check the order;
//! - `generic`: a generic function and a generic struct instantiated at several types;
//! - `p2p`: a balance resource and an entry function moving value between two accounts, run
//!   as full sessions (load, arguments, storage reads, change set, applied to an in-memory
//!   store) over 10,000 distinct account pairs.

use std::{cell::RefCell, time::Instant};

use rustc_hash::FxHashMap as HashMap;

use lumio_move_binary_format::{
    builder::ModuleBuilder,
    file_format::{
        AbilitySet,
        Bytecode::{self, *},
        CompiledModule, FieldHandleIndex, FunctionHandleIndex, ModuleHandleIndex, SignatureIndex,
        SignatureToken as ST, StructDefinitionIndex, StructHandleIndex, StructTypeParameter,
        Visibility,
    },
};
use lumio_move_core_types::{Ability, AccountAddress, Identifier, ModuleId, StructTag};

use crate::{
    BudgetMeter, ChangeSet, Loader, ModuleStorage, NativeTable, ResourceResolver, Session, Value,
    WriteOp,
};

/// A workload's figures.
#[derive(Clone, Debug)]
pub struct Figures {
    /// Workload name.
    pub name: &'static str,
    /// Units run (transactions for `p2p`, calls otherwise).
    pub units: u64,
    /// Instructions per unit (for the micro workloads), if known.
    pub what: &'static str,
    /// Best wall time of the rounds, seconds.
    pub secs: f64,
}

impl Figures {
    /// Units per second.
    pub fn per_sec(&self) -> f64 {
        self.units as f64 / self.secs.max(1e-12)
    }
}

/// An in-memory module and resource store: resources by account, then by type (an account
/// holds few).
#[derive(Default)]
pub struct MemStore {
    modules: HashMap<ModuleId, Vec<u8>>,
    resources: RefCell<HashMap<AccountAddress, AccountResources>>,
}

/// The resources of one account: (type, BCS bytes).
type AccountResources = Vec<(StructTag, Vec<u8>)>;

impl ModuleStorage for MemStore {
    fn module_bytes(&self, id: &ModuleId) -> Option<Vec<u8>> {
        self.modules.get(id).cloned()
    }
}

impl ResourceResolver for MemStore {
    fn resource_bytes(&self, addr: &AccountAddress, tag: &StructTag) -> Option<Vec<u8>> {
        self.get(addr, tag)
    }
}

impl MemStore {
    fn get(&self, addr: &AccountAddress, tag: &StructTag) -> Option<Vec<u8>> {
        self.resources
            .borrow()
            .get(addr)?
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, b)| b.clone())
    }

    fn add(&mut self, m: &CompiledModule) -> Result<(), String> {
        let id = m.self_id().map_err(|e| e.to_string())?;
        self.modules
            .insert(id, m.to_bytes().map_err(|e| e.to_string())?);
        Ok(())
    }

    fn apply(&self, cs: ChangeSet) {
        let mut r = self.resources.borrow_mut();
        for ((addr, tag), op) in cs.resources {
            let slots = r.entry(addr).or_default();
            let at = slots.iter().position(|(t, _)| *t == tag);
            match (op, at) {
                (WriteOp::Creation(b) | WriteOp::Modification(b), Some(i)) => slots[i].1 = b,
                (WriteOp::Creation(b) | WriteOp::Modification(b), None) => slots.push((tag, b)),
                (WriteOp::Deletion, Some(i)) => {
                    slots.swap_remove(i);
                }
                (WriteOp::Deletion, None) => {}
            }
        }
    }
}

/// The binary-format crate's module builder with the few shapes the workloads use.
struct Gen {
    b: ModuleBuilder,
}

impl Gen {
    fn new(name: &str) -> Result<Gen, String> {
        Ok(Gen {
            b: ModuleBuilder::new(AccountAddress::ONE, name).with_version(6),
        })
    }

    fn sig(&mut self, toks: Vec<ST>) -> SignatureIndex {
        self.b.signature(toks)
    }

    fn module_handle(&mut self, name: &str) -> Result<ModuleHandleIndex, String> {
        Ok(self.b.module_handle(AccountAddress::ONE, name))
    }

    fn handle(
        &mut self,
        module: ModuleHandleIndex,
        name: &str,
        params: Vec<ST>,
        rets: Vec<ST>,
        tparams: Vec<AbilitySet>,
    ) -> Result<FunctionHandleIndex, String> {
        Ok(self.b.function_handle(module, name, params, rets, tparams))
    }

    /// A public function (`code: None` for a native).
    #[allow(clippy::too_many_arguments)]
    fn fun(
        &mut self,
        name: &str,
        entry: bool,
        params: Vec<ST>,
        rets: Vec<ST>,
        tparams: Vec<AbilitySet>,
        locals: Vec<ST>,
        code: Option<Vec<Bytecode>>,
        acquires: Vec<StructDefinitionIndex>,
    ) -> Result<FunctionHandleIndex, String> {
        let (fh, fd) = match code {
            Some(code) => self.b.add_function(
                name,
                Visibility::Public,
                entry,
                params,
                rets,
                tparams,
                locals,
                code,
            ),
            None => self
                .b
                .add_native_function(name, Visibility::Public, params, rets, tparams),
        };
        let def = self
            .b
            .module_mut()
            .function_defs
            .get_mut(usize::from(fd.0))
            .ok_or("function definition missing")?;
        def.acquires_global_resources = acquires;
        Ok(fh)
    }

    fn struct_(
        &mut self,
        name: &str,
        abilities: &[Ability],
        tparams: Vec<StructTypeParameter>,
        fields: Vec<(&str, ST)>,
    ) -> Result<(StructHandleIndex, StructDefinitionIndex), String> {
        Ok(self
            .b
            .add_struct(name, abilities.iter().copied().collect(), tparams, fields))
    }

    fn field(&mut self, owner: StructDefinitionIndex, field: u16) -> FieldHandleIndex {
        self.b.field_handle(owner, field)
    }
}

fn mref(t: ST) -> ST {
    ST::MutableReference(Box::new(t))
}

fn iref(t: ST) -> ST {
    ST::Reference(Box::new(t))
}

/// `0x1::signer` with the native `borrow_address` and `address_of`.
fn signer_module() -> Result<CompiledModule, String> {
    let mut g = Gen::new("signer")?;
    let ba = g.fun(
        "borrow_address",
        false,
        vec![iref(ST::Signer)],
        vec![iref(ST::Address)],
        vec![],
        vec![],
        None,
        vec![],
    )?;
    g.fun(
        "address_of",
        false,
        vec![iref(ST::Signer)],
        vec![ST::Address],
        vec![],
        vec![],
        Some(vec![MoveLoc(0), Call(ba), ReadRef, Ret]),
        vec![],
    )?;
    Ok(g.b.build())
}

/// `0x1::bench`: the micro workloads.
fn bench_module() -> Result<CompiledModule, String> {
    let mut g = Gen::new("bench")?;
    // count(n): u64 { let i = 0; let acc = 0; while (i < n) { acc = acc + i; i = i + 1 }; acc }
    g.fun(
        "count",
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![ST::U64, ST::U64],
        Some(vec![
            LdU64(0),
            StLoc(1),
            LdU64(0),
            StLoc(2),
            CopyLoc(1),
            CopyLoc(0),
            Lt,
            BrFalse(17),
            CopyLoc(2),
            CopyLoc(1),
            Add,
            StLoc(2),
            CopyLoc(1),
            LdU64(1),
            Add,
            StLoc(1),
            Branch(4),
            MoveLoc(2),
            Ret,
        ]),
        vec![],
    )?;
    // sort(n): u64 — v = [n-1, ..., 0] pushed one by one, insertion sort with swaps, returns
    // v[0] + v[n-1] (n - 1 when sorted). Locals: 0 n, 1 v, 2 i, 3 j.
    let s = g.sig(vec![ST::U64]);
    let vt = ST::Vector(Box::new(ST::U64));
    g.fun(
        "sort",
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![vt, ST::U64, ST::U64],
        Some(vec![
            // 0: v = []; i = n
            VecPack(s, 0),
            StLoc(1),
            CopyLoc(0),
            StLoc(2),
            // 4: while (i > 0) { i = i - 1; push_back(&mut v, i) }
            CopyLoc(2),
            LdU64(0),
            Gt,
            BrFalse(17),
            CopyLoc(2),
            LdU64(1),
            Sub,
            StLoc(2),
            MutBorrowLoc(1),
            CopyLoc(2),
            VecPushBack(s),
            Branch(4),
            Nop,
            // 17: i = 1
            LdU64(1),
            StLoc(2),
            // 19: while (i < n)
            CopyLoc(2),
            CopyLoc(0),
            Lt,
            BrFalse(57),
            // j = i
            CopyLoc(2),
            StLoc(3),
            // 25: while (j > 0 && v[j-1] > v[j])
            CopyLoc(3),
            LdU64(0),
            Gt,
            BrFalse(52),
            ImmBorrowLoc(1),
            CopyLoc(3),
            LdU64(1),
            Sub,
            VecImmBorrow(s),
            ReadRef,
            ImmBorrowLoc(1),
            CopyLoc(3),
            VecImmBorrow(s),
            ReadRef,
            Gt,
            BrFalse(52),
            // swap(&mut v, j - 1, j); j = j - 1
            MutBorrowLoc(1),
            CopyLoc(3),
            LdU64(1),
            Sub,
            CopyLoc(3),
            VecSwap(s),
            CopyLoc(3),
            LdU64(1),
            Sub,
            StLoc(3),
            Branch(25),
            // 52: i = i + 1
            CopyLoc(2),
            LdU64(1),
            Add,
            StLoc(2),
            Branch(19),
            // 57: v[0] + v[n - 1]
            ImmBorrowLoc(1),
            LdU64(0),
            VecImmBorrow(s),
            ReadRef,
            ImmBorrowLoc(1),
            MoveLoc(0),
            LdU64(1),
            Sub,
            VecImmBorrow(s),
            ReadRef,
            Add,
            Ret,
        ]),
        vec![],
    )?;
    // Generic: struct Box<T> has copy, drop { x: T }; wrap<T: copy + drop>(x: T): T
    // { let Box { x } = Box<T> { x }; x }; generic(n): u64 calls wrap at u64, bool, address
    // and vector<u8> n times.
    let cd = [Ability::Copy, Ability::Drop];
    let (_, bd) = g.struct_(
        "Box",
        &cd,
        vec![StructTypeParameter {
            constraints: AbilitySet::EMPTY,
            is_phantom: false,
        }],
        vec![("x", ST::TypeParameter(0))],
    )?;
    let box_t = g.b.struct_instantiation(bd, vec![ST::TypeParameter(0)]);
    let cd_set: AbilitySet = cd.iter().copied().collect();
    let wrap = g.fun(
        "wrap",
        false,
        vec![ST::TypeParameter(0)],
        vec![ST::TypeParameter(0)],
        vec![cd_set],
        vec![],
        Some(vec![
            MoveLoc(0),
            PackGeneric(box_t),
            UnpackGeneric(box_t),
            Ret,
        ]),
        vec![],
    )?;
    let inst = |g: &mut Gen, t: ST| g.b.function_instantiation(wrap, vec![t]);
    let w_u64 = inst(&mut g, ST::U64);
    let w_bool = inst(&mut g, ST::Bool);
    let w_addr = inst(&mut g, ST::Address);
    let w_vec = inst(&mut g, ST::Vector(Box::new(ST::U8)));
    let u8s = g.sig(vec![ST::U8]);
    let one =
        g.b.constant(ST::Address, AccountAddress::ONE.as_bytes().to_vec());
    // Locals: 0 n, 1 i.
    g.fun(
        "generic",
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![ST::U64],
        Some(vec![
            LdU64(0),
            StLoc(1),
            // 2:
            CopyLoc(1),
            CopyLoc(0),
            Lt,
            BrFalse(25),
            LdU64(7),
            CallGeneric(w_u64),
            Pop,
            LdTrue,
            CallGeneric(w_bool),
            Pop,
            LdConst(one),
            CallGeneric(w_addr),
            Pop,
            LdU8(1),
            LdU8(2),
            VecPack(u8s, 2),
            CallGeneric(w_vec),
            Pop,
            CopyLoc(1),
            LdU64(1),
            Add,
            StLoc(1),
            Branch(2),
            // 25:
            MoveLoc(1),
            Ret,
        ]),
        vec![],
    )?;
    Ok(g.b.build())
}

/// `0x1::p2p`: `struct Balance has key { v: u64 }`, entry `mint(s, v)` and
/// `transfer(s, to, amount)` (aborts 1 if the balance is short).
fn p2p_module() -> Result<CompiledModule, String> {
    let mut g = Gen::new("p2p")?;
    let signer = g.module_handle("signer")?;
    let address_of = g.handle(
        signer,
        "address_of",
        vec![iref(ST::Signer)],
        vec![ST::Address],
        vec![],
    )?;
    let (_, sd) = g.struct_("Balance", &[Ability::Key], vec![], vec![("v", ST::U64)])?;
    let fv = g.field(sd, 0);
    g.fun(
        "mint",
        true,
        vec![iref(ST::Signer), ST::U64],
        vec![],
        vec![],
        vec![],
        Some(vec![MoveLoc(0), MoveLoc(1), Pack(sd), MoveTo(sd), Ret]),
        vec![],
    )?;
    g.fun(
        "transfer",
        true,
        vec![iref(ST::Signer), ST::Address, ST::U64],
        vec![],
        vec![],
        vec![mref(ST::U64)],
        Some(vec![
            MoveLoc(0),
            Call(address_of),
            MutBorrowGlobal(sd),
            MutBorrowField(fv),
            StLoc(3),
            CopyLoc(3),
            ReadRef,
            CopyLoc(2),
            Ge,
            BrTrue(14),
            MoveLoc(3),
            Pop,
            LdU64(1),
            Abort,
            // 14:
            CopyLoc(3),
            ReadRef,
            CopyLoc(2),
            Sub,
            MoveLoc(3),
            WriteRef,
            MoveLoc(1),
            MutBorrowGlobal(sd),
            MutBorrowField(fv),
            StLoc(3),
            CopyLoc(3),
            ReadRef,
            MoveLoc(2),
            Add,
            MoveLoc(3),
            WriteRef,
            Ret,
        ]),
        vec![sd],
    )?;
    Ok(g.b.build())
}

/// The bench's modules (`0x1::signer`, `0x1::bench`, `0x1::p2p`), for tests that need real
/// programs to mutate or run.
pub fn modules() -> Result<Vec<CompiledModule>, String> {
    Ok(vec![signer_module()?, bench_module()?, p2p_module()?])
}

/// Pairs of accounts in the `p2p` workload.
pub const P2P_PAIRS: u64 = 10_000;

/// Account `i`: a hash, like real (key-derived) addresses.
fn account(i: u64) -> AccountAddress {
    use sha3::Digest as _;
    AccountAddress::from(<[u8; 32]>::from(sha3::Sha3_256::digest(i.to_le_bytes())))
}

fn best<T>(rounds: usize, mut f: impl FnMut() -> Result<T, String>) -> Result<(f64, T), String> {
    let mut best: Option<(f64, T)> = None;
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        let out = f()?;
        let secs = start.elapsed().as_secs_f64();
        if best.as_ref().is_none_or(|(b, _)| secs < *b) {
            best = Some((secs, out));
        }
    }
    best.ok_or_else(|| "no round".to_string())
}

/// How much work each workload does.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Iterations of the counting loop.
    pub count: u64,
    /// Elements sorted.
    pub sort: u64,
    /// Rounds of the four generic calls.
    pub generic: u64,
    /// Account pairs of `p2p` (one transfer each).
    pub pairs: u64,
}

impl Sizes {
    /// The documented benchmark sizes.
    pub const FULL: Sizes = Sizes {
        count: 1_000_000,
        sort: 600,
        generic: 100_000,
        pairs: P2P_PAIRS,
    };
}

/// Runs every workload, `rounds` times each; the best round is reported.
pub fn run(rounds: usize, sizes: Sizes) -> Result<Vec<Figures>, String> {
    let mut store = MemStore::default();
    for m in [signer_module()?, bench_module()?, p2p_module()?] {
        store.add(&m)?;
    }
    let loader = Loader::new(NativeTable::standard());
    let bench_id = ModuleId::new(
        AccountAddress::ONE,
        Identifier::new("bench").map_err(|e| e.to_string())?,
    );
    let p2p_id = ModuleId::new(
        AccountAddress::ONE,
        Identifier::new("p2p").map_err(|e| e.to_string())?,
    );
    let call = |name: &str, n: u64| -> Result<u64, String> {
        let mut s = Session::new(&loader, &store, &store);
        let mut gas = BudgetMeter::new(u64::MAX);
        let out = s
            .call_function(&bench_id, name, &[], vec![Value::U64(n)], &mut gas)
            .map_err(|e| e.to_string())?;
        out.first()
            .ok_or_else(|| "no result".to_string())?
            .as_u64()
            .map_err(|e| e.to_string())
    };
    let mut figures = Vec::new();
    // Warm the code cache.
    call("count", 1)?;
    // A size of 0 skips the workload.
    let n = sizes.count;
    if n > 0 {
        let (secs, v) = best(rounds, || call("count", n))?;
        if v != n * (n - 1) / 2 {
            return Err(format!("count: wrong result {v}"));
        }
        figures.push(Figures {
            name: "arith loop (iterations)",
            units: n,
            what: "13 instructions / iteration",
            secs,
        });
    }
    let n = sizes.sort;
    if n > 0 {
        let (secs, v) = best(rounds, || call("sort", n))?;
        if v != n - 1 {
            return Err(format!("sort: wrong result {v}"));
        }
        figures.push(Figures {
            name: "vector push + insertion sort (swaps)",
            units: n * (n - 1) / 2,
            what: "reversed input: n(n-1)/2 swaps",
            secs,
        });
    }
    let n = sizes.generic;
    if n > 0 {
        let (secs, v) = best(rounds, || call("generic", n))?;
        if v != n {
            return Err(format!("generic: wrong result {v}"));
        }
        figures.push(Figures {
            name: "generic calls (4 instantiations)",
            units: n * 4,
            what: "call + pack + unpack of Box<T>",
            secs,
        });
    }
    if sizes.pairs == 0 {
        return Ok(figures);
    }
    // p2p: mint every account, then one transfer per pair, each a full session.
    let pairs = sizes.pairs;
    let amount = 1_000u64.to_le_bytes().to_vec();
    for i in 0..2 * pairs {
        let mut s = Session::new(&loader, &store, &store);
        s.execute_entry_function(
            &p2p_id,
            "mint",
            &[],
            &[account(i)],
            std::slice::from_ref(&amount),
            &mut BudgetMeter::new(u64::MAX),
        )
        .map_err(|e| e.to_string())?;
        let cs = s.finish().map_err(|e| e.to_string())?;
        store.apply(cs);
    }
    let one = 1u64.to_le_bytes().to_vec();
    let args: Vec<(AccountAddress, Vec<Vec<u8>>)> = (0..pairs)
        .map(|p| {
            let to = account(2 * p + 1);
            (account(2 * p), vec![to.as_bytes().to_vec(), one.clone()])
        })
        .collect();
    let mut transfers = 0u64;
    let (secs, _) = best(rounds, || {
        for (from, a) in &args {
            let mut s = Session::new(&loader, &store, &store);
            let mut gas = BudgetMeter::new(1_000_000_000);
            s.execute_entry_function(&p2p_id, "transfer", &[], &[*from], a, &mut gas)
                .map_err(|e| e.to_string())?;
            let cs = s.finish().map_err(|e| e.to_string())?;
            if cs.resources.len() != 2 {
                return Err(format!("transfer wrote {} resources", cs.resources.len()));
            }
            store.apply(cs);
        }
        transfers += pairs;
        Ok(())
    })?;
    // Check: every sender lost exactly one per round run, every receiver gained as much.
    let tag = StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new("p2p").map_err(|e| e.to_string())?,
        name: Identifier::new("Balance").map_err(|e| e.to_string())?,
        type_args: vec![],
    };
    let per_pair = transfers / pairs;
    for p in [0, pairs - 1] {
        let bal = |a: AccountAddress| {
            store.get(&a, &tag).and_then(|b| {
                b.get(..8)
                    .map(|x| u64::from_le_bytes(x.try_into().unwrap_or([0; 8])))
            })
        };
        if bal(account(2 * p)) != Some(1_000 - per_pair)
            || bal(account(2 * p + 1)) != Some(1_000 + per_pair)
        {
            return Err("p2p: balances do not add up".to_string());
        }
    }
    figures.push(Figures {
        name: "p2p transfer (full sessions)",
        units: pairs,
        what: "distinct account pairs, change sets applied",
        secs,
    });
    Ok(figures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_run_and_check_themselves() {
        let f = run(
            1,
            Sizes {
                count: 1_000,
                sort: 30,
                generic: 100,
                pairs: 50,
            },
        )
        .unwrap();
        assert_eq!(f.len(), 4);
        assert!(f.iter().all(|x| x.per_sec() > 0.0));
    }
}

#[cfg(test)]
mod full {
    /// `cargo test --release -p lumio-move-vm full_size -- --ignored --nocapture` prints the
    /// figures without the `lumio` binary (profiling).
    #[test]
    #[ignore = "benchmark: run in release with --ignored"]
    fn p2p_only() {
        let sizes = super::Sizes {
            count: 0,
            sort: 0,
            generic: 0,
            pairs: 10_000,
        };
        for f in super::run(30, sizes).unwrap() {
            println!("{:<40} {:>12.0}/s  {}", f.name, f.per_sec(), f.what);
        }
    }

    #[test]
    #[ignore = "benchmark: run in release with --ignored"]
    fn full_size() {
        for f in super::run(3, super::Sizes::FULL).unwrap() {
            println!("{:<40} {:>12.0}/s  {}", f.name, f.per_sec(), f.what);
        }
    }
}
