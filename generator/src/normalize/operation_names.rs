//! Operation names: the Rust method each operation becomes on the generated `Client`.
//!
//! Rules, in this order; the first that gives a name no other operation wants wins:
//! 1. the override table's `name` for the `operationId`, always, even when another operation
//!    would want the same name (that one moves on to the next rule);
//! 2. the `operationId` when it is a plain word; HubSpot writes `{method}-{path}_{name}`, and
//!    then `{name}` is used when it is a plain word (`getPage` → `get_page`); an `operationId`
//!    that is not (HubSpot's `{method}-{path}` and `{method}-{path}_{path}`) goes to rule 5;
//! 3. a name several operations share under rule 2 is scoped by the operation's first tag:
//!    `{tag}_{name}` (`Batch` + `archive` → `batch_archive`, `Basic` + `archive` →
//!    `basic_archive`). The tag passes through [`names`] like any text (`SMTP Tokens` →
//!    `smtp_tokens_`, `Événements` → `u…`); an operation without tags, or whose tag has no
//!    letter or digit, goes to rule 4;
//! 4. a name that still collides (HubSpot tags pipelines and their stages both `Basic`) is
//!    scoped by the operation's resource: the last literal segment of its path that not every
//!    operation sharing the name has, else its last literal segment, leaving out versions and
//!    segments the name already says (`/pipelines/{objectType}/{pipelineId}/stages` →
//!    `stages_get_all`; `/pipelines/{objectType}` → `pipelines_get_all`);
//! 5. otherwise the method and the path: `{method}_{segments}`, where version segments (`v3`,
//!    `2026-09`) are left out and a parameter reads `by_{name}`
//!    (`GET /crm/v3/lists/{listId}` → `get_crm_lists_by_list_id`); reached from rule 4, with a
//!    `name-collision` diagnostic.
//!
//! A name from rules 3 and 4 is taken only when no operation keeps it under an earlier rule and
//! no other operation wants it under the same rule; so an operation whose name nobody else
//! wants never changes, whatever the others are called. A name that is still taken (a path
//! name, or one of the `Client`'s own methods such as `new`) gets a numeric suffix and a
//! diagnostic. Everything follows the spec's order of paths and methods: the same spec gives
//! the same names.
//!
//! Why flat names and not a sub-client per tag (`client.batch().archive()`): sub-clients would
//! move every tagged operation, including the many whose names collide with nothing, and the
//! checked-in clients with them; types named after operations (`…Request`, `…Params`) share
//! one module namespace, so they would need the tag in their names anyway; and HubSpot's tags
//! do not make a name unique on their own (rule 4), so a sub-client would still need flat
//! fallbacks inside it. Flat names change only what collides, keep one `Client` whose methods
//! one search in the docs finds, and need nothing new from the emitter or the runtime.

use std::collections::{HashMap, HashSet};

use super::{names, Context, DiagnosticKind};

/// Names a generated `Client` already has for itself.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_http_client",
    "with_config",
    "with_credentials",
    "credentials",
    "from_transport",
    "transport",
    "default",
    "clone",
    "fmt",
];

/// What an operation's name is made from.
pub(super) struct Subject<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub operation_id: Option<&'a str>,
    /// The first of the operation's tags.
    pub tag: Option<&'a str>,
    pub pointer: &'a str,
}

/// A name as [`names`] made it (and whether it was shortened), and the text it was made from.
type Made = ((String, bool), String);

/// Rules 3 and 4.
#[derive(Clone, Copy)]
enum Scope {
    Tag,
    Resource,
}

