//! Changing fields of a file whose frontmatter strict YAML accepts ([`set`]): only the
//! edited fields' lines change, and the result is read back.

use super::*;

/// Change fields of a file whose frontmatter strict YAML accepts: each edited field's lines
/// are replaced (or one line is added before the closing fence, or its lines removed), and
/// every other byte stays. The result is read back: the other fields must read as before.
pub fn set(bytes: &[u8], path: &Path, edits: &[FieldEdit]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the file is not valid UTF-8".to_string())?;
    let lay = layout(text).ok_or("the file has no frontmatter")?;
    if lay.close.is_none() || !lay.lead.is_empty() {
        return Err("its frontmatter is not where Claude Code looks for it; run `agentdeck fix` on it first".into());
    }
    let fm = fm_text(&lay.lines);
    let (fields, step) = read_fields(&fm);
    if step != ParseStep::Strict {
        return Err("strict YAML does not accept its frontmatter; run `agentdeck fix` on it first".into());
    }
    let before = parse(bytes, path.to_path_buf(), Scope::Path).map_err(|e| e.0)?;
    let edited = Edited::of(&lay, edits)?;
    let new = edited.file(&lay, bytes.len() + 64);
    reads_as_asked(&fields, edits, &new)?;
    let after = parse(new.as_bytes(), path.to_path_buf(), Scope::Path).map_err(|e| e.0)?;
    let want_body = match edits.iter().rev().find_map(|e| if let FieldEdit::Body(b) = e { Some(b) } else { None }) {
        Some(b) => b.replace("\r\n", "\n"),
        None => before.body,
    };
    if after.body != want_body {
        return Err("the edit would change the body".into());
    }
    Ok(new.into_bytes())
}

/// What [`set`]'s edits make of a file's frontmatter lines and body.
struct Edited {
    /// Per frontmatter line: kept (`None`), removed (`Some(None)`), or the start of a chunk
    /// replaced by a field's new text.
    replace: Vec<Option<Option<String>>>,
    /// The fields added before the closing fence.
    append: Vec<String>,
    body: String,
}

impl Edited {
    /// The edits applied to the file laid out as `lay`.
    fn of(lay: &Layout, edits: &[FieldEdit]) -> Result<Edited, String> {
        let all = chunks(&lay.lines, true);
        let mut edited =
            Edited { replace: vec![None; lay.lines.len()], append: Vec::new(), body: lay.body.to_string() };
        for edit in edits {
            let (key, line) = match edit {
                FieldEdit::Set(k, v) => {
                    (k, Some(emit_field(k, v).ok_or_else(|| format!("no YAML form of `{k}` works"))?))
                }
                FieldEdit::Unset(k) => (k, None),
                FieldEdit::Body(b) => {
                    edited.body = b.clone();
                    continue;
                }
            };
            match all.iter().find(|c| c.key == *key) {
                Some(c) => {
                    // Trailing blank and comment lines belong to no value.
                    let keep = lay.lines[c.start..c.end]
                        .iter()
                        .rposition(|l| !l.trim().is_empty() && !l.starts_with('#'))
                        .map_or(c.start, |i| c.start + i + 1);
                    edited.replace[c.start] = Some(line);
                    for slot in edited.replace.iter_mut().take(keep).skip(c.start + 1) {
                        *slot = Some(None);
                    }
                }
                None => edited.append.extend(line),
            }
        }
        Ok(edited)
    }

    /// The new file: the fences and the lines kept as they were, the new lines in the
    /// file's line ending, and the body.
    fn file(&self, lay: &Layout, capacity: usize) -> String {
        let nl = if lay.open.ends_with("\r\n") { "\r\n" } else { "\n" };
        let mut new = String::with_capacity(capacity);
        let push_lines = |new: &mut String, text: &str| {
            for part in text.split('\n') {
                new.push_str(part);
                new.push_str(nl);
            }
        };
        new.push_str(lay.open);
        for (i, l) in lay.lines.iter().enumerate() {
            match &self.replace[i] {
                None => new.push_str(l),
                Some(None) => {}
                Some(Some(text)) => push_lines(&mut new, text),
            }
        }
        for text in &self.append {
            push_lines(&mut new, text);
        }
        new.push_str(lay.close.unwrap_or("---\n"));
        new.push_str(&self.body);
        new
    }
}

/// Reads the new file's frontmatter back: what was asked changed, and no other field of
/// `fields` (the frontmatter before).
fn reads_as_asked(fields: &[(String, Value)], edits: &[FieldEdit], new: &str) -> Result<(), String> {
    let (after_fields, after_step) =
        read_fields(&fm_text(&layout(new).ok_or("the rewrite lost its frontmatter")?.lines));
    if after_step != ParseStep::Strict {
        return Err("the edit would make the frontmatter invalid".into());
    }
    let edited = |k: &str| edits.iter().any(|e| matches!(e, FieldEdit::Set(x, _) | FieldEdit::Unset(x) if x == k));
    for (k, v) in fields {
        if !edited(k) && after_fields.iter().find(|(ak, _)| ak == k).map(|(_, av)| av) != Some(v) {
            return Err(format!("the edit would change `{k}` too, so it was not made"));
        }
    }
    for e in edits {
        let got = |k: &str| after_fields.iter().find(|(ak, _)| ak == k).map(|(_, v)| v);
        let ok = match e {
            FieldEdit::Set(k, v) => got(k) == Some(v),
            FieldEdit::Unset(k) => got(k).is_none(),
            FieldEdit::Body(_) => true,
        };
        if !ok {
            return Err("the edit does not read back as asked".into());
        }
    }
    Ok(())
}
