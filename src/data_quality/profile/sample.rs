//! Sample data for the tests, the demo and the benchmark: a customer spec, a deterministic row generator
//! with planted errors, and a streaming CSV `Read`.

use super::*;
use std::io::{self, Read};

/// Field names of the customer spec, in file order.
pub const FIELDS: [&str; 12] = [
    "código",
    "nombre",
    "nif",
    "email",
    "teléfono",
    "fecha_alta",
    "límite_crédito",
    "empleados",
    "país",
    "ciudad",
    "dirección",
    "código_postal",
];

/// The header as a user's export would spell it.
pub const HEADER: [&str; 12] = [
    "Codigo",
    "NOMBRE",
    "NIF",
    "E-mail",
    "Telefono",
    "Fecha alta",
    "Limite credito",
    "EMPLEADOS",
    "País",
    "Ciudad",
    "Direccion",
    "Código Postal",
];

fn rule(name: &str, kind: FieldType, required: bool, max_len: Option<usize>, unique: bool) -> FieldRule {
    FieldRule { name: name.to_string(), kind, required, max_len, unique }
}

/// Customers (Spanish field names): 12 fields, duplicate key (nombre, nif); name, tax id, e-mail, phone and
/// city compared for likely duplicates, reported from a match probability of 0.5.
pub fn customer_spec() -> Spec {
    let countries = ["España", "Portugal", "Francia", "Italia"].map(String::from).to_vec();
    Spec {
        fields: vec![
            rule("código", FieldType::Text, true, Some(10), true),
            rule("nombre", FieldType::Text, true, Some(80), false),
            rule("nif", FieldType::TaxId, true, None, false),
            rule("email", FieldType::Email, false, Some(100), false),
            rule("teléfono", FieldType::Phone, false, None, false),
            rule("fecha_alta", FieldType::Date, false, None, false),
            rule("límite_crédito", FieldType::Decimal, false, None, false),
            rule("empleados", FieldType::Number, false, None, false),
            rule("país", FieldType::Enum(countries), true, None, false),
            rule("ciudad", FieldType::Text, false, Some(40), false),
            rule("dirección", FieldType::Text, false, Some(120), false),
            rule("código_postal", FieldType::Text, false, Some(5), false),
        ],
        duplicate_key: vec!["nombre".into(), "nif".into()],
        similar_fields: vec!["nombre".into(), "nif".into(), "email".into(), "teléfono".into(), "ciudad".into()],
        match_threshold: 0.5,
        duplicate_decisions: vec![],
    }
}

/// SplitMix64: small, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5851_F42D_4C95_7F2D)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A random lowercase word; with `accents`, about one letter in ten is accented.
    pub fn word(&mut self, min: u64, max: u64, accents: bool) -> String {
        const ACCENTED: [char; 6] = ['á', 'é', 'í', 'ó', 'ú', 'ñ'];
        let len = min + self.below(max - min + 1);
        (0..len)
            .map(|_| {
                let r = self.below(260);
                if accents && r >= 234 { ACCENTED[(r % 6) as usize] } else { char::from(b'a' + (r % 26) as u8) }
            })
            .collect()
    }
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A valid NIF for a number.
pub fn nif(n: u64) -> String {
    format!("{n:08}{}", char::from(b"TRWAGMYFPDXBNJZSQVHLCKE"[(n % 23) as usize]))
}

/// Spanish thousands grouping with dots.
fn grouped(mut n: u64) -> String {
    let mut groups = Vec::new();
    loop {
        groups.push(n % 1000);
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    let mut out = groups.pop().map(|g| g.to_string()).unwrap_or_default();
    while let Some(g) = groups.pop() {
        out.push_str(&format!(".{g:03}"));
    }
    out
}

/// A clean, valid, unique customer row number `i` (1-based), deterministic.
pub fn base_row(i: u64) -> Vec<String> {
    let mut r = Rng::new(i);
    let suffix = ["SL", "SA", "SLU", "S.L.", "S. Coop."][r.below(5) as usize];
    let name = format!("{} {} {}", capitalize(&r.word(6, 9, true)), capitalize(&r.word(6, 9, true)), suffix);
    let domain = ["gmail.com", "hotmail.es", "acme.es", "empresa.com", "correo.es"][r.below(5) as usize];
    let email = format!("{}.{}@{}", r.word(5, 8, false), r.word(4, 7, false), domain);
    let phone = format!("+34 6{:02} {:03} {:03}", r.below(100), r.below(1000), r.below(1000));
    let (d, m, y) = (1 + r.below(28), 1 + r.below(12), 1990 + r.below(35));
    let created = if r.below(2) == 0 { format!("{d:02}/{m:02}/{y}") } else { format!("{y}-{m:02}-{d:02}") };
    let credit = format!("{},{:02}", grouped(r.below(2_000_000)), r.below(100));
    let employees = grouped(r.below(20_000));
    let country = ["España", "espana", "PORTUGAL", "Francia", "italia"][r.below(5) as usize].to_string();
    let city = capitalize(&r.word(4, 10, true));
    let address = format!("Calle {} {}", capitalize(&r.word(5, 9, true)), 1 + r.below(200));
    let postal = format!("{:05}", 1000 + r.below(50_000));
    let tax = nif(10_000_000 + i);
    vec![format!("C{i:06}"), name, tax, email, phone, created, credit, employees, country, city, address, postal]
}

/// How many of each planted problem: problem `p` is planted in row `250·k + offset` for `k < count`.
#[derive(Clone, Copy)]
pub struct Plan {
    pub bad_emails: u64,
    pub bad_dates: u64,
    pub missing_tax_ids: u64,
    pub exact_dups: u64,
    pub likely_pairs: u64,
    pub repeated_codes: u64,
}

pub const PERIOD: u64 = 250;
pub const BAD_EMAIL_AT: u64 = 100;
pub const BAD_DATE_AT: u64 = 150;
pub const MISSING_AT: u64 = 200;
pub const DUP_AT: u64 = 50;
pub const DUP_SOURCE_AT: u64 = 10;
pub const LIKELY_AT: u64 = 225;
pub const LIKELY_SOURCE_AT: u64 = 195;
pub const REPEATED_CODE_AT: u64 = 240;

/// Makes a name differ only in case, accents and spacing.
fn case_accent_spacing_variant(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'ñ' => 'n',
            'a' => 'á',
            'e' => 'è',
            'u' => 'ü',
            c => c,
        })
        .collect();
    format!("  {}  ", folded.to_uppercase().replace(' ', "   "))
}

