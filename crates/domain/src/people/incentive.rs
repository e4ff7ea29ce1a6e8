//! Incentives and promotions (正向激励) of village cadres, linked to the person.

use super::{choice, date, optional, required};
use crate::error::FieldError;
use crate::id::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice!(
    IncentiveKind,
    "kind",
    [
        Award = "award" / "表彰奖励",
        Promotion = "promotion" / "提拔晋升",
        PayRise = "pay_rise" / "报酬提高",
        Other = "other" / "其他",
    ]
);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IncentiveInput {
    pub person_id: String,
    pub kind: String,
    pub date: String,
    pub title: String,
    pub issuer: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incentive {
    pub person_id: Id,
    pub kind: IncentiveKind,
    pub date: NaiveDate,
    pub title: String,
    pub issuer: String,
    pub note: String,
}

impl IncentiveInput {
    pub fn validate(&self) -> Result<Incentive, FieldError> {
        let person_id = match super::person_ref(&self.person_id, "")? {
            super::PersonRef::Id(id) => id,
            super::PersonRef::IdNumber(_) => {
                return Err(FieldError::new("common.required", "person_id"));
            }
        };
        Ok(Incentive {
            person_id,
            kind: IncentiveKind::parse(&self.kind)?,
            date: date(&self.date, "date")?,
            title: required(&self.title, "title", 200)?,
            issuer: optional(&self.issuer, "issuer", 100)?,
            note: optional(&self.note, "note", 1000)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates() {
        let i = IncentiveInput {
            person_id: Id::new().to_string(),
            kind: "表彰奖励".into(),
            date: "2021-07-01".into(),
            title: "优秀村党组织书记".into(),
            issuer: "区委".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(i.kind, IncentiveKind::Award);
        let bad = IncentiveInput {
            kind: "x".into(),
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().field, "person_id");
    }
}
