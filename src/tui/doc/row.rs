//! What a list row says about an agent besides its name: where it lives (telling apart
//! files of one name) and its flags. The list draws them; the app measures and sorts by them.

use crate::catalog::{AgentId, Scope, Severity, Store};
use crate::text::sanitize::clean_line;
use crate::theme::Theme;
use ratatui::style::Style;
use ratatui::text::Span;

/// The agents that share a name, by name (see `App::twins`).
pub type Twins = std::collections::HashMap<String, Vec<AgentId>>;

/// Where an agent lives, to tell apart files of one name: the folder below the one searched
/// (`engineering/`), or for a file directly in it its file name when that is not just the
/// agent's name; other scopes than a named path say their scope first (`user team/`), and a
/// collection's agents the collection's name.
pub fn location(store: &Store, id: AgentId, twins: &Twins) -> String {
    match location_parts(store, id, twins) {
        (Some(scope), place) if !place.is_empty() => format!("{scope} {place}"),
        (Some(scope), _) => scope,
        (None, place) => place,
    }
}

/// [`location`] as the scope word (for other scopes than a named path) and the place. Files
/// of one name must not look alike: when another of the name shows the same, the place
/// becomes the shortest run of folders that tells them apart.
pub fn location_parts(store: &Store, id: AgentId, twins: &Twins) -> (Option<String>, String) {
    let mine = base_parts(store, id);
    let Some((entry, group)) = store.get(id).and_then(|e| Some((e, twins.get(&e.name)?))) else {
        return mine;
    };
    let twins: Vec<&std::path::Path> = group
        .iter()
        .copied()
        .filter(|&o| o != id && base_parts(store, o) == mine)
        .filter_map(|o| store.get(o).map(|e| e.path()))
        .collect();
    if twins.is_empty() {
        return mine;
    }
    (mine.0, distinguishing_folders(entry.path(), &twins))
}

/// [`location_parts`] before telling files of one name apart.
fn base_parts(store: &Store, id: AgentId) -> (Option<String>, String) {
    let Some(entry) = store.get(id) else {
        return (None, String::new());
    };
    let rel = clean_line(entry.relative_path());
    let (folder, file) = match rel.rfind('/') {
        Some(i) => (&rel[..=i], &rel[i + 1..]),
        None => ("", &rel[..]),
    };
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let place = if !folder.is_empty() {
        folder.to_string()
    } else if stem == entry.name || file.is_empty() {
        String::new()
    } else {
        file.to_string()
    };
    let collection = store.tracking(id).and_then(|t| t.collection.as_deref());
    match (entry.scope, collection) {
        (_, Some(c)) => (Some(clean_line(c).into_owned()), place),
        (Scope::Path, None) => (None, place),
        (Scope::Bundled, None) => (Some("bundled".into()), String::new()),
        (scope, None) => (Some(scope.label().into()), place),
    }
}

/// The fewest folders, counted up from the file, that no path of `others` ends with too
/// (`team/`, `a/agents/`), as a place ending in `/`; a file beside one of them is named.
fn distinguishing_folders(path: &std::path::Path, others: &[&std::path::Path]) -> String {
    let dirs = |p: &std::path::Path| -> Vec<String> {
        p.parent()
            .map(|d| d.components().rev().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    };
    let mine = dirs(path);
    let theirs: Vec<Vec<String>> = others.iter().map(|o| dirs(o)).collect();
    for k in 1..=mine.len() {
        if theirs.iter().all(|t| t.get(..k) != mine.get(..k)) {
            let mut folders: Vec<&str> = mine[..k].iter().map(String::as_str).collect();
            folders.reverse();
            return clean_line(&format!("{}/", folders.join("/").trim_start_matches('/'))).into_owned();
        }
    }
    // The same folder: the file names differ.
    path.file_name().map(|n| clean_line(&n.to_string_lossy()).into_owned()).unwrap_or_default()
}

/// The flags that matter, each with its style: the kind's badge (`skill`, `cmd`, `style`,
/// `prompt`), `×3` files share the name, `shadowed`, `skipped` (Claude Code does not load
/// it), `disabled`, the standing against a collection (`outdated`, `modified`, `installed`),
/// and `✗`/`!` for errors/warnings.
pub fn flags(store: &Store, id: AgentId, theme: &Theme) -> Vec<Span<'static>> {
    let (Some(agent), resolved) = (store.get(id), store.resolution(id)) else {
        return Vec::new();
    };
    let mut words: Vec<(String, Style)> = Vec::new();
    // What it costs in every session (an estimate in tokens), and how often it was used.
    if store.listed(id) {
        let tokens = format!("~{}t", short(crate::catalog::budget::tokens(store.listed_cost(id))));
        words.push((format!("{tokens:>5}"), theme.dim));
        if let Some(usage) = store.usage().filter(|_| agent.scope.family() == "claude") {
            let used = usage.of(agent.kind, &agent.name);
            let (word, style) = match used.count {
                0 => ("unused".to_string(), theme.warning),
                n => (format!("used {}", short(n as usize)), theme.dim),
            };
            words.push((word, style));
        }
    }
    if let Some(badge) = agent.kind.badge() {
        words.push((badge.into(), theme.label));
    }
    if resolved.same_name > 1 {
        words.push((format!("×{}", resolved.same_name), theme.warning));
    }
    if resolved.winner.is_some() {
        words.push(("shadowed".into(), theme.dim));
    }
    if agent.is_broken() {
        words.push(("skipped".into(), theme.error));
    }
    if store.disabled_by(id).is_some() {
        words.push(("disabled".into(), theme.warning));
    }
    let status = store.status(id);
    if status.outdated {
        words.push(("outdated".into(), theme.warning));
    }
    if status.modified {
        words.push(("modified".into(), theme.dim));
    }
    if status.installed {
        words.push(("installed".into(), theme.dim));
    }
    match store.worst(id) {
        Some(Severity::Error) => words.push(("✗".into(), theme.error)),
        Some(Severity::Warning) => words.push(("!".into(), theme.warning)),
        _ => {}
    }
    let mut spans = Vec::new();
    for (i, (word, style)) in words.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(word, style));
    }
    spans
}

/// A count in few columns: `950`, `1.2k`, `34k`.
pub fn short(n: usize) -> String {
    match n {
        0..=999 => n.to_string(),
        1000..=9_949 => format!("{:.1}k", n as f64 / 1000.0),
        _ => format!("{}k", (n + 500) / 1000),
    }
}
