//! Sessions: a run of one or more function calls over a view of global storage, ending in a
//! change set (or dropped, changing nothing).
//!
//! Entry points: [`Session::call_function`] (runtime values, no visibility check),
//! [`Session::execute_entry_function`], [`Session::execute_script`] and
//! [`Session::execute_view_function`] (BCS arguments under Aptos's rules, see [`arguments`]).
//! A failed call may leave partial writes in the session: [`Session::finish`] is for sessions
//! whose calls all succeeded; a failed transaction's session is dropped.

pub mod arguments;

use std::sync::Arc;

use lumio_move_core_types::{AccountAddress, Identifier, ModuleId, StatusCode, TypeTag};

use crate::{
    data_cache::{ChangeSet, DataCache, ResourceResolver, TableResolver},
    errors::{ExecutionError, Location, PartialVMError, PartialVMResult, VMError, invariant},
    gas::{GasMeter, GasSchedule, StorageFee, storage::StateKeyRef},
    interpreter::Machine,
    loader::{FunctionInfo, LoadedModule, Loader, ModuleStorage},
    natives::{
        NativeExtensions,
        aptos_framework::{CodeContext, EventStore, PublishRequest, TransactionContext},
        aptos_stdlib::{TableContext, TransactionInfo},
    },
    types::Type,
    values::Value,
};

/// One session.
pub struct Session<'a> {
    loader: &'a Loader,
    modules: &'a dyn ModuleStorage,
    resources: &'a dyn ResourceResolver,
    data: DataCache,
    extensions: NativeExtensions,
    schedule: GasSchedule,
    /// Modules published by this session: bytes, and whether an older version existed.
    published: std::collections::BTreeMap<ModuleId, (Vec<u8>, bool)>,
    /// An entry function or script of this session failed: its partial writes must not
    /// become a change set.
    failed: bool,
    /// The call stack of the last failed call.
    last_trace: Vec<crate::interpreter::TraceFrame>,
}

impl std::fmt::Debug for Session<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").finish_non_exhaustive()
    }
}

impl<'a> Session<'a> {
    /// A session reading modules from `modules` and resources from `resources`.
    pub fn new(
        loader: &'a Loader,
        modules: &'a dyn ModuleStorage,
        resources: &'a dyn ResourceResolver,
    ) -> Self {
        Session {
            loader,
            modules,
            resources,
            data: DataCache::default(),
            extensions: NativeExtensions::default(),
            schedule: GasSchedule::default(),
            published: std::collections::BTreeMap::new(),
            failed: false,
            last_trace: Vec::new(),
        }
    }

    /// Uses `schedule` for instruction costs.
    pub fn with_schedule(mut self, schedule: GasSchedule) -> Self {
        self.schedule = schedule;
        self
    }

    /// The session's native extensions (tables, events, ...).
    pub fn extensions(&mut self) -> &mut NativeExtensions {
        &mut self.extensions
    }

    /// Reads `0x1::table` entries the session has not touched yet from `resolver` (without
    /// it, every table starts empty). Set it before the first call: it replaces the tables the
    /// session has seen. The resolver is owned (an `Rc`/`Arc` of a shared view works), because
    /// native extensions outlive no borrow.
    pub fn with_tables(mut self, resolver: impl TableResolver + 'static) -> Self {
        self.extensions
            .insert(TableContext::new(Box::new(resolver)));
        self
    }

    /// The transaction hash new table handles derive from (zero by default).
    pub fn with_txn_hash(mut self, txn_hash: [u8; 32]) -> Self {
        let info = self.extensions.remove::<TransactionInfo>();
        self.extensions.insert(TransactionInfo {
            txn_hash,
            ..info.unwrap_or_default()
        });
        self
    }

    /// The chain id `type_info::chain_id_internal` returns (4 by default, as in Aptos's tests).
    pub fn with_chain_id(mut self, chain_id: u8) -> Self {
        let info = self.extensions.remove::<TransactionInfo>();
        self.extensions.insert(TransactionInfo {
            chain_id,
            ..info.unwrap_or_default()
        });
        self
    }

    /// The user-transaction facts `transaction_context` returns (sender, secondary signers,
    /// gas payer, gas amounts, script hash; all zero or empty by default).
    pub fn with_transaction_context(mut self, ctx: TransactionContext) -> Self {
        self.extensions.insert(ctx);
        self
    }

