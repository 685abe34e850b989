//! Golden VM tests (issue #10, item 9): transactional Move programs in `tests/golden/*.move`,
//! each run command by command over an in-memory store this harness owns, the output compared
//! with `NAME.exp` next to it. Regenerate with `UPDATE_GOLDENS=1` and review the diff.
//!
//! # File syntax
//!
//! A file is Move source (modules and scripts) cut into blocks by directive lines that start
//! with `//#` (comments to the compiler). The whole file is compiled at once, on top of our
//! bundled MoveStdlib (published at `0x1` before the first command); each compiled module or
//! script belongs to the block its source starts in. Commands:
//!
//! - `//# publish [--sender ADDR]`: publishes the modules of the block as one bundle
//!   (`Session::publish_module_bundle`, default upgrade checks) from `ADDR` (default: the
//!   modules' address).
//! - `//# run ADDR::module::function [OPTIONS]`: an entry function as a transaction
//!   (`Session::execute_entry_function`: Aptos's argument rules, arguments as BCS).
//! - `//# call ADDR::module::function [OPTIONS]`: any function with runtime values
//!   (`Session::call_function`, no visibility check); its return values are printed. Leading
//!   `signer` / `&signer` parameters take `--signers`; the other arguments are decoded with
//!   the parameter types (a `&T` / `&mut T` parameter gets a reference to the value).
//! - `//# view ADDR::module::function [OPTIONS]`: a `#[view]` function
//!   (`Session::execute_view_function`); its results are printed; nothing is ever written.
//! - `//# script [OPTIONS]`: the `script { .. }` of the block (`Session::execute_script`).
//!
//! OPTIONS: `--signers A B ..` (addresses), `--args V ..`, `--type-args T ..` (type tags such
//! as `u64`, `vector<u8>`, `0x42::m::S<bool>`), `--gas-budget N` (internal gas units, default
//! [`DEFAULT_BUDGET`]). Argument values: `1u8` .. `1u256` (no suffix: `u64`), `true`,
//! `false`, `@0x1` (address), `b"text"` (bytes, with Move's escapes such as `\xHH`; also a
//! `String`), `x"00ff"` (hex bytes), `vector[V, ..]` (also an `Option`: `vector[]` is `none`, `vector[V]` is `some(V)`).
//!
//! Every command runs in a fresh session (transaction hash: the command's number, 1-based, as
//! a big-endian integer); a successful one's change set is applied to the
//! store (resources, table entries, modules), a failed one writes nothing. The output lists,
//! per command: the directive, the status (`success`, `ABORTED code ..` at
//! `module::function+offset`, or the major status with its location, sub-status and message),
//! the returned values, the gas used, and for a successful command the change set (each
//! resource write with its decoded value, table entries as hex BCS, published modules) and
//! the events (type and decoded data).

// `ExecutionError` is the VM's (large) error type, returned as the VM returns it.
#![allow(clippy::result_large_err)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::str::FromStr;

use lumio_move_binary_format::errors::Location;
use lumio_move_binary_format::file_format::StructFieldInformation;
use lumio_move_compiler::codegen::UnitKind;
use lumio_move_compiler::{CompileOptions, compile_with_stdlib};
use lumio_move_core_types::account_address::AccountAddress;
use lumio_move_core_types::identifier::Identifier;
use lumio_move_core_types::language_storage::{ModuleId, StructTag, TypeTag};
use lumio_move_core_types::parser::{parse_function_id, parse_type_tag};
use lumio_move_core_types::{MoveStruct, MoveValue, U256};
use lumio_move_vm::compatibility::Compatibility;
use lumio_move_vm::data_cache::{ResourceResolver, TableResolver};
use lumio_move_vm::errors::ExecutionError;
use lumio_move_vm::loader::StructLayout;
use lumio_move_vm::types::{StructName, Type};
use lumio_move_vm::values::{Ref, container};
use lumio_move_vm::{
    BudgetMeter, ChangeSet, Loader, ModuleStorage, NativeTable, Session, Value, WriteOp,
};

/// Gas budget of a command without `--gas-budget`.
const DEFAULT_BUDGET: u64 = 1_000_000_000;

