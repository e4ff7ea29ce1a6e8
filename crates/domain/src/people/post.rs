//! Posts and tenure: who holds which post in which region from when to when. History is
//! kept: ending a post sets its last day (`ends_on`, inclusive); nothing is deleted.

use super::{PersonRef, choice, date, opt_date, optional, person_ref, region};
use crate::error::FieldError;
use crate::region::RegionCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice!(
    /// The posts of a village team.
    PostKind, "post", [
        PartySecretary = "party_secretary" / "村党组织书记",
        CommitteeDirector = "committee_director" / "村委会主任",
        CommitteeMember = "committee_member" / "两委委员",
        SupervisionMember = "supervision_member" / "村务监督委员会成员",
        FirstSecretary = "first_secretary" / "第一书记",
        WorkTeamMember = "work_team_member" / "驻村工作队员",
    ]
);

impl PostKind {
    /// First secretaries and work-team members are sent by a unit (选派单位).
    pub fn needs_dispatching_unit(self) -> bool {
        matches!(self, PostKind::FirstSecretary | PostKind::WorkTeamMember)
    }
}

/// Raw text of a post. The person is named by `person_id`, or (in imports) by `id_number`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PostInput {
    pub person_id: String,
    /// Used when `person_id` is empty (roster imports).
    pub id_number: String,
    pub region_code: String,
    pub post: String,
    pub dispatching_unit: String,
    pub starts_on: String,
    pub ends_on: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Post {
    pub person: PersonRef,
    pub region: RegionCode,
    pub post: PostKind,
    pub dispatching_unit: String,
    pub starts_on: NaiveDate,
    /// The last day in post (inclusive); none while it lasts.
    pub ends_on: Option<NaiveDate>,
    pub note: String,
}

/// The end date must not lie before the start date.
pub fn check_end(starts_on: NaiveDate, ends_on: NaiveDate) -> Result<(), FieldError> {
    if ends_on < starts_on {
        return Err(
            FieldError::new("people.end_before_start", "ends_on").arg("value", ends_on.to_string())
        );
    }
    Ok(())
}

/// Held on `day`: started and not ended.
pub fn holds_on(starts_on: NaiveDate, ends_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    starts_on <= day && ends_on.is_none_or(|e| e >= day)
}

impl PostInput {
    pub fn validate(&self) -> Result<Post, FieldError> {
        let person = person_ref(&self.person_id, &self.id_number)?;
        let region = region(&self.region_code, "region_code")?;
        let post = PostKind::parse(&self.post)?;
        let dispatching_unit = optional(&self.dispatching_unit, "dispatching_unit", 100)?;
        if post.needs_dispatching_unit() && dispatching_unit.is_empty() {
            return Err(
                FieldError::new("people.dispatching_unit_required", "dispatching_unit")
                    .arg("post", post.as_str()),
            );
        }
        let starts_on = date(&self.starts_on, "starts_on")?;
        let ends_on = opt_date(&self.ends_on, "ends_on")?;
        if let Some(e) = ends_on {
            check_end(starts_on, e)?;
        }
        Ok(Post {
            person,
            region,
            post,
            dispatching_unit,
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
        let input = PostInput {
            person_id: crate::Id::new().to_string(),
            region_code: "340803100201".into(),
            post: "第一书记".into(),
            starts_on: "2021-03-01".into(),
            ..Default::default()
        };
        assert_eq!(
            input.validate().unwrap_err().code,
            "people.dispatching_unit_required"
        );
        let ok = PostInput {
            dispatching_unit: "区委组织部".into(),
            ..input.clone()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.post, PostKind::FirstSecretary);
        let back = PostInput {
            dispatching_unit: "区委组织部".into(),
            ends_on: "2021-02-01".into(),
            ..input.clone()
        };
        assert_eq!(back.validate().unwrap_err().code, "people.end_before_start");
        let nobody = PostInput {
            person_id: String::new(),
            ..input
        };
        assert_eq!(nobody.validate().unwrap_err().field, "person_id");
    }
}
