//! Claude Code plugins inside a collection: a marketplace (`.claude-plugin/marketplace.json`
//! listing plugins and where they are) and plugin folders (`.claude-plugin/plugin.json` beside
//! `agents/`, `commands/`, `skills/`). Reading them tells discovery which agents belong to
//! which plugin, so it can name them `plugin:name` as Claude Code does.
//!
//! Pure reading: nothing is written, nothing outside the collection is followed (a plugin
//! source that leads out of it, or a component path that leads out of its plugin, is ignored), and remote plugin sources (git, GitHub) are
//! skipped since the files are not here.

use crate::text::sanitize::clean_line;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One plugin found in a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plugin {
    /// `plugin.json`'s name, else the marketplace entry's, else the folder's.
    pub name: String,
    /// The plugin's folder (canonical, inside the collection).
    pub root: PathBuf,
    pub description: Option<String>,
    pub version: Option<String>,
    /// The name of the marketplace that lists it, when one does.
    pub marketplace: Option<String>,
    /// Folders and files holding its agents: `agents/` when present, then the paths the
    /// manifest or the marketplace entry adds. Each exists and is inside the plugin's folder
    /// (Claude Code copies only that folder).
    pub agents: Vec<PathBuf>,
    /// The same for commands (`commands/`).
    pub commands: Vec<PathBuf>,
    /// The same for skills (`skills/`).
    pub skills: Vec<PathBuf>,
    /// Why Claude Code drops the whole plugin (its manifest does not validate), in Claude
    /// Code's words; `None` when it loads it.
    pub dropped: Option<String>,
}

/// Manifests larger than this are not plugin manifests.
const MAX_MANIFEST: u64 = 4 << 20;
/// How deep below the collection root plugin folders are looked for.
const MAX_DEPTH: usize = 4;
const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", ".hg", ".svn"];

/// Every plugin in the collection at `root`: the marketplace's plugins in its order, then
/// other plugin folders (found up to four levels down) in path order.
pub fn plugins_in(root: &Path) -> Vec<Plugin> {
    let Ok(base) = root.canonicalize() else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(market) = read_json(&base.join(".claude-plugin/marketplace.json")) {
        from_marketplace(&base, &market, &mut out);
    }
    let mut dirs = Vec::new();
    plugin_dirs(&base, 0, &mut dirs);
    for dir in dirs {
        if out.iter().all(|p: &Plugin| p.root != dir) {
            let fallback = dir_name(&dir);
            match read_manifest(&dir.join(".claude-plugin/plugin.json")) {
                Ok(manifest) => out.push(build(&dir, Some(&manifest), None, &fallback, None)),
                Err(why) => {
                    let mut plugin = build(&dir, None, None, &fallback, None);
                    plugin.dropped = Some(why);
                    out.push(plugin);
                }
            }
        }
    }
    out
}

/// A plugin manifest as Claude Code reads it: JSON, or why it drops the plugin.
fn read_manifest(path: &Path) -> Result<Value, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("its manifest cannot be read ({e})"))?;
    if !meta.is_file() || meta.len() > MAX_MANIFEST {
        return Err("its manifest is not a file of JSON".into());
    }
    let bytes = std::fs::read(path).map_err(|e| format!("its manifest cannot be read ({e})"))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| clean_line(&format!("its manifest is not valid JSON ({e})")).into_owned())
}

