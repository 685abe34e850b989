//! Where a package's files are: a folder on disk, or one of the packages bundled into the
//! compiler (MoveStdlib, AptosStdlib, AptosFramework from `crates/move/framework/`, embedded
//! at build time), and how a dependency's location is found from its manifest entry.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// Files of bundled packages, by path relative to the bundle (`move-stdlib/Move.toml`,
/// `move-stdlib/sources/vector.move`, ...).
#[derive(Clone, Debug, Default)]
pub struct Bundle {
    files: BTreeMap<String, Cow<'static, str>>,
}

/// The Aptos framework packages a bundle can hold: (package name, folder in the bundle, folder
/// under `aptos-move/framework/` in aptos-core).
pub const BUNDLED_PACKAGES: [(&str, &str); 3] = [
    ("MoveStdlib", "move-stdlib"),
    ("AptosStdlib", "aptos-stdlib"),
    ("AptosFramework", "aptos-framework"),
];

impl Bundle {
    /// The packages embedded into this build of the compiler (possibly none yet).
    pub fn builtin() -> &'static Bundle {
        static BUILTIN: OnceLock<Bundle> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
            Bundle {
                files: FILES
                    .iter()
                    .map(|&(path, text)| (path.to_string(), Cow::Borrowed(text)))
                    .collect(),
            }
        })
    }

    /// A bundle of the given files (paths relative to the bundle, `/`-separated).
    pub fn from_files(files: impl IntoIterator<Item = (String, String)>) -> Bundle {
        Bundle {
            files: files.into_iter().map(|(p, t)| (p, Cow::Owned(t))).collect(),
        }
    }

    /// Whether the bundle has a package in `folder` (a `Move.toml` there).
    pub fn has_package(&self, folder: &str) -> bool {
        self.files.contains_key(&format!("{folder}/Move.toml"))
    }

    /// The text of one file.
    pub fn read(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|t| t.as_ref())
    }

    /// Files under `folder/` (sorted by path).
    pub fn files_under<'a>(&'a self, folder: &str) -> impl Iterator<Item = (&'a str, &'a str)> {
        let prefix = format!("{folder}/");
        self.files
            .range(prefix.clone()..)
            .take_while(move |(p, _)| p.starts_with(&prefix))
            .map(|(p, t)| (p.as_str(), t.as_ref()))
    }
}

/// The folder of a package.
#[derive(Clone, Debug)]
pub enum PackageDir {
    /// On disk: the path as reached (for messages) and its canonical form (for identity and
    /// for reading).
    Disk {
        /// The path as written (the root's as given, a dependency's joined from manifests),
        /// with `.` and `name/..` removed.
        path: PathBuf,
        /// The canonical path.
        canonical: PathBuf,
    },
    /// A bundled package: its folder in the [`Bundle`].
    Bundled(String),
}

impl PackageDir {
    /// A folder on disk (which must exist: its canonical path identifies it).
    pub fn disk(path: &Path) -> std::io::Result<PackageDir> {
        let canonical = path.canonicalize()?;
        Ok(PackageDir::Disk {
            path: tidy(path),
            canonical,
        })
    }

    /// Whether both are the same package folder.
    pub fn same(&self, other: &PackageDir) -> bool {
        match (self, other) {
            (PackageDir::Disk { canonical: a, .. }, PackageDir::Disk { canonical: b, .. }) => {
                a == b
            }
            (PackageDir::Bundled(a), PackageDir::Bundled(b)) => a == b,
            _ => false,
        }
    }

    /// How the folder is shown in messages.
    pub fn display(&self) -> String {
        match self {
            PackageDir::Disk { path, .. } => path.display().to_string(),
            PackageDir::Bundled(folder) => format!("<bundled>/{folder}"),
        }
    }

    /// The name shown for a file `relative` to the folder.
    pub fn file_name(&self, relative: &str) -> String {
        match self {
            PackageDir::Disk { path, .. } => path.join(relative).display().to_string(),
            PackageDir::Bundled(folder) => format!("<bundled>/{folder}/{relative}"),
        }
    }
}

/// `path` without `.` components and with `name/..` pairs removed (for messages only: the
/// files are read through the canonical path).
fn tidy(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// Resolves `relative` against a bundled folder, staying inside the bundle
/// (`aptos-framework` + `../aptos-stdlib` = `aptos-stdlib`).
pub fn bundled_join(folder: &str, relative: &Path) -> Option<String> {
    let mut parts: Vec<String> = folder.split('/').map(str::to_string).collect();
    for c in relative.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// If `url` + `subdir` name one of the framework packages, any revision, in aptos-core
/// (`aptos-move/framework/<folder>`) or in its mirror `aptos-labs/aptos-framework`
/// (`<folder>`): the package name and its folder in the bundle.
pub fn aptos_framework_folder(url: &str, subdir: &str) -> Option<(&'static str, &'static str)> {
    let url = url.trim().trim_end_matches('/');
    let url = url.strip_suffix(".git").unwrap_or(url).to_ascii_lowercase();
    let repo = url.rsplit_once("github.com").map(|(_, r)| r)?;
    let prefix = match repo.trim_start_matches([':', '/']) {
        "aptos-labs/aptos-core" => "aptos-move/framework/",
        "aptos-labs/aptos-framework" => "",
        _ => return None,
    };
    let subdir = subdir.trim().trim_start_matches("./").trim_matches('/');
    let folder = subdir.strip_prefix(prefix)?;
    BUNDLED_PACKAGES.iter().find(|(_, f)| *f == folder).copied()
}

/// The folder where the Aptos CLI caches packages: `$MOVE_HOME`, else `~/.move`.
pub fn default_move_home() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("MOVE_HOME") {
        return Some(PathBuf::from(home));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".move"))
}

