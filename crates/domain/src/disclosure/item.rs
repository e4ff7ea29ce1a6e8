//! A disclosure item's rules: what it shows ([`Kind`]), the period it covers ([`PeriodSpec`]),
//! its workflow ([`State`], [`Step`]: draft → (submitted → approved, where the schedule says
//! the town approves) → published; a correction goes back to draft with a reason), who may
//! take each step, and what is entered for publication where the item is not computed
//! (a subsidy list, other matters).

use super::Category;
use crate::error::{DomainError, FieldError};
use crate::identity::Role;
use crate::money::Money;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What an item shows; each kind is computed from its records by one snapshot builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 财务公开: income and expenditure by account, balance sheet, statement of income,
    /// large payments, project funds of the period.
    FinancePeriod,
    /// 村务公开: an industry project's milestones, progress and results.
    ProjectProgress,
    /// 村务公开: the decisions of the village's meetings in the period and their
    /// implementation.
    MeetingDecisions,
    /// 村务公开: a subsidy or assistance list entered for publication (names masked).
    SubsidyList,
    /// 村务公开: a title and text entered.
    Other,
    /// 党务公开: the organisation, members' meetings, trainings, the first secretary.
    PartyPeriod,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::FinancePeriod,
        Kind::ProjectProgress,
        Kind::MeetingDecisions,
        Kind::SubsidyList,
        Kind::Other,
        Kind::PartyPeriod,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FinancePeriod => "finance_period",
            Kind::ProjectProgress => "project_progress",
            Kind::MeetingDecisions => "meeting_decisions",
            Kind::SubsidyList => "subsidy_list",
            Kind::Other => "other",
            Kind::PartyPeriod => "party_period",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }

    /// The category the kind is published under.
    pub fn category(self) -> Category {
        match self {
            Kind::FinancePeriod => Category::Finance,
            Kind::PartyPeriod => Category::Party,
            _ => Category::Affairs,
        }
    }

    /// The message id of the kind's name.
    pub fn label_id(self) -> String {
        format!("disclosure-kind-{}", self.as_str())
    }
}

/// An item's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    /// Awaiting the town's approval.
    Submitted,
    Approved,
    Published,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Draft,
        State::Submitted,
        State::Approved,
        State::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Approved => "approved",
            State::Published => "published",
        }
    }

    pub fn parse(text: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Submit,
    Approve,
    Publish,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Submit, Step::Approve, Step::Publish];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Approve => "approve",
            Step::Publish => "publish",
        }
    }

    pub fn parse(text: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// The state the step leaves from and the one it reaches, where the schedule says
    /// whether the town approves (`needs_approval`); `None` when the step does not exist
    /// in that workflow (no submission where nobody approves).
    pub fn transition(self, needs_approval: bool) -> Option<(State, State)> {
        match (self, needs_approval) {
            (Step::Submit, true) => Some((State::Draft, State::Submitted)),
            (Step::Approve, true) => Some((State::Submitted, State::Approved)),
            (Step::Publish, true) => Some((State::Approved, State::Published)),
            (Step::Publish, false) => Some((State::Draft, State::Published)),
            _ => None,
        }
    }

    /// The steps offered in `state`.
    pub fn available(state: State, needs_approval: bool) -> Vec<Step> {
        Step::ALL
            .into_iter()
            .filter(|s| {
                s.transition(needs_approval)
                    .is_some_and(|(f, _)| f == state)
            })
            .collect()
    }
}

/// Who prepares items (in their scope): a village's own users, the town and the district
/// administrator. The district's leaders read.
pub fn may_prepare(role: Option<Role>) -> bool {
    match role {
        None => true,
        Some(r) => matches!(
            r,
            Role::DistrictAdmin | Role::TownOfficer | Role::VillageCadre | Role::FirstSecretary
        ),
    }
}

/// Who approves (over the village, never their own preparation): a town officer or the
/// district administrator; a village's users never approve.
pub fn may_approve(role: Option<Role>) -> bool {
    match role {
        None => true,
        Some(r) => matches!(r, Role::DistrictAdmin | Role::TownOfficer),
    }
}

/// May `step` be taken by someone of `role`; `preparer_is_actor` when the one taking it
/// prepared the item. Approval is never by the preparer.
pub fn check_step(
    step: Step,
    role: Option<Role>,
    preparer_is_actor: bool,
) -> Result<(), DomainError> {
    match step {
        Step::Approve if !may_approve(role) => Err(DomainError::Forbidden),
        Step::Approve if preparer_is_actor => {
            Err(DomainError::Conflict("disclosure.approver_is_preparer"))
        }
        _ if !may_prepare(role) => Err(DomainError::Forbidden),
        _ => Ok(()),
    }
}

/// The period an item covers: a whole year, a quarter or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodSpec {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
}

