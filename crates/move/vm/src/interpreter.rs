//! The interpreter: one operand stack shared by a stack of call frames, every v6 and v7
//! instruction with Aptos's semantics (checked arithmetic, casts and shifts; vector bounds;
//! global storage errors; abort codes with their location), the call-depth and operand-stack
//! limits, and gas charged per instruction.
//!
//! Errors keep their location: the module (or script) and the function definition and code
//! offset of the instruction that failed.

mod reentrancy;

use std::sync::Arc;

use lumio_move_binary_format::file_format::{Bytecode, FunctionInstantiation, Visibility};
use lumio_move_core_types::StatusCode;
use ruint::aliases::U256;

use crate::{
    data_cache::{DataCache, ResourceResolver},
    errors::{ExecutionError, Location, PartialVMError, PartialVMResult, invariant},
    gas::{GasMeter, GasSchedule},
    loader::{FunctionInfo, LoadedModule, Loader, ModuleStorage, StructLayout},
    natives::{NativeContext, NativeExtensions, NativeResult},
    types::{Type, struct_tag},
    values::{Container, Ref, Value, container, read, write},
};

/// Deepest call stack (Aptos `CALL_STACK_SIZE_LIMIT`): the callers a call may suspend. As in
/// Aptos, whose call stack holds the suspended frames and not the running one, up to
/// `CALL_STACK_LIMIT + 1` frames are active at once (`frames` here holds the running frame too).
pub const CALL_STACK_LIMIT: usize = 1024;
/// Largest operand stack (Aptos `OPERAND_STACK_SIZE_LIMIT`).
pub const OPERAND_STACK_LIMIT: usize = 1024;

/// The largest value a `CopyLoc` / `ReadRef` may copy, in abstract value units: Aptos's
/// per-transaction memory quota (10,000,000 units).
pub const MAX_COPY_UNITS: u64 = 10_000_000;

struct Frame {
    module: Arc<LoadedModule>,
    func: Arc<FunctionInfo>,
    pc: usize,
    locals: Container,
    ty_args: Vec<Type>,
    /// Entered by native dispatch (holds the module lock until it returns).
    dispatched: bool,
}

/// One frame of the call stack of a failed call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceFrame {
    /// The module.
    pub module: lumio_move_core_types::ModuleId,
    /// The function's name.
    pub function: String,
    /// The function's definition index.
    pub def_idx: u16,
    /// The code offset: where the innermost frame stopped, the call instruction of a caller.
    pub offset: u16,
}

/// Everything one top-level call uses.
pub(crate) struct Machine<'a> {
    pub(crate) loader: &'a Loader,
    pub(crate) storage: &'a dyn ModuleStorage,
    pub(crate) resources: &'a dyn ResourceResolver,
    pub(crate) data: &'a mut DataCache,
    pub(crate) gas: &'a mut dyn GasMeter,
    pub(crate) schedule: &'a GasSchedule,
    pub(crate) extensions: &'a mut NativeExtensions,
    stack: Vec<Value>,
    frames: Vec<Frame>,
    /// Dispatched frames on the stack: the module lock is on while this is positive.
    dispatch_depth: usize,
}

fn arith() -> PartialVMError {
    PartialVMError::new(StatusCode::ARITHMETIC_ERROR)
}

/// What one instruction did to control flow.
enum Step {
    Next,
    Jump(usize),
    Call(Arc<LoadedModule>, Arc<FunctionInfo>, Vec<Type>),
    Return,
    Abort(u64),
}

macro_rules! binop_int {
    ($a:expr, $b:expr, $op:ident, $err:expr) => {
        match ($a, $b) {
            (Value::U8(x), Value::U8(y)) => Value::U8(x.$op(y).ok_or_else(|| $err)?),
            (Value::U16(x), Value::U16(y)) => Value::U16(x.$op(y).ok_or_else(|| $err)?),
            (Value::U32(x), Value::U32(y)) => Value::U32(x.$op(y).ok_or_else(|| $err)?),
            (Value::U64(x), Value::U64(y)) => Value::U64(x.$op(y).ok_or_else(|| $err)?),
            (Value::U128(x), Value::U128(y)) => Value::U128(x.$op(y).ok_or_else(|| $err)?),
            (Value::U256(x), Value::U256(y)) => Value::U256(x.$op(y).ok_or_else(|| $err)?),
            (a, b) => return Err(invariant(format!("arithmetic on {a:?} and {b:?}"))),
        }
    };
}

macro_rules! bitop {
    ($a:expr, $b:expr, $op:tt) => {
        match ($a, $b) {
            (Value::U8(x), Value::U8(y)) => Value::U8(x $op y),
            (Value::U16(x), Value::U16(y)) => Value::U16(x $op y),
            (Value::U32(x), Value::U32(y)) => Value::U32(x $op y),
            (Value::U64(x), Value::U64(y)) => Value::U64(x $op y),
            (Value::U128(x), Value::U128(y)) => Value::U128(x $op y),
            (Value::U256(x), Value::U256(y)) => Value::U256(x $op y),
            (a, b) => return Err(invariant(format!("bit operation on {a:?} and {b:?}"))),
        }
    };
}

