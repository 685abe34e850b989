//! `0x1::debug`: `native_print(s: String)`, `native_stack_trace(): String`, and the older
//! `print<T>(x: &T)` / `print_stack_trace()` that Aptos still binds so old frameworks replay.
//!
//! Printing never reaches stdout: lines go to the session's [`DebugOutput`] (what
//! `lumio move test` shows), bounded to [`DebugOutput::MAX_BYTES`] so that a loop of prints
//! cannot grow memory without bound (later lines are counted, not kept). Like Aptos's
//! natives, printing charges no gas (the string was paid for when formatted).
//!
//! `native_stack_trace` returns an empty string, as Aptos's does outside test builds: the
//! native context does not see the interpreter's frames yet.

use lumio_move_core_types::AccountAddress;

use super::{extension, string_bytes, string_utils};
use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args, one_type},
    types::Type,
    values::Value,
};

/// What `0x1::debug` printed during a session (read it with
/// `session.extensions().get_mut::<DebugOutput>()`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DebugOutput {
    lines: Vec<String>,
    bytes: usize,
    dropped: usize,
}

impl DebugOutput {
    /// Most bytes of printed text kept per session.
    pub const MAX_BYTES: usize = 1 << 20;

    /// The printed lines, in order.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Lines not kept because the session printed more than [`Self::MAX_BYTES`].
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    fn push(&mut self, line: String) {
        if self.bytes.saturating_add(line.len()) > Self::MAX_BYTES {
            self.dropped += 1;
        } else {
            self.bytes += line.len();
            self.lines.push(line);
        }
    }
}

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "debug", "native_print", native_print);
    t.add(at, "debug", "native_stack_trace", native_stack_trace);
    t.add(at, "debug", "print", print);
    t.add(at, "debug", "print_stack_trace", print_stack_trace);
}

fn native_print(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [s] = args(a)?;
    let text = String::from_utf8_lossy(&string_bytes(&s)?).into_owned();
    extension::<DebugOutput>(cx)?.push(text);
    Ok(NativeResult::Return(vec![]))
}

fn native_stack_trace(
    _: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    Ok(NativeResult::Return(vec![super::string_value("")]))
}

/// The pre-`string_utils` `print<T>(x: &T)`: the value formatted as `debug_string` does.
fn print(cx: &mut NativeContext<'_>, tys: &[Type], a: Vec<Value>) -> PartialVMResult<NativeResult> {
    let [x] = args(a)?;
    let v = x.into_ref()?.read()?;
    let text = match string_utils::debug_text(cx, one_type(tys)?, &v)? {
        Ok(text) => text,
        Err(code) => return Ok(NativeResult::Abort(code)),
    };
    extension::<DebugOutput>(cx)?.push(text);
    Ok(NativeResult::Return(vec![]))
}

fn print_stack_trace(
    _: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    Ok(NativeResult::Return(vec![]))
}
