//! Survey results: SUS and eNPS per wave, overall and by role and department, aggregated in SQL;
//! any group under five answers is hidden, in the page and in the CSV.

use super::store::{Results, aggregate};
use super::survey::{self, MIN_GROUP, NPS_MIN_ANSWERS, SUS_AVERAGE};
use super::surveys::wave_of;
use crate::entities::{survey_answer, survey_wave};
use crate::error::AppResult;
use crate::projects::access::{Access, role_label};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::badge;
use crate::web::{Ctx, Lang, csv};
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;

pub fn sus_cell(l: Lang, r: &Results) -> Markup {
    html! {
        @if !survey::visible(r.answers as usize) {
            span.muted { (l.f("fewer than {0} answers: hidden", "menos de {0} respuestas: oculto", &[&MIN_GROUP])) }
        } @else if let Some(s) = r.sus {
            strong { (format!("{s:.1}")) } " "
            (badge(survey::sus_grade_label(survey::sus_grade(s)), if s >= SUS_AVERAGE { "ok" } else { "warn" }))
        }
    }
}

pub fn enps_cell(l: Lang, r: &Results) -> Markup {
    html! {
        @if !survey::visible(r.answers as usize) {
            span.muted { "—" }
        } @else if let Some(e) = r.enps() {
            strong { (survey::enps_label(e)) }
            @if (r.enps_answers as usize) < NPS_MIN_ANSWERS { " " (badge(&l.f("only {0} answers", "solo {0} respuestas", &[&r.enps_answers]), "warn")) }
        }
    }
}

/// Small-group suppression with its complement: groups under `MIN_GROUP` answers are hidden, and
/// while what is hidden adds up to fewer than `MIN_GROUP` (so "everyone" minus the shown groups
/// would reveal it) the smallest shown group is hidden too. Returns the shown groups, largest
/// first, and how many groups were hidden.
pub fn suppress(mut groups: Vec<(String, Results)>) -> (Vec<(String, Results)>, usize) {
    groups.sort_by(|a, b| b.1.answers.cmp(&a.1.answers).then(a.0.cmp(&b.0)));
    let (mut shown, hidden): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| survey::visible(g.1.answers as usize));
    let mut hidden_answers: i64 = hidden.iter().map(|g| g.1.answers).sum();
    let mut hidden_groups = hidden.len();
    while hidden_answers > 0 && hidden_answers < MIN_GROUP as i64 {
        let Some(g) = shown.pop() else { break };
        hidden_answers += g.1.answers;
        hidden_groups += 1;
    }
    (shown, hidden_groups)
}

/// A wave's results: everyone, then by role and by department (keys: role key, department id),
/// already suppressed.
pub struct Breakdown {
    pub overall: Results,
    pub roles: (Vec<(String, Results)>, usize),
    pub departments: (Vec<(String, Results)>, usize),
}

pub async fn breakdown(db: &impl ConnectionTrait, wave_id: i32) -> Result<Breakdown, DbErr> {
    let overall = aggregate(db, &[wave_id], None).await?.pop().map(|r| r.2).unwrap_or_default();
    let group = |rows: Vec<(i32, Option<String>, Results)>| -> Vec<(String, Results)> {
        rows.into_iter().map(|(_, g, r)| (g.unwrap_or_default(), r)).collect()
    };
    let mut roles = suppress(group(aggregate(db, &[wave_id], Some(survey_answer::Column::Role)).await?));
    let mut departments = suppress(group(aggregate(db, &[wave_id], Some(survey_answer::Column::DepartmentId)).await?));
    if !survey::visible(overall.answers as usize) {
        roles = (Vec::new(), roles.0.len() + roles.1);
        departments = (Vec::new(), departments.0.len() + departments.1);
    }
    Ok(Breakdown { overall, roles, departments })
}

