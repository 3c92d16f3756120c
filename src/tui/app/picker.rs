//! Choosing from a list in the form: one value (a model, a colour, a scope), or a set of tools
//! grouped by what they do, with "all tools" (the field left out) and "none" (an empty
//! field) as choices of their own, and the MCP servers' tools as `mcp__server__*` or one by one.

use crate::catalog::tools::{self, Group};

/// What the picker fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Scope,
    Color,
    /// The form's key at `i` (`Values::keys`).
    Key(usize),
    /// `tools` (false) or `disallowedTools` (true).
    Tools {
        disallowed: bool,
    },
}

/// One line of a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value it stands for; empty for a group heading.
    pub value: String,
    pub help: String,
    pub heading: bool,
}

impl Choice {
    pub fn plain(value: &str, help: &str) -> Choice {
        Choice { value: value.to_string(), help: help.to_string(), heading: false }
    }
    fn heading(title: &str) -> Choice {
        Choice { value: String::new(), help: title.to_string(), heading: true }
    }
}

/// A list to choose from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub kind: PickerKind,
    pub choices: Vec<Choice>,
    pub cursor: usize,
    /// Values ticked (several for tools, at most one otherwise).
    pub ticked: Vec<String>,
    /// Tools: every tool (the field left out).
    pub all: bool,
}

impl Picker {
    /// Choose one value; `now` is ticked and under the cursor.
    pub fn single(kind: PickerKind, choices: Vec<Choice>, now: Option<&str>) -> Picker {
        let cursor = now.and_then(|n| choices.iter().position(|c| c.value == n)).unwrap_or(0);
        let ticked = now.map(|n| vec![n.to_string()]).unwrap_or_default();
        Picker { kind, choices, cursor, ticked, all: false }
    }

    /// Choose tools: Claude Code's built-ins by group, then each MCP server's tools.
    pub fn tools(disallowed: bool, chosen: &[String], all: bool, mcp: &[(String, Vec<String>)]) -> Picker {
        let mut choices = Vec::new();
        for g in Group::ALL {
            choices.push(Choice::heading(g.label()));
            choices.extend(tools::in_group(g).map(|t| Choice::plain(t.name, t.description)));
        }
        for (server, seen) in mcp {
            choices.push(Choice::heading(&format!("MCP server {server}")));
            choices.push(Choice::plain(&format!("mcp__{server}__*"), "every tool of this server"));
            choices.extend(seen.iter().map(|t| Choice::plain(t, "seen in a loaded agent")));
        }
        // Entries that are none of the above (patterns like Bash(git:*)) stay choosable.
        let others: Vec<&String> = chosen.iter().filter(|c| !choices.iter().any(|x| x.value == **c)).collect();
        if !others.is_empty() {
            choices.push(Choice::heading("in the file"));
            choices.extend(others.into_iter().map(|o| Choice::plain(o, "")));
        }
        let cursor = choices.iter().position(|c| !c.heading).unwrap_or(0);
        Picker { kind: PickerKind::Tools { disallowed }, choices, cursor, ticked: chosen.to_vec(), all }
    }

    pub fn multi(&self) -> bool {
        matches!(self.kind, PickerKind::Tools { .. })
    }

    /// Move to the next (or previous) choice that is not a heading.
    pub fn step(&mut self, down: bool, n: usize) {
        for _ in 0..n {
            let mut i = self.cursor;
            loop {
                i = if down { i + 1 } else { i.wrapping_sub(1) };
                match self.choices.get(i) {
                    Some(c) if c.heading => continue,
                    Some(_) => {
                        self.cursor = i;
                        break;
                    }
                    None => return,
                }
            }
        }
    }

    /// Tick or untick the choice under the cursor (a single picker ticks only it).
    pub fn toggle(&mut self) {
        let Some(c) = self.choices.get(self.cursor).filter(|c| !c.heading) else {
            return;
        };
        let v = c.value.clone();
        if !self.multi() {
            self.ticked = vec![v];
            return;
        }
        self.all = false;
        match self.ticked.iter().position(|t| *t == v) {
            Some(at) => {
                self.ticked.remove(at);
            }
            None => self.ticked.push(v),
        }
    }

    /// Tools: every tool (leave the field out).
    pub fn choose_all(&mut self) {
        self.all = true;
        self.ticked.clear();
    }

    /// Tools: none at all (an empty field).
    pub fn choose_none(&mut self) {
        self.all = false;
        self.ticked.clear();
    }

    /// The ticked values in picker order, entries not in the list last.
    pub fn chosen(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .choices
            .iter()
            .filter(|c| !c.heading && self.ticked.contains(&c.value))
            .map(|c| c.value.clone())
            .collect();
        let rest: Vec<String> = self.ticked.iter().filter(|t| !out.contains(t)).cloned().collect();
        out.extend(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_are_grouped_and_ticked_in_order() {
        let mcp = vec![("github".to_string(), vec!["mcp__github__create_issue".to_string()])];
        let mut p = Picker::tools(false, &["Bash(git:*)".to_string(), "Read".to_string()], false, &mcp);
        assert!(p.choices[0].heading);
        assert_eq!(p.choices[p.cursor].value, "Read");
        p.step(true, 1);
        p.toggle();
        assert_eq!(p.chosen(), ["Read", "Glob", "Bash(git:*)"]);
        assert!(p.choices.iter().any(|c| c.value == "mcp__github__*"));
        p.choose_all();
        assert!(p.all && p.chosen().is_empty());
    }

    #[test]
    fn a_single_picker_ticks_one() {
        let mut p =
            Picker::single(PickerKind::Color, vec![Choice::plain("red", ""), Choice::plain("blue", "")], Some("blue"));
        assert_eq!(p.cursor, 1);
        p.step(false, 1);
        p.toggle();
        assert_eq!(p.chosen(), ["red"]);
    }
}
