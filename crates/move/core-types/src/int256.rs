//! 256-bit integers as stored in bytecode and BCS: 32 bytes little-endian.
//!
//! These are storage types (constants, `LdU256`/`LdI256` immediates, values in BCS); arithmetic
//! belongs to the VM. Display/parse in decimal.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// Unsigned 256-bit integer, little-endian bytes.
#[derive(Clone, Copy, Default, Eq, Hash, PartialEq)]
pub struct U256([u8; 32]);

/// Signed 256-bit integer (two's complement), little-endian bytes.
#[derive(Clone, Copy, Default, Eq, Hash, PartialEq)]
pub struct I256([u8; 32]);

/// Error parsing a 256-bit integer from decimal text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid 256-bit integer {0:?}")]
pub struct ParseIntError(pub String);

fn to_limbs(b: &[u8; 32]) -> [u64; 4] {
    let mut l = [0u64; 4];
    for (i, chunk) in b.chunks_exact(8).enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        l[i] = u64::from_le_bytes(w);
    }
    l
}

fn from_limbs(l: [u64; 4]) -> [u8; 32] {
    let mut b = [0u8; 32];
    for (i, w) in l.iter().enumerate() {
        b[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    b
}

/// Decimal digits of an unsigned little-endian magnitude.
fn to_decimal(bytes: &[u8; 32]) -> String {
    let mut limbs = to_limbs(bytes);
    if limbs == [0; 4] {
        return "0".into();
    }
    const CHUNK: u64 = 10_000_000_000_000_000_000; // 10^19
    let mut parts = Vec::new();
    while limbs != [0; 4] {
        let mut rem: u128 = 0;
        for limb in limbs.iter_mut().rev() {
            let cur = (rem << 64) | u128::from(*limb);
            *limb = (cur / u128::from(CHUNK)) as u64;
            rem = cur % u128::from(CHUNK);
        }
        parts.push(rem as u64);
    }
    let mut s = String::new();
    for (i, p) in parts.iter().rev().enumerate() {
        if i == 0 {
            s.push_str(&p.to_string());
        } else {
            s.push_str(&format!("{p:019}"));
        }
    }
    s
}

/// Parses decimal digits into a magnitude; `None` on overflow or bad digit.
fn from_decimal(s: &str) -> Option<[u8; 32]> {
    if s.is_empty() {
        return None;
    }
    let mut limbs = [0u64; 4];
    for c in s.bytes() {
        if !c.is_ascii_digit() {
            return None;
        }
        let mut carry = u128::from(c - b'0');
        for limb in &mut limbs {
            let cur = u128::from(*limb) * 10 + carry;
            *limb = cur as u64;
            carry = cur >> 64;
        }
        if carry != 0 {
            return None;
        }
    }
    Some(from_limbs(limbs))
}

fn negate(b: [u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 1u16;
    for (o, x) in out.iter_mut().zip(b) {
        let v = u16::from(!x) + carry;
        *o = v as u8;
        carry = v >> 8;
    }
    out
}

impl U256 {
    /// Zero.
    pub const ZERO: Self = Self([0; 32]);
    /// Largest value.
    pub const MAX: Self = Self([0xFF; 32]);

    /// From little-endian bytes.
    pub const fn from_le_bytes(b: [u8; 32]) -> Self {
        Self(b)
    }
    /// To little-endian bytes.
    pub const fn to_le_bytes(self) -> [u8; 32] {
        self.0
    }
    /// Widens a `u128`.
    pub fn from_u128(v: u128) -> Self {
        let mut b = [0u8; 32];
        b[..16].copy_from_slice(&v.to_le_bytes());
        Self(b)
    }
    /// Narrows to `u128` if it fits.
    pub fn to_u128(self) -> Option<u128> {
        if self.0[16..].iter().any(|b| *b != 0) {
            return None;
        }
        let mut w = [0u8; 16];
        w.copy_from_slice(&self.0[..16]);
        Some(u128::from_le_bytes(w))
    }
}

impl I256 {
    /// Zero.
    pub const ZERO: Self = Self([0; 32]);

    /// From little-endian two's-complement bytes.
    pub const fn from_le_bytes(b: [u8; 32]) -> Self {
        Self(b)
    }
    /// To little-endian two's-complement bytes.
    pub const fn to_le_bytes(self) -> [u8; 32] {
        self.0
    }
    /// Widens an `i128`.
    pub fn from_i128(v: i128) -> Self {
        let fill = if v < 0 { 0xFF } else { 0 };
        let mut b = [fill; 32];
        b[..16].copy_from_slice(&v.to_le_bytes());
        Self(b)
    }
    /// Whether negative.
    pub fn is_negative(self) -> bool {
        self.0[31] & 0x80 != 0
    }
}

impl Ord for U256 {
    /// Numeric order.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}
impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for I256 {
    /// Numeric order (sign bit flipped, then unsigned comparison).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |b: &[u8; 32]| {
            let mut k = *b;
            k[31] ^= 0x80;
            k
        };
        key(&self.0).iter().rev().cmp(key(&other.0).iter().rev())
    }
}
impl PartialOrd for I256 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&to_decimal(&self.0))
    }
}
impl fmt::Debug for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}
impl fmt::Display for I256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_negative() {
            write!(f, "-{}", to_decimal(&negate(self.0)))
        } else {
            f.write_str(&to_decimal(&self.0))
        }
    }
}
impl fmt::Debug for I256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl FromStr for U256 {
    type Err = ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        from_decimal(s)
            .map(Self)
            .ok_or_else(|| ParseIntError(s.into()))
    }
}

