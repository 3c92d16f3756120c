//! The form's values: which agent it writes, each field as typed (tools, keys, examples as
//! structured parts, the body), read from an agent and turned back into a description and a
//! file; with the template a new agent starts from.

use super::super::textarea::TextArea;
use crate::catalog::examples::{example_markup, intro_of};
use crate::catalog::plans::{Target, create};
use crate::catalog::{Agent, AgentId, Example, Kind, Role};
use serde_yaml::Value;
use std::path::PathBuf;

/// Which agent the form writes.
#[derive(Debug, Clone, PartialEq)]
pub enum FormTarget {
    /// A new file in the project's or the user's agent folder.
    New { scope: Target },
    /// An existing file, as it was read when the form opened.
    Edit { id: AgentId, path: PathBuf, original: Box<Values> },
}

/// How many tools an agent may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tools {
    /// The field is left out: every tool.
    All,
    /// These (an empty list: none at all).
    Some(Vec<String>),
}

/// Everything the form edits, as a person thinks of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    /// What the file is: its kind says which keys the form offers and what the tool lists
    /// are called (`allowed-tools` in a skill or a command).
    pub kind: Kind,
    pub name: String,
    /// The description without its usage examples.
    pub intro: String,
    pub examples: Vec<Example>,
    pub tools: Tools,
    /// `None`: no `disallowedTools` key.
    pub disallowed: Option<Vec<String>>,
    /// The documented keys with one text or number value, by key: `None` leaves the key out.
    pub keys: Vec<(&'static str, Option<String>)>,
    /// Every other frontmatter key, kept as it was.
    pub extra: Vec<(String, Value)>,
    pub body: String,
    /// The description exactly as read, to keep it byte for byte when neither the intro nor
    /// the examples change.
    pub description_as_read: Option<String>,
}

/// The documented keys the form offers besides name, description, tools and the body.
pub const KEYS: &[&str] = &[
    "model",
    "color",
    "permissionMode",
    "maxTurns",
    "skills",
    "memory",
    "effort",
    "isolation",
    "background",
    "initialPrompt",
];

/// Keys whose value is a number or a boolean in YAML.
const TYPED: &[&str] =
    &["maxTurns", "background", "disable-model-invocation", "user-invocable", "keep-coding-instructions"];

/// The keys the form offers for `kind` besides name, description, the tool lists and the
/// body: an agent's documented keys, or the other kind's (a skill's and a command's `model`
/// too).
pub fn keys_for(kind: Kind) -> Vec<&'static str> {
    if kind == Kind::Agent {
        return KEYS.to_vec();
    }
    let (tools, disallowed) = kind.tool_keys();
    let model = matches!(kind, Kind::Skill | Kind::Command).then_some("model");
    model.into_iter().chain(kind.known_keys().iter().copied().filter(|k| *k != tools && *k != disallowed)).collect()
}

impl Values {
    /// A blank agent from the template.
    pub fn template() -> Values {
        Values {
            kind: Kind::Agent,
            name: String::new(),
            intro: "Use this agent when ... (say when Claude should delegate to it)".into(),
            examples: Vec::new(),
            tools: Tools::All,
            disallowed: None,
            keys: KEYS.iter().map(|k| (*k, None)).collect(),
            extra: Vec::new(),
            body: "You are ...\n\n## How you work\n\n- ...\n".into(),
            description_as_read: None,
        }
    }

    /// The values of an agent read from its file.
    pub fn of(agent: &Agent) -> Values {
        let examples = crate::catalog::examples::extract(&agent.description);
        let intro = intro_of(&agent.description).to_string();
        let text = |k: &str| agent.extra.get(k).map(json_text);
        let offered = keys_for(agent.kind);
        let (tools_key, disallowed_key) = agent.kind.tool_keys();
        let keys = offered
            .iter()
            .map(|&k| {
                let v = match k {
                    "model" => agent.model.clone(),
                    "color" => agent.color.clone(),
                    other => text(other),
                };
                (k, v)
            })
            .collect();
        let extra = agent
            .extra
            .iter()
            .filter(|(k, _)| !offered.contains(&k.as_str()) && k.as_str() != tools_key && k.as_str() != disallowed_key)
            .filter_map(|(k, v)| Some((k.clone(), serde_yaml::to_value(v).ok()?)))
            .collect();
        Values {
            kind: agent.kind,
            name: agent.name.clone(),
            intro,
            examples,
            tools: agent.tools.clone().map_or(Tools::All, Tools::Some),
            disallowed: agent.disallowed_tools.clone(),
            keys,
            extra,
            body: agent.body.clone(),
            description_as_read: Some(agent.description.clone()),
        }
    }

    /// The same values as an agent's: the agent's keys (those it shares with the other kind,
    /// such as `model`, keep their values), and the other kind's own keys left out.
    pub fn into_agent(self) -> Values {
        if self.kind == Kind::Agent {
            return self;
        }
        let keys = KEYS.iter().map(|&k| (k, self.key(k).map(str::to_string))).collect();
        Values { kind: Kind::Agent, keys, ..self }
    }

