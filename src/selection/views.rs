//! The selection overview: shortlist, criteria and weights, evaluators and their progress, reveal,
//! and the decision, with the next step always visible.

use super::form::{CandidateForm, CriterionForm, DecisionForm};
use super::results::Results;
use crate::entities::erp_product;
use crate::projects::access::Access;
use crate::projects::store::MemberRow;
use crate::web::components::{FieldAttrs, badge, confirm, csrf_field, error_summary, field, progress, select};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};
use std::collections::HashMap;

/// What a failed POST hands back to the page: the input and the messages of one form.
#[derive(Default)]
pub struct Overview {
    pub candidate_form: CandidateForm,
    pub candidate_errors: FormErrors,
    pub criterion_form: CriterionForm,
    pub criterion_errors: FormErrors,
    pub weight_values: Option<HashMap<String, String>>,
    pub weight_errors: FormErrors,
    pub evaluator_errors: FormErrors,
    pub decision_form: DecisionForm,
    pub decision_errors: FormErrors,
}

fn pct(v: f64) -> String {
    format!("{:.1} %", v * 100.0)
}

pub fn overview(
    ctx: &Ctx,
    acc: &Access,
    r: &Results,
    catalog: &[erp_product::Model],
    members: &[MemberRow],
    me_evaluator: bool,
    o: &Overview,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let base = crate::urls::selection(p.id);
    let title = l.t("ERP selection", "Selección del ERP");
    let manage = acc.can_manage();
    html_page(
        ctx,
        acc,
        title,
        html! {
            h1 { (title) }
            p.muted { (l.t("Shortlist products, weigh the criteria, let several people score blind, then reveal, compare and record the decision.",
                           "Preseleccione productos, pondere los criterios, deje que varias personas puntúen a ciegas y después muestre, compare y registre la decisión.")) }
            div.actions {
                @if me_evaluator && !r.revealed() { a.button href={ (base) "/scores" } { (l.t("Score the products", "Puntuar los productos")) } }
                a.button.secondary href={ (base) "/fit" } { (l.t("Requirement fit", "Ajuste de requisitos")) }
                a.button.secondary href={ (base) "/results" } { (l.t("Results", "Resultados")) }
                a.button.secondary href={ (base) "/report" } { (l.t("Printable report", "Informe imprimible")) }
            }
            (decision_card(ctx, acc, r, o))
            section.card #shortlist {
                h2 { (l.t("1. Shortlist", "1. Lista corta")) " " span.muted { "(" (r.candidates.len()) ")" } }
                @if r.candidates.is_empty() {
                    p.empty { (l.t("No product on the shortlist yet. Start with three to six that fit the company's size and sector.",
                                   "Aún no hay productos en la lista corta. Empiece con tres a seis que encajen con el tamaño y el sector de la empresa.")) }
                } @else {
                    table {
                        thead { tr { th scope="col" { (l.t("Product", "Producto")) } th scope="col" { (l.t("Vendor", "Fabricante")) } th scope="col" { (l.t("Catalog hints", "Pistas del catálogo")) } @if manage { th scope="col" { span.muted { (l.t("Actions", "Acciones")) } } } } }
                        tbody {
                            @for c in &r.candidates {
                                tr {
                                    td { (c.name) }
                                    td { (c.vendor) }
                                    td { @if let Some(prod) = c.product_id.and_then(|id| catalog.iter().find(|x| x.id == id)) { (hints(ctx, acc, prod)) } @else { span.muted { (l.t("custom product", "producto propio")) } } }
                                    @if manage { td { a href={ (base) "/candidates/" (c.id) "/remove" } { (l.t("Remove", "Quitar")) } } }
                                }
                            }
                        }
                    }
                }
                @if manage {
                    @let taken: Vec<i32> = r.candidates.iter().filter_map(|c| c.product_id).collect();
                    @let ids: Vec<String> = catalog.iter().map(|c| c.id.to_string()).collect();
                    @let opts: Vec<(&str, &str)> = std::iter::once(("", l.t("(a product not in the catalog)", "(un producto que no está en el catálogo)")))
                        .chain(ids.iter().zip(catalog).filter(|(_, prod)| !taken.contains(&prod.id)).map(|(id, prod)| (id.as_str(), prod.name.as_str())))
                        .collect();
                    h3 { (l.t("Add a product", "Añadir un producto")) }
                    (error_summary(l, &o.candidate_errors))
                    form.filters method="post" action={ (base) "/candidates" } novalidate {
                        (csrf_field(ctx))
                        (select("product_id", l.t("From the catalog", "Del catálogo"), &opts, &o.candidate_form.product_id, &o.candidate_errors))
                        (field("name", l.t("or a product's name", "o el nombre de un producto"), "text", &o.candidate_form.name, &o.candidate_errors, FieldAttrs::default().max(200)))
                        (field("vendor", l.t("Vendor", "Fabricante"), "text", &o.candidate_form.vendor, &o.candidate_errors, FieldAttrs::default().max(200)))
                        button type="submit" { (l.t("Add", "Añadir")) }
                    }
                }
            }
            (criteria_card(ctx, acc, r, o))
            (evaluators_card(ctx, acc, r, members, o))
        },
    )
}

