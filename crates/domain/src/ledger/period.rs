//! Monthly accounting periods, `YYYY-MM`.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && (1900..=2999).contains(&year))
            .then_some(Period { year, month })
    }

    pub fn parse(text: &str) -> Result<Period, FieldError> {
        let err = || FieldError::new("ledger.period_invalid", "period").arg("value", text.trim());
        let (y, m) = text.trim().split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        Period::new(year, month).ok_or_else(err)
    }

    /// The period a `YYYY-MM-DD` date falls in.
    pub fn of_date(date: chrono::NaiveDate) -> Period {
        use chrono::Datelike;
        Period {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn next(self) -> Period {
        if self.month == 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Every period from `self` to `to`, inclusive.
    pub fn through(self, to: Period) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = self;
        while p <= to {
            out.push(p);
            p = p.next();
        }
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for Period {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Period::parse(&s)
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_steps() {
        let p = Period::parse("2020-12").unwrap();
        assert_eq!(p.next().to_string(), "2021-01");
        assert!(Period::parse("2020-13").is_err());
        assert!(Period::parse("2020-1").is_err());
        assert_eq!(
            Period::parse("2020-11")
                .unwrap()
                .through(Period::parse("2021-02").unwrap())
                .len(),
            4
        );
    }
}
