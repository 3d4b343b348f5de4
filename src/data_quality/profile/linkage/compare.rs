//! One record's comparable values, and the field-by-field comparison of two records in the manner of
//! Fellegi and Sunter: every field gives a weight in bits, log2(m / u), where `m` is how often a true
//! duplicate shows that outcome and `u` how often two unrelated records do.
//!
//! * **Names and other text** are compared token by token: normalized words, legal forms (`S.L.`,
//!   `S.A.`, `S. Coop.`…) and short joining words (`de`, `y`…) left out. A token that agrees adds its
//!   information, log2(N / df) bits (df: rows of the file with that token in this field), so agreeing
//!   on a rare surname weighs far more than agreeing on "Comercial"; a rare token may also agree with
//!   one or two typing errors (optimal string alignment distance; names only), for a share of its
//!   weight; words in another order count less. A token without a partner subtracts half its
//!   information. A text's weight is capped at what a unique identifier would give (a name at twice
//!   that: a company name is registered once), and a disagreement at [`TEXT_FLOOR`] (the first text
//!   field, the name, at [`NAME_FLOOR`]).
//! * **Tax ids, phones, e-mails and other typed values** agree exactly (after normalization: tax ids
//!   without separators or an `ES` prefix, phones on their last 9 digits, e-mails lowercased), nearly
//!   (one typing error; for e-mails, the same mailbox at another domain, or a mailbox one or two
//!   edits away at the same domain), or disagree. Exact agreement weighs log2(m·N / df) — a shared `info@` or a
//!   switchboard number says less than a personal one. Disagreement weighs log2(m_disagree), a few
//!   bits against: re-keyed records carry typos in any field.
//! * An empty value on either side is no evidence (0 bits).
//!
//! N is the number of rows, but at least [`MIN_POPULATION`]: in a small file, a value seen twice is
//! no sign that it is common.

use super::super::FieldType;
use super::super::normalize::{Fnv, normalize_into};
use super::super::report::truncate_chars;
use super::words::{letters, one_edit, tokens};
use serde::{Deserialize, Serialize};

/// Rows assumed at least when turning frequencies into weights.
pub(crate) const MIN_POPULATION: f64 = 1000.0;
/// Lowest weight of the first text field (the name) when nothing in it agrees.
pub(crate) const NAME_FLOOR: f64 = -6.0;
/// Lowest weight of any other text field.
pub(crate) const TEXT_FLOOR: f64 = -1.5;
/// Share of a text's agreement kept when its words agree in another order.
const REORDERED: f64 = 0.7;
/// Characters of a value shown in the report.
pub(crate) const SHOWN_CHARS: usize = 48;
/// Tokens of a text value kept.
const MAX_TOKENS: usize = 8;

/// How a field is compared, chosen from its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Comparator {
    Text,
    TaxId,
    Email,
    Phone,
    Exact,
}

impl Comparator {
    pub(crate) fn of(kind: &FieldType) -> Comparator {
        match kind {
            FieldType::Text => Comparator::Text,
            FieldType::TaxId => Comparator::TaxId,
            FieldType::Email => Comparator::Email,
            FieldType::Phone => Comparator::Phone,
            _ => Comparator::Exact,
        }
    }

    /// (m exact, m near, m disagree): how often a true duplicate shows each outcome.
    fn m(self) -> (f64, f64, f64) {
        match self {
            Comparator::TaxId => (0.85, 0.05, 0.10),
            Comparator::Email => (0.70, 0.12, 0.18),
            Comparator::Phone => (0.72, 0.05, 0.23),
            Comparator::Exact | Comparator::Text => (0.80, 0.0, 0.20),
        }
    }
}

/// A token: its hash (with the field slot) and text.
#[derive(Debug)]
pub(crate) struct Token {
    pub(crate) hash: u64,
    /// Bit set of the token's letters (a–z; others share a bit): two spellings one or two edits
    /// apart differ in at most that many bits each way.
    mask: u32,
    /// Its information when the row was read (the provisional scoring uses it; the final one asks
    /// the whole file's frequencies).
    pub(crate) info: f32,
    pub(crate) text: Box<str>,
}

/// One field of a record, ready to compare.
#[derive(Debug)]
pub(crate) enum Value {
    Empty,
    Tokens(Vec<Token>),
    /// A normalized identifier (tax id, phone digits, other values), its hash and text.
    Id {
        hash: u64,
        text: Box<str>,
    },
    /// An e-mail address: the whole address's hash, the mailbox (letters and digits only), its hash.
    Email {
        hash: u64,
        local: Box<str>,
        local_hash: u64,
        domain: u64,
    },
}

/// What a record brings to the comparison.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) line: u64,
    /// Hash of the row's duplicate key (0: none): rows with equal ones are exact duplicates.
    pub(crate) dup: u64,
    /// Hash of the compared values: identifies the record across trial loads (decisions).
    pub(crate) fingerprint: u64,
    pub(crate) values: Vec<Value>,
    /// The values as shown in the report (cut to [`SHOWN_CHARS`]).
    /// Separated by U+001F (one allocation per row).
    shown: Box<str>,
}

