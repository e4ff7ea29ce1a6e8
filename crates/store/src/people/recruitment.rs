//! Recruitment (招录): campaigns with positions and quotas, applicants with exact scores and
//! a result. Hiring is checked against the position's quota; a hire of a reserve-cadre exam
//! (公开招考村级后备干部) joins the talent pool as a reserve cadre in the same transaction, a
//! public-institution hire (事业单位招聘) is recorded only.

use super::{check_organise, check_region, in_scope, json, resolve_person, stored_region};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::decimal::Decimal;
use domain::identity::{Actor, Scope};
use domain::people::PersonRef;
use domain::people::entity;
use domain::people::recruitment::{
    Applicant, ApplicantResult, Campaign, CampaignKind, CampaignStatus, Position, total,
};
use domain::people::talent::{Talent, TalentCategory, TalentPool, TalentStatus};
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CampaignRecord {
    pub id: String,
    pub region_code: String,
    pub title: String,
    /// reserve_cadre_exam or public_institution
    pub kind: String,
    pub year: i32,
    /// open or closed
    pub status: String,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PositionRecord {
    pub id: String,
    pub campaign_id: String,
    pub region_code: String,
    pub title: String,
    pub quota: i64,
    /// Applicants hired so far.
    pub hired: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ApplicantRecord {
    pub id: String,
    pub position_id: String,
    pub campaign_id: String,
    pub person_id: String,
    pub person_name: String,
    /// The person's region.
    pub region_code: String,
    pub written_score: Option<String>,
    pub interview_score: Option<String>,
    /// Written plus interview score, once both are known.
    pub total_score: Option<String>,
    /// pending, hired or not_hired
    pub result: String,
    /// The talent-pool entry a reserve-cadre hire joined.
    pub talent_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

macro_rules! position_select {
    () => {
        "SELECT p.id, p.campaign_id, p.region_code, p.title, p.quota,
                (SELECT COUNT(*) FROM people_applicants a WHERE a.position_id = p.id
                   AND a.result = 'hired') AS hired,
                p.created_at, p.updated_at
         FROM people_positions p "
    };
}

macro_rules! applicant_select {
    () => {
        "SELECT a.id, a.position_id, p.campaign_id, a.person_id, n.name AS person_name,
                n.region_code, a.written_score, a.interview_score, a.total_score, a.result,
                a.talent_id, a.created_at, a.updated_at
         FROM people_applicants a JOIN people_positions p ON p.id = a.position_id
         JOIN people_persons n ON n.id = a.person_id "
    };
}

/// Campaigns in scope, newest year first.
pub async fn list_campaigns(
    db: &Db,
    scope: &Scope,
    include_archived: bool,
) -> Result<Vec<CampaignRecord>, StoreError> {
    let mut q = List::new("*", "FROM people_campaigns");
    q.scoped("region_code", scope)
        .unarchived("archived", include_archived)
        .order_by("year DESC, created_at DESC, id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

pub async fn get_campaign(
    db: &Db,
    scope: &Scope,
    id: &str,
) -> Result<Option<CampaignRecord>, StoreError> {
    let row: Option<CampaignRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM people_campaigns WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.filter(|r| in_scope(scope, &r.region_code)))
}

/// The positions of a campaign in scope, with their hired counts.
pub async fn positions(
    db: &Db,
    scope: &Scope,
    campaign_id: &str,
) -> Result<Vec<PositionRecord>, StoreError> {
    if get_campaign(db, scope, campaign_id).await?.is_none() {
        return Ok(Vec::new());
    }
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(concat!(
            position_select!(),
            "WHERE p.campaign_id = $1 ORDER BY p.created_at, p.id"
        ))
        .bind(campaign_id)
        .fetch_all(pool)
        .await?
    }))
}

/// The applicants of a campaign in scope, by position and application.
pub async fn applicants(
    db: &Db,
    scope: &Scope,
    campaign_id: &str,
) -> Result<Vec<ApplicantRecord>, StoreError> {
    if get_campaign(db, scope, campaign_id).await?.is_none() {
        return Ok(Vec::new());
    }
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(concat!(
            applicant_select!(),
            "WHERE p.campaign_id = $1 ORDER BY p.created_at, p.id, a.created_at, a.id"
        ))
        .bind(campaign_id)
        .fetch_all(pool)
        .await?
    }))
}

