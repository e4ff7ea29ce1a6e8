//! Disclosure schedules as stored: the provincial default rows (region NULL) and the
//! overrides of a district or town for the villages below it; the district's name-masking
//! rule (a setting); and which disclosures are overdue (`domain::disclosure::schedule`).

use crate::{Db, StoreError, Tx, audit, on_pool, on_tx};
use chrono::NaiveDate;
use domain::audit::{Action, entity};
use domain::disclosure::Category;
use domain::disclosure::mask::NameRule;
use domain::disclosure::schedule::{self, Cadence, Rule};
use domain::identity::{Actor, Role, Scope};
use domain::region::RegionCode;
use domain::{DomainError, Id};
use serde::Serialize;
use std::collections::HashMap;

/// The setting holding the district's name-masking rule (`NameRule::as_str`).
pub const NAME_RULE_KEY: &str = "disclosure.name_rule";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ScheduleRecord {
    pub id: String,
    /// None: the provincial default.
    pub region_code: Option<String>,
    pub category: String,
    pub cadence: String,
    pub monthly_over_vouchers: Option<i64>,
    pub due_days: i64,
    pub major_days: i64,
    pub needs_approval: bool,
    pub updated_at: String,
}

impl ScheduleRecord {
    pub fn rule(&self) -> Option<Rule> {
        Some(Rule {
            category: Category::parse(&self.category)?,
            cadence: Cadence::parse(&self.cadence)?,
            monthly_over_vouchers: self.monthly_over_vouchers,
            due_days: self.due_days,
            major_days: self.major_days,
            needs_approval: self.needs_approval,
        })
    }
}

/// Every schedule row: the defaults first, then overrides by region.
pub async fn all(db: &Db) -> Result<Vec<ScheduleRecord>, StoreError> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT id, region_code, category, cadence,
                    CAST(monthly_over_vouchers AS BIGINT) AS monthly_over_vouchers,
                    CAST(due_days AS BIGINT) AS due_days,
                    CAST(major_days AS BIGINT) AS major_days, needs_approval, updated_at
             FROM disclosure_schedules ORDER BY COALESCE(region_code, ''), category",
        )
        .fetch_all(pool)
        .await?
    }))
}

/// The rule for `category` in `region`: the override of the nearest region above it (or
/// itself), else the provincial default.
pub fn effective(rows: &[ScheduleRecord], region: &str, category: Category) -> Option<Rule> {
    let code = RegionCode::parse(region).ok();
    rows.iter()
        .filter(|r| r.category == category.as_str())
        .filter(|r| match (&r.region_code, &code) {
            (None, _) => true,
            (Some(o), Some(c)) => RegionCode::parse(o).is_ok_and(|o| o.contains(c)),
            (Some(_), None) => false,
        })
        .max_by_key(|r| r.region_code.as_ref().map_or(0, String::len))
        .and_then(ScheduleRecord::rule)
}

/// [`effective`] read from the database.
pub async fn rule_for(db: &Db, region: &str, category: Category) -> Result<Rule, StoreError> {
    effective(&all(db).await?, region, category)
        .ok_or_else(|| DomainError::Conflict("disclosure.schedule_missing").into())
}

/// The district's name-masking rule (the default 王*明 when none is set).
pub async fn name_rule(db: &Db) -> Result<NameRule, StoreError> {
    Ok(crate::settings::get(db, NAME_RULE_KEY)
        .await?
        .and_then(|v| NameRule::parse(&v))
        .unwrap_or_default())
}

fn check_admin(actor: &Actor) -> Result<RegionCode, DomainError> {
    match (actor.role, actor.scope.root()) {
        (Some(Role::DistrictAdmin), Some(root)) => Ok(root.clone()),
        _ => Err(DomainError::Forbidden),
    }
}

