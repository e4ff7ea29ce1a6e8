//! Projects (产业项目): status workflow 申报 → 批准 → 实施 → 验收 → 运营, or 终止 with a
//! reason; funding sources, budget lines and milestones with the weighted progress roll-up.

use super::{account, amount, date, optional, required};
use crate::error::FieldError;
use crate::id::Id;
use crate::ledger::AccountingSystem;
use crate::money::Money;
use crate::region::RegionCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 申报
    Applied,
    /// 批准
    Approved,
    /// 实施
    Implementing,
    /// 验收
    Accepted,
    /// 运营
    Operating,
    /// 终止
    Terminated,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Applied,
        Status::Approved,
        Status::Implementing,
        Status::Accepted,
        Status::Operating,
        Status::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Approved => "approved",
            Status::Implementing => "implementing",
            Status::Accepted => "accepted",
            Status::Operating => "operating",
            Status::Terminated => "terminated",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// The next step along the chain; none from a final state.
    /// Whether money may be paid out: from approval until the project ends, never while it
    /// is only applied for or after it was terminated.
    pub fn pays_out(self) -> bool {
        !matches!(self, Status::Applied | Status::Terminated)
    }

    pub fn next(self) -> Option<Status> {
        match self {
            Status::Applied => Some(Status::Approved),
            Status::Approved => Some(Status::Implementing),
            Status::Implementing => Some(Status::Accepted),
            Status::Accepted => Some(Status::Operating),
            Status::Operating | Status::Terminated => None,
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, Status::Operating | Status::Terminated)
    }

    /// Checks a move from `self` to `to`: only the next step forward, or termination from
    /// any non-final state with a reason. Returns the trimmed reason.
    pub fn transition(self, to: Status, reason: &str) -> Result<String, FieldError> {
        let reason = optional(reason, "reason", 1000)?;
        let allowed = if to == Status::Terminated {
            !self.is_final()
        } else {
            self.next() == Some(to)
        };
        if !allowed {
            return Err(FieldError::new("industry.transition_invalid", "status")
                .arg("from", self.as_str())
                .arg("to", to.as_str()));
        }
        if to == Status::Terminated && reason.is_empty() {
            return Err(FieldError::new("industry.reason_required", "reason"));
        }
        Ok(reason)
    }
}

