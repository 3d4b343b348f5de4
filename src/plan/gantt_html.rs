//! The Gantt as the page shows it: the whole plan fitted to the page width. Names are HTML links in a
//! fixed left column (a list, so links are never inside an image); the timeline is one decorative,
//! `aria-hidden` SVG whose x positions and widths are percentages of the plan's span, so it needs no
//! inner scroller and no `style=` (the CSP forbids it). Every row carries its dates as text.
//! Rows are a fixed 24 px high on both sides (see `.gantt-fit` in app.css) so they line up.

use super::gantt::{Bar, Chart};
use crate::web::Lang;
use chrono::{Datelike, Months, NaiveDate};
use maud::{Markup, PreEscaped, html};
use std::collections::HashMap;
use std::fmt::Write;

const ROW_H: i64 = 24;
/// The month labels, above the first row.
const AXIS_H: i64 = 24;
/// Below the last row: room for the today label.
const FOOT_H: i64 = 20;
/// At most this many month labels; more are thinned out (every 2nd, 3rd, 6th or 12th month).
const MAX_LABELS: u32 = 12;

fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// The plan's span in days, half-open, with a little room on each side; today is always inside.
struct Span {
    first: i64,
    end: i64,
}

impl Span {
    fn of(c: &Chart) -> Span {
        let today = day(c.today);
        let (mut lo, mut hi) = (today, today + 1);
        for b in c.bars {
            let own = (b.start, if b.milestone { b.start } else { b.end.max(b.start) });
            for (s, e) in [Some(own), b.baseline].into_iter().flatten() {
                (lo, hi) = (lo.min(day(s)), hi.max(day(e.max(s)) + 1));
            }
        }
        let pad = ((hi - lo) / 50).max(1);
        Span { first: lo - pad, end: hi + pad }
    }
    /// Percent of the width at the start of `day`, as an SVG attribute value.
    fn x(&self, day: i64) -> String {
        let pct = (day - self.first) as f64 * 100.0 / (self.end - self.first) as f64;
        format!("{:.3}%", pct.clamp(0.0, 100.0))
    }
}

/// The rows in display order: a group header (Err) or a bar index (Ok); groups in order of first appearance.
fn rows(bars: &[Bar]) -> Vec<Result<usize, &str>> {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    for (i, b) in bars.iter().enumerate() {
        let k = *slot.entry(b.group.as_str()).or_insert_with(|| {
            groups.push((b.group.as_str(), Vec::new()));
            groups.len() - 1
        });
        groups[k].1.push(i);
    }
    let mut out = Vec::with_capacity(bars.len() + groups.len());
    for (name, members) in groups {
        if !name.is_empty() {
            out.push(Err(name));
        }
        out.extend(members.into_iter().map(Ok));
    }
    out
}

/// The first day of each month touching the span, and the label step in months.
fn months(s: &Span) -> (Vec<NaiveDate>, u32) {
    let first = i32::try_from(s.first).ok().and_then(NaiveDate::from_num_days_from_ce_opt);
    let mut cur = first.and_then(|d| d.with_day(1));
    let mut out = Vec::new();
    while let Some(d) = cur.filter(|d| day(*d) < s.end) {
        out.push(d);
        cur = d.checked_add_months(Months::new(1));
    }
    let n = u32::try_from(out.len()).unwrap_or(u32::MAX);
    let step = [1, 2, 3, 6, 12].into_iter().find(|k| n.div_ceil(*k) <= MAX_LABELS).unwrap_or(12);
    (out, step)
}

/// The text alternative of one bar: its dates, progress, and whether it is critical.
fn describe(l: Lang, b: &Bar) -> String {
    let when =
        if b.milestone { l.date(b.start) } else { format!("{} – {}", l.date(b.start), l.date(b.end.max(b.start))) };
    let mut s = l.f("{0}, {1}% done", "{0}, {1} % hecho", &[&when, &b.percent.min(100)]);
    if b.critical {
        s.push_str(l.t(", on the critical path", ", en la ruta crítica"));
    }
    if let Some((bs, be)) = b.baseline {
        let was = l.f("; baseline {0} – {1}", "; línea base {0} – {1}", &[&l.date(bs), &l.date(be)]);
        s.push_str(&was);
    }
    s
}