fn html_page(ctx: &Ctx, acc: &Access, title: &str, body: Markup) -> Markup {
    layout::page(ctx, title, html! { (crumbs(ctx, &acc.project, &[(title, None)])) (body) })
}

fn hints(ctx: &Ctx, acc: &Access, prod: &erp_product::Model) -> Markup {
    let l = ctx.lang;
    let fits_size = prod.sizes.split(',').any(|s| s.trim() == acc.project.size);
    let fits_sector = prod.sectors.split(',').any(|s| s.trim() == acc.project.sector);
    html! {
        span.muted title=(l.pick(&prod.notes_en, &prod.notes_es)) {
            (if fits_size { l.t("usual for this company size", "habitual para este tamaño") } else { l.t("usually aimed at other sizes", "suele orientarse a otros tamaños") })
            " · "
            (if fits_sector { l.t("used in this sector", "usado en este sector") } else { l.t("sector not listed", "sector no indicado") })
            " · "
            (if prod.crm_integration == "native" { l.t("CRM built in", "CRM integrado") } else { l.t("CRM through a connector", "CRM mediante conector") })
        }
    }
}

fn criteria_card(ctx: &Ctx, acc: &Access, r: &Results, o: &Overview) -> Markup {
    let l = ctx.lang;
    let base = crate::urls::selection(acc.project.id);
    let manage = acc.can_manage();
    let normalized = r.weights.as_ref().ok();
    html! {
        section.card #criteria {
            h2 { (l.t("2. Criteria and weights", "2. Criterios y pesos")) }
            @if r.criteria.is_empty() {
                p.empty { (l.t("No criteria. The guide names scalability, functional fit and CRM integration; the default set adds cost, support and sector fit.",
                               "No hay criterios. La guía cita escalabilidad, ajuste funcional e integración con el CRM; el conjunto por defecto añade coste, soporte y sector.")) }
                @if manage {
                    form method="post" action={ (base) "/criteria" } { (csrf_field(ctx)) input type="hidden" name="defaults" value="1"; button type="submit" { (l.t("Add the default criteria", "Añadir los criterios por defecto")) } }
                }
            } @else {
                (error_summary(l, &o.weight_errors))
                form method="post" action={ (base) "/weights" } novalidate {
                    (csrf_field(ctx))
                    table {
                        thead { tr { th scope="col" { (l.t("Criterion", "Criterio")) } th scope="col" { (l.t("Weight", "Peso")) } th scope="col" { (l.t("Share", "Proporción")) } @if manage { th scope="col" { span.muted { (l.t("Actions", "Acciones")) } } } } }
                        tbody {
                            @for (i, c) in r.criteria.iter().enumerate() {
                                @let name = format!("w_{}", c.id);
                                @let value = o.weight_values.as_ref().and_then(|v| v.get(&name).cloned()).unwrap_or_else(|| format!("{}", (c.weight * 1000.0).round() / 1000.0));
                                tr {
                                    td { label for=(name) { (super::criterion_name(l, c)) } }
                                    td { @if manage { input id=(name) name=(name) type="text" inputmode="decimal" size="6" value=(value); } @else { (value) } }
                                    td { @if let Some(w) = normalized { (pct(w[i])) } @else { "—" } }
                                    @if manage { td { a href={ (base) "/criteria/" (c.id) "/remove" } { (l.t("Remove", "Quitar")) } } }
                                }
                            }
                        }
                    }
                    @if manage {
                        div.actions {
                            button type="submit" { (l.t("Save weights", "Guardar pesos")) }
                            a.button.secondary href={ (base) "/ahp" } { (l.t("Derive weights from pairwise comparisons (AHP)", "Obtener pesos por comparación por pares (AHP)")) }
                        }
                    }
                }
            }
            @if manage {
                h3 { (l.t("Add a criterion", "Añadir un criterio")) }
                (error_summary(l, &o.criterion_errors))
                form.filters method="post" action={ (base) "/criteria" } novalidate {
                    (csrf_field(ctx))
                    (field("name", l.t("Criterion", "Criterio"), "text", &o.criterion_form.name, &FormErrors::new(), FieldAttrs::default().max(200)))
                    (field("weight", l.t("Weight", "Peso"), "text", &o.criterion_form.weight, &FormErrors::new(), FieldAttrs::default().max(20)))
                    button type="submit" { (l.t("Add", "Añadir")) }
                }
            }
        }
    }
}

