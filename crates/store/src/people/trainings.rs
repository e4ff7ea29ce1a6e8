//! Trainings (培训) with attendance, and the coverage report per year and target group.
//! A training is seen in its organising region's subtree and below its ancestors (a
//! district training is seen by its towns and villages); attendance rows are seen only for
//! people in the caller's scope.

use super::{check_organise, check_region, in_scope, narrowed, resolve_person, stored_region};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::{Datelike, NaiveDate};
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::people::entity;
use domain::people::post::PostKind;
use domain::people::training::{
    AttendanceInput, Attended, GroupCoverage, HeldPost, HeldTraining, TargetGroup, Training,
    coverage as compute, reference_day,
};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct TrainingRecord {
    pub id: String,
    pub region_code: String,
    pub topic: String,
    pub organiser: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Exact decimal text.
    pub hours: String,
    /// One of [`TargetGroup`].
    pub target_group: String,
    pub note: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AttendanceRecord {
    pub training_id: String,
    pub person_id: String,
    pub person_name: String,
    pub region_code: String,
    pub attended: bool,
    /// Hours attended (exact decimal text); none: the training's hours.
    pub hours: Option<String>,
    pub updated_at: String,
}

/// List filters; `None` / false mean any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Trainings that started in this year.
    pub year: Option<i32>,
    pub target_group: Option<TargetGroup>,
    pub include_archived: bool,
}

/// The query of [`list`]: trainings in the scope's subtree or held above it, then only the
/// filters that are set. Public for the query-plan test.
pub fn list_query(scope: &Scope, filter: &Filter) -> List {
    let mut q = List::new("*", "FROM people_trainings");
    q.scoped_or_above("region_code", scope);
    if let Some(y) = filter.year {
        q.cmp("starts_on", ">=", &format!("{y:04}-01-01")).cmp(
            "starts_on",
            "<=",
            &format!("{y:04}-12-31"),
        );
    }
    q.eq(
        "target_group",
        filter.target_group.map(|g| g.as_str()).unwrap_or(""),
    )
    .unarchived("archived", filter.include_archived)
    .order_by("starts_on DESC, id");
    q
}

/// Trainings visible in scope, newest first.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
) -> Result<Vec<TrainingRecord>, StoreError> {
    Ok(list_query(scope, filter).fetch(db, Page::all()).await?.0)
}

fn visible_to(scope: &Scope, region: &str) -> bool {
    in_scope(scope, region)
        || RegionCode::parse(region)
            .is_ok_and(|r| scope.root().is_some_and(|root| r.contains(root)))
}

pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<TrainingRecord>, StoreError> {
    let row: Option<TrainingRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM people_trainings WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.filter(|r| visible_to(scope, &r.region_code)))
}

async fn in_tx(tx: &mut Tx, id: &str) -> Result<Option<TrainingRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM people_trainings WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

/// The attendance of a training visible in scope, for the people in scope, by region and
/// name.
pub async fn attendance(
    db: &Db,
    scope: &Scope,
    training_id: &str,
) -> Result<Vec<AttendanceRecord>, StoreError> {
    if get(db, scope, training_id).await?.is_none() {
        return Ok(Vec::new());
    }
    let (lo, hi) = scope.range();
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT a.training_id, a.person_id, n.name AS person_name, n.region_code, a.attended,
                    a.hours, a.updated_at
             FROM people_attendance a JOIN people_persons n ON n.id = a.person_id
             WHERE a.training_id = $1 AND n.region_code >= $2 AND n.region_code < $3
             ORDER BY n.region_code, n.name, a.person_id",
        )
        .bind(training_id)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool)
        .await?
    }))
}

/// A training a person attended, with the hours they attended (else the training's hours).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AttendedRecord {
    pub training_id: String,
    pub topic: String,
    pub organiser: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Exact decimal text.
    pub hours: String,
}

/// The trainings (visible in scope, not archived) that a person in scope attended, newest
/// first: one query, for the person's page.
pub async fn attended_by(
    db: &Db,
    scope: &Scope,
    person_id: &str,
) -> Result<Vec<AttendedRecord>, StoreError> {
    let mut q = List::new(
        "t.id AS training_id, t.topic, t.organiser, t.starts_on, t.ends_on,
         COALESCE(a.hours, t.hours) AS hours",
        "FROM people_attendance a
         JOIN people_trainings t ON t.id = a.training_id
         JOIN people_persons n ON n.id = a.person_id",
    );
    let person = q.arg(person_id);
    q.and(format!("a.person_id = {person}"))
        .scoped("n.region_code", scope)
        .scoped_or_above("t.region_code", scope)
        .and("a.attended AND NOT t.archived")
        .order_by("t.starts_on DESC, t.id");
    Ok(q.fetch(db, Page::all()).await?.0)
}

