//! Reserve cadres (后备干部) and the local talent pool (乡土人才): a person, a pool, a
//! category, skills, tags and a status moving forward 储备 → 培养 → 已使用; a used entry
//! links the post the person was promoted to.

use super::{choice, optional};
use crate::error::FieldError;
use crate::id::Id;
use serde::{Deserialize, Serialize};

choice!(
    TalentPool,
    "pool",
    [
        ReserveCadre = "reserve_cadre" / "后备干部",
        LocalTalent = "local_talent" / "乡土人才",
    ]
);

choice!(
    TalentCategory,
    "category",
    [
        ProductionExpert = "production_expert" / "生产能手",
        BusinessLeader = "business_leader" / "经营能人",
        Craftsman = "craftsman" / "能工巧匠",
        ReturningGraduate = "returning_graduate" / "返乡大学生",
        ReturningEntrepreneur = "returning_entrepreneur" / "返乡创业者",
        Other = "other" / "其他",
    ]
);

choice!(
    TalentStatus,
    "status",
    [
        Reserve = "reserve" / "储备",
        Training = "training" / "培养",
        Used = "used" / "已使用",
    ]
);

impl TalentStatus {
    /// Status moves forward only (储备 → 培养 → 已使用, or 储备 → 已使用); staying is allowed.
    pub fn check_move(self, to: TalentStatus) -> Result<(), FieldError> {
        if to >= self {
            Ok(())
        } else {
            Err(FieldError::new("people.talent_status_invalid", "status")
                .arg("from", self.as_str())
                .arg("to", to.as_str()))
        }
    }
}

/// Tags as one canonical comma list: split on `,` `，` `、` `;`, trimmed, without repeats.
pub fn normalize_tags(text: &str) -> Result<String, FieldError> {
    let mut tags: Vec<String> = Vec::new();
    for t in text.split([',', '，', '、', ';', '；']) {
        let t = t.trim();
        if t.is_empty() || tags.iter().any(|x| x == t) {
            continue;
        }
        if t.chars().count() > 20 {
            return Err(FieldError::new("common.too_long", "tags").arg("max", "20"));
        }
        tags.push(t.to_string());
    }
    if tags.len() > 20 {
        return Err(FieldError::new("people.too_many_tags", "tags").arg("max", "20"));
    }
    Ok(tags.join(","))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TalentInput {
    pub person_id: String,
    pub pool: String,
    /// Empty: other.
    pub category: String,
    pub skills: String,
    pub tags: String,
    /// Empty: reserve.
    pub status: String,
    /// Required when the status is used.
    pub post_id: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Talent {
    pub person_id: Id,
    pub pool: TalentPool,
    pub category: TalentCategory,
    pub skills: String,
    pub tags: String,
    pub status: TalentStatus,
    pub post_id: Option<Id>,
    pub note: String,
}

impl TalentInput {
    pub fn validate(&self) -> Result<Talent, FieldError> {
        let person_id = match super::person_ref(&self.person_id, "")? {
            super::PersonRef::Id(id) => id,
            super::PersonRef::IdNumber(_) => {
                return Err(FieldError::new("common.required", "person_id"));
            }
        };
        let pool = TalentPool::parse(&self.pool)?;
        let category = if self.category.trim().is_empty() {
            TalentCategory::Other
        } else {
            TalentCategory::parse(&self.category)?
        };
        let status = if self.status.trim().is_empty() {
            TalentStatus::Reserve
        } else {
            TalentStatus::parse(&self.status)?
        };
        let post_id = crate::mechanism::opt_id(&self.post_id, "post_id")?;
        if status == TalentStatus::Used && post_id.is_none() {
            return Err(FieldError::new("people.talent_post_required", "post_id"));
        }
        Ok(Talent {
            person_id,
            pool,
            category,
            skills: optional(&self.skills, "skills", 1000)?,
            tags: normalize_tags(&self.tags)?,
            status,
            post_id,
            note: optional(&self.note, "note", 1000)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates() {
        let input = TalentInput {
            person_id: Id::new().to_string(),
            pool: "乡土人才".into(),
            category: "返乡大学生".into(),
            tags: "电商， 直播,电商".into(),
            ..Default::default()
        };
        let t = input.validate().unwrap();
        assert_eq!(
            (t.pool, t.category, t.status, t.tags.as_str()),
            (
                TalentPool::LocalTalent,
                TalentCategory::ReturningGraduate,
                TalentStatus::Reserve,
                "电商,直播"
            )
        );
        let used = TalentInput {
            status: "used".into(),
            ..input
        };
        assert_eq!(
            used.validate().unwrap_err().code,
            "people.talent_post_required"
        );
        assert!(TalentStatus::Reserve.check_move(TalentStatus::Used).is_ok());
        assert_eq!(
            TalentStatus::Used
                .check_move(TalentStatus::Training)
                .unwrap_err()
                .code,
            "people.talent_status_invalid"
        );
    }
}
