//! `GET /api/v1/me/tasks`: the caller's tasks as JSON, the same list as the start page.

use crate::base::ctx::SignedIn;
use crate::error::AppError;
use crate::state::AppState;
use crate::tasks::TaskItem;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TaskList {
    pub items: Vec<TaskItem>,
}

/// What waits for the caller (我的待办), computed from the records in the caller's scope:
/// vouchers to review, problems due or overdue, rules owed this period, projects to
/// approve, problems to close. Titles are in the caller's language.
#[utoipa::path(get, path = "/api/v1/me/tasks", tag = "tasks",
    responses((status = 200, body = TaskList), (status = 401, body = crate::error::ErrorBody)))]
pub async fn my_tasks(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Json<TaskList>, AppError> {
    let items = crate::tasks::items(&state, &auth, &ctx.tr).await?;
    Ok(Json(TaskList { items }))
}
