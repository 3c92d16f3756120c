//! Widths and wrapping: runs of styled text measured in display columns, wrapped at word
//! boundaries and clipped, and table columns shared out within a width.

use super::{Frag, Piece};
use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

pub(super) fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

pub(super) fn str_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

pub(super) fn push_piece(line: &mut Vec<Piece>, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    match line.last_mut() {
        Some((t, s)) if *s == style => t.push_str(text),
        _ => line.push((text.to_string(), style)),
    }
}

/// Cut `pieces` to at most `width` columns.
pub(super) fn clip(pieces: Vec<Piece>, width: usize) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut used = 0;
    for (text, style) in pieces {
        let w = str_width(&text);
        if used + w <= width {
            used += w;
            out.push((text, style));
            continue;
        }
        let mut cut = String::new();
        for c in text.chars() {
            let cw = char_width(c);
            if used + cw > width {
                break;
            }
            used += cw;
            cut.push(c);
        }
        push_piece(&mut out, &cut, style);
        break;
    }
    out
}

/// Words, collapsed spaces and hard breaks: what wrapping works on.
pub(super) enum Atom {
    Word(Vec<Piece>, usize),
    Space(Style),
    Break,
}

pub(super) fn atoms(frags: &[Frag]) -> Vec<Atom> {
    fn end_word(out: &mut Vec<Atom>, word: &mut Vec<Piece>, w: &mut usize) {
        if !word.is_empty() {
            out.push(Atom::Word(std::mem::take(word), *w));
            *w = 0;
        }
    }
    let (mut out, mut word, mut w) = (Vec::new(), Vec::new(), 0);
    for frag in frags {
        match frag {
            Frag::Break => {
                end_word(&mut out, &mut word, &mut w);
                out.push(Atom::Break);
            }
            Frag::Text(text, style) => {
                for c in text.chars() {
                    if matches!(c, ' ' | '\t' | '\n') {
                        end_word(&mut out, &mut word, &mut w);
                        if !matches!(out.last(), Some(Atom::Space(_))) {
                            out.push(Atom::Space(*style));
                        }
                    } else {
                        push_piece(&mut word, c.encode_utf8(&mut [0; 4]), *style);
                        w += char_width(c);
                    }
                }
            }
        }
    }
    end_word(&mut out, &mut word, &mut w);
    out
}

/// Greedy word wrap to `avail` columns; words longer than a line are broken hard.
pub(super) fn wrap(frags: &[Frag], avail: usize) -> Vec<Vec<Piece>> {
    let avail = avail.max(1);
    let mut lines = Vec::new();
    let mut cur: Vec<Piece> = Vec::new();
    let mut cw = 0;
    let mut space = None;
    for atom in atoms(frags) {
        match atom {
            Atom::Space(s) => {
                if !cur.is_empty() {
                    space = Some(s);
                }
            }
            Atom::Break => {
                lines.push(std::mem::take(&mut cur));
                (cw, space) = (0, None);
            }
            Atom::Word(pieces, w) => {
                let sp = usize::from(space.is_some());
                if !cur.is_empty() && cw + sp + w > avail {
                    lines.push(std::mem::take(&mut cur));
                    cw = 0;
                } else if let Some(s) = space {
                    push_piece(&mut cur, " ", s);
                    cw += 1;
                }
                space = None;
                if cw + w <= avail {
                    pieces.iter().for_each(|(t, s)| push_piece(&mut cur, t, *s));
                    cw += w;
                    continue;
                }
                for (text, style) in &pieces {
                    for c in text.chars() {
                        let x = char_width(c);
                        if !cur.is_empty() && cw + x > avail {
                            lines.push(std::mem::take(&mut cur));
                            cw = 0;
                        }
                        push_piece(&mut cur, c.encode_utf8(&mut [0; 4]), *style);
                        cw += x;
                    }
                }
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Natural (unwrapped) width and longest word of a table cell.
pub(super) fn cell_widths(frags: &[Frag]) -> (usize, usize) {
    let (mut line, mut natural, mut word) = (0, 0, 0);
    for atom in atoms(frags) {
        match atom {
            Atom::Word(_, w) => {
                line += w;
                word = word.max(w);
            }
            Atom::Space(_) => line += 1,
            Atom::Break => line = 0,
        }
        natural = natural.max(line);
    }
    (natural, word)
}

/// Shrink `widths` proportionally to their size so they sum to at most `budget` (each >= 1).
pub(super) fn shrink(widths: &mut [usize], budget: usize) {
    let total: usize = widths.iter().sum();
    if total <= budget {
        return;
    }
    for w in widths.iter_mut() {
        *w = (*w * budget / total).max(1);
    }
    while widths.iter().sum::<usize>() > budget {
        match widths.iter_mut().filter(|w| **w > 1).max_by_key(|w| **w) {
            Some(w) => *w -= 1,
            None => break,
        }
    }
}

/// Column widths for a table: natural widths when they fit; otherwise every column gets its
/// longest word (so words are not split) and the rest of `budget` is shared in proportion to
/// how much more each column would like. If even the words do not fit, they are shrunk.
pub(super) fn column_widths(natural: &[usize], words: &[usize], budget: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= budget {
        return natural.to_vec();
    }
    let mut widths = words.to_vec();
    let base: usize = widths.iter().sum();
    if base >= budget {
        shrink(&mut widths, budget);
        return widths;
    }
    let extra = budget - base;
    let want: Vec<usize> = natural.iter().zip(words).map(|(n, w)| n - w).collect();
    let total_want: usize = want.iter().sum();
    for (w, more) in widths.iter_mut().zip(&want) {
        *w += more * extra / total_want.max(1);
    }
    // Rounding leftovers go to the columns still furthest from their natural width.
    while widths.iter().sum::<usize>() < budget {
        let Some(i) = (0..widths.len()).filter(|&i| widths[i] < natural[i]).max_by_key(|&i| natural[i] - widths[i])
        else {
            break;
        };
        widths[i] += 1;
    }
    widths
}
