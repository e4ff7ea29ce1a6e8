//! Production in the JSON API: units, batches, logs, paying labour and households.

use super::{read_only, writable, yuan};
use crate::base::ctx::SignedIn;
use crate::base::json;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::FieldError;
use domain::industry::{BatchInput, LogInput, UnitInput};
use serde::{Deserialize, Serialize};
use store::industry::production;
use store::industry::production::{BatchRecord, LogRecord, UnitRecord};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: String,
    pub project_id: String,
    /// greenhouse, plot or other.
    pub kind: String,
    pub name: String,
    /// Exact decimal text.
    pub area_m2: String,
    pub built_on: Option<String>,
    /// The fixed asset it is (e.g. its card number).
    pub asset_note: String,
    pub created_at: String,
}

impl From<UnitRecord> for UnitDto {
    fn from(u: UnitRecord) -> Self {
        UnitDto {
            id: u.id,
            project_id: u.project_id,
            kind: u.kind,
            name: u.name,
            area_m2: u.area_m2,
            built_on: u.built_on,
            asset_note: u.asset_note,
            created_at: u.created_at,
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct UnitCreate {
    /// greenhouse, plot or other.
    pub kind: String,
    pub name: String,
    /// Exact decimal text, m².
    pub area_m2: String,
    /// YYYY-MM-DD, optional.
    pub built_on: String,
    pub asset_note: String,
}

/// The production units (greenhouses, plots) of a project, by name.
#[utoipa::path(get, path = "/api/v1/projects/{id}/units", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<UnitDto>), (status = 404, body = ErrorBody)))]
pub async fn list_units(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<UnitDto>>, AppError> {
    crate::industry::project_in_scope(&state, &auth, &id).await?;
    let rows = production::units(&state.db, &auth.actor.scope, &id).await?;
    Ok(Json(rows.into_iter().map(UnitDto::from).collect()))
}

/// Adds a production unit (a greenhouse, a plot) to a project.
#[utoipa::path(post, path = "/api/v1/projects/{id}/units", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = UnitCreate,
    responses((status = 201, body = UnitDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_unit(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<UnitCreate>,
) -> Result<(StatusCode, Json<UnitDto>), AppError> {
    writable(&state, &auth, &id).await?;
    let u = UnitInput {
        kind: body.kind,
        name: body.name,
        area_m2: body.area_m2,
        built_on: body.built_on,
        asset_note: body.asset_note,
    }
    .validate()?;
    let record = production::create_unit(&state.db, &auth.actor, &id, &u).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[derive(Serialize, ToSchema)]
pub struct BatchDto {
    pub id: String,
    pub unit_id: String,
    pub crop: String,
    pub variety: String,
    pub started_on: String,
    /// Exact decimal text.
    pub size: String,
    pub size_unit: String,
    pub created_at: String,
}

impl From<BatchRecord> for BatchDto {
    fn from(b: BatchRecord) -> Self {
        BatchDto {
            id: b.id,
            unit_id: b.unit_id,
            crop: b.crop,
            variety: b.variety,
            started_on: b.started_on,
            size: b.size,
            size_unit: b.size_unit,
            created_at: b.created_at,
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct BatchCreate {
    pub crop: String,
    pub variety: String,
    /// YYYY-MM-DD.
    pub started_on: String,
    /// Exact decimal text.
    pub size: String,
    /// e.g. 袋, 株, m².
    pub size_unit: String,
}

/// The batches of a project (all its units), by start date.
#[utoipa::path(get, path = "/api/v1/projects/{id}/batches", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<BatchDto>), (status = 404, body = ErrorBody)))]
pub async fn list_batches(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<BatchDto>>, AppError> {
    crate::industry::project_in_scope(&state, &auth, &id).await?;
    let rows = production::batches(&state.db, &auth.actor.scope, &id).await?;
    Ok(Json(rows.into_iter().map(BatchDto::from).collect()))
}

/// Starts a batch in a production unit.
#[utoipa::path(post, path = "/api/v1/units/{id}/batches", tag = "industry",
    params(("id" = String, Path, description = "Unit id")), request_body = BatchCreate,
    responses((status = 201, body = BatchDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_batch(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<BatchCreate>,
) -> Result<(StatusCode, Json<BatchDto>), AppError> {
    // The unit's scope is checked by the store; an invalid body says nothing about it.
    read_only(&auth)?;
    let b = BatchInput {
        crop: body.crop,
        variety: body.variety,
        started_on: body.started_on,
        size: body.size,
        size_unit: body.size_unit,
    }
    .validate()?;
    let record = production::create_batch(&state.db, &auth.actor, &id, &b).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[derive(Serialize, ToSchema)]
pub struct LogDto {
    pub id: String,
    pub batch_id: String,
    /// input, activity, harvest, sale or labour.
    pub kind: String,
    pub date: String,
    pub note: String,
    /// The material (input) or product (harvest, sale).
    pub item: Option<String>,
    /// Exact decimal text.
    pub quantity: Option<String>,
    pub unit: Option<String>,
    /// Input cost, fen.
    pub cost: Option<i64>,
    pub grade: Option<String>,
    pub buyer: Option<String>,
    /// Fen per `unit`.
    pub unit_price: Option<i64>,
    /// Sale amount, fen.
    pub amount: Option<i64>,
    pub person_id: Option<String>,
    /// Exact decimal text.
    pub days: Option<String>,
    /// Wage, fen.
    pub wage: Option<i64>,
    /// The draft voucher of a sale (income) or labour log (应付劳务费).
    pub voucher_id: Option<String>,
    /// The voucher that paid a labour log.
    pub paid_voucher_id: Option<String>,
    pub created_by: String,
    pub created_at: String,
}

impl From<LogRecord> for LogDto {
    fn from(l: LogRecord) -> Self {
        LogDto {
            id: l.id,
            batch_id: l.batch_id,
            kind: l.kind,
            date: l.date,
            note: l.note,
            item: l.item,
            quantity: l.quantity,
            unit: l.unit,
            cost: l.cost,
            grade: l.grade,
            buyer: l.buyer,
            unit_price: l.unit_price,
            amount: l.amount,
            person_id: l.person_id,
            days: l.days,
            wage: l.wage,
            voucher_id: l.voucher_id,
            paid_voucher_id: l.paid_voucher_id,
            created_by: l.created_by,
            created_at: l.created_at,
        }
    }
}

/// A log on a batch; which fields count depends on `kind`.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct LogCreate {
    /// input, activity, harvest, sale or labour.
    pub kind: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// input: the material; harvest and sale: the product.
    pub item: String,
    /// Exact decimal text (input, harvest, sale).
    pub quantity: String,
    /// g, kg, 斤, 袋, … (input, harvest, sale).
    pub unit: String,
    /// input: cost, fen.
    pub cost: Option<i64>,
    /// Any log; required for an activity.
    pub note: String,
    /// harvest: grade.
    pub grade: String,
    /// sale: the buyer.
    pub buyer: String,
    /// sale: fen per `unit`.
    pub unit_price: Option<i64>,
    /// sale: fen; absent = quantity × unit price.
    pub amount: Option<i64>,
    /// sale: the account debited; absent is 102 银行存款 (e.g. 113 for a sale on credit).
    pub debit_account: String,
    /// labour: a person of the registry.
    pub person_id: String,
    /// labour: exact decimal text.
    pub days: String,
    /// labour: fen.
    pub wage: Option<i64>,
}

/// The logs of a project (all its units and batches), by date.
#[utoipa::path(get, path = "/api/v1/projects/{id}/logs", tag = "industry",
    params(("id" = String, Path, description = "Project id")),
    responses((status = 200, body = Vec<LogDto>), (status = 404, body = ErrorBody)))]
pub async fn list_logs(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<LogDto>>, AppError> {
    crate::industry::project_in_scope(&state, &auth, &id).await?;
    let rows = production::logs(&state.db, &auth.actor.scope, &id).await?;
    Ok(Json(rows.into_iter().map(LogDto::from).collect()))
}

/// Records a log on a batch. A sale creates its draft income voucher and a labour log its
/// 应付劳务费 voucher in the same transaction; `voucher_id` names it.
#[utoipa::path(post, path = "/api/v1/batches/{id}/logs", tag = "industry",
    params(("id" = String, Path, description = "Batch id")), request_body = LogCreate,
    responses((status = 201, body = LogDto), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_log(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<LogCreate>,
) -> Result<(StatusCode, Json<LogDto>), AppError> {
    // The batch's scope is checked by the store; an invalid body says nothing about it.
    read_only(&auth)?;
    let log = LogInput {
        kind: body.kind,
        date: body.date,
        item: body.item,
        quantity: body.quantity,
        unit: body.unit,
        cost: yuan(body.cost),
        note: body.note,
        grade: body.grade,
        buyer: body.buyer,
        unit_price: yuan(body.unit_price),
        amount: yuan(body.amount),
        debit_account: body.debit_account,
        person_id: body.person_id,
        days: body.days,
        wage: yuan(body.wage),
    }
    .validate()?;
    let (record, _voucher) = production::add_log(&state.db, &auth.actor, &id, &log).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct LabourPayment {
    /// Labour logs of this project not yet paid.
    pub log_ids: Vec<String>,
    /// YYYY-MM-DD of the payment voucher.
    pub date: String,
}

#[derive(Serialize, ToSchema)]
pub struct LabourPaid {
    /// The draft payment voucher (debit wages payable, credit 102 银行存款).
    pub voucher_id: String,
    /// Total paid, fen.
    pub total: i64,
    pub log_ids: Vec<String>,
}

/// Pays labour logs of the project with one voucher (debit wages payable, credit 102) and
/// marks them paid; all or nothing.
#[utoipa::path(post, path = "/api/v1/projects/{id}/labour-payments", tag = "industry",
    params(("id" = String, Path, description = "Project id")), request_body = LabourPayment,
    responses((status = 201, body = LabourPaid), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn pay_labour(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<LabourPayment>,
) -> Result<(StatusCode, Json<LabourPaid>), AppError> {
    writable(&state, &auth, &id).await?;
    let own = production::logs(&state.db, &auth.actor.scope, &id).await?;
    if let Some(stray) = body
        .log_ids
        .iter()
        .find(|l| !own.iter().any(|o| &o.id == *l))
    {
        return Err(FieldError::new("common.choice_invalid", "log_ids")
            .arg("value", stray.trim())
            .into());
    }
    let text = body.date.trim();
    if text.is_empty() {
        return Err(FieldError::new("common.required", "date").into());
    }
    let date = domain::time::parse_date(text)
        .ok_or_else(|| FieldError::new("common.date_invalid", "date").arg("value", text))?;
    let voucher = production::pay_labour(&state.db, &auth.actor, &body.log_ids, date).await?;
    Ok((
        StatusCode::CREATED,
        Json(LabourPaid {
            voucher_id: voucher.id,
            total: voucher.total,
            log_ids: body.log_ids,
        }),
    ))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct HouseholdSet {
    /// The household the person belongs to (e.g. 王某某户); empty: the person alone.
    pub household: String,
}

#[derive(Serialize, ToSchema)]
pub struct HouseholdOfPerson {
    pub person_id: String,
    /// As stored: the household, or the person's id when they are their own household.
    pub household: String,
}

/// Sets the household a worker belongs to, for the results' households and their income.
#[utoipa::path(put, path = "/api/v1/people/{id}/household", tag = "industry",
    params(("id" = String, Path, description = "Person id")), request_body = HouseholdSet,
    responses((status = 200, body = HouseholdOfPerson), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_household(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Path(id): Path<String>,
    json::Json(body): json::Json<HouseholdSet>,
) -> Result<Json<HouseholdOfPerson>, AppError> {
    read_only(&auth)?;
    store::industry::results::set_household(&state.db, &auth.actor, &id, &body.household).await?;
    let household = match body.household.trim() {
        "" => id.clone(),
        h => h.to_string(),
    };
    Ok(Json(HouseholdOfPerson {
        person_id: id,
        household,
    }))
}
