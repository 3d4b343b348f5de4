//! Small reusable view pieces: form fields, progress bars, badges, pagination, breadcrumbs.

use super::{Ctx, FormErrors, Lang};
use maud::{Markup, html};

pub fn csrf_field(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(ctx.csrf); }
}

/// A labelled input with its error message, wired with aria-describedby.
pub fn field(name: &str, label: &str, kind: &str, value: &str, errors: &FormErrors, attrs: FieldAttrs) -> Markup {
    let err = errors.get(name);
    let id = format!("f-{name}");
    let err_id = format!("{id}-err");
    html! {
        div.field.(if err.is_some() { "has-error" } else { "" }) {
            label for=(id) { (label) @if attrs.required { span.req aria-hidden="true" { " *" } } }
            @if kind == "textarea" {
                textarea id=(id) name=(name) required[attrs.required] maxlength=[attrs.maxlength]
                    aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| err_id.as_str())] { (value) }
            } @else {
                input id=(id) name=(name) type=(kind) value=(value) required[attrs.required]
                    maxlength=[attrs.maxlength] autocomplete=[attrs.autocomplete] min=[attrs.min]
                    aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| err_id.as_str())];
            }
            @if let Some(hint) = attrs.hint { small.hint { (hint) } }
            @if let Some(e) = err { p.error id=(err_id) { (e) } }
        }
    }
}

#[derive(Default, Clone, Copy)]
pub struct FieldAttrs<'a> {
    pub required: bool,
    pub maxlength: Option<u32>,
    pub autocomplete: Option<&'a str>,
    pub hint: Option<&'a str>,
    pub min: Option<&'a str>,
}

impl<'a> FieldAttrs<'a> {
    pub fn required() -> Self {
        Self { required: true, ..Self::default() }
    }
    pub fn max(mut self, n: u32) -> Self {
        self.maxlength = Some(n);
        self
    }
    pub fn auto(mut self, a: &'a str) -> Self {
        self.autocomplete = Some(a);
        self
    }
    pub fn hint(mut self, h: &'a str) -> Self {
        self.hint = Some(h);
        self
    }
}

/// A labelled `<select>`; `options` are (value, label).
pub fn select(name: &str, label: &str, options: &[(&str, &str)], selected: &str, errors: &FormErrors) -> Markup {
    select_field(name, label, options, selected, errors, None)
}

/// A `<select>` that must be answered: marked required, and its first option an empty "Choose…",
/// so that nothing is filed under a default the user never picked.
pub fn select_required(
    lang: Lang,
    name: &str,
    label: &str,
    options: &[(&str, &str)],
    selected: &str,
    errors: &FormErrors,
) -> Markup {
    select_field(name, label, options, selected, errors, Some(lang.t("Choose…", "Elija…")))
}

fn select_field(
    name: &str,
    label: &str,
    options: &[(&str, &str)],
    selected: &str,
    errors: &FormErrors,
    choose: Option<&str>,
) -> Markup {
    let err = errors.get(name);
    let id = format!("f-{name}");
    let err_id = format!("{id}-err");
    html! {
        div.field.(if err.is_some() { "has-error" } else { "" }) {
            label for=(id) { (label) @if choose.is_some() { span.req aria-hidden="true" { " *" } } }
            select id=(id) name=(name) required[choose.is_some()] aria-invalid=[err.map(|_| "true")]
                aria-describedby=[err.map(|_| err_id.as_str())] {
                @if let Some(c) = choose { option value="" selected[selected.is_empty()] { (c) } }
                @for (v, l) in options {
                    option value=(v) selected[*v == selected] { (l) }
                }
            }
            @if let Some(e) = err { p.error id=(err_id) { (e) } }
        }
    }
}

/// Errors summary at the top of a form, linked to the fields.
pub fn error_summary(lang: Lang, errors: &FormErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.flash.flash-error role="alert" {
                p { strong { (lang.t("Please correct the highlighted fields.", "Corrija los campos marcados.")) } }
                ul { @for (f, m) in errors.iter() { li { a href={ "#f-" (f) } { (m) } } } }
            }
        }
    }
}

/// A progress bar with its numbers in text for screen readers and print.
pub fn progress(done: i64, total: i64, label: &str) -> Markup {
    let pct = if total > 0 { (done * 100) / total } else { 0 };
    html! {
        div.progress title=(format!("{label}: {done}/{total}")) {
            div.bar role="progressbar" aria-label=(label) aria-valuemin="0" aria-valuemax="100" aria-valuenow=(pct) {
                // The width is a whole number we computed, never user input.
                span.fill.(format!("w{}", pct - pct % 5)) {}
            }
            span.pct { (pct) "% (" (done) "/" (total) ")" }
        }
    }
}