    /// Takes the publish request a call to `code::request_publish*` recorded in this session
    /// (Aptos's `NativeCodeContext`), if any, without acting on it
    /// ([`publish_requested`](Self::publish_requested) does both).
    pub fn take_publish_request(&mut self) -> Option<PublishRequest> {
        self.extensions
            .get_mut::<CodeContext>()
            .and_then(|c| c.request.take())
    }

    /// Acts on the publish request a call to `code::request_publish*` made in this session,
    /// as Aptos's VM does after the call returns: every module of the bundle must be one of
    /// the request's `expected_modules` and all of them must be there, and with allowed
    /// dependencies every module's immediate dependencies must be allowed (its address with
    /// the module's name or the empty name) — otherwise `CONSTRAINT_NOT_SATISFIED`
    /// ("metadata and code bundle mismatch"); then the bundle is published from
    /// `destination` ([`publish_module_bundle`](Self::publish_module_bundle)) with the
    /// default upgrade checks, or none for the arbitrary policy. Returns whether there was a
    /// request. (Aptos also validates module metadata, resource groups and event attributes
    /// here; those checks are not built.)
    pub fn publish_requested(&mut self) -> Result<bool, VMError> {
        use lumio_move_binary_format::file_format::CompiledModule;
        let Some(req) = self.take_publish_request() else {
            return Ok(false);
        };
        let mismatch = |msg: String| {
            PartialVMError::new(StatusCode::CONSTRAINT_NOT_SATISFIED)
                .with_message(format!("metadata and code bundle mismatch: {msg}"))
                .finish(Location::Undefined)
        };
        let mut expected = req.expected_modules.clone();
        for bytes in &req.bundle {
            let m =
                CompiledModule::deserialize(bytes).map_err(|e| e.finish(Location::Undefined))?;
            let id = m.self_id().map_err(|e| e.finish(Location::Undefined))?;
            if !expected.remove(id.name()) {
                return Err(mismatch(format!("unregistered module: '{}'", id.name())));
            }
            if let Some(allowed) = &req.allowed_deps {
                for dep in m
                    .immediate_dependencies()
                    .map_err(|e| e.finish(Location::Undefined))?
                {
                    let ok = allowed
                        .get(dep.address())
                        .is_some_and(|names| names.contains("") || names.contains(dep.name()));
                    if !ok {
                        return Err(mismatch(format!("unregistered dependency: '{dep}'")));
                    }
                }
            }
        }
        if !expected.is_empty() {
            return Err(mismatch("not all registered modules published".to_string()));
        }
        let compat = req
            .check_compat
            .then(crate::compatibility::Compatibility::default);
        self.publish_bundle(&req.bundle, req.destination, compat)?;
        Ok(true)
    }

    /// Loads `module` and finds `name` in it.
    fn function(
        &self,
        module: &ModuleId,
        name: &str,
    ) -> Result<(Arc<LoadedModule>, Arc<FunctionInfo>), ExecutionError> {
        let m = self
            .loader
            .load_module(module, self.modules)
            .map_err(ExecutionError::Failure)?;
        let f = m.function_named(name).cloned().ok_or_else(|| {
            ExecutionError::Failure(
                PartialVMError::new(StatusCode::FUNCTION_RESOLUTION_FAILURE)
                    .with_message(format!("{module}::{name} not found"))
                    .finish(Location::Module(module.clone())),
            )
        })?;
        Ok((m, f))
    }

    /// Converts type tags to runtime types (loading their modules), checking the count and
    /// the abilities the type parameters require.
    fn type_args(
        &self,
        f: &FunctionInfo,
        tags: &[TypeTag],
        loc: &Location,
    ) -> Result<Vec<Type>, ExecutionError> {
        let fail = |e: PartialVMError| ExecutionError::Failure(e.finish(loc.clone()));
        if tags.len() != f.type_params.len() {
            return Err(fail(
                PartialVMError::new(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH).with_message(
                    format!("{} expects {} type arguments", f.name, f.type_params.len()),
                ),
            ));
        }
        let tys = tags
            .iter()
            .map(|t| self.loader.type_of_tag(t, self.modules).map_err(fail))
            .collect::<Result<Vec<_>, _>>()?;
        self.loader
            .check_type_constraints(&f.type_params, &tys, self.modules)
            .map_err(fail)?;
        Ok(tys)
    }