async fn campaign_in_tx(tx: &mut Tx, id: &str) -> Result<Option<CampaignRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM people_campaigns WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn position_in_tx(tx: &mut Tx, id: &str) -> Result<Option<PositionRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(concat!(position_select!(), "WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn applicant_in_tx(tx: &mut Tx, id: &str) -> Result<Option<ApplicantRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(concat!(applicant_select!(), "WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn log(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
    region: &str,
    action: Action,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> Result<(), StoreError> {
    audit::change(
        tx,
        actor,
        action,
        audit::Subject {
            entity: entity::CAMPAIGN,
            id,
            region: Some(region),
        },
        before.as_ref(),
        Some(&after),
    )
    .await
}

/// A campaign the actor may change (open unless `allow_closed`).
async fn campaign_for_write(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
    allow_closed: bool,
) -> Result<CampaignRecord, StoreError> {
    let c = campaign_in_tx(tx, id)
        .await?
        .filter(|c| in_scope(&actor.scope, &c.region_code))
        .ok_or(DomainError::NotFound)?;
    check_organise(actor, &stored_region(&c.region_code)?)?;
    if !allow_closed && c.status != CampaignStatus::Open.as_str() {
        return Err(DomainError::Conflict("people.campaign_closed").into());
    }
    Ok(c)
}

async fn insert_position(
    tx: &mut Tx,
    actor: &Actor,
    campaign: &CampaignRecord,
    p: &Position,
) -> Result<PositionRecord, StoreError> {
    let inside = stored_region(&campaign.region_code)?.contains(&p.region);
    if !inside {
        return Err(FieldError::new("people.position_region", "region_code")
            .arg("value", p.region.as_str())
            .into());
    }
    check_region(tx, &p.region, "region_code").await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO people_positions (id, campaign_id, region_code, title, quota, created_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(&id)
        .bind(&campaign.id)
        .bind(p.region.as_str())
        .bind(&p.title)
        .bind(p.quota)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = position_in_tx(tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    log(
        tx,
        actor,
        &id,
        &campaign.region_code,
        Action::Create,
        None,
        json(&record),
    )
    .await?;
    Ok(record)
}

/// Opens a campaign with its positions (district administrator or town officer).
pub async fn create_campaign(
    db: &Db,
    actor: &Actor,
    c: &Campaign,
    positions: &[Position],
) -> Result<CampaignRecord, StoreError> {
    check_organise(actor, &c.region)?;
    let mut tx = db.begin_write().await?;
    check_region(&mut tx, &c.region, "region_code").await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO people_campaigns (id, region_code, title, kind, year, status, note,
                 archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(&id)
        .bind(c.region.as_str())
        .bind(&c.title)
        .bind(c.kind.as_str())
        .bind(c.year)
        .bind(CampaignStatus::Open.as_str())
        .bind(&c.note)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let campaign = campaign_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    log(
        &mut tx,
        actor,
        &id,
        &campaign.region_code,
        Action::Create,
        None,
        json(&campaign),
    )
    .await?;
    for p in positions {
        insert_position(&mut tx, actor, &campaign, p).await?;
    }
    tx.commit().await?;
    Ok(campaign)
}

/// Adds a position to an open campaign.
pub async fn add_position(
    db: &Db,
    actor: &Actor,
    campaign_id: &str,
    p: &Position,
) -> Result<PositionRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let campaign = campaign_for_write(&mut tx, actor, campaign_id, false).await?;
    let record = insert_position(&mut tx, actor, &campaign, p).await?;
    tx.commit().await?;
    Ok(record)
}

/// Closes (or reopens) a campaign; a closed campaign takes no applicants, scores or results.
pub async fn set_status(
    db: &Db,
    actor: &Actor,
    id: &str,
    status: CampaignStatus,
) -> Result<CampaignRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = campaign_for_write(&mut tx, actor, id, true).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE people_campaigns SET status = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(status.as_str())
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = campaign_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let action = match status {
        CampaignStatus::Closed => Action::Close,
        CampaignStatus::Open => Action::Reopen,
    };
    log(
        &mut tx,
        actor,
        id,
        &new.region_code,
        action,
        Some(json(&old)),
        json(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

fn text(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// Registers an applicant (a person in the actor's scope) for a position of an open
/// campaign; one application per person and position (`people.applicant_exists`).
pub async fn add_applicant(
    db: &Db,
    actor: &Actor,
    a: &Applicant,
) -> Result<ApplicantRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let position_unknown = || {
        StoreError::from(
            FieldError::new("people.position_unknown", "position_id")
                .arg("value", a.position_id.to_string()),
        )
    };
    let position = position_in_tx(&mut tx, &a.position_id.to_string())
        .await?
        .ok_or_else(position_unknown)?;
    // A position of a campaign out of scope reads like an unknown one.
    let campaign = match campaign_for_write(&mut tx, actor, &position.campaign_id, false).await {
        Err(StoreError::Domain(DomainError::NotFound)) => return Err(position_unknown()),
        other => other?,
    };
    let (person_id, _) = resolve_person(&mut tx, &actor.scope, &PersonRef::Id(a.person_id)).await?;
    let (n,): (i64,) = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT COUNT(*) FROM people_applicants WHERE position_id = $1 AND person_id = $2",
        )
        .bind(&position.id)
        .bind(&person_id)
        .fetch_one(conn)
        .await?
    });
    if n > 0 {
        return Err(DomainError::Conflict("people.applicant_exists").into());
    }
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO people_applicants (id, position_id, person_id, written_score,
                 interview_score, total_score, result, talent_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $8)",
        )
        .bind(&id)
        .bind(&position.id)
        .bind(&person_id)
        .bind(text(a.written_score))
        .bind(text(a.interview_score))
        .bind(text(a.total()))
        .bind(ApplicantResult::Pending.as_str())
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = applicant_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    log(
        &mut tx,
        actor,
        &id,
        &campaign.region_code,
        Action::Create,
        None,
        json(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

async fn applicant_for_write(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
) -> Result<(ApplicantRecord, CampaignRecord), StoreError> {
    let a = applicant_in_tx(tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let c = campaign_for_write(tx, actor, &a.campaign_id, false).await?;
    Ok((a, c))
}

/// Enters the scores (each none while unknown); the total is computed exactly.
pub async fn set_scores(
    db: &Db,
    actor: &Actor,
    applicant_id: &str,
    written: Option<Decimal>,
    interview: Option<Decimal>,
) -> Result<ApplicantRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (old, campaign) = applicant_for_write(&mut tx, actor, applicant_id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE people_applicants SET written_score = $2, interview_score = $3,
                 total_score = $4, updated_at = $5 WHERE id = $1",
        )
        .bind(applicant_id)
        .bind(text(written))
        .bind(text(interview))
        .bind(text(total(written, interview)))
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = applicant_in_tx(&mut tx, applicant_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    log(
        &mut tx,
        actor,
        applicant_id,
        &campaign.region_code,
        Action::Update,
        Some(json(&old)),
        json(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// The day a reserve-cadre hire enters the pool: the day of the decision, at the latest 31
/// December of the campaign's year (a hire recorded after that year entered the pool in it).
pub fn hire_entered_on(year: i32) -> chrono::NaiveDate {
    let today = domain::time::today();
    chrono::NaiveDate::from_ymd_opt(year, 12, 31)
        .filter(|end| *end < today)
        .unwrap_or(today)
}

/// Decides an applicant's result. Hiring is refused when the position's quota is reached
/// (`people.quota_full`); a hire is final (`people.applicant_hired`). A hire of a
/// reserve-cadre exam joins the talent pool as a reserve cadre (status reserve, entered on
/// [`hire_entered_on`]; an open reserve-cadre entry of the person is linked instead), in the
/// same transaction.
pub async fn decide(
    db: &Db,
    actor: &Actor,
    applicant_id: &str,
    result: ApplicantResult,
) -> Result<ApplicantRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let (old, campaign) = applicant_for_write(&mut tx, actor, applicant_id).await?;
    if old.result == ApplicantResult::Hired.as_str() {
        if result == ApplicantResult::Hired {
            tx.commit().await?;
            return Ok(old);
        }
        return Err(DomainError::Conflict("people.applicant_hired").into());
    }
    let mut talent_id = None;
    if result == ApplicantResult::Hired {
        let position = position_in_tx(&mut tx, &old.position_id)
            .await?
            .ok_or(DomainError::NotFound)?;
        if position.hired >= position.quota {
            return Err(DomainError::Conflict("people.quota_full").into());
        }
        if campaign.kind == CampaignKind::ReserveCadreExam.as_str() {
            let existing: Option<(String,)> = on_tx!(&mut tx, |conn| {
                sqlx::query_as(
                    "SELECT id FROM people_talent WHERE person_id = $1 AND pool = $2
                       AND NOT archived",
                )
                .bind(&old.person_id)
                .bind(TalentPool::ReserveCadre.as_str())
                .fetch_optional(conn)
                .await?
            });
            talent_id = Some(match existing {
                Some((id,)) => id,
                None => {
                    let person_id = old
                        .person_id
                        .parse::<Id>()
                        .map_err(|_| DomainError::NotFound)?;
                    let t = Talent {
                        person_id,
                        pool: TalentPool::ReserveCadre,
                        category: TalentCategory::Other,
                        skills: String::new(),
                        tags: String::new(),
                        status: TalentStatus::Reserve,
                        post_id: None,
                        note: campaign.title.clone(),
                        entered_on: hire_entered_on(campaign.year),
                        left_on: None,
                    };
                    super::talent::insert(&mut tx, actor, &t, Action::Create)
                        .await?
                        .id
                }
            });
        }
    }
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE people_applicants SET result = $2, talent_id = COALESCE($3, talent_id),
                 updated_at = $4 WHERE id = $1",
        )
        .bind(applicant_id)
        .bind(result.as_str())
        .bind(&talent_id)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = applicant_in_tx(&mut tx, applicant_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    log(
        &mut tx,
        actor,
        applicant_id,
        &campaign.region_code,
        Action::Review,
        Some(json(&old)),
        json(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}