impl PeriodSpec {
    /// Parses `2024`, `2024-Q3` or `2024-09`.
    pub fn parse(text: &str) -> Result<PeriodSpec, FieldError> {
        let t = text.trim();
        let err = || FieldError::new("disclosure.period_invalid", "period").arg("value", t);
        let year = |y: &str| -> Result<i32, FieldError> {
            let y: i32 = y.parse().map_err(|_| err())?;
            (2000..=2100).contains(&y).then_some(y).ok_or_else(err)
        };
        if t.len() == 4 {
            return Ok(PeriodSpec::Year(year(t)?));
        }
        let (y, rest) = t.split_once('-').ok_or_else(err)?;
        let y = year(y)?;
        if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
            let q: u32 = q.parse().map_err(|_| err())?;
            return (1..=4)
                .contains(&q)
                .then_some(PeriodSpec::Quarter(y, q))
                .ok_or_else(err);
        }
        if rest.len() != 2 {
            return Err(err());
        }
        let m: u32 = rest.parse().map_err(|_| err())?;
        (1..=12)
            .contains(&m)
            .then_some(PeriodSpec::Month(y, m))
            .ok_or_else(err)
    }

    /// The spec of a stored `from..=to`, when it is one.
    pub fn of_range(from: NaiveDate, to: NaiveDate) -> Option<PeriodSpec> {
        let y = from.year();
        [PeriodSpec::Year(y)]
            .into_iter()
            .chain((1..=4).map(|q| PeriodSpec::Quarter(y, q)))
            .chain((1..=12).map(|m| PeriodSpec::Month(y, m)))
            .find(|p| p.range() == Some((from, to)))
    }

    pub fn code(self) -> String {
        match self {
            PeriodSpec::Year(y) => format!("{y}"),
            PeriodSpec::Quarter(y, q) => format!("{y}-Q{q}"),
            PeriodSpec::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            PeriodSpec::Year(y) | PeriodSpec::Quarter(y, _) | PeriodSpec::Month(y, _) => y,
        }
    }

    /// First and last month.
    pub fn months(self) -> (u32, u32) {
        match self {
            PeriodSpec::Year(_) => (1, 12),
            PeriodSpec::Quarter(_, q) => (q * 3 - 2, q * 3),
            PeriodSpec::Month(_, m) => (m, m),
        }
    }

    /// First and last day, inclusive.
    pub fn range(self) -> Option<(NaiveDate, NaiveDate)> {
        let y = self.year();
        let (a, b) = self.months();
        let from = NaiveDate::from_ymd_opt(y, a, 1)?;
        let next = if b == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(y, b + 1, 1)?
        };
        Some((from, next.pred_opt()?))
    }

    /// The period in Chinese as published (2024年第三季度, 2024年9月, 2024年度): part of the
    /// frozen snapshot, which is a Chinese notice.
    pub fn chinese(self) -> String {
        const Q: [&str; 4] = ["一", "二", "三", "四"];
        match self {
            PeriodSpec::Year(y) => format!("{y}年度"),
            PeriodSpec::Quarter(y, q) => {
                format!(
                    "{y}年第{}季度",
                    Q.get(q as usize - 1).copied().unwrap_or("")
                )
            }
            PeriodSpec::Month(y, m) => format!("{y}年{m}月"),
        }
    }
}

/// One row of a subsidy or assistance list as entered (the name in full: masked when the
/// snapshot is made, by the district's rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubsidyRow {
    pub name: String,
    pub item: String,
    /// Fen.
    pub amount: i64,
}

/// What is entered for publication, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Input {
    /// A subsidy list's rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<SubsidyRow>,
    /// Other matters' text (sanitised HTML) or a note on the implementation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The project a progress item shows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub project_id: String,
}

/// Parses a subsidy list typed one row a line: `name, item, amount in yuan` (commas,
/// Chinese commas or tabs, as pasted from a spreadsheet). A bad line is named by number.
pub fn parse_subsidy_rows(text: &str) -> Result<Vec<SubsidyRow>, FieldError> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = (i + 1).to_string();
        let parts: Vec<&str> = line
            .split(['\t', ',', '，'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let [name, item, amount] = parts.as_slice() else {
            return Err(FieldError::new("disclosure.subsidy_line_invalid", "rows")
                .arg("line", n)
                .arg("value", line));
        };
        if name.chars().count() > 40 || item.chars().count() > 100 {
            return Err(FieldError::new("disclosure.subsidy_line_invalid", "rows")
                .arg("line", n)
                .arg("value", line));
        }
        let amount = Money::parse_yuan(amount)
            .filter(|m| m.fen() >= 0 && m.within_bound())
            .ok_or_else(|| {
                FieldError::new("disclosure.subsidy_amount_invalid", "rows")
                    .arg("line", n.clone())
                    .arg("value", *amount)
            })?;
        rows.push(SubsidyRow {
            name: (*name).to_string(),
            item: (*item).to_string(),
            amount: amount.fen(),
        });
    }
    if rows.is_empty() {
        return Err(FieldError::new("common.required", "rows"));
    }
    Ok(rows)
}

