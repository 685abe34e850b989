//! `0x1::string_utils`: `native_format<T>(s: &T, type_tag, canonicalize, single_line,
//! include_int_types): String` and `native_format_list<T>(fmt: &vector<u8>, val: &T): String`,
//! with Aptos's text for every kind of value:
//!
//! - integers in decimal (with `u8`..`u256` appended when `include_int_types`), `true`/`false`;
//! - addresses `@0x1` (short), or `@` + 64 hex digits when `canonicalize`; signers
//!   `signer(@0x1)` (Aptos's `SIGNER_NATIVE_FORMAT_FIX`, on by default);
//! - `vector<u8>` as `0x` + hex; other vectors `[ 1, 2, 3 ]`, or one element per line (indented
//!   by two spaces per level) when not `single_line` and the elements are vectors or structs;
//!   `[]` when empty;
//! - `0x1::string::String` quoted, with `\` and `"` escaped; `0x1::option::Option` as `None` or
//!   `Some(x)`;
//! - structs `Name { field: value, .. }` (the full type, e.g. `0x1::m::S<u64>`, when
//!   `type_tag`), on several lines when not `single_line`; enum values
//!   `Variant{ field: value }` (Aptos writes no space and no type there).
//!
//! `native_format_list` replaces each `{}` of `fmt` by the next element of a
//! `Cons<T, Cons<.., NIL>>` list (formatted with the type, on one line); `{{` and `}}` are
//! literal braces. Aborts: `EARGS_MISMATCH` (1) when the list is shorter or longer than the
//! `{}`s, `EINVALID_FORMAT` (2) for an unmatched brace or a format that is not UTF-8.
//!
//! Gas (Aptos `string_utils.format.*`): 1,102 per value formatted, 3 per byte of a string or
//! of `vector<u8>`, 3 per byte of `fmt`.

use std::fmt::Write as _;

use lumio_move_binary_format::file_format::StructFieldInformation;
use lumio_move_core_types::AccountAddress;

use super::{cost, string_value};
use crate::{
    errors::{PartialVMError, PartialVMResult, invariant},
    natives::{NativeContext, NativeResult, NativeTable, args, one_type},
    types::{StructName, Type, struct_tag},
    values::{Value, read, write},
};

const BASE: u64 = 1_102;
const PER_BYTE: u64 = 3;

const EARGS_MISMATCH: u64 = 1;
const EINVALID_FORMAT: u64 = 2;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "string_utils", "native_format", native_format);
    t.add(at, "string_utils", "native_format_list", native_format_list);
}

/// Why formatting stopped early: a Move abort (with its code) or a VM error.
enum Stop {
    Abort(u64),
    Error(PartialVMError),
}

impl From<PartialVMError> for Stop {
    fn from(e: PartialVMError) -> Self {
        Stop::Error(e)
    }
}

fn finish(r: Result<String, Stop>) -> PartialVMResult<NativeResult> {
    match r {
        Ok(s) => Ok(NativeResult::Return(vec![string_value(&s)])),
        Err(Stop::Abort(code)) => Ok(NativeResult::Abort(code)),
        Err(Stop::Error(e)) => Err(e),
    }
}

/// Options of one formatting run.
struct Formatter<'c, 'a> {
    cx: &'c mut NativeContext<'a>,
    charge: bool,
    type_tag: bool,
    canonicalize: bool,
    single_line: bool,
    include_int_type: bool,
}

/// The fields of a struct, or the variants of an enum, with names and instantiated types.
enum Shape {
    Struct(Vec<(String, Type)>),
    Enum(Vec<(String, Vec<(String, Type)>)>),
}

fn is(name: &StructName, module: &str, ty: &str) -> bool {
    *name.module.address() == AccountAddress::ONE
        && name.module.name() == module
        && name.name.as_str() == ty
}

fn newline_or_space(newline: bool, out: &mut String, depth: usize) {
    if newline {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    } else {
        out.push(' ');
    }
}

impl Formatter<'_, '_> {
    fn charge(&mut self, units: u64) -> PartialVMResult<()> {
        self.cx.charge(units)
    }

