//! Meeting types (configurable; seeded by the migration) and meetings with attendees,
//! sanitized minutes, decisions (which become problems in the same transaction) and
//! attachments (PNG, JPEG, PDF by content, at most 10 MiB each).

use super::problems::{self, ProblemView};
use super::{
    check_admin, check_record, check_region, in_scope, month_bounds, narrowed, person_name,
    placeholders,
};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use chrono::NaiveDate;
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::mechanism::meeting::{Meeting, check_type_code, time_text};
use domain::mechanism::problem::SourceKind;
use domain::mechanism::{attachment, entity};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MeetingTypeRecord {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub active: bool,
    pub position: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MeetingRecord {
    pub id: String,
    pub type_code: String,
    pub region_code: String,
    pub date: String,
    /// `HH:MM`
    pub start_time: String,
    pub end_time: Option<String>,
    pub place: String,
    pub chair: String,
    pub chair_user_id: Option<String>,
    pub agenda: String,
    /// Sanitized HTML, safe to render as is.
    pub minutes_html: String,
    pub archived: bool,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AttendeeRecord {
    pub meeting_id: String,
    pub position: i32,
    pub user_id: Option<String>,
    /// The people registry's person this attendee is, when linked.
    pub person_id: Option<String>,
    pub name: String,
    /// present, absent or excused
    pub status: String,
}

/// An attachment without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AttachmentMeta {
    pub id: String,
    pub meeting_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: String,
}

/// An uploaded file as received.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    pub file_name: &'a str,
    pub data: &'a [u8],
}

/// A meeting with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingDetail {
    pub meeting: MeetingRecord,
    pub attendees: Vec<AttendeeRecord>,
    pub attachments: Vec<AttachmentMeta>,
    /// The problems raised as its decisions.
    pub decisions: Vec<ProblemView>,
}

// ---- types ----

/// Meeting types by position; inactive ones only when asked.
pub async fn types(db: &Db, include_inactive: bool) -> Result<Vec<MeetingTypeRecord>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT * FROM mechanism_meeting_types WHERE ($1 OR active) ORDER BY position, code",
        )
        .bind(include_inactive)
        .fetch_all(pool)
        .await?
    }))
}

async fn type_in_tx(tx: &mut Tx, code: &str) -> Result<Option<MeetingTypeRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_meeting_types WHERE code = $1")
            .bind(code)
            .fetch_optional(conn)
            .await?
    }))
}

fn type_names(name_zh: &str, name_en: &str) -> Result<(String, String), FieldError> {
    let zh = name_zh.trim();
    let en = name_en.trim();
    if zh.is_empty() {
        return Err(FieldError::new("common.required", "name_zh"));
    }
    if en.is_empty() {
        return Err(FieldError::new("common.required", "name_en"));
    }
    if zh.chars().count() > 32 {
        return Err(FieldError::new("common.too_long", "name_zh").arg("max", "32"));
    }
    if en.chars().count() > 64 {
        return Err(FieldError::new("common.too_long", "name_en").arg("max", "64"));
    }
    Ok((zh.to_string(), en.to_string()))
}

/// Adds a meeting type (district administrator), after the existing ones.
pub async fn add_type(
    db: &Db,
    actor: &Actor,
    code: &str,
    name_zh: &str,
    name_en: &str,
) -> Result<MeetingTypeRecord, StoreError> {
    check_admin(actor)?;
    let code = code.trim();
    check_type_code(code)?;
    let (zh, en) = type_names(name_zh, name_en)?;
    let mut tx = db.begin_write().await?;
    if type_in_tx(&mut tx, code).await?.is_some() {
        return Err(DomainError::Conflict("mechanism.meeting_type_exists").into());
    }
    let (max,): (Option<i32>,) = on_tx!(&mut tx, |conn| {
        sqlx::query_as("SELECT MAX(position) FROM mechanism_meeting_types")
            .fetch_one(conn)
            .await?
    });
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_meeting_types (code, name_zh, name_en, active, position)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(code)
        .bind(&zh)
        .bind(&en)
        .bind(true)
        .bind(max.unwrap_or(0) + 1)
        .execute(conn)
        .await?;
    });
    let record = type_in_tx(&mut tx, code)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::MEETING_TYPE,
            id: code,
            region: None,
        },
        None::<&()>,
        Some(&record),
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