pub async fn section(state: &AppState, ctx: &Ctx, acc: &Access, w: &survey_wave::Model) -> AppResult<Markup> {
    let l = ctx.lang;
    let b = breakdown(&state.db, w.id).await?;
    let overall = &b.overall;
    let names: HashMap<String, String> = crate::projects::org::departments(&state.db, acc.project.id)
        .await?
        .into_iter()
        .map(|(id, n)| (id.to_string(), n))
        .collect();
    let row = |label: String, r: &Results| html! { tr { td { (label) } td { (if survey::visible(r.answers as usize) { r.answers.to_string() } else { format!("< {MIN_GROUP}") }) } td { (sus_cell(l, r)) } td { (enps_cell(l, r)) } } };
    let hidden = |n: usize| html! { @if n > 0 { tr { td colspan="4" { span.muted { (l.f("{0} more group(s) hidden: fewer than {1} answers, or they would give away a small group.", "{0} grupo(s) más ocultos: menos de {1} respuestas, o delatarían a un grupo pequeño.", &[&n, &MIN_GROUP])) } } } } };
    Ok(html! {
        h2 { (l.t("Results", "Resultados")) }
        div.card {
            p { (l.f("{0} answers.", "{0} respuestas.", &[&overall.answers])) " "
                @if let Some(s) = overall.sus.filter(|_| survey::visible(overall.answers as usize)) {
                    (l.f("SUS {0}: {1} the average of 68.", "SUS {0}: {1} la media de 68.", &[&format!("{s:.1}"), &if s >= SUS_AVERAGE { l.t("at or above", "igual o por encima de") } else { l.t("below", "por debajo de") }]))
                }
            }
        }
        table {
            thead { tr { th scope="col" { (l.t("Group", "Grupo")) } th scope="col" { (l.t("Answers", "Respuestas")) } th scope="col" { "SUS" } th scope="col" { "eNPS" } } }
            tbody {
                (row(l.t("Everyone", "Todos").to_string(), overall))
                @for (g, r) in &b.roles.0 { (row(role_label(l, g).to_string(), r)) }
                (hidden(b.roles.1))
                @for (g, r) in &b.departments.0 { (row(names.get(g).cloned().unwrap_or_else(|| l.t("No department", "Sin departamento").to_string()), r)) }
                (hidden(b.departments.1))
            }
        }
        p.hint { (l.f("Groups with fewer than {0} answers are hidden so nobody can be singled out.", "Los grupos con menos de {0} respuestas se ocultan para que nadie pueda ser identificado.", &[&MIN_GROUP])) }
    })
}

/// Aggregates only, with small groups suppressed: never the individual answers.
pub async fn results_csv(
    Member { auth: _, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let (_id, wid) = path.into_inner();
    let w = wave_of(&state, acc.project.id, wid).await?;
    let names: HashMap<String, String> = crate::projects::org::departments(&state.db, acc.project.id)
        .await?
        .into_iter()
        .map(|(id, n)| (id.to_string(), n))
        .collect();
    let b = breakdown(&state.db, w.id).await?;
    let mut out = csv::writer();
    out.write_record(["group_by", "group", "answers", "sus", "enps"]).map_err(csv::io)?;
    let mut write = |kind: &str, g: &str, r: &Results| -> AppResult<()> {
        let shown = survey::visible(r.answers as usize);
        out.write_record([
            kind.to_string(),
            csv::safe(g),
            if shown { r.answers.to_string() } else { format!("<{MIN_GROUP}") },
            if shown { r.sus.map(|s| format!("{s:.1}")).unwrap_or_default() } else { String::new() },
            // Unrounded, for whoever computes with it; the pages round with `survey::enps_label`.
            if shown { r.enps().map(|e| e.to_string()).unwrap_or_default() } else { String::new() },
        ])
        .map_err(csv::io)?;
        Ok(())
    };
    write("all", "", &b.overall)?;
    for (g, r) in &b.roles.0 {
        write("role", g, r)?;
    }
    for (g, r) in &b.departments.0 {
        write("department", names.get(g).map(String::as_str).unwrap_or(""), r)?;
    }
    for (kind, n) in [("role", b.roles.1), ("department", b.departments.1)] {
        if n > 0 {
            out.write_record([kind, "(hidden)", &n.to_string(), "", ""]).map_err(csv::io)?;
        }
    }
    csv::response("survey-results.csv", out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(name: &str, answers: i64) -> (String, Results) {
        (name.to_string(), Results { answers, ..Default::default() })
    }

    #[test]
    fn small_groups_are_hidden_and_so_is_the_next_smallest_when_the_rest_would_give_them_away() {
        // Primary: 2 is hidden. Complementary: 2 < 5 would be "everyone − the others", so the
        // smallest shown group (5) goes too.
        let (shown, hidden) = suppress(vec![g("a", 6), g("b", 5), g("c", 2)]);
        assert_eq!(shown.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["a"]);
        assert_eq!(hidden, 2);
        // Hidden groups that already add up to five need no complement.
        let (shown, hidden) = suppress(vec![g("a", 6), g("b", 3), g("c", 2)]);
        assert_eq!((shown.len(), hidden), (1, 2));
        // One small group and nothing else to hide behind: everything goes.
        let (shown, hidden) = suppress(vec![g("a", 7), g("b", 1)]);
        assert_eq!((shown.len(), hidden), (0, 2));
        assert_eq!(suppress(vec![g("a", 9)]).0.len(), 1);
    }
}
