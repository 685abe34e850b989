//! Transaction arguments as Aptos builds them (`aptos-vm` `transaction_arg_validation`): the
//! arguments after the signers are BCS bytes of primitives, `address`, vectors, or one of five
//! framework structs that are built by running their constructor, nested in vectors or in each
//! other:
//!
//! | struct | constructor | bytes |
//! |---|---|---|
//! | `0x1::string::String` | `string::utf8` (checked here, as Aptos shortcuts it) | `vector<u8>` |
//! | `0x1::object::Object<T>` | `object::address_to_object<T>` | `address` |
//! | `0x1::option::Option<T>` | `option::from_vec<T>` | `vector<T>` |
//! | `0x1::fixed_point32::FixedPoint32` | `fixed_point32::create_from_raw_value` | `u64` |
//! | `0x1::fixed_point64::FixedPoint64` | `fixed_point64::create_from_raw_value` | `u128` |
//!
//! The bytes are walked along the parameter type; a struct's constructor parameters are read
//! from the bytes in turn, the constructor runs in the session (its aborts are the
//! transaction's), and its result's BCS replaces them. The rebuilt bytes are then decoded with
//! the parameter's layout. Statuses: a type outside these rules is
//! `INVALID_MAIN_FUNCTION_SIGNATURE`; short, malformed or trailing bytes, more than
//! [`MAX_CONSTRUCTOR_CALLS`] non-string constructors in one argument, or more than
//! [`MAX_ARGUMENT_BYTES`] bytes read into one buffer are `FAILED_TO_DESERIALIZE_ARGUMENT`; a
//! string that is not UTF-8 is the abort `string::utf8` would raise (code 1 in `0x1::string`).

use lumio_move_core_types::{AccountAddress, StatusCode};

use super::Session;
use crate::{
    errors::{ExecutionError, Location, PartialVMError, PartialVMResult, invariant},
    gas::GasMeter,
    types::{StructName, Type},
    values::Value,
};

/// Constructor calls (other than `string::utf8`) one argument may make (Aptos's
/// `max_invocations`).
pub const MAX_CONSTRUCTOR_CALLS: u64 = 10;

/// Most bytes read into one argument buffer (Aptos's `MAX_NUM_BYTES` in `read_n_bytes`).
pub const MAX_ARGUMENT_BYTES: usize = 1_000_000;

/// `string::utf8`'s abort code for bytes that are not UTF-8 (`EINVALID_UTF8`).
const EINVALID_UTF8: u64 = 1;

/// The allowed structs: `(module, struct, constructor)`, all at `0x1`.
const CONSTRUCTORS: [(&str, &str, &str); 5] = [
    ("string", "String", "utf8"),
    ("object", "Object", "address_to_object"),
    ("option", "Option", "from_vec"),
    ("fixed_point32", "FixedPoint32", "create_from_raw_value"),
    ("fixed_point64", "FixedPoint64", "create_from_raw_value"),
];

/// The constructor `(module, function)` of an allowed struct.
fn constructor(name: &StructName) -> Option<(&'static str, &'static str)> {
    if *name.module.address() != AccountAddress::ONE {
        return None;
    }
    CONSTRUCTORS
        .iter()
        .find(|(m, s, _)| name.module.name() == *m && name.name.as_str() == *s)
        .map(|(m, _, f)| (*m, *f))
}

/// Whether `ty` may be a transaction argument: primitives, `address`, vectors of allowed
/// types, and the allowed structs (their type arguments are checked while building).
pub(crate) fn is_valid_arg(ty: &Type) -> bool {
    match ty {
        Type::Bool
        | Type::U8
        | Type::U16
        | Type::U32
        | Type::U64
        | Type::U128
        | Type::U256
        | Type::Address => true,
        Type::Vector(t) => is_valid_arg(t),
        Type::Struct(name, _) => constructor(name).is_some(),
        Type::Signer | Type::Reference(_) | Type::MutableReference(_) | Type::TyParam(_) => false,
    }
}

pub(crate) fn invalid_signature() -> PartialVMError {
    PartialVMError::new(StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE)
}

fn malformed(msg: &str) -> PartialVMError {
    PartialVMError::new(StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT).with_message(msg)
}

/// The argument bytes being walked.
struct Cursor<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl Cursor<'_> {
    /// A ULEB128 length (canonical, at most `u64`).
    fn length(&mut self) -> PartialVMResult<u64> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let (n, used) = lumio_move_binary_format::file_format_common::read_uleb128_as_u64(rest)
            .ok_or_else(|| malformed("bad length prefix"))?;
        self.pos += used;
        Ok(n)
    }

    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    /// Moves `n` bytes to `out`, which may not grow past [`MAX_ARGUMENT_BYTES`].
    fn read(&mut self, n: usize, out: &mut Vec<u8>) -> PartialVMResult<()> {
        if out
            .len()
            .checked_add(n)
            .is_none_or(|l| l > MAX_ARGUMENT_BYTES)
        {
            return Err(malformed(&format!(
                "argument larger than {MAX_ARGUMENT_BYTES} bytes"
            )));
        }
        let end = self
            .pos
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| malformed("argument too short"))?;
        out.extend_from_slice(&self.bytes[self.pos..end]);
        self.pos = end;
        Ok(())
    }
}

