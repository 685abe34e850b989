//! Number literals and constants: parsing with suffixes, range checks, and folding of
//! constant expressions (literals, operators, casts, vectors, other constants of the module).

use std::collections::BTreeMap;

use ruint::aliases::U256;

use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::expansion::scope::{ModuleScope, Scopes};
use crate::model::{Program, Type};
use crate::parser::ast;
use crate::tast::{BinOp, ConstValue, Exp, ExpKind};
use crate::typing::exp::FunCtx;

/// Parses a number as written (`1_000`, `0xFF`, `255u8`) into its value and suffix type.
pub(crate) fn parse_number(text: &str) -> Result<(U256, Option<Type>), String> {
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    let suffixes = [
        ("u256", Type::U256),
        ("u128", Type::U128),
        ("u64", Type::U64),
        ("u32", Type::U32),
        ("u16", Type::U16),
        ("u8", Type::U8),
    ];
    let mut digits = clean.as_str();
    let mut suffix = None;
    let is_hex = digits.starts_with("0x");
    for (s, t) in suffixes {
        if let Some(d) = digits.strip_suffix(s) {
            digits = d;
            suffix = Some(t);
            break;
        }
    }
    if suffix.is_none() && (clean.contains('i') && !is_hex) {
        return Err(format!(
            "signed integer literals are not supported: `{text}`"
        ));
    }
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        U256::from_str_radix(hex, 16)
    } else {
        U256::from_str_radix(digits, 10)
    }
    .map_err(|_| format!("invalid number `{text}` (too large or malformed)"))?;
    Ok((value, suffix))
}

/// The largest value of an integer type.
pub(crate) fn max_of(t: &Type) -> Option<U256> {
    let bits = match t {
        Type::U8 => 8,
        Type::U16 => 16,
        Type::U32 => 32,
        Type::U64 => 64,
        Type::U128 => 128,
        Type::U256 => return Some(U256::MAX),
        _ => return None,
    };
    Some((U256::from(1u8) << bits) - U256::from(1u8))
}

/// `v` as a constant of integer type `t`, or `None` when it does not fit.
pub(crate) fn int_value(v: U256, t: &Type) -> Option<ConstValue> {
    if v > max_of(t)? {
        return None;
    }
    let limbs = v.as_limbs();
    Some(match t {
        Type::U8 => ConstValue::U8(limbs[0] as u8),
        Type::U16 => ConstValue::U16(limbs[0] as u16),
        Type::U32 => ConstValue::U32(limbs[0] as u32),
        Type::U64 => ConstValue::U64(limbs[0]),
        Type::U128 => ConstValue::U128(u128::from(limbs[0]) | (u128::from(limbs[1]) << 64)),
        _ => ConstValue::U256(lumio_move_core_types::int256::U256::from_le_bytes(
            v.to_le_bytes::<32>(),
        )),
    })
}

/// The integer in a constant, if it is one.
pub(crate) fn as_u256(v: &ConstValue) -> Option<U256> {
    Some(match v {
        ConstValue::U8(x) => U256::from(*x),
        ConstValue::U16(x) => U256::from(*x),
        ConstValue::U32(x) => U256::from(*x),
        ConstValue::U64(x) => U256::from(*x),
        ConstValue::U128(x) => U256::from(*x),
        ConstValue::U256(x) => U256::from_le_bytes(x.to_le_bytes()),
        _ => return None,
    })
}