/// Renames a meeting type and/or (de)activates it; an inactive type is not offered for new
/// meetings, but its meetings and rules stay.
pub async fn update_type(
    db: &Db,
    actor: &Actor,
    code: &str,
    name_zh: &str,
    name_en: &str,
    active: bool,
) -> Result<MeetingTypeRecord, StoreError> {
    check_admin(actor)?;
    let (zh, en) = type_names(name_zh, name_en)?;
    let mut tx = db.begin_write().await?;
    let old = type_in_tx(&mut tx, code)
        .await?
        .ok_or(DomainError::NotFound)?;
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE mechanism_meeting_types SET name_zh = $2, name_en = $3, active = $4 WHERE code = $1",
        )
        .bind(code)
        .bind(&zh)
        .bind(&en)
        .bind(active)
        .execute(conn)
        .await?;
    });
    let new = type_in_tx(&mut tx, code)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        if active {
            Action::Update
        } else {
            Action::Archive
        },
        audit::Subject {
            entity: entity::MEETING_TYPE,
            id: code,
            region: None,
        },
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Deactivates (or reactivates) a meeting type, keeping its names.
pub async fn set_type_active(
    db: &Db,
    actor: &Actor,
    code: &str,
    active: bool,
) -> Result<MeetingTypeRecord, StoreError> {
    let all = types(db, true).await?;
    let t = all
        .iter()
        .find(|t| t.code == code)
        .ok_or(DomainError::NotFound)?;
    update_type(db, actor, code, &t.name_zh, &t.name_en, active).await
}

// ---- meetings ----

async fn meeting_in_tx(tx: &mut Tx, id: &str) -> Result<Option<MeetingRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_meetings WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?
    }))
}

async fn attendees_in_tx(tx: &mut Tx, id: &str) -> Result<Vec<AttendeeRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as("SELECT * FROM mechanism_attendees WHERE meeting_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(conn)
            .await?
    }))
}

/// The type must exist, and be active unless the meeting keeps the type it had.
async fn check_type(tx: &mut Tx, code: &str, kept: bool) -> Result<(), StoreError> {
    match type_in_tx(tx, code).await? {
        Some(t) if t.active || kept => Ok(()),
        Some(_) => Err(
            FieldError::new("mechanism.meeting_type_inactive", "type_code")
                .arg("value", code)
                .into(),
        ),
        None => Err(
            FieldError::new("mechanism.meeting_type_unknown", "type_code")
                .arg("value", code)
                .into(),
        ),
    }
}

