use super::*;
use std::collections::HashSet;
use std::fmt::Write as _;

const PERSONAL: &[&str] = &["juan.perez@example.com", "Juan Pérez", "erp rollout"];

fn refusal(password: &str) -> Option<Refusal> {
    check(password, PERSONAL).err()
}

#[test]
fn accepts_good_passphrases() {
    for good in [
        "correct horse battery staple",
        "mi perro se llama Tobi y come pienso",
        "Tr0ub4dor&3xyz!",
        "juan likes climbing mountains",
        "ñandú y pingüino en la nieve",
        "the rollout of the new warehouse module",
        "  leading and trailing spaces are fine  ",
        "Juan+Xk9#mQ2z",
        "u:h4$Y:EoUcoM",
    ] {
        assert_eq!(check(good, PERSONAL), Ok(()), "{good:?}");
        assert_eq!(check(good, &[]), Ok(()), "{good:?}");
    }
}

#[test]
fn good_examples_are_not_in_the_list() {
    for good in ["correct horse battery staple", "correcthorsebatterystaple", "tr0ub4dor&3xyz!"] {
        assert!(!is_common(good), "{good:?}");
    }
}

#[test]
fn refuses_too_short() {
    assert_eq!(refusal(""), Some(Refusal::TooShort));
    // 11 characters.
    assert_eq!(refusal("Tr0ub4dor&3"), Some(Refusal::TooShort));
    // 11 characters but 15 bytes: length counts characters, not bytes.
    assert_eq!(refusal("ñandúñandúñ"), Some(Refusal::TooShort));
    // Surrounding whitespace does not count.
    assert_eq!(refusal("   Tr0ub4dor&3   "), Some(Refusal::TooShort));
    assert_eq!(check("Tr0ub4dor&3x", &[]), Ok(())); // exactly 12
    assert_eq!(check("ñandú pingüi", &[]), Ok(())); // 12 chars, 15 bytes
}

#[test]
fn refuses_too_long() {
    assert_eq!(refusal(&"a".repeat(MAX_BYTES + 1)), Some(Refusal::TooLong));
    // 513 characters but 1026 bytes.
    assert_eq!(refusal(&"ñ".repeat(513)), Some(Refusal::TooLong));
    let mut long = String::new();
    let mut i = 0u32;
    while long.len() < MAX_BYTES {
        write!(long, "verse {i} of my favourite song, ").unwrap();
        i += 1;
    }
    long.truncate(MAX_BYTES);
    assert_eq!(long.len(), MAX_BYTES);
    assert_eq!(check(&long, PERSONAL), Ok(()));
    long.push('x');
    assert_eq!(check(&long, PERSONAL), Err(Refusal::TooLong));
}

#[test]
fn refuses_common() {
    for common in ["password1234", "PASSWORD1234", "Password1234", "  password1234 ", "password 1234", "iloveyousomuch"]
    {
        assert_eq!(refusal(common), Some(Refusal::Common), "{common:?}");
    }
    assert_eq!(check("i love you so much", &[]), Err(Refusal::Common));
}

#[test]
fn refuses_personal_info() {
    for personal in [
        "juan.perez@example.com",
        "juan.perez2024",
        "JuanPerez1990!",
        "Juan Pérez 2024!",
        "juan_perez_2024",
        "perez.juan.1985",
        "erprollout2025",
        "ERP Rollout 2025!",
        "Rollout2025!!",
        "example.com2024",
        "juanperez-abcdefgh",
        "juan8274916303",
    ] {
        assert_eq!(refusal(personal), Some(Refusal::ContainsPersonalInfo), "{personal:?}");
    }
}

#[test]
fn refuses_repetitive() {
    for repetitive in [
        "aaaaaaaaaaaa",
        "111111111111",
        "abcabcabcabc",
        "abc abc abc abc",
        "Tr0ub4Tr0ub4",
        "123456789012",
        "098765432109",
        "qwertyuiopas",
        "QWERTYUIOPAS",
        "abcdefghijkl",
        "zyxwvutsrqpo",
        "qwertzuiopas",
        "azertyuiopqs",
        "1qaz2wsx3edc4rfv",
        "qwerty123456",
        "Qwerty123456!",
        "!!abcabcabcabc??",
        "abcdef123456",
        "aaaaaa123456",
        "a           b",
        "a b c d e f g h",
    ] {
        assert_eq!(refusal(repetitive), Some(Refusal::Repetitive), "{repetitive:?}");
    }
}

/// Straightforward (slow) statement of the rule, to cross-check the linear implementation.
fn is_repetitive_reference(s: &str) -> bool {
    fn periodic(c: &[char]) -> bool {
        (1..=c.len() / 2).any(|p| c[p..].iter().zip(c).all(|(a, b)| a == b))
    }
    fn run(c: &[char]) -> bool {
        SEQUENCES.iter().any(|line| {
            let line: Vec<char> = line.chars().collect();
            let pos: Option<Vec<usize>> = c.iter().map(|x| line.iter().position(|l| l == x)).collect();
            pos.is_some_and(|pos| {
                let n = line.len();
                pos.windows(2).all(|w| w[1] == (w[0] + 1) % n) || pos.windows(2).all(|w| w[0] == (w[1] + 1) % n)
            })
        })
    }
    fn weak(c: &[char]) -> bool {
        c.len() < 2 || periodic(c) || run(c)
    }
    let c: Vec<char> = s.chars().collect();
    let distinct: HashSet<char> = c.iter().copied().collect();
    distinct.len() <= MAX_WEAK_DISTINCT
        || weak(&c)
        || (MIN_PIECE_CHARS..=c.len().saturating_sub(MIN_PIECE_CHARS)).any(|k| weak(&c[..k]) && weak(&c[k..]))
}

