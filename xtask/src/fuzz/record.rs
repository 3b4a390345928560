//! What became of each input, as the workers report it and the summary reads it.

use super::*;

pub(super) fn outcome_json(o: &Outcome) -> Value {
    match o {
        Outcome::Generated {
            diagnostics,
            unpointed,
            longest_ident,
        } => json!({ "generated": { "diagnostics": diagnostics, "unpointed": unpointed,
                                     "longest_ident": longest_ident } }),
        Outcome::LoadError { location, message } => {
            json!({ "load_error": { "location": location, "message": message } })
        }
        Outcome::RenderError(m) => json!({ "render_error": m }),
        Outcome::OtherError(m) => json!({ "other_error": m }),
        Outcome::Panic { message, at } => json!({ "panic": { "message": message, "at": at } }),
        Outcome::Crash(m) => json!({ "crash": m }),
        Outcome::Hang => json!("hang"),
    }
}

pub(super) fn outcome_from_json(v: &Value) -> Option<Outcome> {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let n = |v: &Value| v.as_u64().unwrap_or_default() as usize;
    if let Some(g) = v.get("generated") {
        return Some(Outcome::Generated {
            diagnostics: n(&g["diagnostics"]),
            unpointed: g["unpointed"].as_str().map(str::to_owned),
            longest_ident: n(&g["longest_ident"]),
        });
    }
    if let Some(e) = v.get("load_error") {
        return Some(Outcome::LoadError {
            location: s(&e["location"]),
            message: s(&e["message"]),
        });
    }
    if let Some(p) = v.get("panic") {
        return Some(Outcome::Panic {
            message: s(&p["message"]),
            at: s(&p["at"]),
        });
    }
    Some(match v {
        _ if v.get("render_error").is_some() => Outcome::RenderError(s(&v["render_error"])),
        _ if v.get("other_error").is_some() => Outcome::OtherError(s(&v["other_error"])),
        _ if v.get("crash").is_some() => Outcome::Crash(s(&v["crash"])),
        _ if v.as_str() == Some("hang") => Outcome::Hang,
        _ => return None,
    })
}

/// One input and its outcome.
pub(super) struct Record {
    pub(super) index: usize,
    pub(super) seed: u64,
    pub(super) kind: String,
    pub(super) base: String,
    pub(super) what: String,
    pub(super) ms: u64,
    pub(super) outcome: Outcome,
}

/// Why a record fails the task.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Failure {
    Panic,
    Crash,
    Unlocated,
    Compile,
}

impl Failure {
    pub(super) fn label(self) -> &'static str {
        match self {
            Failure::Panic => "panic",
            Failure::Crash => "crash",
            Failure::Unlocated => "unlocated",
            Failure::Compile => "compile",
        }
    }
}

impl Record {
    /// The failure found while generating (compile failures are found later).
    pub(super) fn failure(&self) -> Option<Failure> {
        match &self.outcome {
            Outcome::Panic { .. } => Some(Failure::Panic),
            Outcome::Crash(_) | Outcome::Hang => Some(Failure::Crash),
            Outcome::LoadError { location, .. } if location == "none" => Some(Failure::Unlocated),
            Outcome::RenderError(_) | Outcome::OtherError(_) => Some(Failure::Unlocated),
            Outcome::Generated {
                unpointed: Some(_), ..
            } => Some(Failure::Unlocated),
            _ => None,
        }
    }

    /// Generated, with identifiers short enough to compile in reasonable time.
    pub(super) fn checkable(&self) -> bool {
        matches!(self.outcome, Outcome::Generated { longest_ident, .. } if longest_ident <= IDENT_LIMIT)
    }

    /// The failure's cause in one line, with the details that vary between inputs elided,
    /// so that inputs with the same cause group together.
    pub(super) fn cause(&self) -> String {
        match &self.outcome {
            Outcome::Panic { message, at } => format!("{} (at {at})", elide(message)),
            Outcome::Crash(m) => m.clone(),
            Outcome::Hang => format!("no answer in {} s", HANG.as_secs()),
            Outcome::LoadError { message, .. } => {
                format!("load error without a location: {}", elide(message))
            }
            Outcome::RenderError(m) => format!("render error: {}", elide(m)),
            Outcome::OtherError(m) => format!("error: {}", elide(m)),
            Outcome::Generated {
                unpointed: Some(d), ..
            } => format!("diagnostic without a pointer: {}", elide(d)),
            Outcome::Generated { .. } => String::new(),
        }
    }
}

/// A message with quoted parts and numbers elided, and cut to a line.
pub(super) fn elide(message: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => {
                out.push('…');
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                quote = Some(c);
            }
            // Numbers (counts, lines, seeds) vary between inputs; a lone digit after a
            // letter (`UTF-8`, `i32`) does not.
            None if c.is_ascii_digit() => {
                let mut run = String::from(c);
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    run.push(d);
                }
                let after_word = out.ends_with(|p: char| p.is_alphabetic() || p == '-');
                if run.len() == 1 && after_word {
                    out.push_str(&run);
                } else {
                    out.push('N');
                }
            }
            None if c == '\n' => out.push(' '),
            None => out.push(c),
        }
    }
    if quote.is_some() {
        out.push('…');
    }
    if out.chars().count() > 160 {
        out = out.chars().take(157).collect::<String>() + "...";
    }
    out
}
