//! Villagers' feedback (村民意见) on the web.
//!
//! Public side: the form of a village `GET/POST /public/r/{code}/feedback` — no sign-in, no
//! script, the CSRF token of the anonymous cookie; errors beside their fields with what was
//! typed kept; limited per address and per village (over either limit: 429 in the public
//! style, nothing stored); confirmed with a reference number (收到，待审核).
//!
//! Cadres' side: `/feedback` (scoped list with state and village filters, .xlsx export, the
//! phone masked) and `/feedback/{id}` (accept into the problem list, reject with a reason,
//! answer in public; the phone in full only through the audited reveal, a POST, shown once).

use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::{china_time, today};
use crate::base::page::{FormError, in_page, render_status};
use crate::base::params::filter_choice;
use crate::disclosure::portal::Frame;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::FieldError;
use domain::disclosure::feedback::{FeedbackInput, State as FbState, Step};
use domain::identity::Scope;
use domain::mechanism::ProblemInput;
use domain::region::{Level, RegionCode};
use serde::Deserialize;
use store::disclosure::feedback::{self, FeedbackRecord, Filter, Moderation};
use store::region::RegionRecord;

pub fn routes() -> Router<AppState> {
    use crate::base::url::*;
    Router::new()
        .route(PUBLIC_FEEDBACK, get(public_form).post(public_send))
        .route(FEEDBACK, get(list))
        .route(FEEDBACK_XLSX, get(export))
        .route(FEEDBACK_ITEM, get(detail))
        .route(FEEDBACK_ITEM_STEP, post(step))
        .route(FEEDBACK_ITEM_REVEAL, post(reveal))
}

const PAGE_SIZE: i64 = 50;

/// The translated label of a feedback state.
pub fn state_label(tr: &Tr, state: &str) -> String {
    tr.t(&format!("fb-state-{state}"))
}

// ------------------------------------------------------------------ public form

/// The caller's address for the rate limit ([`crate::ops::client_ip`], as sign-in
/// throttling finds it).
struct ClientAddr(String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            crate::ops::client_ip(parts, state.config.trust_proxy)
                .map_or_else(|| "unknown".to_string(), |ip| ip.to_string()),
        ))
    }
}

#[derive(Template)]
#[template(path = "disclosure/public_feedback.html")]
struct PublicFormPage {
    frame: Frame,
    csrf: String,
    village: RegionRecord,
    form: FeedbackInput,
    error: FormError,
    /// The reference number once sent (the confirmation).
    sent: Option<String>,
    /// Over a rate limit: nothing was stored.
    limited: bool,
}

impl PublicFormPage {
    fn general_error(&self) -> &str {
        self.error.other(&["text", "name", "phone"])
    }
}

/// The village of a public form: an existing, live village (else not found).
async fn village(state: &AppState, code: &str) -> Result<RegionRecord, AppError> {
    let parsed = RegionCode::parse(code).map_err(|_| AppError::not_found())?;
    if parsed.level() != Level::Village {
        return Err(AppError::not_found());
    }
    store::region::get(&state.db, &Scope::system(), parsed.as_str())
        .await?
        .filter(|r| !r.archived)
        .ok_or_else(AppError::not_found)
}

/// The public frame of a village's page: back up to the village.
fn frame(ctx: &RequestCtx, v: &RegionRecord) -> Frame {
    let mut frame = Frame::new(
        ctx.tr.clone(),
        format!("{} · {}", ctx.tr.t("fb-public-title"), v.name),
    );
    frame
        .crumbs
        .push((v.name.clone(), crate::base::url::public_region(&v.code)));
    frame
}

async fn public_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let v = village(&state, &code).await?;
    let page = PublicFormPage {
        frame: frame(&ctx, &v),
        csrf: ctx.csrf.clone(),
        village: v,
        form: FeedbackInput::default(),
        error: FormError::default(),
        sent: None,
        limited: false,
    };
    render_status(&page, StatusCode::OK)
}

