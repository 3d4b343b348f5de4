//! Selection queries and writes. Everything a results page needs is read in a handful of queries
//! (one per table), never one per product or criterion.

use crate::entities::{ahp_judgement, candidate, criterion, erp_product, evaluator, fit, score, selection};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// The project's selection row (reveal and decision), created on first write.
pub async fn selection(db: &impl ConnectionTrait, project_id: i32) -> Result<selection::Model, DbErr> {
    if let Some(s) = selection::Entity::find_by_id(project_id).one(db).await? {
        return Ok(s);
    }
    Ok(selection::Model {
        project_id,
        revealed_at: None,
        revealed_by: None,
        chosen_candidate_id: None,
        rationale: None,
        decided_by: None,
        decided_at: None,
    })
}

pub async fn ensure_selection(db: &impl ConnectionTrait, project_id: i32) -> Result<(), DbErr> {
    let am = selection::ActiveModel { project_id: Set(project_id), ..Default::default() };
    selection::Entity::insert(am)
        .on_conflict(OnConflict::column(selection::Column::ProjectId).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The selection row, locked for the rest of the transaction (PostgreSQL; on SQLite the
/// IMMEDIATE write transaction already serializes writers), so a reveal and a score cannot cross.
pub async fn lock_selection(db: &impl ConnectionTrait, project_id: i32) -> Result<Option<selection::Model>, DbErr> {
    ensure_selection(db, project_id).await?;
    selection::Entity::find_by_id(project_id).lock_exclusive().one(db).await
}

pub async fn candidates(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<candidate::Model>, DbErr> {
    candidate::Entity::find()
        .filter(candidate::Column::ProjectId.eq(project_id))
        .order_by_asc(candidate::Column::Id)
        .all(db)
        .await
}

pub async fn criteria(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<criterion::Model>, DbErr> {
    criterion::Entity::find()
        .filter(criterion::Column::ProjectId.eq(project_id))
        .order_by_asc(criterion::Column::Position)
        .order_by_asc(criterion::Column::Id)
        .all(db)
        .await
}

/// (user id, name) of each evaluator, by name.
pub async fn evaluators(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<(i32, String)>, DbErr> {
    let ids: Vec<i32> = evaluator::Entity::find()
        .select_only()
        .column(evaluator::Column::UserId)
        .filter(evaluator::Column::ProjectId.eq(project_id))
        .into_tuple()
        .all(db)
        .await?;
    let names = crate::needs::store::owner_names(db, ids.iter().copied()).await?;
    let mut v: Vec<(i32, String)> =
        ids.into_iter().map(|id| (id, names.get(&id).cloned().unwrap_or_default())).collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(v)
}

pub async fn is_evaluator(db: &impl ConnectionTrait, project_id: i32, user_id: i32) -> Result<bool, DbErr> {
    Ok(evaluator::Entity::find()
        .filter(evaluator::Column::ProjectId.eq(project_id))
        .filter(evaluator::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .is_some())
}

pub async fn scores(db: &impl ConnectionTrait, project_id: i32, only: Option<i32>) -> Result<Vec<score::Model>, DbErr> {
    let mut q = score::Entity::find().filter(score::Column::ProjectId.eq(project_id));
    if let Some(u) = only {
        q = q.filter(score::Column::EvaluatorId.eq(u));
    }
    q.order_by_asc(score::Column::Id).all(db).await
}

pub async fn judgements(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<ahp_judgement::Model>, DbErr> {
    ahp_judgement::Entity::find().filter(ahp_judgement::Column::ProjectId.eq(project_id)).all(db).await
}

/// Must-have requirements and, per candidate and fit level, how many of them were assessed so:
/// aggregated in SQL, so a project with thousands of requirements costs two small queries.
pub async fn must_fit_counts(
    db: &impl ConnectionTrait,
    project_id: i32,
) -> Result<(u64, Vec<(i32, String, i64)>), DbErr> {
    use crate::entities::requirement;
    use sea_orm::PaginatorTrait;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let musts = requirement::Entity::find()
        .filter(requirement::Column::ProjectId.eq(project_id))
        .filter(requirement::Column::Priority.eq("must"))
        .count(db)
        .await?;
    let must_ids = Query::select()
        .column(requirement::Column::Id)
        .from(requirement::Entity)
        .and_where(Expr::col(requirement::Column::ProjectId).eq(project_id))
        .and_where(Expr::col(requirement::Column::Priority).eq("must"))
        .to_owned();
    let rows = fit::Entity::find()
        .select_only()
        .column(fit::Column::CandidateId)
        .column(fit::Column::Level)
        .column_as(Expr::col(fit::Column::Id).count(), "n")
        .filter(fit::Column::ProjectId.eq(project_id))
        .filter(Expr::col(fit::Column::RequirementId).in_subquery(must_ids))
        .group_by(fit::Column::CandidateId)
        .group_by(fit::Column::Level)
        .into_tuple()
        .all(db)
        .await?;
    Ok((musts, rows))
}

/// The fit cells of some requirements (one page of the fit matrix).
pub async fn fits_for(
    db: &impl ConnectionTrait,
    project_id: i32,
    requirement_ids: Vec<i32>,
) -> Result<Vec<fit::Model>, DbErr> {
    fit::Entity::find()
        .filter(fit::Column::ProjectId.eq(project_id))
        .filter(fit::Column::RequirementId.is_in(requirement_ids))
        .all(db)
        .await
}

pub async fn catalog(db: &impl ConnectionTrait) -> Result<Vec<erp_product::Model>, DbErr> {
    erp_product::Entity::find().order_by_asc(erp_product::Column::Name).all(db).await
}

/// A score with its optional comment.
pub type ScoreValue = (i32, Option<String>);

/// Saves one evaluator's cell: a score with its comment, or nothing (`None` clears it).
pub async fn put_score(
    db: &impl ConnectionTrait,
    project_id: i32,
    cell: (i32, i32),
    evaluator_id: i32,
    value: Option<ScoreValue>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (candidate_id, criterion_id) = cell;
    let Some((value, comment)) = value else {
        score::Entity::delete_many()
            .filter(score::Column::CandidateId.eq(candidate_id))
            .filter(score::Column::CriterionId.eq(criterion_id))
            .filter(score::Column::EvaluatorId.eq(evaluator_id))
            .exec(db)
            .await?;
        return Ok(());
    };
    let am = score::ActiveModel {
        project_id: Set(project_id),
        candidate_id: Set(candidate_id),
        criterion_id: Set(criterion_id),
        evaluator_id: Set(evaluator_id),
        score: Set(value),
        comment: Set(comment),
        updated_at: Set(now),
        ..Default::default()
    };
    // The unique index on the cell makes a second score by the same evaluator an update, even
    // from two tabs at once.
    score::Entity::insert(am)
        .on_conflict(
            OnConflict::columns([score::Column::CandidateId, score::Column::CriterionId, score::Column::EvaluatorId])
                .update_columns([score::Column::Score, score::Column::Comment, score::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn put_fit(
    db: &impl ConnectionTrait,
    project_id: i32,
    requirement_id: i32,
    candidate_id: i32,
    level: Option<&str>,
) -> Result<(), DbErr> {
    let Some(level) = level else {
        fit::Entity::delete_many()
            .filter(fit::Column::RequirementId.eq(requirement_id))
            .filter(fit::Column::CandidateId.eq(candidate_id))
            .exec(db)
            .await?;
        return Ok(());
    };
    let am = fit::ActiveModel {
        project_id: Set(project_id),
        requirement_id: Set(requirement_id),
        candidate_id: Set(candidate_id),
        level: Set(level.to_string()),
        ..Default::default()
    };
    fit::Entity::insert(am)
        .on_conflict(
            OnConflict::columns([fit::Column::RequirementId, fit::Column::CandidateId])
                .update_column(fit::Column::Level)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn put_judgement(
    db: &impl ConnectionTrait,
    project_id: i32,
    a: i32,
    b: i32,
    value: f64,
) -> Result<(), DbErr> {
    let am = ahp_judgement::ActiveModel {
        project_id: Set(project_id),
        criterion_a: Set(a),
        criterion_b: Set(b),
        value: Set(value),
        ..Default::default()
    };
    ahp_judgement::Entity::insert(am)
        .on_conflict(
            OnConflict::columns([ahp_judgement::Column::CriterionA, ahp_judgement::Column::CriterionB])
                .update_column(ahp_judgement::Column::Value)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
