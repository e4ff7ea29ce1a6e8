//! Yearly implementation plans (实施方案): the leading group (领导小组) and named targets.
//! A target is bound to a metric the platform computes, or is manual with its evidence.

use super::{opt_id, optional, region, required};
use crate::error::FieldError;
use crate::id::Id;
use crate::region::RegionCode;
use serde::{Deserialize, Serialize};

/// The group roles people use; any other text is accepted too.
pub const GROUP_ROLES: [&str; 3] = ["组长", "副组长", "成员"];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberInput {
    /// May be empty when `user_id` names a user (the store fills in the user's name).
    pub name: String,
    pub user_id: String,
    /// 组长 / 副组长 / 成员 …
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub name: String,
    pub user_id: Option<Id>,
    pub role: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    /// The district (or town) the plan is for.
    pub region_code: String,
    pub year: String,
    pub title: String,
    pub body: String,
    pub members: Vec<MemberInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub region: RegionCode,
    pub year: i32,
    pub title: String,
    pub body: String,
    pub members: Vec<Member>,
}

/// Parses a plan year (1990–2999).
pub fn year(text: &str) -> Result<i32, FieldError> {
    let t = text.trim();
    t.parse::<i32>()
        .ok()
        .filter(|y| (1990..=2999).contains(y))
        .ok_or_else(|| FieldError::new("mechanism.year_invalid", "year").arg("value", t))
}

impl PlanInput {
    pub fn validate(&self) -> Result<Plan, FieldError> {
        let mut members = Vec::new();
        for (i, m) in self.members.iter().enumerate() {
            if m.name.trim().is_empty() && m.user_id.trim().is_empty() && m.role.trim().is_empty() {
                continue;
            }
            let line = |e: FieldError| e.arg("line", (i + 1).to_string());
            let user_id = opt_id(&m.user_id, "user_id").map_err(line)?;
            let name = if user_id.is_some() {
                optional(&m.name, "name", 64)
            } else {
                required(&m.name, "name", 64)
            };
            members.push(Member {
                user_id,
                name: name.map_err(line)?,
                role: required(&m.role, "role", 32).map_err(line)?,
            });
        }
        Ok(Plan {
            region: region(&self.region_code, "region_code")?,
            year: year(&self.year)?,
            title: required(&self.title, "title", 200)?,
            body: optional(&self.body, "plan_body", 100_000)?,
            members,
        })
    }
}

/// The metrics a target binds to: the catalogue in [`crate::metrics`].
pub use crate::metrics::Metric;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Metric,
    Manual,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Metric => "metric",
            TargetKind::Manual => "manual",
        }
    }

    pub fn parse(text: &str) -> Result<TargetKind, FieldError> {
        match text.trim() {
            "metric" => Ok(TargetKind::Metric),
            "manual" => Ok(TargetKind::Manual),
            t => Err(FieldError::new("common.choice_invalid", "kind").arg("value", t)),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetInput {
    pub name: String,
    /// `metric` or `manual`.
    pub kind: String,
    /// For a metric target: one of [`Metric`].
    pub metric: String,
    pub target_value: String,
    pub unit: String,
    /// For a manual target: the value reached so far (empty: not reported yet).
    pub manual_value: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub name: String,
    pub kind: TargetKind,
    pub metric: Option<Metric>,
    pub target_value: i64,
    pub unit: String,
    pub manual_value: Option<i64>,
    pub evidence: String,
}

impl TargetInput {
    pub fn validate(&self) -> Result<Target, FieldError> {
        let name = required(&self.name, "name", 200)?;
        let kind = TargetKind::parse(&self.kind)?;
        let metric = match kind {
            TargetKind::Metric if self.metric.trim().is_empty() => {
                return Err(FieldError::new("common.required", "metric"));
            }
            TargetKind::Metric => Some(Metric::parse(&self.metric)?),
            TargetKind::Manual => None,
        };
        let target_value = super::number(&self.target_value, "target_value", 0..=i64::MAX / 2)?;
        let manual_value = match (kind, self.manual_value.trim()) {
            (TargetKind::Manual, t) if !t.is_empty() => {
                Some(super::number(t, "manual_value", 0..=i64::MAX / 2)?)
            }
            _ => None,
        };
        Ok(Target {
            name,
            kind,
            metric,
            target_value,
            unit: optional(&self.unit, "unit", 16)?,
            manual_value,
            evidence: optional(&self.evidence, "evidence", 4000)?,
        })
    }
}

/// How far a target has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TargetProgress {
    pub target: i64,
    /// The value reached; 0 when not available.
    pub actual: i64,
    /// Reached: available and actual ≥ target.
    pub done: bool,
    /// False when the figure cannot be computed (training coverage of a region without
    /// secretaries) or a manual target has no value yet.
    pub available: bool,
}

impl TargetProgress {
    pub fn new(target: i64, actual: Option<i64>) -> TargetProgress {
        TargetProgress {
            target,
            actual: actual.unwrap_or(0),
            done: actual.is_some_and(|a| a >= target),
            available: actual.is_some(),
        }
    }
}

/// Percentage of `part` in `whole`, rounded half up; none when `whole` is 0. Computed in
/// i128, so no target or figure (money in fen included) can overflow it; a percentage beyond
/// i64 is clamped.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| {
        let (part, whole) = (i128::from(part), i128::from(whole));
        // Floor division, so a negative share (a fall in income) rounds half up too.
        let p = (200 * part + whole).div_euclid(2 * whole);
        i64::try_from(p).unwrap_or(if p < 0 { i64::MIN } else { i64::MAX })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_never_overflows() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(i64::MAX, i64::MAX), Some(100));
        assert_eq!(percent(i64::MAX, 1), Some(i64::MAX));
        assert_eq!(percent(5, 0), None);
    }

    #[test]
    fn targets() {
        let t = TargetInput {
            name: "强村数量".into(),
            kind: "metric".into(),
            metric: "strong_villages".into(),
            target_value: "5".into(),
            unit: "个".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(t.metric, Some(Metric::StrongVillages));
        let no_metric = TargetInput {
            name: "x".into(),
            kind: "metric".into(),
            target_value: "1".into(),
            ..Default::default()
        };
        assert_eq!(no_metric.validate().unwrap_err().field, "metric");
        let bad = TargetInput {
            name: "x".into(),
            kind: "manual".into(),
            target_value: "-1".into(),
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().code, "mechanism.number_invalid");
        assert_eq!(
            TargetProgress::new(5, Some(5)),
            TargetProgress {
                target: 5,
                actual: 5,
                done: true,
                available: true
            }
        );
        assert!(!TargetProgress::new(5, None).available);
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn plans() {
        let p = PlanInput {
            region_code: "340803000000".into(),
            year: "2021".into(),
            title: "2021年党建引领乡村振兴实施方案".into(),
            members: vec![
                MemberInput {
                    name: "区委书记".into(),
                    role: "组长".into(),
                    ..Default::default()
                },
                MemberInput::default(),
            ],
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(p.members.len(), 1);
        let bad_year = PlanInput {
            region_code: "340803000000".into(),
            year: "21".into(),
            ..Default::default()
        };
        assert_eq!(
            bad_year.validate().unwrap_err().code,
            "mechanism.year_invalid"
        );
    }
}