/// Default accounts of a project's sales and labour in a book of `system`: 501 经营收入,
/// 401 生产(劳务)成本, and the payable for casual labour: 213 应付劳务费 in the 2023 chart; the
/// 2004 chart has no such account, so 211 应付工资 there.
pub fn default_accounts(system: AccountingSystem) -> (&'static str, &'static str, &'static str) {
    match system {
        AccountingSystem::Cs2004 => ("501", "401", "211"),
        AccountingSystem::Cs2023 => ("501", "401", "213"),
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectInput {
    pub region_code: String,
    pub org_id: String,
    pub sector: String,
    pub title: String,
    pub description: String,
    pub responsible_person_id: String,
    pub responsible_name: String,
    /// Empty: the default of the book's chart (see [`default_accounts`]).
    pub income_account: String,
    pub labour_cost_account: String,
    pub labour_payable_account: String,
    /// 申报日期 (`YYYY-MM-DD`); empty: today.
    pub applied_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub region: RegionCode,
    pub org_id: Id,
    pub sector: String,
    pub title: String,
    pub description: String,
    pub responsible_person_id: Option<Id>,
    pub responsible_name: String,
    pub income_account: Option<String>,
    pub labour_cost_account: Option<String>,
    pub labour_payable_account: Option<String>,
    pub applied_on: chrono::NaiveDate,
}

/// The date a status change was decided (批复、验收或决定的日期), which may be earlier than
/// the day it is entered: empty means `today`; a date after `today` is refused.
pub fn decided_on(
    text: &str,
    field: &'static str,
    today: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, FieldError> {
    if text.trim().is_empty() {
        return Ok(today);
    }
    let d = super::date(text, field)?;
    if d > today {
        return Err(FieldError::new("industry.date_in_future", field).arg("value", text.trim()));
    }
    Ok(d)
}

fn id(text: &str, field: &'static str) -> Result<Id, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    t.parse::<Id>()
        .map_err(|_| FieldError::new("common.choice_invalid", field).arg("value", t))
}

fn opt_account(text: &str, field: &'static str) -> Result<Option<String>, FieldError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        account(text, field).map(Some)
    }
}

impl ProjectInput {
    pub fn validate(&self) -> Result<Project, FieldError> {
        if self.region_code.trim().is_empty() {
            return Err(FieldError::new("common.required", "region_code"));
        }
        let region = RegionCode::parse(&self.region_code).map_err(|e| FieldError {
            field: "region_code",
            ..e
        })?;
        let responsible_person_id = if self.responsible_person_id.trim().is_empty() {
            None
        } else {
            Some(id(&self.responsible_person_id, "responsible_person_id")?)
        };
        let responsible_name = if responsible_person_id.is_some() {
            optional(&self.responsible_name, "responsible_name", 64)?
        } else {
            required(&self.responsible_name, "responsible_name", 64)?
        };
        Ok(Project {
            region,
            org_id: id(&self.org_id, "org_id")?,
            sector: required(&self.sector, "sector", 64)?,
            title: required(&self.title, "title", 200)?,
            description: optional(&self.description, "description", 8000)?,
            responsible_person_id,
            responsible_name,
            income_account: opt_account(&self.income_account, "income_account")?,
            labour_cost_account: opt_account(&self.labour_cost_account, "labour_cost_account")?,
            labour_payable_account: opt_account(
                &self.labour_payable_account,
                "labour_payable_account",
            )?,
            applied_on: decided_on(&self.applied_on, "applied_on", crate::time::today())?,
        })
    }
}

/// Where a project's money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    /// 财政衔接资金
    Fiscal,
    /// 村集体自筹
    Collective,
    /// 社会资本
    Social,
    /// 其他
    Other,
}

impl FundingSource {
    pub const ALL: [FundingSource; 4] = [
        FundingSource::Fiscal,
        FundingSource::Collective,
        FundingSource::Social,
        FundingSource::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FundingSource::Fiscal => "fiscal",
            FundingSource::Collective => "collective",
            FundingSource::Social => "social",
            FundingSource::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<FundingSource> {
        FundingSource::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FundingInput {
    pub source: String,
    /// Yuan.
    pub amount: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Funding {
    pub source: FundingSource,
    pub amount: Money,
    pub note: String,
}

impl FundingInput {
    pub fn validate(&self) -> Result<Funding, FieldError> {
        let source = FundingSource::parse(&self.source).ok_or_else(|| {
            FieldError::new("common.choice_invalid", "source").arg("value", self.source.trim())
        })?;
        Ok(Funding {
            source,
            amount: amount(&self.amount, "amount")?,
            note: optional(&self.note, "note", 500)?,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BudgetLineInput {
    pub name: String,
    /// Yuan.
    pub amount: String,
    /// The leaf account of the books a disbursement on this line debits.
    pub account_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetLine {
    pub name: String,
    pub amount: Money,
    pub account_code: String,
}

impl BudgetLineInput {
    pub fn validate(&self) -> Result<BudgetLine, FieldError> {
        Ok(BudgetLine {
            name: required(&self.name, "name", 200)?,
            amount: amount(&self.amount, "amount")?,
            account_code: account(&self.account_code, "account_code")?,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MilestoneInput {
    pub title: String,
    pub due_on: String,
    /// Whole number 1–100.
    pub weight: String,
    /// Percent 0–100.
    pub progress: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub title: String,
    pub due_on: NaiveDate,
    pub weight: i64,
    pub progress: i64,
}

fn whole(
    text: &str,
    field: &'static str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, FieldError> {
    match text.trim().parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(FieldError::new("industry.number_invalid", field)
            .arg("value", text.trim())
            .arg("min", range.start().to_string())
            .arg("max", range.end().to_string())),
    }
}

impl MilestoneInput {
    pub fn validate(&self) -> Result<Milestone, FieldError> {
        let weight = if self.weight.trim().is_empty() {
            1
        } else {
            whole(&self.weight, "weight", 1..=100)?
        };
        let progress = if self.progress.trim().is_empty() {
            0
        } else {
            whole(&self.progress, "progress", 0..=100)?
        };
        Ok(Milestone {
            title: required(&self.title, "title", 200)?,
            due_on: date(&self.due_on, "due_on")?,
            weight,
            progress,
        })
    }
}

/// The project's progress in percent: the milestones' progress weighted by their weights,
/// rounded down; 0 without milestones.
pub fn progress_rollup(milestones: &[(i64, i64)]) -> i64 {
    let total: i64 = milestones.iter().map(|(w, _)| *w).sum();
    if total <= 0 {
        return 0;
    }
    milestones.iter().map(|(w, p)| w * p).sum::<i64>() / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_is_dated_today_by_default_and_never_in_the_future() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(decided_on(" ", "decided_on", today), Ok(today));
        assert_eq!(
            decided_on("2020-01-08", "decided_on", today)
                .unwrap()
                .to_string(),
            "2020-01-08"
        );
        let e = decided_on("2026-11-30", "applied_on", today).unwrap_err();
        assert_eq!((e.code, e.field), ("industry.date_in_future", "applied_on"));
        let e = decided_on("2020-13-01", "decided_on", today).unwrap_err();
        assert_eq!(e.code, "common.date_invalid");
    }

    #[test]
    fn workflow_moves_forward_only_and_terminates_with_a_reason() {
        assert!(Status::Applied.transition(Status::Approved, "").is_ok());
        assert_eq!(
            Status::Applied
                .transition(Status::Implementing, "")
                .unwrap_err()
                .code,
            "industry.transition_invalid"
        );
        assert_eq!(
            Status::Approved
                .transition(Status::Applied, "")
                .unwrap_err()
                .code,
            "industry.transition_invalid"
        );
        assert_eq!(
            Status::Implementing
                .transition(Status::Terminated, " ")
                .unwrap_err()
                .code,
            "industry.reason_required"
        );
        assert_eq!(
            Status::Implementing
                .transition(Status::Terminated, " 香菇失败 ")
                .unwrap(),
            "香菇失败"
        );
        assert!(
            Status::Operating
                .transition(Status::Terminated, "x")
                .is_err()
        );
        assert!(
            Status::Terminated
                .transition(Status::Terminated, "x")
                .is_err()
        );
    }

    #[test]
    fn progress_is_weighted() {
        assert_eq!(progress_rollup(&[]), 0);
        assert_eq!(progress_rollup(&[(1, 100), (3, 0)]), 25);
        assert_eq!(progress_rollup(&[(2, 50), (2, 100)]), 75);
        assert_eq!(progress_rollup(&[(1, 33), (1, 34), (1, 34)]), 33);
    }

    #[test]
    fn inputs_validate() {
        let p = ProjectInput {
            region_code: "340803100201".into(),
            org_id: Id::new().to_string(),
            sector: "种植".into(),
            title: "灵芝大棚".into(),
            responsible_name: "张三".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(p.income_account, None);
        let bad = BudgetLineInput {
            name: "大棚".into(),
            amount: "-1".into(),
            account_code: "401".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(bad.code, "industry.amount_invalid");
        let f = FundingInput {
            source: "fiscal".into(),
            amount: "500000".into(),
            note: String::new(),
        }
        .validate()
        .unwrap();
        assert_eq!(f.amount, Money(50_000_000));
    }
}
