//! The task form and the delete confirmation.

use super::form::TaskForm;
use crate::entities::{cutover_runbook, cutover_task};
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, confirm, csrf_field, error_summary, field, select};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

pub struct FormView<'a> {
    pub rb: &'a cutover_runbook::Model,
    pub existing: Option<&'a cutover_task::Model>,
    pub form: &'a TaskForm,
    pub errors: &'a FormErrors,
    pub members: &'a [(i32, String)],
    pub others: &'a [&'a cutover_task::Model],
}

pub fn form_page(ctx: &Ctx, acc: &Access, v: &FormView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let (f, e) = (v.form, v.errors);
    let title = if v.existing.is_some() {
        l.t("Edit cutover task", "Editar tarea del cutover")
    } else {
        l.t("New cutover task", "Nueva tarea del cutover")
    };
    let base = crate::urls::cutover(p.id);
    let action = v.existing.map(|t| crate::urls::cutover_task(p.id, t.id)).unwrap_or_else(|| base.clone());
    let ids: Vec<String> = v.members.iter().map(|m| m.0.to_string()).collect();
    let mut owners: Vec<(&str, &str)> = vec![("", l.t("(nobody yet)", "(nadie todavía)"))];
    owners.extend(ids.iter().zip(v.members).map(|(id, m)| (id.as_str(), m.1.as_str())));
    let start_hint = l.f("In the runbook's time zone, {0}.", "En la zona horaria del plan, {0}.", &[&v.rb.tz]);
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Cutover runbook", "Plan de cutover"), Some(base.clone())), (title, None)]))
            h1 { (title) }
            div.card {
                (error_summary(l, e))
                form method="post" action=(action) novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(f.version);
                    (field("title", l.t("Task", "Tarea"), "text", &f.title, e, FieldAttrs::required().max(300)))
                    div.grid {
                        (field("planned_start", l.t("Planned start", "Inicio previsto"), "datetime-local", &f.planned_start, e, FieldAttrs::required().hint(&start_hint)))
                        (field("duration_minutes", l.t("Duration (minutes)", "Duración (minutos)"), "number", &f.duration_minutes, e, FieldAttrs::required().max(6)))
                        (select("owner_id", l.t("Owner", "Responsable"), &owners, &f.owner_id, e))
                    }
                    fieldset {
                        legend { (l.t("Starts after (predecessors)", "Empieza después de (predecesoras)")) }
                        @if v.others.is_empty() {
                            p.hint { (l.t("No other task yet.", "Aún no hay otras tareas.")) }
                        }
                        @for t in v.others {
                            label.inline { input type="checkbox" name={ "pred_" (t.id) } value="1" checked[f.predecessors.contains(&t.id)]; " " (t.title) }
                        }
                        @if let Some(m) = e.get("predecessors") { p.error id="f-predecessors" { (m) } }
                    }
                    div.field.(if e.get("point_of_no_return").is_some() { "has-error" } else { "" }) {
                        label { input id="f-point_of_no_return" type="checkbox" name="point_of_no_return" value="1" checked[f.point_of_no_return];
                            " " (l.t("Point of no return: after this task the old system cannot be returned to", "Punto de no retorno: tras esta tarea ya no se puede volver al sistema antiguo")) }
                        @if let Some(m) = e.get("point_of_no_return") { p.error { (m) } }
                    }
                    (field("rollback_steps", l.t("Rollback steps (how to undo this task)", "Pasos de marcha atrás (cómo deshacer esta tarea)"), "textarea", &f.rollback_steps, e, FieldAttrs::default().max(4000)))
                    div.actions {
                        button type="submit" { (l.t("Save", "Guardar")) }
                        a href=(base) { (l.t("Cancel", "Cancelar")) }
                        @if let Some(t) = v.existing { a href={ (crate::urls::cutover_task(p.id, t.id)) "/delete" } { (l.t("Delete", "Eliminar")) } }
                    }
                }
            }
        },
    )
}

pub fn delete_page(ctx: &Ctx, acc: &Access, t: &cutover_task::Model) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Delete cutover task", "Eliminar tarea del cutover");
    let base = crate::urls::cutover(p.id);
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Cutover runbook", "Plan de cutover"), Some(base.clone())), (title, None)]))
            (confirm(ctx, &l.f("Delete “{0}”?", "¿Eliminar «{0}»?", &[&t.title]),
                l.t("The task, its links to other tasks and its recorded times in every run are removed.",
                    "Se eliminan la tarea, sus enlaces con otras tareas y sus tiempos registrados en todas las ejecuciones."),
                &format!("{}/delete", crate::urls::cutover_task(p.id, t.id)), &base))
        },
    )
}
