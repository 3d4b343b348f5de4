//! Server-rendered Gantt chart: turns plan bars and finish-to-start arrows into one self-contained SVG string.
//! No script, no `<style>` and no `style=` attributes (the page CSP forbids them): colours are presentation
//! attributes, and the CSS classes are only hooks for the page stylesheet.

use chrono::{Datelike, Months, NaiveDate, Weekday};
use std::collections::HashMap;
use std::fmt::{self, Write};

/// 24 / 6 / 2 pixels per day; axis labels per day / month / quarter, under a month / year / year row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zoom {
    Week,
    Month,
    Quarter,
}

/// One row. `end` and the baseline end are INCLUSIVE (a one-day task has `start == end`); an `end` before `start`
/// counts as `start`. A milestone (checkpoint) is a diamond at the start of its `start` day, a one-day baseline a tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub id: i32,
    pub label: String,
    /// Rows are grouped under one header per group, groups in order of first appearance; "" means no header.
    pub group: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub percent: u8,
    pub milestone: bool,
    pub critical: bool,
    pub baseline: Option<(NaiveDate, NaiveDate)>,
    pub href: Option<String>,
}

/// Finish-to-start dependency between two bar ids; arrows naming an unknown id are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrow {
    pub from: i32,
    pub to: i32,
}

#[derive(Debug, Clone)]
pub struct Chart<'a> {
    pub bars: &'a [Bar],
    pub arrows: &'a [Arrow],
    pub today: NaiveDate,
    pub zoom: Zoom,
    pub title: &'a str,
    pub today_label: &'a str,
    pub month_names: [&'a str; 12],
}

const ROW_H: i64 = 22;
const LABEL_W: i64 = 260;
/// Two label rows: major (month or year) above minor (day, month or quarter).
const AXIS_H: i64 = 40;
/// Below the last row: room for the today label.
const FOOT_H: i64 = 20;
/// Label budget in chars (~6.5 px each at 12 px) so labels stay inside the label column.
const LABEL_CHARS: usize = 36;
/// Arrows leave a bar horizontally for STUB px and enter the next one over APPROACH px, room for the head.
const STUB: i64 = 6;
const APPROACH: i64 = 10;

struct Frame {
    first: i64,
    end: i64,
    ppd: i64,
    bottom: i64,
}

impl Frame {
    fn x(&self, day: i64) -> i64 {
        LABEL_W + (day - self.first) * self.ppd
    }
}

/// Where arrows attach to a row: (row top, entry x, exit x).
#[derive(Clone, Copy)]
struct Geo(i64, i64, i64);

fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// Inclusive dates to a half-open day range, never shorter than one day.
fn days(start: NaiveDate, end: NaiveDate) -> (i64, i64) {
    (day(start), day(end.max(start)) + 1)
}

/// Renders the chart as a complete `<svg>` element (UTF-8, no XML declaration).
pub fn render(chart: &Chart) -> String {
    let mut out = String::with_capacity(4096 + chart.bars.len() * 700 + chart.arrows.len() * 100);
    // Writing into a String cannot fail, so the fmt::Result carries nothing.
    let _ = draw(&mut out, chart);
    out
}

