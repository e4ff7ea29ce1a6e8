//! Villagers' feedback (村民意见) stored: received from the public form of a village, held for
//! moderation, accepted into the problem list or rejected, answered in public.
//!
//! Invariants:
//! - the phone in full (`phone_full`) is read by one function only, [`reveal`], which writes
//!   the `reveal` audit entry in the same transaction; every other read selects
//!   [`COLUMNS`], which leave it out;
//! - every moderation step is `UPDATE … WHERE id = $1 AND state = $from` whose rows affected
//!   are checked: of N concurrent attempts exactly one moves the item, the others get
//!   `feedback.state_changed` and write nothing (accepting also creates the problem, in the
//!   same transaction, so a lost race leaves no problem behind);
//! - cadres read and write only feedback of villages in their scope (else "not found"); a
//!   rejected item is never public, an item is public only once answered.

use crate::mechanism::problems;
use crate::{Db, List, Page, StoreError, Tx, audit, on_pool, on_tx};
use domain::DomainError;
use domain::Id;
use domain::audit::{Action, entity};
use domain::disclosure::feedback::{self as rules, Feedback, State, Step};
use domain::disclosure::mask;
use domain::identity::{Actor, Scope};
use domain::mechanism::ProblemInput;
use domain::mechanism::problem::SourceKind;
use domain::region::{Level, RegionCode};
use serde::Serialize;
use std::collections::HashMap;

/// Every column but `phone_full`: what lists, pages, exports and the API read.
const COLUMNS: &str = "id, ref_no, region_code, body, sender_name, phone_masked, state, \
     reject_reason, problem_id, answer, received_at, moderated_at, moderated_by, answered_at, \
     answered_by, updated_at";

/// A feedback item as cadres see it: the phone masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct FeedbackRecord {
    pub id: String,
    pub ref_no: String,
    pub region_code: String,
    pub body: String,
    pub sender_name: String,
    pub phone_masked: String,
    pub state: String,
    pub reject_reason: String,
    pub problem_id: Option<String>,
    pub answer: String,
    pub received_at: String,
    pub moderated_at: Option<String>,
    pub moderated_by: String,
    pub answered_at: Option<String>,
    pub answered_by: String,
    pub updated_at: String,
}

impl FeedbackRecord {
    pub fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Received)
    }

    /// Whole days from receipt to answer, once answered.
    pub fn days_taken(&self) -> Option<i64> {
        self.answered_at
            .as_deref()
            .map(|a| rules::days_taken(&self.received_at, a))
    }
}

/// An answered feedback item as a village's public page shows it: no name, no phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicAnswer {
    pub id: String,
    pub region_code: String,
    /// What the villager wrote (as moderated).
    pub body: String,
    /// The public answer.
    pub answer: String,
    pub received_at: String,
    pub answered_at: String,
    /// Whole days from receipt to answer.
    pub days_taken: i64,
    /// The reference number the sender was given.
    pub ref_no: String,
}

/// The newest answered (and published) feedback of `region_code`, at most `limit`.
pub async fn answered_for_region(
    db: &Db,
    region_code: &str,
    limit: i64,
) -> Result<Vec<PublicAnswer>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM disclosure_feedback WHERE region_code = $1 AND state = 'answered'
         ORDER BY answered_at DESC, id DESC LIMIT $2"
    );
    let rows: Vec<FeedbackRecord> = on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(region_code)
            .bind(limit)
            .fetch_all(pool)
            .await?
    });
    Ok(rows
        .into_iter()
        .map(|r| PublicAnswer {
            days_taken: r.days_taken().unwrap_or(0),
            id: r.id,
            region_code: r.region_code,
            body: r.body,
            answer: r.answer,
            received_at: r.received_at,
            answered_at: r.answered_at.unwrap_or_default(),
            ref_no: r.ref_no,
        })
        .collect())
}

