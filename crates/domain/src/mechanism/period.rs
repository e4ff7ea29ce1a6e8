//! Rule periods: a month (`2023-05`), a quarter (`2023-Q2`) or a year (`2023`). A period runs
//! from its first day to its last day, both inclusive.

use crate::error::FieldError;
use crate::ledger::Period;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How often a rule is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    Month,
    Quarter,
    Year,
}

impl Every {
    pub const ALL: [Every; 3] = [Every::Month, Every::Quarter, Every::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::Year => "year",
        }
    }

    pub fn parse(text: &str) -> Result<Every, FieldError> {
        let t = text.trim();
        Every::ALL
            .into_iter()
            .find(|e| e.as_str() == t)
            .ok_or_else(|| FieldError::new("common.choice_invalid", "every").arg("value", t))
    }

    /// Months in one period.
    fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::Year => 12,
        }
    }
}

/// One period of a rule: `index` is the month (1–12), the quarter (1–4) or 1 for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Span {
    pub every: Every,
    pub year: i32,
    pub index: u32,
}

impl Span {
    /// The period of kind `every` that contains `date`.
    pub fn containing(every: Every, date: NaiveDate) -> Span {
        Span {
            every,
            year: date.year(),
            index: (date.month() - 1) / every.months() + 1,
        }
    }

    /// The first month of the period.
    fn first_month(self) -> u32 {
        (self.index - 1) * self.every.months() + 1
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.first_month(), 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// True when `date` lies in the period (first and last day included).
    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    pub fn next(self) -> Span {
        let last = 12 / self.every.months();
        if self.index >= last {
            Span {
                year: self.year + 1,
                index: 1,
                ..self
            }
        } else {
            Span {
                index: self.index + 1,
                ..self
            }
        }
    }

    /// Every period of kind `every` that overlaps the months `from` to `to` (inclusive).
    pub fn overlapping(every: Every, from: Period, to: Period) -> Vec<Span> {
        let (Some(first), Some(last)) = (month_first_day(from), month_first_day(to)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut span = Span::containing(every, first);
        while span.first_day() <= last {
            out.push(span);
            span = span.next();
        }
        out
    }

    /// `2023-05`, `2023-Q2` or `2023`.
    pub fn label(self) -> String {
        self.to_string()
    }

    pub fn parse(text: &str) -> Result<Span, FieldError> {
        let t = text.trim();
        let err = || FieldError::new("mechanism.period_invalid", "period").arg("value", t);
        let year_of = |y: &str| -> Result<i32, FieldError> {
            if y.len() != 4 {
                return Err(err());
            }
            y.parse::<i32>()
                .ok()
                .filter(|y| (1900..=2999).contains(y))
                .ok_or_else(err)
        };
        if let Some((y, q)) = t.split_once("-Q") {
            let index = q.parse::<u32>().ok().filter(|q| (1..=4).contains(q));
            return Ok(Span {
                every: Every::Quarter,
                year: year_of(y)?,
                index: index.ok_or_else(err)?,
            });
        }
        if t.len() == 4 {
            return Ok(Span {
                every: Every::Year,
                year: year_of(t)?,
                index: 1,
            });
        }
        let month = Period::parse(t).map_err(|_| err())?;
        Ok(Span {
            every: Every::Month,
            year: month.year,
            index: month.month,
        })
    }
}

fn month_first_day(p: Period) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(p.year, p.month, 1)
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.every {
            Every::Month => write!(f, "{:04}-{:02}", self.year, self.index),
            Every::Quarter => write!(f, "{:04}-Q{}", self.year, self.index),
            Every::Year => write!(f, "{:04}", self.year),
        }
    }
}

impl TryFrom<String> for Span {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Span::parse(&s)
    }
}

impl From<Span> for String {
    fn from(s: Span) -> String {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::time::parse_date(s).unwrap()
    }

    #[test]
    fn bounds_of_months_quarters_and_years() {
        let feb = Span::containing(Every::Month, d("2024-02-10"));
        assert_eq!(feb.label(), "2024-02");
        assert_eq!(feb.last_day(), d("2024-02-29"));
        assert_eq!(
            Span::containing(Every::Month, d("2023-02-01")).last_day(),
            d("2023-02-28")
        );
        let q = Span::containing(Every::Quarter, d("2023-06-30"));
        assert_eq!(q.label(), "2023-Q2");
        assert_eq!(
            (q.first_day(), q.last_day()),
            (d("2023-04-01"), d("2023-06-30"))
        );
        assert_eq!(q.next().label(), "2023-Q3");
        let q4 = Span::containing(Every::Quarter, d("2023-12-31"));
        assert_eq!(q4.next().label(), "2024-Q1");
        let y = Span::containing(Every::Year, d("2023-07-01"));
        assert_eq!(
            (y.first_day(), y.last_day()),
            (d("2023-01-01"), d("2023-12-31"))
        );
        assert_eq!(y.next().label(), "2024");
        assert!(q.contains(d("2023-04-01")) && q.contains(d("2023-06-30")));
        assert!(!q.contains(d("2023-07-01")) && !q.contains(d("2023-03-31")));
    }

    #[test]
    fn parses_labels_and_lists_overlapping_periods() {
        for label in ["2023-05", "2023-Q2", "2023"] {
            assert_eq!(Span::parse(label).unwrap().label(), label);
        }
        for bad in ["2023-Q5", "2023-13", "23", "2023-Q", ""] {
            assert!(Span::parse(bad).is_err(), "{bad}");
        }
        let from = Period::parse("2023-05").unwrap();
        let to = Period::parse("2023-07").unwrap();
        let labels = |e| {
            Span::overlapping(e, from, to)
                .into_iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(Every::Month), ["2023-05", "2023-06", "2023-07"]);
        assert_eq!(labels(Every::Quarter), ["2023-Q2", "2023-Q3"]);
        assert_eq!(labels(Every::Year), ["2023"]);
    }
}
