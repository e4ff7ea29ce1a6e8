//! Assignments: a leader (a user or a named person) guides a village or a town from a date,
//! until a date or open-ended. Ending an assignment sets its end date; history is kept.

use super::{date, opt_date, opt_id, optional, region, required};
use crate::error::FieldError;
use crate::id::Id;
use crate::region::{Level, RegionCode};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentKind {
    /// 定点指导: a district leader guides a key village.
    Guide,
    /// 包联: a leader is linked to a town or a village.
    Liaison,
}

impl AssignmentKind {
    pub const ALL: [AssignmentKind; 2] = [AssignmentKind::Guide, AssignmentKind::Liaison];

    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentKind::Guide => "guide",
            AssignmentKind::Liaison => "liaison",
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            AssignmentKind::Guide => "定点指导",
            AssignmentKind::Liaison => "包联",
        }
    }

    /// The stored name or the Chinese word.
    pub fn parse(text: &str) -> Result<AssignmentKind, FieldError> {
        let t = text.trim();
        AssignmentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == t || k.chinese() == t)
            .ok_or_else(|| FieldError::new("common.choice_invalid", "kind").arg("value", t))
    }
}

/// Raw text of an assignment.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignmentInput {
    pub leader_user_id: String,
    /// May be empty when `leader_user_id` names a user.
    pub leader_name: String,
    pub region_code: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub leader_user_id: Option<Id>,
    pub leader_name: String,
    pub region: RegionCode,
    pub kind: AssignmentKind,
    pub starts_on: NaiveDate,
    /// The last day of the assignment (inclusive); none while it lasts.
    pub ends_on: Option<NaiveDate>,
    pub note: String,
}

/// The end date must not lie before the start date.
pub fn check_end(starts_on: NaiveDate, ends_on: NaiveDate) -> Result<(), FieldError> {
    if ends_on < starts_on {
        return Err(FieldError::new("mechanism.end_before_start", "ends_on")
            .arg("value", ends_on.to_string()));
    }
    Ok(())
}

impl AssignmentInput {
    pub fn validate(&self) -> Result<Assignment, FieldError> {
        let leader_user_id = opt_id(&self.leader_user_id, "leader_user_id")?;
        let leader_name = if leader_user_id.is_some() {
            optional(&self.leader_name, "leader_name", 64)?
        } else {
            required(&self.leader_name, "leader_name", 64)?
        };
        let region = region(&self.region_code, "region_code")?;
        if region.level() == Level::District {
            return Err(FieldError::new("mechanism.assignment_level", "region_code")
                .arg("value", region.as_str()));
        }
        let kind = AssignmentKind::parse(&self.kind)?;
        let starts_on = date(&self.starts_on, "starts_on")?;
        let ends_on = opt_date(&self.ends_on, "ends_on")?;
        if let Some(e) = ends_on {
            check_end(starts_on, e)?;
        }
        Ok(Assignment {
            leader_user_id,
            leader_name,
            region,
            kind,
            starts_on,
            ends_on,
            note: optional(&self.note, "note", 1000)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates() {
        let input = AssignmentInput {
            leader_name: "张常委".into(),
            region_code: "340803100201".into(),
            kind: "定点指导".into(),
            starts_on: "2021-03-01".into(),
            ..Default::default()
        };
        let a = input.validate().unwrap();
        assert_eq!((a.kind, a.ends_on), (AssignmentKind::Guide, None));
        let district = AssignmentInput {
            region_code: "340803000000".into(),
            ..input.clone()
        };
        assert_eq!(
            district.validate().unwrap_err().code,
            "mechanism.assignment_level"
        );
        let backwards = AssignmentInput {
            ends_on: "2021-02-28".into(),
            ..input
        };
        assert_eq!(
            backwards.validate().unwrap_err().code,
            "mechanism.end_before_start"
        );
    }
}
