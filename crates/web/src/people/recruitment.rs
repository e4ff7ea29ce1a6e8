//! Recruitment (招录): campaigns (公开招考村级后备干部, 事业单位招聘) with their positions and
//! quotas, applicants chosen from the registry with exact written and interview scores and a
//! decision, closing a campaign; the list and the applicants with their results export to
//! .xlsx. Hiring beyond a position's quota is refused with the translated error.

use super::talent::{PersonChoice, can_organise, choices, label, masked_ids, person_choices};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::today;
use crate::base::page::{in_page, render_status};
use crate::base::regions::{region_choices, region_names};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use domain::FieldError;
use domain::people::recruitment::{
    ApplicantInput, ApplicantResult, CampaignInput, CampaignKind, CampaignStatus, PositionInput,
    scores,
};
use serde::Deserialize;
use std::collections::HashMap;
use store::people::recruitment as rec;
use store::people::{ApplicantRecord, CampaignRecord, PositionRecord};

const POSITION_ROWS: usize = 3;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::PEOPLE_RECRUITMENT, get(list))
        .route(
            crate::base::url::PEOPLE_RECRUITMENT_EXPORT_XLSX,
            get(export),
        )
        .route(
            crate::base::url::PEOPLE_RECRUITMENT_NEW,
            get(new_form).post(create),
        )
        .route(crate::base::url::PEOPLE_RECRUITMENT_DRIVE, get(show))
        .route(
            crate::base::url::PEOPLE_RECRUITMENT_POSITIONS,
            post(add_position),
        )
        .route(
            crate::base::url::PEOPLE_RECRUITMENT_APPLICANTS,
            post(add_applicant),
        )
        .route(
            crate::base::url::PEOPLE_RECRUITMENT_APPLICANTS_XLSX,
            get(export_applicants),
        )
        .route(
            crate::base::url::PEOPLE_RECRUITMENT_APPLICANT_SCORES,
            post(set_scores),
        )
        .route(
            crate::base::url::PEOPLE_RECRUITMENT_APPLICANT_DECIDE,
            post(decide),
        )
        .route(
            crate::base::url::PEOPLE_RECRUITMENT_STATUS,
            post(set_status),
        )
}

// ------------------------------------------------------------------ list and export

pub struct CampaignRow {
    pub c: CampaignRecord,
    pub kind: String,
    pub status: String,
    pub region_name: String,
    /// The sum of the positions' quotas and of their hires.
    pub quota: i64,
    pub hired: i64,
}

fn campaign_row(tr: &Tr, c: CampaignRecord, names: &HashMap<String, String>) -> CampaignRow {
    CampaignRow {
        kind: label(tr, "kind", &c.kind),
        status: label(tr, "cstatus", &c.status),
        region_name: names.get(&c.region_code).cloned().unwrap_or_default(),
        quota: 0,
        hired: 0,
        c,
    }
}

async fn campaign_rows(
    state: &AppState,
    auth: &Auth,
    tr: &Tr,
) -> Result<Vec<CampaignRow>, AppError> {
    let names = region_names(state, &auth.actor.scope).await?;
    let mut rows = Vec::new();
    for c in rec::list_campaigns(&state.db, &auth.actor.scope, false).await? {
        let positions = rec::positions(&state.db, &auth.actor.scope, &c.id).await?;
        let mut row = campaign_row(tr, c, &names);
        row.quota = positions.iter().map(|p| p.quota).sum();
        row.hired = positions.iter().map(|p| p.hired).sum();
        rows.push(row);
    }
    Ok(rows)
}

#[derive(Template)]
#[template(path = "people/campaign_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<CampaignRow>,
    can_write: bool,
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let page = ListPage {
        ctx: PageCtx::new(&ctx, "people"),
        rows: campaign_rows(&state, &auth, &ctx.tr).await?,
        can_write: can_organise(&auth),
    };
    render_status(&page, StatusCode::OK)
}

async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let rows: Vec<Vec<String>> = campaign_rows(&state, &auth, tr)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                r.c.year.to_string(),
                r.c.title,
                r.kind,
                r.c.region_code,
                r.region_name,
                r.quota.to_string(),
                r.hired.to_string(),
                r.status,
                r.c.note,
            ]
        })
        .collect();
    let headers: Vec<String> = [
        "field-year",
        "field-title",
        "field-kind",
        "field-region_code",
        "field-region_name",
        "field-quota",
        "pt-hired",
        "field-status",
        "field-note",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    use usecase::tabular::Kind::{Number, Text};
    tabular::kinds_xlsx_response(
        &tr.t("pt-recruitment"),
        &headers,
        &[Number, Text, Text, Text, Text, Number, Number],
        &rows,
        "campaigns.xlsx",
    )
}

