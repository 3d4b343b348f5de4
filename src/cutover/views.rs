//! The runbook page: status of the cutover, the timeline, the tasks with the open (or latest) run's times,
//! the comparison of the latest rehearsal with the live run, and the runbook's settings.

use super::form::SettingsForm;
use super::page::Compared;
use super::projection::{Projection, delta_label};
use crate::entities::{
    cutover_run, cutover_run_time, cutover_runbook, cutover_task, cutover_task_dep, go_no_go_decision,
};
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, badge, csrf_field, field, scroll_region, select};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, layout};
use maud::{Markup, html};
use std::collections::HashMap;

pub struct RunbookView<'a> {
    pub rb: &'a cutover_runbook::Model,
    pub tasks: &'a [cutover_task::Model],
    pub deps: &'a [cutover_task_dep::Model],
    /// Names of the task owners and of who recorded the run's times.
    pub owners: &'a HashMap<i32, String>,
    /// The run under way, else the latest run.
    pub run: Option<&'a cutover_run::Model>,
    /// How far the plan is moved to measure that run (a rehearsal is measured from its own start).
    pub shift: chrono::Duration,
    pub times: &'a HashMap<i32, cutover_run_time::Model>,
    pub projection: &'a Projection,
    pub rehearsal: Option<&'a Compared>,
    pub live: Option<&'a Compared>,
    pub decision: Option<&'a go_no_go_decision::Model>,
    pub rehearsals_finished: usize,
    pub user_id: i32,
    pub settings: &'a SettingsForm,
    pub errors: &'a FormErrors,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// "45 min", "2 h", "1 h 50 min" (the same in both languages).
fn minutes(_l: Lang, m: Option<i64>) -> String {
    match m {
        Some(m) if m >= 60 && m % 60 == 0 => format!("{} h", m / 60),
        Some(m) if m >= 60 => format!("{} h {} min", m / 60, m % 60),
        Some(m) => format!("{m} min"),
        None => "—".into(),
    }
}

/// The runbook's planned end as typed (not moved to a rehearsal).
fn planned_end(tasks: &[cutover_task::Model]) -> Option<chrono::DateTime<chrono::Utc>> {
    tasks.iter().map(|t| t.planned_start + chrono::Duration::minutes(i64::from(t.duration_minutes))).max()
}

/// When the live run started its point of no return, if it has.
fn past_point_of_no_return(v: &RunbookView<'_>) -> Option<chrono::DateTime<chrono::Utc>> {
    v.run.filter(|r| r.kind == "live")?;
    let ponr = v.tasks.iter().find(|t| t.point_of_no_return)?;
    v.times.get(&ponr.id)?.started_at
}

impl RunbookView<'_> {
    fn open(&self) -> Option<&cutover_run::Model> {
        self.run.filter(|r| r.finished_at.is_none())
    }
}

fn delta_badge(m: i64) -> Markup {
    badge(&delta_label(m), if m > 0 { "bad" } else { "ok" })
}

