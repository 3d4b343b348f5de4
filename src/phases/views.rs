//! The phase page (checklist and gate), item edit and delete confirmation.

use super::form::ItemForm;
use super::store::PhaseSummary;
use crate::entities::{checklist_item, project_phase};
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, badge, breadcrumbs, csrf_field, error_summary, field, progress};
use crate::web::{Ctx, FormErrors, Lang, layout};
use maud::{Markup, html};
use std::collections::HashMap;

#[derive(Default)]
pub struct PageState {
    pub gate_error: Option<String>,
    pub reason: String,
    pub add_errors: FormErrors,
    pub add_form: ItemForm,
}

pub fn status_badge(l: Lang, status: &str) -> Markup {
    match status {
        "closed" => badge(l.t("Closed", "Cerrada"), "ok"),
        "in_progress" => badge(l.t("In progress", "En curso"), "info"),
        _ => badge(l.t("Not started", "Sin iniciar"), ""),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn phase_page(
    ctx: &Ctx,
    acc: &Access,
    phase: &project_phase::Model,
    summaries: &[PhaseSummary],
    items: &[checklist_item::Model],
    names: &HashMap<i32, String>,
    st: &PageState,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let summary = summaries.iter().find(|s| s.id == phase.id);
    let name = summary.map(|s| l.pick(&s.name_en, &s.name_es)).unwrap_or(&phase.phase_key);
    let base = crate::urls::phase(p.id, &phase.phase_key);
    let manage = acc.can_manage();
    // A closed phase's checklist is frozen until the phase is reopened.
    let edit_items = manage && phase.status != "closed";
    let open_mandatory = items.iter().filter(|i| i.mandatory && !i.done).count();
    layout::page(
        ctx,
        name,
        html! {
            (crate::web::nav::crumbs(ctx, p, &[(name, None)]))
            h1 { (name) " " (status_badge(l, &phase.status)) }
            nav.actions aria-label=(l.t("Phases", "Fases")) {
                @for s in summaries {
                    @if s.id == phase.id { strong { (s.position) ". " (l.pick(&s.name_en, &s.name_es)) } }
                    @else { a href=(crate::urls::phase(p.id, &s.key)) { (s.position) ". " (l.pick(&s.name_en, &s.name_es)) } }
                }
            }
            @if let Some(s) = summary {
                div.card {
                    (progress(s.items_done, s.items_total, l.t("Checklist", "Lista de control")))
                    p.muted { (l.f("{0} of {1} mandatory items done", "{0} de {1} puntos obligatorios hechos", &[&s.mandatory_done, &s.mandatory_total])) }
                    (phase_tools(l, p.id, &phase.phase_key))
                }
            }
            @if phase.status == "closed" {
                @if let Some(reason) = &phase.override_reason {
                    div.override role="note" {
                        strong { (l.t("Closed by override", "Cerrada con excepción")) }
                        " — " (phase.override_by.and_then(|id| names.get(&id)).map(String::as_str).unwrap_or("?"))
                        @if let Some(at) = phase.override_at { ", " (l.datetime(at)) }
                        p { (reason) }
                    }
                }
            }
            h2 { (l.t("Checklist", "Lista de control")) }
            div.actions { a.button.secondary href={ (base) "/checklist.csv" } { (l.t("Export CSV", "Exportar CSV")) } }
            @if items.is_empty() {
                div.empty { p { (l.t("This checklist is empty. Add the first item below.", "Esta lista está vacía. Añada el primer punto abajo.")) } }
            }
            ul.checklist {
                @for i in items {
                    li #{ "item-" (i.id) } .(if i.done { "done" } else { "" }) {
                        @if edit_items {
                            form.inline method="post" action={ (crate::urls::item(p.id, i.id)) "/done" } {
                                (csrf_field(ctx))
                                input type="hidden" name="done" value=(if i.done { "0" } else { "1" });
                                button.secondary type="submit" aria-label=(if i.done { l.t("Mark as not done", "Marcar como pendiente") } else { l.t("Mark as done", "Marcar como hecho") }) {
                                    (if i.done { "☑" } else { "☐" })
                                }
                            }
                        } @else {
                            span aria-hidden="true" { (if i.done { "☑" } else { "☐" }) }
                        }
                        div.body {
                            span.title { (l.pick(&i.title_en, &i.title_es)) }
                            " "
                            @if i.mandatory { (badge(l.t("mandatory", "obligatorio"), "warn")) }
                            @if i.done { " " span.sr-only { (l.t("(done)", "(hecho)")) } }
                            div.meta {
                                @if let (true, Some(at)) = (i.done, i.done_at) {
                                    (l.t("Done by", "Hecho por")) " " (i.done_by.and_then(|id| names.get(&id)).map(String::as_str).unwrap_or("?")) ", " (l.datetime(at))
                                }
                                @if let Some(n) = &i.note { div { (l.t("Note", "Nota")) ": " (n) } }
                                @if let Some(u) = &i.evidence_url {
                                    // Only http(s) links are ever stored (checked on input).
                                    div { (l.t("Evidence", "Evidencia")) ": " a href=(u) rel="noopener noreferrer nofollow" target="_blank" { (u) } }
                                }
                            }
                        }
                        @if edit_items {
                            a href={ (crate::urls::item(p.id, i.id)) "/edit" } { (l.t("Edit", "Editar")) }
                            a href={ (crate::urls::item(p.id, i.id)) "/delete" } { (l.t("Delete", "Eliminar")) }
                        }
                    }
                }
            }
            @if edit_items {
                h2 { (l.t("Add an item", "Añadir un punto")) }
                div.card {
                    (error_summary(l, &st.add_errors))
                    form method="post" action={ (base) "/items" } novalidate {
                        (csrf_field(ctx))
                        (field("title", l.t("Item", "Punto"), "text", &st.add_form.title, &st.add_errors, FieldAttrs::required().max(300)))
                        div.field { label { input type="checkbox" name="mandatory" checked[st.add_form.mandatory.is_some()]; " " (l.t("Mandatory for the gate", "Obligatorio para la puerta")) } }
                        button type="submit" { (l.t("Add item", "Añadir punto")) }
                    }
                }
            }
            @if manage {
                h2 { (l.t("Gate", "Puerta de fase")) }
                div.card {
                    @if let Some(e) = &st.gate_error { div.flash.flash-error role="alert" #gate-error { (e) } }
                    @match phase.status.as_str() {
                        "not_started" => {
                            form.inline method="post" action={ (base) "/start" } {
                                (csrf_field(ctx))
                                button type="submit" { (l.t("Start this phase", "Iniciar esta fase")) }
                            }
                        }
                        "closed" => {
                            p { (l.t("This phase is closed.", "Esta fase está cerrada.")) }
                            form.inline method="post" action={ (base) "/reopen" } {
                                (csrf_field(ctx))
                                button.secondary type="submit" { (l.t("Reopen the phase", "Reabrir la fase")) }
                            }
                        }
                        _ => {}
                    }
                    @if phase.status == "in_progress" {
                        p { @if open_mandatory == 0 {
                            (l.t("All mandatory items are done: the gate can be closed.", "Todos los puntos obligatorios están hechos: se puede cerrar la puerta."))
                        } @else {
                            (l.f("{0} mandatory item(s) still open.", "Quedan {0} punto(s) obligatorio(s) pendientes.", &[&open_mandatory]))
                        } }
                        form method="post" action={ (base) "/close" } novalidate {
                            (csrf_field(ctx))
                            @if open_mandatory > 0 {
                                div.field { label { input type="checkbox" name="override_gate" value="1"; " " (l.t("Override the gate", "Hacer una excepción en la puerta")) } }
                                div.field {
                                    label for="reason" { (l.t("Written reason (recorded and shown)", "Motivo por escrito (se registra y se muestra)")) }
                                    textarea #reason name="reason" maxlength="2000" { (st.reason) }
                                }
                            }
                            button type="submit" { (l.t("Close the phase", "Cerrar la fase")) }
                        }
                    }
                }
            }
        },
    )
}

pub fn edit_item(
    ctx: &Ctx,
    acc: &Access,
    phase: &project_phase::Model,
    item: &checklist_item::Model,
    form: &ItemForm,
    errors: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Edit checklist item", "Editar punto de la lista");
    let back = format!("{}#item-{}", crate::urls::phase(p.id, &phase.phase_key), item.id);
    layout::page(
        ctx,
        title,
        html! {
            (breadcrumbs(&[(&p.name, Some(crate::urls::project(p.id))), (l.t("Checklist", "Lista de control"), Some(back.clone())), (title, None)]))
            h1 { (title) }
            div.card {
                (error_summary(l, errors))
                @if errors.get("title").is_some() && form.title != l.pick(&item.title_en, &item.title_es) {
                    p.muted { (l.t("Saved version", "Versión guardada")) ": " (l.pick(&item.title_en, &item.title_es)) }
                }
                form method="post" action=(crate::urls::item(p.id, item.id)) novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(form.version);
                    (field("title", l.t("Item", "Punto"), "text", &form.title, errors, FieldAttrs::required().max(300)))
                    div.field { label { input type="checkbox" name="mandatory" checked[form.mandatory.is_some()]; " " (l.t("Mandatory for the gate", "Obligatorio para la puerta")) } }
                    (field("note", l.t("Note", "Nota"), "textarea", &form.note, errors, FieldAttrs::default().max(4000)))
                    (field("evidence_url", l.t("Evidence link", "Enlace de evidencia"), "url", &form.evidence_url, errors,
                        FieldAttrs::default().hint(l.t("An http:// or https:// link to the document that proves it.", "Un enlace http:// o https:// al documento que lo acredita."))))
                    div.actions {
                        button type="submit" { (l.t("Save", "Guardar")) }
                        a href=(back) { (l.t("Cancel", "Cancelar")) }
                    }
                }
            }
        },
    )
}

pub fn delete_item(ctx: &Ctx, acc: &Access, phase: &project_phase::Model, item: &checklist_item::Model) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Delete checklist item", "Eliminar punto de la lista");
    let back = crate::urls::phase(p.id, &phase.phase_key);
    layout::page(
        ctx,
        title,
        html! {
            h1 { (title) }
            div.card {
                p { (l.t("Delete this item? Its note and evidence link are deleted with it.", "¿Eliminar este punto? Su nota y su enlace de evidencia se eliminan con él.")) }
                blockquote { (l.pick(&item.title_en, &item.title_es)) }
                form method="post" action={ (crate::urls::item(p.id, item.id)) "/delete" } {
                    (csrf_field(ctx))
                    div.actions {
                        button.danger type="submit" { (l.t("Delete", "Eliminar")) }
                        a href=(back) { (l.t("Cancel", "Cancelar")) }
                    }
                }
            }
        },
    )
}

/// Links to the tools where the work of a phase is done.
fn phase_tools(l: crate::web::Lang, project_id: i32, key: &str) -> Markup {
    let links: Vec<(String, &str)> = match key {
        "needs_assessment" => vec![
            (crate::urls::requirements(project_id), l.t("Requirements", "Requisitos")),
            (crate::urls::kpis(project_id), l.t("KPI baseline", "Línea base de KPI")),
        ],
        "selection" => vec![
            (
                crate::urls::selection(project_id),
                l.t("Shortlist, criteria and evaluators", "Lista corta, criterios y evaluadores"),
            ),
            (format!("{}/fit", crate::urls::selection(project_id)), l.t("Requirement fit", "Ajuste de requisitos")),
            (format!("{}/results", crate::urls::selection(project_id)), l.t("Results", "Resultados")),
        ],
        _ => vec![],
    };
    html! {
        @if !links.is_empty() {
            div.actions { @for (href, label) in &links { a.button.secondary href=(href) { (label) } } }
        }
    }
}
