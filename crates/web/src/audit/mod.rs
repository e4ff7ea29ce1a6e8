//! The audit log page: filter by user, entity, region and date; export what is shown.

use crate::error::AppError;
use crate::identity::session::SignedIn;
use crate::shell::{PageCtx, render};
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use store::audit::{AuditRecord, Filter};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/audit", get(page))
        .route("/audit/export.xlsx", get(export))
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: Option<i64>,
}

impl AuditQuery {
    fn filter(&self) -> Filter {
        Filter {
            actor: self.actor.clone(),
            entity: self.entity.clone(),
            region_prefix: self.region.chars().filter(char::is_ascii_digit).collect(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }

    /// The same filter as a query string, for paging and export links.
    fn query_string(&self) -> String {
        use crate::identity::session::urlencode;
        format!(
            "actor={}&entity={}&region={}&from={}&to={}",
            urlencode(&self.actor),
            urlencode(&self.entity),
            urlencode(&self.region),
            urlencode(&self.from),
            urlencode(&self.to)
        )
    }
}

const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditPage {
    ctx: PageCtx,
    q: AuditQuery,
    entities: Vec<String>,
    rows: Vec<AuditRecord>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
}

async fn page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let page = q.page.unwrap_or(1).max(1);
    let (rows, total) = store::audit::list(
        &state.db,
        &auth.actor.scope,
        &q.filter(),
        store::Page::new(page, PAGE_SIZE),
    )
    .await?;
    render(&AuditPage {
        ctx: PageCtx::new(&ctx, "audit"),
        entities: store::audit::entities(&state.db).await?,
        query: q.query_string(),
        q,
        rows,
        total,
        page,
        pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
    })
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let (rows, _) = store::audit::list(
        &state.db,
        &auth.actor.scope,
        &q.filter(),
        store::Page::all(),
    )
    .await?;
    let tr = &ctx.tr;
    let headers: Vec<String> = [
        "at",
        "actor",
        "entity",
        "entity_id",
        "region_code",
        "action",
        "before",
        "after",
    ]
    .iter()
    .map(|k| tr.t(&format!("audit-col-{k}")))
    .collect();
    let body: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.at,
                r.actor_name,
                tr.t(&format!("audit-entity-{}", r.entity)),
                r.entity_id,
                r.region_code.unwrap_or_default(),
                tr.t(&format!("audit-action-{}", r.action)),
                r.before_json.unwrap_or_default(),
                r.after_json.unwrap_or_default(),
            ]
        })
        .collect();
    tabular::xlsx_response(&tr.t("nav-audit"), &headers, &body, "audit-log.xlsx")
}
