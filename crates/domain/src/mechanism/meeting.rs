//! Meetings: type, region, date and time, place, chair, attendees (users and named persons,
//! present / absent / excused), agenda, minutes (sanitized HTML) and decisions, each of which
//! becomes a problem in the problem list.

use super::problem::{Problem, ProblemInput};
use super::{date, opt_id, optional, region, required};
use crate::error::FieldError;
use crate::id::Id;
use crate::region::RegionCode;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// The meeting types seeded by the migration (code, 中文, English).
pub const SEEDED_TYPES: [(&str, &str, &str); 8] = [
    ("work_promotion", "工作推进会", "Work-promotion meeting"),
    ("liaison", "联系会议", "Liaison meeting"),
    ("special", "专题会", "Special meeting"),
    ("branch_assembly", "支部党员大会", "Branch general meeting"),
    ("branch_committee", "支委会", "Branch committee meeting"),
    ("party_group", "党小组会", "Party group meeting"),
    ("party_lecture", "党课", "Party lecture"),
    ("theme_day", "主题党日", "Party theme day"),
];

/// Most attendees one meeting lists.
pub const MAX_ATTENDEES: usize = 500;
/// Most decisions one meeting records.
pub const MAX_DECISIONS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendeeStatus {
    /// 出席
    Present,
    /// 缺席
    Absent,
    /// 请假
    Excused,
}

impl AttendeeStatus {
    pub const ALL: [AttendeeStatus; 3] = [
        AttendeeStatus::Present,
        AttendeeStatus::Absent,
        AttendeeStatus::Excused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttendeeStatus::Present => "present",
            AttendeeStatus::Absent => "absent",
            AttendeeStatus::Excused => "excused",
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            AttendeeStatus::Present => "出席",
            AttendeeStatus::Absent => "缺席",
            AttendeeStatus::Excused => "请假",
        }
    }

    /// The stored name or the Chinese word; empty is present.
    pub fn parse(text: &str) -> Result<AttendeeStatus, FieldError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(AttendeeStatus::Present);
        }
        AttendeeStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == t || s.chinese() == t)
            .ok_or_else(|| FieldError::new("common.choice_invalid", "status").arg("value", t))
    }
}

/// Checks a meeting type code: 2–32 of a–z, 0–9 and `_`, starting with a letter.
pub fn check_type_code(code: &str) -> Result<(), FieldError> {
    let ok = (2..=32).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(FieldError::new("mechanism.type_code_invalid", "type_code").arg("value", code))
    }
}

/// Raw text of one attendee.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AttendeeInput {
    pub user_id: String,
    /// A person of the people registry; empty links by name (one person of that name in the
    /// meeting's region) or not at all (a guest).
    pub person_id: String,
    /// May be empty when `user_id` or `person_id` names someone.
    pub name: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    pub user_id: Option<Id>,
    pub person_id: Option<Id>,
    pub name: String,
    pub status: AttendeeStatus,
}

/// Raw text of a meeting as a form or the API sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingInput {
    pub type_code: String,
    pub region_code: String,
    pub date: String,
    /// `HH:MM`.
    pub start_time: String,
    /// `HH:MM`, optional.
    pub end_time: String,
    pub place: String,
    pub chair: String,
    pub chair_user_id: String,
    pub agenda: String,
    /// Rich text from the editor; sanitized on validation.
    pub minutes_html: String,
    pub attendees: Vec<AttendeeInput>,
    /// Decisions: each becomes a problem (its region defaults to the meeting's).
    pub decisions: Vec<ProblemInput>,
}

/// A validated meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub type_code: String,
    pub region: RegionCode,
    pub date: NaiveDate,
    pub start_time: NaiveTime,
    pub end_time: Option<NaiveTime>,
    pub place: String,
    pub chair: String,
    pub chair_user_id: Option<Id>,
    pub agenda: String,
    pub minutes_html: String,
    pub attendees: Vec<Attendee>,
    pub decisions: Vec<Problem>,
}

fn time(text: &str, field: &'static str) -> Result<NaiveTime, FieldError> {
    let t = text.trim();
    NaiveTime::parse_from_str(t, "%H:%M")
        .map_err(|_| FieldError::new("mechanism.time_invalid", field).arg("value", t))
}

