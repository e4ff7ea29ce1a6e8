//! The person registry. Records leave this module with the ID number and the phone masked;
//! [`reveal`] and a full [`roster`] give them in full to the district administrator and are
//! written to the audit log (without the values).

use super::{check_keep, check_region, check_reveal, in_scope, narrowed, stored_region};
use crate::audit;
use crate::{Db, List, Page, StoreError, Tx, on_pool, on_tx};
use domain::audit::Action;
use domain::identity::{Actor, Scope};
use domain::people::person::{Education, Person, PersonInput, PoliticalStatus, check_photo};
use domain::people::{entity, mask_id_number, mask_phone};
use domain::region::RegionCode;
use domain::{DomainError, FieldError, Id};
use serde::Serialize;
use std::collections::BTreeSet;

/// Every column but the photo's bytes.
macro_rules! cols {
    () => {
        "id, region_code, name, sex, birth_date, ethnicity, id_number, political_status,
         education, phone, photo_type, archived, created_at, updated_at"
    };
}

/// A stored row with the full values: never leaves this module.
#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    region_code: String,
    name: String,
    sex: String,
    birth_date: String,
    ethnicity: String,
    id_number: String,
    political_status: String,
    education: Option<String>,
    phone: Option<String>,
    photo_type: Option<String>,
    archived: bool,
    created_at: String,
    updated_at: String,
}

/// A person as every read returns it: `id_number` and `phone` masked (unless a full
/// [`roster`] was asked for by the district administrator).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRecord {
    pub id: String,
    pub region_code: String,
    pub name: String,
    /// male or female
    pub sex: String,
    pub birth_date: String,
    pub ethnicity: String,
    /// Masked: `340803********1234`.
    pub id_number: String,
    pub political_status: String,
    pub education: Option<String>,
    /// Masked: `138****5678`; empty when none.
    pub phone: String,
    pub has_photo: bool,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Row {
    fn record(self, full: bool) -> PersonRecord {
        let phone = self.phone.unwrap_or_default();
        PersonRecord {
            id_number: if full {
                self.id_number
            } else {
                mask_id_number(&self.id_number)
            },
            phone: if full { phone } else { mask_phone(&phone) },
            id: self.id,
            region_code: self.region_code,
            name: self.name,
            sex: self.sex,
            birth_date: self.birth_date,
            ethnicity: self.ethnicity,
            political_status: self.political_status,
            education: self.education,
            has_photo: self.photo_type.is_some(),
            archived: self.archived,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// The full values of one person, for the district administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revealed {
    pub id: String,
    pub id_number: String,
    pub phone: String,
}

/// List filters; `None` / empty / false mean any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// People of this region and below (intersected with the scope).
    pub region: Option<RegionCode>,
    /// Part of the name, or a whole ID number (matched exactly, never shown).
    pub text: String,
    pub political_status: Option<PoliticalStatus>,
    pub education_at_least: Option<Education>,
    pub include_archived: bool,
}

/// The query of [`list`] (`None` when the region filter lies outside the scope): the range,
/// then only the filters that are set. Public for the query-plan test.
pub fn list_query(scope: &Scope, filter: &Filter) -> Option<List> {
    let range = narrowed(scope, filter.region.as_ref())?;
    let mut q = List::new(cols!(), "FROM people_persons");
    q.within("region_code", range);
    let text = filter.text.trim();
    if !text.is_empty() {
        let like = q.arg(format!("%{text}%"));
        let number = q.arg(text.to_ascii_uppercase());
        q.and(format!("(name LIKE {like} OR id_number = {number})"));
    }
    q.eq(
        "political_status",
        filter.political_status.map(|s| s.as_str()).unwrap_or(""),
    );
    if let Some(e) = filter.education_at_least {
        let list: Vec<String> = e.at_least().iter().map(|x| q.arg(x.as_str())).collect();
        q.and(format!("COALESCE(education, '-') IN ({})", list.join(", ")));
    }
    q.unarchived("archived", filter.include_archived)
        .order_by("region_code, name, id");
    Some(q)
}

/// People in scope matching `filter`, by region and name, with the total count.
pub async fn list(
    db: &Db,
    scope: &Scope,
    filter: &Filter,
    page: Page,
) -> Result<(Vec<PersonRecord>, i64), StoreError> {
    let Some(q) = list_query(scope, filter) else {
        return Ok((Vec::new(), 0));
    };
    let (rows, total): (Vec<Row>, i64) = q.fetch(db, page).await?;
    Ok((rows.into_iter().map(|r| r.record(false)).collect(), total))
}

async fn row(db: &Db, id: &str) -> Result<Option<Row>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(concat!(
            "SELECT ",
            cols!(),
            " FROM people_persons WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(pool)
        .await?
    }))
}

