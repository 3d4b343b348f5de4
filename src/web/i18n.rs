//! Spanish and English. Every user-facing string goes through `Lang::t(en, es)` so both texts sit
//! side by side at the call site and a missing translation cannot compile. The language is the
//! user's setting, else the browser's Accept-Language, else English.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl Lang {
    pub fn t(self, en: &'static str, es: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Es => es,
        }
    }

    /// Like `t`, with `{0}`, `{1}`… replaced by `args`.
    pub fn f(self, en: &'static str, es: &'static str, args: &[&dyn std::fmt::Display]) -> String {
        let mut s = self.t(en, es).to_string();
        for (i, a) in args.iter().enumerate() {
            s = s.replace(&format!("{{{i}}}"), &a.to_string());
        }
        s
    }

    /// Picks the seeded text in this language.
    pub fn pick<'a>(self, en: &'a str, es: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Es => es,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The first supported language in an Accept-Language header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("").trim();
            let q = it.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::from_code(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    pub fn date(self, d: chrono::NaiveDate) -> String {
        match self {
            Lang::En => d.format("%Y-%m-%d").to_string(),
            Lang::Es => d.format("%d/%m/%Y").to_string(),
        }
    }

    pub fn datetime(self, d: chrono::DateTime<chrono::Utc>) -> String {
        match self {
            Lang::En => d.format("%Y-%m-%d %H:%M UTC").to_string(),
            Lang::Es => d.format("%d/%m/%Y %H:%M UTC").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_quality_supported_tag() {
        assert_eq!(Lang::from_accept_language("es-ES,es;q=0.9,en;q=0.8"), Some(Lang::Es));
        assert_eq!(Lang::from_accept_language("fr-FR,en;q=0.5,es;q=0.7"), Some(Lang::Es));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(Lang::from_accept_language("en-GB"), Some(Lang::En));
    }

    #[test]
    fn placeholders_are_replaced_in_order() {
        assert_eq!(Lang::Es.f("{0} of {1}", "{0} de {1}", &[&3, &5]), "3 de 5");
    }
}