macro_rules! cmp {
    ($a:expr, $b:expr, $op:tt) => {
        match ($a, $b) {
            (Value::U8(x), Value::U8(y)) => x $op y,
            (Value::U16(x), Value::U16(y)) => x $op y,
            (Value::U32(x), Value::U32(y)) => x $op y,
            (Value::U64(x), Value::U64(y)) => x $op y,
            (Value::U128(x), Value::U128(y)) => x $op y,
            (Value::U256(x), Value::U256(y)) => x $op y,
            (a, b) => return Err(invariant(format!("comparison of {a:?} and {b:?}"))),
        }
    };
}

/// The value as a `U256` (for casts).
fn widen(v: &Value) -> PartialVMResult<U256> {
    Ok(match v {
        Value::U8(x) => U256::from(*x),
        Value::U16(x) => U256::from(*x),
        Value::U32(x) => U256::from(*x),
        Value::U64(x) => U256::from(*x),
        Value::U128(x) => U256::from(*x),
        Value::U256(x) => *x,
        other => return Err(invariant(format!("cast of {other:?}"))),
    })
}

fn shift(v: Value, n: u8, left: bool) -> PartialVMResult<Value> {
    let n32 = u32::from(n);
    macro_rules! sh {
        ($x:expr, $w:expr, $c:ident) => {{
            if n32 >= $w {
                return Err(arith());
            }
            Value::$c(if left { $x << n32 } else { $x >> n32 })
        }};
    }
    Ok(match v {
        Value::U8(x) => sh!(x, 8, U8),
        Value::U16(x) => sh!(x, 16, U16),
        Value::U32(x) => sh!(x, 32, U32),
        Value::U64(x) => sh!(x, 64, U64),
        Value::U128(x) => sh!(x, 128, U128),
        Value::U256(x) => {
            // `n` is a u8: always below 256.
            let n = usize::from(n);
            Value::U256(if left { x << n } else { x >> n })
        }
        other => return Err(invariant(format!("shift of {other:?}"))),
    })
}

impl<'a> Machine<'a> {
    pub(crate) fn new(
        loader: &'a Loader,
        storage: &'a dyn ModuleStorage,
        resources: &'a dyn ResourceResolver,
        data: &'a mut DataCache,
        gas: &'a mut dyn GasMeter,
        schedule: &'a GasSchedule,
        extensions: &'a mut NativeExtensions,
    ) -> Self {
        Machine {
            loader,
            storage,
            resources,
            data,
            gas,
            schedule,
            extensions,
            stack: Vec::new(),
            frames: Vec::new(),
            dispatch_depth: 0,
        }
    }

    /// Runs `func` of `module` with `args` to completion; on failure also the call stack at the point of failure
    /// (innermost frame first; each caller at its call instruction).
    pub(crate) fn run_traced(
        mut self,
        module: Arc<LoadedModule>,
        func: Arc<FunctionInfo>,
        ty_args: Vec<Type>,
        args: Vec<Value>,
    ) -> (Result<Vec<Value>, ExecutionError>, Vec<TraceFrame>) {
        let result = self.run_inner(module, func, ty_args, args);
        // The innermost frame's pc lives in the interpreter loop: take it from the error.
        let top = match &result {
            Err(ExecutionError::Abort {
                at: Some((_, off)), ..
            }) => Some(*off),
            Err(ExecutionError::Failure(e)) => e.offsets().first().map(|(_, off)| *off),
            _ => None,
        };
        let trace = match &result {
            Ok(_) => Vec::new(),
            Err(_) => self
                .frames
                .iter()
                .rev()
                .enumerate()
                .map(|(i, f)| TraceFrame {
                    module: f.module.id.clone(),
                    function: f.func.name.to_string(),
                    def_idx: f.func.def_idx.0,
                    // The innermost frame's pc is where it stopped; callers saved the
                    // instruction after their call.
                    offset: if i == 0 {
                        top.unwrap_or(f.pc as u16)
                    } else {
                        f.pc.saturating_sub(1) as u16
                    },
                })
                .collect(),
        };
        (result, trace)
    }

    /// Runs `func` of `module` with `args` to completion.
    fn run_inner(
        &mut self,
        module: Arc<LoadedModule>,
        func: Arc<FunctionInfo>,
        ty_args: Vec<Type>,
        args: Vec<Value>,
    ) -> Result<Vec<Value>, ExecutionError> {
        let location = Location::Module(module.id.clone());
        if func.native.is_some() {
            return match self.call_native(&func, &ty_args, args) {
                Ok(NativeResult::Return(vs)) => Ok(vs),
                Ok(NativeResult::Abort(code)) => Err(ExecutionError::Abort {
                    location,
                    code,
                    at: None,
                    message: None,
                }),
                Ok(NativeResult::CallFunction {
                    module: target,
                    function,
                    ty_args,
                    args,
                }) => {
                    self.dispatch(&module.id, &func, &target, &function, ty_args, args)
                        .map_err(|e| ExecutionError::Failure(e.finish(location)))?;
                    self.execute()
                }
                Err(e) => Err(ExecutionError::Failure(e.finish(location))),
            };
        }
        let locals = self.new_locals(&func, args);
        self.frames.push(Frame {
            module,
            func,
            pc: 0,
            locals,
            ty_args,
            dispatched: false,
        });
        self.execute()
    }

    fn new_locals(&self, func: &FunctionInfo, mut args: Vec<Value>) -> Container {
        args.resize_with(func.local_count.max(args.len()), || Value::Invalid);
        container(args)
    }

