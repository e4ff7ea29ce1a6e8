//! `GET /api/v1/pay-linkage`: each village's pay-linkage calculation of a year, scoped.

use crate::base::ctx::SignedIn;
use crate::base::params::{bad_param, region_param, year_param};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PayQuery {
    /// The year (YYYY), required.
    pub year: Option<String>,
    /// A region (12-digit code): the villages below it; default the caller's own region.
    pub region: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CadreDto {
    /// The person's id in the people registry.
    pub person: String,
    pub name: String,
    /// The post counted (party_secretary, committee_director, committee_member, …).
    pub post: String,
    /// The post's coefficient in hundredths (1.00 = 100).
    pub coefficient: i64,
    /// Months in post in the year (a month counts when held on its last day).
    pub months: u32,
    /// The share in fen (0 when excluded).
    pub amount: i64,
    /// Why no share: short_tenure or no_coefficient; null when paid.
    pub excluded: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct VillagePayDto {
    /// The village's code.
    pub region: String,
    pub region_name: String,
    pub year: i32,
    /// The calculation's id.
    pub id: String,
    pub policy: String,
    pub policy_name: String,
    /// draft, submitted, approved or returned.
    pub state: String,
    /// The pool in fen.
    pub pool: i64,
    /// What the shares sum to, fen (the pool, or 0 when no cadre is eligible).
    pub paid: i64,
    /// The approval's draft voucher, once approved.
    pub voucher: Option<String>,
    pub cadres: Vec<CadreDto>,
}

/// Each village's pay-linkage calculation of the year under `region` (default: the
/// caller's region), in the caller's scope (a region outside it is 404).
#[utoipa::path(get, path = "/api/v1/pay-linkage", tag = "assessment",
    params(PayQuery),
    responses((status = 200, body = Vec<VillagePayDto>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn pay_linkage(
    State(state): State<AppState>,
    SignedIn(auth, _): SignedIn,
    Query(q): Query<PayQuery>,
) -> Result<Json<Vec<VillagePayDto>>, AppError> {
    let year = year_param(q.year.as_deref())?.ok_or_else(|| bad_param("year", "", "YYYY"))?;
    let region = match region_param(&q.region, "region")? {
        Some(r) => r,
        None => auth
            .actor
            .scope
            .root()
            .cloned()
            .ok_or_else(|| bad_param("region", "", "region code"))?,
    };
    if !auth.actor.scope.contains(&region) {
        return Err(AppError::not_found());
    }
    let rows =
        store::assessment::pay::for_year(&state.db, &auth.actor.scope, &region, year).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (_, _, calc) = r.snapshot()?;
        out.push(VillagePayDto {
            cadres: calc
                .shares
                .into_iter()
                .map(|s| CadreDto {
                    person: s.person_id,
                    name: s.name,
                    post: s.post.as_str().to_string(),
                    coefficient: s.coefficient,
                    months: s.months,
                    amount: s.amount,
                    excluded: s.excluded.map(|e| {
                        match e {
                            domain::assessment::pay::Exclusion::ShortTenure => "short_tenure",
                            domain::assessment::pay::Exclusion::NoCoefficient => "no_coefficient",
                        }
                        .to_string()
                    }),
                })
                .collect(),
            region: r.region_code,
            region_name: r.region_name,
            year: r.year,
            id: r.id,
            policy: r.policy_id,
            policy_name: r.policy_name,
            state: r.state,
            pool: r.pool,
            paid: r.paid,
            voucher: r.voucher_id,
        });
    }
    Ok(Json(out))
}