/// Table entries by (handle, BCS key): their BCS values.
type TableEntries = BTreeMap<(AccountAddress, Vec<u8>), Vec<u8>>;
/// Compiled code of the file by command index: (module id, or `None` for a script; bytes).
type Units = Vec<(Option<ModuleId>, Vec<u8>)>;

/// The global state the commands of one file share.
#[derive(Default)]
struct Store {
    modules: RefCell<BTreeMap<ModuleId, Vec<u8>>>,
    resources: RefCell<BTreeMap<(AccountAddress, StructTag), Vec<u8>>>,
    tables: Rc<RefCell<TableEntries>>,
}

impl ModuleStorage for Store {
    fn module_bytes(&self, id: &ModuleId) -> Option<Vec<u8>> {
        self.modules.borrow().get(id).cloned()
    }
}

impl ResourceResolver for Store {
    fn resource_bytes(&self, addr: &AccountAddress, tag: &StructTag) -> Option<Vec<u8>> {
        self.resources.borrow().get(&(*addr, tag.clone())).cloned()
    }
}

/// The store's table entries, as the owned resolver a session wants.
struct Tables(Rc<RefCell<TableEntries>>);

impl TableResolver for Tables {
    fn table_entry(&self, handle: &AccountAddress, key: &[u8]) -> Option<Vec<u8>> {
        self.0.borrow().get(&(*handle, key.to_vec())).cloned()
    }
}

fn apply<K: Ord + Clone>(map: &mut BTreeMap<K, Vec<u8>>, key: &K, op: &WriteOp) {
    match op {
        WriteOp::Creation(b) | WriteOp::Modification(b) => {
            map.insert(key.clone(), b.clone());
        }
        WriteOp::Deletion => {
            map.remove(key);
        }
    }
}

impl Store {
    /// Applies a change set; whether a module was replaced (the loader must then be flushed).
    fn apply(&self, changes: &ChangeSet) -> bool {
        let mut resources = self.resources.borrow_mut();
        for (key, op) in &changes.resources {
            apply(&mut resources, key, op);
        }
        let mut tables = self.tables.borrow_mut();
        for (key, op) in &changes.tables {
            apply(&mut tables, key, op);
        }
        let mut modules = self.modules.borrow_mut();
        let mut replaced = false;
        for (key, op) in &changes.modules {
            replaced |= !matches!(op, WriteOp::Creation(_));
            apply(&mut modules, key, op);
        }
        replaced
    }
}

/// An argument literal.
#[derive(Clone, Debug)]
enum Lit {
    Value(MoveValue),
    Vector(Vec<Lit>),
}

impl Lit {
    fn bcs(&self) -> Vec<u8> {
        self.move_value().simple_serialize().unwrap_or_default()
    }

    fn move_value(&self) -> MoveValue {
        match self {
            Lit::Value(v) => v.clone(),
            Lit::Vector(items) => MoveValue::Vector(items.iter().map(Lit::move_value).collect()),
        }
    }
}

/// Splits `s` at whitespace outside quotes, `[..]` and `<..>`.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut quoted) = (0i32, false);
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' | '<' if !quoted => depth += 1,
            ']' | '>' if !quoted => depth -= 1,
            c if c.is_whitespace() && !quoted && depth == 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Splits the items of `vector[..]` at top-level commas.
fn split_items(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut quoted) = (0i32, false);
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(std::mem::take(&mut cur).trim().to_string());
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err(format!("odd hex length: {s}"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad hex: {s}"))
        })
        .collect()
}

fn parse_address(s: &str) -> Result<AccountAddress, String> {
    AccountAddress::from_hex_literal(s).map_err(|e| format!("bad address {s}: {e:?}"))
}

/// The bytes of a `b"..."` literal: `\n \r \t \\ \0 \" \xHH` escapes, as in Move.
fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut it = text.bytes();
    while let Some(b) = it.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        out.push(match it.next() {
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'0') => 0,
            Some(b'\\') => b'\\',
            Some(b'"') => b'"',
            Some(b'x') => {
                let hex: Vec<u8> = it.by_ref().take(2).collect();
                let hex = String::from_utf8(hex).map_err(|e| e.to_string())?;
                u8::from_str_radix(&hex, 16).map_err(|_| format!("bad escape \\x{hex}"))?
            }
            other => return Err(format!("bad escape in b\"{text}\": {other:?}")),
        });
    }
    Ok(out)
}

