//! Words and spellings: the tokens of a normalized text, their letter sets, and "one edit apart".

/// Words left out of names: legal forms and joining words.
const IGNORED: [&str; 25] = [
    "s", "sl", "sa", "slu", "sau", "sll", "slne", "sal", "scoop", "coop", "cb", "sc", "scp", "srl", "ltd", "inc",
    "gmbh", "de", "del", "la", "las", "los", "el", "y", "e",
];

/// Bit set of a token's letters (a–z; others share a bit).
pub(crate) fn letters(t: &str) -> u32 {
    t.bytes()
        .fold(0u32, |m, b| m | 1 << if b.is_ascii_lowercase() { u32::from(b - b'a') } else { 26 + u32::from(b % 6) })
}

/// The words of a normalized text: runs of one-letter words joined (`s l` → `sl`), ignored words out.
pub(crate) fn tokens(normalized: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<String>| {
        if !run.is_empty() {
            out.push(std::mem::take(run));
        }
    };
    for w in normalized.split(' ').filter(|w| !w.is_empty()) {
        if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) {
            run.push_str(w);
        } else {
            flush(&mut run, &mut out);
            out.push(w.to_string());
        }
    }
    flush(&mut run, &mut out);
    out.retain(|t| !IGNORED.contains(&t.as_str()));
    out
}

/// Whether two different strings are one edit apart: a substitution, an insertion or deletion, or
/// two neighbours exchanged (optimal string alignment distance 1), without allocating.
pub(crate) fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == short.len() {
        return long.len() != short.len();
    }
    if short.len() == long.len() {
        let (sa, sb) = (&short[prefix + 1..], &long[prefix + 1..]);
        // A substitution at `prefix`, or an exchange of `prefix` and the next byte.
        sa == sb
            || (!sa.is_empty()
                && short[prefix] == long[prefix + 1]
                && short[prefix + 1] == long[prefix]
                && sa[1..] == sb[1..])
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}
