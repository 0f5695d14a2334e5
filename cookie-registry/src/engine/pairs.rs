//! The one parser of `Cookie` request headers (6265bis §4.2.1: `cookie-pair *( ";" SP
//! cookie-pair )`), over bytes, shared by everything that reads one: the filter, the consent
//! reader and the removals. Lenient as browsers and servers are: any white space around pairs
//! and names, empty segments, pairs without `=` (which carry no cookie). Never panics.

use crate::spec::names_match;

/// The non-empty `;`-separated segments of a `Cookie` header. `memchr` finds the `;` (values
/// run to hundreds of bytes), a word-at-a-time search the `=` (names are short).
pub(crate) struct Pairs<'h> {
    bytes: &'h [u8],
    semicolons: memchr::Memchr<'h>,
    /// Where the next segment starts; past the end once the last one is read.
    at: usize,
}

impl<'h> Pairs<'h> {
    pub(crate) fn new(bytes: &'h [u8]) -> Self {
        Pairs {
            bytes,
            semicolons: memchr::memchr_iter(b';', bytes),
            at: 0,
        }
    }
}

impl Iterator for Pairs<'_> {
    type Item = Pair;

    #[inline]
    fn next(&mut self) -> Option<Pair> {
        loop {
            let segment_start = self.at;
            if segment_start > self.bytes.len() {
                return None;
            }
            let segment_end = self.semicolons.next().unwrap_or(self.bytes.len());
            self.at = segment_end + 1;
            let (mut start, mut end) = (segment_start, segment_end);
            while start < end && matches!(self.bytes.get(start), Some(b' ' | b'\t')) {
                start += 1;
            }
            while end > start && matches!(self.bytes.get(end - 1), Some(b' ' | b'\t')) {
                end -= 1;
            }
            if start == end {
                continue; // an empty segment (`a=1;;b=2`, a trailing `;`) carries no cookie
            }
            let eq = self
                .bytes
                .get(start..end)
                .and_then(find_equals)
                .map(|at| start + at);
            return Some(Pair { start, eq, end });
        }
    }
}

/// The offset of the first `=` in `bytes`, eight bytes at a time: a byte equal to `=` becomes
/// zero after the XOR, and the lowest byte flagged by the zero-byte test is always a true one.
#[inline]
fn find_equals(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const EQUALS: u64 = u64::from_le_bytes([b'='; 8]);
    let mut offset = 0;
    let mut rest = bytes;
    while let Some(chunk) = rest.first_chunk::<8>() {
        let word = u64::from_le_bytes(*chunk) ^ EQUALS;
        let zeros = word.wrapping_sub(ONES) & !word & HIGHS;
        if zeros != 0 {
            return Some(offset + (zeros.trailing_zeros() / 8) as usize);
        }
        offset += 8;
        rest = rest.get(8..).unwrap_or_default();
    }
    rest.iter().position(|&b| b == b'=').map(|at| offset + at)
}

/// One non-empty pair of a `Cookie` header, as byte offsets into it, without the optional
/// white space around it (`OWS`, space or tab).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    pub start: usize,
    /// The offset of the first `=`, where the name ends; `None` when there is none.
    pub eq: Option<usize>,
    pub end: usize,
}

impl Pair {
    /// The name's offsets, white space after it trimmed; `None` for a pair without `=` or with
    /// an empty name, which carries no cookie.
    #[inline]
    pub(crate) fn name(&self, bytes: &[u8]) -> Option<(usize, usize)> {
        let mut name_end = self.eq?;
        while name_end > self.start && matches!(bytes.get(name_end - 1), Some(b' ' | b'\t')) {
            name_end -= 1;
        }
        (name_end > self.start).then_some((self.start, name_end))
    }

    /// The value's bytes, white space before it trimmed and one pair of double quotes
    /// (which RFC 6265 allows around a value) removed.
    pub(crate) fn value<'h>(&self, bytes: &'h [u8]) -> &'h [u8] {
        let Some(eq) = self.eq else {
            return &[];
        };
        let mut value = bytes.get(eq + 1..self.end).unwrap_or_default();
        while let [b' ' | b'\t', rest @ ..] = value {
            value = rest;
        }
        match value {
            [b'"', inner @ .., b'"'] => inner,
            _ => value,
        }
    }
}

/// The names of the cookies in a `Cookie` header that carry a cookie, with each pair; names
/// that are not UTF-8 come as `None` (no registry declares one).
pub(crate) fn named_pairs(bytes: &[u8]) -> impl Iterator<Item = (Option<&str>, Pair)> {
    Pairs::new(bytes).filter_map(move |pair| {
        let (start, end) = pair.name(bytes)?;
        let name = bytes
            .get(start..end)
            .and_then(|n| core::str::from_utf8(n).ok());
        Some((name, pair))
    })
}

