//! Recruitment (招录): campaigns (公开招考村级后备干部, 事业单位招聘) with positions and quotas,
//! applicants with exact scores and a result. A hired applicant of a reserve-cadre exam joins
//! the talent pool as a reserve cadre; a public-institution hire is recorded only.

use super::{add, choice, opt_amount, optional, region, required};
use crate::decimal::Decimal;
use crate::error::FieldError;
use crate::id::Id;
use crate::region::RegionCode;
use serde::{Deserialize, Serialize};

choice!(
    CampaignKind,
    "kind",
    [
        ReserveCadreExam = "reserve_cadre_exam" / "公开招考村级后备干部",
        PublicInstitution = "public_institution" / "事业单位招聘",
    ]
);

choice!(
    CampaignStatus,
    "status",
    [Open = "open" / "进行中", Closed = "closed" / "已结束"]
);

choice!(
    ApplicantResult,
    "result",
    [
        Pending = "pending" / "待定",
        Hired = "hired" / "录用",
        NotHired = "not_hired" / "未录用",
    ]
);

/// The highest score a paper or interview may carry.
pub const MAX_SCORE: i64 = 1000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CampaignInput {
    pub region_code: String,
    pub title: String,
    pub kind: String,
    pub year: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Campaign {
    pub region: RegionCode,
    pub title: String,
    pub kind: CampaignKind,
    pub year: i32,
    pub note: String,
}

impl CampaignInput {
    pub fn validate(&self) -> Result<Campaign, FieldError> {
        Ok(Campaign {
            region: region(&self.region_code, "region_code")?,
            title: required(&self.title, "title", 200)?,
            kind: CampaignKind::parse(&self.kind)?,
            year: crate::mechanism::plan::year(&self.year)?,
            note: optional(&self.note, "note", 2000)?,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PositionInput {
    pub title: String,
    pub quota: String,
    /// Where the hire will serve (the campaign's region or below).
    pub region_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    pub title: String,
    pub quota: i64,
    pub region: RegionCode,
}

impl PositionInput {
    pub fn validate(&self) -> Result<Position, FieldError> {
        Ok(Position {
            title: required(&self.title, "title", 200)?,
            quota: crate::mechanism::number(&self.quota, "quota", 1..=10_000)?,
            region: region(&self.region_code, "region_code")?,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicantInput {
    pub person_id: String,
    pub position_id: String,
    /// Empty: not yet known.
    pub written_score: String,
    /// Empty: not yet known.
    pub interview_score: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub person_id: Id,
    pub position_id: Id,
    pub written_score: Option<Decimal>,
    pub interview_score: Option<Decimal>,
}

impl Applicant {
    /// Written plus interview score, once both are known.
    pub fn total(&self) -> Option<Decimal> {
        total(self.written_score, self.interview_score)
    }
}

/// Written plus interview score, exactly, once both are known.
pub fn total(written: Option<Decimal>, interview: Option<Decimal>) -> Option<Decimal> {
    Some(add(written?, interview?))
}

/// Validates a pair of scores (each empty or 0–[`MAX_SCORE`] with at most 2 decimals).
pub fn scores(
    written: &str,
    interview: &str,
) -> Result<(Option<Decimal>, Option<Decimal>), FieldError> {
    Ok((
        opt_amount(written, "written_score", MAX_SCORE)?,
        opt_amount(interview, "interview_score", MAX_SCORE)?,
    ))
}

impl ApplicantInput {
    pub fn validate(&self) -> Result<Applicant, FieldError> {
        let id = |text: &str, field: &'static str| {
            crate::mechanism::opt_id(text, field)?
                .ok_or_else(|| FieldError::new("common.required", field))
        };
        let (written_score, interview_score) = scores(&self.written_score, &self.interview_score)?;
        Ok(Applicant {
            person_id: id(&self.person_id, "person_id")?,
            position_id: id(&self.position_id, "position_id")?,
            written_score,
            interview_score,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates() {
        let a = ApplicantInput {
            person_id: Id::new().to_string(),
            position_id: Id::new().to_string(),
            written_score: "78.5".into(),
            interview_score: "81.25".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(a.total().map(|t| t.to_string()), Some("159.75".into()));
        assert_eq!(total(a.written_score, None), None);
        assert_eq!(
            scores("1001", "").unwrap_err().code,
            "common.decimal_invalid"
        );
        let c = CampaignInput {
            region_code: "340803000000".into(),
            title: "2021年公开招考村级后备干部".into(),
            kind: "公开招考村级后备干部".into(),
            year: "2021".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(c.kind, CampaignKind::ReserveCadreExam);
        let p = PositionInput {
            title: "后备干部".into(),
            quota: "0".into(),
            region_code: "340803000000".into(),
        };
        assert_eq!(p.validate().unwrap_err().field, "quota");
    }
}