async fn write_attendees(
    tx: &mut Tx,
    actor: &Actor,
    meeting_id: &str,
    m: &Meeting,
) -> Result<(), StoreError> {
    on_tx!(&mut *tx, |conn| {
        sqlx::query("DELETE FROM mechanism_attendees WHERE meeting_id = $1")
            .bind(meeting_id)
            .execute(conn)
            .await?;
    });
    for (i, a) in m.attendees.iter().enumerate() {
        let on_line = |e: StoreError| match e {
            StoreError::Domain(DomainError::Invalid(f)) => {
                StoreError::from(f.arg("line", (i + 1).to_string()))
            }
            other => other,
        };
        let (person_id, name) = registry_person(tx, actor, &m.region, a.person_id, &a.name)
            .await
            .map_err(on_line)?;
        let name = person_name(tx, actor, &m.region, a.user_id, &name, "user_id")
            .await
            .map_err(on_line)?;
        on_tx!(&mut *tx, |conn| {
            sqlx::query(
                "INSERT INTO mechanism_attendees
                     (meeting_id, position, user_id, person_id, name, status)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(meeting_id)
            .bind(i as i32 + 1)
            .bind(a.user_id.map(|u| u.to_string()))
            .bind(&person_id)
            .bind(&name)
            .bind(a.status.as_str())
            .execute(conn)
            .await?;
        });
    }
    Ok(())
}

/// The registry person an attendee is, and the name to record: a given `person` must be an
/// active person in the caller's scope (its name is recorded; a different name typed over
/// it is taken as the name alone, linked like a name without a person); without one,
/// a typed name links to the one active person of that name in the meeting's region subtree
/// (none or several: the name stays unlinked, a guest).
async fn registry_person(
    tx: &mut Tx,
    actor: &Actor,
    region: &RegionCode,
    person: Option<Id>,
    name: &str,
) -> Result<(Option<String>, String), StoreError> {
    let name = name.trim();
    if let Some(person) = person {
        let (lo, hi) = actor.scope.range();
        let row: Option<(String,)> = on_tx!(&mut *tx, |conn| {
            sqlx::query_as(
                "SELECT name FROM people_persons
                 WHERE id = $1 AND region_code >= $2 AND region_code < $3 AND NOT archived",
            )
            .bind(person.to_string())
            .bind(&lo)
            .bind(&hi)
            .fetch_optional(conn)
            .await?
        });
        match row {
            Some((registered,)) if name.is_empty() || name == registered => {
                return Ok((Some(person.to_string()), registered));
            }
            // Another name typed over the person's (the form keeps the id of the row): the
            // name decides, as if no person were given.
            Some(_) => {}
            None => {
                return Err(FieldError::new("mechanism.person_unknown", "person_id")
                    .arg("value", person.to_string())
                    .into());
            }
        }
    }
    if name.is_empty() {
        return Ok((None, String::new()));
    }
    let (lo, hi) = domain::identity::prefix_range(region.subtree_prefix());
    let found: Vec<(String,)> = on_tx!(&mut *tx, |conn| {
        sqlx::query_as(
            "SELECT id FROM people_persons
             WHERE region_code >= $1 AND region_code < $2 AND name = $3 AND NOT archived
             LIMIT 2",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(name)
        .fetch_all(conn)
        .await?
    });
    let linked = match found.as_slice() {
        [(id,)] => Some(id.clone()),
        _ => None,
    };
    Ok((linked, name.to_string()))
}

async fn insert_attachment(
    tx: &mut Tx,
    meeting_id: &str,
    upload: &Upload<'_>,
    content_type: &str,
) -> Result<AttachmentMeta, StoreError> {
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    let name = attachment::clean_name(upload.file_name);
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_attachments (id, meeting_id, file_name, content_type, size, data, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(meeting_id)
        .bind(&name)
        .bind(content_type)
        .bind(upload.data.len() as i64)
        .bind(upload.data)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    Ok(AttachmentMeta {
        id,
        meeting_id: meeting_id.to_string(),
        file_name: name,
        content_type: content_type.to_string(),
        size: upload.data.len() as i64,
        created_at: now,
    })
}

/// Records a meeting with its attendees, its decisions (each a problem with source
/// `meeting`) and its attachments, all or nothing. Files are checked by content before
/// anything is written; an error names the file.
pub async fn create(
    db: &Db,
    actor: &Actor,
    m: &Meeting,
    uploads: &[Upload<'_>],
) -> Result<MeetingRecord, StoreError> {
    let types: Vec<&'static str> = uploads
        .iter()
        .map(|u| attachment::check(u.file_name, u.data))
        .collect::<Result<_, _>>()?;
    let mut tx = db.begin_write().await?;
    check_record(&mut tx, actor, &m.region, Some(m.date)).await?;
    check_region(&mut tx, &m.region, "region_code").await?;
    check_type(&mut tx, &m.type_code, false).await?;
    let chair = person_name(
        &mut tx,
        actor,
        &m.region,
        m.chair_user_id,
        &m.chair,
        "chair_user_id",
    )
    .await?;
    let id = Id::new().to_string();
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO mechanism_meetings (id, type_code, region_code, date, start_time, end_time,
                 place, chair, chair_user_id, agenda, minutes_html, archived, created_by,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
        )
        .bind(&id)
        .bind(&m.type_code)
        .bind(m.region.as_str())
        .bind(m.date.to_string())
        .bind(time_text(m.start_time))
        .bind(m.end_time.map(time_text))
        .bind(&m.place)
        .bind(&chair)
        .bind(m.chair_user_id.map(|u| u.to_string()))
        .bind(&m.agenda)
        .bind(&m.minutes_html)
        .bind(false)
        .bind(&actor.username)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    write_attendees(&mut tx, actor, &id, m).await?;
    let mut metas = Vec::new();
    for (upload, content_type) in uploads.iter().zip(types) {
        metas.push(insert_attachment(&mut tx, &id, upload, content_type).await?);
    }
    let record = meeting_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let attendees = attendees_in_tx(&mut tx, &id).await?;
    audit::change(
        &mut tx,
        actor,
        Action::Create,
        audit::Subject {
            entity: entity::MEETING,
            id: &id,
            region: Some(&record.region_code),
        },
        None::<&()>,
        Some(&serde_json::json!({
            "meeting": record,
            "attendees": attendees,
            "attachments": metas,
        })),
    )
    .await?;
    for (i, d) in m.decisions.iter().enumerate() {
        problems::insert_in_tx(&mut tx, actor, d, SourceKind::Meeting, Some(&id))
            .await
            .map_err(|e| match e {
                StoreError::Domain(DomainError::Invalid(f)) => {
                    StoreError::from(f.arg("line", (i + 1).to_string()))
                }
                other => other,
            })?;
    }
    tx.commit().await?;
    Ok(record)
}

/// The meeting for a write: in scope (else not found) and writable by the actor.
async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<MeetingRecord, StoreError> {
    let old = meeting_in_tx(tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    let region = RegionCode::parse(&old.region_code).map_err(|_| DomainError::NotFound)?;
    let date = domain::time::parse_date(&old.date);
    check_record(tx, actor, &region, date).await?;
    Ok(old)
}

/// Changes a meeting's fields and replaces its attendees. Decisions are not touched here
/// (add one with [`problems::create_from`]); attachments are added with [`add_attachment`].
/// Changes a meeting's fields and attendees and adds `uploads` to its attachments, all in
/// one transaction (every file is checked first).
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    m: &Meeting,
    uploads: &[Upload<'_>],
) -> Result<MeetingRecord, StoreError> {
    let checked = check_uploads(uploads)?;
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    check_record(&mut tx, actor, &m.region, Some(m.date)).await?;
    check_region(&mut tx, &m.region, "region_code").await?;
    check_type(&mut tx, &m.type_code, m.type_code == old.type_code).await?;
    let old_attendees = attendees_in_tx(&mut tx, id).await?;
    let chair = person_name(
        &mut tx,
        actor,
        &m.region,
        m.chair_user_id,
        &m.chair,
        "chair_user_id",
    )
    .await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE mechanism_meetings SET type_code = $2, region_code = $3, date = $4,
                 start_time = $5, end_time = $6, place = $7, chair = $8, chair_user_id = $9,
                 agenda = $10, minutes_html = $11, updated_at = $12
             WHERE id = $1",
        )
        .bind(id)
        .bind(&m.type_code)
        .bind(m.region.as_str())
        .bind(m.date.to_string())
        .bind(time_text(m.start_time))
        .bind(m.end_time.map(time_text))
        .bind(&m.place)
        .bind(&chair)
        .bind(m.chair_user_id.map(|u| u.to_string()))
        .bind(&m.agenda)
        .bind(&m.minutes_html)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    write_attendees(&mut tx, actor, id, m).await?;
    let new = meeting_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let attendees = attendees_in_tx(&mut tx, id).await?;
    audit::change(
        &mut tx,
        actor,
        Action::Update,
        audit::Subject {
            entity: entity::MEETING,
            id,
            region: Some(&new.region_code),
        },
        Some(&serde_json::json!({ "meeting": old, "attendees": old_attendees })),
        Some(&serde_json::json!({ "meeting": new, "attendees": attendees })),
    )
    .await?;
    store_uploads(&mut tx, actor, &new, checked).await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) a meeting; an archived meeting no longer counts on the board.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<MeetingRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE mechanism_meetings SET archived = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(archived)
            .bind(&now)
            .execute(conn)
            .await?;
    });
    let new = meeting_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        if archived {
            Action::Archive
        } else {
            Action::Update
        },
        audit::Subject {
            entity: entity::MEETING,
            id,
            region: Some(&new.region_code),
        },
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Adds one attachment to a meeting (checked by content; the error names the file).
pub async fn add_attachment(
    db: &Db,
    actor: &Actor,
    meeting_id: &str,
    upload: Upload<'_>,
) -> Result<AttachmentMeta, StoreError> {
    let mut stored = add_attachments(db, actor, meeting_id, &[upload]).await?;
    stored
        .pop()
        .ok_or(StoreError::Domain(DomainError::NotFound))
}

/// Adds several files to a meeting in one transaction: every file is checked first, and
/// either all are stored or none.
pub async fn add_attachments(
    db: &Db,
    actor: &Actor,
    meeting_id: &str,
    uploads: &[Upload<'_>],
) -> Result<Vec<AttachmentMeta>, StoreError> {
    let checked = check_uploads(uploads)?;
    let mut tx = db.begin_write().await?;
    let meeting = for_write(&mut tx, actor, meeting_id).await?;
    let stored = store_uploads(&mut tx, actor, &meeting, checked).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Each upload with its content type recognised from its bytes, or the first refusal.
fn check_uploads<'a, 'u>(
    uploads: &'a [Upload<'u>],
) -> Result<Vec<(&'a Upload<'u>, &'static str)>, StoreError> {
    Ok(uploads
        .iter()
        .map(|u| attachment::check(u.file_name, u.data).map(|t| (u, t)))
        .collect::<Result<Vec<_>, _>>()?)
}

async fn store_uploads(
    tx: &mut Tx,
    actor: &Actor,
    meeting: &MeetingRecord,
    checked: Vec<(&Upload<'_>, &'static str)>,
) -> Result<Vec<AttachmentMeta>, StoreError> {
    let mut stored = Vec::with_capacity(checked.len());
    for (upload, content_type) in checked {
        let meta = insert_attachment(tx, &meeting.id, upload, content_type).await?;
        audit::change(
            tx,
            actor,
            Action::Create,
            audit::Subject {
                entity: entity::ATTACHMENT,
                id: &meta.id,
                region: Some(&meeting.region_code),
            },
            None::<&()>,
            Some(&meta),
        )
        .await?;
        stored.push(meta);
    }
    Ok(stored)
}

/// The attachments of a meeting in scope, without their bytes.
pub async fn attachments(
    db: &Db,
    scope: &Scope,
    meeting_id: &str,
) -> Result<Vec<AttachmentMeta>, StoreError> {
    let (lo, hi) = scope.range();
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT a.id, a.meeting_id, a.file_name, a.content_type, a.size, a.created_at
             FROM mechanism_attachments a JOIN mechanism_meetings m ON m.id = a.meeting_id
             WHERE a.meeting_id = $1 AND m.region_code >= $2 AND m.region_code < $3 ORDER BY a.created_at, a.id",
        )
        .bind(meeting_id)
        .bind(&lo).bind(&hi)
        .fetch_all(pool)
        .await?
    }))
}