    fn execute(&mut self) -> Result<Vec<Value>, ExecutionError> {
        // Outer loop: one iteration per activation of a frame (after a call or a return); the
        // inner loop runs the frame's instructions with its code and pc in locals.
        loop {
            let Some(frame) = self.frames.last() else {
                return Err(ExecutionError::Failure(
                    invariant("no frame").finish(Location::Undefined),
                ));
            };
            let (module, func, mut pc) = (frame.module.clone(), frame.func.clone(), frame.pc);
            let fail = |e: PartialVMError, pc: usize| {
                ExecutionError::Failure(
                    e.at_code_offset(func.def_idx, pc as u16)
                        .finish(Location::Module(module.id.clone())),
                )
            };
            loop {
                let Some(instr) = func.code.get(pc) else {
                    return Err(fail(invariant("pc out of range"), pc));
                };
                match self.step(instr) {
                    Ok(Step::Next) => pc += 1,
                    Ok(Step::Jump(t)) => pc = t,
                    Ok(Step::Call(m, f, tys)) => {
                        self.set_pc(pc + 1);
                        let callee = m.id.clone();
                        if let Err(e) = self.call(m, f, tys) {
                            return Err(match e {
                                // Only natives abort inside `call`: the abort is theirs.
                                CallError::Abort(code) => ExecutionError::Abort {
                                    location: Location::Module(callee),
                                    code,
                                    at: None,
                                    message: None,
                                },
                                CallError::Fail(e) => fail(e, pc),
                            });
                        }
                        break;
                    }
                    Ok(Step::Return) => {
                        if self.frames.pop().is_some_and(|f| f.dispatched) {
                            self.dispatch_depth = self.dispatch_depth.saturating_sub(1);
                        }
                        if self.frames.is_empty() {
                            let n = func.returns.len();
                            let at = self.stack.len().checked_sub(n).ok_or_else(|| {
                                fail(invariant("fewer return values than declared"), pc)
                            })?;
                            return Ok(self.stack.split_off(at));
                        }
                        break;
                    }
                    Ok(Step::Abort(code)) => {
                        return Err(ExecutionError::Abort {
                            location: Location::Module(module.id.clone()),
                            code,
                            at: Some((func.def_idx.0, pc as u16)),
                            message: None,
                        });
                    }
                    Err(e) => return Err(fail(e, pc)),
                }
            }
        }
    }

    /// A copy of a value of `size` abstract units (`CopyLoc`, `ReadRef`): charged per unit, and
    /// refused above [`MAX_COPY_UNITS`] (Aptos's per-transaction memory quota: a copy larger
    /// than the whole quota would exceed it there too), so a program cannot grow values by
    /// copying until the process runs out of memory.
    fn charge_copy(&mut self, size: u64) -> PartialVMResult<()> {
        if size > MAX_COPY_UNITS {
            return Err(
                PartialVMError::new(StatusCode::MEMORY_LIMIT_EXCEEDED).with_message(format!(
                    "copying a value of {size} abstract units (limit {MAX_COPY_UNITS})"
                )),
            );
        }
        self.charge(self.schedule.copy_per_unit.saturating_mul(size))
    }

    fn set_pc(&mut self, pc: usize) {
        if let Some(f) = self.frames.last_mut() {
            f.pc = pc;
        }
    }

    fn frame(&self) -> PartialVMResult<&Frame> {
        self.frames.last().ok_or_else(|| invariant("no frame"))
    }

    fn push(&mut self, v: Value) -> PartialVMResult<()> {
        if self.stack.len() >= OPERAND_STACK_LIMIT {
            return Err(PartialVMError::new(StatusCode::EXECUTION_STACK_OVERFLOW));
        }
        self.stack.push(v);
        Ok(())
    }

    fn pop(&mut self) -> PartialVMResult<Value> {
        self.stack
            .pop()
            .ok_or_else(|| invariant("operand stack underflow"))
    }

    fn pop_n(&mut self, n: usize) -> PartialVMResult<Vec<Value>> {
        let at = self
            .stack
            .len()
            .checked_sub(n)
            .ok_or_else(|| invariant("operand stack underflow"))?;
        Ok(self.stack.split_off(at))
    }

    fn pop_ref(&mut self) -> PartialVMResult<Ref> {
        self.pop()?.into_ref()
    }

    fn charge(&mut self, units: u64) -> PartialVMResult<()> {
        self.gas.charge(units)
    }

    /// Calls `f` (pushing a frame, or running a native in place).
    fn call(
        &mut self,
        module: Arc<LoadedModule>,
        f: Arc<FunctionInfo>,
        ty_args: Vec<Type>,
    ) -> Result<(), CallError> {
        let args = self.pop_n(f.params.len())?;
        self.charge(
            self.schedule.call_per_arg * f.params.len() as u64
                + self.schedule.call_per_local * f.local_count as u64,
        )?;
        if f.native.is_some() {
            self.charge(self.schedule.native_base)?;
            return match self.call_native(&f, &ty_args, args)? {
                NativeResult::Return(vs) => {
                    for v in vs {
                        self.push(v)?;
                    }
                    Ok(())
                }
                NativeResult::Abort(code) => Err(CallError::Abort(code)),
                NativeResult::CallFunction {
                    module: target,
                    function,
                    ty_args,
                    args,
                } => Ok(self.dispatch(&module.id, &f, &target, &function, ty_args, args)?),
            };
        }
        if self.frames.len() > CALL_STACK_LIMIT {
            return Err(PartialVMError::new(StatusCode::CALL_STACK_OVERFLOW).into());
        }
        if self.dispatch_depth > 0 {
            reentrancy::check(
                self.frames.iter().map(|fr| &fr.module.id),
                &self.frame()?.module.id,
                &module.id,
                f.name.as_str(),
            )?;
        }
        let locals = self.new_locals(&f, args);
        self.frames.push(Frame {
            module,
            func: f,
            pc: 0,
            locals,
            ty_args,
            dispatched: false,
        });
        Ok(())
    }

