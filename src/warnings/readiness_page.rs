//! The readiness page: the verdict, each workstream's light with its reasons, and the history.

use super::catalog::evidence;
use super::readiness::{self, Light, Reason, Verdict};
use crate::error::AppResult;
use crate::phases::label as phase_label;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::badge;
use crate::web::nav::crumbs;
use crate::web::{Lang, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::{Markup, html};

pub fn verdict_badge(l: Lang, v: &str) -> Markup {
    match v {
        "go" => badge(l.t("GO", "ADELANTE"), "ok"),
        "conditional" => badge(l.t("CONDITIONAL GO", "ADELANTE CON CONDICIONES"), "warn"),
        _ => badge(l.t("NO-GO", "NO ADELANTE"), "bad"),
    }
}

pub fn light_badge(l: Lang, light: Light) -> Markup {
    match light {
        Light::Green => badge(l.t("green", "verde"), "ok"),
        Light::Amber => badge(l.t("amber", "ámbar"), "warn"),
        Light::Red => badge(l.t("red", "rojo"), "bad"),
    }
}

pub fn stream_label(l: Lang, key: &str) -> &'static str {
    match key {
        "plan" => l.t("Plan", "Plan"),
        "selection" => l.t("ERP selection", "Selección del ERP"),
        "data_migration" => l.t("Data migration", "Migración de datos"),
        "training" => l.t("Training", "Formación"),
        "security" => l.t("Security", "Seguridad"),
        "adoption" => l.t("Adoption", "Adopción"),
        _ => l.t("Phase gates", "Puertas de fase"),
    }
}

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let p = &acc.project;
    let shown = super::current(&state.db, p, now).await?;
    let facts = readiness::facts(&state.db, p, now).await?;
    let (streams, verdict) = readiness::score(&shown, &facts);
    readiness::snapshot(&state.db, p.id, now.date_naive(), &streams, verdict, &shown).await?;
    let history = readiness::history(&state.db, p.id, 60).await?;
    let l = auth.ctx.lang;
    let title = l.t("Go-live readiness", "Preparación para la puesta en marcha");
    let points: Vec<(String, Option<f64>)> =
        history.iter().map(|s| (l.date(s.day), Some(readiness::percent(s)))).collect();
    let reason = |r: &Reason| -> String {
        match r {
            Reason::Warning { rule, open } => {
                let text = shown
                    .iter()
                    .find(|w| &w.rule.key == rule)
                    .map(|w| evidence(l, w.rule, w.finding.count, w.finding.a, w.finding.b))
                    .unwrap_or_default();
                if *open {
                    text
                } else {
                    format!("{text} ({})", l.t("set aside by the PM", "apartado por el jefe de proyecto"))
                }
            }
            Reason::NoDecision => l.t("No product has been chosen yet.", "Aún no se ha elegido producto.").into(),
            Reason::NotTracked => l
                .t(
                    "No migration object is tracked yet: add them on the data-migration page and check a trial load of each.",
                    "Aún no se sigue ningún objeto de migración: añádalos en la página de migración de datos y compruebe una carga de prueba de cada uno.",
                )
                .into(),
            Reason::GateOpen(k) => {
                l.f("The “{0}” gate is not closed.", "La puerta de «{0}» no está cerrada.", &[&phase_label(l, k)])
            }
        }
    };
    let body = html! {
        (crumbs(&auth.ctx, p, &[(title, None)]))
        h1 { (title) }
        div.card {
            p.verdict { (l.t("Verdict", "Veredicto")) ": " (verdict_badge(l, verdict.key())) }
            p.muted { (match verdict {
                Verdict::Go => l.t("Every workstream is green.", "Todos los frentes están en verde."),
                Verdict::ConditionalGo => l.t("Nothing blocks go-live, but the amber points need an owner and a date.", "Nada bloquea la puesta en marcha, pero los puntos en ámbar necesitan responsable y fecha."),
                Verdict::NoGo => l.t("At least one workstream is red: fix it or move the date.", "Al menos un frente está en rojo: corríjalo o mueva la fecha."),
            }) " " (l.f("Go-live {0} ({1} days).", "Puesta en marcha {0} ({1} días).", &[&l.date(p.go_live_date), &facts.days_to_go_live])) }
        }
        table {
            thead { tr { th scope="col" { (l.t("Workstream", "Frente")) } th scope="col" { (l.t("State", "Estado")) } th scope="col" { (l.t("Why", "Por qué")) } } }
            tbody { @for s in &streams { tr {
                th scope="row" { (stream_label(l, s.key)) }
                td { (light_badge(l, s.light)) }
                td { @if s.reasons.is_empty() { span.muted { (l.t("Nothing to report.", "Nada que señalar.")) } } @else { ul { @for r in &s.reasons { li { (reason(r)) } } } } }
            } } }
        }
        p { a href=(crate::urls::warnings(p.id)) { (l.t("All warnings, with their remedies", "Todos los avisos, con sus remedios")) } }
        h2 { (l.t("Readiness over time", "Preparación en el tiempo")) }
        (crate::web::chart::line(l, l.t("Readiness (green 2, amber 1, red 0), % of the best", "Preparación (verde 2, ámbar 1, rojo 0), % del máximo"), &points, (0.0, 100.0), None))
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}
