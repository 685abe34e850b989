//! `package-metadata.bcs`: the `0x1::code::PackageMetadata` the Aptos CLI saves next to the
//! bytecode and sends with `code::publish_package_txn`.
//!
//! Layout (BCS, field order of `code.move`): `name: String`, `upgrade_policy: { policy: u8 }`,
//! `upgrade_number: u64` (0), `source_digest: String`, `manifest: vector<u8>` (the gzipped
//! `Move.toml` text), `modules: vector<ModuleMetadata { name, source, source_map, extension }>`,
//! `deps: vector<PackageDep { account: address, package_name: String }>`,
//! `extension: Option<Any>` (none). Blobs are gzipped at the best level, as Aptos's
//! `zip_metadata` does. What Aptos calls the "sparse" artifacts are included (its default for
//! `aptos move compile --save-metadata` and `publish`): each module's gzipped source, no source
//! map. `deps` is every (address, package) pair of the dependencies' modules, sorted.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use lumio_move_core_types::account_address::AccountAddress;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `0x1::code::PackageMetadata`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageMetadata {
    /// The package name.
    pub name: String,
    /// `UpgradePolicy { policy: u8 }`.
    pub upgrade_policy: UpgradePolicyValue,
    /// 0 when built; the chain counts upgrades.
    pub upgrade_number: u64,
    /// [`source_digest`] of the package's files.
    pub source_digest: String,
    /// The gzipped manifest text.
    pub manifest: Vec<u8>,
    /// One entry per module of the package.
    pub modules: Vec<ModuleMetadata>,
    /// The packages the modules depend on.
    pub deps: Vec<PackageDep>,
    /// Always none.
    pub extension: Option<Any>,
}

/// `0x1::code::UpgradePolicy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpgradePolicyValue {
    /// 0 arbitrary, 1 compatible, 2 immutable.
    pub policy: u8,
}

/// `0x1::code::ModuleMetadata`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleMetadata {
    /// The module name.
    pub name: String,
    /// The gzipped source text of the file the module is in (empty if not included).
    pub source: Vec<u8>,
    /// The compressed source map (empty: not included).
    pub source_map: Vec<u8>,
    /// Always none.
    pub extension: Option<Any>,
}

/// `0x1::code::PackageDep`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PackageDep {
    /// Where the dependency is published.
    pub account: AccountAddress,
    /// Its name.
    pub package_name: String,
}

/// `0x1::copyable_any::Any` (never produced; here for the type's shape).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Any {
    /// The type name.
    pub type_name: String,
    /// BCS of the value.
    pub data: Vec<u8>,
}

impl PackageMetadata {
    /// BCS bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        bcs::to_bytes(self).expect("PackageMetadata has a BCS encoding")
    }

    /// Decodes BCS bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, bcs::Error> {
        bcs::from_bytes(bytes)
    }
}

/// Gzips `data` at the best compression (Aptos's `zip_metadata`).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).expect("writing to a Vec");
    e.finish().expect("writing to a Vec")
}

/// Un-gzips `data`.
pub fn gunzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    GzDecoder::new(data).read_to_end(&mut out)?;
    Ok(out)
}

/// The source digest of a package as `move-package` computes it: the upper-case hex SHA-256
/// of each file (the manifest and the `.move` files; `\r\n` read as `\n`), sorted, then the
/// upper-case hex SHA-256 of their concatenation.
pub fn source_digest<'a>(files: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hashes: Vec<String> = files
        .into_iter()
        .map(|f| hex::encode_upper(Sha256::digest(normalize_newlines(f))))
        .collect();
    hashes.sort();
    let mut h = Sha256::new();
    for f in &hashes {
        h.update(f.as_bytes());
    }
    hex::encode_upper(h.finalize())
}

fn normalize_newlines(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !bytes.windows(2).any(|w| w == b"\r\n") {
        return bytes.into();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\r\n") {
            out.push(b'\n');
            i += 2;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcs_layout_field_by_field() {
        let m = PackageMetadata {
            name: "P".into(),
            upgrade_policy: UpgradePolicyValue { policy: 1 },
            upgrade_number: 0,
            source_digest: "AB".into(),
            manifest: vec![9],
            modules: vec![ModuleMetadata {
                name: "m".into(),
                source: vec![7, 7],
                source_map: vec![],
                extension: None,
            }],
            deps: vec![PackageDep {
                account: AccountAddress::ONE,
                package_name: "D".into(),
            }],
            extension: None,
        };
        let bytes = m.to_bytes();
        let mut want = vec![1, b'P', 1];
        want.extend([0; 8]);
        want.extend([2, b'A', b'B', 1, 9]);
        want.extend([1, 1, b'm', 2, 7, 7, 0, 0]);
        want.push(1);
        want.extend(AccountAddress::ONE.as_ref());
        want.extend([1, b'D', 0]);
        assert_eq!(bytes, want);
        assert_eq!(PackageMetadata::from_bytes(&bytes).unwrap(), m);
    }

    #[test]
    fn gzip_round_trip() {
        let text = b"[package]\nname = \"P\"\n";
        let z = gzip(text);
        assert_eq!(&z[..2], &[0x1f, 0x8b]);
        assert_eq!(gunzip(&z).unwrap(), text);
    }

    #[test]
    fn digest_is_order_independent_and_newline_normalized() {
        let a: &[u8] = b"module 0x1::a {}\n";
        let b: &[u8] = b"module 0x1::b {}\r\n";
        let b_lf: &[u8] = b"module 0x1::b {}\n";
        let d = source_digest([a, b]);
        assert_eq!(d, source_digest([b, a]));
        assert_eq!(d, source_digest([a, b_lf]));
        assert_ne!(d, source_digest([a]));
        assert_eq!(d.len(), 64);
        assert!(
            d.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        // One file: SHA-256 of the hex of the SHA-256 of the empty string.
        let empty = hex::encode_upper(Sha256::digest(b""));
        assert_eq!(
            source_digest([&b""[..]]),
            hex::encode_upper(Sha256::digest(empty.as_bytes()))
        );
    }
}
