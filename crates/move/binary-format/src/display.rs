//! Shared text helpers for the disassembler and the ABI summary: type names and constants.

use lumio_move_core_types::{MoveTypeLayout, MoveValue};

use crate::{access::BinaryIndexedView, file_format::*};

/// How struct names are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Qualify {
    /// Always `0x1::module::Name` (ABI form).
    Full,
    /// Structs of `self_handle` as `Name`, others `0x1::module::Name`.
    ExceptSelf(Option<ModuleHandleIndex>),
}

/// Type text, e.g. `&mut 0x1::coin::Coin<T0>`, `vector<u8>`.
pub(crate) fn type_string(view: BinaryIndexedView<'_>, ty: &SignatureToken, q: Qualify) -> String {
    use SignatureToken as T;
    let list = |ts: &[SignatureToken]| {
        ts.iter()
            .map(|t| type_string(view, t, q))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match ty {
        T::Bool => "bool".into(),
        T::U8 => "u8".into(),
        T::U16 => "u16".into(),
        T::U32 => "u32".into(),
        T::U64 => "u64".into(),
        T::U128 => "u128".into(),
        T::U256 => "u256".into(),
        T::I8 => "i8".into(),
        T::I16 => "i16".into(),
        T::I32 => "i32".into(),
        T::I64 => "i64".into(),
        T::I128 => "i128".into(),
        T::I256 => "i256".into(),
        T::Address => "address".into(),
        T::Signer => "signer".into(),
        T::Vector(t) => format!("vector<{}>", type_string(view, t, q)),
        T::Reference(t) => format!("&{}", type_string(view, t, q)),
        T::MutableReference(t) => format!("&mut {}", type_string(view, t, q)),
        T::TypeParameter(i) => format!("T{i}"),
        T::Struct(h) => struct_name(view, *h, q),
        T::StructInstantiation(h, args) => format!("{}<{}>", struct_name(view, *h, q), list(args)),
        T::Function(args, results, abilities) => {
            let res = match results.as_slice() {
                [] => String::new(),
                [one] => type_string(view, one, q),
                many => format!("({})", list(many)),
            };
            let mut s = format!("|{}|{res}", list(args));
            if !abilities.is_empty() {
                let names: Vec<_> = abilities.iter().map(|a| a.name()).collect();
                s.push_str(&format!(" has {}", names.join(" + ")));
            }
            s
        }
    }
}

/// Struct name per `q`; `<?>` if indices are broken (never after the bounds check).
pub(crate) fn struct_name(view: BinaryIndexedView<'_>, h: StructHandleIndex, q: Qualify) -> String {
    let Ok(handle) = view.struct_handle_at(h) else {
        return format!("<struct #{h}?>");
    };
    let name = view.identifier_at(handle.name).unwrap_or("<?>");
    if q == Qualify::ExceptSelf(Some(handle.module)) {
        return name.to_string();
    }
    match view
        .module_handle_at(handle.module)
        .and_then(|m| view.module_id_for_handle(m))
    {
        Ok(id) => format!("{id}::{name}"),
        Err(_) => format!("<?>::{name}"),
    }
}

/// Value layout for a constant type (primitives and vectors of them).
pub(crate) fn constant_layout(ty: &SignatureToken) -> Option<MoveTypeLayout> {
    use SignatureToken as T;
    Some(match ty {
        T::Bool => MoveTypeLayout::Bool,
        T::U8 => MoveTypeLayout::U8,
        T::U16 => MoveTypeLayout::U16,
        T::U32 => MoveTypeLayout::U32,
        T::U64 => MoveTypeLayout::U64,
        T::U128 => MoveTypeLayout::U128,
        T::U256 => MoveTypeLayout::U256,
        T::I8 => MoveTypeLayout::I8,
        T::I16 => MoveTypeLayout::I16,
        T::I32 => MoveTypeLayout::I32,
        T::I64 => MoveTypeLayout::I64,
        T::I128 => MoveTypeLayout::I128,
        T::I256 => MoveTypeLayout::I256,
        T::Address => MoveTypeLayout::Address,
        T::Vector(inner) => MoveTypeLayout::Vector(Box::new(constant_layout(inner)?)),
        _ => return None,
    })
}

/// Decoded constant text; raw hex if the type is not a constant type or the bytes are bad.
pub(crate) fn constant_string(c: &Constant) -> String {
    let decoded =
        constant_layout(&c.type_).and_then(|l| MoveValue::simple_deserialize(&c.data, &l).ok());
    match decoded {
        Some(v) => {
            let mut s = v.to_string();
            if c.type_ == SignatureToken::Vector(Box::new(SignatureToken::U8))
                && let Ok(text) =
                    std::str::from_utf8(&c.data[c.data.len().min(skip_uleb(&c.data))..])
                && !text.is_empty()
                && text.chars().all(|ch| ch.is_ascii_graphic() || ch == ' ')
            {
                s.push_str(&format!(" // {text:?}"));
            }
            s
        }
        None => format!("<undecodable {}>", hex::encode(&c.data)),
    }
}

/// Number of bytes of the leading ULEB128 length.
fn skip_uleb(b: &[u8]) -> usize {
    b.iter()
        .position(|x| x & 0x80 == 0)
        .map_or(b.len(), |p| p + 1)
}
