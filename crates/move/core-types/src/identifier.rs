//! Move identifiers (module, struct, function, field names).
//!
//! Rules (Aptos): ASCII only; the first character is a letter, or `_` followed by at least one
//! more character; the rest are letters, digits or `_`. From bytecode version 9 `$` is also
//! allowed (compiler-generated names such as `pack$S`); it is accepted wherever `_` is. The
//! special names `<SELF>` and `<SELF>_<digits>` (compiler v2 script functions) are valid too. Length limits are the binary format's business
//! (`max_identifier_size`), not this type's.

use std::{borrow::Borrow, fmt, ops::Deref, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, de};

/// Borrowed identifier. A plain `str` alias: this crate forbids `unsafe`, which a
/// transparent unsized wrapper would need; validity is guaranteed by [`Identifier`].
pub type IdentStr = str;

/// Identifier validity error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid identifier {0:?}")]
pub struct IdentifierError(pub String);

/// Whether `b` may appear after the first character.
const fn is_rest_char(b: u8, allow_dollar: bool) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || (allow_dollar && b == b'$')
}

/// Whether `s` is a valid identifier. `allow_dollar` is the version-9 rule (`$` allowed).
pub fn is_valid_identifier(s: &str, allow_dollar: bool) -> bool {
    let b = s.as_bytes();
    if s == "<SELF>" {
        return true;
    }
    // Compiler v2 names script functions `<SELF>_<n>`.
    if let Some(digits) = s.strip_prefix("<SELF>_") {
        return !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit());
    }
    let Some((&first, rest)) = b.split_first() else {
        return false;
    };
    let first_ok = first.is_ascii_alphabetic()
        || ((first == b'_' || (allow_dollar && first == b'$')) && !rest.is_empty());
    first_ok && rest.iter().all(|c| is_rest_char(*c, allow_dollar))
}

/// An owned, valid identifier.
#[derive(Clone, Eq, Hash, PartialEq, PartialOrd, Ord, Serialize)]
pub struct Identifier(Box<str>);

impl Identifier {
    /// Validates with the newest rules (`$` allowed).
    pub fn new(s: impl Into<Box<str>>) -> Result<Self, IdentifierError> {
        Self::new_with_rule(s, true)
    }

    /// Validates with an explicit `$` rule (see [`is_valid_identifier`]).
    pub fn new_with_rule(
        s: impl Into<Box<str>>,
        allow_dollar: bool,
    ) -> Result<Self, IdentifierError> {
        let s = s.into();
        if is_valid_identifier(&s, allow_dollar) {
            Ok(Self(s))
        } else {
            Err(IdentifierError(s.into()))
        }
    }

    /// Whether `s` is valid under the newest rules.
    pub fn is_valid(s: &str) -> bool {
        is_valid_identifier(s, true)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as [`IdentStr`].
    pub fn as_ident_str(&self) -> &IdentStr {
        &self.0
    }

    /// Consumes into a `String`.
    pub fn into_string(self) -> String {
        self.0.into()
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false for a valid identifier; present for clippy's `len_without_is_empty`.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Deref for Identifier {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Identifier {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Identifier {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Identifier {
    type Err = IdentifierError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl PartialEq<str> for Identifier {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Identifier {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl<'de> Deserialize<'de> for Identifier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Identifier::new(s).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity() {
        for ok in [
            "a",
            "A1",
            "_a",
            "__",
            "foo_bar",
            "<SELF>",
            "<SELF>_0",
            "<SELF>_12",
            "x9_",
        ] {
            assert!(is_valid_identifier(ok, false), "{ok}");
        }
        for bad in [
            "", "_", "1a", "a-b", "a b", "é", "a::b", "$a", "<SELF>_", "<SELF>_x", "<SELF",
        ] {
            assert!(!is_valid_identifier(bad, false), "{bad}");
        }
        assert!(!is_valid_identifier("pack$S", false));
        assert!(is_valid_identifier("pack$S", true));
        assert!(is_valid_identifier("$a", true));
        assert!(!is_valid_identifier("$", true));
    }

    #[test]
    fn bcs_is_string() {
        let id = Identifier::new("coin").unwrap();
        assert_eq!(bcs::to_bytes(&id).unwrap(), b"\x04coin");
        assert!(bcs::from_bytes::<Identifier>(b"\x011").is_err());
    }
}
