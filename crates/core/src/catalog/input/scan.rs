//! Byte searches over whole files. Core's `memchr` goes a word at a time; these test a
//! fixed-size chunk with no early exit, which the compiler turns into SIMD compares, and
//! only walk the chunk that holds a match. Every file is scanned several times this way.

/// Bytes tested together before looking for the exact position.
pub(crate) const CHUNK: usize = 64;

/// Whether any byte of `chunk` satisfies `pred`. No early exit, on purpose: see above.
#[inline]
pub(crate) fn any_in(chunk: &[u8], pred: impl Fn(u8) -> bool) -> bool {
    chunk.iter().fold(false, |any, &b| any | pred(b))
}

/// Offset of the first `needle` in `hay`.
pub(crate) fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    let mut offset = 0;
    for chunk in hay.chunks(CHUNK) {
        if any_in(chunk, |b| b == needle) {
            return chunk.iter().position(|&b| b == needle).map(|i| offset + i);
        }
        offset += chunk.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_byte_in_every_position() {
        for len in [0, 1, 63, 64, 65, 200] {
            let mut hay = vec![b'a'; len];
            assert_eq!(find_byte(&hay, b'<'), None);
            for at in (0..len).rev() {
                hay[at] = b'<';
                assert_eq!(find_byte(&hay, b'<'), Some(at), "len {len}");
            }
        }
    }
}