fn hash(slot: usize, tag: u8, text: &str) -> u64 {
    let mut h = Fnv::new();
    h.write(&(slot as u64).to_le_bytes());
    h.write(&[tag]);
    h.write(text.as_bytes());
    h.finish().max(1)
}

/// The comparable form of one clean value of field `slot`.
/// `name`: the field is the name (the first text field).
pub(crate) fn value(slot: usize, cmp: Comparator, name: bool, clean: &str, scratch: &mut String) -> Value {
    let clean = clean.trim();
    if clean.is_empty() {
        return Value::Empty;
    }
    match cmp {
        Comparator::Text => {
            normalize_into(clean, scratch);
            let tokens = tokens(scratch);
            if tokens.is_empty() {
                return Value::Empty;
            }
            let mut out: Vec<Token> = Vec::with_capacity(tokens.len().min(MAX_TOKENS));
            for t in tokens {
                let h = hash(slot, b't', &t);
                if out.len() < MAX_TOKENS && !out.iter().any(|o| o.hash == h) {
                    // Only names are searched for typing errors: other texts keep no letters.
                    let mask = letters(&t);
                    let text = if name { t.into() } else { Box::default() };
                    out.push(Token { hash: h, mask, info: 0.0, text });
                }
            }
            Value::Tokens(out)
        }
        Comparator::Email => {
            let address = clean.to_lowercase();
            let local: String =
                address.split('@').next().unwrap_or("").chars().filter(|c| c.is_alphanumeric()).collect();
            let domain = hash(slot, b'd', address.rsplit('@').next().unwrap_or(""));
            Value::Email {
                hash: hash(slot, b'e', &address),
                local_hash: hash(slot, b'l', &local),
                local: local.into(),
                domain,
            }
        }
        Comparator::TaxId | Comparator::Phone | Comparator::Exact => {
            let text = match cmp {
                Comparator::TaxId => {
                    let t: String = clean.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_uppercase();
                    t.strip_prefix("ES").filter(|r| r.len() == 9).map(str::to_string).unwrap_or(t)
                }
                Comparator::Phone => {
                    let digits: Vec<char> = clean.chars().filter(char::is_ascii_digit).collect();
                    digits[digits.len().saturating_sub(9)..].iter().collect()
                }
                _ => {
                    normalize_into(clean, scratch);
                    scratch.clone()
                }
            };
            if text.is_empty() {
                return Value::Empty;
            }
            Value::Id { hash: hash(slot, b'i', &text), text: text.into() }
        }
    }
}

/// The hashes whose frequencies the weights need (counted once per record).
pub(crate) fn counted(v: &Value, mut f: impl FnMut(u64)) {
    match v {
        Value::Empty => {}
        Value::Tokens(ts) => ts.iter().for_each(|t| f(t.hash)),
        Value::Id { hash, .. } => f(*hash),
        Value::Email { hash, local_hash, .. } => {
            f(*hash);
            f(*local_hash);
        }
    }
}

/// How one field compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The same value (after normalization).
    Same,
    /// Nearly the same: a typing error, a missing word, the same mailbox at another domain.
    Near,
    /// Some words in common.
    Partial,
    /// Different values.
    Different,
    /// Empty on one side or both: no evidence.
    Missing,
}

impl Level {
    /// A stable code for files (`same`, `near`…), as in the stored report.
    pub fn code(self) -> &'static str {
        match self {
            Level::Same => "same",
            Level::Near => "near",
            Level::Partial => "partial",
            Level::Different => "different",
            Level::Missing => "missing",
        }
    }
}

/// Frequencies for weights: rows seen and document frequency of a hash.
pub(crate) trait Frequencies {
    fn population(&self) -> f64;
    /// Rows with this hash, the two compared included (at least 1).
    fn df(&self, hash: u64) -> f64;
    /// Information of agreeing on `hash`, in bits: log2(N / (df − 1)), the pair itself left out.
    fn info(&self, hash: u64) -> f64 {
        let n = self.population();
        (n / (self.df(hash) - 1.0).max(1.0)).log2().clamp(0.0, n.log2())
    }
    /// Information of a token (by default from the frequencies, like [`Frequencies::info`]).
    fn token_info(&self, t: &Token) -> f64 {
        self.info(t.hash)
    }
}

