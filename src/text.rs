//! Text folding for search: lower case without accents, the same in Rust on every database
//! (SQLite's `LOWER()` only folds ASCII, so "ángela" would not find "Ángela" there).

/// Lower-cases and strips the accents of Latin letters: "Ángela Ñúñez" → "angela nunez".
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// A `LIKE` pattern matching `term` anywhere in a folded text; LIKE's own wildcards are dropped.
pub fn contains_pattern(term: &str) -> String {
    format!("%{}%", fold(term.trim()).replace(['\\', '%', '_'], ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_fold_away() {
        assert_eq!(fold("Ángela NÚÑEZ, Cerámicas Güell"), "angela nunez, ceramicas guell");
        assert_eq!(fold("plain ascii 42"), "plain ascii 42");
    }

    #[test]
    fn like_wildcards_typed_by_users_are_not_wildcards() {
        assert_eq!(contains_pattern(" 50%_off "), "%50off%");
    }
}