    pub fn key(&self, k: &str) -> Option<&str> {
        self.keys.iter().find(|(key, _)| *key == k).and_then(|(_, v)| v.as_deref())
    }

    pub fn set_key(&mut self, k: &str, v: Option<String>) {
        if let Some(slot) = self.keys.iter_mut().find(|(key, _)| *key == k) {
            slot.1 = v.filter(|s| !s.trim().is_empty());
        }
    }

    /// The description: the intro, then each example as `<example>` markup.
    pub fn description(&self) -> String {
        if let Some(read) = &self.description_as_read
            && intro_of(read) == self.intro
            && crate::catalog::examples::extract(read) == self.examples
        {
            return read.clone();
        }
        let mut d = self.intro.trim_end().to_string();
        for e in &self.examples {
            d.push_str("\n\n");
            d.push_str(&example_markup(e));
        }
        d
    }

    /// The frontmatter fields, in the order a new file gets them.
    pub fn fields(&self) -> Vec<(String, Value)> {
        let mut out = vec![
            ("name".to_string(), Value::String(self.name.clone())),
            ("description".to_string(), Value::String(self.description())),
        ];
        let (tools_key, disallowed_key) = self.kind.tool_keys();
        if let Tools::Some(list) = &self.tools {
            out.push((tools_key.into(), Value::String(list.join(", "))));
        }
        if let Some(list) = &self.disallowed {
            out.push((disallowed_key.into(), Value::String(list.join(", "))));
        }
        for (k, v) in &self.keys {
            if let Some(v) = v {
                out.push((k.to_string(), typed(k, v)));
            }
        }
        out.extend(self.extra.iter().cloned());
        out
    }
}

/// A key's value in YAML: numbers and booleans for the keys that hold them.
fn typed(key: &str, v: &str) -> Value {
    if TYPED.contains(&key) { create::value_for(key, v) } else { Value::String(v.to_string()) }
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// An example edited as text: `Context:`, `user:`, `assistant:` and `commentary:` lines.
pub fn example_as_text(e: &Example) -> String {
    let turns: Vec<(Role, String)> = if e.turns.is_empty() {
        vec![(Role::User, e.user.clone()), (Role::Assistant, e.assistant.clone())]
    } else {
        e.turns.clone()
    };
    let mut s = format!("Context: {}\n", e.context.trim());
    for (role, t) in turns {
        s.push_str(&format!("{}: {}\n", if role == Role::User { "user" } else { "assistant" }, t.trim()));
    }
    s.push_str(&format!("commentary: {}", e.commentary.trim()));
    s
}

/// An example's editor, its cursor on the first line with nothing after its label (a new
/// example: `Context:`), else at the end of the first: typing never lands in `commentary:`.
pub(super) fn example_editor(text: &str) -> TextArea {
    let mut e = TextArea::new(text, true);
    let lines = e.lines().to_vec();
    let empty = lines.iter().position(|l| l.split_once(':').is_some_and(|(_, v)| v.trim().is_empty()));
    let row = empty.unwrap_or(0);
    e.place(row, lines[row].chars().count());
    e
}

/// The example a text in the shape of [`example_as_text`] describes.
pub fn example_from_text(text: &str) -> Example {
    let markup = format!(
        "<example>\n{}\n</example>",
        text.lines()
            .map(|l| match l.strip_prefix("commentary:") {
                Some(c) => format!("<commentary>\n{}\n</commentary>", c.trim()),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    );
    crate::catalog::examples::extract(&markup).into_iter().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Scope;

    #[test]
    fn examples_round_trip_through_markup_and_text() {
        let e = Example {
            context: "The user wrote a parser.".into(),
            user: "Review it: now".into(),
            assistant: "I'll use the reviewer".into(),
            commentary: "Fresh code.".into(),
            turns: vec![(Role::User, "Review it: now".into()), (Role::Assistant, "I'll use the reviewer".into())],
        };
        let back = crate::catalog::examples::extract(&example_markup(&e));
        assert_eq!(back, vec![e.clone()]);
        assert_eq!(example_from_text(&example_as_text(&e)), e);
    }

    #[test]
    fn an_untouched_description_is_kept_as_read() {
        let mut a = Agent::new("x", PathBuf::from("x.md"), Scope::Path);
        a.description = "Does x.\\n\\n<example>\\nuser: hi\\nassistant: yo\\n</example>".replace("\\n", "\n");
        let v = Values::of(&a);
        assert_eq!(v.description(), a.description);
        let mut w = v.clone();
        w.intro = "Does y.".into();
        assert!(w.description().starts_with("Does y.\n\n<example>\n"));
        assert_eq!(crate::catalog::examples::extract(&w.description()), v.examples);
    }
}
