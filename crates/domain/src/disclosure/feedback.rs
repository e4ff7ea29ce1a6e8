//! Villagers' feedback (村民意见): what the public form takes, the moderation states and who
//! may move them.
//!
//! States: received → accepted (turned into a problem of the problem list) → answered, or
//! received → rejected (with a reason; never public). Town officers and the district
//! administrator moderate (accept, reject) for the villages in their scope; they and the
//! village's own cadres (村干部, 第一书记) answer an accepted item; a district leader reads.

use crate::error::FieldError;
use crate::identity::Role;
use crate::input::{optional, required};

/// The longest feedback text, in characters.
pub const BODY_MAX: usize = 1000;
/// The longest sender's name.
pub const NAME_MAX: usize = 32;
/// The longest reason of a rejection and public answer.
pub const REASON_MAX: usize = 500;
pub const ANSWER_MAX: usize = 2000;

/// What the public form sends, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct FeedbackInput {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
}

/// Feedback checked: the text, an optional name and an optional phone number (in full: the
/// store keeps it apart and shows it masked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub body: String,
    pub name: String,
    pub phone: Option<String>,
}

impl FeedbackInput {
    pub fn validate(&self) -> Result<Feedback, FieldError> {
        let body =
            required(&self.text, "text", BODY_MAX).map_err(|e| e.labelled("feedback_text"))?;
        let name =
            optional(&self.name, "name", NAME_MAX).map_err(|e| e.labelled("feedback_name"))?;
        // The phone rule of the people module: a mobile or a landline with its area code.
        let phone = crate::people::person::check_phone(&self.phone)?;
        Ok(Feedback { body, name, phone })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// 待审核
    Received,
    /// 已受理 (a problem of the problem list)
    Accepted,
    /// 不予受理 (never public)
    Rejected,
    /// 已答复 (public, with the days taken)
    Answered,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Received,
        State::Accepted,
        State::Rejected,
        State::Answered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Received => "received",
            State::Accepted => "accepted",
            State::Rejected => "rejected",
            State::Answered => "answered",
        }
    }

    pub fn parse(text: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }
}

/// A moderation step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Accept,
    Reject,
    Answer,
}

impl Step {
    /// The state the step starts from and the one it ends in.
    pub fn from_to(self) -> (State, State) {
        match self {
            Step::Accept => (State::Received, State::Accepted),
            Step::Reject => (State::Received, State::Rejected),
            Step::Answer => (State::Accepted, State::Answered),
        }
    }

    /// Whether `role` may take the step (the caller's scope is checked apart: out of scope is
    /// "not found"). `None` is the system (demo, command line).
    pub fn allowed(self, role: Option<Role>) -> bool {
        matches!(
            (self, role),
            (_, None | Some(Role::DistrictAdmin | Role::TownOfficer))
                | (
                    Step::Answer,
                    Some(Role::VillageCadre | Role::FirstSecretary)
                )
        )
    }
}

/// Whether `role` may see a sender's phone in full (the audited reveal): those who moderate
/// or answer.
pub fn may_reveal(role: Option<Role>) -> bool {
    Step::Answer.allowed(role)
}

/// The reason of a rejection: required, bounded.
pub fn reason(text: &str) -> Result<String, FieldError> {
    required(text, "reason", REASON_MAX)
}

/// A public answer: required, bounded.
pub fn answer(text: &str) -> Result<String, FieldError> {
    required(text, "answer", ANSWER_MAX).map_err(|e| e.labelled("feedback_answer"))
}

/// Whole days from `received` to `answered` (China dates; the same day is 0).
pub fn days_taken(received_at: &str, answered_at: &str) -> i64 {
    let day =
        |ts: &str| crate::time::parse_ts(ts).map(|t| (t + chrono::Duration::hours(8)).date_naive());
    match (day(received_at), day(answered_at)) {
        (Some(a), Some(b)) => (b - a).num_days().max(0),
        _ => 0,
    }
}

/// Days within which feedback is to be answered (the response-time metric).
pub const ANSWER_DAYS: i64 = 15;

/// Whether feedback received at `received_at` counts for the response-time metric on `date`
/// (China date) and was answered in time: `None` when it is not due yet (unanswered and
/// received fewer than [`ANSWER_DAYS`] days before `date`), else whether it was answered
/// within them.
pub fn answered_in_time(
    received_at: &str,
    answered_at: Option<&str>,
    date: chrono::NaiveDate,
) -> Option<bool> {
    match answered_at {
        Some(a) => Some(days_taken(received_at, a) <= ANSWER_DAYS),
        None => {
            let received = crate::time::parse_ts(received_at)
                .map(|t| (t + chrono::Duration::hours(8)).date_naive())?;
            ((date - received).num_days() > ANSWER_DAYS).then_some(false)
        }
    }
}

/// The reference number a sender is given: the China date and six characters of the id.
pub fn reference(id: &str, received_at: &str) -> String {
    let date = crate::time::parse_ts(received_at)
        .map(|t| {
            (t + chrono::Duration::hours(8))
                .format("%Y%m%d")
                .to_string()
        })
        .unwrap_or_default();
    let tail: String = id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("YJ{date}-{}", tail.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_checked() {
        let ok = FeedbackInput {
            text: " 村口路灯坏了 ".into(),
            name: "".into(),
            phone: "13812345678".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.body, "村口路灯坏了");
        assert_eq!(ok.phone.as_deref(), Some("13812345678"));
        let e = FeedbackInput::default().validate().unwrap_err();
        assert_eq!((e.code, e.field), ("common.required", "text"));
        let e = FeedbackInput {
            text: "x".repeat(BODY_MAX + 1),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.code, "common.too_long");
        let e = FeedbackInput {
            text: "x".into(),
            phone: "12ab".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "phone");
    }

    #[test]
    fn who_moderates_and_who_answers() {
        assert!(Step::Accept.allowed(Some(Role::TownOfficer)));
        assert!(!Step::Accept.allowed(Some(Role::VillageCadre)));
        assert!(!Step::Reject.allowed(Some(Role::DistrictLeader)));
        assert!(Step::Answer.allowed(Some(Role::VillageCadre)));
        assert!(!Step::Answer.allowed(Some(Role::DistrictLeader)));
        assert!(!may_reveal(Some(Role::DistrictLeader)));
    }

    #[test]
    fn days_and_references() {
        assert_eq!(
            days_taken("2026-03-01T15:00:00.000000Z", "2026-03-04T01:00:00.000000Z"),
            3
        );
        assert_eq!(
            reference(
                "01938a2b-0000-7000-8000-00000abcdef1",
                "2026-03-01T17:00:00.000000Z"
            ),
            "YJ20260302-BCDEF1"
        );
    }
}
