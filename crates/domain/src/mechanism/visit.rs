//! Visits (包乡走村入户): who went where (a town, a village or a household in it), when, why,
//! what was found, and the problems raised, which enter the problem list.

use super::problem::{Problem, ProblemInput};
use super::{date, opt_id, optional, region, required};
use crate::error::FieldError;
use crate::id::Id;
use crate::region::RegionCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VisitInput {
    pub visitor_user_id: String,
    /// May be empty when `visitor_user_id` names a user.
    pub visitor_name: String,
    pub region_code: String,
    /// The household visited, if any (e.g. 王某某户).
    pub household: String,
    pub date: String,
    pub purpose: String,
    pub findings: String,
    /// Problems raised: each becomes a problem (its region defaults to the visit's).
    pub problems: Vec<ProblemInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visit {
    pub visitor_user_id: Option<Id>,
    pub visitor_name: String,
    pub region: RegionCode,
    pub household: Option<String>,
    pub date: NaiveDate,
    pub purpose: String,
    pub findings: String,
    pub problems: Vec<Problem>,
}

impl VisitInput {
    pub fn validate(&self) -> Result<Visit, FieldError> {
        let visitor_user_id = opt_id(&self.visitor_user_id, "visitor_user_id")?;
        let visitor_name = if visitor_user_id.is_some() {
            optional(&self.visitor_name, "visitor_name", 64)?
        } else {
            required(&self.visitor_name, "visitor_name", 64)?
        };
        let region = region(&self.region_code, "region_code")?;
        let household =
            Some(optional(&self.household, "household", 100)?).filter(|h| !h.is_empty());
        if self.problems.len() > super::meeting::MAX_DECISIONS {
            return Err(FieldError::new("mechanism.too_many", "problems")
                .arg("max", super::meeting::MAX_DECISIONS.to_string()));
        }
        let mut problems = Vec::new();
        for (i, p) in self.problems.iter().enumerate() {
            if p.title.trim().is_empty()
                && p.owner_name.trim().is_empty()
                && p.deadline.trim().is_empty()
            {
                continue;
            }
            problems.push(
                p.validate(Some(&region))
                    .map_err(|e| e.arg("line", (i + 1).to_string()))?,
            );
        }
        Ok(Visit {
            visitor_user_id,
            visitor_name,
            region,
            household,
            date: date(&self.date, "date")?,
            purpose: required(&self.purpose, "purpose", 1000)?,
            findings: optional(&self.findings, "findings", 8000)?,
            problems,
        })
    }
}
