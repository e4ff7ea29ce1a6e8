//! Reserve cadres (后备干部) and the local talent pool (乡土人才): a person, a pool, a
//! category, skills, tags and a status moving forward 储备 → 培养 → 已使用; a used entry
//! links the post the person was promoted to. An entry has the day the person entered the pool
//! (入库日期; empty input: today) and the first day they are out of it (出库日期, optional, not before
//! the entry): a promoted (used) entry leaves on the post's start. Counts as of a date (the
//! reserve-cadre metric) use the two dates, never the status.

use super::{choice, date, opt_date, optional};
use crate::error::FieldError;
use crate::id::Id;
use chrono::NaiveDate;
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
    /// 入库日期 `YYYY-MM-DD`; empty: today in China (forms show today's date, an import's or
    /// the API's missing date is today).
    pub entered_on: String,
    /// 出库日期 `YYYY-MM-DD`; empty: still in the pool (a used entry: the post's start).
    pub left_on: String,
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
    /// The day the person entered the pool.
    pub entered_on: NaiveDate,
    /// The first day the person is out of the pool; `None`: still in it.
    pub left_on: Option<NaiveDate>,
}

/// The day out of the pool must not lie before the day in (`people.talent_left_before_entered`).
pub fn check_left(entered_on: NaiveDate, left_on: NaiveDate) -> Result<(), FieldError> {
    if left_on < entered_on {
        Err(
            FieldError::new("people.talent_left_before_entered", "left_on")
                .arg("value", left_on.to_string())
                .arg("entered", entered_on.to_string()),
        )
    } else {
        Ok(())
    }
}

/// Whether an entry (not archived) is in the pool on `day`: entered on or before it and not
/// left on or before it.
pub fn in_pool_on(entered_on: NaiveDate, left_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    entered_on <= day && left_on.is_none_or(|l| l > day)
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
        let entered_on = if self.entered_on.trim().is_empty() {
            crate::time::today()
        } else {
            date(&self.entered_on, "entered_on")?
        };
        let left_on = opt_date(&self.left_on, "left_on")?;
        if let Some(l) = left_on {
            check_left(entered_on, l)?;
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
            entered_on,
            left_on,
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
            entered_on: "2021-03-01".into(),
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
        assert_eq!(
            (t.entered_on.to_string(), t.left_on),
            ("2021-03-01".into(), None)
        );
        let early = TalentInput {
            left_on: "2021-02-28".into(),
            ..input.clone()
        };
        let e = early.validate().unwrap_err();
        assert_eq!(
            (e.code, e.field),
            ("people.talent_left_before_entered", "left_on")
        );
        let same = TalentInput {
            left_on: "2021-03-01".into(),
            ..input.clone()
        };
        assert!(same.validate().is_ok());
        let none = TalentInput {
            entered_on: String::new(),
            ..input.clone()
        };
        assert_eq!(none.validate().unwrap().entered_on, crate::time::today());
        let bad = TalentInput {
            entered_on: "2021-02-30".into(),
            ..input.clone()
        };
        assert_eq!(bad.validate().unwrap_err().code, "common.date_invalid");
        let (d1, d2) = (t.entered_on, t.entered_on.succ_opt().unwrap());
        assert!(in_pool_on(d1, None, d1));
        assert!(!in_pool_on(d2, None, d1));
        assert!(!in_pool_on(d1, Some(d2), d2));
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