// ------------------------------------------------------------------ a new campaign

#[derive(Template)]
#[template(path = "people/campaign_form.html")]
struct NewPage {
    ctx: PageCtx,
    form: CampaignInput,
    positions: Vec<PositionInput>,
    regions: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    error: Option<String>,
}

async fn new_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    form: CampaignInput,
    mut positions: Vec<PositionInput>,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    if !can_organise(auth) {
        return Err(AppError::forbidden());
    }
    if positions.len() < POSITION_ROWS {
        positions.resize_with(POSITION_ROWS, PositionInput::default);
    }
    let status = error.as_ref().map(|e| e.status).unwrap_or(StatusCode::OK);
    let page = NewPage {
        ctx: PageCtx::new(ctx, "people"),
        form,
        positions,
        regions: region_choices(state, &auth.actor.scope).await?,
        kinds: choices(
            &ctx.tr,
            "kind",
            CampaignKind::ALL.iter().map(|k| k.as_str()),
        ),
        error: error.map(|e| e.message(&ctx.tr)),
    };
    render_status(&page, status)
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
) -> Result<Response, AppError> {
    let form = CampaignInput {
        region_code: auth.user.region_code.clone(),
        year: today().year().to_string(),
        ..Default::default()
    };
    new_page(&state, &auth, &ctx, form, Vec::new(), None).await
}

fn blank(p: &PositionInput) -> bool {
    p.title.trim().is_empty() && p.quota.trim().is_empty()
}

/// `positions[N].title|quota|region_code` rows of the form (at most 100).
fn position_rows(map: &HashMap<String, String>) -> Vec<PositionInput> {
    let get = |k: String| map.get(&k).cloned().unwrap_or_default();
    let count = map
        .keys()
        .filter_map(|k| k.strip_prefix("positions["))
        .filter_map(|r| r.split_once(']'))
        .filter_map(|(n, _)| n.parse::<usize>().ok())
        .map(|n| n + 1)
        .max()
        .unwrap_or(0)
        .min(100);
    (0..count)
        .map(|i| PositionInput {
            title: get(format!("positions[{i}].title")),
            quota: get(format!("positions[{i}].quota")),
            region_code: get(format!("positions[{i}].region_code")),
        })
        .collect()
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let get = |k: &str| map.get(k).cloned().unwrap_or_default();
    let form = CampaignInput {
        region_code: get("region_code"),
        title: get("title"),
        kind: get("kind"),
        year: get("year"),
        note: get("note"),
    };
    let rows = position_rows(&map);
    let tr = &ctx.tr;
    let validated = (|| -> Result<_, AppError> {
        let c = form.validate()?;
        let mut positions = Vec::new();
        for (i, p) in rows.iter().enumerate() {
            if blank(p) {
                continue;
            }
            let p = PositionInput {
                region_code: if p.region_code.trim().is_empty() {
                    form.region_code.clone()
                } else {
                    p.region_code.clone()
                },
                ..p.clone()
            };
            let v = p.validate().map_err(|e| {
                let message = format!(
                    "{}{}",
                    tr.t1("pt-position-row", "row", &(i + 1)),
                    tr.field_error(&e)
                );
                AppError::from(e).with_message(message)
            })?;
            positions.push(v);
        }
        if positions.is_empty() {
            return Err(AppError::from(FieldError::new("common.required", "title"))
                .with_message(tr.t("pt-positions-required")));
        }
        Ok((c, positions))
    })();
    let (c, positions) = match validated {
        Ok(v) => v,
        Err(e) => return new_page(&state, &auth, &ctx, form, rows, Some(e)).await,
    };
    match rec::create_campaign(&state.db, &auth.actor, &c, &positions).await {
        Ok(r) => {
            Ok(Redirect::to(&crate::base::url::people_recruitment_drive(&r.id)).into_response())
        }
        Err(e) => {
            let e = in_page(e.into())?;
            new_page(&state, &auth, &ctx, form, rows, Some(e)).await
        }
    }
}

// ------------------------------------------------------------------ one campaign

pub struct PositionRow {
    pub p: PositionRecord,
    pub region_name: String,
}

pub struct ApplicantRow {
    pub a: ApplicantRecord,
    pub id_number: String,
    pub position: String,
    pub result: String,
}

#[derive(Template)]
#[template(path = "people/campaign_detail.html")]
struct DetailPage {
    ctx: PageCtx,
    c: CampaignRow,
    positions: Vec<PositionRow>,
    applicants: Vec<ApplicantRow>,
    people: Vec<PersonChoice>,
    can_write: bool,
    open: bool,
    error: Option<String>,
}

struct Loaded {
    c: CampaignRow,
    positions: Vec<PositionRow>,
    applicants: Vec<ApplicantRow>,
}