    fn address(&self, a: AccountAddress) -> String {
        if self.canonicalize {
            a.to_canonical_string()
        } else {
            a.to_hex_literal()
        }
    }

    /// Field names and types of `name<args>`, from its module's definition.
    fn shape(&self, name: &StructName, args: &[Type]) -> PartialVMResult<Shape> {
        let info = self.cx.loader.struct_info(name, self.cx.storage)?;
        let m = self
            .cx
            .loader
            .load_module(&name.module, self.cx.storage)
            .map_err(|e| e.to_partial())?;
        let cm = &m.module;
        let def = cm
            .struct_defs
            .iter()
            .find(|d| {
                cm.struct_handle_at(d.struct_handle)
                    .and_then(|h| cm.identifier_at(h.name))
                    .is_ok_and(|n| n == name.name.as_str())
            })
            .ok_or_else(|| invariant(format!("no definition of {}", name.name)))?;
        let names = |fields: &[lumio_move_binary_format::file_format::FieldDefinition]| {
            fields
                .iter()
                .map(|f| cm.identifier_at(f.name).map(str::to_string))
                .collect::<PartialVMResult<Vec<_>>>()
        };
        let typed = |names: Vec<String>, types: &[Type]| {
            names
                .into_iter()
                .zip(types)
                .map(|(n, t)| Ok((n, t.subst(args)?)))
                .collect::<PartialVMResult<Vec<_>>>()
        };
        Ok(match (&def.field_information, &info.layout) {
            (StructFieldInformation::Declared(fs), crate::loader::StructLayout::Fields(ts)) => {
                Shape::Struct(typed(names(fs)?, ts)?)
            }
            (
                StructFieldInformation::DeclaredVariants(vs),
                crate::loader::StructLayout::Variants(lv),
            ) => Shape::Enum(
                vs.iter()
                    .zip(lv)
                    .map(|(v, (vname, ts))| Ok((vname.to_string(), typed(names(&v.fields)?, ts)?)))
                    .collect::<PartialVMResult<Vec<_>>>()?,
            ),
            _ => return Err(invariant("struct definition and layout disagree")),
        })
    }