/// The Aptos CLI's cache folder name for a URL: `/`, `:`, `.` and `@` become `_`.
pub fn url_to_file_name(url: &str) -> String {
    url.chars()
        .map(|c| {
            if matches!(c, '/' | ':' | '.' | '@') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Where the Aptos CLI keeps a git dependency: `<move home>/<url>_<rev>` (`/` in the revision
/// becomes `__`), then the `subdir`.
pub fn git_cache_path(move_home: &Path, url: &str, rev: &str, subdir: &str) -> PathBuf {
    move_home
        .join(format!(
            "{}_{}",
            url_to_file_name(url),
            rev.replace('/', "__")
        ))
        .join(subdir)
}

/// Where the Aptos CLI keeps an on-chain dependency: `<move home>/<node url>_<address>_<name>`.
pub fn node_cache_path(move_home: &Path, node: &str, address: &str, name: &str) -> PathBuf {
    move_home.join(format!("{}_{address}_{name}", url_to_file_name(node)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_git_urls() {
        let hit = |u, s| aptos_framework_folder(u, s).map(|(n, _)| n);
        assert_eq!(
            hit(
                "https://github.com/aptos-labs/aptos-core.git",
                "aptos-move/framework/aptos-framework"
            ),
            Some("AptosFramework")
        );
        assert_eq!(
            hit(
                "https://github.com/aptos-labs/aptos-core",
                "./aptos-move/framework/move-stdlib/"
            ),
            Some("MoveStdlib")
        );
        assert_eq!(
            hit(
                "git@github.com:aptos-labs/aptos-core.git",
                "aptos-move/framework/aptos-stdlib"
            ),
            Some("AptosStdlib")
        );
        assert_eq!(
            hit(
                "https://github.com/aptos-labs/aptos-core.git",
                "aptos-move/framework/aptos-token"
            ),
            None
        );
        assert_eq!(
            hit(
                "https://github.com/aptos-labs/aptos-framework.git",
                "aptos-framework"
            ),
            Some("AptosFramework")
        );
        assert_eq!(
            hit(
                "https://github.com/aptos-labs/aptos-framework.git",
                "aptos-move/framework/aptos-framework"
            ),
            None
        );
        assert_eq!(
            hit(
                "https://github.com/someone/aptos-core.git",
                "aptos-move/framework/move-stdlib"
            ),
            None
        );
    }

    #[test]
    fn cache_paths_as_the_aptos_cli() {
        let home = Path::new("/h/.move");
        assert_eq!(
            git_cache_path(home, "https://github.com/a/b.git", "feature/x", "pkg"),
            Path::new("/h/.move/https___github_com_a_b_git_feature__x/pkg")
        );
        assert_eq!(
            node_cache_path(home, "mainnet", "0x7", "Pkg"),
            Path::new("/h/.move/mainnet_0x7_Pkg")
        );
    }

    #[test]
    fn tidy_paths() {
        assert_eq!(tidy(Path::new("a/../b/./c")), Path::new("b/c"));
        assert_eq!(tidy(Path::new("../x/../y")), Path::new("../y"));
        assert_eq!(tidy(Path::new("a/..")), Path::new("."));
        assert_eq!(tidy(Path::new("/r/a/../b")), Path::new("/r/b"));
    }

    #[test]
    fn bundled_paths_stay_inside() {
        assert_eq!(
            bundled_join("aptos-framework", Path::new("../aptos-stdlib")).as_deref(),
            Some("aptos-stdlib")
        );
        assert_eq!(
            bundled_join("a", Path::new("./b/../c")).as_deref(),
            Some("a/c")
        );
        assert_eq!(bundled_join("a", Path::new("../../x")), None);
        assert_eq!(bundled_join("a", Path::new("..")), None);
        assert_eq!(bundled_join("a", Path::new("/abs")), None);
    }

    #[test]
    fn bundle_files_under_a_folder() {
        let b = Bundle::from_files([
            ("p/Move.toml".to_string(), "x".to_string()),
            ("p/sources/a.move".to_string(), "a".to_string()),
            ("pq/Move.toml".to_string(), "y".to_string()),
        ]);
        assert!(b.has_package("p"));
        assert!(!b.has_package("q"));
        let under: Vec<_> = b.files_under("p").map(|(p, _)| p).collect();
        assert_eq!(under, ["p/Move.toml", "p/sources/a.move"]);
    }
}