/// Stores feedback sent to the village `region_code` from its public page (state
/// `received`). The village must exist, be a village and not be archived (else not found).
pub async fn submit(
    db: &Db,
    region_code: &str,
    f: &Feedback,
) -> Result<FeedbackRecord, StoreError> {
    let code = RegionCode::parse(region_code).map_err(|_| DomainError::NotFound)?;
    if code.level() != Level::Village {
        return Err(DomainError::NotFound.into());
    }
    let mut tx = db.begin_write().await?;
    let live: Option<(bool,)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT archived FROM regions WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(conn)
            .await?
    });
    if live != Some((false,)) {
        return Err(DomainError::NotFound.into());
    }
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let ref_no = rules::reference(&id, &now);
    let masked = f.phone.as_deref().map(mask::phone).unwrap_or_default();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO disclosure_feedback (id, ref_no, region_code, body, sender_name,
                 phone_masked, phone_full, state, received_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(&id)
        .bind(&ref_no)
        .bind(code.as_str())
        .bind(&f.body)
        .bind(&f.name)
        .bind(&masked)
        .bind(f.phone.as_deref())
        .bind(State::Received.as_str())
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = row_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        &Actor::system("public"),
        Action::Create,
        audit::Subject::new(entity::FEEDBACK, &id, code.as_str()),
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

async fn row_in_tx(tx: &mut Tx, id: &str) -> Result<Option<FeedbackRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM disclosure_feedback WHERE id = $1");
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

fn in_scope(scope: &Scope, region: &str) -> bool {
    RegionCode::parse(region).is_ok_and(|c| scope.contains(&c))
}

/// List filters; empty means any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Feedback of this village (or of the villages below this town), within the scope.
    pub region: Option<RegionCode>,
    pub state: Option<State>,
}

/// Feedback in scope matching `filter`, those waiting first, newest first, and the count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    page: Page,
) -> Result<(Vec<FeedbackRecord>, i64), StoreError> {
    let range = match &filter.region {
        None => scope.range(),
        Some(r) if scope.contains(r) => domain::identity::prefix_range(r.subtree_prefix()),
        Some(_) => return Ok((Vec::new(), 0)),
    };
    let mut q = List::new(COLUMNS, "FROM disclosure_feedback");
    q.within("region_code", range)
        .eq("state", filter.state.map(|s| s.as_str()).unwrap_or(""))
        .order_by(
            "CASE state WHEN 'received' THEN 0 WHEN 'accepted' THEN 1 ELSE 2 END, \
             received_at DESC, id DESC",
        );
    q.fetch(db, page).await
}

/// One feedback item, when it lies in scope.
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<FeedbackRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM disclosure_feedback WHERE id = $1");
    let row: Option<FeedbackRecord> = on_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.filter(|r| in_scope(scope, &r.region_code)))
}

/// What a moderation step carries.
#[derive(Debug, Clone)]
pub enum Moderation {
    /// Accept: the problem to open (title, owner, deadline; its region is the village's and
    /// its description the feedback's text).
    Accept(ProblemInput),
    /// Reject, with the reason (never public).
    Reject { reason: String },
    /// Answer in public.
    Answer { answer: String },
}

impl Moderation {
    fn step(&self) -> Step {
        match self {
            Moderation::Accept(_) => Step::Accept,
            Moderation::Reject { .. } => Step::Reject,
            Moderation::Answer { .. } => Step::Answer,
        }
    }
}