/// Compares field `cmp` of two records: (level, weight in bits).
pub(crate) fn compare(cmp: Comparator, first_text: bool, a: &Value, b: &Value, f: &impl Frequencies) -> (Level, f64) {
    let (m_same, m_near, m_diff) = cmp.m();
    match (a, b) {
        (Value::Tokens(x), Value::Tokens(y)) => text(x, y, f, first_text),
        (Value::Id { hash: ha, text: ta }, Value::Id { hash: hb, text: tb }) => {
            if ha == hb {
                (Level::Same, m_same.log2() + f.info(*ha))
            } else if m_near > 0.0 && ta.len() >= 6 && one_edit(ta, tb) {
                // Two unrelated identifiers one edit apart are rare: as rare as a repeated one.
                (Level::Near, m_near.log2() + f.population().log2() - 1.0)
            } else {
                (Level::Different, m_diff.log2())
            }
        }
        (
            Value::Email { hash: ha, local: la, local_hash: lha, domain: da },
            Value::Email { hash: hb, local: lb, local_hash: lhb, domain: db },
        ) => {
            if ha == hb {
                (Level::Same, m_same.log2() + f.info(*ha))
            } else if lha == lhb && la.len() >= 3 {
                (Level::Near, (m_near / 2.0).log2() + f.info(*lha))
            } else if da == db
                && la.len() >= 5
                && (one_edit(la, lb)
                    || (la.len() >= 10 && la.len().abs_diff(lb.len()) <= 2 && strsim::osa_distance(la, lb) <= 2))
            {
                (Level::Near, (m_near / 2.0).log2() + f.population().log2() - 2.0)
            } else {
                (Level::Different, m_diff.log2())
            }
        }
        _ => (Level::Missing, 0.0),
    }
}

/// Token-by-token comparison of two texts (see the module documentation); typing errors are
/// looked for in the name only.
fn text(a: &[Token], b: &[Token], f: &impl Frequencies, name: bool) -> (Level, f64) {
    let floor = if name { NAME_FLOOR } else { TEXT_FLOOR };
    let mut used = [false; MAX_TOKENS];
    let (mut gained, mut unmatched, mut total) = (0.0, 0.0, 0.0);
    let mut exact = 0;
    // Positions in `b` of `a`'s matched tokens: words in another order ("Arias Garrido" against
    // "Garrido Arias") are often another family, so such a match counts less.
    let mut order: Vec<usize> = Vec::with_capacity(a.len());
    for t in a {
        let info_t = f.token_info(t);
        total += info_t;
        if let Some(j) = b.iter().position(|u| u.hash == t.hash).filter(|&j| !used[j]) {
            used[j] = true;
            gained += info_t;
            exact += 1;
            order.push(j);
            continue;
        }
        // A typing error: the closest unused token of the other side, one edit (two for long words)
        // away; worth the information of the more common of the two spellings.
        let near = b.iter().enumerate().filter(|(j, _)| name && !used[*j]).find_map(|(j, u)| {
            let (la, lb) = (t.text.chars().count(), u.text.chars().count());
            let (extra, missing) = ((t.mask & !u.mask).count_ones(), (u.mask & !t.mask).count_ones());
            if la < 4 || lb < 4 || la.abs_diff(lb) > 2 || extra > 2 || missing > 2 {
                return None;
            }
            if !t.text.chars().all(char::is_alphabetic) {
                return None;
            }
            let share = if one_edit(&t.text, &u.text) {
                0.8
            } else if la >= 8 && strsim::osa_distance(&t.text, &u.text) == 2 {
                0.6
            } else {
                return None;
            };
            Some((j, share * info_t.min(f.token_info(u))))
        });
        match near {
            Some((j, w)) => {
                used[j] = true;
                gained += w;
                order.push(j);
            }
            None => unmatched += info_t,
        }
    }
    for (j, u) in b.iter().enumerate() {
        let info_u = f.token_info(u);
        total += info_u;
        if !used[j] {
            unmatched += info_u;
        }
    }
    let in_order = order.windows(2).all(|w| w[0] < w[1]);
    if !in_order {
        gained *= REORDERED;
    }
    // A whole name of rare words says more than one identifier (a company name is registered
    // once); other texts at most as much as one.
    let cap = f.population().log2() * if name { 2.0 } else { 1.0 };
    let weight = (gained - 0.5 * unmatched).clamp(floor, cap);
    let level = if exact == a.len() && exact == b.len() && in_order {
        Level::Same
    } else if gained > 0.0 && unmatched <= 0.25 * total {
        Level::Near
    } else if gained > 0.0 {
        Level::Partial
    } else {
        Level::Different
    };
    (level, weight)
}

/// The shown form of the clean values of a row.
pub(crate) fn shown(clean: &[&str]) -> Box<str> {
    let parts: Vec<&str> = clean.iter().map(|v| truncate_chars(v.trim(), SHOWN_CHARS)).collect();
    parts.join("\u{1f}").into()
}

impl Record {
    pub(crate) fn new(line: u64, dup: u64, fingerprint: u64, values: Vec<Value>, clean: &[&str]) -> Record {
        Record { line, dup, fingerprint, values, shown: shown(clean) }
    }

    /// The shown value of field `slot`.
    pub(crate) fn shown(&self, slot: usize) -> &str {
        self.shown.split('\u{1f}').nth(slot).unwrap_or("")
    }
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