    /// Calls `target::function` in the place of the native `native` of module `native_module`
    /// (a [`NativeResult::CallFunction`]), after Aptos's checks: the target is public and in
    /// another module, and its signature is the native's without the native's last parameter
    /// (same type-parameter constraints, same parameter and return types); otherwise
    /// `RUNTIME_DISPATCH_ERROR`. Pushes the target's frame; its results go where the
    /// native's would have.
    fn dispatch(
        &mut self,
        native_module: &lumio_move_core_types::ModuleId,
        native: &FunctionInfo,
        target: &lumio_move_core_types::ModuleId,
        function: &lumio_move_core_types::Identifier,
        ty_args: Vec<Type>,
        args: Vec<Value>,
    ) -> PartialVMResult<()> {
        let m = self
            .loader
            .load_module(target, self.storage)
            .map_err(|e| e.to_partial())?;
        let f = m
            .function_named(function.as_str())
            .cloned()
            .ok_or_else(|| {
                PartialVMError::new(StatusCode::FUNCTION_RESOLUTION_FAILURE)
                    .with_message(format!("{target}::{function} not found"))
            })?;
        let dispatch_err = |msg: &str| {
            PartialVMError::new(StatusCode::RUNTIME_DISPATCH_ERROR)
                .with_message(format!("dispatch to {target}::{function}: {msg}"))
        };
        if f.visibility != Visibility::Public || m.id == *native_module {
            return Err(dispatch_err(
                "the target must be public and in another module",
            ));
        }
        let same_params = native
            .params
            .split_last()
            .is_some_and(|(_, rest)| rest == f.params.as_slice());
        if native.type_params != f.type_params || native.returns != f.returns || !same_params {
            return Err(dispatch_err(
                "signature differs from the dispatching native's",
            ));
        }
        if f.native.is_some() {
            return Err(dispatch_err("the target is a native function"));
        }
        if args.len() != f.params.len() || ty_args.len() != f.type_params.len() {
            return Err(invariant("dispatch arguments do not match the target"));
        }
        if self.frames.len() > CALL_STACK_LIMIT {
            return Err(PartialVMError::new(StatusCode::CALL_STACK_OVERFLOW));
        }
        // The lock is on from here: the target may not be active. The caller is the frame
        // that called the native (the native's own module, active too, when the native is the
        // top-level call).
        let caller = self.frames.last().map_or(native_module, |fr| &fr.module.id);
        let top_level = self.frames.is_empty().then_some(native_module);
        reentrancy::check(
            self.frames.iter().map(|fr| &fr.module.id).chain(top_level),
            caller,
            &m.id,
            f.name.as_str(),
        )?;
        self.dispatch_depth += 1;
        let locals = self.new_locals(&f, args);
        self.frames.push(Frame {
            module: m,
            func: f,
            pc: 0,
            locals,
            ty_args,
            dispatched: true,
        });
        Ok(())
    }

    fn call_native(
        &mut self,
        f: &FunctionInfo,
        ty_args: &[Type],
        args: Vec<Value>,
    ) -> PartialVMResult<NativeResult> {
        let native = f.native.ok_or_else(|| invariant("not a native"))?;
        let mut cx = NativeContext {
            loader: self.loader,
            storage: self.storage,
            gas: &mut *self.gas,
            extensions: &mut *self.extensions,
            resources: self.resources,
            data: &mut *self.data,
        };
        native(&mut cx, ty_args, args)
    }

    /// `struct_def` of the current module with the frame's type arguments applied to `args`.
    fn instantiate(
        &self,
        sig: lumio_move_binary_format::file_format::SignatureIndex,
    ) -> PartialVMResult<Vec<Type>> {
        let frame = self.frame()?;
        frame
            .module
            .signature(sig)?
            .iter()
            .map(|t| t.subst(&frame.ty_args))
            .collect()
    }

    /// Field count of struct definition `sd` of the current module (`variant` for an enum
    /// variant).
    fn field_count(&self, sd: u16, variant: Option<u16>) -> PartialVMResult<usize> {
        let frame = self.frame()?;
        let info = frame
            .module
            .structs
            .get(usize::from(sd))
            .ok_or_else(|| invariant("struct definition out of range"))?;
        Ok(match (&info.layout, variant) {
            (StructLayout::Fields(fs), None) => fs.len(),
            (StructLayout::Variants(vs), Some(v)) => vs
                .get(usize::from(v))
                .map(|(_, fs)| fs.len())
                .ok_or_else(|| invariant("variant out of range"))?,
            _ => return Err(invariant("struct/enum mismatch")),
        })
    }