    fn run(
        &mut self,
        m: Arc<LoadedModule>,
        f: Arc<FunctionInfo>,
        tys: Vec<Type>,
        args: Vec<Value>,
        gas: &mut dyn GasMeter,
    ) -> Result<Vec<Value>, ExecutionError> {
        let machine = Machine::new(
            self.loader,
            self.modules,
            self.resources,
            &mut self.data,
            gas,
            &self.schedule,
            &mut self.extensions,
        );
        let (result, trace) = machine.run_traced(m, f, tys, args);
        self.last_trace = trace;
        result
    }

    /// The call stack of the last call of this session that failed (innermost frame first),
    /// empty if the last call succeeded: for test runners and error reports.
    pub fn last_trace(&self) -> &[crate::interpreter::TraceFrame] {
        &self.last_trace
    }

    /// Calls any function (visibility not checked: for tests, genesis and the framework's own
    /// calls) with runtime values; returns its results.
    pub fn call_function(
        &mut self,
        module: &ModuleId,
        name: &str,
        ty_args: &[TypeTag],
        args: Vec<Value>,
        gas: &mut dyn GasMeter,
    ) -> Result<Vec<Value>, ExecutionError> {
        let (m, f) = self.function(module, name)?;
        let tys = self.type_args(&f, ty_args, &Location::Module(module.clone()))?;
        if args.len() != f.params.len() {
            return Err(ExecutionError::Failure(
                PartialVMError::new(StatusCode::NUMBER_OF_ARGUMENTS_MISMATCH)
                    .with_message(format!(
                        "{}::{} takes {} arguments, {} given",
                        module,
                        name,
                        f.params.len(),
                        args.len()
                    ))
                    .finish(Location::Module(module.clone())),
            ));
        }
        self.run(m, f, tys, args, gas)
    }

    /// Runs an entry function as a transaction would (Aptos's rules and statuses):
    ///
    /// - the function is `entry` (`EXECUTE_ENTRY_FUNCTION_CALLED_ON_NON_ENTRY_FUNCTION`), gets
    ///   as many type arguments as it declares (`NUMBER_OF_TYPE_ARGUMENTS_MISMATCH`) with the
    ///   abilities they need (`CONSTRAINT_NOT_SATISFIED`) and returns nothing
    ///   (`INVALID_MAIN_FUNCTION_SIGNATURE`);
    /// - its `signer` / `&signer` parameters come first and take `senders`; every other
    ///   parameter is a valid argument type (see [`arguments`]) or the call is
    ///   `INVALID_MAIN_FUNCTION_SIGNATURE`; `args` has one entry per non-signer parameter
    ///   (`NUMBER_OF_ARGUMENTS_MISMATCH`); with signer parameters there is one sender per
    ///   signer (`NUMBER_OF_SIGNER_ARGUMENTS_MISMATCH`), without, `senders` is not used;
    /// - the arguments are built (constructors run, in this session, charged to `gas`) and
    ///   decoded (`FAILED_TO_DESERIALIZE_ARGUMENT`, `VM_MAX_VALUE_DEPTH_REACHED`).
    ///
    /// On any error the session holds partial writes: drop it, never [`finish`](Self::finish)
    /// it (a failed transaction writes nothing of its own).
    pub fn execute_entry_function(
        &mut self,
        module: &ModuleId,
        name: &str,
        ty_args: &[TypeTag],
        senders: &[AccountAddress],
        args: &[Vec<u8>],
        gas: &mut dyn GasMeter,
    ) -> Result<(), ExecutionError> {
        let r = self.entry_function(module, name, ty_args, senders, args, gas);
        self.failed |= r.is_err();
        r
    }

    fn entry_function(
        &mut self,
        module: &ModuleId,
        name: &str,
        ty_args: &[TypeTag],
        senders: &[AccountAddress],
        args: &[Vec<u8>],
        gas: &mut dyn GasMeter,
    ) -> Result<(), ExecutionError> {
        let (m, f) = self.function(module, name)?;
        let loc = Location::Module(module.clone());
        if !f.is_entry {
            return Err(ExecutionError::Failure(
                PartialVMError::new(
                    StatusCode::EXECUTE_ENTRY_FUNCTION_CALLED_ON_NON_ENTRY_FUNCTION,
                )
                .finish(loc),
            ));
        }
        let tys = self.type_args(&f, ty_args, &loc)?;
        let values = self.transaction_args(&f, &tys, senders, args, &loc, gas)?;
        self.run(m, f, tys, values, gas).map(|_| ())
    }