/// A subsidy list as typed back into its form.
pub fn subsidy_rows_text(rows: &[SubsidyRow]) -> String {
    rows.iter()
        .map(|r| format!("{}，{}，{}", r.name, r.item, Money::from_fen(r.amount)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What every snapshot carries besides its kind's body, so that the leaf binds its context.
pub struct Envelope<'a> {
    pub region_code: &'a str,
    pub region_name: &'a str,
    pub kind: Kind,
    pub title: &'a str,
    pub period_from: &'a str,
    pub period_to: &'a str,
    pub version: i64,
    pub reason: &'a str,
    pub published_at: &'a str,
    pub publisher: &'a str,
}

impl Envelope<'_> {
    /// The snapshot: the envelope's fields and `body` (the kind's figures) under `body`.
    pub fn snapshot(&self, body: serde_json::Value) -> serde_json::Value {
        let period = match (
            crate::time::parse_date(self.period_from),
            crate::time::parse_date(self.period_to),
        ) {
            (Some(a), Some(b)) => PeriodSpec::of_range(a, b).map(PeriodSpec::chinese),
            _ => None,
        }
        .unwrap_or_else(|| format!("{} — {}", self.period_from, self.period_to));
        serde_json::json!({
            "region_code": self.region_code,
            "region_name": self.region_name,
            "category": self.kind.category().as_str(),
            "kind": self.kind.as_str(),
            "title": self.title,
            "period_from": self.period_from,
            "period_to": self.period_to,
            "period": period,
            "version": self.version,
            "reason": self.reason,
            "published_at": self.published_at,
            "publisher": self.publisher,
            "body": body,
        })
    }
}

/// The correction's reason: required, at most 1000 characters.
pub fn check_reason(reason: &str) -> Result<String, FieldError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(FieldError::new("common.required", "reason"));
    }
    if reason.chars().count() > 1000 {
        return Err(FieldError::new("common.too_long", "reason").arg("max", "1000"));
    }
    Ok(reason.to_string())
}

/// An item's title: required, at most 200 characters.
pub fn check_title(title: &str) -> Result<String, FieldError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", "title"));
    }
    if t.chars().count() > 200 {
        return Err(FieldError::new("common.too_long", "title").arg("max", "200"));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn periods_parse_and_span_their_days() {
        let q = PeriodSpec::parse("2024-Q3").unwrap();
        assert_eq!(q, PeriodSpec::Quarter(2024, 3));
        let (a, b) = q.range().unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2024-07-01".into(), "2024-09-30".into())
        );
        assert_eq!(q.chinese(), "2024年第三季度");
        assert_eq!(PeriodSpec::of_range(a, b), Some(q));
        let m = PeriodSpec::parse("2024-02").unwrap();
        assert_eq!(m.range().unwrap().1.to_string(), "2024-02-29");
        assert_eq!(PeriodSpec::parse("2024").unwrap().chinese(), "2024年度");
        for bad in ["", "2024-Q5", "2024-13", "24-Q1", "abc"] {
            assert!(PeriodSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_workflow_follows_the_schedule() {
        assert_eq!(Step::available(State::Draft, true), vec![Step::Submit]);
        assert_eq!(Step::available(State::Draft, false), vec![Step::Publish]);
        assert_eq!(Step::available(State::Submitted, true), vec![Step::Approve]);
        assert_eq!(Step::available(State::Approved, true), vec![Step::Publish]);
        assert!(Step::available(State::Published, true).is_empty());
        assert_eq!(Step::Submit.transition(false), None);
    }

    #[test]
    fn approvers_are_the_town_never_the_village_nor_the_preparer() {
        assert_eq!(
            check_step(Step::Approve, Some(Role::VillageCadre), false),
            Err(DomainError::Forbidden)
        );
        assert_eq!(
            check_step(Step::Approve, Some(Role::TownOfficer), true),
            Err(DomainError::Conflict("disclosure.approver_is_preparer"))
        );
        assert!(check_step(Step::Approve, Some(Role::TownOfficer), false).is_ok());
        assert!(check_step(Step::Publish, Some(Role::VillageCadre), true).is_ok());
        assert_eq!(
            check_step(Step::Publish, Some(Role::DistrictLeader), false),
            Err(DomainError::Forbidden)
        );
    }

    #[test]
    fn subsidy_lists_are_typed_a_row_a_line() {
        let rows = parse_subsidy_rows("王小明，低保，1200\n\n李四\t危房改造\t15000.50").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].amount, 1_500_050);
        let e = parse_subsidy_rows("王小明，低保").unwrap_err();
        assert_eq!(
            (e.code, e.args["line"].as_str()),
            ("disclosure.subsidy_line_invalid", "1")
        );
        let e = parse_subsidy_rows("王小明，低保，abc").unwrap_err();
        assert_eq!(e.code, "disclosure.subsidy_amount_invalid");
        assert_eq!(parse_subsidy_rows(" ").unwrap_err().code, "common.required");
        assert_eq!(subsidy_rows_text(&rows[1..]), "李四，危房改造，15000.50");
    }
}