    /// Appends `v` (of type `ty`) to `out`.
    fn value(&mut self, ty: &Type, v: &Value, depth: usize, out: &mut String) -> Result<(), Stop> {
        if self.charge {
            self.charge(BASE)?;
        }
        let suffix = match (ty, v) {
            (Type::Bool, Value::Bool(b)) => {
                let _ = write!(out, "{b}");
                ""
            }
            (Type::U8, Value::U8(x)) => {
                let _ = write!(out, "{x}");
                "u8"
            }
            (Type::U16, Value::U16(x)) => {
                let _ = write!(out, "{x}");
                "u16"
            }
            (Type::U32, Value::U32(x)) => {
                let _ = write!(out, "{x}");
                "u32"
            }
            (Type::U64, Value::U64(x)) => {
                let _ = write!(out, "{x}");
                "u64"
            }
            (Type::U128, Value::U128(x)) => {
                let _ = write!(out, "{x}");
                "u128"
            }
            (Type::U256, Value::U256(x)) => {
                let _ = write!(out, "{x}");
                "u256"
            }
            (Type::Address, Value::Address(a)) => {
                let _ = write!(out, "@{}", self.address(*a));
                ""
            }
            (Type::Signer, Value::Signer(_)) => {
                let _ = write!(out, "signer(@{})", self.address(v.as_address()?));
                ""
            }
            (Type::Vector(elem), Value::Vector(c)) => {
                if **elem == Type::U8 {
                    let bytes = v.as_bytes()?;
                    // Aptos charges these bytes even where other charges are off.
                    self.charge(cost(0, PER_BYTE, bytes.len()))?;
                    out.push_str("0x");
                    for b in &bytes {
                        let _ = write!(out, "{b:02x}");
                    }
                    return Ok(());
                }
                let primitive = !matches!(**elem, Type::Vector(_) | Type::Struct(..));
                let newline = !self.single_line && !primitive;
                let elems = read(c)?;
                out.push('[');
                self.items(
                    elems.iter().map(|e| (None, &**elem, e)),
                    depth,
                    newline,
                    out,
                )?;
                out.push(']');
                ""
            }
            (Type::Struct(name, targs), Value::Struct(c) | Value::Variant(_, c)) => {
                if is(name, "string", "String") {
                    let bytes = read(c)?
                        .first()
                        .ok_or_else(|| invariant("string without bytes"))?
                        .as_bytes()?;
                    if self.charge {
                        self.charge(cost(0, PER_BYTE, bytes.len()))?;
                    }
                    let s = String::from_utf8_lossy(&bytes);
                    let _ = write!(out, "\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
                    return Ok(());
                }
                if is(name, "option", "Option") {
                    return self.option(targs, v, depth, out);
                }
                let newline = !self.single_line;
                match (self.shape(name, targs)?, v) {
                    (Shape::Struct(fields), Value::Struct(_)) => {
                        if self.type_tag {
                            let _ = write!(out, "{} {{", struct_tag(name, targs)?);
                        } else {
                            let _ = write!(out, "{} {{", name.name);
                        }
                        let vals = read(c)?;
                        self.items(
                            fields
                                .iter()
                                .zip(vals.iter())
                                .map(|((n, t), v)| (Some(n.as_str()), t, v)),
                            depth,
                            newline,
                            out,
                        )?;
                        out.push('}');
                    }
                    (Shape::Enum(variants), Value::Variant(tag, _)) => {
                        let Some((vname, fields)) = variants.get(usize::from(*tag)) else {
                            return Err(Stop::Abort(EINVALID_FORMAT));
                        };
                        let _ = write!(out, "{vname}{{");
                        let vals = read(c)?;
                        self.items(
                            fields
                                .iter()
                                .zip(vals.iter())
                                .map(|((n, t), v)| (Some(n.as_str()), t, v)),
                            depth,
                            newline,
                            out,
                        )?;
                        out.push('}');
                    }
                    _ => return Err(invariant("struct value does not match its type").into()),
                }
                ""
            }
            _ => return Err(invariant(format!("cannot format {v:?} as {ty:?}")).into()),
        };
        if self.include_int_type {
            out.push_str(suffix);
        }
        Ok(())
    }

    /// `None` or `Some(x)`, for either representation of `Option` (struct with a vector, or
    /// enum `None | Some`).
    fn option(
        &mut self,
        targs: &[Type],
        v: &Value,
        depth: usize,
        out: &mut String,
    ) -> Result<(), Stop> {
        let inner_ty = one_type(targs)?;
        let inner = match v {
            Value::Struct(c) => {
                let fields = read(c)?;
                let vec = fields
                    .first()
                    .ok_or_else(|| invariant("option without vec"))?;
                let elems = read(vec.container()?)?;
                elems.first().map(Value::copy_value).transpose()?
            }
            Value::Variant(0, _) => None,
            Value::Variant(_, c) => read(c)?.first().map(Value::copy_value).transpose()?,
            _ => return Err(invariant("option value of unexpected shape").into()),
        };
        match inner {
            None => out.push_str("None"),
            Some(x) => {
                out.push_str("Some(");
                self.value(inner_ty, &x, depth, out)?;
                out.push(')');
            }
        }
        Ok(())
    }

    /// The elements or fields between the brackets: ` a, b ` on one line, or one per line.
    fn items<'v>(
        &mut self,
        items: impl Iterator<Item = (Option<&'v str>, &'v Type, &'v Value)>,
        depth: usize,
        newline: bool,
        out: &mut String,
    ) -> Result<(), Stop> {
        let mut any = false;
        for (i, (name, ty, v)) in items.enumerate() {
            if i == 0 {
                newline_or_space(newline, out, depth + 1);
            } else {
                out.push(',');
                newline_or_space(newline, out, depth + 1);
            }
            if let Some(n) = name {
                let _ = write!(out, "{n}: ");
            }
            self.value(ty, v, depth + 1, out)?;
            any = true;
        }
        if any {
            newline_or_space(newline, out, depth);
        }
        Ok(())
    }
}

/// `v` as `debug_string` formats it (type names, several lines), charging nothing but the
/// bytes of `vector<u8>` values: the old `debug::print<T>`.
pub(super) fn debug_text(
    cx: &mut NativeContext<'_>,
    ty: &Type,
    v: &Value,
) -> PartialVMResult<Result<String, u64>> {
    let mut f = Formatter {
        cx,
        charge: false,
        type_tag: true,
        canonicalize: false,
        single_line: false,
        include_int_type: false,
    };
    let mut out = String::new();
    match f.value(ty, v, 0, &mut out) {
        Ok(()) => Ok(Ok(out)),
        Err(Stop::Abort(code)) => Ok(Err(code)),
        Err(Stop::Error(e)) => Err(e),
    }
}

fn native_format(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let ty = one_type(tys)?;
    let [s, type_tag, canonicalize, single_line, include_int_type] = args(a)?;
    let v = s.into_ref()?.read()?;
    let mut f = Formatter {
        cx,
        charge: true,
        type_tag: type_tag.as_bool()?,
        canonicalize: canonicalize.as_bool()?,
        single_line: single_line.as_bool()?,
        include_int_type: include_int_type.as_bool()?,
    };
    let mut out = String::new();
    finish(f.value(ty, &v, 0, &mut out).map(|()| out))
}

/// The `(car, cdr)` types of `0x1::string_utils::Cons<car, cdr>`, or `EARGS_MISMATCH` if `ty`
/// is not that list node (Aptos checks the node's name, not its arity).
fn cons_types(ty: &Type) -> Result<(&Type, &Type), Stop> {
    match ty {
        Type::Struct(n, targs) if is(n, "string_utils", "Cons") => match targs.as_slice() {
            [car, cdr] => Ok((car, cdr)),
            _ => Err(invariant("Cons without two type arguments").into()),
        },
        _ => Err(Stop::Abort(EARGS_MISMATCH)),
    }
}

fn native_format_list(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let mut list_ty = one_type(tys)?;
    let [fmt, val] = args(a)?;
    let mut list = val.into_ref()?.read()?;
    let fmt = fmt.into_ref()?.with(Value::as_bytes)?;
    let Ok(fmt) = String::from_utf8(fmt) else {
        return Ok(NativeResult::Abort(EINVALID_FORMAT));
    };
    cx.charge(cost(0, PER_BYTE, fmt.len()))?;
    let mut f = Formatter {
        cx,
        charge: true,
        type_tag: true,
        canonicalize: false,
        single_line: true,
        include_int_type: false,
    };
    let mut run = || -> Result<String, Stop> {
        let mut out = String::new();
        // 1 after `{`, -1 after `}`, 0 elsewhere.
        let mut in_braces = 0i8;
        for c in fmt.chars() {
            if in_braces == 1 {
                in_braces = 0;
                if c == '}' {
                    let (car_ty, cdr_ty) = cons_types(list_ty)?;
                    let (car, cdr) = {
                        let mut node = write(list.container()?)?;
                        if node.len() != 2 {
                            return Err(invariant("Cons without two fields").into());
                        }
                        let cdr = std::mem::replace(&mut node[1], Value::Invalid);
                        let car = std::mem::replace(&mut node[0], Value::Invalid);
                        (car, cdr)
                    };
                    f.value(car_ty, &car, 0, &mut out)?;
                    list = cdr;
                    list_ty = cdr_ty;
                    continue;
                } else if c != '{' {
                    return Err(Stop::Abort(EINVALID_FORMAT));
                }
            } else if in_braces == -1 {
                in_braces = 0;
                if c != '}' {
                    return Err(Stop::Abort(EINVALID_FORMAT));
                }
            } else if c == '{' {
                in_braces = 1;
                continue;
            } else if c == '}' {
                in_braces = -1;
                continue;
            }
            out.push(c);
        }
        if in_braces != 0 {
            return Err(Stop::Abort(EINVALID_FORMAT));
        }
        match list_ty {
            Type::Struct(n, _) if is(n, "string_utils", "NIL") => Ok(out),
            _ => Err(Stop::Abort(EARGS_MISMATCH)),
        }
    };
    finish(run())
}
