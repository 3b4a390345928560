//! Doc text for fields and parameters: what the spec says that the name does not.
//!
//! A field's doc is its `description`, else its `title`, followed by one line of notes when the
//! schema has any: its `format`, its constraints (`minimum`/`maximum`, lengths, `pattern`, item
//! counts, `multipleOf`) and an `example`. (The default is noted where it is applied, by
//! `emit`.) A property the spec says nothing about gets no doc at all: the generated item allows
//! `missing_docs` rather than repeat its name in a sentence.

use openapiv3::{Schema, SchemaKind, Type as OaType, VariantOrUnknownOrEmpty};

/// Longest example kept in a doc, in characters.
const EXAMPLE_CHARS: usize = 120;

/// The doc of a property or parameter whose schema is `schema` (inline), with `description` the
/// text the spec gives beside it (a parameter's own description), if any.
pub(super) fn value_docs(description: Option<&str>, schema: Option<&Schema>) -> Option<String> {
    let data = schema.map(|s| &s.schema_data);
    let text = description
        .or_else(|| data.and_then(|d| d.description.as_deref()))
        .or_else(|| data.and_then(|d| d.title.as_deref()));
    annotated_docs(text, schema, data.and_then(|d| d.example.as_ref()))
}

/// The doc of a value whose text, notes and example come from different schemas (an `allOf`
/// that annotates another member): `text`, then the notes of `schema` (its format and
/// constraints) and `example`.
pub(super) fn annotated_docs(
    text: Option<&str>,
    schema: Option<&Schema>,
    example: Option<&serde_json::Value>,
) -> Option<String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    let mut notes = schema.map(notes).unwrap_or_default();
    if let Some(example) = example.filter(|e| !e.is_null()) {
        let text = serde_json::to_string(example).unwrap_or_default();
        notes.push(format!("Example: {}.", code(&cap(&text))));
    }
    match (text, notes.is_empty()) {
        (None, true) => None,
        (Some(text), true) => Some(text.to_owned()),
        (None, false) => Some(notes.join(" ")),
        (Some(text), false) => Some(format!("{text}\n\n{}", notes.join(" "))),
    }
}

/// One sentence per fact the schema states about its values (its example aside).
fn notes(schema: &Schema) -> Vec<String> {
    let mut notes = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(OaType::String(t)) => {
            push_format(&mut notes, &t.format);
            push_range(&mut notes, "length", t.min_length, t.max_length);
            if let Some(pattern) = &t.pattern {
                notes.push(format!("Pattern: {}.", code(pattern)));
            }
        }
        SchemaKind::Type(OaType::Integer(t)) => {
            push_format(&mut notes, &t.format);
            push_numeric(
                &mut notes,
                (t.minimum.map(|v| v.to_string()), t.exclusive_minimum),
                (t.maximum.map(|v| v.to_string()), t.exclusive_maximum),
                t.multiple_of.map(|v| v.to_string()),
            );
        }
        SchemaKind::Type(OaType::Number(t)) => {
            push_format(&mut notes, &t.format);
            push_numeric(
                &mut notes,
                (t.minimum.map(|v| v.to_string()), t.exclusive_minimum),
                (t.maximum.map(|v| v.to_string()), t.exclusive_maximum),
                t.multiple_of.map(|v| v.to_string()),
            );
        }
        SchemaKind::Type(OaType::Array(t)) => {
            push_range(&mut notes, "item count", t.min_items, t.max_items);
            if t.unique_items {
                notes.push("Items are unique.".to_owned());
            }
        }
        _ => {}
    }
    notes
}

fn push_format<T: serde::Serialize>(notes: &mut Vec<String>, format: &VariantOrUnknownOrEmpty<T>) {
    let name = match format {
        VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned)),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    };
    match name.filter(|n| !n.trim().is_empty()) {
        // Every integer is an `i64` (see `schemas`): say so where the spec says otherwise.
        Some(name) if name == "int32" => {
            notes.push("Format: `int32`, read as `i64` (ids outgrow it).".to_owned());
        }
        Some(name) => notes.push(format!("Format: {}.", code(&name))),
        None => {}
    }
}

