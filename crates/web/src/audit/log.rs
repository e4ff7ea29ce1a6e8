//! The audit log page and its export: entries filtered, shown as a person reads them.

use super::changes::{self, Change};
use super::record_url;
use crate::base::ctx::SignedIn;
use crate::base::page::render;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use std::collections::HashMap;
use store::audit::{AuditRecord, Filter};
use usecase::tabular::Cell;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::AUDIT, get(page))
        .route(crate::base::url::AUDIT_EXPORT_XLSX, get(export))
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    entity_id: String,
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
            entity_id: self.entity_id.clone(),
            region_prefix: self.region.chars().filter(char::is_ascii_digit).collect(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }

    /// The same filter as a query string, for paging and export links.
    fn query_string(&self) -> String {
        format!(
            "actor={}&entity={}&entity_id={}&region={}&from={}&to={}",
            crate::base::url::encode(&self.actor),
            crate::base::url::encode(&self.entity),
            crate::base::url::encode(&self.entity_id),
            crate::base::url::encode(&self.region),
            crate::base::url::encode(&self.from),
            crate::base::url::encode(&self.to)
        )
    }
}

const PAGE_SIZE: i64 = 50;

/// One entry as a person reads it.
struct Row {
    /// China time, date first.
    at: String,
    /// The actor's name.
    actor: String,
    entity: String,
    entity_label: String,
    entity_id: String,
    region_code: String,
    action: String,
    changes: Vec<Change>,
}

impl Row {
    fn of(cx: &changes::Context<'_>, r: AuditRecord) -> Row {
        let tr = cx.tr;
        Row {
            at: crate::base::format::china_time(&r.at),
            actor: r.actor().to_string(),
            entity_label: tr.t(&format!("audit-entity-{}", r.entity)),
            changes: changes::changes(cx, r.before_json.as_deref(), r.after_json.as_deref()),
            action: tr.t(&format!("audit-action-{}", r.action)),
            entity: r.entity,
            entity_id: r.entity_id,
            region_code: r.region_code.unwrap_or_default(),
        }
    }

    /// The changes as one line of text, for the export.
    fn changes_text(&self) -> String {
        self.changes
            .iter()
            .map(Change::text)
            .collect::<Vec<_>>()
            .join("；")
    }
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditPage {
    ctx: PageCtx,
    q: AuditQuery,
    entities: Vec<String>,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
}

impl AuditPage {
    fn record_url(&self, entity: &str, id: &str) -> String {
        record_url(entity, id)
    }
    /// The record type the log is filtered to.
    fn filtered_entity(&self) -> String {
        self.ctx.tr.t(&format!("audit-entity-{}", self.q.entity))
    }
}

/// Display names by username, for the users the entries' snapshots name.
async fn names(
    state: &AppState,
    records: &[AuditRecord],
) -> Result<HashMap<String, String>, AppError> {
    let mut users = Vec::new();
    for r in records {
        changes::usernames(r.before_json.as_deref(), &mut users);
        changes::usernames(r.after_json.as_deref(), &mut users);
    }
    let refs: Vec<&str> = users.iter().map(String::as_str).collect();
    Ok(store::identity::display_names(&state.db, &refs).await?)
}

async fn rows(
    state: &AppState,
    tr: &crate::i18n::Tr,
    records: Vec<AuditRecord>,
) -> Result<Vec<Row>, AppError> {
    let names = names(state, &records).await?;
    let cx = changes::Context { tr, names: &names };
    Ok(records.into_iter().map(|r| Row::of(&cx, r)).collect())
}

async fn page(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let page = q.page.unwrap_or(1).max(1);
    let (records, total) = store::audit::list(
        &state.db,
        &auth.actor.scope,
        &q.filter(),
        store::Page::new(page, PAGE_SIZE),
    )
    .await?;
    render(&AuditPage {
        entities: store::audit::entities(&state.db).await?,
        query: q.query_string(),
        rows: rows(&state, &ctx.tr, records).await?,
        ctx: PageCtx::new(&ctx, "audit"),
        q,
        total,
        page,
        pages: store::Page::count(total, PAGE_SIZE),
    })
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let (records, _) = store::audit::list(
        &state.db,
        &auth.actor.scope,
        &q.filter(),
        store::Page::all(),
    )
    .await?;
    let tr = &ctx.tr;
    let names = names(&state, &records).await?;
    let cx = changes::Context { tr, names: &names };
    let headers: Vec<String> = [
        "at",
        "actor",
        "entity",
        "entity_id",
        "region_code",
        "action",
        "changes",
    ]
    .iter()
    .map(|k| tr.t(&format!("audit-col-{k}")))
    .collect();
    let body: Vec<Vec<Cell>> = records
        .into_iter()
        .map(|r| {
            let when = domain::time::parse_ts(&r.at);
            let row = Row::of(&cx, r);
            vec![
                when.map_or_else(|| Cell::text(&row.at), Cell::china_time),
                Cell::text(&row.actor),
                Cell::text(&row.entity_label),
                Cell::text(&row.entity_id),
                Cell::text(&row.region_code),
                Cell::text(&row.action),
                Cell::text(&row.changes_text()),
            ]
        })
        .collect();
    let name = format!("{}-{}.xlsx", tr.t("nav-audit"), domain::time::today());
    tabular::typed_xlsx_response(&tr.t("nav-audit"), &headers, &body, &name)
}