/// `HH:MM` text of a time.
pub fn time_text(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

impl MeetingInput {
    /// Validates every field; errors of an attendee or a decision carry its 1-based `line`.
    pub fn validate(&self) -> Result<Meeting, FieldError> {
        let type_code = self.type_code.trim().to_string();
        if type_code.is_empty() {
            return Err(FieldError::new("common.required", "type_code"));
        }
        let region = region(&self.region_code, "region_code")?;
        let date = date(&self.date, "date")?;
        if self.start_time.trim().is_empty() {
            return Err(FieldError::new("common.required", "start_time"));
        }
        let start_time = time(&self.start_time, "start_time")?;
        let end_time = match self.end_time.trim() {
            "" => None,
            t => Some(time(t, "end_time")?),
        };
        if end_time.is_some_and(|e| e < start_time) {
            return Err(FieldError::new("mechanism.end_before_start", "end_time")
                .arg("value", self.end_time.trim()));
        }
        let place = optional(&self.place, "place", 200)?;
        let chair_user_id = opt_id(&self.chair_user_id, "chair_user_id")?;
        let chair = if chair_user_id.is_some() {
            optional(&self.chair, "chair", 64)?
        } else {
            required(&self.chair, "chair", 64)?
        };
        let agenda = optional(&self.agenda, "agenda", 4000)?;
        let minutes_html = super::html::sanitize(&self.minutes_html);
        if minutes_html.chars().count() > 200_000 {
            return Err(FieldError::new("common.too_long", "minutes_html").arg("max", "200000"));
        }
        if self.attendees.len() > MAX_ATTENDEES {
            return Err(FieldError::new("mechanism.too_many", "attendees")
                .arg("max", MAX_ATTENDEES.to_string()));
        }
        if self.decisions.len() > MAX_DECISIONS {
            return Err(FieldError::new("mechanism.too_many", "decisions")
                .arg("max", MAX_DECISIONS.to_string()));
        }
        let mut attendees = Vec::new();
        for (i, a) in self.attendees.iter().enumerate() {
            let line = |e: FieldError| e.arg("line", (i + 1).to_string());
            let user_id = opt_id(&a.user_id, "user_id").map_err(line)?;
            let person_id = opt_id(&a.person_id, "person_id").map_err(line)?;
            if user_id.is_none() && person_id.is_none() && a.name.trim().is_empty() {
                continue; // an empty row of the form
            }
            attendees.push(Attendee {
                user_id,
                person_id,
                name: optional(&a.name, "name", 64).map_err(line)?,
                status: AttendeeStatus::parse(&a.status).map_err(line)?,
            });
        }
        let mut decisions = Vec::new();
        for (i, d) in self.decisions.iter().enumerate() {
            if d.title.trim().is_empty()
                && d.owner_name.trim().is_empty()
                && d.deadline.trim().is_empty()
            {
                continue; // an empty row of the form
            }
            decisions.push(
                d.validate(Some(&region))
                    .map_err(|e| e.arg("line", (i + 1).to_string()))?,
            );
        }
        Ok(Meeting {
            type_code,
            region,
            date,
            start_time,
            end_time,
            place,
            chair,
            chair_user_id,
            agenda,
            minutes_html,
            attendees,
            decisions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MeetingInput {
        MeetingInput {
            type_code: "work_promotion".into(),
            region_code: "340803100201".into(),
            date: "2024-05-31".into(),
            start_time: "09:30".into(),
            end_time: "11:00".into(),
            place: "村委会".into(),
            chair: "张常委".into(),
            minutes_html: "<p>议定<script>x</script></p>".into(),
            attendees: vec![
                AttendeeInput {
                    name: "李四".into(),
                    status: "请假".into(),
                    ..Default::default()
                },
                AttendeeInput::default(),
            ],
            decisions: vec![ProblemInput {
                title: "修路".into(),
                owner_name: "王五".into(),
                deadline: "2024-06-30".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn validates_and_sanitizes() {
        let m = input().validate().unwrap();
        assert_eq!(m.minutes_html, "<p>议定</p>");
        assert_eq!(m.attendees.len(), 1);
        assert_eq!(m.attendees[0].status, AttendeeStatus::Excused);
        assert_eq!(m.decisions[0].region.as_str(), "340803100201");
        assert_eq!(time_text(m.start_time), "09:30");
        let late = MeetingInput {
            end_time: "09:00".into(),
            ..input()
        };
        assert_eq!(
            late.validate().unwrap_err().code,
            "mechanism.end_before_start"
        );
        let bad = MeetingInput {
            start_time: "25:00".into(),
            ..input()
        };
        assert_eq!(bad.validate().unwrap_err().code, "mechanism.time_invalid");
        let mut no_deadline = input();
        no_deadline.decisions[0].deadline = "".into();
        let err = no_deadline.validate().unwrap_err();
        assert_eq!((err.field, err.args["line"].as_str()), ("deadline", "1"));
        assert!(check_type_code("work_promotion").is_ok());
        assert!(check_type_code("Work").is_err());
    }
}