/// The district administrator sets the district's override of `rule.category` (a row for
/// the administrator's district, created or replaced), audited.
pub async fn save(db: &Db, actor: &Actor, rule: Rule) -> Result<ScheduleRecord, StoreError> {
    let district = check_admin(actor)?;
    let rule = rule.validate()?;
    let mut tx = db.begin_write().await?;
    let before = row_in_tx(&mut tx, district.as_str(), rule.category).await?;
    let now = domain::time::now_text();
    let id = before
        .as_ref()
        .map_or_else(|| Id::new().to_string(), |b| b.id.clone());
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO disclosure_schedules (id, region_code, category, cadence,
                 monthly_over_vouchers, due_days, major_days, needs_approval, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET cadence = excluded.cadence,
                 monthly_over_vouchers = excluded.monthly_over_vouchers,
                 due_days = excluded.due_days, major_days = excluded.major_days,
                 needs_approval = excluded.needs_approval, updated_at = excluded.updated_at",
        )
        .bind(&id)
        .bind(district.as_str())
        .bind(rule.category.as_str())
        .bind(rule.cadence.as_str())
        .bind(rule.monthly_over_vouchers)
        .bind(rule.due_days)
        .bind(rule.major_days)
        .bind(rule.needs_approval)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    let after = row_in_tx(&mut tx, district.as_str(), rule.category)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit::change(
        &mut tx,
        actor,
        if before.is_some() {
            Action::Update
        } else {
            Action::Create
        },
        audit::Subject::new(entity::DISCLOSURE_SCHEDULE, &id, district.as_str()),
        before.as_ref(),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The district administrator sets the name-masking rule, audited.
pub async fn set_name_rule(db: &Db, actor: &Actor, rule: NameRule) -> Result<(), StoreError> {
    let district = check_admin(actor)?;
    let mut tx = db.begin_write().await?;
    let before = crate::settings::get_in_tx(&mut tx, NAME_RULE_KEY).await?;
    crate::settings::set(&mut tx, NAME_RULE_KEY, rule.as_str()).await?;
    audit::change(
        &mut tx,
        actor,
        Action::Update,
        audit::Subject::new(
            entity::DISCLOSURE_SCHEDULE,
            NAME_RULE_KEY,
            district.as_str(),
        ),
        Some(&serde_json::json!({ "name_rule": before })),
        Some(&serde_json::json!({ "name_rule": rule.as_str() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn row_in_tx(
    tx: &mut Tx,
    region: &str,
    category: Category,
) -> Result<Option<ScheduleRecord>, StoreError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT id, region_code, category, cadence,
                    CAST(monthly_over_vouchers AS BIGINT) AS monthly_over_vouchers,
                    CAST(due_days AS BIGINT) AS due_days,
                    CAST(major_days AS BIGINT) AS major_days, needs_approval, updated_at
             FROM disclosure_schedules WHERE region_code = $1 AND category = $2",
        )
        .bind(region)
        .bind(category.as_str())
        .fetch_optional(conn)
        .await?
    }))
}

#[derive(sqlx::FromRow)]
struct Published {
    id: String,
    region_code: String,
    category: String,
    period_from: String,
    period_to: String,
    major: bool,
    approved_on: Option<String>,
    /// The day of the item's first published version (`None`: never published).
    first_published: Option<String>,
}

/// A disclosure a village owes: a period's disclosure of a category under its schedule, or a
/// major matter (an item marked major, due within the schedule's days of its approval).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obligation {
    pub region_code: String,
    pub category: Category,
    /// The period owed (`2024-Q3`, `2024-07`), or the major matter's item period.
    pub period: String,
    pub due: NaiveDate,
    /// The item that covers it first published (for a major matter, the item itself).
    pub item_id: Option<String>,
    /// The day the covering item was first published, if it was.
    pub published_on: Option<NaiveDate>,
}

impl Obligation {
    /// Overdue on `today`: due before it and not published (a late publication clears it).
    pub fn overdue(&self, today: NaiveDate) -> bool {
        schedule::is_overdue(self.due, self.published_on, today)
    }
}

/// The disclosures each of `villages` (in scope) owes for the periods of `year`: every
/// category's due periods under its schedule (monthly where the village's posted vouchers in
/// a quarter exceed the threshold), each with the published item covering it that was
/// published first, and the major matters approved in the year. Villages outside the scope are
/// left out. A constant number of queries.
pub async fn obligations(
    db: &Db,
    scope: &Scope,
    villages: &[String],
    year: i32,
) -> Result<Vec<Obligation>, StoreError> {
    let rows = all(db).await?;
    let (lo, hi) = scope.range();
    let year_from = format!("{year}-01-01");
    let year_to = format!("{year}-12-31");
    let (counts, items): (Vec<(String, String, i64)>, Vec<Published>) = on_pool!(db, |pool| {
        let counts = sqlx::query_as(
            "SELECT o.region_code, v.period, COUNT(*)
             FROM ledger_vouchers v JOIN ledger_books b ON b.id = v.book_id
             JOIN ledger_orgs o ON o.id = b.org_id
             WHERE o.region_code >= $1 AND o.region_code < $2 AND b.year = $3
               AND v.state = 'posted'
             GROUP BY o.region_code, v.period",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(year)
        .fetch_all(pool)
        .await?;
        let items = sqlx::query_as(
            "SELECT i.id, i.region_code, i.category, i.period_from, i.period_to, i.major,
                    i.approved_on,
                    (SELECT MIN(v.published_at) FROM disclosure_versions v
                      WHERE v.item_id = i.id) AS first_published
             FROM disclosure_items i
             WHERE i.region_code >= $1 AND i.region_code < $2 AND NOT i.archived
               AND i.period_to >= $3 AND i.period_from <= $4",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(&year_from)
        .bind(&year_to)
        .fetch_all(pool)
        .await?;
        (counts, items)
    });
    let day = |text: &Option<String>| {
        text.as_deref()
            .and_then(|t| t.get(..10))
            .and_then(domain::time::parse_date)
    };
    let mut out = Vec::new();
    for village in villages {
        if !RegionCode::parse(village).is_ok_and(|c| scope.contains(&c)) {
            continue;
        }
        let mut vouchers = [0i64; 4];
        for (_, period, n) in counts.iter().filter(|(r, _, _)| r == village) {
            let month: usize = period.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
            if let Some(q) = vouchers.get_mut(month.saturating_sub(1) / 3) {
                *q += n;
            }
        }
        for category in Category::ALL {
            let Some(rule) = effective(&rows, village, category) else {
                continue;
            };
            // The village's published items of the category with their periods, first
            // published first.
            let mut mine: Vec<(&Published, NaiveDate, NaiveDate, Option<NaiveDate>)> = items
                .iter()
                .filter(|i| &i.region_code == village && i.category == category.as_str())
                .filter_map(|i| {
                    Some((
                        i,
                        domain::time::parse_date(&i.period_from)?,
                        domain::time::parse_date(&i.period_to)?,
                        day(&i.first_published),
                    ))
                })
                .collect();
            mine.sort_by_key(|(i, _, _, on)| (on.is_none(), *on, i.id.clone()));
            for due in schedule::required(&rule, year, vouchers) {
                let covering = mine
                    .iter()
                    .find(|(_, a, b, on)| on.is_some() && *a <= due.from && *b >= due.to);
                out.push(Obligation {
                    region_code: village.clone(),
                    category,
                    period: due.period.code(),
                    due: due.due,
                    item_id: covering.map(|(i, ..)| i.id.clone()),
                    published_on: covering.and_then(|(_, _, _, on)| *on),
                });
            }
            for (item, _, _, on) in mine.iter().filter(|(i, ..)| i.major) {
                let Some(approved) = day(&item.approved_on) else {
                    continue;
                };
                if approved.format("%Y").to_string() != year.to_string() {
                    continue;
                }
                out.push(Obligation {
                    region_code: village.clone(),
                    category,
                    period: item.period_from.clone(),
                    due: schedule::major_due(&rule, approved),
                    item_id: Some(item.id.clone()),
                    published_on: *on,
                });
            }
        }
    }
    Ok(out)
}

/// How many disclosures each of `villages` (in scope) has overdue on `today` for the
/// periods of `year` ([`obligations`] due before today and not published: a late publication
/// clears it). Villages in scope owing nothing overdue count 0.
pub async fn overdue_by_village(
    db: &Db,
    scope: &Scope,
    villages: &[String],
    year: i32,
    today: NaiveDate,
) -> Result<HashMap<String, u32>, StoreError> {
    let mut out: HashMap<String, u32> = villages
        .iter()
        .filter(|v| RegionCode::parse(v).is_ok_and(|c| scope.contains(&c)))
        .map(|v| (v.clone(), 0))
        .collect();
    for o in obligations(db, scope, villages, year).await? {
        if o.overdue(today)
            && let Some(n) = out.get_mut(&o.region_code)
        {
            *n = n.saturating_add(1);
        }
    }
    Ok(out)
}
