//! "My tasks" (我的待办): what waits for the signed-in user, computed from the records by
//! `store::tasks` (scoped to the caller), shown on the start page and at `/tasks`, and
//! served as JSON at `GET /api/v1/me/tasks`. The page and the API read the same list.

pub mod api;
pub mod page;

use crate::base::ctx::Auth;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> Router<AppState> {
    Router::new().route(crate::base::url::TASKS, get(page::list))
}

/// The tasks API: the caller's tasks.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(api::tasks::my_tasks))
}

/// One thing to do, linked to its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TaskItem {
    /// voucher_review, problem_due, problem_close, project_approve or rule_due.
    pub kind: String,
    /// What to do, in the caller's language.
    pub title: String,
    /// The deadline as a China-time date (YYYY-MM-DD), when the task has one.
    pub due: Option<String>,
    /// The page of the record.
    pub url: String,
    /// The deadline has passed (shown on the page; the API's readers compare `due`).
    #[serde(skip)]
    pub overdue: bool,
}

/// The caller's tasks in the order they should be done: problems by deadline, the rules
/// owed this period, then reviews and decisions waiting on the caller.
pub async fn items(state: &AppState, auth: &Auth, tr: &Tr) -> Result<Vec<TaskItem>, AppError> {
    let today = domain::time::today();
    let tasks = store::tasks::for_actor(&state.db, &auth.actor, today).await?;
    let today_text = today.to_string();
    let mut out = Vec::new();
    for p in tasks.problems {
        out.push(TaskItem {
            kind: "problem_due".into(),
            overdue: p.deadline < today_text,
            title: p.title,
            url: crate::base::url::mechanism_problem(&p.id),
            due: Some(p.deadline),
        });
    }
    for d in tasks.meetings {
        let args: BTreeMap<&'static str, String> = [
            ("rule", d.rule_name.clone()),
            ("count", d.regions.len().to_string()),
        ]
        .into_iter()
        .collect();
        out.push(TaskItem {
            kind: "rule_due".into(),
            title: tr.with_args("tasks-rule-title", &args),
            due: Some(d.last_day.to_string()),
            url: crate::base::url::MECHANISM_BOARD.into(),
            overdue: false,
        });
    }
    for v in tasks.to_review {
        let args: BTreeMap<&'static str, String> = [
            ("org", v.org_name.clone()),
            ("number", v.label()),
            ("summary", v.summary.clone()),
            ("amount", domain::Money(v.total).to_string()),
        ]
        .into_iter()
        .collect();
        out.push(TaskItem {
            kind: "voucher_review".into(),
            title: tr.with_args("tasks-voucher-title", &args),
            due: None,
            url: crate::base::url::ledger_voucher(&v.id),
            overdue: false,
        });
    }
    // Decisions waiting on the caller: no deadline of their own.
    let approvals = tasks.to_approve.into_iter().map(|p| {
        (
            "project_approve",
            p.title,
            crate::base::url::industry_project(&p.id),
        )
    });
    let closings = tasks.to_close.into_iter().map(|p| {
        (
            "problem_close",
            p.title,
            crate::base::url::mechanism_problem(&p.id),
        )
    });
    for (kind, title, url) in approvals.chain(closings) {
        out.push(TaskItem {
            kind: kind.into(),
            title,
            due: None,
            url,
            overdue: false,
        });
    }
    Ok(out)
}