/// A progress bar with a mark at `target` percent (shown to the nearest 5 %), and the target in its text,
/// so a sighted reader sees the gap and a screen reader hears it.
pub fn progress_target(done: i64, total: i64, label: &str, target: i64, target_text: &str) -> Markup {
    let pct = if total > 0 { (done * 100) / total } else { 0 };
    let at = target.clamp(0, 100);
    html! {
        div.progress title=(format!("{label}: {done}/{total} · {target_text}")) {
            div.bar role="progressbar" aria-label=(label) aria-valuemin="0" aria-valuemax="100" aria-valuenow=(pct)
                aria-valuetext=(format!("{pct}% · {target_text}")) {
                span.fill.(format!("w{}", pct - pct % 5)) {}
                span.target.(format!("at{}", at - at % 5)) aria-hidden="true" {}
            }
            span.pct { (pct) "% (" (done) "/" (total) ")" span.visually-hidden { " · " (target_text) } }
        }
    }
}

pub fn badge(text: &str, class: &str) -> Markup {
    html! { span.badge.(class) { (text) } }
}

/// Previous/next links keeping the other query parameters.
pub fn pagination(lang: Lang, base: &str, query: &[(&str, String)], page: u64, pages: u64, total: u64) -> Markup {
    let link = |p: u64| {
        let mut q: Vec<(&str, String)> = query.iter().filter(|(_, v)| !v.is_empty()).cloned().collect();
        q.push(("page", p.to_string()));
        let qs: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(q).finish();
        format!("{base}?{qs}")
    };
    html! {
        nav.pagination aria-label=(lang.t("Pages", "Páginas")) {
            @if page > 1 { a rel="prev" href=(link(page - 1)) { "← " (lang.t("Previous", "Anterior")) } }
            span { (lang.f("Page {0} of {1} · {2} in total", "Página {0} de {1} · {2} en total", &[&page, &pages.max(1), &total])) }
            @if page < pages { a rel="next" href=(link(page + 1)) { (lang.t("Next", "Siguiente")) " →" } }
        }
    }
}

pub fn breadcrumbs(items: &[(&str, Option<String>)]) -> Markup {
    html! {
        nav.crumbs aria-label="breadcrumbs" {
            @for (i, (label, href)) in items.iter().enumerate() {
                @if i > 0 { span.sep aria-hidden="true" { " / " } }
                @match href { Some(h) => a href=(h) { (label) }, None => span aria-current="page" { (label) } }
            }
        }
    }
}

/// Page size and number from the query, bounded.
pub fn page_params(page: Option<u64>) -> (u64, u64) {
    // Bounded above too: a huge page number would overflow the OFFSET.
    (page.unwrap_or(1).clamp(1, 1_000_000), 25)
}

/// A sortable column header: clicking the current column flips the direction.
pub fn sort_header(base: &str, query: &[(&str, String)], key: &str, label: &str, current: &str, desc: bool) -> Markup {
    let flip = current == key && !desc;
    let mut q: Vec<(&str, String)> = query.iter().filter(|(_, v)| !v.is_empty()).cloned().collect();
    q.push(("sort", key.to_string()));
    q.push(("dir", if flip { "desc".into() } else { "asc".into() }));
    let qs: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(q).finish();
    let mark = if current == key { if desc { " ↓" } else { " ↑" } } else { "" };
    html! { th scope="col" aria-sort=[(current == key).then_some(if desc { "descending" } else { "ascending" })] { a href={ (base) "?" (qs) } { (label) (mark) } } }
}

/// A confirmation page body for a destructive action: what will be lost, confirm or go back.
pub fn confirm(ctx: &Ctx, question: &str, detail: &str, action: &str, cancel: &str) -> Markup {
    let l = ctx.lang;
    html! {
        div.card.danger {
            h1 { (question) }
            p { (detail) }
            form method="post" action=(action) {
                (csrf_field(ctx))
                div.actions {
                    button.danger type="submit" { (l.t("Delete", "Eliminar")) }
                    a href=(cancel) { (l.t("Cancel", "Cancelar")) }
                }
            }
        }
    }
}

/// The confirmation step of an irreversible action that is not a deletion (revealing scores,
/// releasing a seat, removing a dependency): what will happen and who is affected, then a form
/// that repeats the POST with `confirm=1` (the handler does nothing without it; no script needed).
pub fn confirm_step(ctx: &Ctx, question: &str, facts: &[String], action: &str, cancel: &str, button: &str) -> Markup {
    let l = ctx.lang;
    html! {
        div.card.danger {
            h1 { (question) }
            ul { @for f in facts { li { (f) } } }
            form method="post" action=(action) {
                (csrf_field(ctx))
                input type="hidden" name="confirm" value="1";
                div.actions {
                    button.danger type="submit" { (button) }
                    a href=(cancel) { (l.t("Cancel", "Cancelar")) }
                }
            }
        }
    }
}

/// A wide table in a box that scrolls sideways by itself, reachable and named for keyboard and
/// screen-reader users (a scrolling region must take focus: WCAG 2.1.1, axe's
/// scrollable-region-focusable). On phones the box scrolls, not the table inside it.
pub fn scroll_region(label: &str, table: Markup) -> Markup {
    html! { div.table-scroll role="region" tabindex="0" aria-label=(label) { (table) } }
}
