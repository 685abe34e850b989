//! 32-byte Move account addresses with the Aptos text forms.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// A 32-byte account address.
///
/// Text forms (Aptos / AIP-40):
/// - [`Display`](fmt::Display) = [`AccountAddress::to_standard_string`]: special addresses
///   `0x0`..=`0xf` in short form, everything else `0x` + 64 hex digits;
/// - [`AccountAddress::to_hex_literal`]: `0x` + hex without leading zeros (`0x1`, `0xcafe`);
/// - [`AccountAddress::to_canonical_string`]: 64 hex digits, no prefix.
///
/// Parsing ([`FromStr`]) accepts `0x`-prefixed hex of 1..=64 digits (short or long form) and
/// un-prefixed hex of exactly 64 digits.
#[derive(Clone, Copy, Default, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct AccountAddress([u8; AccountAddress::LENGTH]);

/// Error parsing an address from text or bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountAddressParseError {
    /// Wrong byte length.
    #[error("address must be 32 bytes, got {0}")]
    BadLength(usize),
    /// Not hex, empty, or more than 64 digits.
    #[error("invalid address literal {0:?}")]
    BadLiteral(String),
}

impl AccountAddress {
    /// Number of bytes.
    pub const LENGTH: usize = 32;
    /// `0x0`.
    pub const ZERO: Self = Self([0; 32]);
    /// `0x1`, the framework address.
    pub const ONE: Self = Self::from_u8(1);
    /// `0x2`.
    pub const TWO: Self = Self::from_u8(2);
    /// `0x3`.
    pub const THREE: Self = Self::from_u8(3);
    /// `0x4`.
    pub const FOUR: Self = Self::from_u8(4);

    /// Wraps raw bytes.
    pub const fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The address whose last byte is `b` and all other bytes zero.
    pub const fn from_u8(b: u8) -> Self {
        let mut bytes = [0u8; 32];
        bytes[31] = b;
        Self(bytes)
    }

    /// Decodes from a 32-byte slice.
    pub fn from_bytes(bytes: impl AsRef<[u8]>) -> Result<Self, AccountAddressParseError> {
        let bytes = bytes.as_ref();
        <[u8; 32]>::try_from(bytes)
            .map(Self)
            .map_err(|_| AccountAddressParseError::BadLength(bytes.len()))
    }

    /// Raw bytes.
    pub const fn into_bytes(self) -> [u8; 32] {
        self.0
    }

    /// Raw bytes by reference.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Whether this is one of the special addresses `0x0`..=`0xf` (AIP-40).
    pub fn is_special(&self) -> bool {
        self.0[..31].iter().all(|b| *b == 0) && self.0[31] < 0x10
    }

    /// 64 lowercase hex digits, no prefix.
    pub fn to_canonical_string(&self) -> String {
        hex::encode(self.0)
    }

    /// Hex without leading zeros and without prefix; `"0"` for the zero address.
    pub fn short_str_lossless(&self) -> String {
        let full = hex::encode(self.0);
        let trimmed = full.trim_start_matches('0');
        if trimmed.is_empty() {
            "0".to_string()
        } else {
            trimmed.to_string()
        }
    }

    /// `0x` + [`AccountAddress::short_str_lossless`], e.g. `0x1`.
    pub fn to_hex_literal(&self) -> String {
        format!("0x{}", self.short_str_lossless())
    }

    /// AIP-40 form: short for special addresses, otherwise `0x` + 64 hex digits.
    pub fn to_standard_string(&self) -> String {
        if self.is_special() {
            self.to_hex_literal()
        } else {
            format!("0x{}", self.to_canonical_string())
        }
    }

    /// Parses `0x`-prefixed hex (1..=64 digits); same as [`FromStr`] but stricter: requires the
    /// prefix.
    pub fn from_hex_literal(literal: &str) -> Result<Self, AccountAddressParseError> {
        let bad = || AccountAddressParseError::BadLiteral(literal.to_string());
        let digits = literal.strip_prefix("0x").ok_or_else(bad)?;
        Self::from_hex_digits(digits).ok_or_else(bad)
    }

