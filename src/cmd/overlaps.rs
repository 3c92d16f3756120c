//! `agentdeck overlaps`: agents that collide by name or repeat the same persona under
//! different names, as JSON for scripts or a plain listing for people.
//!
//! Both kinds of group share one list, biggest first, so the worst duplication is on top.
//! A similar-text cluster whose members all share one name is left out: the same-name group
//! already shows it.

use crate::catalog::Agent;
use crate::catalog::overlap::{SimilarityIndex, same_name_groups};
use crate::text::sanitize::clean_line;
use serde_json::{Value, json};

struct Group {
    similar: bool,
    name: Option<String>,
    /// (index, score, effective)
    members: Vec<(usize, f32, bool)>,
}

fn groups(agents: &[Agent], min: f32) -> Vec<Group> {
    let mut out: Vec<Group> = same_name_groups(agents)
        .into_iter()
        .map(|g| Group {
            similar: false,
            members: g.members.iter().map(|&i| (i, 1.0, i == g.effective)).collect(),
            name: Some(g.name),
        })
        .collect();
    let index = SimilarityIndex::build(agents);
    for c in index.clusters(min) {
        let first = &agents[c.members[0].0].name;
        if c.members.iter().all(|m| &agents[m.0].name == first) {
            continue;
        }
        let members = c.members.iter().map(|&(i, s)| (i, s, false)).collect();
        out.push(Group { similar: true, name: None, members });
    }
    // Stable: same-name groups keep their name order among equal sizes, before clusters.
    out.sort_by_key(|g| std::cmp::Reverse(g.members.len()));
    out
}

fn path(a: &Agent) -> String {
    clean_line(&a.path.display().to_string()).into_owned()
}

fn to_json(agents: &[Agent], groups: &[Group]) -> Value {
    let list: Vec<Value> = groups
        .iter()
        .map(|g| {
            let members: Vec<Value> = (g.members.iter())
                .map(|&(i, score, effective)| {
                    let a = &agents[i];
                    let mut m = json!({
                        "name": a.name, "path": a.path.display().to_string(),
                        "scope": a.scope.label(), "score": score,
                    });
                    if !g.similar {
                        m["effective"] = json!(effective);
                        m["shadowed_by"] = json!(a.shadowed_by.as_ref().map(|p| p.display().to_string()));
                    }
                    m
                })
                .collect();
            if g.similar {
                json!({ "kind": "similar", "members": members })
            } else {
                json!({ "kind": "same-name", "name": g.name, "members": members })
            }
        })
        .collect();
    json!({ "groups": list })
}

fn to_text(agents: &[Agent], groups: &[Group]) -> String {
    if groups.is_empty() {
        return "no overlaps found\n".into();
    }
    let mut out = String::new();
    for g in groups {
        let n = g.members.len();
        match &g.name {
            Some(name) if !g.similar => {
                out.push_str(&format!("same name: {} ({n} files)\n", clean_line(name)));
            }
            _ => out.push_str(&format!("similar personas ({n} agents)\n")),
        }
        let name_w = g.members.iter().map(|m| clean_line(&agents[m.0].name).chars().count()).max().unwrap_or(0);
        for &(i, score, effective) in &g.members {
            let a = &agents[i];
            let name = clean_line(&a.name);
            let mark = if effective { "*" } else { " " };
            let mut line = if g.similar {
                format!("  {mark} {name:name_w$}  {:>3.0}%  {:8} {}", score * 100.0, a.scope.label(), path(a))
            } else {
                format!("  {mark} {name:name_w$}  {:8} {}", a.scope.label(), path(a))
            };
            if let Some(by) = &a.shadowed_by {
                line.push_str(&format!("  (shadowed by {})", clean_line(&by.display().to_string())));
            } else if effective {
                line.push_str("  (effective)");
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// The overlap report: same-name groups and similar-text clusters scoring at least `min`.
pub fn run(agents: &[Agent], min: f32, json: bool) -> String {
    let groups = groups(agents, min);
    if json {
        let mut s = serde_json::to_string_pretty(&to_json(agents, &groups)).expect("plain JSON values");
        s.push('\n');
        s
    } else {
        to_text(agents, &groups)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::diff::tests::agent;
    use std::path::PathBuf;

    fn words(seed: usize, n: usize) -> String {
        (0..n).map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 1_000_003)).collect::<Vec<_>>().join(" ")
    }

    fn sample() -> Vec<Agent> {
        let persona = words(1, 200);
        let mut v = vec![
            agent("backend-lead", &words(2, 100)),
            agent("backend-lead", &words(3, 100)),
            agent("backend-lead", &words(4, 100)),
            agent("reviewer", &persona),
            agent("code-checker\x1b[31m", &format!("{persona} and one more line")),
            agent("lonely", &words(5, 100)),
        ];
        v[0].shadowed_by = Some(PathBuf::from(".claude/agents/backend-lead.md"));
        v[1].path = PathBuf::from("/home/u/.claude/agents/backend-lead.md");
        for a in &mut v {
            a.description = String::new();
        }
        v
    }

    #[test]
    fn json_shape() {
        let out = run(&sample(), 0.5, true);
        let v: Value = serde_json::from_str(&out).unwrap();
        let groups = v["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0]["kind"], "same-name");
        assert_eq!(groups[0]["name"], "backend-lead");
        let m = groups[0]["members"].as_array().unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(m[0]["effective"], false);
        assert_eq!(m[1]["effective"], true);
        assert_eq!(m[0]["shadowed_by"], ".claude/agents/backend-lead.md");
        assert_eq!(m[1]["score"], 1.0);
        assert_eq!(groups[1]["kind"], "similar");
        let s = groups[1]["members"].as_array().unwrap();
        assert_eq!(s.len(), 2);
        assert!(s[0]["score"].as_f64().unwrap() > 0.9);
        assert!(s.iter().any(|m| m["name"] == "reviewer"));
    }

    #[test]
    fn text_listing() {
        let out = run(&sample(), 0.5, false);
        assert!(out.starts_with("same name: backend-lead (3 files)\n"), "{out}");
        assert!(out.contains("(effective)") && out.contains("(shadowed by .claude/agents/backend-lead.md)"));
        assert!(out.contains("similar personas (2 agents)"));
        assert!(out.contains('%'));
        assert!(!out.contains('\x1b'), "names are sanitised");
        assert!(!out.contains("lonely"));
        assert_eq!(run(&sample()[5..], 0.5, false), "no overlaps found\n");
    }
}
