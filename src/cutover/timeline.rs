//! The runbook's timeline as SVG: one row per task, the planned slot as a light bar (moved to a
//! rehearsal's start when showing one) and the run's actual (or projected) span as a dark one
//! over it. Attributes only (no inline style: the CSP forbids it).

use super::projection::Projection;
use crate::entities::{cutover_run_time, cutover_task};
use chrono::{DateTime, Duration, Utc};
use maud::{Markup, html};
use std::collections::HashMap;

const W: f64 = 760.0;
const LEFT: f64 = 220.0;
const ROW: f64 = 22.0;

pub fn svg(
    label: &str,
    tasks: &[cutover_task::Model],
    shift: Duration,
    times: &HashMap<i32, cutover_run_time::Model>,
    projection: &Projection,
    now: Option<DateTime<Utc>>,
    fmt: impl Fn(DateTime<Utc>) -> String,
) -> Markup {
    let planned_start = |t: &cutover_task::Model| t.planned_start + shift;
    let planned_end = |t: &cutover_task::Model| planned_start(t) + Duration::minutes(i64::from(t.duration_minutes));
    let (Some(from), Some(to)) = (
        tasks.iter().map(planned_start).chain(times.values().filter_map(|x| x.started_at)).min(),
        tasks.iter().map(planned_end).chain(projection.end).max(),
    ) else {
        return html! {};
    };
    let span = ((to - from).num_minutes().max(1)) as f64;
    let x = |t: DateTime<Utc>| LEFT + (t - from).num_minutes() as f64 / span * (W - LEFT - 10.0);
    let h = ROW * tasks.len() as f64 + 30.0;
    let short = |s: &str| {
        if s.chars().count() > 30 { format!("{}…", s.chars().take(29).collect::<String>()) } else { s.to_string() }
    };
    html! {
        svg.chart role="img" aria-label=(label) viewBox=(format!("0 0 {W} {h:.0}")) width="100%" {
            text x=(LEFT) y="12" font-size="11" fill="#555" { (fmt(from)) }
            text x=(W - 10.0) y="12" font-size="11" fill="#555" text-anchor="end" { (fmt(to)) }
            @if let Some(n) = now.filter(|n| *n >= from && *n <= to) {
                line x1=(format!("{:.1}", x(n))) x2=(format!("{:.1}", x(n))) y1="16" y2=(format!("{:.0}", h - 4.0)) stroke="#1f5fa8" stroke-width="1.5" stroke-dasharray="4 3" {
                    title { (fmt(n)) }
                }
            }
            @for (i, t) in tasks.iter().enumerate() {
                @let y = 20.0 + ROW * i as f64;
                text x="4" y=(format!("{:.0}", y + 14.0)) font-size="12" { (short(&t.title)) }
                rect x=(format!("{:.1}", x(planned_start(t)))) y=(format!("{:.0}", y + 3.0))
                    width=(format!("{:.1}", (x(planned_end(t)) - x(planned_start(t))).max(2.0))) height="16"
                    fill=(if t.point_of_no_return { "#f2c4c0" } else { "#c9d8ee" }) {
                    title { (t.title) ": " (fmt(planned_start(t))) " – " (fmt(planned_end(t))) }
                }
                @if let Some(p) = projection.tasks.get(&t.id).filter(|_| times.get(&t.id).is_some_and(|x| x.started_at.is_some())) {
                    rect x=(format!("{:.1}", x(p.start))) y=(format!("{:.0}", y + 8.0))
                        width=(format!("{:.1}", (x(p.end) - x(p.start)).max(2.0))) height="6"
                        fill=(if p.behind_minutes > 0 { "#b3261e" } else { "#1e7a3c" }) {}
                }
            }
        }
    }
}