fn write_uleb128(out: &mut Vec<u8>, n: u64) {
    lumio_move_binary_format::file_format_common::write_u64_as_uleb128(out, n);
}

/// Matches a constructor's return type (with its type parameters) against the type wanted,
/// binding the parameters.
fn bind(pattern: &Type, ty: &Type, out: &mut [Option<Type>]) -> bool {
    match (pattern, ty) {
        (Type::TyParam(i), t) => match out.get_mut(usize::from(*i)) {
            Some(slot @ None) => {
                *slot = Some(t.clone());
                true
            }
            Some(Some(bound)) => bound == t,
            None => false,
        },
        (Type::Vector(p), Type::Vector(t))
        | (Type::Reference(p), Type::Reference(t))
        | (Type::MutableReference(p), Type::MutableReference(t)) => bind(p, t, out),
        (Type::Struct(pn, pa), Type::Struct(n, a)) => {
            pn == n && pa.len() == a.len() && pa.iter().zip(a).all(|(p, t)| bind(p, t, out))
        }
        (p, t) => p == t,
    }
}

/// Where argument errors are reported, and what the walk has used so far.
struct Walk<'l> {
    loc: &'l Location,
    calls_left: u64,
}

impl Walk<'_> {
    fn fail(&self, e: PartialVMError) -> ExecutionError {
        ExecutionError::Failure(e.finish(self.loc.clone()))
    }
}

