//! The compliance board: loads the rows in scope and in range with one query per kind of
//! fact and hands them to the pure [`domain::mechanism::compliance::evaluate`].

use super::rules::{self, RuleRecord};
use crate::{Db, StoreError, on_pool};
use chrono::NaiveDate;
use domain::FieldError;
use domain::identity::Scope;
use domain::ledger::Period;
use domain::mechanism::assignment::AssignmentKind;
use domain::mechanism::compliance::{
    AssignmentFact, Cell, CellStatus, MeetingFact, ProblemFact, RuleKind, evaluate,
};
use domain::mechanism::period::Span;
use domain::mechanism::problem::ProblemState;
use domain::region::RegionCode;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Longest range a board covers, in months.
pub const MAX_MONTHS: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionName {
    pub code: String,
    pub name: String,
    pub level: String,
}

/// The board for a range of months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Board {
    pub from: Period,
    pub to: Period,
    pub today: NaiveDate,
    /// The active rules, by position.
    pub rules: Vec<RuleRecord>,
    /// Cells in rule order, then region, then period (see `evaluate`).
    pub cells: Vec<Cell>,
    /// The regions the cells name, by code.
    pub regions: Vec<RegionName>,
}

impl Board {
    pub fn region_name(&self, code: &str) -> Option<&str> {
        self.regions
            .binary_search_by(|r| r.code.as_str().cmp(code))
            .ok()
            .map(|i| self.regions[i].name.as_str())
    }

    pub fn rule(&self, id: &str) -> Option<&RuleRecord> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// The villages' disclosure obligations of the years as deadline facts: due on the
/// schedule's day, finished on the day the covering item was first published (so a late
/// publication is a red cell). The id is the item's, or `region:category:period` for an
/// obligation nothing was published for.
async fn disclosure_facts(
    db: &Db,
    scope: &Scope,
    villages: &[RegionCode],
    from_year: i32,
    to_year: i32,
) -> Result<Vec<ProblemFact>, StoreError> {
    let codes: Vec<String> = villages.iter().map(|v| v.as_str().to_string()).collect();
    let mut out = Vec::new();
    for year in from_year..=to_year {
        for o in crate::disclosure::schedules::obligations(db, scope, &codes, year).await? {
            out.push(ProblemFact {
                id: o.item_id.clone().unwrap_or_else(|| {
                    format!("{}:{}:{}", o.region_code, o.category.as_str(), o.period)
                }),
                region: o.region_code,
                deadline: o.due,
                state: if o.published_on.is_some() {
                    ProblemState::Done
                } else {
                    ProblemState::Todo
                },
                done_at: o.published_on,
            });
        }
    }
    Ok(out)
}

/// Parses `YYYY-MM-DD` quickly (the board reads tens of thousands of dates).
fn date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return domain::time::parse_date(s);
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

fn check_range(from: Period, to: Period) -> Result<(), FieldError> {
    if from > to || from.through(to).len() > MAX_MONTHS {
        return Err(FieldError::new("mechanism.range_invalid", "to")
            .arg("from", from.to_string())
            .arg("to", to.to_string())
            .arg("max", MAX_MONTHS.to_string()));
    }
    Ok(())
}

/// The board for the months `from`–`to` in the caller's scope, as of `today`: every active
/// rule evaluated over the periods overlapping the range (see the semantics in
/// [`domain::mechanism::compliance`]).
pub async fn board(
    db: &Db,
    scope: &Scope,
    from: Period,
    to: Period,
    today: NaiveDate,
) -> Result<Board, StoreError> {
    check_range(from, to)?;
    let rules: Vec<RuleRecord> = rules::list(db, false).await?;
    let domain_rules: Vec<_> = rules.iter().filter_map(RuleRecord::rule).collect();
    // Quarters and years overlapping the range start and end within its years.
    let first = format!("{:04}-01-01", from.year);
    let last = format!("{:04}-12-31", to.year);
    let (lo, hi) = scope.range();
    // Only the meeting types some active rule counts.
    let types: BTreeSet<&str> = domain_rules
        .iter()
        .filter_map(|r| r.kind.meeting_type())
        .collect();
    let meetings_sql = format!(
        "SELECT id, type_code, region_code, date FROM mechanism_meetings
         WHERE date >= $1 AND date <= $2 AND region_code >= $3 AND region_code < $4 AND NOT archived
           AND type_code IN ({})",
        super::placeholders(4, types.len())
    );
    type MeetingRow = (String, String, String, String);
    type AssignmentRow = (String, String, String, String, Option<String>);
    type ProblemRow = (String, String, String, String, Option<String>);
    type Rows = (
        Vec<MeetingRow>,
        Vec<AssignmentRow>,
        Vec<(String,)>,
        Vec<ProblemRow>,
        Vec<(String, String, String)>,
    );
    // Five independent reads, run side by side on their own connections.
    let (meetings, assignments, villages, problems, names): Rows = on_pool!(db, |pool| {
        let meetings = async {
            if types.is_empty() {
                return Ok(Vec::new());
            }
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(meetings_sql.clone()))
                .bind(&first)
                .bind(&last)
                .bind(&lo)
                .bind(&hi);
            for t in &types {
                q = q.bind(*t);
            }
            q.fetch_all(pool).await
        };
        let assignments = sqlx::query_as(
            "SELECT id, region_code, kind, starts_on, ends_on FROM mechanism_assignments
             WHERE region_code >= $1 AND region_code < $2 AND NOT archived AND starts_on <= $3
               AND (ends_on IS NULL OR ends_on >= $4)",
        )
        .bind(&lo)
        .bind(&hi)
        .bind(&last)
        .bind(&first)
        .fetch_all(pool);
        let villages = sqlx::query_as(
            "SELECT code FROM regions WHERE code >= $1 AND code < $2 AND level = 'village' AND NOT archived",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool);
        let problems = sqlx::query_as(
            "SELECT id, region_code, deadline, state, done_at FROM mechanism_problems
             WHERE deadline >= $1 AND deadline <= $2 AND region_code >= $3 AND region_code < $4 AND NOT archived",
        )
        .bind(&first)
        .bind(&last)
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool);
        let names = sqlx::query_as(
            "SELECT code, name, level FROM regions WHERE code >= $1 AND code < $2 ORDER BY code",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(pool);
        tokio::try_join!(meetings, assignments, villages, problems, names)?
    });
    let meetings: Vec<MeetingFact> = meetings
        .into_iter()
        .filter_map(|(id, type_code, region, d)| {
            Some(MeetingFact {
                date: date(&d)?,
                id,
                type_code,
                region,
            })
        })
        .collect();
    let assignments: Vec<AssignmentFact> = assignments
        .into_iter()
        .filter_map(|(id, region, kind, starts, ends)| {
            Some(AssignmentFact {
                region: RegionCode::parse(&region).ok()?,
                kind: AssignmentKind::parse(&kind).ok()?,
                starts_on: date(&starts)?,
                ends_on: match ends {
                    Some(e) => Some(date(&e)?),
                    None => None,
                },
                id,
            })
        })
        .collect();
    let villages: Vec<RegionCode> = villages
        .into_iter()
        .filter_map(|(c,)| RegionCode::parse(&c).ok())
        .collect();
    let problems: Vec<ProblemFact> = problems
        .into_iter()
        .filter_map(|(id, region, deadline, state, done_at)| {
            Some(ProblemFact {
                deadline: date(&deadline)?,
                state: ProblemState::parse(&state)?,
                done_at: done_at.as_deref().and_then(date),
                id,
                region,
            })
        })
        .collect();
    let disclosures = if domain_rules
        .iter()
        .any(|r| matches!(r.kind, RuleKind::DisclosuresOnTime { .. }))
    {
        disclosure_facts(db, scope, &villages, from.year, to.year).await?
    } else {
        Vec::new()
    };
    let cells = evaluate(
        &domain_rules,
        &assignments,
        &meetings,
        &villages,
        &problems,
        &disclosures,
        from,
        to,
        today,
    );
    let named: BTreeSet<&str> = cells.iter().map(|c| c.region.as_str()).collect();
    let regions = names
        .into_iter()
        .filter(|(code, _, _)| named.contains(code.as_str()))
        .map(|(code, name, level)| RegionName { code, name, level })
        .collect();
    Ok(Board {
        from,
        to,
        today,
        rules,
        cells,
        regions,
    })
}

