//! A realistic customer export of one market (Spanish companies and sole traders), with planted
//! near-duplicates whose truth is known, to measure the likely-duplicate finder's precision and
//! recall (tests, `erp-rollout bench-profile --mode match`).
//!
//! Names share long prefixes the way real ones do ("Comercial José García … S.L."): a few dozen
//! activities, first names and ~100 surnames, so thousands of firms share words. Planted, in
//! equal numbers and each at a random later position than its original:
//! * near-duplicates (re-keyed customers, the truth): a typo, a transposition, the legal form
//!   missing, case and accents changed (tax id left empty), the same firm at another address, and a
//!   re-keyed record (typo, the mailbox at another domain, a new phone);
//! * exact duplicates (same name and tax id, other case and spacing), which the exact check finds;
//! * look-alikes that are *not* duplicates: a firm with a similar name (one surname changed) and its
//!   own tax id, e-mail, phone and address.

use super::sample::{Rng, nif, write_row};
use super::{FieldRule, FieldType, Spec};

pub const HEADER: [&str; 9] =
    ["Código", "Nombre", "NIF", "Email", "Teléfono", "Dirección", "Código postal", "Ciudad", "Límite crédito"];

#[rustfmt::skip]
const ACTIVITIES: [&str; 24] = [
    "Comercial", "Distribuciones", "Talleres", "Construcciones", "Transportes", "Suministros", "Instalaciones",
    "Servicios", "Grupo", "Industrias", "Almacenes", "Ferretería", "Asesoría", "Consultores", "Electricidad",
    "Fontanería", "Gestoría", "Carpintería", "Panificadora", "Reformas", "Maderas", "Recambios", "Hostelería",
    "Limpiezas",
];
#[rustfmt::skip]
const FIRST: [&str; 30] = [
    "José", "Juan", "Manuel", "Antonio", "Francisco", "María", "Carmen", "Ana", "Isabel", "Pilar", "Luis",
    "Javier", "Carlos", "Miguel", "Pedro", "Ángel", "Rafael", "Jesús", "Fernando", "Alberto", "Dolores", "Rosa",
    "Teresa", "Lucía", "Elena", "Marta", "Pablo", "Sergio", "Jorge", "Raúl",
];
#[rustfmt::skip]
const SURNAMES: [&str; 100] = [
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
    "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez",
    "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco", "Molina",
    "Morales", "Suárez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias",
    "Medina", "Garrido", "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Cano", "Prieto", "Méndez",
    "Cruz", "Calvo", "Gallego", "Vidal", "León", "Márquez", "Herrera", "Peña", "Flores", "Cabrera", "Campos",
    "Vega", "Fuentes", "Carrasco", "Diez", "Caballero", "Reyes", "Nieto", "Aguilar", "Pascual", "Santana",
    "Herrero", "Lorenzo", "Montero", "Hidalgo", "Giménez", "Ibáñez", "Ferrer", "Durán", "Santiago", "Benítez",
    "Mora", "Vicente", "Vargas", "Arias", "Carmona", "Crespo", "Román", "Pastor", "Soto", "Sáez", "Velasco",
    "Moya", "Soler", "Parra", "Esteban", "Bravo", "Gallardo", "Rojas",
];
const LEGAL: [&str; 7] = ["S.L.", "SL", "S.A.", "S.L.U.", "S. Coop.", "SA", "S.L."];
#[rustfmt::skip]
const CITIES: [(&str, &str); 20] = [
    ("Madrid", "28"), ("Barcelona", "08"), ("Valencia", "46"), ("Sevilla", "41"), ("Zaragoza", "50"),
    ("Málaga", "29"), ("Murcia", "30"), ("Palma", "07"), ("Bilbao", "48"), ("Alicante", "03"),
    ("Córdoba", "14"), ("Valladolid", "47"), ("Vigo", "36"), ("Gijón", "33"), ("Granada", "18"),
    ("A Coruña", "15"), ("Vitoria", "01"), ("Elche", "03"), ("Oviedo", "33"), ("Pamplona", "31"),
];
#[rustfmt::skip]
const STREETS: [&str; 24] = [
    "Mayor", "Real", "San José", "de la Industria", "del Mar", "Gran Vía", "de Andalucía", "Nueva",
    "del Carmen", "San Francisco", "de la Constitución", "Alcalá", "de Castilla", "del Sol", "Santa María",
    "de los Olivos", "del Progreso", "de Goya", "San Juan", "Colón", "de Valencia", "del Río", "de la Paz",
    "Cervantes",
];
const STREET_TYPES: [&str; 5] = ["Calle", "C/", "Avda.", "Plaza", "Polígono"];
const DOMAINS: [&str; 4] = ["gmail.com", "hotmail.com", "telefonica.net", "yahoo.es"];
const MAILBOXES: [&str; 5] = ["info", "administracion", "pedidos", "contabilidad", "oficina"];