/// The first pair of a `Cookie` header whose name is `name` (or, for a `family`, starts with it
/// and is longer): what [`named_pairs`] followed by the name test finds, without reading every
/// other pair's name. `memmem` finds each occurrence of `name`, and only those that start a
/// pair (after the header's start or a `;`, and optional white space) are read further. Used
/// for the consent cookie, which every request looks up in headers of kilobytes.
pub(crate) fn find_named(bytes: &[u8], name: &str, family: bool) -> Option<Pair> {
    let needle = name.as_bytes();
    if needle.is_empty()
        || needle
            .iter()
            .any(|b| matches!(b, b';' | b'=' | b' ' | b'\t'))
    {
        // Not a cookie name (declared names are tokens): the reference reading decides.
        return named_pairs(bytes)
            .find(|(found, _)| {
                found.is_some_and(|found| names_match(found.as_bytes(), name, family))
            })
            .map(|(_, pair)| pair);
    }
    memchr::memmem::find_iter(bytes, needle)
        .find_map(|start| pair_named(bytes, start, name, family))
}

/// The pair at `start`, when `start` begins a pair and its name matches.
fn pair_named(bytes: &[u8], start: usize, name: &str, family: bool) -> Option<Pair> {
    let before = bytes.get(..start)?;
    let mut lead = before
        .iter()
        .rev()
        .skip_while(|b| matches!(b, b' ' | b'\t'));
    if lead.next().is_some_and(|&b| b != b';') {
        return None; // inside a name or a value
    }
    let segment_end =
        memchr::memchr(b';', bytes.get(start..)?).map_or(bytes.len(), |at| start + at);
    let eq = start + memchr::memchr(b'=', bytes.get(start..segment_end)?)?;
    let mut end = segment_end;
    while end > start && matches!(bytes.get(end - 1), Some(b' ' | b'\t')) {
        end -= 1;
    }
    let pair = Pair {
        start,
        eq: Some(eq),
        end,
    };
    let (name_start, name_end) = pair.name(bytes)?;
    names_match(bytes.get(name_start..name_end)?, name, family).then_some(pair)
}

/// Whether `bytes` holds the separator `; ` at `at`: two byte comparisons, not a call to
/// `memcmp` (the filter asks once per kept pair).
#[inline]
pub(crate) fn is_separator_at(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&b';') && bytes.get(at + 1) == Some(&b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: every pair's name read, the first that matches.
    fn reference(bytes: &[u8], name: &str, family: bool) -> Option<(usize, usize)> {
        named_pairs(bytes)
            .find(|(found, _)| {
                found.is_some_and(|found| names_match(found.as_bytes(), name, family))
            })
            .map(|(_, pair)| (pair.start, pair.end))
    }

    fn check(header: &[u8]) {
        for (name, family) in [("cc", false), ("cc", true), ("c", true), ("c c", false)] {
            let found = find_named(header, name, family).map(|pair| (pair.start, pair.end));
            let shown = String::from_utf8_lossy(header);
            assert_eq!(
                found,
                reference(header, name, family),
                "{shown:?} {name} {family}"
            );
            if let Some(pair) = find_named(header, name, family) {
                let (_, expected) = named_pairs(header)
                    .find(|(_, p)| p.start == pair.start)
                    .expect("the same pair");
                assert_eq!(pair.value(header), expected.value(header));
            }
        }
    }

    #[test]
    fn finds_the_pair_the_reading_of_every_pair_finds() {
        let cases: [&[u8]; 18] = [
            b"cc=1",
            b"a=1; cc=2; cc=3",
            b"a=cc=1; cc=2",
            b"a=1 cc=2",
            b"acc=1; cc=\"q\" ",
            b"cc ; cc=1",
            b"cc\t=1",
            b"  ;\tcc = 1 ;",
            b"ccx=1; cc=2",
            b"cc",
            b"cc;",
            b"=cc; cc",
            b"c c=1; cc=",
            b"\xffcc=1; cc=2",
            b"cc\xff=1",
            b"x=1;cc=2",
            b"",
            b";;;cc=;",
        ];
        for case in cases {
            check(case);
        }
    }

    #[test]
    fn agrees_with_the_reference_on_generated_headers() {
        // Every header of up to six bytes over an alphabet of the parser's special bytes.
        let alphabet: &[u8] = b"c=; \tx\xff\"";
        let mut header = Vec::new();
        for len in 0..=6u32 {
            for mut code in 0..alphabet.len().pow(len) {
                header.clear();
                for _ in 0..len {
                    header.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                check(&header);
            }
        }
    }
}
