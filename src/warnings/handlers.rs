//! Warning pages and the PM's decisions: acknowledge or snooze with a reason, reopen, thresholds.

use super::form::DecisionForm;
use super::{catalog, current, evaluate, state, views};
use crate::entities::{common_error, project_setting};
use crate::error::AppResult;
use crate::projects::access::Access;
use crate::projects::scope::{Manager, Member};
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, csv, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};
use std::collections::HashMap;

pub async fn errors_by_key(state: &AppState) -> AppResult<HashMap<String, common_error::Model>> {
    Ok(common_error::Entity::find().all(&state.db).await?.into_iter().map(|e| (e.key.clone(), e)).collect())
}

async fn render(
    state: &AppState,
    auth: &Auth,
    acc: Access,
    problem: Option<(&str, String)>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let shown = current(&state.db, &acc.project, now).await?;
    let th = evaluate::thresholds(&state.db, acc.project.id).await?;
    let errors = errors_by_key(state).await?;
    let deciders = crate::needs::store::owner_names(
        &state.db,
        shown.iter().filter_map(|w| w.decision.as_ref().and_then(|d| d.decided_by)),
    )
    .await?;
    let v = views::PageView {
        shown: &shown,
        thresholds: &th,
        errors: &errors,
        deciders: &deciders,
        problem,
        settings_errors: &FormErrors::new(),
    };
    Ok(html(status, views::page(&auth.ctx, &acc, &v)))
}

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    render(&state, &auth, acc, None, StatusCode::OK).await
}