    /// Runs a script as a transaction would: the bytes are deserialized and verified, the
    /// modules it uses loaded and link-checked, then its type arguments and arguments follow
    /// the rules of [`execute_entry_function`](Self::execute_entry_function). Errors in the
    /// script itself (loading, arguments, its own code) are at [`Location::Script`]. Drop the
    /// session on error.
    pub fn execute_script(
        &mut self,
        script: &[u8],
        ty_args: &[TypeTag],
        senders: &[AccountAddress],
        args: &[Vec<u8>],
        gas: &mut dyn GasMeter,
    ) -> Result<(), ExecutionError> {
        let r = self.script(script, ty_args, senders, args, gas);
        self.failed |= r.is_err();
        r
    }

    fn script(
        &mut self,
        script: &[u8],
        ty_args: &[TypeTag],
        senders: &[AccountAddress],
        args: &[Vec<u8>],
        gas: &mut dyn GasMeter,
    ) -> Result<(), ExecutionError> {
        let (m, f) = self
            .loader
            .load_script(script, self.modules)
            .map_err(ExecutionError::Failure)?;
        let loc = Location::Script;
        let tys = self.type_args(&f, ty_args, &loc)?;
        let values = self.transaction_args(&f, &tys, senders, args, &loc, gas)?;
        let id = m.id.clone();
        self.run(m, f, tys, values, gas)
            .map(|_| ())
            .map_err(|e| at_script(e, &id))
    }

    /// Runs a view function and returns the BCS of its results, as Aptos's view API does: the
    /// function must carry the `#[view]` attribute in its module's `aptos::metadata_v1`
    /// metadata and return something (else `INVALID_MAIN_FUNCTION_SIGNATURE`); visibility is
    /// not checked. Every parameter is built like a transaction argument, except that a
    /// `signer` parameter is allowed and takes the address in its bytes; `args` has one entry
    /// per parameter (`INVALID_MAIN_FUNCTION_SIGNATURE` otherwise, as Aptos). The caller
    /// should drop the session afterwards: a view changes nothing.
    pub fn execute_view_function(
        &mut self,
        module: &ModuleId,
        name: &str,
        ty_args: &[TypeTag],
        args: &[Vec<u8>],
        gas: &mut dyn GasMeter,
    ) -> Result<Vec<Vec<u8>>, ExecutionError> {
        use lumio_move_binary_format::metadata::get_metadata_v1;
        let (m, f) = self.function(module, name)?;
        let loc = Location::Module(module.clone());
        let fail = |e: PartialVMError| ExecutionError::Failure(e.finish(loc.clone()));
        let tys = self.type_args(&f, ty_args, &loc)?;
        let is_view = get_metadata_v1(&m.module.metadata)
            .and_then(Result::ok)
            .is_some_and(|md| md.is_view(name));
        if !is_view {
            return Err(fail(
                arguments::invalid_signature().with_message("function not marked as view function"),
            ));
        }
        if f.returns.is_empty() {
            return Err(fail(
                arguments::invalid_signature().with_message("view function must return values"),
            ));
        }
        if f.params.len() != args.len() {
            return Err(fail(arguments::invalid_signature()));
        }
        let mut values = Vec::with_capacity(args.len());
        for (p, bytes) in f.params.iter().zip(args) {
            let p = p.subst(&tys).map_err(fail)?;
            let built = self.construct_arg(&p, bytes, true, &loc, gas)?;
            values.push(self.deserialize_arg(&p, &built).map_err(fail)?);
        }
        let results = self.run(m, f, tys, values, gas)?;
        results
            .iter()
            .map(|v| v.serialize().map_err(fail))
            .collect()
    }