    fn from_hex_digits(digits: &str) -> Option<Self> {
        if digits.is_empty() || digits.len() > 64 || !digits.bytes().all(|c| c.is_ascii_hexdigit())
        {
            return None;
        }
        let padded = format!("{digits:0>64}");
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(padded, &mut bytes).ok()?;
        Some(Self(bytes))
    }
}

impl FromStr for AccountAddress {
    type Err = AccountAddressParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.starts_with("0x") {
            return Self::from_hex_literal(s);
        }
        if s.len() == 64
            && let Some(a) = Self::from_hex_digits(s)
        {
            return Ok(a);
        }
        Err(AccountAddressParseError::BadLiteral(s.to_string()))
    }
}

impl fmt::Display for AccountAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_standard_string())
    }
}

impl fmt::Debug for AccountAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_standard_string())
    }
}

impl fmt::LowerHex for AccountAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.write_str("0x")?;
        }
        f.write_str(&hex::encode(self.0))
    }
}

impl From<[u8; 32]> for AccountAddress {
    fn from(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
}

impl From<AccountAddress> for [u8; 32] {
    fn from(a: AccountAddress) -> Self {
        a.0
    }
}

impl AsRef<[u8]> for AccountAddress {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for AccountAddress {
    /// Human-readable formats (JSON) get the AIP-40 string; binary formats (BCS) get 32 raw
    /// bytes without a length prefix.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&self.to_standard_string())
        } else {
            // A newtype around a fixed array: BCS writes the 32 bytes as-is.
            serializer.serialize_newtype_struct("AccountAddress", &self.0)
        }
    }
}

impl<'de> Deserialize<'de> for AccountAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let s = <String>::deserialize(deserializer)?;
            s.parse().map_err(de::Error::custom)
        } else {
            #[derive(Deserialize)]
            #[serde(rename = "AccountAddress")]
            struct Raw([u8; 32]);
            let Raw(bytes) = Raw::deserialize(deserializer)?;
            Ok(Self(bytes))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_forms() {
        assert_eq!(AccountAddress::ONE.to_string(), "0x1");
        assert_eq!(AccountAddress::from_u8(0xf).to_string(), "0xf");
        let a = AccountAddress::from_u8(0x10);
        assert_eq!(a.to_string(), format!("0x{}10", "0".repeat(62)));
        assert_eq!(a.to_hex_literal(), "0x10");
        assert_eq!(AccountAddress::ZERO.to_hex_literal(), "0x0");
        assert_eq!(AccountAddress::ZERO.short_str_lossless(), "0");
    }

    #[test]
    fn parse_forms() {
        assert_eq!(
            "0x1".parse::<AccountAddress>().unwrap(),
            AccountAddress::ONE
        );
        let long = format!("0x{}1", "0".repeat(63));
        assert_eq!(long.parse::<AccountAddress>().unwrap(), AccountAddress::ONE);
        assert_eq!(
            long[2..].parse::<AccountAddress>().unwrap(),
            AccountAddress::ONE
        );
        assert!("0x".parse::<AccountAddress>().is_err());
        assert!("1".parse::<AccountAddress>().is_err());
        assert!(
            format!("0x{}", "1".repeat(65))
                .parse::<AccountAddress>()
                .is_err()
        );
        assert!("0xzz".parse::<AccountAddress>().is_err());
    }

    #[test]
    fn bcs_is_32_raw_bytes() {
        let a = AccountAddress::from_u8(7);
        let b = bcs::to_bytes(&a).unwrap();
        assert_eq!(b.len(), 32);
        assert_eq!(b[31], 7);
        assert_eq!(bcs::from_bytes::<AccountAddress>(&b).unwrap(), a);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"0x7\"");
    }
}