fn parse_lit(s: &str) -> Result<Lit, String> {
    let bytes = |b: Vec<u8>| {
        Lit::Value(MoveValue::Vector(
            b.into_iter().map(MoveValue::U8).collect(),
        ))
    };
    if let Some(inner) = s.strip_prefix("vector[").and_then(|r| r.strip_suffix(']')) {
        return split_items(inner)
            .iter()
            .map(|i| parse_lit(i))
            .collect::<Result<_, _>>()
            .map(Lit::Vector);
    }
    if let Some(text) = s.strip_prefix("b\"").and_then(|r| r.strip_suffix('"')) {
        return unescape(text).map(bytes);
    }
    if let Some(hex) = s.strip_prefix("x\"").and_then(|r| r.strip_suffix('"')) {
        return parse_hex(hex).map(bytes);
    }
    if let Some(a) = s.strip_prefix('@') {
        return parse_address(a).map(|a| Lit::Value(MoveValue::Address(a)));
    }
    match s {
        "true" => return Ok(Lit::Value(MoveValue::Bool(true))),
        "false" => return Ok(Lit::Value(MoveValue::Bool(false))),
        _ => {}
    }
    let bad = |_| format!("bad literal {s}");
    let v = if let Some(n) = s.strip_suffix("u8") {
        MoveValue::U8(n.parse().map_err(bad)?)
    } else if let Some(n) = s.strip_suffix("u16") {
        MoveValue::U16(n.parse().map_err(bad)?)
    } else if let Some(n) = s.strip_suffix("u32") {
        MoveValue::U32(n.parse().map_err(bad)?)
    } else if let Some(n) = s.strip_suffix("u64") {
        MoveValue::U64(n.parse().map_err(bad)?)
    } else if let Some(n) = s.strip_suffix("u128") {
        MoveValue::U128(n.parse().map_err(bad)?)
    } else if let Some(n) = s.strip_suffix("u256") {
        MoveValue::U256(U256::from_str(n).map_err(|_| format!("bad literal {s}"))?)
    } else {
        MoveValue::U64(s.parse().map_err(bad)?)
    };
    Ok(Lit::Value(v))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Publish,
    Run,
    Call,
    View,
    Script,
}

/// One directive and the source block after it.
#[derive(Debug)]
struct Command {
    line: String,
    kind: Kind,
    function: Option<(ModuleId, Identifier)>,
    sender: Option<AccountAddress>,
    signers: Vec<AccountAddress>,
    args: Vec<Lit>,
    type_args: Vec<TypeTag>,
    gas_budget: u64,
    /// Byte range of the block in the file.
    block: std::ops::Range<usize>,
}

fn parse_command(line: &str, block: std::ops::Range<usize>) -> Result<Command, String> {
    let directive = line.trim_start_matches("//#").trim();
    let toks = tokens(directive);
    let (first, rest) = toks
        .split_first()
        .ok_or_else(|| format!("empty directive: {line}"))?;
    let kind = match first.as_str() {
        "publish" => Kind::Publish,
        "run" => Kind::Run,
        "call" => Kind::Call,
        "view" => Kind::View,
        "script" => Kind::Script,
        other => return Err(format!("unknown command `{other}`")),
    };
    let mut rest = rest.iter().peekable();
    let mut function = None;
    if matches!(kind, Kind::Run | Kind::Call | Kind::View) {
        let f = rest.next().ok_or_else(|| format!("{line}: no function"))?;
        function = Some(parse_function_id(f).map_err(|e| format!("{line}: {f}: {e:?}"))?);
    }
    let mut cmd = Command {
        line: line.trim().to_string(),
        kind,
        function,
        sender: None,
        signers: Vec::new(),
        args: Vec::new(),
        type_args: Vec::new(),
        gas_budget: DEFAULT_BUDGET,
        block,
    };
    while let Some(opt) = rest.next() {
        let mut values = Vec::new();
        while let Some(v) = rest.next_if(|t| !t.starts_with("--")) {
            values.push(v.as_str());
        }
        let one = |values: &[&str]| match values {
            [v] => Ok(v.to_string()),
            _ => Err(format!("{line}: {opt} takes one value")),
        };
        match opt.as_str() {
            "--sender" => cmd.sender = Some(parse_address(&one(&values)?)?),
            "--signers" => {
                cmd.signers = values
                    .iter()
                    .map(|v| parse_address(v))
                    .collect::<Result<_, _>>()?;
            }
            "--args" => {
                cmd.args = values
                    .iter()
                    .map(|v| parse_lit(v))
                    .collect::<Result<_, _>>()?;
            }
            "--type-args" => {
                cmd.type_args = values
                    .iter()
                    .map(|v| parse_type_tag(v).map_err(|e| format!("type {v}: {e:?}")))
                    .collect::<Result<_, _>>()?;
            }
            "--gas-budget" => {
                cmd.gas_budget = one(&values)?
                    .parse()
                    .map_err(|_| format!("{line}: bad gas budget"))?;
            }
            other => return Err(format!("{line}: unknown option {other}")),
        }
    }
    Ok(cmd)
}