/// One typo in the middle of the second word.
fn typo_variant(name: &str) -> String {
    let mut words: Vec<String> = name.split(' ').map(String::from).collect();
    if words.len() < 2 || words[1].is_empty() {
        return format!("{name}q");
    }
    let chars: Vec<char> = words[1].chars().collect();
    let mid = chars.len() / 2;
    let replacement = if chars[mid] == 'q' { 'w' } else { 'q' };
    words[1] = chars.iter().enumerate().map(|(j, &c)| if j == mid { replacement } else { c }).collect();
    words.join(" ")
}

/// Row `i` with the plan's problems planted.
pub fn planted_row(i: u64, plan: &Plan) -> Vec<String> {
    let mut row = base_row(i);
    let (k, at) = (i / PERIOD, i % PERIOD);
    let mut r = Rng::new(i ^ 0xABCD);
    if at == BAD_EMAIL_AT && k < plan.bad_emails {
        row[3] = if k % 2 == 0 {
            format!("{}.{}.example.com", r.word(5, 8, false), r.word(5, 8, false))
        } else {
            format!("{} {}@example.com", r.word(5, 8, false), r.word(5, 8, false))
        };
    } else if at == BAD_DATE_AT && k < plan.bad_dates {
        row[5] = ["31/04/2025", "29/02/2023", "2025-13-01", "32/01/2024", "15/06/24"][(k % 5) as usize].to_string();
    } else if at == MISSING_AT && k < plan.missing_tax_ids {
        row[2] = String::from(if k % 2 == 0 { "" } else { "   " });
    } else if at == DUP_AT && k < plan.exact_dups {
        let source = base_row(i - DUP_AT + DUP_SOURCE_AT);
        row[1] = case_accent_spacing_variant(&source[1]);
        let tax = source[2].to_lowercase();
        row[2] = format!("{}-{}", &tax[..8], &tax[8..]);
    } else if at == LIKELY_AT && k < plan.likely_pairs {
        // The same customer re-keyed: a typo in the name, its tax id, e-mail and phone kept.
        let source = base_row(i - LIKELY_AT + LIKELY_SOURCE_AT);
        row[1] = typo_variant(&source[1]);
        row[2] = source[2].clone();
        row[3] = source[3].clone();
        row[4] = source[4].clone();
    } else if at == REPEATED_CODE_AT && k < plan.repeated_codes {
        row[0] = base_row(i - 1)[0].clone();
    }
    row
}

/// Appends a row as a CSV line (`;`-separated, quoting values that need it).
pub fn write_row(out: &mut Vec<u8>, row: &[impl AsRef<str>], delimiter: u8) {
    for (j, v) in row.iter().enumerate() {
        if j > 0 {
            out.push(delimiter);
        }
        let v = v.as_ref();
        if v.bytes().any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r') {
            out.push(b'"');
            out.extend_from_slice(v.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(v.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// A whole file in memory.
pub fn csv_file(rows: u64, plan: &Plan) -> Vec<u8> {
    let mut out = Vec::new();
    write_row(&mut out, &HEADER, b';');
    for i in 1..=rows {
        write_row(&mut out, &planted_row(i, plan), b';');
    }
    out
}

/// A `Read` producing the header and `rows` planted rows on the fly (memory stays constant).
pub struct GeneratedCsv {
    plan: Plan,
    rows: u64,
    next: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl GeneratedCsv {
    pub fn new(rows: u64, plan: Plan) -> Self {
        let mut buf = Vec::new();
        write_row(&mut buf, &HEADER, b';');
        GeneratedCsv { plan, rows, next: 1, buf, pos: 0 }
    }
}

impl Read for GeneratedCsv {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.buf.len() {
            if self.next > self.rows {
                return Ok(0);
            }
            self.buf.clear();
            self.pos = 0;
            // Generate a batch of rows at a time.
            let end = (self.next + 64).min(self.rows + 1);
            for i in self.next..end {
                write_row(&mut self.buf, &planted_row(i, &self.plan), b';');
            }
            self.next = end;
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}