    /// Validates and builds the arguments of an entry function or script `f` (type
    /// arguments `tys`): signers from `senders`, the rest from `args`.
    fn transaction_args(
        &mut self,
        f: &FunctionInfo,
        tys: &[Type],
        senders: &[AccountAddress],
        args: &[Vec<u8>],
        loc: &Location,
        gas: &mut dyn GasMeter,
    ) -> Result<Vec<Value>, ExecutionError> {
        let fail = |e: PartialVMError| ExecutionError::Failure(e.finish(loc.clone()));
        if !f.returns.is_empty() {
            return Err(fail(
                arguments::invalid_signature().with_message("an entry function returns nothing"),
            ));
        }
        let is_signer = |t: &Type| match t {
            Type::Signer => true,
            Type::Reference(inner) => **inner == Type::Signer,
            _ => false,
        };
        // Aptos counts the signer parameters wherever they are; one after a non-signer then
        // falls among the arguments and is rejected there.
        let n_signers = f.params.iter().filter(|t| is_signer(t)).count();
        let rest = f.params.get(n_signers..).unwrap_or_default();
        let mut arg_types = Vec::with_capacity(rest.len());
        for t in rest {
            let t = t.subst(tys).map_err(fail)?;
            if !arguments::is_valid_arg(&t) {
                return Err(fail(
                    arguments::invalid_signature()
                        .with_message(format!("{t} cannot be a transaction argument")),
                ));
            }
            arg_types.push(t);
        }
        if n_signers + args.len() != f.params.len() {
            return Err(fail(
                PartialVMError::new(StatusCode::NUMBER_OF_ARGUMENTS_MISMATCH).with_message(
                    format!(
                        "{} takes {} signers and {} arguments, {} given",
                        f.name,
                        n_signers,
                        rest.len(),
                        args.len()
                    ),
                ),
            ));
        }
        if n_signers > 0 && senders.len() != n_signers {
            return Err(fail(
                PartialVMError::new(StatusCode::NUMBER_OF_SIGNER_ARGUMENTS_MISMATCH).with_message(
                    format!(
                        "{} takes {} signers, {} senders given",
                        f.name,
                        n_signers,
                        senders.len()
                    ),
                ),
            ));
        }
        let mut built = Vec::with_capacity(args.len());
        for (t, bytes) in arg_types.iter().zip(args) {
            built.push(self.construct_arg(t, bytes, false, loc, gas)?);
        }
        let mut values = Vec::with_capacity(f.params.len());
        // A `&signer` parameter gets a reference to a signer held in a local of its own.
        let holder = crate::values::container(
            senders
                .iter()
                .take(n_signers)
                .map(|a| Value::signer(*a))
                .collect(),
        );
        for (i, p) in f.params.iter().take(n_signers).enumerate() {
            let addr = senders
                .get(i)
                .ok_or_else(|| fail(invariant("sender count checked")))?;
            values.push(match p {
                Type::Signer => Value::signer(*addr),
                _ => Value::Ref(crate::values::Ref::new(holder.clone(), i)),
            });
        }
        for (t, bytes) in arg_types.iter().zip(&built) {
            values.push(self.deserialize_arg(t, bytes).map_err(fail)?);
        }
        Ok(values)
    }

    /// Ends the session: the resource and table writes, events and published modules it made.
    /// Only for a session whose calls all succeeded: after an error, drop the session (its
    /// partial writes must not reach storage). Storage writes are not charged here:
    /// [`finish_with_gas`](Self::finish_with_gas) does that for transactions.
    ///
    /// After a failed [`execute_entry_function`](Self::execute_entry_function) or
    /// [`execute_script`](Self::execute_script) it refuses (`UNKNOWN_INVARIANT_VIOLATION_ERROR`:
    /// a caller bug), so a failed transaction cannot leak its partial writes. (A failed
    /// [`call_function`](Self::call_function) does not mark the session: tests and genesis
    /// decide for themselves.)
    pub fn finish(mut self) -> Result<ChangeSet, VMError> {
        self.changes(None)
    }