/// The directives of a file, each with the byte range of its block.
fn parse_commands(src: &str) -> Result<Vec<Command>, String> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        if line.trim_start().starts_with("//#") {
            starts.push((offset, line));
        }
        offset += line.len();
    }
    let mut out = Vec::new();
    for (i, (at, line)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(src.len(), |(next, _)| *next);
        out.push(parse_command(line, at + line.len()..end)?);
    }
    Ok(out)
}

/// Runs the commands of one file; returns the output text, or why the file could not run.
fn run_file(name: &str, src: &str) -> Result<String, String> {
    let commands = parse_commands(src)?;
    let (files, out) = compile_with_stdlib(&[(name, src)], &CompileOptions::default());
    if out.has_errors() {
        return Err(lumio_move_compiler::diagnostics::render(
            &files,
            &out.diagnostics,
        ));
    }
    let store = Store::default();
    // Modules and scripts of the file, by the block they start in.
    let mut blocks: BTreeMap<usize, Units> = BTreeMap::new();
    for unit in &out.units {
        let mut bytes = Vec::new();
        let id = match &unit.kind {
            UnitKind::Module(m) => {
                m.serialize(&mut bytes)
                    .map_err(|e| format!("serializing {}: {e:?}", unit.name))?;
                let id = m.self_id().map_err(|e| format!("{e:?}"))?;
                Some(id)
            }
            UnitKind::Script(s) => {
                s.serialize(&mut bytes)
                    .map_err(|e| format!("serializing {}: {e:?}", unit.name))?;
                None
            }
        };
        if unit.package == 0 {
            if let Some(id) = id {
                store.modules.borrow_mut().insert(id, bytes);
            }
            continue;
        }
        let start = unit
            .source_map
            .span
            .map(|s| s.start as usize)
            .ok_or_else(|| format!("{}: no source span", unit.name))?;
        let block = commands
            .iter()
            .position(|c| c.block.contains(&start))
            .ok_or_else(|| format!("{} is not in the block of a command", unit.name))?;
        blocks.entry(block).or_default().push((id, bytes));
    }
    let loader = Loader::new(NativeTable::standard());
    let mut text = String::new();
    for (i, cmd) in commands.iter().enumerate() {
        let units = blocks.remove(&i).unwrap_or_default();
        let is_code = matches!(cmd.kind, Kind::Publish | Kind::Script);
        if !is_code && !units.is_empty() {
            return Err(format!(
                "{}: code after a command that takes none",
                cmd.line
            ));
        }
        writeln!(text, "{}", cmd.line).ok();
        let result = run_command(&loader, &store, i, cmd, units)?;
        text.push_str(&result);
        text.push('\n');
    }
    Ok(text)
}