/// Records a decision about a rule that currently fires; the reason is required.
async fn decide(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    form: DecisionForm,
    snooze: bool,
) -> AppResult<HttpResponse> {
    let (_id, rule) = path.into_inner();
    let l = auth.ctx.lang;
    let now = state.clock.now();
    let th = evaluate::thresholds(&state.db, acc.project.id).await?;
    let findings = evaluate::evaluate(&state.db, &acc.project, now, &th).await?;
    let Some(f) = findings.iter().find(|f| f.rule == rule) else {
        return Ok(flash::error(
            &crate::urls::warnings(acc.project.id),
            l.t("That warning is no longer raised.", "Ese aviso ya no está activo."),
        ));
    };
    let reason = form.reason.trim();
    if reason.chars().count() < 5 || reason.chars().count() > 1000 {
        let msg = l.t(
            "Give a reason (5 to 1000 characters): it is recorded with your decision.",
            "Indique un motivo (de 5 a 1000 caracteres): queda registrado con su decisión.",
        );
        return render(&state, &auth, acc, Some((f.rule, msg.to_string())), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let until = if snooze {
        match form.days.trim().parse::<i64>().ok().filter(|d| (1..=90).contains(d)) {
            Some(d) => Some(now + chrono::Duration::days(d)),
            None => {
                let msg = l.t("Snooze for 1 to 90 days.", "Posponga de 1 a 90 días.");
                return render(&state, &auth, acc, Some((f.rule, msg.to_string())), StatusCode::UNPROCESSABLE_ENTITY)
                    .await;
            }
        }
    } else {
        None
    };
    let d = state::Decision {
        rule: f.rule,
        status: if snooze { "snoozed" } else { "acknowledged" },
        reason,
        count: f.count,
        until,
        by: auth.user.id,
    };
    state::decide(&state.db, acc.project.id, &d, now).await?;
    let msg = if snooze {
        l.t(
            "Warning snoozed. It comes back when the time is up or if the evidence grows.",
            "Aviso pospuesto. Vuelve cuando acabe el plazo o si la evidencia crece.",
        )
    } else {
        l.t(
            "Warning acknowledged. It comes back if the evidence grows.",
            "Aviso reconocido. Vuelve si la evidencia crece.",
        )
    };
    Ok(flash::success(&crate::urls::warnings(acc.project.id), msg))
}

pub async fn acknowledge(
    m: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<HttpResponse> {
    decide(m, state, path, form, false).await
}

pub async fn snooze(
    m: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<HttpResponse> {
    decide(m, state, path, form, true).await
}

pub async fn reopen(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    _f: CsrfForm<crate::web::forms::Empty>,
) -> AppResult<HttpResponse> {
    let (_id, rule) = path.into_inner();
    state::reopen(&state.db, acc.project.id, &rule).await?;
    Ok(flash::success(&crate::urls::warnings(acc.project.id), auth.ctx.t("Warning reopened.", "Aviso reabierto.")))
}

/// Saves the thresholds; every value must be a number in its range, or nothing is saved.
pub async fn save_settings(
    Manager { auth, acc }: Manager,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let _id = path.into_inner();
    let l = auth.ctx.lang;
    let mut values = Vec::new();
    let mut e = FormErrors::new();
    for key in catalog::catalog().thresholds.keys() {
        let Some(raw) = form.get(key) else { continue };
        match crate::needs::kpis::parse_number(raw).filter(|v| (0.0..=365.0).contains(v)) {
            Some(v) => values.push((key.clone(), v)),
            None => e.add(
                catalog_field(key),
                l.f(
                    "“{0}” must be a number from 0 to 365.",
                    "«{0}» debe ser un número de 0 a 365.",
                    &[&catalog::threshold_label(l, key)],
                ),
            ),
        }
    }
    if !e.is_empty() {
        let now = state.clock.now();
        let shown = current(&state.db, &acc.project, now).await?;
        let th = evaluate::thresholds(&state.db, acc.project.id).await?;
        let errors = errors_by_key(&state).await?;
        let deciders = HashMap::new();
        let v = views::PageView {
            shown: &shown,
            thresholds: &th,
            errors: &errors,
            deciders: &deciders,
            problem: None,
            settings_errors: &e,
        };
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, views::page(&auth.ctx, &acc, &v)));
    }
    let tx = crate::db::begin_write(&state.db).await?;
    for (key, value) in values {
        project_setting::Entity::insert(project_setting::ActiveModel {
            project_id: Set(acc.project.id),
            key: Set(key),
            value: Set(value),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([project_setting::Column::ProjectId, project_setting::Column::Key])
                .update_column(project_setting::Column::Value)
                .to_owned(),
        )
        .exec_without_returning(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(flash::success(
        &format!("{}#thresholds", crate::urls::warnings(acc.project.id)),
        l.t(
            "Thresholds saved; the warnings are re-evaluated with them.",
            "Umbrales guardados; los avisos se evalúan con ellos.",
        ),
    ))
}

/// The form field name of a threshold, as a `'static` key for `FormErrors`.
fn catalog_field(key: &str) -> &'static str {
    catalog::catalog().thresholds.keys().find(|k| k.as_str() == key).map(String::as_str).unwrap_or("thresholds")
}

pub async fn export_csv(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let shown = current(&state.db, &acc.project, state.clock.now()).await?;
    let errors = errors_by_key(&state).await?;
    let mut w = csv::writer();
    w.write_record(["rule", "error", "severity", "phase", "evidence", "count", "state", "reason"]).map_err(csv::io)?;
    for s in shown {
        let f = &s.finding;
        w.write_record([
            s.rule.key.clone(),
            csv::safe(errors.get(&s.rule.error).map(|e| l.pick(&e.title_en, &e.title_es)).unwrap_or(&s.rule.error)),
            s.rule.severity.clone(),
            s.rule.phase.clone(),
            csv::safe(&catalog::evidence(l, s.rule, f.count, f.a, f.b)),
            f.count.to_string(),
            if state::is_open(&s.state) {
                "open".into()
            } else {
                s.decision.as_ref().map(|d| d.status.clone()).unwrap_or_default()
            },
            csv::safe(s.decision.as_ref().map(|d| d.reason.as_str()).unwrap_or("")),
        ])
        .map_err(csv::io)?;
    }
    csv::response("warnings.csv", w)
}