impl Session<'_> {
    /// Builds one non-signer argument of type `ty` (closed) from `arg`: the BCS bytes the
    /// function receives (constructors run). `is_view`: a view function may take a `signer`
    /// (its bytes are an address).
    pub(crate) fn construct_arg(
        &mut self,
        ty: &Type,
        arg: &[u8],
        is_view: bool,
        loc: &Location,
        gas: &mut dyn GasMeter,
    ) -> Result<Vec<u8>, ExecutionError> {
        let mut walk = Walk {
            loc,
            calls_left: MAX_CONSTRUCTOR_CALLS,
        };
        match ty {
            Type::Bool
            | Type::U8
            | Type::U16
            | Type::U32
            | Type::U64
            | Type::U128
            | Type::U256
            | Type::Address => Ok(arg.to_vec()),
            Type::Vector(_) | Type::Struct(..) => {
                let mut cur = Cursor { bytes: arg, pos: 0 };
                let mut out = Vec::new();
                self.construct_into(ty, &mut cur, &mut out, &mut walk, gas)?;
                if cur.remaining() != 0 {
                    return Err(walk.fail(malformed(
                        "the serialized arguments to constructor contained extra data",
                    )));
                }
                Ok(out)
            }
            Type::Signer if is_view => Ok(arg.to_vec()),
            _ => Err(walk.fail(invalid_signature())),
        }
    }

    fn construct_into(
        &mut self,
        ty: &Type,
        cur: &mut Cursor<'_>,
        out: &mut Vec<u8>,
        walk: &mut Walk<'_>,
        gas: &mut dyn GasMeter,
    ) -> Result<(), ExecutionError> {
        let width = match ty {
            Type::Bool | Type::U8 => 1,
            Type::U16 => 2,
            Type::U32 => 4,
            Type::U64 => 8,
            Type::U128 => 16,
            Type::U256 | Type::Address => 32,
            Type::Vector(elem) => {
                let n = cur.length().map_err(|e| walk.fail(e))?;
                write_uleb128(out, n);
                // Every element reads at least one byte: `n` is bounded by the input.
                for _ in 0..n {
                    self.construct_into(elem, cur, out, walk, gas)?;
                }
                return Ok(());
            }
            Type::Struct(name, _) => {
                let Some((module, function)) = constructor(name) else {
                    return Err(walk.fail(invalid_signature()));
                };
                let bytes = if function == "utf8" {
                    Self::construct_string(cur, walk)?
                } else {
                    self.run_constructor(ty, module, function, cur, walk, gas)?
                };
                out.extend_from_slice(&bytes);
                return Ok(());
            }
            Type::Signer | Type::Reference(_) | Type::MutableReference(_) | Type::TyParam(_) => {
                return Err(walk.fail(invalid_signature()));
            }
        };
        cur.read(width, out).map_err(|e| walk.fail(e))
    }

    /// `string::utf8`, checked here as Aptos does (no call, no limit on the count): a length
    /// within the input, UTF-8 bytes.
    fn construct_string(
        cur: &mut Cursor<'_>,
        walk: &mut Walk<'_>,
    ) -> Result<Vec<u8>, ExecutionError> {
        let n = cur.length().map_err(|e| walk.fail(e))?;
        let n = usize::try_from(n)
            .ok()
            .filter(|n| *n <= cur.remaining())
            .ok_or_else(|| walk.fail(malformed("string argument is too long")))?;
        let mut bytes = Vec::new();
        cur.read(n, &mut bytes).map_err(|e| walk.fail(e))?;
        if std::str::from_utf8(&bytes).is_err() {
            return Err(ExecutionError::Abort {
                location: Location::Module(
                    crate::session::module_id(AccountAddress::ONE, "string")
                        .map_err(|e| walk.fail(e))?,
                ),
                code: EINVALID_UTF8,
                at: Some((0, 0)),
                message: None,
            });
        }
        let mut out = Vec::with_capacity(n + 5);
        write_uleb128(&mut out, n as u64);
        out.extend_from_slice(&bytes);
        Ok(out)
    }

    /// Runs the constructor `0x1::module::function` producing `ty`; its parameters are read
    /// from `cur`. Returns the BCS of the result.
    fn run_constructor(
        &mut self,
        ty: &Type,
        module: &str,
        function: &str,
        cur: &mut Cursor<'_>,
        walk: &mut Walk<'_>,
        gas: &mut dyn GasMeter,
    ) -> Result<Vec<u8>, ExecutionError> {
        if walk.calls_left == 0 {
            return Err(walk.fail(malformed("too many constructor calls in one argument")));
        }
        walk.calls_left -= 1;
        let id =
            crate::session::module_id(AccountAddress::ONE, module).map_err(|e| walk.fail(e))?;
        let (m, f) = self.function(&id, function)?;
        let here =
            |e: PartialVMError| ExecutionError::Failure(e.finish(Location::Module(id.clone())));
        let [ret] = f.returns.as_slice() else {
            return Err(here(PartialVMError::new(StatusCode::ABORTED)));
        };
        let mut bound = vec![None; f.type_params.len()];
        if !bind(ret, ty, &mut bound) {
            return Err(here(invalid_signature()));
        }
        let tys = bound
            .into_iter()
            .map(|t| t.ok_or_else(invalid_signature))
            .collect::<PartialVMResult<Vec<_>>>()
            .map_err(here)?;
        self.loader
            .check_type_constraints(&f.type_params, &tys, self.modules)
            .map_err(here)?;
        let mut args = Vec::with_capacity(f.params.len());
        for p in &f.params {
            let p = p.subst(&tys).map_err(here)?;
            let mut bytes = Vec::new();
            self.construct_into(&p, cur, &mut bytes, walk, gas)?;
            args.push(self.deserialize_arg(&p, &bytes).map_err(here)?);
        }
        let mut results = self.run(m, f, tys, args, gas)?;
        let v = results
            .pop()
            .ok_or_else(|| here(invariant("constructor returned nothing")))?;
        v.serialize().map_err(here)
    }

    /// Decodes argument bytes with the layout of `ty`: a layout deeper than the value depth
    /// limit is `VM_MAX_VALUE_DEPTH_REACHED`, bad bytes `FAILED_TO_DESERIALIZE_ARGUMENT`.
    pub(crate) fn deserialize_arg(&self, ty: &Type, bytes: &[u8]) -> PartialVMResult<Value> {
        let layout = self.loader.layout(ty, self.modules)?;
        Value::deserialize(bytes, &layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_limits() {
        let mut c = Cursor {
            bytes: &[0x80, 0x01, 7, 8],
            pos: 0,
        };
        assert_eq!(c.length().unwrap(), 128);
        let mut out = Vec::new();
        c.read(2, &mut out).unwrap();
        assert_eq!(out, vec![7, 8]);
        assert_eq!(
            c.read(1, &mut out).unwrap_err().major_status(),
            StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT
        );
        // Overlong length prefix.
        let mut c = Cursor {
            bytes: &[0x80, 0x00],
            pos: 0,
        };
        assert!(c.length().is_err());
        // The byte limit counts what the buffer already holds.
        let big = vec![0u8; MAX_ARGUMENT_BYTES];
        let mut c = Cursor {
            bytes: &big,
            pos: 0,
        };
        let mut out = vec![1];
        assert!(c.read(MAX_ARGUMENT_BYTES, &mut out).is_err());
        let mut out = Vec::new();
        assert!(c.read(MAX_ARGUMENT_BYTES, &mut out).is_ok());
    }
}