/// One attachment with its bytes, when its meeting lies in scope.
pub async fn attachment(
    db: &Db,
    scope: &Scope,
    id: &str,
) -> Result<Option<(AttachmentMeta, Vec<u8>)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        meeting_id: String,
        file_name: String,
        content_type: String,
        size: i64,
        created_at: String,
        data: Vec<u8>,
    }
    let (lo, hi) = scope.range();
    let row: Option<Row> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT a.* FROM mechanism_attachments a JOIN mechanism_meetings m ON m.id = a.meeting_id
             WHERE a.id = $1 AND m.region_code >= $2 AND m.region_code < $3",
        )
        .bind(id)
        .bind(&lo).bind(&hi)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(|r| {
        (
            AttachmentMeta {
                id: r.id,
                meeting_id: r.meeting_id,
                file_name: r.file_name,
                content_type: r.content_type,
                size: r.size,
                created_at: r.created_at,
            },
            r.data,
        )
    }))
}

/// A meeting in scope with its attendees, attachments and decisions.
pub async fn get(
    db: &Db,
    scope: &Scope,
    id: &str,
    today: NaiveDate,
) -> Result<Option<MeetingDetail>, StoreError> {
    let meeting: Option<MeetingRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM mechanism_meetings WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let Some(meeting) = meeting.filter(|m| in_scope(scope, &m.region_code)) else {
        return Ok(None);
    };
    let attendees: Vec<AttendeeRecord> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT * FROM mechanism_attendees WHERE meeting_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(pool)
            .await?
    });
    let attachments = attachments(db, scope, id).await?;
    let (decisions, _) = problems::list(
        db,
        scope,
        &problems::Filter {
            source_kind: Some(SourceKind::Meeting),
            source_id: Some(id.to_string()),
            ..Default::default()
        },
        today,
        Page::all(),
    )
    .await?;
    Ok(Some(MeetingDetail {
        meeting,
        attendees,
        attachments,
        decisions,
    }))
}

