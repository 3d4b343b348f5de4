//! The knowledge base: known issues and how-to answers written by the PM and key users, searched
//! (accent- and case-insensitively, through the folded `search_text`) before a ticket is filed and
//! linked from answers. Employees see the published ones; drafts only their writers' team.

use super::KINDS;
use super::articles_views::{article_page, list_page};
use super::form::{ArticleForm, SearchParams};
use crate::entities::support_article;
use crate::error::{AppError, AppResult};
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::training::MODULES;
use crate::web::{CsrfForm, FormErrors, Lang, flash, html};
use actix_web::{HttpResponse, http::StatusCode, web};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Articles matching `q` (every word, anywhere in title or body) and the module; published only
/// unless `drafts`. An empty query lists the newest.
pub async fn search(
    db: &impl ConnectionTrait,
    project_id: i32,
    q: &str,
    module: &str,
    drafts: bool,
) -> Result<Vec<support_article::Model>, DbErr> {
    use support_article::Column as C;
    let mut sel = support_article::Entity::find().filter(C::ProjectId.eq(project_id));
    if !drafts {
        sel = sel.filter(C::Published.eq(true));
    }
    if MODULES.contains(&module) {
        sel = sel.filter(C::Module.is_in([module, "general"]));
    }
    for word in q.split_whitespace().take(8) {
        sel = sel.filter(C::SearchText.like(crate::text::contains_pattern(word)));
    }
    sel.order_by_desc(C::UpdatedAt).order_by_desc(C::Id).limit(50).all(db).await
}

/// Whether `id` is a published article of the project.
pub async fn published(db: &impl ConnectionTrait, project_id: i32, id: i32) -> Result<bool, DbErr> {
    use sea_orm::PaginatorTrait;
    use support_article::Column as C;
    let n = support_article::Entity::find()
        .filter(C::Id.eq(id))
        .filter(C::ProjectId.eq(project_id))
        .filter(C::Published.eq(true))
        .count(db)
        .await?;
    Ok(n == 1)
}

pub fn search_text(title: &str, body: &str) -> String {
    crate::text::fold(&format!("{title} {body}"))
}

pub struct ArticleInput {
    pub kind: String,
    pub module: String,
    pub title: String,
    pub body: String,
    pub published: bool,
}

impl ArticleForm {
    pub fn validate(&self, l: Lang) -> Result<ArticleInput, FormErrors> {
        let mut e = FormErrors::new();
        if !KINDS.contains(&self.kind.as_str()) {
            e.add("kind", l.t("Choose known issue or how-to.", "Elija problema conocido o guía."));
        }
        if !MODULES.contains(&self.module.as_str()) {
            e.add("module", l.t("Choose the part of the ERP.", "Elija la parte del ERP."));
        }
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            e.add(
                "title",
                l.t("Give it a title (200 characters at most).", "Póngale un título (200 caracteres como máximo)."),
            );
        }
        let body = self.body.trim();
        if body.is_empty() || body.chars().count() > 20000 {
            e.add(
                "body",
                l.t(
                    "Write the answer (20000 characters at most).",
                    "Escriba la respuesta (20000 caracteres como máximo).",
                ),
            );
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(ArticleInput {
            kind: self.kind.clone(),
            module: self.module.clone(),
            title: title.into(),
            body: body.into(),
            published: self.published == "1",
        })
    }
}

pub async fn list(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    q: web::Query<SearchParams>,
) -> AppResult<HttpResponse> {
    let found = search(&state.db, acc.project.id, &q.q, &q.module, acc.can_coordinate()).await?;
    Ok(html(
        StatusCode::OK,
        list_page(
            &auth.ctx,
            &acc,
            &q,
            &found,
            &ArticleForm { published: "1".into(), ..Default::default() },
            &FormErrors::new(),
        ),
    ))
}