/// Why Claude Code 2.1.332 refuses a plugin manifest (its validation errors, as recorded in
/// `conformance/expected/plugins.json`), or `None` when it accepts it.
pub fn manifest_problem(manifest: &Value) -> Option<String> {
    let mut problems = Vec::new();
    match manifest.get("name") {
        Some(Value::String(name)) if name.contains(' ') => {
            problems.push("name: Plugin name cannot contain spaces. Use kebab-case (e.g., \"my-plugin\")".to_string())
        }
        Some(Value::String(_)) => {}
        Some(_) => problems.push("name: Invalid input: expected string".to_string()),
        None => problems.push("name: Invalid input: expected string, received undefined".to_string()),
    }
    for key in ["version", "description"] {
        if let Some(v) = manifest.get(key).filter(|v| !v.is_string()) {
            problems.push(format!("{key}: Invalid input: expected string, received {}", json_type(v)));
        }
    }
    for key in ["agents", "commands"] {
        match manifest.get(key) {
            Some(Value::String(s)) if !s.ends_with(".md") => {
                problems.push(format!("{key}: Invalid string: must end with \".md\""))
            }
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if item.as_str().is_some_and(|s| !s.ends_with(".md")) {
                        problems.push(format!("{key}.{i}: Invalid string: must end with \".md\""));
                    }
                }
            }
            _ => {}
        }
    }
    (!problems.is_empty()).then(|| clean_line(&format!("Validation errors: {}", problems.join(", "))).into_owned())
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn from_marketplace(base: &Path, market: &Value, out: &mut Vec<Plugin>) {
    let market_name = text(market, "name");
    let plugin_root = market.pointer("/metadata/pluginRoot").and_then(Value::as_str).unwrap_or(".");
    let Some(entries) = market.get("plugins").and_then(Value::as_array) else { return };
    for entry in entries {
        // A string source is a folder of this repository; objects are remote sources.
        let Some(source) = entry.get("source").and_then(Value::as_str) else { continue };
        let relative = if source == "." || source.starts_with("./") || source.starts_with("../") {
            PathBuf::from(source)
        } else {
            Path::new(plugin_root).join(source)
        };
        let Some(dir) = inside(base, &base.join(relative)).filter(|d| d.is_dir()) else { continue };
        // Entries may share a folder (`"source": "./"`): each one's own lists of skills, agents
        // and commands then say which parts are its. One that lists none adds nothing new.
        let lists_parts = ["agents", "commands", "skills"].iter().any(|k| entry.get(*k).is_some());
        if out.iter().any(|p| p.root == dir) && !lists_parts {
            continue;
        }
        let strict = entry.get("strict").and_then(Value::as_bool) != Some(false);
        let manifest = if strict { read_json(&dir.join(".claude-plugin/plugin.json")) } else { None };
        let fallback = text(entry, "name").unwrap_or_else(|| dir_name(&dir));
        out.push(build(&dir, manifest.as_ref(), Some(entry), &fallback, market_name.clone()));
    }
}

/// A plugin from its manifest and/or marketplace entry (the entry's component paths add to
/// the manifest's, as Claude Code merges them).
fn build(
    dir: &Path,
    manifest: Option<&Value>,
    entry: Option<&Value>,
    fallback: &str,
    marketplace: Option<String>,
) -> Plugin {
    let field = |key: &str| manifest.and_then(|m| text(m, key)).or_else(|| entry.and_then(|e| text(e, key)));
    let parts = |key: &str| {
        let mut paths = Vec::new();
        let default = dir.join(key);
        // A manifest that names its agents or commands replaces the default folder (2.1.332).
        let replaced = key != "skills" && manifest.is_some_and(|m| m.get(key).is_some());
        if default.is_dir() && !replaced {
            paths.push(default);
        }
        for source in [manifest, entry].into_iter().flatten() {
            for p in path_list(source.get(key)) {
                if let Some(p) = inside(dir, &dir.join(p)).filter(|p| p.exists())
                    && !paths.contains(&p)
                {
                    paths.push(p);
                }
            }
        }
        paths
    };
    Plugin {
        name: field("name").unwrap_or_else(|| fallback.to_string()),
        root: dir.to_path_buf(),
        description: field("description"),
        version: field("version"),
        marketplace,
        agents: parts("agents"),
        commands: parts("commands"),
        skills: parts("skills"),
        dropped: manifest.and_then(manifest_problem),
    }
}

/// Folders below `dir` (and `dir` itself) that hold `.claude-plugin/plugin.json`, in path order.
fn plugin_dirs(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if dir.join(".claude-plugin/plugin.json").is_file() {
        out.push(dir.to_path_buf());
    }
    if depth >= MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut subdirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !SKIP_DIRS.iter().any(|s| e.file_name() == *s))
        .map(|e| e.path())
        .collect();
    subdirs.sort();
    for sub in subdirs {
        plugin_dirs(&sub, depth + 1, out);
    }
}

/// `path` made canonical, if it stays inside `base` (which is canonical).
fn inside(base: &Path, path: &Path) -> Option<PathBuf> {
    path.canonicalize().ok().filter(|p| p.starts_with(base))
}

/// A JSON file small enough to be a manifest, if it parses.
fn read_json(path: &Path) -> Option<Value> {
    use std::io::Read;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_MANIFEST {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path).ok()?.take(MAX_MANIFEST).read_to_end(&mut bytes).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A string field, cleaned for display; empty counts as missing.
fn text(v: &Value, key: &str) -> Option<String> {
    let s = clean_line(v.get(key)?.as_str()?.trim()).into_owned();
    (!s.is_empty()).then_some(s)
}

/// A component field: one path or a list of them.
fn path_list(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn dir_name(dir: &Path) -> String {
    dir.file_name().map(|n| clean_line(&n.to_string_lossy()).into_owned()).unwrap_or_else(|| "plugin".into())
}