/// List filters; `None` / empty mean any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Meetings of this region and below (intersected with the scope).
    pub region: Option<RegionCode>,
    pub type_code: Option<String>,
    /// Inclusive.
    pub from: Option<NaiveDate>,
    /// Inclusive.
    pub to: Option<NaiveDate>,
    pub include_archived: bool,
}

/// The query of [`list`] (`None` when the region filter lies outside the scope): the range,
/// then only the filters that are set. Public for the query-plan test.
pub fn list_query(scope: &Scope, filter: &Filter) -> Option<List> {
    let range = narrowed(scope, filter.region.as_ref())?;
    let mut q = List::new("*", "FROM mechanism_meetings");
    q.within("region_code", range)
        .eq("type_code", filter.type_code.as_deref().unwrap_or(""))
        .cmp(
            "date",
            ">=",
            &filter.from.map(|d| d.to_string()).unwrap_or_default(),
        )
        .cmp(
            "date",
            "<=",
            &filter.to.map(|d| d.to_string()).unwrap_or_default(),
        )
        .unarchived("archived", filter.include_archived)
        .order_by("date DESC, start_time DESC, id DESC");
    Some(q)
}

/// Meetings in scope matching `filter`, newest first, and the total count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    page: Page,
) -> Result<(Vec<MeetingRecord>, i64), StoreError> {
    match list_query(scope, filter) {
        Some(q) => q.fetch(db, page).await,
        None => Ok((Vec::new(), 0)),
    }
}