/// What was planted: pairs of lines (original, re-keyed copy) that are the same customer, by kind.
#[derive(Debug, Default)]
pub struct Truth {
    pub pairs: Vec<(u64, u64, &'static str)>,
    pub exact_duplicates: u64,
    pub look_alikes: u64,
}

/// The customer spec of this export: the `customers` template's fields and comparisons.
pub fn spec() -> Spec {
    let rule = |name: &str, kind: FieldType, required: bool, max_len: Option<usize>| FieldRule {
        name: name.into(),
        kind,
        required,
        max_len,
        unique: name == "código",
    };
    Spec {
        fields: vec![
            rule("código", FieldType::Text, true, Some(20)),
            rule("nombre", FieldType::Text, true, Some(100)),
            rule("nif", FieldType::TaxId, true, None),
            rule("email", FieldType::Email, false, Some(100)),
            rule("teléfono", FieldType::Phone, false, None),
            rule("dirección", FieldType::Text, false, Some(120)),
            rule("código_postal", FieldType::Text, false, Some(10)),
            rule("ciudad", FieldType::Text, false, Some(60)),
            rule("límite_crédito", FieldType::Decimal, false, None),
        ],
        duplicate_key: vec!["nombre".into(), "nif".into()],
        similar_fields: COMPARED.iter().map(|s| s.to_string()).collect(),
        match_threshold: 0.5,
        duplicate_decisions: vec![],
    }
}

/// The fields the `customers` template compares for likely duplicates.
pub const COMPARED: [&str; 7] = ["nombre", "nif", "email", "teléfono", "dirección", "código_postal", "ciudad"];

fn pick<'a>(r: &mut Rng, list: &[&'a str]) -> &'a str {
    list[r.below(list.len() as u64) as usize]
}

fn slug(s: &str) -> String {
    super::normalize(s).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// One firm: its row (header order) and the words its name was made of.
fn firm(r: &mut Rng, n: u64) -> Vec<String> {
    let (act, first, s1, s2) = (pick(r, &ACTIVITIES), pick(r, &FIRST), pick(r, &SURNAMES), pick(r, &SURNAMES));
    let legal = pick(r, &LEGAL);
    let name = match r.below(20) {
        0..=7 => format!("{act} {s1} {legal}"),
        8..=13 => format!("{act} {first} {s1} {s2} {legal}"),
        14..=16 => format!("{s1} {s2} Hermanos {legal}"),
        _ => format!("{first} {s1} {s2}"),
    };
    let sole_trader = !name.contains(legal);
    let email = if sole_trader || r.below(3) == 0 {
        format!("{}.{}{}@{}", slug(first), slug(s1), r.below(100), pick(r, &DOMAINS))
    } else {
        // A firm's own domain (namesakes have their own: a number in it).
        format!("{}@{}{}{}.es", pick(r, &MAILBOXES), slug(act), slug(s1), n % 1000)
    };
    let (city, prov) = CITIES[r.below(CITIES.len() as u64) as usize];
    let postal = format!("{prov}{:03}", r.below(20) * 10);
    let phone = format!("9{}{:06}", &prov[1..], r.below(1_000_000));
    let phone = match r.below(3) {
        0 => format!("{} {} {}", &phone[..3], &phone[3..6], &phone[6..]),
        1 => format!("+34 {phone}"),
        _ => phone,
    };
    let address = format!("{} {} {}", pick(r, &STREET_TYPES), pick(r, &STREETS), 1 + r.below(150));
    let credit = format!("{},{:02}", r.below(60_000), r.below(100));
    vec![
        format!("C{n:07}"),
        name,
        nif(20_000_000 + n * 7919 % 70_000_000),
        email,
        phone,
        address,
        postal,
        city.into(),
        credit,
    ]
}

/// Changes one letter (`swap`: exchanges two neighbours) in the longest word that is not a legal form.
fn mistype(r: &mut Rng, name: &str, swap: bool) -> String {
    let mut words: Vec<String> = name.split(' ').map(String::from).collect();
    let Some(w) = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 4 && !LEGAL.contains(&words[i].as_str()))
        .max_by_key(|&i| (words[i].chars().count(), i))
    else {
        return format!("{name}x");
    };
    let mut chars: Vec<char> = words[w].chars().collect();
    let at = 1 + r.below(chars.len() as u64 - 2) as usize;
    if swap && chars[at] != chars[at + 1] {
        chars.swap(at, at + 1);
    } else {
        let c = char::from(b'a' + r.below(26) as u8);
        chars[at] = if chars[at] == c { 'x' } else { c };
    }
    words[w] = chars.into_iter().collect();
    words.join(" ")
}

fn strip_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'Á' => 'A',
            'é' | 'É' => 'E',
            'í' | 'Í' => 'I',
            'ó' | 'Ó' => 'O',
            'ú' | 'Ú' => 'U',
            'ñ' | 'Ñ' => 'N',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