async fn public_send(
    State(state): State<AppState>,
    ctx: RequestCtx,
    ClientAddr(addr): ClientAddr,
    Path(code): Path<String>,
    Form(form): Form<FeedbackInput>,
) -> Result<Response, AppError> {
    let v = village(&state, &code).await?;
    let mut page = PublicFormPage {
        frame: frame(&ctx, &v),
        csrf: ctx.csrf.clone(),
        village: v,
        form,
        error: FormError::default(),
        sent: None,
        limited: false,
    };
    let checked = match page.form.validate() {
        Ok(f) => f,
        Err(e) => {
            page.error = FormError::of(&ctx.tr, &AppError::from(e));
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let limits = &state.public_limiters;
    if !limits.feedback_address.allow(&addr) || !limits.feedback_village.allow(&page.village.code) {
        page.limited = true;
        return render_status(&page, StatusCode::TOO_MANY_REQUESTS);
    }
    let record = feedback::submit(&state.db, &page.village.code, &checked).await?;
    page.sent = Some(record.ref_no);
    page.form = FeedbackInput::default();
    render_status(&page, StatusCode::OK)
}

// ------------------------------------------------------------------ cadres' list

#[derive(Deserialize, Default, Clone)]
struct ListQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> Result<Filter, FieldError> {
        let state = filter_choice(&self.state, "state", FbState::parse)?;
        Ok(Filter {
            region: crate::base::regions::filter_region(&self.region)?,
            state,
        })
    }

    fn to_query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [("region", &self.region), ("state", &self.state)] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", crate::base::url::encode(v)));
            }
        }
        parts.join("&")
    }
}

pub struct Row {
    pub r: FeedbackRecord,
    pub region_name: String,
}

#[derive(Template)]
#[template(path = "disclosure/feedback_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
    q: ListQuery,
    villages: Vec<(String, String)>,
    error: Option<String>,
}

impl ListPage {
    fn state(&self, s: &str) -> String {
        state_label(&self.ctx.tr, s)
    }
    fn states(&self) -> Vec<&'static str> {
        FbState::ALL.iter().map(|s| s.as_str()).collect()
    }
    fn time(&self, ts: &str) -> String {
        china_time(ts)
    }
}

/// The villages in scope, (code, name), for the filter.
async fn villages(state: &AppState, auth: &Auth) -> Result<Vec<RegionRecord>, AppError> {
    Ok(store::region::all(&state.db, &auth.actor.scope)
        .await?
        .into_iter()
        .filter(|r| RegionCode::parse(&r.code).is_ok_and(|c| c.level() == Level::Village))
        .collect())
}

fn name_of(regions: &[RegionRecord], code: &str) -> String {
    regions
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let regions = villages(&state, &auth).await?;
    let page = q.page.unwrap_or(1).max(1);
    let (rows, total, error) = match q.filter() {
        Ok(filter) => {
            let (rows, total) = feedback::list(
                &state.db,
                &auth.actor.scope,
                &filter,
                store::Page::new(page, PAGE_SIZE),
            )
            .await?;
            (rows, total, None)
        }
        Err(e) => (Vec::new(), 0, Some(ctx.tr.field_error(&e))),
    };
    let rows = rows
        .into_iter()
        .map(|r| Row {
            region_name: name_of(&regions, &r.region_code),
            r,
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = ListPage {
        ctx: PageCtx::new(&ctx, "feedback"),
        rows,
        total,
        page,
        pages: store::Page::count(total, PAGE_SIZE),
        query: q.to_query(),
        q,
        villages: regions.into_iter().map(|r| (r.code, r.name)).collect(),
        error,
    };
    render_status(&view, status)
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let filter = q.filter()?;
    let regions = villages(&state, &auth).await?;
    let (rows, _) =
        feedback::list(&state.db, &auth.actor.scope, &filter, store::Page::all()).await?;
    let headers: Vec<String> = [
        "fb-col-ref",
        "field-region_code",
        "field-region_name",
        "field-feedback_text",
        "field-feedback_name",
        "field-phone",
        "field-state",
        "fb-col-received",
        "field-reason",
        "field-feedback_answer",
        "fb-col-answered",
        "fb-col-days",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            let days = r.days_taken().map(|d| d.to_string()).unwrap_or_default();
            vec![
                r.ref_no,
                r.region_code.clone(),
                name_of(&regions, &r.region_code),
                r.body,
                r.sender_name,
                r.phone_masked,
                state_label(tr, &r.state),
                china_time(&r.received_at),
                r.reject_reason,
                r.answer,
                r.answered_at.as_deref().map(china_time).unwrap_or_default(),
                days,
            ]
        })
        .collect();
    use usecase::tabular::Kind::{Number, Text};
    let kinds = [
        Text, Text, Text, Text, Text, Text, Text, Text, Text, Text, Text, Number,
    ];
    tabular::kinds_xlsx_response(&tr.t("fb-title"), &headers, &kinds, &rows, "feedback.xlsx")
}

// ------------------------------------------------------------------ one item

#[derive(Deserialize, Default, Clone)]
struct StepForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    owner_user_id: String,
    #[serde(default)]
    owner_name: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    answer: String,
}