async fn row_in_tx(tx: &mut Tx, id: &str) -> Result<Option<Row>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(concat!(
            "SELECT ",
            cols!(),
            " FROM people_persons WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(conn)
        .await?
    }))
}

/// A person in scope (masked).
pub async fn get(db: &Db, scope: &Scope, id: &str) -> Result<Option<PersonRecord>, StoreError> {
    Ok(row(db, id)
        .await?
        .filter(|r| in_scope(scope, &r.region_code))
        .map(|r| r.record(false)))
}

/// The photo of a person in scope: (content type, bytes).
pub async fn photo(
    db: &Db,
    scope: &Scope,
    id: &str,
) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    let found: Option<(String, Option<String>, Option<Vec<u8>>)> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT region_code, photo_type, photo FROM people_persons WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    Ok(match found {
        Some((region, Some(t), Some(bytes))) if in_scope(scope, &region) => Some((t, bytes)),
        _ => None,
    })
}

/// `people.id_number_taken` (the number masked) when another person holds `number`.
async fn check_number_free(
    tx: &mut Tx,
    number: &str,
    except: Option<&str>,
) -> Result<(), StoreError> {
    let found: Option<(String,)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT id FROM people_persons WHERE id_number = $1")
            .bind(number)
            .fetch_optional(conn)
            .await?
    });
    match found {
        Some((id,)) if Some(id.as_str()) != except => Err(taken(number).into()),
        _ => Ok(()),
    }
}

fn taken(number: &str) -> FieldError {
    FieldError::new("people.id_number_taken", "id_number").arg("value", mask_id_number(number))
}

async fn insert(tx: &mut Tx, id: &str, p: &Person, now: &str) -> Result<(), StoreError> {
    let result: Result<(), sqlx::Error> = on_tx!(&mut *tx, |conn| {
        sqlx::query(
            "INSERT INTO people_persons (id, region_code, name, sex, birth_date, ethnicity,
                 id_number, political_status, education, phone, photo, photo_type, archived,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, $11, $12, $12)",
        )
        .bind(id)
        .bind(p.region.as_str())
        .bind(&p.name)
        .bind(p.sex.as_str())
        .bind(p.birth_date.to_string())
        .bind(&p.ethnicity)
        .bind(&p.id_number)
        .bind(p.political_status.as_str())
        .bind(p.education.map(|e| e.as_str()))
        .bind(&p.phone)
        .bind(false)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
    });
    match result {
        Ok(_) => Ok(()),
        Err(e) => {
            let e = StoreError::from(e);
            if e.is_unique_violation() {
                Err(taken(&p.id_number).into())
            } else {
                Err(e)
            }
        }
    }
}

/// Registers a person. A number already registered is `people.id_number_taken`.
pub async fn create(db: &Db, actor: &Actor, p: &Person) -> Result<PersonRecord, StoreError> {
    check_keep(actor, &p.region)?;
    let mut tx = db.begin_write().await?;
    check_region(&mut tx, &p.region, "region_code").await?;
    check_number_free(&mut tx, &p.id_number, None).await?;
    let id = Id::new().to_string();
    insert(&mut tx, &id, p, &domain::time::now_text()).await?;
    let record = row_in_tx(&mut tx, &id)
        .await?
        .ok_or(DomainError::NotFound)?
        .record(false);
    audit::insert(
        &mut tx,
        actor,
        audit::Subject::new(entity::PERSON, &id, &record.region_code),
        &record,
    )
    .await?;
    tx.commit().await?;
    Ok(record)
}

