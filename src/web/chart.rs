//! Small charts drawn on the server as SVG with maud (every text escaped, no script, no inline
//! style): a line over labelled points with an optional reference line, and a time series with
//! reference lines and a marked day.

use crate::web::Lang;
use chrono::NaiveDate;
use maud::{Markup, html};

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;

fn y_of(v: f64, (lo, hi): (f64, f64)) -> f64 {
    let span = if (hi - lo).abs() < f64::EPSILON { 1.0 } else { hi - lo };
    TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / span)
}

fn fmt(v: f64) -> String {
    if v.abs() >= 100.0 || v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") }
}

/// A line through `points` (label, value; `None` leaves a gap), on a fixed `range`, with an
/// optional dashed reference value (e.g. SUS 68).
pub fn line(
    l: Lang,
    title: &str,
    points: &[(String, Option<f64>)],
    range: (f64, f64),
    reference: Option<f64>,
) -> Markup {
    line_with(l, title, points, range, reference, fmt)
}

/// [`line`] with the points' values written by `value` (e.g. the eNPS rule), the axis as usual.
pub fn line_with(
    l: Lang,
    title: &str,
    points: &[(String, Option<f64>)],
    range: (f64, f64),
    reference: Option<f64>,
    value: fn(f64) -> String,
) -> Markup {
    let n = points.len().max(1) as f64;
    let step = (W - LEFT - RIGHT) / n;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .filter_map(|(i, (_, v))| v.map(|v| format!("{:.1},{:.1}", x(i), y_of(v, range))))
        .collect();
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(title) xmlns="http://www.w3.org/2000/svg" {
                title { (title) }
                line x1=(LEFT) y1=(y_of(range.0, range)) x2=(W - RIGHT) y2=(y_of(range.0, range)) stroke="#8a96a3" {}
                line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(y_of(range.0, range)) stroke="#8a96a3" {}
                text x=(LEFT - 6.0) y=(y_of(range.1, range) + 4.0) text-anchor="end" font-size="11" { (fmt(range.1)) }
                text x=(LEFT - 6.0) y=(y_of(range.0, range) + 4.0) text-anchor="end" font-size="11" { (fmt(range.0)) }
                @if let Some(r) = reference {
                    line x1=(LEFT) y1=(y_of(r, range)) x2=(W - RIGHT) y2=(y_of(r, range)) stroke="#a86400" stroke-dasharray="5 4" {}
                    text x=(W - RIGHT) y=(y_of(r, range) - 4.0) text-anchor="end" font-size="11" fill="#a86400" { (fmt(r)) }
                }
                @if path.len() > 1 { polyline points=(path.join(" ")) fill="none" stroke="#1f5fa8" stroke-width="2" {} }
                @for (i, (label, v)) in points.iter().enumerate() {
                    @if let Some(v) = v {
                        circle cx=(format!("{:.1}", x(i))) cy=(format!("{:.1}", y_of(*v, range))) r="4" fill="#1f5fa8" { title { (label) ": " (value(*v)) } }
                        text x=(format!("{:.1}", x(i))) y=(format!("{:.1}", y_of(*v, range) - 8.0)) text-anchor="middle" font-size="11" { (value(*v)) }
                    }
                    text x=(format!("{:.1}", x(i))) y=(H - BOTTOM + 16.0) text-anchor="middle" font-size="11" { (label.chars().take(18).collect::<String>()) }
                }
            }
            @if points.iter().all(|p| p.1.is_none()) { figcaption.muted { (l.t("Not enough data to draw yet.", "Aún no hay datos suficientes para dibujar.")) } }
        }
    }
}