async fn load(state: &AppState, auth: &Auth, tr: &Tr, id: &str) -> Result<Loaded, AppError> {
    let c = rec::get_campaign(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let names = region_names(state, &auth.actor.scope).await?;
    let positions: Vec<PositionRow> = rec::positions(&state.db, &auth.actor.scope, id)
        .await?
        .into_iter()
        .map(|p| PositionRow {
            region_name: names.get(&p.region_code).cloned().unwrap_or_default(),
            p,
        })
        .collect();
    let ids = masked_ids(state, auth).await?;
    let applicants = rec::applicants(&state.db, &auth.actor.scope, id)
        .await?
        .into_iter()
        .map(|a| ApplicantRow {
            id_number: ids.get(&a.person_id).cloned().unwrap_or_default(),
            position: positions
                .iter()
                .find(|p| p.p.id == a.position_id)
                .map(|p| p.p.title.clone())
                .unwrap_or_default(),
            result: label(tr, "result", &a.result),
            a,
        })
        .collect();
    Ok(Loaded {
        c: campaign_row(tr, c, &names),
        positions,
        applicants,
    })
}

async fn detail_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let l = load(state, auth, &ctx.tr, id).await?;
    let can_write = can_organise(auth);
    let people = if can_write {
        person_choices(state, auth).await?
    } else {
        Vec::new()
    };
    let status = error.as_ref().map(|e| e.status).unwrap_or(StatusCode::OK);
    let page = DetailPage {
        ctx: PageCtx::new(ctx, "people"),
        open: l.c.c.status == CampaignStatus::Open.as_str(),
        c: l.c,
        positions: l.positions,
        applicants: l.applicants,
        people,
        can_write,
        error: error.map(|e| e.message(&ctx.tr)),
    };
    render_status(&page, status)
}

async fn show(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    detail_page(&state, &auth, &ctx, &id, None).await
}

/// Back to the campaign page, or the page with the error in place.
async fn done<T>(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    result: Result<T, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(_) => Ok(Redirect::to(&crate::base::url::people_recruitment_drive(id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            detail_page(state, auth, ctx, id, Some(e)).await
        }
    }
}

async fn add_position(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<PositionInput>,
) -> Result<Response, AppError> {
    let result = match form.validate() {
        Ok(p) => rec::add_position(&state.db, &auth.actor, &id, &p)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    done(&state, &auth, &ctx, &id, result).await
}

async fn add_applicant(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ApplicantInput>,
) -> Result<Response, AppError> {
    let result = match form.validate() {
        Ok(a) => rec::add_applicant(&state.db, &auth.actor, &a)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    done(&state, &auth, &ctx, &id, result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ScoresForm {
    written_score: String,
    interview_score: String,
}

async fn set_scores(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, aid)): Path<(String, String)>,
    Form(f): Form<ScoresForm>,
) -> Result<Response, AppError> {
    let result = match scores(&f.written_score, &f.interview_score) {
        Ok((w, i)) => rec::set_scores(&state.db, &auth.actor, &aid, w, i)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    done(&state, &auth, &ctx, &id, result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecideForm {
    result: String,
}

async fn decide(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, aid)): Path<(String, String)>,
    Form(f): Form<DecideForm>,
) -> Result<Response, AppError> {
    let result = match ApplicantResult::parse(&f.result) {
        Ok(r) => rec::decide(&state.db, &auth.actor, &aid, r)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    done(&state, &auth, &ctx, &id, result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatusForm {
    status: String,
}

async fn set_status(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(f): Form<StatusForm>,
) -> Result<Response, AppError> {
    let result = match CampaignStatus::parse(&f.status) {
        Ok(s) => rec::set_status(&state.db, &auth.actor, &id, s)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    done(&state, &auth, &ctx, &id, result).await
}

async fn export_applicants(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let l = load(&state, &auth, tr, &id).await?;
    let rows: Vec<Vec<String>> = l
        .applicants
        .into_iter()
        .map(|r| {
            vec![
                r.position,
                r.a.person_name,
                r.id_number,
                r.a.region_code,
                r.a.written_score.unwrap_or_default(),
                r.a.interview_score.unwrap_or_default(),
                r.a.total_score.unwrap_or_default(),
                r.result,
            ]
        })
        .collect();
    let headers: Vec<String> = [
        "field-position_id",
        "pp-col-name",
        "field-id_number",
        "field-region_code",
        "field-written_score",
        "field-interview_score",
        "pt-total-score",
        "field-result",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    use usecase::tabular::Kind::{Number, Text};
    tabular::kinds_xlsx_response(
        &tr.t("pt-applicants"),
        &headers,
        &[Text, Text, Text, Text, Number, Number, Number],
        &rows,
        "applicants.xlsx",
    )
}
