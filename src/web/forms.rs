//! Field errors for re-rendering a form with the user's input and translated messages.

/// One message per field, in the order validation found them, which is the form's order: the error
/// summary then reads top to bottom like the form (a sorted map put q10 before q2).
#[derive(Clone, Debug, Default)]
pub struct FormErrors(Vec<(&'static str, String)>);

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }
    /// Records the first message for `field`; later ones for the same field are dropped.
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field, message.into()));
        }
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&&'static str, &String)> {
        self.0.iter().map(|(f, m)| (f, m))
    }
    /// `Ok(v)` when no error was recorded.
    pub fn into_result<T>(self, v: T) -> Result<T, FormErrors> {
        if self.is_empty() { Ok(v) } else { Err(self) }
    }
}

/// The `owner_id` select of a form: empty is nobody; otherwise it must be one of `members`
/// (the project's member ids), else a field error.
pub fn owner_choice(raw: &str, members: &[i32], e: &mut FormErrors, l: super::Lang) -> Option<i32> {
    match raw.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(id) if members.contains(&id) => Some(id),
            _ => {
                e.add(
                    "owner_id",
                    l.t(
                        "The owner must be a member of this project.",
                        "El responsable debe ser miembro de este proyecto.",
                    ),
                );
                None
            }
        },
    }
}

/// An absolute http(s) URL with a host, normalized: the only links we store and render
/// (`javascript:`, `file:`, `mailto:` and relative links give `None`).
pub fn http_url(s: &str) -> Option<String> {
    let u = url::Url::parse(s.trim()).ok()?;
    (matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())).then(|| u.to_string())
}

/// True for an http(s) URL with a host.
pub fn is_http_url(s: &str) -> bool {
    http_url(s).is_some()
}

/// A plausible email address: one `@`, something on each side, a dot in the domain, no spaces.
pub fn is_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.chars().any(char::is_whitespace)
                && s.len() <= 254
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_links_are_accepted() {
        assert!(is_http_url("https://example.com/doc.pdf"));
        assert!(is_http_url("http://intranet.local/x"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("data:text/html,hi"));
        assert!(!is_http_url("ftp://example.com"));
        assert!(!is_http_url("not a url"));
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(is_email("ana@example.com"));
        assert!(!is_email("ana@example"));
        assert!(!is_email("@example.com"));
        assert!(!is_email("ana example@x.com"));
    }
}

/// The body of a form whose only field is the CSRF token (a button: delete, end, revoke).
#[derive(serde::Deserialize)]
pub struct Empty {}

/// An ISO date (what `<input type=date>` sends) or a Spanish dd/mm/yyyy.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y")).ok()
}

/// The query of a plain list page: search text, sort key and direction, page number.
#[derive(serde::Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    pub page: Option<u64>,
}

/// The body of a button whose action needs a confirmation step: `confirm=1` once confirmed.
#[derive(serde::Deserialize, Default)]
pub struct Confirm {
    #[serde(default)]
    pub confirm: String,
}

impl Confirm {
    pub fn confirmed(&self) -> bool {
        self.confirm == "1"
    }
}