const KINDS: [&str; 6] = ["typo", "transposition", "no_legal_form", "case_accents", "other_address", "rekeyed"];

/// A re-keyed copy of `row` of `kind`, with its own code.
fn near_duplicate(r: &mut Rng, row: &[String], kind: &str, n: u64) -> Vec<String> {
    let mut d = row.to_vec();
    d[0] = format!("C{n:07}");
    match kind {
        "typo" => d[1] = mistype(r, &row[1], false),
        "transposition" => {
            d[1] = mistype(r, &row[1], true);
            d[4] = String::new();
        }
        "no_legal_form" => {
            let legal = LEGAL.iter().find(|l| row[1].ends_with(*l));
            d[1] = legal.map_or_else(|| mistype(r, &row[1], false), |l| row[1].trim_end_matches(l).trim().to_string());
            d[4] = d[4].replace([' ', '+'], "");
        }
        "case_accents" => {
            d[1] = strip_accents(&row[1]);
            d[2] = String::new();
        }
        "other_address" => {
            let other = firm(r, n);
            // Re-keyed with a slip in the tax id (its check letter no longer fits).
            let mut digits: Vec<char> = row[2].chars().collect();
            digits[3] = if digits[3] == '9' { '0' } else { char::from(digits[3] as u8 + 1) };
            d[2] = digits.into_iter().collect();
            d[4] = other[4].clone();
            d[5] = other[5].clone();
            d[6] = other[6].clone();
            d[7] = other[7].clone();
        }
        _ => {
            d[1] = mistype(r, &row[1], false);
            let mailbox = row[3].split('@').next().unwrap_or("info");
            d[3] = format!("{mailbox}@{}", pick(r, &DOMAINS));
            d[4] = firm(r, n)[4].clone();
        }
    }
    d
}

/// A different firm whose name differs from `row`'s in one surname (or activity).
fn look_alike(r: &mut Rng, row: &[String], n: u64) -> Vec<String> {
    let mut d = firm(r, n);
    let mut words: Vec<String> = row[1].split(' ').map(String::from).collect();
    let replace = words.iter().rposition(|w| SURNAMES.contains(&w.as_str()) || ACTIVITIES.contains(&w.as_str()));
    let at = replace.unwrap_or(0);
    let old = words[at].clone();
    while words[at] == old {
        words[at] = pick(r, if SURNAMES.contains(&old.as_str()) { &SURNAMES } else { &ACTIVITIES }).to_string();
    }
    d[1] = words.join(" ");
    d
}

/// (sort key, row, (original's index, kind) for a near-duplicate).
type Planted = (u64, Vec<String>, Option<(u64, &'static str)>);

/// An export of `rows` data rows: per 1,000, 6 near-duplicates, 12 exact duplicates and 6 look-alikes.
pub fn export(rows: u64, seed: u64) -> (Vec<u8>, Truth) {
    let mut r = Rng::new(seed);
    let planted = rows * 24 / 1000;
    let base = rows - planted;
    // Sort keys decide the order: base rows at 2·i, each planted copy somewhere after its original.
    let mut keyed: Vec<Planted> = (0..base).map(|i| (2 * i, firm(&mut r, i + 1), None)).collect();
    let mut truth = Truth::default();
    for k in 0..planted {
        let src = r.below(base * 3 / 4) as usize;
        let n = base + k + 1;
        let row = keyed[src].1.clone();
        let key = 2 * src as u64 + 1 + 2 * r.below(base - src as u64);
        match k % 4 {
            0 => {
                let kind = KINDS[(k / 4 % 6) as usize];
                keyed.push((key, near_duplicate(&mut r, &row, kind, n), Some((src as u64, kind))));
            }
            1 | 2 => {
                let mut d = row.clone();
                d[0] = format!("C{n:07}");
                d[1] = format!(" {} ", d[1].to_uppercase().replace(' ', "  "));
                keyed.push((key, d, None));
                truth.exact_duplicates += 1;
            }
            _ => {
                keyed.push((key, look_alike(&mut r, &row, n), None));
                truth.look_alikes += 1;
            }
        }
    }
    keyed.sort_by_key(|k| k.0);
    let line_of: std::collections::HashMap<u64, u64> =
        keyed.iter().enumerate().filter(|(_, k)| k.0 % 2 == 0).map(|(i, k)| (k.0 / 2, i as u64 + 2)).collect();
    let mut out = Vec::new();
    write_row(&mut out, &HEADER, b';');
    for (i, (_, row, origin)) in keyed.iter().enumerate() {
        if let Some((src, kind)) = origin {
            truth.pairs.push((line_of[src], i as u64 + 2, kind));
        }
        write_row(&mut out, row, b';');
    }
    (out, truth)
}

#[cfg(test)]
#[path = "market_tests.rs"]
mod tests;