async fn for_write(tx: &mut Tx, actor: &Actor, id: &str) -> Result<PersonRecord, StoreError> {
    let old = row_in_tx(tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?
        .record(false);
    check_keep(actor, &stored_region(&old.region_code)?)?;
    Ok(old)
}

/// Changes a person without the caller sending back full values it was never shown: an ID
/// number left empty or sent back masked keeps the stored one; a phone sent back masked keeps
/// the stored one, and so does an empty phone with `keep_empty_phone` (a form that never
/// shows it). A person out of scope is not found.
pub async fn update_keeping(
    db: &Db,
    actor: &Actor,
    id: &str,
    input: &PersonInput,
    keep_empty_phone: bool,
) -> Result<PersonRecord, StoreError> {
    let found: Option<(String, String, Option<String>)> = on_pool!(db, |pool| {
        sqlx::query_as("SELECT region_code, id_number, phone FROM people_persons WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    });
    let (_, number, phone) = found
        .filter(|(region, _, _)| in_scope(&actor.scope, region))
        .ok_or(DomainError::NotFound)?;
    let mut input = input.clone();
    let sent = input.id_number.trim().to_ascii_uppercase();
    if sent.is_empty() || sent == mask_id_number(&number) {
        input.id_number = number;
    }
    let phone = phone.unwrap_or_default();
    let sent = input.phone.trim();
    if (sent.is_empty() && keep_empty_phone) || (!phone.is_empty() && sent == mask_phone(&phone)) {
        input.phone = phone;
    }
    let person = input.validate()?;
    update(db, actor, id, &person).await
}

/// Changes a person (a move to another region must stay in the actor's scope).
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: &str,
    p: &Person,
) -> Result<PersonRecord, StoreError> {
    check_keep(actor, &p.region)?;
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    check_region(&mut tx, &p.region, "region_code").await?;
    check_number_free(&mut tx, &p.id_number, Some(id)).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE people_persons SET region_code = $2, name = $3, sex = $4, birth_date = $5,
                 ethnicity = $6, id_number = $7, political_status = $8, education = $9,
                 phone = $10, updated_at = $11 WHERE id = $1",
        )
        .bind(id)
        .bind(p.region.as_str())
        .bind(&p.name)
        .bind(p.sex.as_str())
        .bind(p.birth_date.to_string())
        .bind(&p.ethnicity)
        .bind(&p.id_number)
        .bind(p.political_status.as_str())
        .bind(p.education.map(|e| e.as_str()))
        .bind(&p.phone)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = row_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?
        .record(false);
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::PERSON, id, &new.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Sets (PNG or JPEG, ≤ 2 MiB, by content) or removes (`None`) a person's photo.
pub async fn set_photo(
    db: &Db,
    actor: &Actor,
    id: &str,
    data: Option<&[u8]>,
) -> Result<PersonRecord, StoreError> {
    let content_type = data.map(check_photo).transpose()?;
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "UPDATE people_persons SET photo = $2, photo_type = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(data)
        .bind(content_type)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let new = row_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?
        .record(false);
    audit::update(
        &mut tx,
        actor,
        audit::Subject::new(entity::PERSON, id, &new.region_code),
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Archives (or restores) a person.
pub async fn set_archived(
    db: &Db,
    actor: &Actor,
    id: &str,
    archived: bool,
) -> Result<PersonRecord, StoreError> {
    let mut tx = db.begin_write().await?;
    let old = for_write(&mut tx, actor, id).await?;
    let now = domain::time::now_text();
    on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE people_persons SET archived = $2, updated_at = $3 WHERE id = $1")
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
    let new = row_in_tx(&mut tx, id)
        .await?
        .ok_or(DomainError::NotFound)?
        .record(false);
    audit::change(
        &mut tx,
        actor,
        action,
        audit::Subject::new(entity::PERSON, id, &new.region_code),
        Some(&old),
        Some(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// The full ID number and phone of a person in scope, for the district administrator only
/// (`auth.forbidden` otherwise). Written to the audit log as `reveal`, without the values.
pub async fn reveal(db: &Db, actor: &Actor, id: &str) -> Result<Revealed, StoreError> {
    check_reveal(actor)?;
    let mut tx = db.begin_write().await?;
    let row = row_in_tx(&mut tx, id)
        .await?
        .filter(|r| in_scope(&actor.scope, &r.region_code))
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        Action::Reveal,
        audit::Subject {
            entity: entity::PERSON,
            id,
            region: Some(&row.region_code),
        },
        None::<&()>,
        Some(&serde_json::json!({ "fields": ["id_number", "phone"] })),
    )
    .await?;
    tx.commit().await?;
    Ok(Revealed {
        id: row.id,
        id_number: row.id_number,
        phone: row.phone.unwrap_or_default(),
    })
}

/// Every person (not archived) in the actor's scope, for an export, by region and name.
/// Masked, unless `full`: then only for the district administrator (`auth.forbidden`
/// otherwise), and the export is written to the audit log (`export`, with the count).
pub async fn roster(db: &Db, actor: &Actor, full: bool) -> Result<Vec<PersonRecord>, StoreError> {
    let query = concat!(
        "SELECT ",
        cols!(),
        " FROM people_persons WHERE region_code >= $1 AND region_code < $2 AND NOT archived
         ORDER BY region_code, name, id"
    );
    let (lo, hi) = actor.scope.range();
    if !full {
        let rows: Vec<Row> = on_pool!(db, |pool| {
            sqlx::query_as(query)
                .bind(&lo)
                .bind(&hi)
                .fetch_all(pool)
                .await?
        });
        return Ok(rows.into_iter().map(|r| r.record(false)).collect());
    }
    check_reveal(actor)?;
    let mut tx = db.begin_write().await?;
    let rows: Vec<Row> = on_tx!(&mut tx, |conn| {
        sqlx::query_as(query)
            .bind(&lo)
            .bind(&hi)
            .fetch_all(conn)
            .await?
    });
    let root = actor.scope.root().map(|r| r.as_str().to_string());
    audit::change(
        &mut tx,
        actor,
        Action::Export,
        audit::Subject {
            entity: entity::PERSON,
            id: "roster",
            region: root.as_deref(),
        },
        None::<&()>,
        Some(&serde_json::json!({ "full": true, "count": rows.len() })),
    )
    .await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(|r| r.record(true)).collect())
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ImportSummary {
    pub created: usize,
}

/// Imports a roster: every row is validated (a row error names the 1-based file row and
/// the field), an ID number twice in the file or already registered is
/// `people.id_number_taken`, a region out of scope or unknown `mechanism.region_unknown`.
/// All or nothing: the first bad row writes nothing.
pub async fn import(
    db: &Db,
    actor: &Actor,
    rows: &[(usize, PersonInput)],
) -> Result<ImportSummary, StoreError> {
    if let Some(role) = actor.role
        && !matches!(
            role,
            domain::identity::Role::DistrictAdmin
                | domain::identity::Role::TownOfficer
                | domain::identity::Role::VillageCadre
        )
    {
        return Err(DomainError::Forbidden.into());
    }
    let mut people = Vec::with_capacity(rows.len());
    let mut seen = BTreeSet::new();
    for (row, input) in rows {
        let row = *row;
        let p = input
            .validate()
            .map_err(|error| StoreError::Row { row, error })?;
        if !actor.scope.contains(&p.region) {
            return Err(StoreError::Row {
                row,
                error: FieldError::new("mechanism.region_unknown", "region_code")
                    .arg("value", p.region.as_str()),
            });
        }
        if !seen.insert(p.id_number.clone()) {
            return Err(StoreError::Row {
                row,
                error: taken(&p.id_number),
            });
        }
        people.push((row, p));
    }
    let mut tx = db.begin_write().await?;
    let now = domain::time::now_text();
    for (row, p) in &people {
        let at = super::at_row(*row);
        check_region(&mut tx, &p.region, "region_code")
            .await
            .map_err(&at)?;
        check_number_free(&mut tx, &p.id_number, None)
            .await
            .map_err(&at)?;
        let id = Id::new().to_string();
        insert(&mut tx, &id, p, &now).await.map_err(&at)?;
        let record = row_in_tx(&mut tx, &id)
            .await?
            .ok_or(DomainError::NotFound)?
            .record(false);
        audit::change(
            &mut tx,
            actor,
            Action::Import,
            audit::Subject::new(entity::PERSON, &id, &record.region_code),
            None::<&()>,
            Some(&record),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ImportSummary {
        created: people.len(),
    })
}
