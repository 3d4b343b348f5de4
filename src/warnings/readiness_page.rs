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
        "not_assessed" => badge(l.t("NOT ASSESSED", "SIN EVALUAR"), ""),
        _ => badge(l.t("NO-GO", "NO ADELANTE"), "bad"),
    }
}

pub fn light_badge(l: Lang, light: Light) -> Markup {
    match light {
        Light::Green => badge(l.t("green", "verde"), "ok"),
        Light::NotAssessed => badge(l.t("not assessed", "sin evaluar"), ""),
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
        "testing" => l.t("Testing (SIT and UAT)", "Pruebas (SIT y UAT)"),
        "cutover" => l.t("Cutover", "Paso a producción"),
        _ => l.t("Phase gates", "Puertas de fase"),
    }
}

/// Why a workstream with nothing tracked is not assessed, and the page where the next step is.
pub fn untracked(l: Lang, project: i32, key: &str) -> (&'static str, &'static str, String) {
    match key {
        "plan" => (
            l.t(
                "No milestone is planned yet: add the plan's milestones, or import them from a spreadsheet.",
                "Aún no hay ningún hito planificado: añada los hitos del plan o impórtelos de una hoja de cálculo.",
            ),
            l.t("Plan the milestones", "Planificar los hitos"),
            crate::urls::milestones(project),
        ),
        "training" => (
            l.t(
                "No training session is scheduled yet: plan the sessions each role needs before go-live.",
                "Aún no hay ninguna sesión de formación: planifique las sesiones que necesita cada rol antes de la puesta en marcha.",
            ),
            l.t("Plan the training", "Planificar la formación"),
            crate::urls::training(project),
        ),
        "security" => (
            l.t(
                "No security-awareness session is planned: schedule one (passwords, phishing, the ERP's access rules).",
                "No hay ninguna sesión de concienciación en seguridad: programe una (contraseñas, phishing, las reglas de acceso del ERP).",
            ),
            l.t("Schedule a security session", "Programar una sesión de seguridad"),
            format!("{}/new", crate::urls::training(project)),
        ),
        "adoption" => (
            l.t(
                "No KPI and no adoption survey yet: record the KPIs' baselines before go-live, to measure adoption against them.",
                "Aún no hay KPI ni encuesta de adopción: registre la línea base de los KPI antes de la puesta en marcha, para medir la adopción frente a ella.",
            ),
            l.t("Record the KPIs", "Registrar los KPI"),
            crate::urls::kpis(project),
        ),
        "testing" => (
            l.t(
                "No test case is written yet: draft a case for every must-have requirement, then run them in a SIT cycle with migrated data.",
                "Aún no hay ningún caso de prueba: redacte un caso para cada requisito imprescindible y ejecútelos en un ciclo SIT con datos migrados.",
            ),
            l.t("Write the test cases", "Redactar los casos de prueba"),
            format!("{}/cases", crate::urls::testing(project)),
        ),
        "cutover" => (
            l.t(
                "No cutover runbook yet: plan the switch-over weekend task by task, with owners, the point of no return and how to roll back, and rehearse it.",
                "Aún no hay plan de paso a producción: planifique el fin de semana del cambio tarea a tarea, con responsables, el punto de no retorno y cómo volver atrás, y ensáyelo.",
            ),
            l.t("Plan the cutover", "Planificar el paso a producción"),
            crate::urls::cutover(project),
        ),
        _ => (
            l.t(
                "No migration object is tracked yet: add them on the data-migration page and check a trial load of each.",
                "Aún no se sigue ningún objeto de migración: añádalos en la página de migración de datos y compruebe una carga de prueba de cada uno.",
            ),
            l.t("Track the migration objects", "Seguir los objetos de migración"),
            crate::urls::migration(project),
        ),
    }
}