/// Runs one command in a fresh session and describes what happened.
fn run_command(
    loader: &Loader,
    store: &Store,
    index: usize,
    cmd: &Command,
    units: Units,
) -> Result<String, String> {
    let mut out = String::new();
    // Each command is its own transaction: a distinct transaction hash (the command's
    // number), from which new table handles derive.
    let mut txn_hash = [0u8; 32];
    txn_hash[24..].copy_from_slice(&(index as u64 + 1).to_be_bytes());
    let mut session = Session::new(loader, store, store)
        .with_tables(Tables(store.tables.clone()))
        .with_txn_hash(txn_hash);
    let mut gas = BudgetMeter::new(cmd.gas_budget);
    let args: Vec<Vec<u8>> = cmd.args.iter().map(Lit::bcs).collect();
    let mut returns: Option<Vec<String>> = None;
    let outcome: Result<(), ExecutionError> = match cmd.kind {
        Kind::Publish => {
            let mut bundle = Vec::new();
            let mut sender = cmd.sender;
            for (id, bytes) in units {
                let id = id.ok_or("a script in a publish block")?;
                sender.get_or_insert(*id.address());
                bundle.push(bytes);
            }
            let sender = sender.ok_or("nothing to publish")?;
            session
                .publish_module_bundle(&bundle, sender, Compatibility::default())
                .map_err(ExecutionError::Failure)
        }
        Kind::Script => {
            let script = match units.as_slice() {
                [(None, bytes)] => bytes.clone(),
                _ => return Err(format!("{}: the block needs one script", cmd.line)),
            };
            session.execute_script(&script, &cmd.type_args, &cmd.signers, &args, &mut gas)
        }
        Kind::Run => {
            let (m, f) = cmd.function.as_ref().ok_or("no function")?;
            session.execute_entry_function(
                m,
                f.as_str(),
                &cmd.type_args,
                &cmd.signers,
                &args,
                &mut gas,
            )
        }
        Kind::View => {
            let (m, f) = cmd.function.as_ref().ok_or("no function")?;
            session
                .execute_view_function(m, f.as_str(), &cmd.type_args, &args, &mut gas)
                .map(|results| {
                    returns = Some(show_view_results(loader, store, m, f, cmd, &results));
                })
        }
        Kind::Call => {
            let (m, f) = cmd.function.as_ref().ok_or("no function")?;
            match call_args(loader, store, cmd, m, f) {
                Err(e) => Err(e),
                Ok((values, ret_types)) => session
                    .call_function(m, f.as_str(), &cmd.type_args, values, &mut gas)
                    .map(|results| {
                        returns = Some(
                            results
                                .iter()
                                .zip(&ret_types)
                                .map(|(v, t)| match v.to_move_value() {
                                    Ok(mv) => show(loader, store, t, &mv),
                                    Err(e) => format!("<{e}>"),
                                })
                                .collect(),
                        );
                    }),
            }
        }
    };
    // A transaction (`run`, `script`) finishes as the executor finishes it: IO gas for its
    // writes and events and the storage fee at GAS_UNIT_PRICE, which may still fail it.
    let is_txn = matches!(cmd.kind, Kind::Run | Kind::Script);
    let finished = match outcome {
        Ok(()) if cmd.kind == Kind::View => Ok(None), // a view writes nothing
        Ok(()) if is_txn => session
            .finish_with_gas(&mut gas, GAS_UNIT_PRICE)
            .map(|(changes, fee)| Some((changes, Some(fee))))
            .map_err(ExecutionError::Failure),
        Ok(()) => session
            .finish()
            .map(|changes| Some((changes, None)))
            .map_err(ExecutionError::Failure),
        Err(e) => {
            drop(session);
            Err(e)
        }
    };
    let gas_line = |out: &mut String, refund: u64| {
        if cmd.kind == Kind::Publish {
            return;
        }
        if is_txn {
            let fee = gas.fee_statement(refund);
            writeln!(
                out,
                "gas: {} (execution {}, io {}, storage fee {} octas = {} gas, refund {} octas)",
                gas.used(),
                gas.execution_gas_used(),
                gas.io_gas_used(),
                fee.storage_fee_octas,
                gas.storage_fee_gas_used(),
                fee.storage_fee_refund_octas,
            )
            .ok();
        } else {
            writeln!(out, "gas: {}", gas.used()).ok();
        }
    };
    match finished {
        Ok(done) => {
            out.push_str("status: success\n");
            if let Some(r) = returns.as_ref().filter(|r| !r.is_empty()) {
                writeln!(out, "returns: {}", r.join(", ")).ok();
            }
            let refund = done
                .as_ref()
                .and_then(|(_, fee)| fee.as_ref())
                .map_or(0, |f| f.storage_fee_refund_octas);
            gas_line(&mut out, refund);
            if let Some((changes, _)) = done {
                if store.apply(&changes) {
                    loader.flush();
                }
                describe_changes(&mut out, loader, store, &changes);
            }
        }
        Err(e) => {
            writeln!(out, "status: {}", describe_error(loader, store, &e)).ok();
            gas_line(&mut out, 0);
        }
    }
    Ok(out)
}