impl Context<'_> {
    /// The name of each operation, in order.
    pub(super) fn operation_names(&mut self, ops: &[Subject<'_>]) -> Vec<String> {
        let overrides = &self.settings.overrides.operations;
        let overridden: Vec<Option<String>> = ops
            .iter()
            .map(|op| {
                op.operation_id
                    .and_then(|id| overrides.get(id))
                    .and_then(|o| o.name.clone())
            })
            .collect();
        // Rules 1 and 2: what each operation wants.
        let mut wanted = Vec::with_capacity(ops.len());
        let mut from_id = Vec::with_capacity(ops.len());
        for (op, overridden) in ops.iter().zip(&overridden) {
            let ((made, raw), id) = match overridden {
                Some(name) => ((names::value_ident(name), name.clone()), false),
                None => base_name(op.method, op.path, op.operation_id),
            };
            wanted.push((self.ident(made, &raw, op.pointer), raw));
            from_id.push(id);
        }
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for (name, _) in &wanted {
            *uses.entry(name.as_str()).or_default() += 1;
        }
        let mut out: Vec<Option<String>> = wanted
            .iter()
            .zip(&overridden)
            .map(|((name, _), o)| (o.is_some() || uses[name.as_str()] == 1).then(|| name.clone()))
            .collect();

        // Rules 3 and 4, for shared names from an `operationId`.
        let mut taken: HashSet<String> = out.iter().flatten().cloned().collect();
        for scope in [Scope::Tag, Scope::Resource] {
            let candidates: Vec<Option<Made>> = (0..ops.len())
                .map(|i| {
                    if out[i].is_some() || !from_id[i] {
                        return None;
                    }
                    let (name, raw) = &wanted[i];
                    let prefix = match scope {
                        Scope::Tag => ops[i].tag.filter(|t| t.chars().any(char::is_alphanumeric)),
                        Scope::Resource => {
                            let sharing = ops
                                .iter()
                                .zip(&wanted)
                                .zip(&overridden)
                                .filter(|((_, (n, _)), o)| n == name && o.is_none())
                                .map(|((op, _), _)| op.path);
                            resource(ops[i].path, sharing, name)
                        }
                    }?;
                    let raw = format!("{prefix} {raw}");
                    Some((names::value_ident(&raw), raw))
                })
                .collect();
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for ((name, _), _) in candidates.iter().flatten() {
                *counts.entry(name.as_str()).or_default() += 1;
            }
            for (i, candidate) in candidates.iter().enumerate() {
                let Some((made, raw)) = candidate else {
                    continue;
                };
                if counts[made.0.as_str()] == 1 && !taken.contains(&made.0) {
                    let name = self.ident(made.clone(), raw, ops[i].pointer);
                    taken.insert(name.clone());
                    out[i] = Some(name);
                }
            }
        }

        // Rule 5, then suffixes: names from the earlier rules are claimed first, so that a
        // path name never takes one of them.
        let mut path_named = vec![false; ops.len()];
        for (i, op) in ops.iter().enumerate() {
            if out[i].is_some() {
                continue;
            }
            let (made, raw) = path_name(op.method, op.path);
            let derived = self.ident(made, &raw, op.pointer);
            let name = &wanted[i].0;
            let also = if from_id[i] {
                ", also when scoped by tag and by resource"
            } else {
                ""
            };
            self.warn(op.pointer, DiagnosticKind::NameCollision, format!("several operations would be named `{name}`{also}; this one is named from its path, `{derived}`"));
            out[i] = Some(derived);
            path_named[i] = true;
        }
        let mut namespace = names::Namespace::with_reserved(CLIENT_METHODS);
        let mut claimed = vec![String::new(); ops.len()];
        for pass in [false, true] {
            for (i, op) in ops.iter().enumerate() {
                if path_named[i] != pass {
                    continue;
                }
                let name = out[i].take().unwrap_or_default();
                let (claim, collided) = namespace.claim(&name);
                if collided {
                    self.warn(
                        op.pointer,
                        DiagnosticKind::NameCollision,
                        format!("the operation name `{name}` is taken; it is `{claim}`"),
                    );
                }
                claimed[i] = claim;
            }
        }
        claimed
    }
}

/// Rule 2 (or 5 when the `operationId` is not a plain word), and whether the name comes from
/// the `operationId`.
fn base_name(method: &str, path: &str, operation_id: Option<&str>) -> (Made, bool) {
    if let Some(id) = operation_id {
        let hubspot = format!("{method}-{path}");
        let candidate = match id.strip_prefix(&hubspot) {
            Some(rest) => rest.strip_prefix('_').unwrap_or(rest),
            None => id,
        };
        let plain = candidate.starts_with(|c: char| c.is_ascii_alphabetic())
            && candidate
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '));
        if plain {
            return ((names::value_ident(candidate), candidate.to_owned()), true);
        }
    }
    (path_name(method, path), false)
}

