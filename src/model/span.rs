use serde::{Serialize, Serializer};

/// A byte range in one loaded source file; `file` indexes the `SourceMap` that loaded it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: u32,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: u32, range: std::ops::Range<usize>) -> Self {
        Span { file, start: range.start as u32, end: range.end as u32 }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value that remembers where it was written, for fields that checks refer back to
/// (codes, references to other bodies, 权力类型). Serializes as the bare value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: std::fmt::Display> std::fmt::Display for Located<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

/// Compares by value only: where a fact was written does not change what it says.
impl PartialEq<Located<String>> for String {
    fn eq(&self, other: &Located<String>) -> bool {
        *self == other.value
    }
}