pub fn runbook(ctx: &Ctx, acc: &Access, v: &RunbookView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Cutover runbook", "Plan de cutover");
    let base = crate::urls::cutover(p.id);
    let at = |t| super::local(l, v.rb, t);
    let titles: HashMap<i32, &str> = v.tasks.iter().map(|t| (t.id, t.title.as_str())).collect();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(title, None)]))
            h1 { (title) }
            p.muted { (l.f("The switch-over weekend, task by task. Times are in {0}.", "El fin de semana del cambio, tarea a tarea. Las horas están en {0}.", &[&v.rb.tz])) }
            (status(ctx, acc, v))
            div.actions {
                @if acc.can_manage() {
                    a.button href={ (base) "/new" } { (l.t("New task", "Nueva tarea")) }
                    a.button.secondary href=(crate::urls::cutover_go_no_go(p.id)) { (l.t("Go/no-go decision", "Decisión de go/no-go")) }
                }
                a.button.secondary href={ (base) ".csv" } { (l.t("Export CSV", "Exportar CSV")) }
            }
            @if v.tasks.is_empty() {
                div.empty {
                    p { (l.t("No tasks yet. List the weekend's steps — freeze, final extracts, loads, reconciliations, the point of no return, smoke tests — with their owners and order.",
                             "Aún no hay tareas. Enumere los pasos del fin de semana —congelación, extracciones finales, cargas, conciliaciones, el punto de no retorno, pruebas de humo— con sus responsables y su orden.")) }
                    @if acc.can_manage() { a href={ (base) "/new" } { (l.t("Add the first task", "Añadir la primera tarea")) } }
                }
            } @else {
                (super::timeline::svg(l.t("Timeline of the runbook", "Cronograma del plan de cutover"), v.tasks, v.shift, v.times, v.projection, v.open().map(|_| v.now), at))
                p.hint { (l.t("Light bars: the plan (the point of no return in pink). Dark bars: the run — green when a task ended on time or early, red when late. The dashed line is now.",
                              "Barras claras: el plan (el punto de no retorno en rosa). Barras oscuras: la ejecución — verde si la tarea terminó a tiempo o antes, roja si con retraso. La línea discontinua es ahora.")) }
                (scroll_region(l.t("Runbook tasks", "Tareas del plan de cutover"), tasks_table(ctx, acc, v, &titles)))
                (comparison(l, v))
            }
            @if acc.can_manage() { (settings(ctx, v)) }
        },
    )
}

fn status(ctx: &Ctx, acc: &Access, v: &RunbookView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let at = |t| super::local(l, v.rb, t);
    html! {
        div.card {
            @if let Some(at_ponr) = past_point_of_no_return(v) {
                div.flash.flash-error role="status" { p { strong { (l.f("Past the point of no return since {0}.", "Pasado el punto de no retorno desde las {0}.", &[&at(at_ponr)])) } " "
                    (l.t("The old system cannot be returned to: fix forward.", "Ya no se puede volver al sistema antiguo: hay que corregir hacia delante.")) } }
            }
            dl.facts {
                dt { (l.t("Tasks", "Tareas")) } dd { (v.tasks.len())
                    @if !v.tasks.is_empty() && !v.tasks.iter().any(|t| t.point_of_no_return) { " " (badge(l.t("no point of no return marked", "sin punto de no retorno marcado"), "warn")) } }
                dt { (l.t("Planned end", "Fin previsto")) } dd { @if let Some(e) = planned_end(v.tasks) { (at(e)) } @else { "—" }
                    " · " (l.t("go-live", "puesta en marcha")) " " (l.date(p.go_live_date)) }
                dt { (l.t("Rehearsals finished", "Ensayos terminados")) } dd { (v.rehearsals_finished)
                    @if v.rehearsals_finished == 0 { " " (badge(l.t("not rehearsed", "sin ensayar"), "warn")) } }
                dt { (l.t("Go/no-go", "Go/no-go")) } dd { @match v.decision {
                    Some(d) => { (badge(super::verdict_label(l, &d.verdict), super::verdict_class(&d.verdict))) " " (l.datetime(d.decided_at)) }
                    None => span.muted { (l.t("not decided yet", "aún sin decidir")) }
                } }
                @if let Some(run) = v.run {
                    @if let Some(end) = run.finished_at {
                        dt { (l.t("Latest run", "Última ejecución")) } dd { strong { (super::run_kind_label(l, &run.kind)) } " " (at(run.started_at)) " → " (at(end)) }
                    } @else {
                        dt { (l.t("Under way", "En curso")) } dd { strong { (super::run_kind_label(l, &run.kind)) } " " (l.t("since", "desde")) " " (at(run.started_at)) }
                    }
                    @if run.kind == "rehearsal" { dd.muted { (l.t("A rehearsal is measured against the plan moved to the moment it started.", "Un ensayo se mide frente al plan desplazado al momento en que empezó.")) } }
                    @let last = v.times.values().filter_map(|x| x.finished_at).max();
                    @let end = if run.finished_at.is_some() { last } else { v.projection.end };
                    dt { @if run.finished_at.is_some() { (l.t("Last task finished", "Última tarea terminada")) } @else { (l.t("Projected end", "Fin proyectado")) } } dd {
                        @if let Some(e) = end { (at(e)) } @else { "—" }
                        @if let (Some(e), Some(p)) = (end, v.projection.planned_end) { " " (delta_badge((e - p).num_minutes())) }
                    }
                }
            }
            @if acc.can_manage() {
                @match v.open() {
                    Some(run) => form.inline method="post" action={ (crate::urls::cutover_runs(p.id)) "/" (run.id) "/finish" } {
                        (csrf_field(ctx)) button.secondary type="submit" { (l.t("Finish this run", "Terminar esta ejecución")) }
                    },
                    None => @if !v.tasks.is_empty() { form.inline method="post" action=(crate::urls::cutover_runs(p.id)) {
                        (csrf_field(ctx))
                        button.secondary type="submit" name="kind" value="rehearsal" { (l.t("Start a rehearsal", "Empezar un ensayo")) }
                        button type="submit" name="kind" value="live" { (l.t("Start the live cutover", "Empezar el cutover real")) }
                    } },
                }
            }
        }
    }
}

