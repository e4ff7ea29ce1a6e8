//! When disclosures are due. A schedule is data (`disclosure_schedules`): the provincial
//! default per category, overridden by a district (or town) for the villages below it.
//!
//! - a category is disclosed every quarter, within `due_days` after the quarter's end;
//! - where the schedule is monthly, or a village posted more than `monthly_over_vouchers`
//!   vouchers in a quarter, each month of that quarter is due instead (within `due_days`
//!   after the month's end);
//! - a major matter (重大事项) is due within `major_days` of its approval;
//! - a due period is **overdue** on a day when its due date has passed and no published
//!   item of the category covers it (an item whose period contains the whole due period).

use super::Category;
use super::item::PeriodSpec;
use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Quarterly,
    Monthly,
}

impl Cadence {
    pub const ALL: [Cadence; 2] = [Cadence::Quarterly, Cadence::Monthly];

    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Quarterly => "quarterly",
            Cadence::Monthly => "monthly",
        }
    }

    pub fn parse(text: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.as_str() == text.trim())
    }
}

/// One category's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub category: Category,
    pub cadence: Cadence,
    /// Monthly instead where a village posted more vouchers than this in the quarter.
    pub monthly_over_vouchers: Option<i64>,
    pub due_days: i64,
    pub major_days: i64,
    pub needs_approval: bool,
}

impl Rule {
    /// Checks the numbers of a rule as entered (days 0–366, threshold ≥ 0).
    pub fn validate(self) -> Result<Rule, FieldError> {
        if !(0..=366).contains(&self.due_days) {
            return Err(FieldError::new("disclosure.days_invalid", "due_days")
                .arg("value", self.due_days.to_string()));
        }
        if !(0..=366).contains(&self.major_days) {
            return Err(FieldError::new("disclosure.days_invalid", "major_days")
                .arg("value", self.major_days.to_string()));
        }
        if self.monthly_over_vouchers.is_some_and(|n| n < 0) {
            return Err(
                FieldError::new("disclosure.threshold_invalid", "monthly_over_vouchers")
                    .arg("value", self.monthly_over_vouchers.unwrap_or(0).to_string()),
            );
        }
        Ok(self)
    }
}

/// A period that must be disclosed and its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub period: PeriodSpec,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub due: NaiveDate,
}

/// The periods of `year` a village must disclose under `rule`; `vouchers[q]` is the number
/// of vouchers the village posted in quarter q+1 (only finance reads it).
pub fn required(rule: &Rule, year: i32, vouchers: [i64; 4]) -> Vec<Due> {
    let mut out = Vec::new();
    for q in 1..=4u32 {
        let many = rule.category == Category::Finance
            && rule
                .monthly_over_vouchers
                .is_some_and(|n| vouchers[(q - 1) as usize] > n);
        let specs: Vec<PeriodSpec> = if rule.cadence == Cadence::Monthly || many {
            (q * 3 - 2..=q * 3)
                .map(|m| PeriodSpec::Month(year, m))
                .collect()
        } else {
            vec![PeriodSpec::Quarter(year, q)]
        };
        for period in specs {
            let Some((from, to)) = period.range() else {
                continue;
            };
            let due = to + chrono::Duration::days(rule.due_days);
            out.push(Due {
                period,
                from,
                to,
                due,
            });
        }
    }
    out
}

/// The day a major matter approved on `approved_on` must be published by.
pub fn major_due(rule: &Rule, approved_on: NaiveDate) -> NaiveDate {
    approved_on + chrono::Duration::days(rule.major_days)
}

/// A disclosure due on `due` is overdue on `today` when it is due before today and not
/// published (a late publication clears it; the compliance board shows it late).
pub fn is_overdue(due: NaiveDate, published_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    due < today && published_on.is_none()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn rule() -> Rule {
        Rule {
            category: Category::Finance,
            cadence: Cadence::Quarterly,
            monthly_over_vouchers: Some(30),
            due_days: 10,
            major_days: 5,
            needs_approval: true,
        }
    }

    fn d(s: &str) -> NaiveDate {
        crate::time::parse_date(s).unwrap()
    }

    #[test]
    fn quarters_turn_monthly_when_vouchers_are_many() {
        let due = required(&rule(), 2024, [5, 31, 30, 0]);
        let codes: Vec<String> = due.iter().map(|d| d.period.code()).collect();
        assert_eq!(
            codes,
            vec![
                "2024-Q1", "2024-04", "2024-05", "2024-06", "2024-Q3", "2024-Q4"
            ]
        );
        assert_eq!(due[0].due, d("2024-04-10"));
        let monthly = Rule {
            cadence: Cadence::Monthly,
            ..rule()
        };
        assert_eq!(required(&monthly, 2024, [0; 4]).len(), 12);
    }

    #[test]
    fn due_dates_and_overdue() {
        let due = required(&rule(), 2024, [0; 4]);
        // Q2 ends 06-30 and is due 07-10: overdue from 07-11 while unpublished.
        let q2 = due[1];
        assert_eq!(q2.due, d("2024-07-10"));
        assert!(is_overdue(q2.due, None, d("2024-07-11")));
        assert!(!is_overdue(q2.due, None, d("2024-07-10")));
        assert!(!is_overdue(q2.due, Some(d("2024-08-01")), d("2024-09-01")));
        // A major matter approved on 05-01 with 5 days is due 05-06.
        assert_eq!(major_due(&rule(), d("2024-05-01")), d("2024-05-06"));
    }

    #[test]
    fn rules_are_checked() {
        let bad = Rule {
            due_days: 400,
            ..rule()
        };
        assert_eq!(bad.validate().unwrap_err().field, "due_days");
        assert!(rule().validate().is_ok());
    }
}