    /// Ends the session as [`finish`](Self::finish) does and charges its writes to `gas`, as
    /// Aptos charges a transaction's change set: IO gas for each event and each write
    /// (resources, table items, modules; [`io_charges`]), then the storage fee
    /// ([`storage_fee`], the sizes of modified and deleted slots being those the session
    /// read) converted to gas at `gas_unit_price` octas per gas unit (no storage fee at price
    /// 0, as Aptos). Returns the change set with the fee and refund, for the fee statement
    /// ([`BudgetMeter::fee_statement`]).
    ///
    /// [`io_charges`]: crate::gas::TransactionGasParameters::io_charges
    /// [`storage_fee`]: crate::gas::TransactionGasParameters::storage_fee
    ///
    /// First the change set is held to Aptos's write limits
    /// ([`check_change_set`](crate::gas::TransactionGasParameters::check_change_set): 8,192
    /// writes, 1 MiB a write, 10 MiB of writes, 1 MiB an event, 10 MiB of events;
    /// `STORAGE_WRITE_LIMIT_REACHED`). A breach or a charge that fails (`OUT_OF_GAS`,
    /// `IO_LIMIT_REACHED`, `STORAGE_LIMIT_REACHED`) fails the whole finish: the change set is
    /// dropped and nothing of the session is written. The
    /// executor charges the IO gas of the transaction's own bytes
    /// ([`transaction_gas`](crate::gas::TransactionGasParameters::transaction_gas)) with it,
    /// since only it knows them.
    ///
    /// [`BudgetMeter::fee_statement`]: crate::BudgetMeter::fee_statement
    pub fn finish_with_gas(
        mut self,
        gas: &mut dyn GasMeter,
        gas_unit_price: u64,
    ) -> Result<(ChangeSet, StorageFee), VMError> {
        let fail = |e: PartialVMError| e.finish(Location::Undefined);
        let mut prior = PriorSizes::default();
        let changes = self.changes(Some(&mut prior))?;
        for (id, op) in &changes.modules {
            if matches!(op, crate::WriteOp::Modification(_)) {
                let old = self.modules.module_bytes(id).map_or(0, |b| b.len() as u64);
                prior.modules.insert(id.clone(), old);
            }
        }
        let txn = &self.schedule.txn;
        txn.check_change_set(&changes).map_err(fail)?;
        for units in txn.io_charges(&changes).map_err(fail)? {
            gas.charge_io(units).map_err(fail)?;
        }
        if gas_unit_price == 0 {
            return Ok((changes, StorageFee::default()));
        }
        let fee = txn.storage_fee(&changes, |k| prior.get(k)).map_err(fail)?;
        if let Some(units) = txn.storage_fee_gas(fee.storage_fee_octas, gas_unit_price) {
            gas.charge_storage_fee(fee.storage_fee_octas, units)
                .map_err(fail)?;
        }
        Ok((changes, fee))
    }

    /// The change set, with the prior sizes of modified and deleted resources and table
    /// items recorded in `prior` if given.
    fn changes(&mut self, mut prior: Option<&mut PriorSizes>) -> Result<ChangeSet, VMError> {
        if self.failed {
            return Err(invariant(
                "finish() after a failed entry function or script: drop the session instead",
            )
            .finish(Location::Undefined));
        }
        let mut changes = std::mem::take(&mut self.data)
            .into_change_set_with_sizes(prior.as_deref_mut().map(|p| &mut p.resources))
            .map_err(|e| e.finish(Location::Undefined))?;
        if let Some(events) = self.extensions.remove::<EventStore>() {
            changes.events = events.events;
        }
        if let Some(tables) = self.extensions.remove::<TableContext>() {
            changes.tables = tables
                .into_changes(prior.map(|p| &mut p.tables))
                .map_err(|e| e.finish(Location::Undefined))?;
        }
        for (id, (bytes, existed)) in std::mem::take(&mut self.published) {
            let op = if existed {
                crate::WriteOp::Modification(bytes)
            } else {
                crate::WriteOp::Creation(bytes)
            };
            changes.modules.insert(id, op);
        }
        Ok(changes)
    }

    /// Publishes a bundle of modules from `sender`, as Aptos's publish does: every module is at
    /// the sender's address (`MODULE_ADDRESS_DOES_NOT_MATCH_SENDER`) and named once
    /// (`DUPLICATE_MODULE_NAME`), passes the bytecode verifier, links against the bundle and
    /// the published modules (imports, dependency and friend closures), and — where a version
    /// is already published — is a compatible upgrade (`compat`). The modules land in the
    /// change set; they are not callable in this session (as in Aptos, new code runs from the
    /// next transaction on).
    pub fn publish_module_bundle(
        &mut self,
        bundle: &[Vec<u8>],
        sender: AccountAddress,
        compat: crate::compatibility::Compatibility,
    ) -> Result<(), VMError> {
        self.publish_bundle(bundle, sender, Some(compat))
    }