/// What a green workstream's light rests on: the evidence counted for it.
pub fn rests_on(l: Lang, key: &str, f: &readiness::Facts) -> String {
    match key {
        "plan" => l.f("on {0} milestone(s) tracked.", "con {0} hito(s) registrados.", &[&f.milestones]),
        "data_migration" => l.f(
            "on {0} migration object(s) tracked.",
            "con {0} objeto(s) de migración registrados.",
            &[&f.migration_objects],
        ),
        "training" => l.f("on {0} training session(s).", "con {0} sesión(es) de formación.", &[&f.sessions]),
        "security" => l.f(
            "on {0} security-awareness session(s).",
            "con {0} sesión(es) de concienciación en seguridad.",
            &[&f.security_sessions],
        ),
        "adoption" => l.f("on {0} KPI(s) and survey(s).", "con {0} KPI y encuesta(s).", &[&f.adoption_measures]),
        "testing" => l.f(
            "on {0} test case(s) and {1} run(s) executed.",
            "con {0} caso(s) de prueba y {1} ejecución(es).",
            &[&f.test_cases, &f.test_runs],
        ),
        "cutover" => l.f(
            "on a runbook of {0} task(s) and {1} finished rehearsal(s).",
            "con un plan de {0} tarea(s) y {1} ensayo(s) terminado(s).",
            &[&f.cutover_tasks, &f.rehearsals],
        ),
        "selection" => l.t("a product is chosen.", "hay un producto elegido.").into(),
        _ => l.t("the gates due so far are closed.", "las puertas previstas hasta ahora están cerradas.").into(),
    }
}

/// What the verdict means, in one sentence.
pub fn verdict_text(l: Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Go => l.t("Every workstream is green, on evidence.", "Todos los frentes están en verde, con pruebas."),
        Verdict::ConditionalGo => l.t(
            "Nothing blocks go-live, but the amber points need an owner and a date.",
            "Nada bloquea la puesta en marcha, pero los puntos en ámbar necesitan responsable y fecha.",
        ),
        Verdict::NotAssessed => l.t(
            "Some workstreams have nothing tracked yet, so readiness cannot be judged: absence of evidence is not readiness. Their next steps are below.",
            "Algunos frentes aún no tienen nada registrado, así que no se puede juzgar la preparación: la falta de pruebas no es preparación. Abajo están sus siguientes pasos.",
        ),
        Verdict::NoGo => l.t(
            "At least one workstream is red, or has no evidence within 30 days of go-live: fix it or move the date.",
            "Al menos un frente está en rojo, o sin pruebas a menos de 30 días de la puesta en marcha: corríjalo o mueva la fecha.",
        ),
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
    let reason = |r: &Reason| -> Markup {
        if let Reason::NotTracked(key) = r {
            let (text, label, href) = untracked(l, p.id, key);
            return html! { (text) " " a href=(href) { (label) } };
        }
        let text: String = match r {
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
            Reason::NotTracked(_) => String::new(),
            Reason::GateOpen(k) => {
                l.f("The “{0}” gate is not closed.", "La puerta de «{0}» no está cerrada.", &[&phase_label(l, k)])
            }
        };
        html! { (text) }
    };
    let body = html! {
        (crumbs(&auth.ctx, p, &[(title, None)]))
        h1 { (title) }
        div.card {
            p.verdict { (l.t("Verdict", "Veredicto")) ": " (verdict_badge(l, verdict.key())) }
            p.muted { (verdict_text(l, verdict)) " " (l.f("Go-live {0} ({1} days).", "Puesta en marcha {0} ({1} días).", &[&l.date(p.go_live_date), &facts.days_to_go_live])) }
        }
        (crate::web::components::scroll_region(l.t("Workstreams", "Frentes"), html! { table {
            thead { tr { th scope="col" { (l.t("Workstream", "Frente")) } th scope="col" { (l.t("State", "Estado")) } th scope="col" { (l.t("Why", "Por qué")) } } }
            tbody { @for s in &streams { tr {
                th scope="row" { (stream_label(l, s.key)) }
                td { (light_badge(l, s.light)) }
                td { @if s.reasons.is_empty() { span.muted { (l.t("Nothing to report", "Nada que señalar")) " — " (rests_on(l, s.key, &facts)) } } @else { ul { @for r in &s.reasons { li { (reason(r)) } } } } }
            } } }
        } }))
        p { a href=(crate::urls::warnings(p.id)) { (l.t("All warnings, with their remedies", "Todos los avisos, con sus remedios")) } }
        h2 { (l.t("Readiness over time", "Preparación en el tiempo")) }
        (crate::web::chart::line(l, l.t("Readiness (green 2, amber 1, red 0), % of the best", "Preparación (verde 2, ámbar 1, rojo 0), % del máximo"), &points, (0.0, 100.0), None))
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}