/// One red cell, for the missed list and its .xlsx export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedRow {
    pub region_code: String,
    pub region_name: String,
    pub rule_id: String,
    pub rule_name: String,
    pub period: Span,
    pub required: u32,
    pub actual: u32,
    pub assignment: Option<String>,
    /// The records that did count (fewer than required).
    pub records: Vec<String>,
}

/// The missed (red) cells of the board, by region, rule and period.
pub async fn missed(
    db: &Db,
    scope: &Scope,
    from: Period,
    to: Period,
    today: NaiveDate,
) -> Result<Vec<MissedRow>, StoreError> {
    let board = board(db, scope, from, to, today).await?;
    let mut rows: Vec<MissedRow> = board
        .cells
        .iter()
        .filter(|c| c.status == CellStatus::Missed)
        .map(|c| MissedRow {
            region_code: c.region.clone(),
            region_name: board.region_name(&c.region).unwrap_or("").to_string(),
            rule_id: c.rule.clone(),
            rule_name: board
                .rule(&c.rule)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            period: c.period,
            required: c.required,
            actual: c.actual,
            assignment: c.assignment.clone(),
            records: c.records.clone(),
        })
        .collect();
    let position: BTreeMap<&str, i32> = board
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.position))
        .collect();
    rows.sort_by(|a, b| {
        (
            &a.region_code,
            position.get(a.rule_id.as_str()),
            a.period.first_day(),
        )
            .cmp(&(
                &b.region_code,
                position.get(b.rule_id.as_str()),
                b.period.first_day(),
            ))
    });
    Ok(rows)
}

/// A rule not yet met in the current period somewhere in the caller's scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueSoon {
    pub rule_id: String,
    pub rule_name: String,
    /// The current period of the rule.
    pub period: Span,
    /// Its last day: the deadline.
    pub last_day: NaiveDate,
    /// The regions where the rule is still pending, by code.
    pub regions: Vec<String>,
}

/// For the start page: the rules with pending cells in the period containing `today`, in
/// rule order, each with the regions still owing it.
pub async fn due_soon(
    db: &Db,
    scope: &Scope,
    today: NaiveDate,
) -> Result<Vec<DueSoon>, StoreError> {
    let month = Period::of_date(today);
    let board = board(db, scope, month, month, today).await?;
    let mut out: Vec<DueSoon> = Vec::new();
    for rule in &board.rules {
        let pending: Vec<&Cell> = board
            .cells
            .iter()
            .filter(|c| {
                c.rule == rule.id && c.status == CellStatus::Pending && c.period.contains(today)
            })
            .collect();
        let Some(first) = pending.first() else {
            continue;
        };
        let mut regions: Vec<String> = pending.iter().map(|c| c.region.clone()).collect();
        regions.sort();
        regions.dedup();
        out.push(DueSoon {
            rule_id: rule.id.clone(),
            rule_name: rule.name.clone(),
            period: first.period,
            last_day: first.period.last_day(),
            regions,
        });
    }
    Ok(out)
}
