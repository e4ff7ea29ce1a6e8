//! The task list as a page (`/tasks`) and as the start page's section.

use super::TaskItem;
use crate::base::ctx::SignedIn;
use crate::base::page::render;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

#[derive(Template)]
#[template(path = "tasks/page.html")]
struct TasksPage {
    ctx: PageCtx,
    tasks: Vec<TaskItem>,
}

pub async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let tasks = super::items(&state, &auth, &ctx.tr).await?;
    render(&TasksPage {
        ctx: PageCtx::new(&ctx, "home"),
        tasks,
    })
}