fn tasks_table(ctx: &Ctx, acc: &Access, v: &RunbookView<'_>, titles: &HashMap<i32, &str>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let at = |t| super::local(l, v.rb, t);
    html! {
        table {
            thead { tr {
                th scope="col" { (l.t("Planned start", "Inicio previsto")) } th scope="col" { (l.t("Minutes", "Minutos")) }
                th scope="col" { (l.t("Task", "Tarea")) } th scope="col" { (l.t("Owner", "Responsable")) }
                th scope="col" { (l.t("After", "Después de")) }
                @if v.run.is_some() { th scope="col" { (l.t("Actual", "Real")) } th scope="col" { (l.t("Against plan", "Frente al plan")) } }
                @if v.open().is_some() { th scope="col" { span.muted { (l.t("Record", "Registrar")) } } }
            } }
            tbody { @for t in v.tasks {
                @let preds: Vec<&str> = v.deps.iter().filter(|d| d.successor_id == t.id).filter_map(|d| titles.get(&d.predecessor_id).copied()).collect();
                @let time = v.times.get(&t.id);
                tr {
                    td { (at(t.planned_start)) }
                    td { (t.duration_minutes) }
                    td {
                        @if acc.can_manage() { a href={ (crate::urls::cutover_task(p.id, t.id)) "/edit" } { (t.title) } } @else { (t.title) }
                        @if t.point_of_no_return { " " (badge(l.t("point of no return", "punto de no retorno"), "bad")) }
                        @if let Some(r) = &t.rollback_steps { details { summary { (l.t("Rollback", "Marcha atrás")) } p { (r) } } }
                    }
                    td { (t.owner_id.and_then(|o| v.owners.get(&o)).map(String::as_str).unwrap_or("—")) }
                    td { (preds.join(", ")) }
                    @if v.run.is_some() {
                        td { @if let Some(s) = time.and_then(|x| x.started_at) { (at(s)) " → " @if let Some(f) = time.and_then(|x| x.finished_at) { (at(f)) } @else { (l.t("running", "en curso")) } } @else { span.muted { (l.t("not started", "sin empezar")) } }
                            @if let Some(who) = time.and_then(|x| x.finished_by.or(x.started_by)).filter(|u| Some(*u) != t.owner_id).and_then(|u| v.owners.get(&u)) { br; span.muted { (l.f("recorded by {0}", "registrado por {0}", &[who])) } } }
                        td { @if let Some(pr) = v.projection.tasks.get(&t.id).filter(|_| time.and_then(|x| x.started_at).is_some() || v.open().is_some()) { (delta_badge(pr.behind_minutes)) } }
                    }
                    @if v.open().is_some() {
                        td { @if acc.can_manage() || t.owner_id == Some(v.user_id) {
                            @if time.and_then(|x| x.started_at).is_none() {
                                form.inline method="post" action={ (crate::urls::cutover_task(p.id, t.id)) "/start" } { (csrf_field(ctx)) button.secondary type="submit" aria-label=(l.f("Start “{0}”", "Iniciar «{0}»", &[&t.title])) { (l.t("Start", "Iniciar")) } }
                            } @else if time.and_then(|x| x.finished_at).is_none() {
                                form.inline method="post" action={ (crate::urls::cutover_task(p.id, t.id)) "/finish" } { (csrf_field(ctx)) button type="submit" aria-label=(l.f("Finish “{0}”", "Terminar «{0}»", &[&t.title])) { (l.t("Finish", "Terminar")) } }
                            }
                        } }
                    }
                }
            } }
        }
    }
}

