//! Editing one list in a JSON file someone else owns (Claude Code's settings) without touching
//! any other byte: the file is scanned for the spans of its values, and only the list's items
//! (or a new member holding it) are spliced in or cut out. Line endings, compact arrays, number
//! spellings (`1E5`), duplicate keys and escapes all stay as they were. Of duplicate keys, the
//! last one is the one edited, as Claude Code (JavaScript's `JSON.parse`) reads the last.

/// A JSON value's place in the text.
#[derive(Debug, Clone)]
enum Node {
    /// `members`: each key (decoded) with the span of the key and the value.
    Object {
        start: usize,
        end: usize,
        members: Vec<(String, usize, Node)>,
    },
    Array {
        start: usize,
        end: usize,
        items: Vec<Node>,
    },
    Scalar {
        start: usize,
        end: usize,
    },
}

impl Node {
    fn span(&self) -> (usize, usize) {
        match self {
            Node::Object { start, end, .. } | Node::Array { start, end, .. } | Node::Scalar { start, end } => {
                (*start, *end)
            }
        }
    }
}

/// Deeper than this, a settings file is refused rather than scanned.
const MAX_DEPTH: usize = 256;

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn string_end(&mut self) -> Option<usize> {
        // At the opening quote.
        self.i += 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(self.i);
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        let start = self.i;
        match *self.b.get(self.i)? {
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                loop {
                    self.ws();
                    match *self.b.get(self.i)? {
                        b'}' => {
                            self.i += 1;
                            return Some(Node::Object { start, end: self.i, members });
                        }
                        b',' => self.i += 1,
                        b'"' => {
                            let ks = self.i;
                            let ke = self.string_end()?;
                            let key: String = serde_json::from_slice(&self.b[ks..ke]).ok()?;
                            self.ws();
                            if self.b.get(self.i) != Some(&b':') {
                                return None;
                            }
                            self.i += 1;
                            let v = self.value(depth + 1)?;
                            members.push((key, ks, v));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    match *self.b.get(self.i)? {
                        b']' => {
                            self.i += 1;
                            return Some(Node::Array { start, end: self.i, items });
                        }
                        b',' => self.i += 1,
                        _ => items.push(self.value(depth + 1)?),
                    }
                }
            }
            b'"' => {
                let end = self.string_end()?;
                Some(Node::Scalar { start, end })
            }
            _ => {
                while self.i < self.b.len()
                    && !matches!(self.b[self.i], b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                {
                    self.i += 1;
                }
                (self.i > start).then_some(Node::Scalar { start, end: self.i })
            }
        }
    }
}

/// Why a file cannot be edited in place.
pub type Refusal = String;

/// The text with the string list at `permissions.deny` changed: `add` appended (those not
/// there already), items for which `remove` says yes cut out. `text` must be valid JSON
/// holding an object (the caller has checked).
pub fn edit_list(
    text: &[u8],
    outer: &str,
    inner: &str,
    add: &[String],
    remove: &dyn Fn(&str) -> bool,
) -> Result<Vec<u8>, Refusal> {
    let mut out = text.to_vec();
    // Cut out, one at a time from the last (each cut moves what follows).
    loop {
        let root = scan(&out)?;
        let Some(Node::Array { items, .. }) = find_list(&out, &root, outer, inner)? else { break };
        let hit = items.iter().enumerate().rev().find(|(_, it)| {
            let (s, e) = it.span();
            serde_json::from_slice::<String>(&out[s..e]).is_ok_and(|v| remove(&v))
        });
        let Some((k, _)) = hit else { break };
        let (s, e) = items[k].span();
        let (cut_s, cut_e) = if k + 1 < items.len() {
            (s, items[k + 1].span().0)
        } else if k > 0 {
            (items[k - 1].span().1, e)
        } else {
            (s, e)
        };
        out.drain(cut_s..cut_e);
    }
    let root = scan(&out)?;
    let present: Vec<String> = match find_list(&out, &root, outer, inner)? {
        Some(Node::Array { items, .. }) => items
            .iter()
            .filter_map(|it| {
                let (s, e) = it.span();
                serde_json::from_slice::<String>(&out[s..e]).ok()
            })
            .collect(),
        _ => Vec::new(),
    };
    let new: Vec<String> =
        add.iter().filter(|a| !present.contains(a)).map(|a| serde_json::to_string(a).unwrap_or_default()).collect();
    if new.is_empty() {
        return Ok(out);
    }
    let nl: &[u8] = if out.windows(2).any(|w| w == b"\r\n") { b"\r\n" } else { b"\n" };
    let list = format!("[{}]", new.join(", "));
    let (at, insert) = match find_list(&out, &root, outer, inner)? {
        Some(Node::Array { start, end, items }) => match items.last() {
            Some(last) => (last.span().1, separated(&out, start, &items, nl, &new.join(", "))),
            None => (end - 1, new.join(", ").into_bytes()),
        },
        Some(_) => unreachable!("find_list returns arrays only"),
        None => {
            let Node::Object { members, end, start } = &root else {
                return Err("it does not hold a JSON object".into());
            };
            match last_member(members, outer) {
                Some(Node::Object { start, end, members }) => {
                    member_insert(&out, *start, *end, members, nl, &format!("{}: {list}", quoted(inner)))
                }
                Some(_) => return Err(format!("`{outer}` is not an object")),
                None => member_insert(
                    &out,
                    *start,
                    *end,
                    members,
                    nl,
                    &format!("{}: {{{}: {list}}}", quoted(outer), quoted(inner)),
                ),
            }
        }
    };
    out.splice(at..at, insert);
    Ok(out)
}

/// The text with the member `key` of the object `outer` set to the string `value`, or cut
/// out when `value` is `None` (`skillOverrides.NAME`), every other byte left as it was. The
/// object and the member are added in the file's layout when missing.
pub fn edit_member(text: &[u8], outer: &str, key: &str, value: Option<&str>) -> Result<Vec<u8>, Refusal> {
    let mut out = text.to_vec();
    let root = scan(&out)?;
    let Node::Object { members: top, start: top_start, end: top_end } = &root else {
        return Err("it does not hold a JSON object".into());
    };
    let nl: &[u8] = if out.windows(2).any(|w| w == b"\r\n") { b"\r\n" } else { b"\n" };
    match (last_member(top, outer), value) {
        (Some(Node::Object { start, end, members }), _) => {
            let found = members.iter().enumerate().rev().find(|(_, (k, _, _))| k == key);
            match (found, value) {
                (Some((_, (_, _, node))), Some(v)) => {
                    let (s, e) = node.span();
                    out.splice(s..e, quoted(v).into_bytes());
                }
                (Some((k, (_, key_start, node))), None) => {
                    let (cut_s, cut_e) = if k + 1 < members.len() {
                        (*key_start, members[k + 1].1)
                    } else if k > 0 {
                        (members[k - 1].2.span().1, node.span().1)
                    } else {
                        (*key_start, node.span().1)
                    };
                    out.drain(cut_s..cut_e);
                }
                (None, Some(v)) => {
                    let (at, insert) =
                        member_insert(&out, *start, *end, members, nl, &format!("{}: {}", quoted(key), quoted(v)));
                    out.splice(at..at, insert);
                }
                (None, None) => {}
            }
        }
        (Some(_), _) => return Err(format!("`{outer}` is not an object")),
        (None, Some(v)) => {
            let member = format!("{}: {{{}: {}}}", quoted(outer), quoted(key), quoted(v));
            let (at, insert) = member_insert(&out, *top_start, *top_end, top, nl, &member);
            out.splice(at..at, insert);
        }
        (None, None) => {}
    }
    Ok(out)
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn scan(text: &[u8]) -> Result<Node, Refusal> {
    let mut s = Scan { b: text, i: 0 };
    let root = s.value(0).ok_or_else(|| "its JSON could not be followed (too deeply nested?)".to_string())?;
    match root {
        Node::Object { .. } => Ok(root),
        _ => Err("it does not hold a JSON object".into()),
    }
}

fn last_member<'n>(members: &'n [(String, usize, Node)], key: &str) -> Option<&'n Node> {
    members.iter().rev().find(|(k, _, _)| k == key).map(|(_, _, v)| v)
}