fn evaluators_card(ctx: &Ctx, acc: &Access, r: &Results, members: &[MemberRow], o: &Overview) -> Markup {
    let l = ctx.lang;
    let base = crate::urls::selection(acc.project.id);
    let manage = acc.can_manage();
    let total = r.cells_per_evaluator() as i64;
    html! {
        section.card #evaluators {
            h2 { (l.t("3. Evaluators", "3. Evaluadores")) }
            p.muted { (l.t("Each evaluator scores every product on every criterion from 1 to 5 and cannot see the others' scores until the project manager reveals them.",
                           "Cada evaluador puntúa cada producto en cada criterio de 1 a 5 y no ve las puntuaciones de los demás hasta que el jefe de proyecto las muestra.")) }
            @if r.evaluators.is_empty() {
                p.empty { (l.t("No evaluators yet. Choose at least two people from different areas.", "Aún no hay evaluadores. Elija al menos dos personas de áreas distintas.")) }
            } @else {
                table {
                    thead { tr { th scope="col" { (l.t("Evaluator", "Evaluador")) } th scope="col" { (l.t("Progress", "Avance")) } @if manage { th scope="col" { span.muted { (l.t("Actions", "Acciones")) } } } } }
                    tbody {
                        @for (uid, name, done) in &r.evaluators {
                            tr {
                                td { (name) }
                                td { (progress(*done as i64, total, l.t("Scored", "Puntuado"))) }
                                @if manage { td { a href={ (base) "/evaluators/" (uid) "/remove" } { (l.t("Remove", "Quitar")) } } }
                            }
                        }
                    }
                }
            }
            @if manage {
                @let ids: Vec<String> = members.iter().map(|m| m.user_id.to_string()).collect();
                @let opts: Vec<(&str, &str)> = ids.iter().zip(members).filter(|(_, m)| !r.evaluators.iter().any(|e| e.0 == m.user_id)).map(|(id, m)| (id.as_str(), m.name.as_str())).collect();
                @if !opts.is_empty() {
                    form.filters method="post" action={ (base) "/evaluators" } {
                        (csrf_field(ctx))
                        (select("user_id", l.t("Project member", "Miembro del proyecto"), &opts, "", &o.evaluator_errors))
                        button type="submit" { (l.t("Add evaluator", "Añadir evaluador")) }
                    }
                }
                @if r.revealed() {
                    p { (badge(l.t("Scores revealed", "Puntuaciones visibles"), "ok")) }
                } @else if !r.evaluators.is_empty() {
                    form method="post" action={ (base) "/reveal" } {
                        (csrf_field(ctx))
                        p.hint { (l.t("Revealing shows every score to the project and closes scoring.", "Al mostrar las puntuaciones, todo el proyecto las ve y la puntuación se cierra.")) }
                        button type="submit" { (l.t("Reveal the scores", "Mostrar las puntuaciones")) }
                    }
                }
            }
        }
    }
}

fn decision_card(ctx: &Ctx, acc: &Access, r: &Results, o: &Overview) -> Markup {
    let l = ctx.lang;
    let base = crate::urls::selection(acc.project.id);
    let chosen = r.selection.chosen_candidate_id.and_then(|id| r.candidates.iter().find(|c| c.id == id));
    html! {
        @if let Some(c) = chosen {
            section.card #decision {
                h2 { (l.t("Decision", "Decisión")) " " (badge(&c.name, "ok")) }
                p { (r.selection.rationale.as_deref().unwrap_or("")) }
                @if let Some(at) = r.selection.decided_at { p.muted { (r.decided_by.as_deref().unwrap_or("?")) " · " (l.datetime(at)) } }
            }
        }
        @if acc.can_manage() && r.revealed() && !r.candidates.is_empty() {
            @let ids: Vec<String> = r.candidates.iter().map(|c| c.id.to_string()).collect();
            @let opts: Vec<(&str, &str)> = ids.iter().zip(&r.candidates).map(|(id, c)| (id.as_str(), c.name.as_str())).collect();
            @let selected = if o.decision_form.candidate_id.is_empty() { r.leader().map(|c| c.id.to_string()).unwrap_or_default() } else { o.decision_form.candidate_id.clone() };
            details.card open[!o.decision_errors.is_empty() || chosen.is_none()] {
                summary { strong { (if chosen.is_some() { l.t("Change the decision", "Cambiar la decisión") } else { l.t("Record the decision", "Registrar la decisión") }) } }
                (error_summary(l, &o.decision_errors))
                form method="post" action={ (base) "/decision" } novalidate {
                    (csrf_field(ctx))
                    (select("candidate_id", l.t("Chosen product", "Producto elegido"), &opts, &selected, &o.decision_errors))
                    (field("rationale", l.t("Rationale", "Justificación"), "textarea", &o.decision_form.rationale, &o.decision_errors, FieldAttrs::required().max(8000)))
                    button type="submit" { (l.t("Record the decision", "Registrar la decisión")) }
                }
            }
        }
    }
}

/// A confirmation step (`components::confirm_step`) inside the selection's page frame.
pub fn step_page(ctx: &Ctx, acc: &Access, body: Markup) -> Markup {
    html_page(ctx, acc, ctx.t("Please confirm", "Confirme, por favor"), body)
}

pub fn confirm_page(ctx: &Ctx, acc: &Access, question: &str, detail: &str, action: &str) -> Markup {
    let title = ctx.t("Please confirm", "Confirme, por favor");
    html_page(ctx, acc, title, confirm(ctx, question, detail, action, &crate::urls::selection(acc.project.id)))
}