/// Types and folds the constants of one module (or script), in source order. A constant may
/// use others of the same module, in any order; a cycle is an error.
pub(super) fn fold_module(
    program: &Program,
    scopes: &Scopes,
    scope: &ModuleScope,
    constants: &[&ast::Constant],
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<ConstValue>> {
    let decls: Vec<Type> = match scope.module {
        Some(m) => program
            .module(m)
            .constants
            .iter()
            .map(|c| c.ty.clone())
            .collect(),
        None => program
            .scripts
            .get(
                scopes
                    .scripts
                    .iter()
                    .position(|s| s.loc == scope.loc)
                    .unwrap_or(usize::MAX),
            )
            .map(|s| s.constants.iter().map(|c| c.ty.clone()).collect())
            .unwrap_or_default(),
    };
    let mut values: BTreeMap<u32, ConstValue> = BTreeMap::new();
    let mut failed = vec![false; constants.len()];
    loop {
        let mut progress = false;
        let mut waiting = Vec::new();
        for (i, c) in constants.iter().enumerate() {
            if values.contains_key(&(i as u32)) || failed[i] {
                continue;
            }
            let ty = decls.get(i).cloned().unwrap_or(Type::Error);
            let mut ctx = FunCtx::for_constant(program, scopes, scope, options, &values);
            let exp = ctx.constant_exp(&c.value, &ty);
            if ctx.pending_constant {
                waiting.push(i);
                continue;
            }
            let mut d = ctx.into_diagnostics();
            if d.iter().any(Diagnostic::is_error) {
                diags.append(&mut d);
                failed[i] = true;
                continue;
            }
            diags.append(&mut d);
            match eval(&exp) {
                Ok(v) => {
                    values.insert(i as u32, v);
                    progress = true;
                }
                Err(msg) => {
                    diags.push(Diagnostic::error(
                        Code::InvalidConstant,
                        format!("invalid constant `{}`: {msg}", c.name.value),
                        c.value.span,
                        msg,
                    ));
                    failed[i] = true;
                }
            }
        }
        if waiting.is_empty() || !progress {
            for i in waiting {
                diags.push(Diagnostic::error(
                    Code::InvalidConstant,
                    format!("constant `{}` depends on itself", constants[i].name.value),
                    constants[i].name.span,
                    "cyclic definition",
                ));
            }
            break;
        }
    }
    (0..constants.len())
        .map(|i| values.get(&(i as u32)).cloned())
        .collect()
}

/// Evaluates a typed constant expression.
pub(crate) fn eval(e: &Exp) -> Result<ConstValue, String> {
    match &e.kind {
        ExpKind::Value(v) => Ok(v.clone()),
        ExpKind::Vector(_, es) => Ok(ConstValue::Vector(es.iter().map(eval).collect::<Result<_, _>>()?)),
        ExpKind::Block(stmts, e) if stmts.is_empty() => eval(e),
        ExpKind::Not(a) => match eval(a)? {
            ConstValue::Bool(b) => Ok(ConstValue::Bool(!b)),
            _ => Err("`!` of a non-boolean".into()),
        },
        ExpKind::Cast(a) => {
            let v = as_u256(&eval(a)?).ok_or("cast of a non-integer")?;
            int_value(v, &e.ty).ok_or_else(|| "the cast value does not fit the type".into())
        }
        ExpKind::Binary(op, a, b) => {
            let (x, y) = (eval(a)?, eval(b)?);
            binary(*op, &x, &y, &a.ty)
        }
        ExpKind::IfElse(c, t, f) => match eval(c)? {
            ConstValue::Bool(true) => eval(t),
            ConstValue::Bool(false) => eval(f),
            _ => Err("non-boolean condition".into()),
        },
        _ => Err("not a constant expression (only literals, operators, casts, vectors and other constants)".into()),
    }
}

fn binary(op: BinOp, x: &ConstValue, y: &ConstValue, ty: &Type) -> Result<ConstValue, String> {
    use BinOp::*;
    match op {
        Eq => return Ok(ConstValue::Bool(x == y)),
        Neq => return Ok(ConstValue::Bool(x != y)),
        And | Or => {
            let (ConstValue::Bool(a), ConstValue::Bool(b)) = (x, y) else {
                return Err("boolean operator on non-booleans".into());
            };
            return Ok(ConstValue::Bool(if op == And {
                *a && *b
            } else {
                *a || *b
            }));
        }
        _ => {}
    }
    let (a, b) = (
        as_u256(x).ok_or("arithmetic on a non-integer")?,
        as_u256(y).ok_or("arithmetic on a non-integer")?,
    );
    let overflow = || "arithmetic overflow".to_string();
    let fit = |v: Option<U256>| -> Result<ConstValue, String> {
        let v = v.ok_or_else(overflow)?;
        int_value(v, ty).ok_or_else(overflow)
    };
    match op {
        Add => fit(a.checked_add(b)),
        Sub => fit(a.checked_sub(b)),
        Mul => fit(a.checked_mul(b)),
        Div => {
            if b.is_zero() {
                Err("division by zero".into())
            } else {
                fit(Some(a / b))
            }
        }
        Mod => {
            if b.is_zero() {
                Err("division by zero".into())
            } else {
                fit(Some(a % b))
            }
        }
        BitOr => fit(Some(a | b)),
        BitAnd => fit(Some(a & b)),
        Xor => fit(Some(a ^ b)),
        Shl | Shr => {
            let bits = max_of(ty).map(|m| m.bit_len()).unwrap_or(256);
            let n: usize = b.try_into().map_err(|_| "shift amount too large")?;
            if n >= bits {
                return Err("shift amount not less than the type's width".into());
            }
            let max = max_of(ty).ok_or("shift of a non-integer")?;
            if op == Shl {
                fit(Some((a << n) & max))
            } else {
                fit(Some(a >> n))
            }
        }
        Lt => Ok(ConstValue::Bool(a < b)),
        Gt => Ok(ConstValue::Bool(a > b)),
        Le => Ok(ConstValue::Bool(a <= b)),
        Ge => Ok(ConstValue::Bool(a >= b)),
        Eq | Neq | And | Or => unreachable!("handled above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_with_suffixes_and_hex() {
        assert_eq!(parse_number("1_000").unwrap(), (U256::from(1000u32), None));
        assert_eq!(
            parse_number("0xFFu8").unwrap(),
            (U256::from(255u32), Some(Type::U8))
        );
        assert_eq!(
            parse_number("7u256").unwrap(),
            (U256::from(7u32), Some(Type::U256))
        );
        assert!(parse_number(&"9".repeat(90)).is_err());
        assert!(int_value(U256::from(256u32), &Type::U8).is_none());
        assert_eq!(
            int_value(U256::from(255u32), &Type::U8),
            Some(ConstValue::U8(255))
        );
    }

    #[test]
    fn folding_checks_overflow_and_shifts() {
        let v = |x: u64| ConstValue::U64(x);
        assert_eq!(binary(BinOp::Add, &v(1), &v(2), &Type::U64), Ok(v(3)));
        assert!(binary(BinOp::Add, &v(u64::MAX), &v(1), &Type::U64).is_err());
        assert!(binary(BinOp::Div, &v(1), &v(0), &Type::U64).is_err());
        assert_eq!(
            binary(
                BinOp::Shl,
                &ConstValue::U8(0x81),
                &ConstValue::U8(1),
                &Type::U8
            ),
            Ok(ConstValue::U8(2))
        );
        assert!(
            binary(
                BinOp::Shl,
                &ConstValue::U8(1),
                &ConstValue::U8(8),
                &Type::U8
            )
            .is_err()
        );
    }
}