/// Small deterministic generator (xorshift64*), enough for test inputs.
fn next_random(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

/// A number in `0..n`.
fn pick(state: &mut u64, n: usize) -> usize {
    usize::try_from(next_random(state) % n as u64).unwrap()
}

#[test]
fn repetition_rule_matches_reference() {
    for s in ["abcabcabcab", "abcdabcdabce", "aab", "ba", "", "x", "zyxw1234", "1234zyx", "qwerty12345"] {
        assert_eq!(is_repetitive(s), is_repetitive_reference(s), "{s:?}");
    }
    // Small alphabets make repetitions and runs frequent, so both answers get exercised.
    let alphabet: Vec<char> = "abcd1230".chars().collect();
    let mut state = 0x9e37_79b9_7f4a_7c15;
    let (mut yes, mut no) = (0, 0);
    for _ in 0..20_000 {
        let len = pick(&mut state, 14);
        let s: String = (0..len).map(|_| alphabet[pick(&mut state, alphabet.len())]).collect();
        let expected = is_repetitive_reference(&s);
        assert_eq!(is_repetitive(&s), expected, "{s:?}");
        if expected {
            yes += 1;
        } else {
            no += 1;
        }
    }
    assert!(yes > 1000 && no > 1000, "{yes} {no}");
}

#[test]
fn random_passwords_pass() {
    let alphabet: Vec<char> =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*+-.:;=?@_".chars().collect();
    let mut state = 0x0123_4567_89ab_cdef;
    let mut refused = Vec::new();
    for _ in 0..10_000 {
        let len = 12 + pick(&mut state, 5);
        let s: String = (0..len).map(|_| alphabet[pick(&mut state, alphabet.len())]).collect();
        if let Err(r) = check(&s, PERSONAL) {
            refused.push((s, r));
        }
    }
    println!("random passwords refused: {} of 10000 {refused:?}", refused.len());
    assert!(refused.len() <= 10, "{refused:?}");
}

#[test]
fn messages_are_bilingual_and_distinct() {
    let all =
        [Refusal::TooShort, Refusal::TooLong, Refusal::Common, Refusal::ContainsPersonalInfo, Refusal::Repetitive];
    let mut seen = HashSet::new();
    for r in all {
        let (en, es) = (r.message(false), r.message(true));
        assert!(!en.is_empty() && !es.is_empty());
        assert_ne!(en, es);
        assert!(seen.insert(en) && seen.insert(es));
        assert_eq!(r.to_string(), en);
    }
}

#[test]
fn bundled_list_is_sorted_unique_and_filtered() {
    let mut previous: Option<&str> = None;
    let mut count = 0;
    for line in COMMON_PASSWORDS.lines() {
        assert!(line.chars().count() >= MIN_CHARS, "{line:?}");
        assert_eq!(line, line.trim(), "{line:?}");
        assert_eq!(line, line.to_lowercase(), "{line:?}");
        if let Some(prev) = previous {
            assert!(prev.as_bytes() < line.as_bytes(), "{prev:?} !< {line:?}");
        }
        previous = Some(line);
        count += 1;
    }
    assert!(COMMON_PASSWORDS.ends_with('\n'));
    assert_eq!(count, 43_940);
}

#[test]
fn lookup_finds_every_entry_and_nothing_else() {
    let lines: Vec<&str> = COMMON_PASSWORDS.lines().collect();
    for line in &lines {
        assert!(is_common(line), "{line:?}");
    }
    let first = lines.first().copied().unwrap_or_default();
    let last = lines.last().copied().unwrap_or_default();
    for absent in ["", "!", "~~~~~~~~~~~~~~~~~~~~~", "password123", "correcthorsebatterystaple", "password1234x"] {
        assert!(!is_common(absent), "{absent:?}");
    }
    assert!(is_common(first) && is_common(last));
    assert!(!is_common(&format!("{first}\n{}", lines[1])));
    assert!(!is_common(&first[..first.len() - 1]));
}

#[test]
fn sequence_lines_have_unique_chars() {
    for line in SEQUENCES {
        let set: HashSet<char> = line.chars().collect();
        assert_eq!(set.len(), line.chars().count(), "{line}");
    }
}

#[test]
fn worst_case_inputs_are_judged() {
    let nasty = format!("{}b", "a".repeat(MAX_BYTES - 1));
    assert_eq!(check(&nasty, PERSONAL), Err(Refusal::Repetitive), "two characters, however long");
    assert_eq!(check("aabbaabbccab", PERSONAL), Err(Refusal::Repetitive));
    let long_phrase = "abcdefgh ".repeat(MAX_BYTES / 9);
    assert_eq!(check(&long_phrase, PERSONAL), Err(Refusal::Repetitive));
}