    /// Resolves the struct of a (generic or not) global instruction: its storage key and its
    /// type. A non-generic struct's key and layout are computed once per loaded module.
    fn global_target(
        &self,
        sd: Option<u16>,
        inst: Option<u16>,
    ) -> PartialVMResult<(
        lumio_move_core_types::StructTag,
        Type,
        Option<Arc<crate::loader::StructInfo>>,
    )> {
        let frame = self.frame()?;
        let m = &frame.module.module;
        let (sd, args) = match (sd, inst) {
            (Some(sd), _) => (sd, vec![]),
            (None, Some(i)) => {
                let si = m
                    .struct_def_instantiations
                    .get(usize::from(i))
                    .ok_or_else(|| invariant("struct instantiation out of range"))?;
                (si.def.0, self.instantiate(si.type_parameters)?)
            }
            (None, None) => return Err(invariant("global target")),
        };
        let info = frame
            .module
            .structs
            .get(usize::from(sd))
            .cloned()
            .ok_or_else(|| invariant("struct definition out of range"))?;
        let ty = Type::Struct(info.name.clone(), args);
        if info.type_param_count == 0 {
            let tag = match info.resolved.get() {
                Some((tag, _)) => tag.clone(),
                None => {
                    let tag = struct_tag(&info.name, &[])?;
                    let layout = self.loader.layout(&ty, self.storage)?;
                    info.resolved.get_or_init(|| (tag, layout)).0.clone()
                }
            };
            return Ok((tag, ty, Some(info)));
        }
        let Type::Struct(name, args) = &ty else {
            return Err(invariant("struct type"));
        };
        Ok((struct_tag(name, args)?, ty, None))
    }

    fn global_op(&mut self, instr: &Bytecode) -> PartialVMResult<()> {
        use Bytecode as B;
        let (sd, inst) = match instr {
            B::Exists(s)
            | B::MutBorrowGlobal(s)
            | B::ImmBorrowGlobal(s)
            | B::MoveFrom(s)
            | B::MoveTo(s) => (Some(s.0), None),
            B::ExistsGeneric(i)
            | B::MutBorrowGlobalGeneric(i)
            | B::ImmBorrowGlobalGeneric(i)
            | B::MoveFromGeneric(i)
            | B::MoveToGeneric(i) => (None, Some(i.0)),
            _ => return Err(invariant("not a global op")),
        };
        let (tag, ty, known) = self.global_target(sd, inst)?;
        let (loader, storage, resources) = (self.loader, self.storage, self.resources);
        // The operands: `move_to` takes a value and a signer, the others an address.
        let (addr, moved) = match instr {
            B::MoveTo(_) | B::MoveToGeneric(_) => {
                let v = self.pop()?;
                let signer = self.pop_ref()?;
                (signer.with(Value::as_address)?, Some(v))
            }
            _ => (self.pop()?.as_address()?, None),
        };
        // The layout is only needed when the resource is first read from storage: cloned (or
        // computed, for a generic struct) then, not on every global operation.
        let layout = || match known.as_ref().and_then(|info| info.resolved.get()) {
            Some((_, l)) => Ok(l.clone()),
            None => loader.layout(&ty, storage),
        };
        // A slot read from storage the first time in the session costs IO gas (Aptos's
        // `charge_load_resource`), charged before the instruction does its work.
        let (gas, txn) = (&mut *self.gas, &self.schedule.txn);
        let io = move |loaded: Option<u64>| gas.charge_io(txn.read_gas(loaded));
        match instr {
            B::Exists(_) | B::ExistsGeneric(_) => {
                let b = self.data.exists(resources, addr, &tag, layout, io)?;
                self.push(Value::Bool(b))
            }
            B::MutBorrowGlobal(_)
            | B::MutBorrowGlobalGeneric(_)
            | B::ImmBorrowGlobal(_)
            | B::ImmBorrowGlobalGeneric(_) => {
                let mutable = matches!(instr, B::MutBorrowGlobal(_) | B::MutBorrowGlobalGeneric(_));
                let r = self
                    .data
                    .borrow(resources, addr, &tag, mutable, layout, io)?;
                self.push(Value::Ref(r))
            }
            B::MoveFrom(_) | B::MoveFromGeneric(_) => {
                let v = self.data.move_from(resources, addr, &tag, layout, io)?;
                self.push(v)
            }
            _ => match moved {
                Some(v) => self.data.move_to(resources, addr, &tag, v, layout, io),
                None => Err(invariant("move_to without a value")),
            },
        }
    }

