//! Source files and positions: [`FileId`], [`Span`] (a byte range in one file) and
//! [`SourceFiles`], the table the diagnostics renderer reads names, text and lines from.

use std::ops::Range;

/// Identifies one source file of a compilation (an index into [`SourceFiles`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one file. Every token and AST node carries one.
///
/// Offsets are `u32`: a Move source file of 4 GiB is refused long before parsing (the
/// lexer reports it), so no offset is ever truncated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte (`start == end` for an empty span, e.g. end of file).
    pub end: u32,
}

impl Span {
    /// The span `start..end` in `file`.
    pub const fn new(file: FileId, start: u32, end: u32) -> Self {
        Self { file, start, end }
    }

    /// The smallest span covering both (they must be in the same file).
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The byte range, for slicing the source.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// One source file: its display name (a path, usually), text and line starts.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// The name shown in diagnostics.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The full text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The 0-based line index containing `byte`.
    pub fn line_index(&self, byte: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1)
    }

    /// 1-based line and column (in characters) of `byte`.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let line = self.line_index(byte);
        let start = self.line_starts[line];
        let byte = byte.min(self.text.len());
        let col = self
            .text
            .get(start..byte)
            .map_or(byte - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }
}

/// The files of one compilation, addressed by [`FileId`] (their order of addition).
#[derive(Debug, Clone, Default)]
pub struct SourceFiles {
    files: Vec<SourceFile>,
}

impl SourceFiles {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 2^32 source files"));
        self.files.push(SourceFile {
            name: name.into(),
            text,
            line_starts,
        });
        id
    }

    /// The file with this id, if it was added here.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn file(&self, id: FileId) -> Result<&SourceFile, codespan_reporting::files::Error> {
        self.get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }
}

impl<'a> codespan_reporting::files::Files<'a> for SourceFiles {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.file(id)?.name.as_str())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.file(id)?.text.as_str())
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.file(id)?.line_index(byte_index))
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let file = self.file(id)?;
        file.line_range(line_index)
            .ok_or(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: file.line_starts.len() - 1,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let mut files = SourceFiles::new();
        let id = files.add("a.move", "ab\ncd\n\néf");
        let f = files.get(id).unwrap();
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(1), (1, 2));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(6), (3, 1));
        assert_eq!(f.line_col(7), (4, 1));
        // 'é' is two bytes: 'f' is the second character.
        assert_eq!(f.line_col(9), (4, 2));
        assert_eq!(f.line_col(100), (4, 3));
    }

    #[test]
    fn span_union() {
        let a = Span::new(FileId(0), 3, 5);
        let b = Span::new(FileId(0), 1, 4);
        assert_eq!(a.to(b), Span::new(FileId(0), 1, 5));
        assert_eq!(a.len(), 2);
        assert!(!a.is_empty());
    }
}