/// Takes one moderation step (see [`domain::disclosure::feedback`]): guarded, so that of
/// concurrent steps on one item exactly one wins; audited.
pub async fn moderate(
    db: &Db,
    actor: &Actor,
    id: &str,
    m: &Moderation,
) -> Result<FeedbackRecord, StoreError> {
    let step = m.step();
    // Check the input before anything is written.
    let (reason, answer) = match m {
        Moderation::Reject { reason } => (rules::reason(reason)?, String::new()),
        Moderation::Answer { answer } => (String::new(), rules::answer(answer)?),
        Moderation::Accept(_) => (String::new(), String::new()),
    };
    let mut tx = db.begin_write().await?;
    let old = row_in_tx(&mut tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    if !step.allowed(actor.role) {
        return Err(DomainError::Forbidden.into());
    }
    let (from, to) = step.from_to();
    if old.state() != from {
        return Err(DomainError::Conflict("feedback.state_changed").into());
    }
    let problem = match m {
        Moderation::Accept(input) => {
            let region = RegionCode::parse(&old.region_code).map_err(|_| DomainError::NotFound)?;
            let mut input = input.clone();
            input.region_code = old.region_code.clone();
            input.parent_id = String::new();
            input.weight = String::new();
            if input.title.trim().is_empty() {
                input.title = old.body.chars().take(40).collect();
            }
            input.description = format!("{}\n({})", old.body, old.ref_no);
            Some((input.validate(Some(&region))?, region))
        }
        _ => None,
    };
    let now = domain::time::now_text();
    let who = actor_name(&mut tx, actor).await?;
    // The guard: only the attempt that finds the item still in `from` moves it.
    let moved = on_tx!(&mut tx, |conn| {
        let q = match step {
            Step::Accept | Step::Reject => sqlx::query(
                "UPDATE disclosure_feedback SET state = $3, reject_reason = $4,
                     moderated_at = $5, moderated_by = $6, updated_at = $5
                 WHERE id = $1 AND state = $2",
            )
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(&reason)
            .bind(&now)
            .bind(&who),
            Step::Answer => sqlx::query(
                "UPDATE disclosure_feedback SET state = $3, answer = $4,
                     answered_at = $5, answered_by = $6, updated_at = $5
                 WHERE id = $1 AND state = $2",
            )
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(&answer)
            .bind(&now)
            .bind(&who),
        };
        q.execute(conn).await?.rows_affected()
    });
    if moved != 1 {
        return Err(DomainError::Conflict("feedback.state_changed").into());
    }
    if let Some((p, _)) = problem {
        let record = problems::insert_in_tx(&mut tx, actor, &p, SourceKind::Direct, None).await?;
        on_tx!(&mut tx, |conn| {
            sqlx::query("UPDATE disclosure_feedback SET problem_id = $2 WHERE id = $1")
                .bind(id)
                .bind(&record.id)
                .execute(conn)
                .await?;
        });
    }
    let new = row_in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    let action = match step {
        Step::Reject => Action::Close,
        Step::Accept | Step::Answer => Action::Update,
    };
    audit::change(
        &mut tx,
        actor,
        action,
        audit::Subject::new(entity::FEEDBACK, id, &old.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// The acting user's display name (the username for the system or an unknown user).
async fn actor_name(tx: &mut Tx, actor: &Actor) -> Result<String, StoreError> {
    let Some(user) = actor.user_id else {
        return Ok(actor.username.clone());
    };
    let row: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT display_name FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_optional(conn)
            .await?
    });
    Ok(row.map_or_else(|| actor.username.clone(), |(n,)| n))
}

/// The sender's phone in full, for a cadre in scope who moderates or answers
/// (`auth.forbidden` otherwise): written to the audit log as `reveal`, without the number.
/// Empty when the sender gave none.
pub async fn reveal(db: &Db, actor: &Actor, id: &str) -> Result<String, StoreError> {
    let mut tx = db.begin_write().await?;
    let row: Option<(String, Option<String>)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT region_code, phone_full FROM disclosure_feedback WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    });
    let (region, phone) = row
        .filter(|(r, _)| in_scope(&actor.scope, r))
        .ok_or(DomainError::NotFound)?;
    if !rules::may_reveal(actor.role) {
        return Err(DomainError::Forbidden.into());
    }
    audit::change(
        &mut tx,
        actor,
        Action::Reveal,
        audit::Subject::new(entity::FEEDBACK, id, &region),
        None::<&()>,
        Some(&serde_json::json!({ "fields": ["phone"] })),
    )
    .await?;
    tx.commit().await?;
    Ok(phone.unwrap_or_default())
}

/// Per village in scope, for the feedback received in `year` (China dates) and not rejected:
/// how many were answered in time and how many were due on `date` (the response-time metric,
/// `domain::disclosure::feedback::answered_in_time`).
pub async fn response_by_village(
    db: &Db,
    scope: &Scope,
    year: i32,
    date: chrono::NaiveDate,
) -> Result<HashMap<String, (u32, u32)>, StoreError> {
    let (lo, hi) = scope.range();
    // Received in the year in China: from 16:00 UTC of 31 December before.
    let from = format!("{}-12-31T16:00:00", year - 1);
    let to = format!("{year}-12-31T16:00:00");
    let rows: Vec<(String, String, Option<String>)> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT region_code, received_at, answered_at FROM disclosure_feedback
             WHERE region_code >= $1 AND region_code < $2 AND state <> 'rejected'
               AND received_at >= $3 AND received_at < $4",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(&from)
        .bind(&to)
        .fetch_all(pool)
        .await?
    });
    let mut out: HashMap<String, (u32, u32)> = HashMap::new();
    for (region, received, answered) in rows {
        let Some(in_time) = rules::answered_in_time(&received, answered.as_deref(), date) else {
            continue;
        };
        let e = out.entry(region).or_default();
        e.0 += u32::from(in_time);
        e.1 += 1;
    }
    Ok(out)
}