/// A time series between `from` and `to` with horizontal references (label, value) and a marked
/// day (e.g. go-live).
pub fn series(
    title: &str,
    points: &[(NaiveDate, f64)],
    references: &[(&str, f64)],
    marked: Option<(&str, NaiveDate)>,
) -> Markup {
    let mut days: Vec<NaiveDate> = points.iter().map(|p| p.0).collect();
    if let Some((_, d)) = marked {
        days.push(d);
    }
    let (Some(from), Some(to)) = (days.iter().min().copied(), days.iter().max().copied()) else {
        return html! {};
    };
    let span = ((to - from).num_days().max(1)) as f64;
    let x = |d: NaiveDate| LEFT + (W - LEFT - RIGHT) * ((d - from).num_days() as f64 / span);
    let values: Vec<f64> = points.iter().map(|p| p.1).chain(references.iter().map(|r| r.1)).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo).abs() * 0.1).max(1.0);
    let range = if lo.is_finite() && hi.is_finite() { (lo - pad, hi + pad) } else { (0.0, 1.0) };
    let path: Vec<String> = points.iter().map(|(d, v)| format!("{:.1},{:.1}", x(*d), y_of(*v, range))).collect();
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(title) xmlns="http://www.w3.org/2000/svg" {
                title { (title) }
                line x1=(LEFT) y1=(H - BOTTOM) x2=(W - RIGHT) y2=(H - BOTTOM) stroke="#8a96a3" {}
                text x=(LEFT) y=(H - BOTTOM + 16.0) font-size="11" { (from.to_string()) }
                text x=(W - RIGHT) y=(H - BOTTOM + 16.0) text-anchor="end" font-size="11" { (to.to_string()) }
                @for (label, v) in references {
                    line x1=(LEFT) y1=(format!("{:.1}", y_of(*v, range))) x2=(W - RIGHT) y2=(format!("{:.1}", y_of(*v, range))) stroke="#a86400" stroke-dasharray="5 4" {}
                    text x=(LEFT + 4.0) y=(format!("{:.1}", y_of(*v, range) - 4.0)) font-size="11" fill="#a86400" { (label) " " (fmt(*v)) }
                }
                @if let Some((label, d)) = marked {
                    line x1=(format!("{:.1}", x(d))) y1=(TOP) x2=(format!("{:.1}", x(d))) y2=(H - BOTTOM) stroke="#b3261e" stroke-dasharray="3 3" {}
                    text x=(format!("{:.1}", x(d) + 4.0)) y=(TOP + 10.0) font-size="11" fill="#b3261e" { (label) }
                }
                @if path.len() > 1 { polyline points=(path.join(" ")) fill="none" stroke="#1f5fa8" stroke-width="2" {} }
                @for (d, v) in points {
                    circle cx=(format!("{:.1}", x(*d))) cy=(format!("{:.1}", y_of(*v, range))) r="4" fill="#1f5fa8" { title { (d.to_string()) ": " (fmt(*v)) } }
                }
            }
        }
    }
}

/// Horizontal bars (label, value) on one scale, largest first as given; values written at the
/// bar ends so the chart reads without hovering.
pub fn bars(title: &str, items: &[(String, f64)]) -> Markup {
    let label_w = 190.0;
    let row = 24.0;
    let h = TOP + row * items.len().max(1) as f64 + 8.0;
    let max = items.iter().map(|i| i.1).fold(0.0, f64::max).max(1.0);
    let bar_w = |v: f64| ((W - label_w - RIGHT - 50.0) * v / max).max(if v > 0.0 { 2.0 } else { 0.0 });
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {W} {h}")) role="img" aria-label=(title) xmlns="http://www.w3.org/2000/svg" {
                title { (title) }
                @for (i, (label, v)) in items.iter().enumerate() {
                    @let y = TOP + row * i as f64;
                    text x=(label_w - 8.0) y=(format!("{:.1}", y + 15.0)) text-anchor="end" font-size="12" { (label.chars().take(28).collect::<String>()) }
                    rect x=(label_w) y=(format!("{:.1}", y + 3.0)) width=(format!("{:.1}", bar_w(*v))) height="16" fill="#b3261e" { title { (label) ": " (fmt(*v)) } }
                    text x=(format!("{:.1}", label_w + bar_w(*v) + 6.0)) y=(format!("{:.1}", y + 15.0)) font-size="12" { (fmt(*v)) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_gaps_are_allowed() {
        let pts = vec![("<b>\"x\"</b>".to_string(), Some(70.0)), ("B".to_string(), None)];
        let s = line(Lang::En, "SUS & more", &pts, (0.0, 100.0), Some(68.0)).into_string();
        assert!(s.contains("&lt;b&gt;") && !s.contains("<b>"));
        assert!(s.contains("SUS &amp; more"));
    }

    #[test]
    fn a_series_marks_the_day_and_handles_one_point() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap_or_default();
        let s = series("KPI", &[(d, 4.0)], &[("baseline", 5.0)], Some(("go-live", d))).into_string();
        assert!(s.contains("go-live") && s.contains("baseline"));
        assert_eq!(series("empty", &[], &[], None).into_string(), "");
    }
}
