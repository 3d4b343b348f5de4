//! The layering of `src/`, checked: every `crate::…` path in non-test code points to a module on a
//! lower floor (or to one listed before it on its own floor), so no import cycle between top-level
//! modules can come back. docs/architecture.md shows the same floors as a picture. Reads the
//! source as text: no compiler internals, fast, and the failure names the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom up. Within a floor a module may use the ones listed before it; never one on a floor above.
const FLOORS: &[(&str, &[&str])] = &[
    ("foundation", &["clock", "config", "error", "text", "urls", "entities", "db", "crypto", "seeds", "state"]),
    ("presentation", &["web", "health"]),
    ("identity", &["email", "security", "auth"]),
    ("project core", &["projects", "phases"]),
    (
        "features",
        &[
            "needs",
            "admin",
            "selection",
            "plan",
            "data_quality",
            "training",
            "support",
            "feedback",
            "testing",
            "cutover",
        ],
    ),
    ("aggregates", &["warnings", "home", "overview", "account", "maintenance", "demo"]),
    ("top", &["workers", "startup"]),
];

const MAX_LINES: usize = 400;

/// This crate's `src/`, or another tree to judge (`ARCHITECTURE_SRC=/path/to/src`, e.g. an older
/// checkout, to see what the check says of it).
fn src() -> PathBuf {
    std::env::var_os("ARCHITECTURE_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code with comments, string and char literals blanked (lines kept), so that a path in a doc
/// comment or a brace in a string cannot mislead what follows.
fn code_only(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let blank = |out: &mut String, bytes: &[u8]| {
        for &c in bytes {
            out.push(if c == b'\n' { '\n' } else { ' ' });
        }
    };
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with(b"/*") {
            let end = s[i + 2..].find("*/").map(|e| e + 4).unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with(b"r#\"") || rest.starts_with(b"r\"") || rest.starts_with(b"br\"") {
            let start = rest.iter().position(|&c| c == b'"').unwrap();
            let hashes = rest[..start].iter().filter(|&&c| c == b'#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let end = s[i + start + 1..].find(&close).map(|e| start + 1 + e + close.len()).unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest[0] == b'\'' && (rest.get(2) == Some(&b'\'') || (rest.get(1) == Some(&b'\\'))) {
            // A char literal ('{', '\n', '\u{..}'); a lifetime ('a) has no closing quote.
            let end = rest[1..].iter().position(|&c| c == b'\'').map(|e| e + 2).unwrap_or(1);
            blank(&mut out, &rest[..end]);
            i += end;
        } else {
            let ch = s[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Removes `#[cfg(test)] mod name { … }` blocks (blanked, lines kept) and returns the files that
/// `#[cfg(test)] mod name;` declares (with or without `#[path = "…"]`).
fn strip_tests(code: &str, raw: &str, file: &Path) -> (String, Vec<PathBuf>) {
    let mut code = code.to_string();
    let mut test_files = Vec::new();
    let dir = file.parent().unwrap();
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    let mod_dir = if stem == "mod" || stem == "lib" || stem == "main" { dir.to_path_buf() } else { dir.join(&stem) };
    let mut from = 0;
    while let Some(pos) = code[from..].find("#[cfg(test)]").map(|p| p + from) {
        let after = &code[pos + "#[cfg(test)]".len()..];
        // Skip further attributes, remembering a #[path = "…"] (read from the raw text: strings are blanked).
        let mut k = 0;
        let mut path_attr = None;
        loop {
            let t = after[k..].trim_start();
            k = after.len() - t.len();
            if t.starts_with("#[") {
                let end = t.find(']').unwrap() + 1;
                let raw_attr = &raw[pos + "#[cfg(test)]".len() + k..pos + "#[cfg(test)]".len() + k + end];
                if let Some(p) = raw_attr.strip_prefix("#[path = \"").and_then(|r| r.strip_suffix("\"]")) {
                    path_attr = Some(p.to_string());
                }
                k += end;
            } else {
                break;
            }
        }
        let t = after[k..].trim_start();
        let t = t.strip_prefix("pub ").unwrap_or(t);
        let Some(decl) = t.strip_prefix("mod ") else {
            from = pos + 1;
            continue;
        };
        let name: String = decl.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let after_name = decl.trim_start()[name.len()..].trim_start();
        if after_name.starts_with(';') {
            match path_attr {
                Some(p) => test_files.push(dir.join(p)),
                None => {
                    test_files.push(mod_dir.join(format!("{name}.rs")));
                    test_files.push(mod_dir.join(&name).join("mod.rs"));
                }
            }
            from = pos + 1;
        } else if after_name.starts_with('{') {
            let open = code.len() - after_name.len();
            let mut depth = 0usize;
            let mut end = open;
            for (j, c) in code[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = open + j + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let blanked: String = code[pos..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
            code.replace_range(pos..end, &blanked);
            from = pos + 1;
        } else {
            from = pos + 1;
        }
    }
    (code, test_files)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The top-level modules a file's code names, with the line of the first mention.
fn referenced(code: &str, module_path: &[String]) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    let line_of = |i: usize| code[..i].matches('\n').count() + 1;
    let mut note = |name: String, i: usize| {
        found.entry(name).or_insert_with(|| line_of(i));
    };
    let bytes = code.as_bytes();
    for (i, _) in code.match_indices("crate::") {
        if i > 0 && (is_ident(bytes[i - 1] as char) || bytes[i - 1] == b':') {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // crate::{a, b::{c, d}, e}: the names at depth 0.
            let mut depth = 0;
            let mut at_start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => at_start = true,
                    c if at_start && is_ident(c) => {
                        let name: String = group[j..].chars().take_while(|c| is_ident(*c)).collect();
                        note(name, i);
                        at_start = false;
                    }
                    c if !c.is_whitespace() => at_start = false,
                    _ => {}
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            note(name, i);
        }
    }
    // super::super::x reaching the crate root from inside a module.
    for (i, _) in code.match_indices("super::") {
        if i > 0 && (is_ident(bytes[i - 1] as char) || bytes[i - 1] == b':') {
            continue;
        }
        let mut rest = &code[i..];
        let mut ups = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            ups += 1;
            rest = r;
        }
        if ups >= module_path.len() {
            let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            note(name, i);
        }
    }
    found
}

struct Edge {
    file: String,
    line: usize,
}

fn module_graph() -> (BTreeSet<String>, BTreeMap<(String, String), Edge>) {
    let root = src();
    let mut tops = BTreeSet::new();
    for e in std::fs::read_dir(&root).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        if p.is_dir() || (p.extension().is_some_and(|e| e == "rs") && name != "lib" && name != "main") {
            tops.insert(name);
        }
    }
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut parsed = Vec::new();
    let mut test_only = BTreeSet::new();
    for f in &files {
        let raw = std::fs::read_to_string(f).unwrap();
        let (code, tests) = strip_tests(&code_only(&raw), &raw, f);
        test_only.extend(tests.into_iter().map(|p| p.components().collect::<PathBuf>()));
        parsed.push((f.clone(), code));
    }
    let mut edges = BTreeMap::new();
    for (f, code) in parsed {
        let rel = f.strip_prefix(&root).unwrap();
        if test_only.contains(&f.components().collect::<PathBuf>()) {
            continue;
        }
        let mut module_path: Vec<String> =
            rel.with_extension("").components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
        if module_path.last().is_some_and(|l| l == "mod") {
            module_path.pop();
        }
        let Some(top) = module_path.first().cloned() else { continue };
        if top == "lib" || top == "main" {
            continue;
        }
        for (name, line) in referenced(&code, &module_path) {
            if name != top && tops.contains(&name) {
                edges.entry((top.clone(), name)).or_insert(Edge { file: format!("src/{}", rel.display()), line });
            }
        }
    }
    (tops, edges)
}

/// (floor index, position within the floor) of each module.
fn ranks() -> BTreeMap<&'static str, (usize, usize)> {
    let mut r = BTreeMap::new();
    for (fi, (_, mods)) in FLOORS.iter().enumerate() {
        for (mi, m) in mods.iter().enumerate() {
            assert!(r.insert(*m, (fi, mi)).is_none(), "{m} is on two floors");
        }
    }
    r
}

#[test]
fn every_top_level_module_has_a_floor() {
    let (tops, _) = module_graph();
    let ranks = ranks();
    let missing: Vec<_> = tops.iter().filter(|t| !ranks.contains_key(t.as_str())).collect();
    assert!(
        missing.is_empty(),
        "new top-level modules {missing:?}: give each a floor in tests/app/architecture.rs (FLOORS) and docs/architecture.md"
    );
    let gone: Vec<_> = ranks.keys().filter(|m| !tops.contains(**m)).collect();
    assert!(gone.is_empty(), "FLOORS names modules that no longer exist: {gone:?}");
}

#[test]
fn every_import_between_top_level_modules_points_down() {
    let (_, edges) = module_graph();
    let ranks = ranks();
    let floor = |m: &str| ranks.get(m).copied();
    let mut upward = Vec::new();
    for ((from, to), e) in &edges {
        let (Some(a), Some(b)) = (floor(from), floor(to)) else { continue };
        if b >= a {
            upward.push(format!(
                "{}:{}: `{from}` ({}) uses `{to}` ({}{})",
                e.file,
                e.line,
                FLOORS[a.0].0,
                FLOORS[b.0].0,
                if a.0 == b.0 { ", listed after it on the same floor" } else { ", a floor above" }
            ));
        }
    }
    assert!(
        upward.is_empty(),
        "imports that point up (move the shared piece down a floor, or the page that needs both up one):\n{}",
        upward.join("\n")
    );
}

#[test]
fn there_is_no_import_cycle_between_top_level_modules() {
    let (tops, edges) = module_graph();
    let tops: Vec<String> = tops.into_iter().collect();
    let idx = |m: &str| tops.iter().position(|t| t == m).unwrap();
    let n = tops.len();
    let mut reach = vec![vec![false; n]; n];
    for (from, to) in edges.keys() {
        reach[idx(from)][idx(to)] = true;
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if reach[i][k] && reach[k][j] {
                    reach[i][j] = true;
                }
            }
        }
    }
    let in_cycle: Vec<&str> = (0..n).filter(|&i| reach[i][i]).map(|i| tops[i].as_str()).collect();
    let inside: Vec<String> = edges
        .iter()
        .filter(|((a, b), _)| in_cycle.contains(&a.as_str()) && in_cycle.contains(&b.as_str()))
        .map(|((a, b), e)| format!("{a} -> {b} ({}:{})", e.file, e.line))
        .collect();
    assert!(in_cycle.is_empty(), "modules in an import cycle: {in_cycle:?}; edges among them:\n{}", inside.join("\n"));
}

#[test]
fn the_checker_sees_paths_groups_and_supers_but_not_comments_strings_or_tests() {
    let raw = r#"
//! `crate::warnings` in a doc comment is not an import
use crate::{plan::store, web::{Ctx, layout}, text};
fn f() { let s = "crate::feedback"; crate::training::x(); super::super::needs::y(); }
#[cfg(test)]
mod tests { use crate::selection; }
#[cfg(test)]
#[path = "f_tests.rs"]
mod tests2;
"#;
    let file = Path::new("src/admin/handlers.rs");
    let (code, tests) = strip_tests(&code_only(raw), raw, file);
    let found: Vec<String> = referenced(&code, &["admin".into(), "handlers".into()]).into_keys().collect();
    assert_eq!(found, ["needs", "plan", "text", "training", "web"]);
    assert_eq!(tests, [Path::new("src/admin/f_tests.rs")]);
}

#[test]
fn no_source_file_is_longer_than_four_hundred_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(f, n)| format!("{} ({n} lines)", f.display()))
        .collect();
    assert!(long.is_empty(), "split these by meaning: {long:?}");
}