fn draw(out: &mut String, c: &Chart) -> fmt::Result {
    // Pixels per day, minor and major axis unit in months (0 = day), days of padding on each side.
    let (ppd, minor, major, pad) = match c.zoom {
        Zoom::Week => (24, 0, 1, 3),
        Zoom::Month => (6, 1, 12, 7),
        Zoom::Quarter => (2, 3, 12, 14),
    };
    let today = day(c.today);
    let (mut lo, mut hi) = (today, today + 1);
    for b in c.bars {
        let spans = [Some((b.start, if b.milestone { b.start } else { b.end })), b.baseline];
        for (s, e) in spans.into_iter().flatten().map(|(s, e)| days(s, e)) {
            (lo, hi) = (lo.min(s), hi.max(e));
        }
    }
    // Groups keep the order of their first bar; the map keeps this linear for thousands of bars.
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    for (i, b) in c.bars.iter().enumerate() {
        let k = *slot.entry(b.group.as_str()).or_insert_with(|| {
            groups.push((b.group.as_str(), Vec::new()));
            groups.len() - 1
        });
        groups[k].1.push(i);
    }
    let rows = c.bars.len() + groups.iter().filter(|g| !g.0.is_empty()).count();
    let f = Frame { first: lo - pad, end: hi + pad, ppd, bottom: AXIS_H + rows as i64 * ROW_H };
    let (w, h) = (f.x(f.end) + 12, f.bottom + FOOT_H);
    write!(out, r#"<svg xmlns="http://www.w3.org/2000/svg" class="gantt" viewBox="0 0 {w} {h}" width="{w}" "#)?;
    write!(out, r##"height="{h}" role="img" aria-labelledby="gantt-title" font-family="system-ui, sans-serif" "##)?;
    out.push_str(r##"font-size="12" fill="#1d2733"><title id="gantt-title">"##);
    esc(out, c.title);
    #[rustfmt::skip]
    write!(out, concat!(
        r##"</title><defs><marker id="gantt-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" "##,
        r##"markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L8 4L0 8z" fill="#5b6776"/>"##,
        r##"</marker><clipPath id="gantt-labels"><rect width="{lw}" height="{h}"/></clipPath></defs>"##,
        r##"<rect width="{w}" height="{h}" fill="#fff"/>"##), lw = LABEL_W - 6, w = w, h = h)?;
    let mut geo = vec![Geo(0, 0, 0); c.bars.len()];
    let mut top = AXIS_H;
    for (name, members) in &groups {
        if !name.is_empty() {
            write!(out, r##"<g class="group"><rect y="{top}" width="{w}" height="{ROW_H}" fill="#eef2f6"/>"##)?;
            write!(out, r#"<text x="8" y="{}" font-weight="600" clip-path="url(#gantt-labels)">"#, top + 15)?;
            esc_clipped(out, name, LABEL_CHARS);
            out.push_str("</text></g>");
            top += ROW_H;
        }
        for &i in members {
            let (b, m) = (&c.bars[i], if c.bars[i].milestone { 6 } else { 0 });
            let (s, e) = days(b.start, b.end);
            geo[i] = Geo(top, f.x(s) - m, if m > 0 { f.x(s) + m } else { f.x(e) });
            top += ROW_H;
        }
    }
    // Row and axis rules plus minor ticks share one path, major ticks and the label divider another: two elements
    // instead of hundreds of lines.
    let (mut grid, mut strong) = (String::with_capacity(rows * 24 + 256), format!("M{LABEL_W} 0V{}", f.bottom));
    for y in (0..=rows as i64).map(|r| AXIS_H + r * ROW_H).chain([20]) {
        write!(grid, "M0 {y}H{w}")?;
    }
    out.push_str(r##"<g class="axis" fill="#5b6776">"##);
    axis(out, &mut grid, c, &f, minor, false)?;
    axis(out, &mut strong, c, &f, major, true)?;
    write!(out, r##"</g><path class="grid" d="{grid}" fill="none" stroke="#e3e8ee"/>"##)?;
    write!(out, r##"<path class="grid major" d="{strong}" fill="none" stroke="#b8c2cc"/>"##)?;
    let index: HashMap<i32, usize> = c.bars.iter().enumerate().rev().map(|(i, b)| (b.id, i)).collect();
    let links = c.arrows.iter().filter_map(|a| Some((*index.get(&a.from)?, *index.get(&a.to)?)));
    for (p, s) in links.filter(|(p, s)| p != s) {
        arrow(out, geo[p], geo[s])?;
    }
    for &i in groups.iter().flat_map(|g| &g.1) {
        bar(out, &c.bars[i], geo[i], &f)?;
    }
    let (x, y2) = (f.x(today) + ppd / 2, f.bottom);
    write!(out, r##"<line class="today" x1="{x}" y1="20" x2="{x}" y2="{y2}" stroke="#b3261e" stroke-width="2" "##)?;
    write!(out, r##"stroke-dasharray="4 3"/><text class="today" x="{x}" y="{}" text-anchor="middle" "##, h - 6)?;
    out.push_str(r##"fill="#b3261e">"##);
    esc(out, c.today_label);
    out.push_str("</text></svg>");
    Ok(())
}

/// One axis row for a unit of `months` (0 = day): labels into `out`, tick lines into `path`. The period under the
/// left edge is clamped to it, and its label dropped when the next label would overlap.
fn axis(out: &mut String, path: &mut String, c: &Chart, f: &Frame, months: u32, major: bool) -> fmt::Result {
    let first = i32::try_from(f.first).ok().and_then(NaiveDate::from_num_days_from_ce_opt);
    let floor = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month0() / months.max(1) * months.max(1) + 1, 1);
    let mut cur = if months == 0 { first } else { first.and_then(floor) };
    while let Some(d) = cur.filter(|d| day(*d) < f.end) {
        cur = if months == 0 { d.succ_opt() } else { d.checked_add_months(Months::new(months)) };
        let x = f.x(day(d).max(f.first));
        if day(d) >= f.first && (months > 0 || d.weekday() == Weekday::Mon) {
            write!(path, "M{x} {}V{}", if major { 0 } else { 20 }, f.bottom)?;
        }
        if day(d) < f.first && cur.is_some_and(|n| f.x(day(n)) - x < 48) {
            continue;
        }
        let y = if major { 14 } else { 34 };
        match months {
            0 => write!(out, r#"<text x="{}" y="{y}" text-anchor="middle">{}"#, x + f.ppd / 2, d.day())?,
            12 => write!(out, r#"<text x="{}" y="{y}">{}"#, x + 4, d.year())?,
            _ => {
                write!(out, r#"<text x="{}" y="{y}">"#, x + 4)?;
                esc(out, c.month_names[d.month0() as usize]);
                if major {
                    write!(out, " {}", d.year())?;
                }
            }
        }
        out.push_str("</text>");
    }
    Ok(())
}

/// Elbow line from the predecessor's end to the successor's start, ending in the arrowhead marker.
fn arrow(out: &mut String, from: Geo, to: Geo) -> fmt::Result {
    let (x1, y1, x2, y2) = (from.2, from.0 + 11, to.1, to.0 + 11);
    let turn = x1 + STUB;
    write!(out, r#"<polyline class="arrow" points="{x1},{y1} {turn},{y1} "#)?;
    if x2 >= turn + APPROACH {
        write!(out, "{turn},{y2} ")?;
    } else {
        // The successor starts too early to turn straight into it: run along the row boundary beside it first.
        let yb = if y2 > y1 { to.0 } else { to.0 + ROW_H };
        write!(out, "{turn},{yb} {},{yb} {},{y2} ", x2 - APPROACH, x2 - APPROACH)?;
    }
    write!(out, r##"{x2},{y2}" fill="none" stroke="#5b6776" marker-end="url(#gantt-arrow)"/>"##)
}

/// One task row: tooltip, clipped label, baseline ghost, then the bar with its progress (or a diamond).
fn bar(out: &mut String, b: &Bar, g: Geo, f: &Frame) -> fmt::Result {
    if let Some(href) = &b.href {
        out.push_str(r#"<a class="task" href=""#);
        esc(out, href);
        out.push_str(r#"">"#);
    } else {
        out.push_str(r#"<g class="task">"#);
    }
    let percent = b.percent.min(100);
    out.push_str("<title>");
    esc(out, &b.label);
    write!(out, "\n{}", b.start)?;
    if !b.milestone {
        write!(out, " – {}", b.end.max(b.start))?;
    }
    write!(out, r#" · {percent}%</title><text x="20" y="{}" clip-path="url(#gantt-labels)">"#, g.0 + 15)?;
    esc_clipped(out, &b.label, LABEL_CHARS);
    out.push_str("</text>");
    if let Some((bs, be)) = b.baseline {
        let ((s, e), y) = (days(bs, be), g.0 + 18);
        let (x, w) = if b.milestone && bs == be { (f.x(s) - 1, 2) } else { (f.x(s), (e - s) * f.ppd) };
        write!(out, r##"<rect class="baseline" x="{x}" y="{y}" width="{w}" height="3" fill="#9aa5b1"/>"##)?;
    }
    let (s, e) = days(b.start, b.end);
    let (x, y, w) = (f.x(s), g.0 + 5, (e - s) * f.ppd);
    let (crit, light, dark) = if b.critical { (" critical", "#f3cfcb", "#b3261e") } else { ("", "#c9daf0", "#1f5fa8") };
    if b.milestone {
        let fill = if percent == 100 { dark } else { light };
        write!(out, r#"<path class="diamond{crit}" d="M{x} {y}l6 6-6 6-6-6z" fill="{fill}" stroke="{dark}"/>"#)?;
    } else {
        write!(
            out,
            r#"<rect class="bar{crit}" x="{x}" y="{y}" width="{w}" height="12" fill="{light}" stroke="{dark}"/>"#
        )?;
        let done = w * i64::from(percent) / 100;
        if done > 0 {
            write!(out, r#"<rect class="progress{crit}" x="{x}" y="{y}" width="{done}" height="12" fill="{dark}"/>"#)?;
        }
    }
    out.push_str(if b.href.is_some() { "</a>" } else { "</g>" });
    Ok(())
}

/// XML-escapes text and attribute values, dropping control characters XML 1.0 cannot carry.
fn esc(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(ch),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// Escapes at most `max` chars, ending in an ellipsis when cut; cuts before escaping so no entity is split.
fn esc_clipped(out: &mut String, s: &str, max: usize) {
    match s.char_indices().nth(max.saturating_sub(1)) {
        Some((cut, _)) if s[cut..].chars().nth(1).is_some() => {
            esc(out, s[..cut].trim_end());
            out.push('…');
        }
        _ => esc(out, s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;

    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    /// A `len`-day bar starting on (month, day) of 2025.
    fn task(id: i32, group: &str, (m, d): (u32, u32), len: u64) -> Bar {
        let (start, end) = (date(2025, m, d), date(2025, m, d) + Days::new(len - 1));
        let (label, group) = (format!("Task {id}"), group.to_string());
        Bar { id, label, group, start, end, percent: 0, milestone: false, critical: false, baseline: None, href: None }
    }
    fn render_with(bars: &[Bar], arrows: &[Arrow], zoom: Zoom) -> String {
        let (title, today_label, today) = ("Plan", "Today", date(2025, 3, 10));
        let svg = render(&Chart { bars, arrows, today, zoom, title, today_label, month_names: MONTHS });
        assert_well_formed(&svg);
        svg
    }

    /// Minimal XML check: tags close in order, quotes pair up, no raw `<`, `&` only starts one of the five entities.
    fn assert_well_formed(svg: &str) {
        let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"];
        let ok = |t: &str| t.match_indices('&').all(|(i, _)| entities.iter().any(|e| t[i..].starts_with(e)));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.ends_with("</svg>"));
        let (mut stack, mut rest) = (Vec::new(), svg);
        while let Some(lt) = rest.find('<') {
            let gt = lt + rest[lt..].find('>').expect("tag ends");
            let tag = &rest[lt + 1..gt];
            assert!(ok(&rest[..lt]) && ok(tag) && !tag.contains('<') && tag.matches('"').count() % 2 == 0, "{tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name));
            } else if !tag.ends_with('/') {
                stack.push(tag.split([' ', '\n']).next().unwrap_or(tag));
            }
            rest = &rest[gt + 1..];
        }
        assert!(stack.is_empty() && ok(rest), "unclosed {stack:?}");
    }

    #[test]
    fn escapes_groups_and_clips_user_text() {
        let g = "R&D <\"x\">";
        let mut bars = vec![task(1, g, (1, 1), 3), task(2, "Y", (1, 2), 3), task(3, g, (1, 3), 3)];
        (bars[0].label, bars[0].href) = ("R&D <\"x\"> 'y'".into(), Some("/m?a=1&b=\"2\"".into()));
        bars[2].label = "é".repeat(50);
        let svg = render_with(&bars, &[], Zoom::Month);
        assert!(svg.contains("R&amp;D &lt;&quot;x&quot;&gt; &apos;y&apos;</text>") && !svg.contains("R&D"));
        assert!(svg.contains(r#"<a class="task" href="/m?a=1&amp;b=&quot;2&quot;">"#));
        // Rows: group R&D (y 40), bars 1 and 3, then group Y (y 106) and bar 2 (y 128); text baselines sit 15 lower.
        assert!(svg.contains(r#"y="121" font-weight="600" clip-path="url(#gantt-labels)">Y</text>"#));
        assert!(svg.contains(r#"y="143" clip-path="url(#gantt-labels)">Task 2</text>"#));
        let clipped = format!(r#"y="99" clip-path="url(#gantt-labels)">{}…</text>"#, "é".repeat(LABEL_CHARS - 1));
        assert!(svg.contains(&clipped));
        assert!(svg.contains(&format!("<title>{}\n", "é".repeat(50))));
    }

    #[test]
    fn draws_bars_milestones_arrows_and_today() {
        let mut a = task(1, "Build", (3, 3), 10);
        (a.critical, a.percent, a.baseline) = (true, 50, Some((date(2025, 3, 1), date(2025, 3, 8))));
        let (m, c) = (Bar { milestone: true, ..task(2, "Build", (3, 13), 1) }, task(3, "Go-live", (3, 4), 3));
        let links = [(1, 2), (2, 3), (1, 3), (3, 99), (1, 1)].map(|(from, to)| Arrow { from, to });
        let svg = render_with(&[a, m, c], &links, Zoom::Week);
        let n = |s: &str| svg.matches(s).count();
        let classes =
            ["<polyline class=\"arrow\"", "\"diamond\"", "\"bar critical\"", "\"bar\"", "\"group\"", "\"baseline\""];
        assert_eq!(classes.map(n), [3, 1, 1, 1, 2, 1]);
        assert!(svg.contains("<title>Task 1\n2025-03-03 – 2025-03-12 · 50%</title>"));
        // Range starts 3 days before the earliest date (baseline, Mar 1): bar at 260 + 5 * 24, progress 10 * 24 / 2.
        assert!(svg.contains(r#"class="bar critical" x="380" y="67" width="240""#));
        assert!(svg.contains(r#"class="progress critical" x="380" y="67" width="120""#));
        // Today (Mar 10) is 12 days in; the line sits mid-day.
        assert!(svg.contains(r#"<line class="today" x1="560""#) && svg.contains(">Today</text></svg>"));
        assert!(svg.contains(">Mar 2025</text>") && svg.contains(">10</text>"));
    }

    #[test]
    fn empty_chart_is_a_small_valid_svg() {
        for zoom in [Zoom::Week, Zoom::Month, Zoom::Quarter] {
            let svg = render_with(&[], &[], zoom);
            assert!(svg.contains(&format!(r#" height="{}" role="img""#, AXIS_H + FOOT_H)));
            assert!(svg.contains(r#"<title id="gantt-title">Plan</title>"#) && svg.contains("class=\"today\""));
        }
    }

    #[test]
    fn renders_two_thousand_bars() {
        let bars: Vec<Bar> = (0..2000)
            .map(|i| task(i, &format!("Phase {}", i / 200), (1 + i as u32 / 200, 1 + i as u32 % 28), 9))
            .collect();
        let arrows: Vec<Arrow> = (1..2000).map(|i| Arrow { from: i - 1, to: i }).collect();
        for zoom in [Zoom::Week, Zoom::Month, Zoom::Quarter] {
            let svg = render_with(&bars, &arrows, zoom);
            assert_eq!((svg.matches("<g class=\"task\">").count(), svg.matches("<polyline").count()), (2000, 1999));
        }
    }
}