    fn step(&mut self, instr: &Bytecode) -> PartialVMResult<Step> {
        use Bytecode as B;
        self.charge(self.schedule.instr(instr))?;
        match instr {
            B::Nop => {}
            B::Pop => {
                self.pop()?;
            }
            B::Ret => return Ok(Step::Return),
            B::Branch(t) => return Ok(Step::Jump(usize::from(*t))),
            B::BrTrue(t) => {
                if self.pop()?.as_bool()? {
                    return Ok(Step::Jump(usize::from(*t)));
                }
            }
            B::BrFalse(t) => {
                if !self.pop()?.as_bool()? {
                    return Ok(Step::Jump(usize::from(*t)));
                }
            }
            B::Abort => return Ok(Step::Abort(self.pop()?.as_u64()?)),
            B::LdTrue => self.push(Value::Bool(true))?,
            B::LdFalse => self.push(Value::Bool(false))?,
            B::LdU8(x) => self.push(Value::U8(*x))?,
            B::LdU16(x) => self.push(Value::U16(*x))?,
            B::LdU32(x) => self.push(Value::U32(*x))?,
            B::LdU64(x) => self.push(Value::U64(*x))?,
            B::LdU128(x) => self.push(Value::U128(*x))?,
            B::LdU256(x) => self.push(Value::U256(U256::from_le_bytes(x.to_le_bytes())))?,
            B::LdConst(i) => {
                let frame = self.frame()?;
                let c = frame.module.constant(i.0)?;
                let (data_len, ty) = (c.data.len() as u64, c.type_.clone());
                let module = frame.module.clone();
                self.charge(self.schedule.ld_const_per_byte * data_len)?;
                // Constants hold no structs: no struct handle names are needed.
                let ty = crate::loader::to_type(&[], &ty)?;
                let layout = self.loader.layout(&ty, self.storage)?;
                let v = Value::deserialize(&module.constant(i.0)?.data, &layout)
                    .map_err(|e| e.with_major_status(StatusCode::VERIFIER_INVARIANT_VIOLATION))?;
                self.push(v)?;
            }
            B::CopyLoc(i) => {
                let size = read(&self.frame()?.locals)?
                    .get(usize::from(*i))
                    .ok_or_else(|| invariant("local out of range"))?
                    .abstract_size()?;
                self.charge_copy(size)?;
                let v = read(&self.frame()?.locals)?
                    .get(usize::from(*i))
                    .ok_or_else(|| invariant("local out of range"))?
                    .copy_value()?;
                self.push(v)?;
            }
            B::MoveLoc(i) => {
                let v = {
                    let locals = self.frame()?.locals.clone();
                    let mut l = write(&locals)?;
                    std::mem::replace(
                        l.get_mut(usize::from(*i))
                            .ok_or_else(|| invariant("local out of range"))?,
                        Value::Invalid,
                    )
                };
                if matches!(v, Value::Invalid) {
                    return Err(invariant("move of an unavailable local"));
                }
                self.push(v)?;
            }
            B::StLoc(i) => {
                let v = self.pop()?;
                let locals = self.frame()?.locals.clone();
                let mut l = write(&locals)?;
                *l.get_mut(usize::from(*i))
                    .ok_or_else(|| invariant("local out of range"))? = v;
            }
            B::MutBorrowLoc(i) | B::ImmBorrowLoc(i) => {
                let locals = self.frame()?.locals.clone();
                self.push(Value::Ref(Ref::new(locals, usize::from(*i))))?;
            }
            B::ReadRef => {
                let r = self.pop_ref()?;
                self.charge_copy(r.with(Value::abstract_size)?)?;
                self.push(r.read()?)?;
            }
            B::WriteRef => {
                let r = self.pop_ref()?;
                let v = self.pop()?;
                r.write(v)?;
            }
            B::FreezeRef => {}
            B::MutBorrowField(fh) | B::ImmBorrowField(fh) => {
                let off = self.frame()?.module.module.field_handle_at(*fh)?.field;
                let r = self.pop_ref()?;
                self.push(Value::Ref(r.borrow_part(usize::from(off))?))?;
            }
            B::MutBorrowFieldGeneric(fi) | B::ImmBorrowFieldGeneric(fi) => {
                let m = &self.frame()?.module.module;
                let h = m.field_instantiation_at(*fi)?.handle;
                let off = m.field_handle_at(h)?.field;
                let r = self.pop_ref()?;
                self.push(Value::Ref(r.borrow_part(usize::from(off))?))?;
            }
            B::MutBorrowVariantField(vh) | B::ImmBorrowVariantField(vh) => {
                let h = self
                    .frame()?
                    .module
                    .module
                    .variant_field_handle_at(*vh)?
                    .clone();
                self.borrow_variant_field(&h.variants, h.field)?;
            }
            B::MutBorrowVariantFieldGeneric(vi) | B::ImmBorrowVariantFieldGeneric(vi) => {
                let m = &self.frame()?.module.module;
                let h = m
                    .variant_field_handle_at(m.variant_field_instantiation_at(*vi)?.handle)?
                    .clone();
                self.borrow_variant_field(&h.variants, h.field)?;
            }
            B::Call(fh) => {
                let module = self.frame()?.module.clone();
                let (m, idx) = self.loader.resolve_call(&module, fh.0, self.storage)?;
                let f = m
                    .functions
                    .get(idx)
                    .cloned()
                    .ok_or_else(|| invariant("function out of range"))?;
                return Ok(Step::Call(m, f, vec![]));
            }
            B::CallGeneric(fi) => {
                let module = self.frame()?.module.clone();
                let FunctionInstantiation {
                    handle,
                    type_parameters,
                } = module.module.function_instantiation_at(*fi)?.clone();
                let tys = self.instantiate(type_parameters)?;
                let (m, idx) = self.loader.resolve_call(&module, handle.0, self.storage)?;
                let f = m
                    .functions
                    .get(idx)
                    .cloned()
                    .ok_or_else(|| invariant("function out of range"))?;
                if tys.len() != f.type_params.len() {
                    return Err(PartialVMError::new(
                        StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
                    ));
                }
                return Ok(Step::Call(m, f, tys));
            }
            B::Pack(sd) => {
                self.check_struct_depth(sd.0, None)?;
                self.pack(sd.0)?;
            }
            B::PackGeneric(si) => {
                let inst = self.frame()?.module.module.struct_instantiation_at(*si)?;
                let (sd, tys) = (inst.def, inst.type_parameters);
                self.check_struct_depth(sd.0, Some(tys))?;
                self.pack(sd.0)?;
            }
            B::Unpack(_) | B::UnpackGeneric(_) => {
                let v = self.pop()?;
                let fields = match v {
                    Value::Struct(c) => std::mem::take(&mut *write(&c)?),
                    other => return Err(invariant(format!("unpack of {other:?}"))),
                };
                self.charge(self.schedule.pack_per_field * fields.len() as u64)?;
                for f in fields {
                    self.push(f)?;
                }
            }
            B::PackVariant(_) | B::PackVariantGeneric(_) => {
                let (sd, variant) = self.variant_of(instr)?;
                let tys = match instr {
                    B::PackVariantGeneric(vi) => Some(
                        self.frame()?
                            .module
                            .module
                            .struct_variant_instantiation_at(*vi)?
                            .type_parameters,
                    ),
                    _ => None,
                };
                self.check_struct_depth(sd, tys)?;
                self.pack_variant(sd, variant)?;
            }
            B::UnpackVariant(_) | B::UnpackVariantGeneric(_) => {
                let (_, variant) = self.variant_of(instr)?;
                self.unpack_variant(variant)?;
            }
            B::TestVariant(_) | B::TestVariantGeneric(_) => {
                let (_, variant) = self.variant_of(instr)?;
                let r = self.pop_ref()?;
                let tag = r.with(variant_tag)?;
                self.push(Value::Bool(tag == variant))?;
            }
            B::Exists(_)
            | B::ExistsGeneric(_)
            | B::MutBorrowGlobal(_)
            | B::MutBorrowGlobalGeneric(_)
            | B::ImmBorrowGlobal(_)
            | B::ImmBorrowGlobalGeneric(_)
            | B::MoveFrom(_)
            | B::MoveFromGeneric(_)
            | B::MoveTo(_)
            | B::MoveToGeneric(_) => self.global_op(instr)?,
            B::Add => self.arith2(|a, b| Ok(binop_int!(a, b, checked_add, arith())))?,
            B::Sub => self.arith2(|a, b| Ok(binop_int!(a, b, checked_sub, arith())))?,
            B::Mul => self.arith2(|a, b| Ok(binop_int!(a, b, checked_mul, arith())))?,
            B::Div => self.arith2(|a, b| Ok(binop_int!(a, b, checked_div, arith())))?,
            B::Mod => self.arith2(|a, b| Ok(binop_int!(a, b, checked_rem, arith())))?,
            B::BitOr => self.arith2(|a, b| Ok(bitop!(a, b, |)))?,
            B::BitAnd => self.arith2(|a, b| Ok(bitop!(a, b, &)))?,
            B::Xor => self.arith2(|a, b| Ok(bitop!(a, b, ^)))?,
            B::Shl | B::Shr => {
                let n = match self.pop()? {
                    Value::U8(n) => n,
                    other => return Err(invariant(format!("shift amount {other:?}"))),
                };
                let v = self.pop()?;
                self.push(shift(v, n, matches!(instr, B::Shl))?)?;
            }
            B::Lt => self.arith2(|a, b| Ok(Value::Bool(cmp!(a, b, <))))?,
            B::Gt => self.arith2(|a, b| Ok(Value::Bool(cmp!(a, b, >))))?,
            B::Le => self.arith2(|a, b| Ok(Value::Bool(cmp!(a, b, <=))))?,
            B::Ge => self.arith2(|a, b| Ok(Value::Bool(cmp!(a, b, >=))))?,
            B::Or => self.arith2(|a, b| Ok(Value::Bool(a.as_bool()? || b.as_bool()?)))?,
            B::And => self.arith2(|a, b| Ok(Value::Bool(a.as_bool()? && b.as_bool()?)))?,
            B::Not => {
                let b = self.pop()?.as_bool()?;
                self.push(Value::Bool(!b))?;
            }
            B::Eq | B::Neq => {
                let b = self.pop()?;
                let a = self.pop()?;
                let units = a.abstract_size()?.saturating_add(b.abstract_size()?);
                self.charge(self.schedule.eq_per_unit.saturating_mul(units))?;
                let eq = a.equals(&b)?;
                self.push(Value::Bool(eq == matches!(instr, B::Eq)))?;
            }
            B::CastU8 | B::CastU16 | B::CastU32 | B::CastU64 | B::CastU128 | B::CastU256 => {
                let x = widen(&self.pop()?)?;
                let v = match instr {
                    B::CastU8 => Value::U8(u8::try_from(x).map_err(|_| arith())?),
                    B::CastU16 => Value::U16(u16::try_from(x).map_err(|_| arith())?),
                    B::CastU32 => Value::U32(u32::try_from(x).map_err(|_| arith())?),
                    B::CastU64 => Value::U64(u64::try_from(x).map_err(|_| arith())?),
                    B::CastU128 => Value::U128(u128::try_from(x).map_err(|_| arith())?),
                    _ => Value::U256(x),
                };
                self.push(v)?;
            }
            B::VecPack(si, n) => {
                // As Aptos: the element type's depth is checked (not the vector's).
                let frame = self.frame()?;
                let elem = frame
                    .module
                    .signature(*si)?
                    .first()
                    .ok_or_else(|| invariant("vec_pack without element type"))?;
                // A generic element type is built as Aptos builds it (type builder limits).
                if !frame.ty_args.is_empty() && !elem.is_closed() {
                    elem.subst(&frame.ty_args)?;
                }
                self.loader
                    .check_depth_in(elem, &frame.ty_args, self.storage)?;
                let n = usize::try_from(*n).map_err(|_| invariant("vec_pack count"))?;
                self.charge(self.schedule.vec_pack_per_elem * n as u64)?;
                let elems = self.pop_n(n)?;
                self.push(Value::vector(elems))?;
            }
            B::VecLen(_) => {
                let n = self.pop_ref()?.vec_len()?;
                self.push(Value::U64(n))?;
            }
            B::VecImmBorrow(_) | B::VecMutBorrow(_) => {
                let i = self.pop()?.as_u64()?;
                let r = self.pop_ref()?.vec_borrow(i)?;
                self.push(Value::Ref(r))?;
            }
            B::VecPushBack(_) => {
                let v = self.pop()?;
                self.pop_ref()?.vec_push(v)?;
            }
            B::VecPopBack(_) => {
                let v = self.pop_ref()?.vec_pop()?;
                self.push(v)?;
            }
            B::VecUnpack(_, n) => {
                for e in self.pop()?.vec_unpack(*n)? {
                    self.push(e)?;
                }
            }
            B::VecSwap(_) => {
                let j = self.pop()?.as_u64()?;
                let i = self.pop()?.as_u64()?;
                self.pop_ref()?.vec_swap(i, j)?;
            }
            other => {
                return Err(PartialVMError::new(StatusCode::FEATURE_NOT_ENABLED)
                    .with_message(format!("{other:?} is not supported by this VM (v6/v7)")));
            }
        }
        Ok(Step::Next)
    }