#[derive(Template)]
#[template(path = "disclosure/feedback_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    r: FeedbackRecord,
    region_name: String,
    owners: Vec<(String, String)>,
    /// The problem it became: (title, state label, href).
    problem: Option<(String, String, String)>,
    form: StepForm,
    error: FormError,
    /// The phone in full, right after the audited reveal.
    revealed: Option<String>,
    may_moderate: bool,
    may_answer: bool,
}

impl DetailPage {
    fn state(&self) -> String {
        state_label(&self.ctx.tr, &self.r.state)
    }
    fn is(&self, s: &str) -> bool {
        self.r.state == s
    }
    fn time(&self, ts: &str) -> String {
        china_time(ts)
    }
    fn days(&self) -> String {
        self.r
            .days_taken()
            .map(|d| self.ctx.tr.t1("fb-days", "days", &d))
            .unwrap_or_default()
    }
    /// The error of the form `action` beside its `field`.
    fn err(&self, action: &str, field: &str) -> &str {
        if self.form.action == action {
            self.error.at(field)
        } else {
            ""
        }
    }
    fn general_error(&self) -> &str {
        self.error.other(&[
            "title",
            "owner_user_id",
            "owner_name",
            "deadline",
            "reason",
            "answer",
        ])
    }
}

async fn detail_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    form: StepForm,
    error: Option<AppError>,
    revealed: Option<String>,
) -> Result<Response, AppError> {
    let r = feedback::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let region_name =
        crate::base::regions::region_name(state, &auth.actor.scope, &r.region_code).await?;
    let problem = match &r.problem_id {
        Some(pid) => store::mechanism::problems::get(&state.db, &auth.actor.scope, pid, today())
            .await?
            .map(|d| {
                let p = d.view.problem;
                (
                    p.title,
                    crate::mechanism::problems::state_label(&ctx.tr, &p.state),
                    crate::base::url::mechanism_problem(&p.id),
                )
            }),
        None => None,
    };
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let role = Some(auth.role);
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "feedback"),
        owners: crate::base::regions::user_choices(state, &auth.actor.scope).await?,
        region_name,
        problem,
        error: FormError::of_any(&ctx.tr, error.as_ref()),
        form,
        revealed,
        may_moderate: Step::Accept.allowed(role),
        may_answer: Step::Answer.allowed(role),
        r,
    };
    render_status(&page, status)
}

async fn detail(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let form = StepForm {
        deadline: (today() + chrono::Duration::days(30)).to_string(),
        ..StepForm::default()
    };
    detail_page(&state, &auth, &ctx, &id, form, None, None).await
}

async fn step(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, AppError> {
    // Out of scope is not found before anything else.
    feedback::get(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let m = match form.action.as_str() {
        "accept" => Moderation::Accept(ProblemInput {
            title: form.title.clone(),
            owner_user_id: form.owner_user_id.clone(),
            owner_name: form.owner_name.clone(),
            deadline: form.deadline.clone(),
            ..ProblemInput::default()
        }),
        "reject" => Moderation::Reject {
            reason: form.reason.clone(),
        },
        "answer" => Moderation::Answer {
            answer: form.answer.clone(),
        },
        _ => return Err(AppError::not_found()),
    };
    match feedback::moderate(&state.db, &auth.actor, &id, &m).await {
        Ok(_) => Ok(Redirect::to(&crate::base::url::feedback_item(&id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            detail_page(&state, &auth, &ctx, &id, form, Some(e), None).await
        }
    }
}

async fn reveal(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let phone = feedback::reveal(&state.db, &auth.actor, &id).await?;
    detail_page(
        &state,
        &auth,
        &ctx,
        &id,
        StepForm::default(),
        None,
        Some(phone),
    )
    .await
}