fn push_range(notes: &mut Vec<String>, what: &str, min: Option<usize>, max: Option<usize>) {
    match (min, max) {
        (Some(min), Some(max)) if min == max => notes.push(format!("The {what} is {min}.")),
        (Some(min), Some(max)) => notes.push(format!("The {what} is {min} to {max}.")),
        (Some(min), None) => notes.push(format!("The {what} is at least {min}.")),
        (None, Some(max)) => notes.push(format!("The {what} is at most {max}.")),
        (None, None) => {}
    }
}

/// The bounds of a number, each `(value, exclusive)`, and its step.
fn push_numeric(
    notes: &mut Vec<String>,
    (min, exclusive_min): (Option<String>, bool),
    (max, exclusive_max): (Option<String>, bool),
    multiple_of: Option<String>,
) {
    let low = min.map(|v| format!("{} {v}", if exclusive_min { "above" } else { "at least" }));
    let high = max.map(|v| format!("{} {v}", if exclusive_max { "below" } else { "at most" }));
    match (low, high) {
        (Some(low), Some(high)) => notes.push(format!("{}, {high}.", capitalize(&low))),
        (Some(one), None) | (None, Some(one)) => notes.push(format!("{}.", capitalize(&one))),
        (None, None) => {}
    }
    if let Some(step) = multiple_of {
        notes.push(format!("A multiple of {step}."));
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` as inline code, with a fence long enough for the backticks it contains.
fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn cap(text: &str) -> String {
    match text.char_indices().nth(EXAMPLE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{annotated_docs, value_docs};

    fn schema(yaml: &str) -> openapiv3::Schema {
        serde_json::from_value(serde_yaml::from_str::<serde_json::Value>(yaml).unwrap()).unwrap()
    }

    #[test]
    fn notes_say_what_the_name_does_not() {
        let s = schema("{type: integer, format: int32, minimum: 1, maximum: 100, example: 10}");
        assert_eq!(
            value_docs(None, Some(&s)).as_deref(),
            Some("Format: `int32`, read as `i64` (ids outgrow it). At least 1, at most 100. Example: `10`.")
        );
        let s = schema("{type: string, title: Name, minLength: 1, pattern: '^a`b$'}");
        assert_eq!(
            value_docs(None, Some(&s)).as_deref(),
            Some("Name\n\nThe length is at least 1. Pattern: ``^a`b$``.")
        );
        let s = schema("{type: number, exclusiveMinimum: true, minimum: 0}");
        assert_eq!(value_docs(None, Some(&s)).as_deref(), Some("Above 0."));
        let s = schema("{type: array, items: {type: string}, maxItems: 3, uniqueItems: true}");
        assert_eq!(
            value_docs(Some("The tags."), Some(&s)).as_deref(),
            Some("The tags.\n\nThe item count is at most 3. Items are unique.")
        );
    }

    #[test]
    fn annotated_docs_take_text_and_example_from_elsewhere() {
        let real = schema("{type: string, maxLength: 8, example: inner}");
        let outer = serde_json::json!("outer");
        assert_eq!(
            annotated_docs(Some(" The text. "), Some(&real), Some(&outer)).as_deref(),
            Some("The text.\n\nThe length is at most 8. Example: `\"outer\"`.")
        );
        assert_eq!(
            annotated_docs(None, None, Some(&serde_json::Value::Null)),
            None
        );
    }

    #[test]
    fn a_silent_spec_gives_no_doc() {
        assert_eq!(value_docs(None, Some(&schema("{type: string}"))), None);
        assert_eq!(value_docs(Some("  "), None), None);
        assert_eq!(value_docs(None, None), None);
    }
}