    /// (struct definition, variant) named by a variant instruction's handle.
    fn variant_of(&self, instr: &Bytecode) -> PartialVMResult<(u16, u16)> {
        use Bytecode as B;
        let m = &self.frame()?.module.module;
        let handle = match instr {
            B::PackVariant(vh) | B::UnpackVariant(vh) | B::TestVariant(vh) => *vh,
            B::PackVariantGeneric(vi) | B::UnpackVariantGeneric(vi) | B::TestVariantGeneric(vi) => {
                m.struct_variant_instantiation_at(*vi)?.handle
            }
            _ => return Err(invariant("not a variant instruction")),
        };
        let h = m.struct_variant_handle_at(handle)?;
        Ok((h.struct_index.0, h.variant))
    }

    fn arith2(
        &mut self,
        f: impl FnOnce(Value, Value) -> PartialVMResult<Value>,
    ) -> PartialVMResult<()> {
        let b = self.pop()?;
        let a = self.pop()?;
        let r = f(a, b)?;
        self.push(r)
    }

    /// A value of struct definition `sd` (with the type arguments of signature `tys`, under
    /// the frame's type arguments) may be at most `MAX_VALUE_DEPTH` deep (Aptos checks the
    /// packed type, `VM_MAX_VALUE_DEPTH_REACHED`).
    fn check_struct_depth(
        &self,
        sd: u16,
        tys: Option<lumio_move_binary_format::file_format::SignatureIndex>,
    ) -> PartialVMResult<()> {
        let frame = self.frame()?;
        let info = frame
            .module
            .structs
            .get(usize::from(sd))
            .ok_or_else(|| invariant("struct definition out of range"))?;
        let args = match tys {
            Some(sig) => frame.module.signature(sig)?,
            None => &[],
        };
        self.loader
            .check_struct_depth_in(info, args, &frame.ty_args, self.storage)
            .map(|_| ())
    }

