//! Constants: the type is a primitive, `address` or a vector of those, and the bytes are
//! exactly one BCS value of that type.

use lumio_move_binary_format::file_format::{CompiledModule, SignatureToken};
use lumio_move_core_types::StatusCode;

use crate::error::{PartialVMError, PartialVMResult};

/// Verifies the constant pool.
pub(crate) fn verify(m: &CompiledModule) -> PartialVMResult<()> {
    for (i, c) in m.constant_pool.iter().enumerate() {
        if !valid_type(&c.type_) {
            return Err(PartialVMError::new(StatusCode::INVALID_CONSTANT_TYPE)
                .with_message(format!("constant #{i}")));
        }
        let mut rest = c.data.as_slice();
        if !parse(&c.type_, &mut rest, 0) || !rest.is_empty() {
            return Err(PartialVMError::new(StatusCode::MALFORMED_CONSTANT_DATA)
                .with_message(format!("constant #{i}")));
        }
    }
    Ok(())
}

fn valid_type(ty: &SignatureToken) -> bool {
    use SignatureToken as ST;
    match ty {
        ST::Bool | ST::U8 | ST::U16 | ST::U32 | ST::U64 | ST::U128 | ST::U256 | ST::Address => true,
        ST::I8 | ST::I16 | ST::I32 | ST::I64 | ST::I128 | ST::I256 => true,
        ST::Vector(t) => valid_type(t),
        _ => false,
    }
}

fn take(rest: &mut &[u8], n: usize) -> bool {
    match rest.get(n..) {
        Some(tail) => {
            *rest = tail;
            true
        }
        None => false,
    }
}

/// Canonical ULEB128 length as BCS writes it (at most `u32::MAX`, no overlong encoding).
fn uleb_len(rest: &mut &[u8]) -> Option<usize> {
    let mut value: u64 = 0;
    for shift in (0..35).step_by(7) {
        let (&byte, tail) = rest.split_first()?;
        *rest = tail;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            if shift > 0 && byte == 0 {
                return None;
            }
            return if value <= u64::from(u32::MAX) {
                usize::try_from(value).ok()
            } else {
                None
            };
        }
    }
    None
}

/// Consumes one value of `ty`; `false` when the bytes do not encode one. Depth is bounded by
/// the type's own depth (checked at deserialization).
fn parse(ty: &SignatureToken, rest: &mut &[u8], depth: usize) -> bool {
    use SignatureToken as ST;
    if depth > 256 {
        return false;
    }
    match ty {
        ST::Bool => match rest.split_first() {
            Some((&b, tail)) if b <= 1 => {
                *rest = tail;
                true
            }
            _ => false,
        },
        ST::U8 | ST::I8 => take(rest, 1),
        ST::U16 | ST::I16 => take(rest, 2),
        ST::U32 | ST::I32 => take(rest, 4),
        ST::U64 | ST::I64 => take(rest, 8),
        ST::U128 | ST::I128 => take(rest, 16),
        ST::U256 | ST::I256 | ST::Address => take(rest, 32),
        ST::Vector(elem) => {
            let Some(n) = uleb_len(rest) else {
                return false;
            };
            // Every element takes at least one byte: reject absurd lengths early.
            if n > rest.len() {
                return false;
            }
            (0..n).all(|_| parse(elem, rest, depth + 1))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcs_shapes() {
        let v = SignatureToken::Vector(Box::new(SignatureToken::U8));
        let mut ok: &[u8] = &[2, 7, 8];
        assert!(parse(&v, &mut ok, 0) && ok.is_empty());
        let mut short: &[u8] = &[3, 7, 8];
        assert!(!parse(&v, &mut short, 0));
        let mut overlong: &[u8] = &[0x80, 0x00];
        assert!(!parse(&v, &mut overlong, 0));
        let mut bad_bool: &[u8] = &[2];
        assert!(!parse(&SignatureToken::Bool, &mut bad_bool, 0));
    }
}