impl FromStr for I256 {
    type Err = ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseIntError(s.into());
        let (neg, digits) = match s.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, s),
        };
        let mag = from_decimal(digits).ok_or_else(err)?;
        let v = if neg { negate(mag) } else { mag };
        let r = Self(v);
        // Sign must match (rejects overflow such as 2^255 positive); zero is fine either way.
        if mag != [0; 32] && r.is_negative() != neg {
            return Err(err());
        }
        Ok(r)
    }
}

// `stringify!` cannot be used inside `#[serde(rename)]`; the name is irrelevant to BCS.
macro_rules! serde_256_named {
    ($t:ident, $name:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if serializer.is_human_readable() {
                    serializer.serialize_str(&self.to_string())
                } else {
                    serializer.serialize_newtype_struct($name, &self.0)
                }
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if deserializer.is_human_readable() {
                    let s = String::deserialize(deserializer)?;
                    s.parse().map_err(de::Error::custom)
                } else {
                    #[derive(Deserialize)]
                    #[serde(rename = $name)]
                    struct Raw([u8; 32]);
                    let Raw(b) = Raw::deserialize(deserializer)?;
                    Ok(Self(b))
                }
            }
        }
    };
}

serde_256_named!(U256, "U256");
serde_256_named!(I256, "I256");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_round_trip() {
        assert_eq!(U256::ZERO.to_string(), "0");
        assert_eq!(
            U256::from_u128(u128::MAX).to_string(),
            u128::MAX.to_string()
        );
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        assert_eq!(U256::MAX.to_string(), max);
        assert_eq!(max.parse::<U256>().unwrap(), U256::MAX);
        assert!(
            "115792089237316195423570985008687907853269984665640564039457584007913129639936"
                .parse::<U256>()
                .is_err()
        );
        assert_eq!(I256::from_i128(-5).to_string(), "-5");
        assert_eq!("-5".parse::<I256>().unwrap(), I256::from_i128(-5));
        assert_eq!(
            I256::from_i128(i128::MIN).to_string(),
            i128::MIN.to_string()
        );
        assert!(I256::from_i128(-1) < I256::from_i128(0));
        assert!(U256::from_u128(1) < U256::MAX);
    }

    #[test]
    fn bcs_is_32_bytes() {
        let v = U256::from_u128(258);
        let b = bcs::to_bytes(&v).unwrap();
        assert_eq!(b.len(), 32);
        assert_eq!(&b[..2], &[2, 1]);
        assert_eq!(bcs::from_bytes::<U256>(&b).unwrap(), v);
    }
}