/// Rule 4: the segment of `path` that names its resource among the operations `sharing` the
/// name `name` (their paths, this one's included); `None` when the path has no literal segment
/// the name does not already say.
fn resource<'p>(
    path: &'p str,
    sharing: impl Iterator<Item = &'p str>,
    name: &str,
) -> Option<&'p str> {
    let said: HashSet<&str> = name.trim_start_matches("r#").split('_').collect();
    let own: Vec<&str> = literal_segments(path)
        .filter(|s| !names::value_name(s).split('_').all(|w| said.contains(w)))
        .collect();
    let others: Vec<HashSet<&str>> = sharing.map(|p| literal_segments(p).collect()).collect();
    let unshared = own
        .iter()
        .rev()
        .find(|s| !others.iter().all(|o| o.contains(*s)));
    unshared.or(own.last()).copied()
}

/// The segments of a path that are neither parameters nor versions.
fn literal_segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.contains('{') && !is_version(s))
}

/// Rule 5: the method and the path's segments.
fn path_name(method: &str, path: &str) -> Made {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by_{param}")),
            None if is_version(segment) => {}
            None => words.push(segment.to_owned()),
        }
    }
    let raw = words.join("_");
    (names::value_ident(&raw), raw)
}

/// `v3`, `v2024`, `2026-09`, `2026-09-beta`.
fn is_version(segment: &str) -> bool {
    let digits_after_v = segment
        .strip_prefix('v')
        .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()));
    digits_after_v || segment.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(method: &str, path: &str, operation_id: Option<&str>) -> String {
        base_name(method, path, operation_id).0 .0 .0
    }

    #[test]
    fn names_from_hubspot_operation_ids() {
        assert_eq!(
            base(
                "get",
                "/crm/v3/objects/{objectType}",
                Some("get-/crm/v3/objects/{objectType}_getPage")
            ),
            "get_page"
        );
        assert_eq!(
            base(
                "post",
                "/oauth/v3/token",
                Some("post-/oauth/v3/token_/oauth/v3/token")
            ),
            "post_oauth_token"
        );
        assert_eq!(
            base(
                "get",
                "/account-info/v3/details",
                Some("get-/account-info/v3/details")
            ),
            "get_account_info_details"
        );
        assert_eq!(
            base("get", "/crm/v3/lists/{listId}", None),
            "get_crm_lists_by_list_id"
        );
        assert_eq!(base("get", "/x", Some("listWidgets")), "list_widgets");
        assert_eq!(
            path_name("get", "/crm/exports/2026-09/export/{exportId}")
                .0
                 .0,
            "get_crm_exports_export_by_export_id"
        );
    }

    #[test]
    fn resources_are_the_segments_that_differ() {
        let pipelines = "/crm/v3/pipelines/{objectType}";
        let stages = "/crm/v3/pipelines/{objectType}/{pipelineId}/stages";
        let both = || [pipelines, stages].into_iter();
        assert_eq!(resource(stages, both(), "get_all"), Some("stages"));
        // Nothing differs: the last literal segment.
        assert_eq!(resource(pipelines, both(), "get_all"), Some("pipelines"));
        // A segment the name already says is left out.
        let audit = "/crm/v3/pipelines/{objectType}/{pipelineId}/audit";
        let stage_audit = "/crm/v3/pipelines/{objectType}/{pipelineId}/stages/{stageId}/audit";
        let audits = || [audit, stage_audit].into_iter();
        assert_eq!(resource(audit, audits(), "get_audit"), Some("pipelines"));
        assert_eq!(resource(stage_audit, audits(), "get_audit"), Some("stages"));
        // Versions are no resource; a path of parameters and versions has none.
        assert_eq!(resource("/v3/{id}", std::iter::empty(), "get"), None);
        assert_eq!(
            resource("/2026-09/items", std::iter::empty(), "items"),
            None
        );
    }
}