    /// [`publish_module_bundle`](Self::publish_module_bundle), with no upgrade check at all
    /// for `compat` = `None` (Aptos's arbitrary upgrade policy).
    fn publish_bundle(
        &mut self,
        bundle: &[Vec<u8>],
        sender: AccountAddress,
        compat: Option<crate::compatibility::Compatibility>,
    ) -> Result<(), VMError> {
        use lumio_move_binary_format::file_format::CompiledModule;
        let mut new: Vec<(ModuleId, CompiledModule, &Vec<u8>)> = Vec::new();
        for bytes in bundle {
            let m =
                CompiledModule::deserialize(bytes).map_err(|e| e.finish(Location::Undefined))?;
            let id = m.self_id().map_err(|e| e.finish(Location::Undefined))?;
            let loc = || Location::Module(id.clone());
            if *id.address() != sender {
                return Err(
                    PartialVMError::new(StatusCode::MODULE_ADDRESS_DOES_NOT_MATCH_SENDER)
                        .with_message(format!(
                            "module {id} published by {}",
                            sender.to_hex_literal()
                        ))
                        .finish(loc()),
                );
            }
            if new.iter().any(|(other, ..)| *other == id) || self.published.contains_key(&id) {
                return Err(PartialVMError::new(StatusCode::DUPLICATE_MODULE_NAME)
                    .with_message(format!("{id} appears twice"))
                    .finish(loc()));
            }
            lumio_move_verifier::verify_module_with_config(self.loader.verifier_config(), &m)?;
            new.push((id, m, bytes));
        }
        // The store the link checks see: the bundle over what is published, with everything
        // the bundle's dependency and friend closures reach.
        let mut store: std::collections::HashMap<ModuleId, CompiledModule> = new
            .iter()
            .map(|(id, m, _)| (id.clone(), m.clone()))
            .collect();
        let mut todo: Vec<ModuleId> = Vec::new();
        let reach = |m: &CompiledModule, todo: &mut Vec<ModuleId>| {
            todo.extend(m.immediate_dependencies().unwrap_or_default());
            todo.extend(m.immediate_friends().unwrap_or_default());
        };
        for (_, m, _) in &new {
            reach(m, &mut todo);
        }
        while let Some(id) = todo.pop() {
            if store.contains_key(&id) {
                continue;
            }
            let Some(bytes) = self.modules.module_bytes(&id) else {
                continue;
            };
            let m = CompiledModule::deserialize(&bytes)
                .map_err(|e| e.finish(Location::Module(id.clone())))?;
            reach(&m, &mut todo);
            store.insert(id, m);
        }
        for (_, m, _) in &new {
            lumio_move_verifier::verify_module_with_store(m, |id| store.get(id))?;
        }
        let mut existed = Vec::with_capacity(new.len());
        for (id, m, _) in &new {
            let old = self.modules.module_bytes(id);
            if let (Some(old), Some(compat)) = (&old, compat) {
                let old = CompiledModule::deserialize(old)
                    .map_err(|e| e.finish(Location::Module(id.clone())))?;
                compat
                    .check(&old, m)
                    .map_err(|e| e.finish(Location::Module(id.clone())))?;
            }
            existed.push(old.is_some());
        }
        for ((id, _, bytes), existed) in new.into_iter().zip(existed) {
            self.published.insert(id, (bytes.clone(), existed));
        }
        Ok(())
    }
}

/// The sizes storage held of the slots a session modified or deleted.
#[derive(Default)]
struct PriorSizes {
    resources: std::collections::BTreeMap<(AccountAddress, lumio_move_core_types::StructTag), u64>,
    tables: std::collections::BTreeMap<(AccountAddress, Vec<u8>), u64>,
    modules: std::collections::BTreeMap<ModuleId, u64>,
}

impl PriorSizes {
    fn get(&self, key: StateKeyRef<'_>) -> u64 {
        let found = match key {
            StateKeyRef::Resource(a, t) => self.resources.get(&(*a, t.clone())),
            StateKeyRef::TableItem(h, k) => self.tables.get(&(*h, k.to_vec())),
            StateKeyRef::Module(id) => self.modules.get(id),
        };
        found.copied().unwrap_or(0)
    }
}

/// An error the script's pseudo module `id` raised, moved to [`Location::Script`].
fn at_script(e: ExecutionError, id: &ModuleId) -> ExecutionError {
    match e {
        ExecutionError::Abort {
            location: Location::Module(m),
            code,
            at,
            message,
        } if m == *id => ExecutionError::Abort {
            location: Location::Script,
            code,
            at,
            message,
        },
        ExecutionError::Failure(v) if *v.location() == Location::Module(id.clone()) => {
            ExecutionError::Failure(v.to_partial().finish(Location::Script))
        }
        other => other,
    }
}

/// `Identifier` helper for callers building module ids.
pub fn module_id(addr: AccountAddress, name: &str) -> PartialVMResult<ModuleId> {
    Ok(ModuleId::new(
        addr,
        Identifier::new(name).map_err(|e| invariant(e.to_string()))?,
    ))
}
