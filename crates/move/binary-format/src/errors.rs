//! Errors with a status code and location, as in Aptos:
//! `PartialVMError::new(code).with_message(..).at_code_offset(fdef, offset).finish(location)`.
//!
//! A [`PartialVMError`] is raised where the location (module or script) is not known yet; the
//! caller [`finish`](PartialVMError::finish)es it into a [`VMError`].

use std::fmt;

use lumio_move_core_types::{ModuleId, StatusCode, StatusType};

use crate::file_format::{CodeOffset, FunctionDefinitionIndex, IndexKind, TableIndex};

/// Result with a [`PartialVMError`].
pub type PartialVMResult<T> = Result<T, PartialVMError>;
/// Result with a [`VMError`].
pub type VMResult<T> = Result<T, VMError>;
/// Result of binary-format operations (deserialization, bounds checks), Aptos-style.
pub type BinaryLoaderResult<T> = Result<T, PartialVMError>;

/// Where an error happened.
#[derive(Clone, Debug, Eq, Hash, PartialEq)]
pub enum Location {
    /// Not known (e.g. deserialization before the module id is known).
    Undefined,
    /// In a script.
    Script,
    /// In a module.
    Module(ModuleId),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Undefined => f.write_str("undefined"),
            Location::Script => f.write_str("script"),
            Location::Module(id) => write!(f, "{id}"),
        }
    }
}

/// An error whose location is not yet known.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct PartialVMError {
    major_status: StatusCode,
    sub_status: Option<u64>,
    message: Option<String>,
    indices: Vec<(IndexKind, TableIndex)>,
    offsets: Vec<(FunctionDefinitionIndex, CodeOffset)>,
}

impl PartialVMError {
    /// A new error with `status`.
    pub fn new(status: StatusCode) -> Self {
        Self {
            major_status: status,
            sub_status: None,
            message: None,
            indices: vec![],
            offsets: vec![],
        }
    }

    /// The status code.
    pub fn major_status(&self) -> StatusCode {
        self.major_status
    }

    /// Sub-status, if any.
    pub fn sub_status(&self) -> Option<u64> {
        self.sub_status
    }

    /// Message, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Index context, innermost first.
    pub fn indices(&self) -> &[(IndexKind, TableIndex)] {
        &self.indices
    }

    /// Code offset context.
    pub fn offsets(&self) -> &[(FunctionDefinitionIndex, CodeOffset)] {
        &self.offsets
    }

    /// Replaces the status code.
    #[must_use]
    pub fn with_major_status(mut self, status: StatusCode) -> Self {
        self.major_status = status;
        self
    }

    /// Sets the sub-status.
    #[must_use]
    pub fn with_sub_status(mut self, sub_status: u64) -> Self {
        self.sub_status = Some(sub_status);
        self
    }

    /// Sets the message (replacing an earlier one).
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Appends to the message with `sep`, or sets it.
    #[must_use]
    pub fn append_message_with_separator(mut self, sep: char, extra: impl AsRef<str>) -> Self {
        match &mut self.message {
            Some(m) => {
                m.push(sep);
                m.push_str(extra.as_ref());
            }
            None => self.message = Some(extra.as_ref().to_string()),
        }
        self
    }

    /// Adds an index context.
    #[must_use]
    pub fn at_index(mut self, kind: IndexKind, index: TableIndex) -> Self {
        self.indices.push((kind, index));
        self
    }

    /// Adds several index contexts.
    #[must_use]
    pub fn at_indices(mut self, additional: Vec<(IndexKind, TableIndex)>) -> Self {
        self.indices.extend(additional);
        self
    }

    /// Adds a code offset context.
    #[must_use]
    pub fn at_code_offset(mut self, function: FunctionDefinitionIndex, offset: CodeOffset) -> Self {
        self.offsets.push((function, offset));
        self
    }

    /// Adds several code offset contexts.
    #[must_use]
    pub fn at_code_offsets(
        mut self,
        additional: Vec<(FunctionDefinitionIndex, CodeOffset)>,
    ) -> Self {
        self.offsets.extend(additional);
        self
    }

    /// Attaches the location.
    pub fn finish(self, location: Location) -> VMError {
        VMError {
            major_status: self.major_status,
            sub_status: self.sub_status,
            message: self.message,
            location,
            indices: self.indices,
            offsets: self.offsets,
        }
    }

    /// Class of the status code.
    pub fn status_type(&self) -> StatusType {
        self.major_status.status_type()
    }
}

impl fmt::Display for PartialVMError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_error(
            f,
            self.major_status,
            self.sub_status,
            self.message.as_deref(),
            None,
            &self.indices,
            &self.offsets,
        )
    }
}