/// Octas per gas unit of the transactions (`run`, `script`): Aptos's minimum gas price.
const GAS_UNIT_PRICE: u64 = 100;

/// The runtime arguments of a `call` (signers first), and the function's return types.
fn call_args(
    loader: &Loader,
    store: &Store,
    cmd: &Command,
    m: &ModuleId,
    f: &Identifier,
) -> Result<(Vec<Value>, Vec<Type>), ExecutionError> {
    let fail = |e: lumio_move_vm::errors::PartialVMError| {
        ExecutionError::Failure(e.finish(Location::Module(m.clone())))
    };
    let module = loader
        .load_module(m, store)
        .map_err(ExecutionError::Failure)?;
    let Some(info) = module.function_named(f.as_str()) else {
        // Let the session report the missing function.
        return Ok((Vec::new(), Vec::new()));
    };
    if cmd.type_args.len() != info.type_params.len() {
        // Let the session report the count.
        return Ok((Vec::new(), Vec::new()));
    }
    let tys = cmd
        .type_args
        .iter()
        .map(|t| loader.type_of_tag(t, store))
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    let mut signers = cmd.signers.iter();
    let mut args = cmd.args.iter();
    let mut values = Vec::new();
    for p in &info.params {
        let p = p.subst(&tys).map_err(fail)?;
        let (inner, by_ref) = match &p {
            Type::Reference(t) | Type::MutableReference(t) => ((**t).clone(), true),
            t => (t.clone(), false),
        };
        let v = if inner == Type::Signer
            && let Some(a) = signers.next()
        {
            Value::signer(*a)
        } else if let Some(lit) = args.next() {
            let layout = loader.layout(&inner, store).map_err(fail)?;
            Value::deserialize(&lit.bcs(), &layout).map_err(fail)?
        } else {
            // Too few: the session reports the count.
            break;
        };
        values.push(if by_ref {
            Value::Ref(Ref::new(container(vec![v]), 0))
        } else {
            v
        });
    }
    // Surplus arguments make the count wrong, as given.
    for lit in args {
        values.push(Value::bytes(&lit.bcs()));
    }
    let returns = info
        .returns
        .iter()
        .map(|t| t.subst(&tys))
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    Ok((values, returns))
}