/// The meetings with these ids that lie in scope (drill-down of a board cell), by date.
pub async fn by_ids(
    db: &Db,
    scope: &Scope,
    ids: &[String],
) -> Result<Vec<MeetingRecord>, StoreError> {
    let mut out: Vec<MeetingRecord> = Vec::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT * FROM mechanism_meetings WHERE region_code >= $1 AND region_code < $2 AND id IN ({})",
            placeholders(2, chunk.len())
        );
        let (lo, hi) = scope.range();
        let rows: Vec<MeetingRecord> = on_pool!(db, |pool| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(&lo)
                .bind(&hi);
            for id in chunk {
                q = q.bind(id.as_str());
            }
            q.fetch_all(pool).await?
        });
        out.extend(rows);
    }
    out.sort_by(|a, b| (&a.date, &a.start_time, &a.id).cmp(&(&b.date, &b.start_time, &b.id)));
    Ok(out)
}

/// The calendar month: meetings in scope (narrowed to `region` and below), by date and time;
/// archived ones left out.
pub async fn in_month(
    db: &Db,
    scope: &Scope,
    region: Option<&RegionCode>,
    year: i32,
    month: u32,
) -> Result<Vec<MeetingRecord>, StoreError> {
    let (Some((lo, hi)), Some((first, last))) =
        (narrowed(scope, region), month_bounds(year, month))
    else {
        return Ok(Vec::new());
    };
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT * FROM mechanism_meetings WHERE region_code >= $1 AND region_code < $2 AND date >= $3 AND date <= $4
             AND NOT archived ORDER BY date, start_time, id",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(&first)
        .bind(&last)
        .fetch_all(pool)
        .await?
    }))
}

/// For a user's iCal feed: meetings dated `from` or later (pass today, or a few weeks back)
/// that the user chairs or attends, by date and time; at most 500; archived ones left out.
/// The caller has authenticated the user: no scope applies to one's own meetings.
pub async fn upcoming_for_user(
    db: &Db,
    user_id: &str,
    from: NaiveDate,
) -> Result<Vec<MeetingRecord>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT m.* FROM mechanism_meetings m
             WHERE NOT m.archived AND m.date >= $2
               AND (m.chair_user_id = $1 OR EXISTS (
                    SELECT 1 FROM mechanism_attendees a WHERE a.meeting_id = m.id AND a.user_id = $1))
             ORDER BY m.date, m.start_time, m.id LIMIT 500",
        )
        .bind(user_id)
        .bind(from.to_string())
        .fetch_all(pool)
        .await?
    }))
}