pub async fn create(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<ArticleForm>,
) -> AppResult<HttpResponse> {
    acc.require_coordinate()?;
    let l = auth.ctx.lang;
    let a = match form.validate(l) {
        Ok(a) => a,
        Err(e) => {
            let q = SearchParams::default();
            let found = search(&state.db, acc.project.id, "", "", true).await?;
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, list_page(&auth.ctx, &acc, &q, &found, &form, &e)));
        }
    };
    let now = state.clock.now();
    let row = support_article::ActiveModel {
        project_id: Set(acc.project.id),
        search_text: Set(search_text(&a.title, &a.body)),
        kind: Set(a.kind),
        module: Set(a.module),
        title: Set(a.title),
        body: Set(a.body),
        published: Set(a.published),
        author_id: Set(Some(auth.user.id)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(flash::success(
        &format!("{}/{}", crate::urls::support_articles(acc.project.id), row.id),
        l.t("Article saved.", "Artículo guardado."),
    ))
}

async fn visible(
    state: &AppState,
    acc: &crate::projects::access::Access,
    aid: i32,
) -> AppResult<support_article::Model> {
    let a = support_article::Entity::find_by_id(aid)
        .filter(support_article::Column::ProjectId.eq(acc.project.id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !a.published && !acc.can_coordinate() {
        return Err(AppError::NotFound);
    }
    Ok(a)
}

fn form_of(a: &support_article::Model) -> ArticleForm {
    ArticleForm {
        kind: a.kind.clone(),
        module: a.module.clone(),
        title: a.title.clone(),
        body: a.body.clone(),
        published: if a.published { "1".into() } else { String::new() },
        version: a.version.to_string(),
    }
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
) -> AppResult<HttpResponse> {
    let a = visible(&state, &acc, path.into_inner().1).await?;
    Ok(html(StatusCode::OK, article_page(&auth.ctx, &acc, &a, &form_of(&a), &FormErrors::new())))
}

pub async fn update(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    path: web::Path<(i32, i32)>,
    CsrfForm(mut form): CsrfForm<ArticleForm>,
) -> AppResult<HttpResponse> {
    let a = visible(&state, &acc, path.into_inner().1).await?;
    acc.require_coordinate()?;
    let l = auth.ctx.lang;
    let input = match form.validate(l) {
        Ok(i) => i,
        Err(e) => return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, article_page(&auth.ctx, &acc, &a, &form, &e))),
    };
    let version = form.version.parse::<i32>().unwrap_or(-1);
    let r = support_article::Entity::update_many()
        .col_expr(support_article::Column::SearchText, Expr::value(search_text(&input.title, &input.body)))
        .col_expr(support_article::Column::Kind, Expr::value(input.kind))
        .col_expr(support_article::Column::Module, Expr::value(input.module))
        .col_expr(support_article::Column::Title, Expr::value(input.title))
        .col_expr(support_article::Column::Body, Expr::value(input.body))
        .col_expr(support_article::Column::Published, Expr::value(input.published))
        .col_expr(support_article::Column::UpdatedAt, Expr::value(state.clock.now()))
        .col_expr(support_article::Column::Version, Expr::value(version.saturating_add(1)))
        .filter(support_article::Column::Id.eq(a.id))
        .filter(support_article::Column::Version.eq(version))
        .exec(&state.db)
        .await?;
    if r.rows_affected == 0 {
        let mut e = FormErrors::new();
        e.add("title", l.t("Someone else changed this article while you were editing it. Your text is kept below; save again to overwrite.",
                           "Otra persona ha cambiado este artículo mientras lo editaba. Su texto se conserva abajo; guarde de nuevo para sobrescribir."));
        form.version = a.version.to_string();
        return Ok(html(StatusCode::CONFLICT, article_page(&auth.ctx, &acc, &a, &form, &e)));
    }
    Ok(flash::success(
        &format!("{}/{}", crate::urls::support_articles(acc.project.id), a.id),
        l.t("Article saved.", "Artículo guardado."),
    ))
}
