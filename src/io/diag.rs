//! Diagnostics: errors a user can act on, located as `PATH:LINE:COLUMN`.

use std::fmt;

/// One problem in the input. LINE counts as a text editor does (the header
/// is line 1); COLUMN is the field's position in the row, 1 for the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: Option<u64>,
    pub column: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn file(path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(
        path: &str,
        line: u64,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line: Some(line),
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Most diagnostics an import reports before it stops reading.
pub const MAX_REPORTED: usize = 100;

/// The diagnostics of one invocation, kept up to [`MAX_REPORTED`].
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.list.len() < MAX_REPORTED {
            self.list.push(diagnostic);
        }
    }

    /// True once enough problems are known that reading on would only
    /// produce output nobody reads.
    pub fn full(&self) -> bool {
        self.list.len() >= MAX_REPORTED
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}