fn show_view_results(
    loader: &Loader,
    store: &Store,
    m: &ModuleId,
    f: &Identifier,
    cmd: &Command,
    results: &[Vec<u8>],
) -> Vec<String> {
    let types = (|| {
        let module = loader.load_module(m, store).ok()?;
        let info = module.function_named(f.as_str())?;
        let tys = cmd
            .type_args
            .iter()
            .map(|t| loader.type_of_tag(t, store))
            .collect::<Result<Vec<_>, _>>()
            .ok()?;
        info.returns
            .iter()
            .map(|t| t.subst(&tys).ok())
            .collect::<Option<Vec<_>>>()
    })()
    .unwrap_or_default();
    results
        .iter()
        .enumerate()
        .map(|(i, bytes)| match types.get(i) {
            Some(t) => show_bytes(loader, store, t, bytes),
            None => format!("x\"{}\"", hex(bytes)),
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Decodes BCS `bytes` of type `ty` and shows the value; hex if it cannot.
fn show_bytes(loader: &Loader, store: &Store, ty: &Type, bytes: &[u8]) -> String {
    let ty = match ty {
        Type::Reference(t) | Type::MutableReference(t) => t,
        t => t,
    };
    loader
        .layout(ty, store)
        .ok()
        .and_then(|layout| MoveValue::simple_deserialize(bytes, &layout).ok())
        .map_or_else(
            || format!("x\"{}\"", hex(bytes)),
            |v| show(loader, store, ty, &v),
        )
}

/// A value as Move text, with struct, field and variant names: `Point { x: 1, y: 2u8 }`,
/// `Shape::Circle { r: 3 }`, strings as `"text"`, bytes as `x"..."`, `u64` without suffix.
fn show(loader: &Loader, store: &Store, ty: &Type, v: &MoveValue) -> String {
    let ty = match ty {
        Type::Reference(t) | Type::MutableReference(t) => t,
        t => t,
    };
    match (ty, v) {
        (Type::Vector(elem), MoveValue::Vector(items)) if **elem != Type::U8 => {
            let items: Vec<String> = items.iter().map(|i| show(loader, store, elem, i)).collect();
            format!("[{}]", items.join(", "))
        }
        (Type::Vector(_), MoveValue::Vector(items)) if items.is_empty() => "x\"\"".into(),
        (Type::Struct(name, args), MoveValue::Struct(s)) => {
            show_struct(loader, store, name, args, s).unwrap_or_else(|| v.to_string())
        }
        _ => v.to_string(),
    }
}

fn show_struct(
    loader: &Loader,
    store: &Store,
    name: &StructName,
    args: &[Type],
    s: &MoveStruct,
) -> Option<String> {
    if name.module.address() == &AccountAddress::ONE
        && name.module.name() == "string"
        && name.name.as_str() == "String"
        && let MoveStruct::Runtime(fields) = s
        && let [MoveValue::Vector(bytes)] = fields.as_slice()
    {
        let bytes: Vec<u8> = bytes
            .iter()
            .filter_map(|b| match b {
                MoveValue::U8(b) => Some(*b),
                _ => None,
            })
            .collect();
        return Some(format!("{:?}", String::from_utf8_lossy(&bytes)));
    }
    let module = loader.load_module(&name.module, store).ok()?;
    let idx = module
        .structs
        .iter()
        .position(|i| i.name.name == name.name)?;
    let info = module.structs.get(idx)?;
    let def = module.module.struct_defs.get(idx)?;
    let field_names = |fields: &[lumio_move_binary_format::file_format::FieldDefinition]| {
        fields
            .iter()
            .map(|f| {
                module
                    .module
                    .identifier_at(f.name)
                    .map(|s| s.to_string())
                    .ok()
            })
            .collect::<Option<Vec<String>>>()
    };
    let render = |head: String, names: Vec<String>, tys: &[Type], vals: &[MoveValue]| {
        if vals.is_empty() {
            return head;
        }
        let parts: Vec<String> = names
            .iter()
            .zip(tys)
            .zip(vals)
            .map(|((n, t), v)| {
                let t = t.subst(args).unwrap_or_else(|_| t.clone());
                format!("{n}: {}", show(loader, store, &t, v))
            })
            .collect();
        format!("{head} {{ {} }}", parts.join(", "))
    };
    match (&info.layout, &def.field_information, s) {
        (
            StructLayout::Fields(tys),
            StructFieldInformation::Declared(fields),
            MoveStruct::Runtime(vals),
        ) => Some(render(
            name.name.to_string(),
            field_names(fields)?,
            tys,
            vals,
        )),
        (
            StructLayout::Variants(variants),
            StructFieldInformation::DeclaredVariants(defs),
            MoveStruct::RuntimeVariant(tag, vals),
        ) => {
            let (vname, tys) = variants.get(usize::from(*tag))?;
            let vdef = defs.get(usize::from(*tag))?;
            Some(render(
                format!("{}::{vname}", name.name),
                field_names(&vdef.fields)?,
                tys,
                vals,
            ))
        }
        _ => None,
    }
}

/// `module::function` of definition `idx` of module `id`.
fn function_name(loader: &Loader, store: &Store, id: &ModuleId, idx: u16) -> String {
    loader
        .load_module(id, store)
        .ok()
        .and_then(|m| {
            m.functions
                .get(usize::from(idx))
                .map(|f| f.name.to_string())
        })
        .map_or_else(|| format!("{id}::#{idx}"), |f| format!("{id}::{f}"))
}

fn describe_error(loader: &Loader, store: &Store, e: &ExecutionError) -> String {
    let place = |loc: &Location, at: Option<(u16, u16)>| match (loc, at) {
        (Location::Module(id), Some((f, off))) => {
            format!("{}+{off}", function_name(loader, store, id, f))
        }
        (Location::Script, Some((_, off))) => format!("script+{off}"),
        (loc, _) => loc.to_string(),
    };
    match e {
        ExecutionError::Abort {
            location, code, at, ..
        } => format!(
            "ABORTED code 0x{code:x} ({code}) at {}",
            place(location, *at)
        ),
        ExecutionError::Failure(v) => {
            let at = v.offsets().first().map(|(f, off)| (f.0, *off));
            let mut s = format!("{:?} at {}", v.major_status(), place(v.location(), at));
            if let Some(sub) = v.sub_status() {
                write!(s, " sub_status {sub}").ok();
            }
            if let Some(m) = v.message() {
                write!(s, " ({m})").ok();
            }
            s
        }
    }
}

fn describe_changes(out: &mut String, loader: &Loader, store: &Store, changes: &ChangeSet) {
    let op_name = |op: &WriteOp| match op {
        WriteOp::Creation(_) => "create",
        WriteOp::Modification(_) => "modify",
        WriteOp::Deletion => "delete",
    };
    let bytes_of = |op: &WriteOp| match op {
        WriteOp::Creation(b) | WriteOp::Modification(b) => Some(b.clone()),
        WriteOp::Deletion => None,
    };
    if changes.resources.is_empty()
        && changes.tables.is_empty()
        && changes.modules.is_empty()
        && changes.events.is_empty()
    {
        return;
    }
    out.push_str("changes:\n");
    for (id, op) in &changes.modules {
        let size = bytes_of(op).map_or(String::new(), |b| format!(" ({} bytes)", b.len()));
        writeln!(out, "  module {id}: {}{size}", op_name(op)).ok();
    }
    for ((addr, tag), op) in &changes.resources {
        write!(
            out,
            "  resource {} {tag}: {}",
            addr.to_hex_literal(),
            op_name(op)
        )
        .ok();
        if let Some(b) = bytes_of(op) {
            let value = loader
                .type_of_tag(&TypeTag::Struct(Box::new(tag.clone())), store)
                .map(|t| show_bytes(loader, store, &t, &b))
                .unwrap_or_else(|_| format!("x\"{}\"", hex(&b)));
            write!(out, " {value}").ok();
        }
        out.push('\n');
    }
    for ((handle, key), op) in &changes.tables {
        write!(
            out,
            "  table {} key x\"{}\": {}",
            handle.to_hex_literal(),
            hex(key),
            op_name(op)
        )
        .ok();
        if let Some(b) = bytes_of(op) {
            write!(out, " x\"{}\"", hex(&b)).ok();
        }
        out.push('\n');
    }
    if !changes.events.is_empty() {
        out.push_str("events:\n");
    }
    for ev in &changes.events {
        let data = loader
            .type_of_tag(&ev.type_tag, store)
            .map(|t| show_bytes(loader, store, &t, &ev.data))
            .unwrap_or_else(|_| format!("x\"{}\"", hex(&ev.data)));
        let v1 = ev.v1.as_ref().map_or(String::new(), |(guid, seq)| {
            format!(" (handle x\"{}\" #{seq})", hex(guid))
        });
        writeln!(out, "  {}{v1}: {data}", ev.type_tag).ok();
    }
}

fn move_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "move"))
        .collect();
    out.sort();
    out
}

/// The first lines where `expected` and `actual` differ, with line numbers.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x == y {
            continue;
        }
        writeln!(out, "  line {}:", i + 1).ok();
        writeln!(out, "    - {}", x.unwrap_or(&"<end>")).ok();
        writeln!(out, "    + {}", y.unwrap_or(&"<end>")).ok();
        shown += 1;
        if shown == 8 {
            out.push_str("  ...\n");
            break;
        }
    }
    out
}

#[test]
fn golden_vm_programs() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDENS").is_some();
    let inputs = move_files(&dir);
    assert!(inputs.len() >= 20, "only {} golden programs", inputs.len());
    let mut failures = Vec::new();
    for path in inputs {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let src = std::fs::read_to_string(&path).expect("read program");
        let actual = match run_file(&name, &src) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{name}: cannot run:\n{e}"));
                continue;
            }
        };
        let exp_path = path.with_extension("exp");
        if update {
            std::fs::write(&exp_path, &actual).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&exp_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{name} differs from {} (UPDATE_GOLDENS=1 rewrites it):\n{}",
                exp_path.file_name().unwrap_or_default().to_string_lossy(),
                diff(&expected, &actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden file(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