/// Records a training (district administrator or town officer).
pub async fn create(db: &Db, actor: &Actor, t: &Training) -> Result<TrainingRecord, StoreError> {
    check_organise(actor, &t.region)?;
    let mut tx = db.begin_write().await?;
    check_region(&mut tx, &t.region, "region_code").await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO people_trainings (id, region_code, topic, organiser, starts_on, ends_on,
                 hours, target_group, note, archived, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        )
        .bind(&id)
        .bind(t.region.as_str())
        .bind(&t.topic)
        .bind(&t.organiser)
        .bind(t.starts_on.to_string())
        .bind(t.ends_on.to_string())
        .bind(t.hours.to_string())
        .bind(t.target_group.as_str())
        .bind(&t.note)
        .bind(false)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let record = in_tx(&mut tx, &id).await?.ok_or(DomainError::NotFound)?;
    audit::insert(
        &mut tx,
        actor,
        audit::Subject::new(entity::TRAINING, &id, &record.region_code),
        &record,
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<TrainingRecord, StoreError> {
    let old = in_tx(tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    check_organise(actor, &stored_region(&old.region_code)?)?;
    Ok(old)
}

/// Changes a training (its region stays: `mechanism.region_fixed`).
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    t: &Training,
) -> Result<TrainingRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    if old.region_code != t.region.as_str() {
        return Err(FieldError::new("mechanism.region_fixed", "region_code").into());
    }
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE people_trainings SET topic = $2, organiser = $3, starts_on = $4, ends_on = $5,
                 hours = $6, target_group = $7, note = $8, updated_at = $9 WHERE id = $1",
        )
        .bind(id)
        .bind(&t.topic)
        .bind(&t.organiser)
        .bind(t.starts_on.to_string())
        .bind(t.ends_on.to_string())
        .bind(t.hours.to_string())
        .bind(t.target_group.as_str())
        .bind(&t.note)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::TRAINING, id, &new.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) a training; an archived training counts for no coverage.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<TrainingRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE people_trainings SET archived = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(archived)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let action = if archived {
        Action::Archive
    } else {
        Action::Update
    };
    let new = in_tx(&mut tx, id).await?.ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        action,
        audit::Subject::new(entity::TRAINING, id, &new.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// The training the actor may record attendance of: visible to them, and the actor a
/// district administrator or town officer.
async fn training_for_attendance(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
) -> Result<TrainingRecord, StoreError> {
    let t = in_tx(tx, id)
        .await?
        .filter(|r| visible_to(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    match actor.scope.root() {
        Some(root) => check_organise(actor, root)?,
        None => check_organise(actor, &stored_region(&t.region_code)?)?,
    }
    Ok(t)
}

/// Writes one attendance row (insert or replace) for a person in the actor's scope.
async fn upsert(
    tx: &mut Tx,
    actor: &Actor,
    training: &TrainingRecord,
    row: &domain::people::training::Attendance,
    action: Action,
) -> Result<(), StoreError> {
    let (person_id, region) = resolve_person(tx, &actor.scope, &row.person).await?;
    let hours = row.hours.map(|h| h.to_string());
    let now = domain::time::now_text();
    on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO people_attendance (training_id, person_id, attended, hours, updated_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (training_id, person_id) DO UPDATE SET attended = excluded.attended,
                 hours = excluded.hours, updated_at = excluded.updated_at",
        )
        .bind(&training.id)
        .bind(&person_id)
        .bind(row.attended)
        .bind(&hours)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let entity_id = format!("{}/{}", training.id, person_id);
    audit::change(
        tx,
        actor,
        action,
        audit::Subject {
            entity: entity::ATTENDANCE,
            id: &entity_id,
            region: Some(&region),
        },
        None::<&()>,
        Some(&serde_json::json!({
            "training_id": training.id,
            "person_id": person_id,
            "attended": row.attended,
            "hours": hours,
        })),
    )
    .await?;
    Ok(())
}

/// Records (or corrects) one person's attendance.
pub async fn set_attendance(
    db: &Db,
    actor: &Actor,
    training_id: &str,
    input: &AttendanceInput,
) -> Result<Vec<AttendanceRecord>, StoreError> {
    let row = input.validate()?;
    let mut tx = db.begin_write().await?;
    let training = training_for_attendance(&mut tx, actor, training_id).await?;
    upsert(&mut tx, actor, &training, &row, Action::Update).await?;
    tx.commit().await?;
    attendance(db, &actor.scope, training_id).await
}

/// Imports attendance rows (people by ID number or id): all or nothing; a row error names
/// the 1-based file row and the field; a person twice in the file is
/// `people.attendance_duplicate`. Returns the number of rows written.
pub async fn import_attendance(
    db: &Db,
    actor: &Actor,
    training_id: &str,
    rows: &[(usize, AttendanceInput)],
) -> Result<usize, StoreError> {
    let mut parsed = Vec::with_capacity(rows.len());
    for (row, input) in rows {
        let row = *row;
        let a = input
            .validate()
            .map_err(|error| StoreError::Row { row, error })?;
        parsed.push((row, a));
    }
    let mut tx = db.begin_write().await?;
    let training = training_for_attendance(&mut tx, actor, training_id).await?;
    let mut seen = BTreeSet::new();
    for (row, a) in &parsed {
        let at = super::at_row(*row);
        let (person_id, _) = resolve_person(&mut tx, &actor.scope, &a.person)
            .await
            .map_err(&at)?;
        if !seen.insert(person_id) {
            return Err(StoreError::Row {
                row: *row,
                error: FieldError::new("people.attendance_duplicate", "id_number"),
            });
        }
        upsert(&mut tx, actor, &training, a, Action::Import)
            .await
            .map_err(&at)?;
    }
    tx.commit().await?;
    Ok(parsed.len())
}

/// Training coverage in `year` for the people in scope, per target group (see
/// [`domain::people::training::coverage`] for the semantics): members are the holders of the
/// group's posts in scope on the reference day — 31 December of `year`, or `today` for the
/// current year. A secretary appointed after the year's training is a member and untrained;
/// one who left before the reference day is not a member. Trained: attended a training (not
/// archived, of any organising region) for the group that started in `year`.
pub async fn coverage(
    db: &Db,
    scope: &Scope,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<GroupCoverage>, StoreError> {
    coverage_in(db, scope, None, year, today).await
}

/// What a coverage counts in the region range `lo..hi` for `year` on its reference day: the
/// posts held on the day, the year's trainings, and the attendance of those post holders
/// (wherever they are registered). The coverage page and the `training_coverage` metric
/// (`store::metrics`) both load it here.
pub(crate) async fn coverage_facts(
    db: &Db,
    (lo, hi): (&str, &str),
    year: i32,
    reference: NaiveDate,
) -> Result<(Vec<HeldPost>, Vec<HeldTraining>, Vec<Attended>), StoreError> {
    let day = reference.to_string();
    let (first, last) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    type PostRow = (String, String, String, String, String, Option<String>);
    type Rows = (
        Vec<PostRow>,
        Vec<(String, String, String)>,
        Vec<(String, String, bool)>,
    );
    let (posts, trainings, attended): Rows = on_pool!(db, |pool| {
        let posts = sqlx::query_as(
            "SELECT p.person_id, n.name, p.region_code, p.post, p.starts_on, p.ends_on
             FROM people_posts p JOIN people_persons n ON n.id = p.person_id
             WHERE p.region_code >= $1 AND p.region_code < $2 AND NOT p.archived
               AND p.starts_on <= $3 AND (p.ends_on IS NULL OR p.ends_on >= $3)",
        )
        .bind(lo)
        .bind(hi)
        .bind(&day)
        .fetch_all(pool)
        .await?;
        let trainings = sqlx::query_as(
            "SELECT id, target_group, starts_on FROM people_trainings
             WHERE starts_on >= $1 AND starts_on <= $2 AND NOT archived",
        )
        .bind(&first)
        .bind(&last)
        .fetch_all(pool)
        .await?;
        let attended = sqlx::query_as(
            "SELECT a.training_id, a.person_id, a.attended
             FROM people_attendance a
             JOIN people_trainings t ON t.id = a.training_id
             WHERE t.starts_on >= $1 AND t.starts_on <= $2 AND NOT t.archived
               AND a.attended AND a.person_id IN (SELECT p.person_id FROM people_posts p
                   WHERE p.region_code >= $3 AND p.region_code < $4 AND NOT p.archived
                     AND p.starts_on <= $5 AND (p.ends_on IS NULL OR p.ends_on >= $5))",
        )
        .bind(&first)
        .bind(&last)
        .bind(lo)
        .bind(hi)
        .bind(&day)
        .fetch_all(pool)
        .await?;
        (posts, trainings, attended)
    });
    let posts: Vec<HeldPost> = posts
        .into_iter()
        .filter_map(|(person_id, name, region_code, post, starts, ends)| {
            Some(HeldPost {
                person_id,
                name,
                region_code,
                post: PostKind::parse(&post).ok()?,
                starts_on: domain::time::parse_date(&starts)?,
                ends_on: ends.as_deref().and_then(domain::time::parse_date),
            })
        })
        .collect();
    let trainings: Vec<HeldTraining> = trainings
        .into_iter()
        .filter_map(|(id, group, starts)| {
            Some(HeldTraining {
                id,
                target_group: TargetGroup::parse(&group).ok()?,
                starts_on: domain::time::parse_date(&starts)?,
            })
        })
        .filter(|t| t.starts_on.year() == year)
        .collect();
    let attended: Vec<Attended> = attended
        .into_iter()
        .map(|(training_id, person_id, attended)| Attended {
            training_id,
            person_id,
            attended,
        })
        .collect();
    Ok((posts, trainings, attended))
}

/// [`coverage`] narrowed to `region` (intersected with the scope).
pub async fn coverage_in(
    db: &Db,
    scope: &Scope,
    region: Option<&RegionCode>,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<GroupCoverage>, StoreError> {
    let reference = reference_day(year, today);
    // Out of scope: an empty range, which no region code lies in.
    let (lo, hi) = narrowed(scope, region).unwrap_or_default();
    let (posts, trainings, attended) = coverage_facts(db, (&lo, &hi), year, reference).await?;
    Ok(compute(&posts, &trainings, &attended, year, reference))
}