/// The chart: caption, names column and the fitted timeline. `c.zoom` is ignored (the page always fits).
pub fn fit(l: Lang, c: &Chart) -> Markup {
    let span = Span::of(c);
    let rows = rows(c.bars);
    let (months, step) = months(&span);
    let range = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!(
            "{} {} – {} {}",
            c.month_names[a.month0() as usize],
            a.year(),
            c.month_names[b.month0() as usize],
            b.year()
        ),
        _ => String::new(),
    };
    html! {
        figure.gantt-fit aria-labelledby="gantt-caption" {
            figcaption #gantt-caption {
                strong { (c.title) } " · " (range) " · " (c.today_label) " " (l.date(c.today))
            }
            div.gantt-frame {
                div.gantt-names {
                    div.gantt-axis aria-hidden="true" { (l.t("Milestone", "Hito")) }
                    ul.gantt-rows {
                        @for r in &rows {
                            @match r {
                                Err(name) => li.gantt-group { (name) },
                                Ok(i) => {
                                    @let b = &c.bars[*i];
                                    li.gantt-row.(if b.critical { "critical" } else { "" }) {
                                        @match &b.href { Some(h) => a href=(h) title=(b.label) { (b.label) }, None => span title=(b.label) { (b.label) } }
                                        span.visually-hidden { ": " (describe(l, b)) }
                                    }
                                }
                            }
                        }
                    }
                }
                div.gantt-track { (PreEscaped(track(c, &span, &rows, &months, step))) }
            }
        }
    }
}