/// Planned vs the latest finished rehearsal vs the live run, per task and in total.
fn comparison(l: Lang, v: &RunbookView<'_>) -> Markup {
    if v.rehearsal.is_none() && v.live.is_none() {
        return html! {};
    }
    let col = |c: Option<&Compared>, id: i32| minutes(l, c.and_then(|c| c.minutes.get(&id).copied()));
    let planned: i64 = match (planned_end(v.tasks), v.tasks.iter().map(|t| t.planned_start).min()) {
        (Some(e), Some(s)) => (e - s).num_minutes(),
        _ => 0,
    };
    html! {
        h2 { (l.t("Rehearsal and live run compared", "Ensayo y ejecución real comparados")) }
        p { a href={ (crate::urls::cutover_runs(v.rb.project_id)) ".csv" } { (l.t("Export the comparison (CSV)", "Exportar la comparación (CSV)")) } }
        (scroll_region(l.t("Comparison of runs", "Comparación de ejecuciones"), html! {
            table {
                thead { tr { th scope="col" { (l.t("Task", "Tarea")) } th scope="col" { (l.t("Planned", "Previsto")) }
                    th scope="col" { (l.t("Latest rehearsal", "Último ensayo")) @if let Some(r) = v.rehearsal { br; span.muted { (l.date(r.run.started_at.date_naive())) } } }
                    th scope="col" { (l.t("Live", "Real")) } } }
                tbody {
                    @for t in v.tasks { tr { td { (t.title) } td { (minutes(l, Some(i64::from(t.duration_minutes)))) } td { (col(v.rehearsal, t.id)) } td { (col(v.live, t.id)) } } }
                    tr { th scope="row" { (l.t("Whole runbook (first start to last finish)", "Plan completo (primer inicio a último fin)")) }
                        td { (minutes(l, Some(planned))) } td { (minutes(l, v.rehearsal.and_then(|r| r.span))) } td { (minutes(l, v.live.and_then(|r| r.span))) } }
                }
            }
        }))
    }
}

fn settings(ctx: &Ctx, v: &RunbookView<'_>) -> Markup {
    let l = ctx.lang;
    let mut zones: Vec<(&str, &str)> = crate::training::TIMEZONES.iter().map(|z| (*z, *z)).collect();
    if !crate::training::TIMEZONES.contains(&v.rb.tz.as_str()) {
        zones.insert(0, (v.rb.tz.as_str(), v.rb.tz.as_str()));
    }
    let f = v.settings;
    html! {
        details.card {
            summary { (l.t("Runbook settings: time zone and cutover window", "Ajustes del plan: zona horaria y ventana de cutover")) }
            form method="post" action={ (crate::urls::cutover(v.rb.project_id)) "/settings" } {
                (csrf_field(ctx))
                div.grid {
                    (select("tz", l.t("Time zone", "Zona horaria"), &zones, &f.tz, v.errors))
                    (field("window_starts_at", l.t("Window opens (optional)", "La ventana se abre (opcional)"), "datetime-local", &f.window_starts_at, v.errors, FieldAttrs::default()))
                    (field("window_ends_at", l.t("Window closes (optional)", "La ventana se cierra (opcional)"), "datetime-local", &f.window_ends_at, v.errors, FieldAttrs::default()))
                }
                p.hint { (l.t("Changing the zone keeps every task at the same instant; only how times are shown changes.", "Cambiar la zona mantiene cada tarea en el mismo instante; solo cambia cómo se muestran las horas.")) }
                button.secondary type="submit" { (l.t("Save settings", "Guardar ajustes")) }
            }
        }
    }
}