    fn pack(&mut self, sd: u16) -> PartialVMResult<()> {
        let n = self.field_count(sd, None)?;
        self.charge(self.schedule.pack_per_field * n as u64)?;
        let fields = self.pop_n(n)?;
        self.push(Value::struct_(fields))
    }

    fn pack_variant(&mut self, sd: u16, variant: u16) -> PartialVMResult<()> {
        let n = self.field_count(sd, Some(variant))?;
        self.charge(self.schedule.pack_per_field * n as u64)?;
        let fields = self.pop_n(n)?;
        self.push(Value::Variant(variant, container(fields)))
    }

    fn unpack_variant(&mut self, variant: u16) -> PartialVMResult<()> {
        let fields = match self.pop()? {
            Value::Variant(t, c) if t == variant => std::mem::take(&mut *write(&c)?),
            Value::Variant(..) => {
                return Err(PartialVMError::new(StatusCode::STRUCT_VARIANT_MISMATCH));
            }
            other => return Err(invariant(format!("unpack_variant of {other:?}"))),
        };
        self.charge(self.schedule.pack_per_field * fields.len() as u64)?;
        for f in fields {
            self.push(f)?;
        }
        Ok(())
    }

    fn borrow_variant_field(&mut self, variants: &[u16], field: u16) -> PartialVMResult<()> {
        let r = self.pop_ref()?;
        let tag = r.with(variant_tag)?;
        if !variants.contains(&tag) {
            return Err(PartialVMError::new(StatusCode::STRUCT_VARIANT_MISMATCH));
        }
        self.push(Value::Ref(r.borrow_part(usize::from(field))?))
    }
}

fn variant_tag(v: &Value) -> PartialVMResult<u16> {
    match v {
        Value::Variant(t, _) => Ok(*t),
        other => Err(invariant(format!("variant test of {other:?}"))),
    }
}

/// A call that did not complete normally.
enum CallError {
    Abort(u64),
    Fail(PartialVMError),
}

impl From<PartialVMError> for CallError {
    fn from(e: PartialVMError) -> Self {
        CallError::Fail(e)
    }
}