/// The decorative timeline SVG (numbers and month names only; user text stays in the HTML column).
fn track(c: &Chart, s: &Span, rows: &[Result<usize, &str>], months: &[NaiveDate], step: u32) -> String {
    let bottom = AXIS_H + rows.len() as i64 * ROW_H;
    let h = bottom + FOOT_H;
    let mut o = String::with_capacity(2048 + rows.len() * 400);
    // Writing into a String cannot fail.
    let _ = write!(
        o,
        r##"<svg class="gantt-svg" aria-hidden="true" focusable="false" width="100%" height="{h}" font-size="12" fill="#1d2733">"##
    );
    o.push_str(r##"<defs><marker id="gantt-fit-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L8 4L0 8z" fill="#5b6776"/></marker></defs>"##);
    // Months as columns, every other one shaded; labels thinned to `step`, every other label hidden on phones.
    for (k, m) in months.iter().enumerate() {
        let next = m.checked_add_months(Months::new(1)).map_or(s.end, day);
        let (x, end) = (s.x(day(*m).max(s.first)), s.x(next.min(s.end)));
        if k % 2 == 1 {
            let w = pct(&end) - pct(&x);
            let _ =
                write!(o, r##"<rect class="month" x="{x}" y="0" width="{w:.3}%" height="{bottom}" fill="#f3f6f9"/>"##);
        }
        let _ = write!(o, r##"<line x1="{x}" x2="{x}" y1="0" y2="{bottom}" stroke="#d8dee6"/>"##);
        let k = u32::try_from(k).unwrap_or(0);
        if k % step == 0 && day(*m) >= s.first {
            let thin = if (k / step) % 2 == 1 { " thin" } else { "" };
            let name = c.month_names[m.month0() as usize];
            let label = if k == 0 || m.month() == 1 { format!("{name} {}", m.year()) } else { name.to_string() };
            // Near the right edge a label ends at its column's end instead of running out of the chart.
            let (at, anchor) =
                if pct(&x) > 85.0 { (&end, r#" dx="-3" text-anchor="end""#) } else { (&x, r#" dx="3""#) };
            let _ =
                write!(o, r##"<text class="month-label{thin}" x="{at}"{anchor} y="16" fill="#5b6776">{label}</text>"##);
        }
    }
    let mut top = HashMap::new();
    for (r, row) in rows.iter().enumerate() {
        let y = AXIS_H + r as i64 * ROW_H;
        match row {
            Err(_) => {
                let _ =
                    write!(o, r##"<rect class="group" x="0" y="{y}" width="100%" height="{ROW_H}" fill="#eef2f6"/>"##);
            }
            Ok(i) => {
                top.insert(c.bars[*i].id, (*i, y));
            }
        }
        let _ = write!(o, r##"<line x1="0" x2="100%" y1="{y}" y2="{y}" stroke="#e3e8ee"/>"##);
    }
    for a in c.arrows.iter().filter(|a| a.from != a.to) {
        if let (Some(&(p, y1)), Some(&(q, y2))) = (top.get(&a.from), top.get(&a.to)) {
            let (pb, qb) = (&c.bars[p], &c.bars[q]);
            let x1 = s.x(if pb.milestone { day(pb.start) } else { day(pb.end.max(pb.start)) + 1 });
            let x2 = s.x(day(qb.start));
            let (y1, y2) = (y1 + ROW_H / 2, y2 + ROW_H / 2);
            let _ = write!(o, r##"<line class="arrow" x1="{x1}" x2="{x1}" y1="{y1}" y2="{y2}" stroke="#5b6776"/>"##);
            let _ = write!(
                o,
                r##"<line class="arrow" x1="{x1}" x2="{x2}" y1="{y2}" y2="{y2}" stroke="#5b6776" marker-end="url(#gantt-fit-arrow)"/>"##
            );
        }
    }
    for (r, row) in rows.iter().enumerate() {
        if let Ok(i) = row {
            bar(&mut o, &c.bars[*i], AXIS_H + r as i64 * ROW_H, s);
        }
    }
    let x = s.x(day(c.today));
    let _ = write!(
        o,
        r##"<line class="today" x1="{x}" x2="{x}" y1="{AXIS_H}" y2="{bottom}" stroke="#b3261e" stroke-width="2" stroke-dasharray="4 3"/>"##
    );
    let _ = write!(
        o,
        r##"<text class="today" x="{x}" y="{}" text-anchor="middle" fill="#b3261e">{}</text></svg>"##,
        h - 5,
        Esc(c.today_label)
    );
    o
}

fn pct(x: &str) -> f64 {
    x.trim_end_matches('%').parse().unwrap_or(0.0)
}

/// Baseline ghost, then the bar with its progress, or a diamond for a checkpoint.
fn bar(o: &mut String, b: &Bar, y: i64, s: &Span) {
    let (start, end) = (day(b.start), day(b.end.max(b.start)) + 1);
    if let Some((bs, be)) = b.baseline {
        let (x, e) = (s.x(day(bs)), s.x(day(be.max(bs)) + 1));
        let w = (pct(&e) - pct(&x)).max(0.15);
        let _ =
            write!(o, r##"<rect class="baseline" x="{x}" y="{}" width="{w:.3}%" height="3" fill="#9aa5b1"/>"##, y + 18);
    }
    let (crit, light, dark) = if b.critical { (" critical", "#f3cfcb", "#b3261e") } else { ("", "#c9daf0", "#1f5fa8") };
    let percent = b.percent.min(100);
    let x = s.x(start);
    if b.milestone {
        let fill = if percent == 100 { dark } else { light };
        // A nested SVG at the percent position lets the diamond keep its size in pixels.
        let _ = write!(
            o,
            r#"<svg x="{x}" y="{}" overflow="visible"><path class="diamond{crit}" d="M0 0l6 6-6 6-6-6z" fill="{fill}" stroke="{dark}"/></svg>"#,
            y + 6
        );
    } else {
        let w = (pct(&s.x(end)) - pct(&x)).max(0.15);
        let _ = write!(
            o,
            r#"<rect class="bar{crit}" x="{x}" y="{}" width="{w:.3}%" height="12" fill="{light}" stroke="{dark}"/>"#,
            y + 6
        );
        let done = w * f64::from(percent) / 100.0;
        if percent > 0 {
            let _ = write!(
                o,
                r#"<rect class="progress{crit}" x="{x}" y="{}" width="{done:.3}%" height="12" fill="{dark}"/>"#,
                y + 6
            );
        }
    }
}

/// HTML-escapes a label for the raw SVG string (only the translated "today" goes through here).
struct Esc<'a>(&'a str);

impl std::fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&maud::html! { (self.0) }.into_string())
    }
}