/// The list at `outer.inner`, `None` when either is missing; refused when it is not a list.
fn find_list(_text: &[u8], root: &Node, outer: &str, inner: &str) -> Result<Option<Node>, Refusal> {
    let Node::Object { members, .. } = root else { return Ok(None) };
    match last_member(members, outer) {
        None => Ok(None),
        Some(Node::Object { members, .. }) => match last_member(members, inner) {
            None => Ok(None),
            Some(n @ Node::Array { .. }) => Ok(Some(n.clone())),
            Some(_) => Err(format!("`{outer}.{inner}` is not a list")),
        },
        Some(_) => Err(format!("`{outer}` is not an object")),
    }
}

/// The leading whitespace of the line `at` is on.
fn indent_at(text: &[u8], at: usize) -> Vec<u8> {
    let line_start = text[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    text[line_start..at].iter().take_while(|b| matches!(b, b' ' | b'\t')).copied().collect()
}

/// `, ` plus `new`, laid out as the list's items are: on a line of its own, indented like
/// the last item, when the items are one per line; inline otherwise.
fn separated(text: &[u8], open: usize, items: &[Node], nl: &[u8], new: &str) -> Vec<u8> {
    let last = items[items.len() - 1].span().0;
    let multiline = text[open..last].contains(&b'\n');
    let mut out = b",".to_vec();
    if multiline {
        out.extend_from_slice(nl);
        out.extend(indent_at(text, last));
    } else {
        out.push(b' ');
    }
    out.extend_from_slice(new.as_bytes());
    out
}

/// Where and what to insert to add `member` to the object spanning `start..end`.
fn member_insert(
    text: &[u8],
    start: usize,
    end: usize,
    members: &[(String, usize, Node)],
    nl: &[u8],
    member: &str,
) -> (usize, Vec<u8>) {
    match members.last() {
        Some((_, key_start, value)) => {
            let multiline = text[start..*key_start].contains(&b'\n');
            let mut out = b",".to_vec();
            if multiline {
                out.extend_from_slice(nl);
                out.extend(indent_at(text, *key_start));
            } else {
                out.push(b' ');
            }
            out.extend_from_slice(member.as_bytes());
            (value.span().1, out)
        }
        None => (end - 1, member.as_bytes().to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(text: &str, rule: &str) -> String {
        String::from_utf8(edit_list(text.as_bytes(), "permissions", "deny", &[rule.to_string()], &|_| false).unwrap())
            .unwrap()
    }

    fn remove(text: &str, rule: &str) -> String {
        String::from_utf8(edit_list(text.as_bytes(), "permissions", "deny", &[], &|r| r == rule).unwrap()).unwrap()
    }

    #[test]
    fn a_member_is_set_and_cut_in_place() {
        let set = |t: &str, v: Option<&str>| {
            String::from_utf8(edit_member(t.as_bytes(), "skillOverrides", "pdf", v).unwrap()).unwrap()
        };
        let text = "{\r\n  \"model\": \"a\",\r\n  \"n\": 1E5\r\n}\r\n";
        let on = set(text, Some("off"));
        assert_eq!(
            on,
            "{\r\n  \"model\": \"a\",\r\n  \"n\": 1E5,\r\n  \"skillOverrides\": {\"pdf\": \"off\"}\r\n}\r\n"
        );
        assert_eq!(set(&on, Some("name-only")), on.replace("\"off\"", "\"name-only\""));
        let two = set(&on.replace("{\"pdf\": \"off\"}", "{\"x\": \"on\"}"), Some("off"));
        assert_eq!(two, on.replace("{\"pdf\": \"off\"}", "{\"x\": \"on\", \"pdf\": \"off\"}"));
        assert_eq!(set(&two, None), on.replace("{\"pdf\": \"off\"}", "{\"x\": \"on\"}"));
        assert_eq!(set(&on, None), on.replace("\"pdf\": \"off\"", ""));
        assert_eq!(set(text, None), text, "nothing to cut");
        assert!(edit_member(b"{\"skillOverrides\": []}", "skillOverrides", "pdf", Some("off")).is_err());
    }

    #[test]
    fn only_the_list_changes() {
        let text = "{\r\n  \"model\": \"a\",\r\n  \"n\": 1E5,\r\n  \"s\": \"\\u202e\",\r\n  \"permissions\": {\"allow\": [\"X\"]},\r\n  \"permissions\": {\r\n    \"deny\": [\"Bash(rm)\",\"Agent(y)\"]\r\n  },\r\n  \"model\": \"b\"\r\n}\r\n";
        let after = add(text, "Agent(x)");
        assert_eq!(after, text.replace("\"Agent(y)\"]", "\"Agent(y)\", \"Agent(x)\"]"));
        assert_eq!(remove(&after, "Agent(x)"), text);
        assert_eq!(remove(text, "Bash(rm)"), text.replace("\"Bash(rm)\",", ""));
    }

    #[test]
    fn one_item_per_line_stays_so() {
        let text = "{\n    \"permissions\": {\n        \"deny\": [\n            \"A\"\n        ]\n    }\n}\n";
        let after = add(text, "B");
        assert_eq!(after, text.replace("\"A\"\n", "\"A\",\n            \"B\"\n"));
        assert_eq!(remove(&after, "B"), text);
        assert_eq!(remove(&after, "A"), text.replace("\"A\"", "\"B\""));
    }

    #[test]
    fn missing_members_are_added_in_the_files_layout() {
        assert_eq!(
            add("{\r\n  \"model\": \"a\"\r\n}\r\n", "X"),
            "{\r\n  \"model\": \"a\",\r\n  \"permissions\": {\"deny\": [\"X\"]}\r\n}\r\n"
        );
        assert_eq!(add("{\"permissions\":{\"allow\":[]}}", "X"), "{\"permissions\":{\"allow\":[], \"deny\": [\"X\"]}}");
        assert_eq!(add("{}", "X"), "{\"permissions\": {\"deny\": [\"X\"]}}");
        assert_eq!(add("{\"permissions\": {\"deny\": []}}", "X"), "{\"permissions\": {\"deny\": [\"X\"]}}");
        assert_eq!(add("{\"permissions\": {\"deny\": [\"X\"]}}", "X"), "{\"permissions\": {\"deny\": [\"X\"]}}");
    }

    #[test]
    fn what_cannot_be_edited_in_place_is_refused() {
        let e = edit_list(b"{\"permissions\": []}", "permissions", "deny", &["X".into()], &|_| false).unwrap_err();
        assert!(e.contains("not an object"), "{e}");
        let e = edit_list(b"{\"permissions\": {\"deny\": 3}}", "permissions", "deny", &["X".into()], &|_| false)
            .unwrap_err();
        assert!(e.contains("not a list"), "{e}");
        let e = edit_list(b"[1]", "permissions", "deny", &["X".into()], &|_| false).unwrap_err();
        assert!(e.contains("not hold a JSON object"), "{e}");
    }
}
