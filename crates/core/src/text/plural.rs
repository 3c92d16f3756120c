//! Counts in words: "1 line", "2 lines". One helper, so no message says "1 lines".

/// `n` and the noun, singular for exactly one: `count(1, "line")` is "1 line".
/// `4210` -> `4,210`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn count(n: usize, noun: &str) -> String {
    count_as(n, noun, &format!("{noun}s"))
}

/// [`count`] for nouns whose plural is not `noun + s`.
pub fn count_as(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// A verb after a count: "1 loads", "2 load".
pub fn verb(n: usize, singular: &'static str, plural: &'static str) -> &'static str {
    if n == 1 { singular } else { plural }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(count(1, "line"), "1 line");
        assert_eq!(count(0, "line"), "0 lines");
        assert_eq!(count(2, "note"), "2 notes");
        assert_eq!(count_as(1, "match", "matches"), "1 match");
        assert_eq!(count_as(3, "match", "matches"), "3 matches");
        assert_eq!(verb(1, "loads", "load"), "loads");
        assert_eq!(verb(0, "loads", "load"), "load");
    }
}