impl std::error::Error for PartialVMError {}

/// An error with status code and location.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct VMError {
    major_status: StatusCode,
    sub_status: Option<u64>,
    message: Option<String>,
    location: Location,
    indices: Vec<(IndexKind, TableIndex)>,
    offsets: Vec<(FunctionDefinitionIndex, CodeOffset)>,
}

impl VMError {
    /// The status code.
    pub fn major_status(&self) -> StatusCode {
        self.major_status
    }
    /// Sub-status, if any.
    pub fn sub_status(&self) -> Option<u64> {
        self.sub_status
    }
    /// Message, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// Location.
    pub fn location(&self) -> &Location {
        &self.location
    }
    /// Index context.
    pub fn indices(&self) -> &[(IndexKind, TableIndex)] {
        &self.indices
    }
    /// Code offset context.
    pub fn offsets(&self) -> &[(FunctionDefinitionIndex, CodeOffset)] {
        &self.offsets
    }
    /// Class of the status code.
    pub fn status_type(&self) -> StatusType {
        self.major_status.status_type()
    }
    /// Drops the location, back to a partial error.
    pub fn to_partial(self) -> PartialVMError {
        PartialVMError {
            major_status: self.major_status,
            sub_status: self.sub_status,
            message: self.message,
            indices: self.indices,
            offsets: self.offsets,
        }
    }
}

impl fmt::Display for VMError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_error(
            f,
            self.major_status,
            self.sub_status,
            self.message.as_deref(),
            Some(&self.location),
            &self.indices,
            &self.offsets,
        )
    }
}

impl std::error::Error for VMError {}

fn write_error(
    f: &mut fmt::Formatter<'_>,
    status: StatusCode,
    sub_status: Option<u64>,
    message: Option<&str>,
    location: Option<&Location>,
    indices: &[(IndexKind, TableIndex)],
    offsets: &[(FunctionDefinitionIndex, CodeOffset)],
) -> fmt::Result {
    write!(f, "{status} ({})", status as u64)?;
    if let Some(s) = sub_status {
        write!(f, " sub-status {s}")?;
    }
    if let Some(loc) = location
        && *loc != Location::Undefined
    {
        write!(f, " in {loc}")?;
    }
    for (kind, idx) in indices {
        write!(f, " at {kind} #{idx}")?;
    }
    for (fdef, off) in offsets {
        write!(f, " at function #{fdef} code offset {off}")?;
    }
    if let Some(m) = message {
        write!(f, ": {m}")?;
    }
    Ok(())
}

/// Aptos helper: an error at one index.
pub fn verification_error(status: StatusCode, kind: IndexKind, idx: TableIndex) -> PartialVMError {
    PartialVMError::new(status).at_index(kind, idx)
}

/// Aptos helper: `INDEX_OUT_OF_BOUNDS` with a message naming the table and sizes.
pub fn bounds_error(kind: IndexKind, idx: TableIndex, len: usize) -> PartialVMError {
    PartialVMError::new(StatusCode::INDEX_OUT_OF_BOUNDS).with_message(format!(
        "index {idx} out of bounds for {kind} of length {len}"
    ))
}

/// Aptos helper: `INDEX_OUT_OF_BOUNDS` for an offset (e.g. branch target, field offset).
pub fn offset_out_of_bounds(
    status: StatusCode,
    kind: IndexKind,
    target_offset: usize,
    target_pool_len: usize,
    cur_function: FunctionDefinitionIndex,
    cur_bytecode_offset: CodeOffset,
) -> PartialVMError {
    PartialVMError::new(status)
        .with_message(format!(
            "{kind} offset {target_offset} out of bounds for length {target_pool_len}"
        ))
        .at_code_offset(cur_function, cur_bytecode_offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lumio_move_core_types::{AccountAddress, Identifier};

    #[test]
    fn builder_and_display() {
        let e = PartialVMError::new(StatusCode::INVALID_FALL_THROUGH)
            .with_message("no terminator")
            .at_code_offset(FunctionDefinitionIndex(2), 7)
            .finish(Location::Module(ModuleId::new(
                AccountAddress::ONE,
                Identifier::new("m").unwrap(),
            )));
        assert_eq!(e.major_status(), StatusCode::INVALID_FALL_THROUGH);
        assert_eq!(e.offsets(), &[(FunctionDefinitionIndex(2), 7)]);
        assert_eq!(
            e.to_string(),
            "INVALID_FALL_THROUGH (1007) in 0x1::m at function #2 code offset 7: no terminator"
        );
    }
}
