//! Where an agent's bytes come from: a file on disk (with the folder it was found under), or
//! an example embedded in the binary. The type says which, so nothing has to guess from a path
//! string, and a bundled example can never be handed to code that writes.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// One example agent embedded in the binary by `build.rs`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Bundled {
    /// The file name in `assets/agents/`.
    pub name: &'static str,
    /// How it is shown where a path would be: `bundled:NAME.md`.
    pub shown: &'static str,
    pub bytes: &'static [u8],
}

/// The example agents embedded in the binary, in file-name order.
pub const BUNDLED: &[Bundled] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Where one agent's bytes live.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// A file, and the folder (or file) named or scanned that it was found under.
    File { path: PathBuf, root: PathBuf },
    /// An example embedded in the binary: readable, never writable.
    Bundled(&'static Bundled),
}

/// Why a source cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOnly(pub String);

impl Source {
    /// A file found under `root`.
    pub fn file(path: impl Into<PathBuf>, root: impl Into<PathBuf>) -> Source {
        Source::File { path: path.into(), root: root.into() }
    }

    /// A file named on its own: it is its own root.
    pub fn lone(path: impl Into<PathBuf>) -> Source {
        let path = path.into();
        Source::File { root: path.clone(), path }
    }

    /// The bundled example called `name` (`code-reviewer.md`).
    pub fn bundled(name: &str) -> Option<Source> {
        BUNDLED.iter().find(|b| b.name == name).map(Source::Bundled)
    }

    /// The path to show (and to key caches by): the file, or `bundled:NAME.md`.
    pub fn path(&self) -> &Path {
        match self {
            Source::File { path, .. } => path,
            Source::Bundled(b) => Path::new(b.shown),
        }
    }

    /// The file on disk, if this is one.
    pub fn file_path(&self) -> Option<&Path> {
        match self {
            Source::File { path, .. } => Some(path),
            Source::Bundled(_) => None,
        }
    }

    /// The folder the file was found under.
    pub fn root(&self) -> Option<&Path> {
        match self {
            Source::File { root, .. } => Some(root),
            Source::Bundled(_) => None,
        }
    }

    pub fn is_bundled(&self) -> bool {
        matches!(self, Source::Bundled(_))
    }

    /// The bytes, read now (files up to the cap of [`crate::catalog::read::read_capped`]).
    pub fn read(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match self {
            Source::File { path, .. } => crate::catalog::read::read_capped(path).map(Cow::Owned),
            Source::Bundled(b) => Ok(Cow::Borrowed(b.bytes)),
        }
    }

    /// The file to write, or why it cannot be written. Only the type is judged here; the
    /// write path also refuses files that belong to Claude Code (see `change`).
    pub fn writable(&self) -> Result<&Path, ReadOnly> {
        match self {
            Source::File { path, .. } => Ok(path),
            Source::Bundled(b) => Err(ReadOnly(format!(
                "{} is a bundled example, part of the agentdeck binary, and read-only; install it to copy it somewhere you can change it",
                b.shown
            ))),
        }
    }

    /// The path as text, lossily.
    pub fn display(&self) -> Cow<'_, str> {
        self.path().to_string_lossy()
    }
}

impl From<PathBuf> for Source {
    fn from(path: PathBuf) -> Source {
        Source::lone(path)
    }
}

impl serde::Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_examples_are_read_only_and_readable() {
        let first = &BUNDLED[0];
        let s = Source::bundled(first.name).expect("a bundled example");
        assert_eq!(s.path(), Path::new(&format!("bundled:{}", first.name)));
        assert!(s.writable().unwrap_err().0.contains("read-only"));
        assert_eq!(&*s.read().unwrap(), first.bytes);
        assert_eq!(s.file_path(), None);
        assert!(Source::bundled("no-such.md").is_none());
    }

    #[test]
    fn files_are_writable_at_their_path() {
        let s = Source::file("/a/b/x.md", "/a");
        assert_eq!(s.writable().unwrap(), Path::new("/a/b/x.md"));
        assert_eq!(s.root(), Some(Path::new("/a")));
        assert_eq!(Source::from(PathBuf::from("y.md")), Source::lone("y.md"));
    }
}
