//! User administration: inside the administrator's scope, never granting above their role.

use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::page::render;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::identity::Role;
use domain::region::RegionCode;
use serde::Deserialize;
use store::identity::{NewUser, UserChange, UserRecord};
use store::region::RegionRecord;
use usecase::credentials as password;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::ADMIN_USERS, get(list).post(create))
        .route(crate::base::url::ADMIN_USERS_NEW, get(new_form))
        .route(crate::base::url::ADMIN_USERS_EXPORT_XLSX, get(export))
        .route(crate::base::url::ADMIN_USER, get(edit_form).post(update))
}

fn require_admin(auth: &Auth) -> Result<(), AppError> {
    if auth.role.manages_users() {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

#[derive(Template)]
#[template(path = "identity/users.html")]
struct UsersPage {
    ctx: PageCtx,
    users: Vec<UserRow>,
}

struct UserRow {
    user: UserRecord,
    region_name: String,
    /// The administrator's role is strictly above this user's: edit is offered.
    manageable: bool,
}

async fn region_names(state: &AppState, auth: &Auth) -> Result<Vec<RegionRecord>, AppError> {
    Ok(store::region::all(&state.db, &auth.actor.scope).await?)
}

async fn user_rows(state: &AppState, auth: &Auth) -> Result<Vec<UserRow>, AppError> {
    let regions = region_names(state, auth).await?;
    let (users, _) =
        store::identity::list_users(&state.db, &auth.actor.scope, store::Page::all()).await?;
    Ok(users
        .into_iter()
        .map(|user| UserRow {
            manageable: match (user.role(), user.region()) {
                (Ok(role), Ok(region)) => auth.actor.may_manage(role, &region),
                _ => false,
            },
            region_name: regions
                .iter()
                .find(|r| r.code == user.region_code)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            user,
        })
        .collect())
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    render(&UsersPage {
        ctx: PageCtx::new(&ctx, "users"),
        users: user_rows(&state, &auth).await?,
    })
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    let rows = user_rows(&state, &auth).await?;
    let tr = &ctx.tr;
    let headers: Vec<String> = [
        "username",
        "display_name",
        "role",
        "region_code",
        "region_name",
        "active",
        "created_at",
    ]
    .iter()
    .map(|k| tr.t(&format!("field-{k}")))
    .collect();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.user.username.clone(),
                r.user.display_name.clone(),
                tr.t(&format!("role-{}", r.user.role)),
                r.user.region_code.clone(),
                r.region_name.clone(),
                tr.t(if r.user.active {
                    "common-yes"
                } else {
                    "common-no"
                }),
                crate::base::format::china_time(&r.user.created_at),
            ]
        })
        .collect();
    {
        use usecase::tabular::Kind::{Text, Time};
        let kinds = [Text, Text, Text, Text, Text, Text, Time];
        tabular::kinds_xlsx_response(&tr.t("nav-users"), &headers, &kinds, &body, "users.xlsx")
    }
}

#[derive(Template)]
#[template(path = "identity/user_form.html")]
struct UserFormPage {
    ctx: PageCtx,
    /// `None` when creating.
    id: Option<String>,
    form: UserForm,
    roles: Vec<&'static str>,
    regions: Vec<RegionRecord>,
    error: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    display_name: String,
    role: String,
    region_code: String,
    #[serde(default)]
    password: String,
    /// Checkbox: present when ticked.
    #[serde(default)]
    active: Option<String>,
}

/// The roles this administrator may grant.
fn grantable(auth: &Auth) -> Vec<&'static str> {
    Role::ALL
        .into_iter()
        .filter(|r| r.rank() <= auth.role.rank())
        .map(Role::as_str)
        .collect()
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: Option<String>,
    form: UserForm,
    error: Option<String>,
) -> Result<Response, AppError> {
    let has_error = error.is_some();
    let page = UserFormPage {
        ctx: PageCtx::new(ctx, "users"),
        id,
        form,
        roles: grantable(auth),
        regions: region_names(state, auth).await?,
        error,
    };
    crate::base::page::render_form(&page, has_error)
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    let form = UserForm {
        active: Some("on".into()),
        ..UserForm::default()
    };
    form_page(&state, &auth, &ctx, None, form, None).await
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    let result = async {
        let username = form.username.trim().to_lowercase();
        domain::identity::check_username(&username)?;
        let role = Role::parse(&form.role)?;
        let region = RegionCode::parse(&form.region_code).map_err(|e| domain::FieldError {
            field: "region_code",
            ..e
        })?;
        domain::identity::check_password_for(
            &form.password,
            &username,
            &[form.display_name.as_str()],
        )?;
        let password_hash = password::hash(form.password.clone())
            .await
            .map_err(AppError::internal)?;
        let user = store::identity::create_user(
            &state.db,
            &auth.actor,
            NewUser {
                username,
                display_name: form.display_name.clone(),
                role,
                region,
                password_hash,
            },
        )
        .await?;
        Ok::<_, AppError>(user)
    }
    .await;
    match result {
        Ok(user) => Ok(crate::base::page::saved_at(
            Redirect::to(crate::base::url::ADMIN_USERS).into_response(),
            &crate::base::url::admin_user(&user.id),
        )),
        Err(e) if e.field.is_some() || e.status == StatusCode::CONFLICT => {
            let message = e.message(&ctx.tr);
            form_page(
                &state,
                &auth,
                &ctx,
                None,
                UserForm {
                    password: String::new(),
                    ..form
                },
                Some(message),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    let user = store::identity::get_user(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    auth.actor.check_manage(user.role()?, &user.region()?)?;
    let form = UserForm {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role.clone(),
        region_code: user.region_code.clone(),
        password: String::new(),
        active: user.active.then(|| "on".into()),
    };
    form_page(&state, &auth, &ctx, Some(id), form, None).await
}

async fn update(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<UserForm>,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    let existing = store::identity::get_user(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    // Before any form check: a peer or a user above is not administered at all.
    auth.actor
        .check_manage(existing.role()?, &existing.region()?)?;
    let result = async {
        let role = Role::parse(&form.role)?;
        let region = RegionCode::parse(&form.region_code).map_err(|e| domain::FieldError {
            field: "region_code",
            ..e
        })?;
        let password_hash = if form.password.is_empty() {
            None
        } else {
            domain::identity::check_password_for(
                &form.password,
                &existing.username,
                &[form.display_name.as_str(), existing.display_name.as_str()],
            )?;
            Some(
                password::hash(form.password.clone())
                    .await
                    .map_err(AppError::internal)?,
            )
        };
        store::identity::update_user(
            &state.db,
            &auth.actor,
            &id,
            UserChange {
                display_name: form.display_name.clone(),
                role,
                region,
                active: form.active.is_some(),
                password_hash,
            },
        )
        .await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(crate::base::url::ADMIN_USERS).into_response()),
        Err(e) if e.field.is_some() || e.status == StatusCode::CONFLICT => {
            let message = e.message(&ctx.tr);
            let form = UserForm {
                username: existing.username,
                password: String::new(),
                ..form
            };
            form_page(&state, &auth, &ctx, Some(id), form, Some(message)).await
        }
        Err(e) => Err(e),
    }
}
