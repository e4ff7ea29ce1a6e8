//! News (工作动态): what cadres write, its states and who may move them.
//!
//! States: draft → submitted → published → withdrawn (hidden from the public again); a
//! submitted item may be sent back to draft. Cadres of every level write news for a region
//! in their scope (a district leader reads); the town officers and the district
//! administrator publish, send back and withdraw — never their own item (the publisher is
//! not the author). Items are archived, never deleted.

use crate::error::FieldError;
use crate::identity::Role;
use crate::input::required;

pub const TITLE_MAX: usize = 120;
/// The longest text, in characters of (sanitised) HTML.
pub const BODY_MAX: usize = 50_000;

/// A news item as typed: the text is HTML, or plain text (paragraphs by blank lines).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NewsInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

/// A news item checked: the title, and the text sanitised
/// ([`crate::mechanism::html::sanitize_news`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct News {
    pub title: String,
    pub body_html: String,
}

impl NewsInput {
    pub fn validate(&self) -> Result<News, FieldError> {
        let title = required(&self.title, "title", TITLE_MAX)?;
        // Plain text (no tag at all) is written as paragraphs, as minutes are.
        let body = self.body.trim();
        let html = if body.contains('<') {
            body.to_string()
        } else {
            crate::mechanism::minutes::to_html(body)
        };
        let body_html = crate::mechanism::html::sanitize_news(&html);
        if crate::mechanism::html::to_text(&body_html)
            .trim()
            .is_empty()
            && !body_html.contains("<img")
        {
            return Err(FieldError::new("common.required", "body").labelled("news_body"));
        }
        if body_html.chars().count() > BODY_MAX {
            return Err(FieldError::new("common.too_long", "body")
                .labelled("news_body")
                .arg("max", BODY_MAX.to_string()));
        }
        Ok(News { title, body_html })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    Submitted,
    Published,
    Withdrawn,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Draft,
        State::Submitted,
        State::Published,
        State::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Published => "published",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// 提交审核 (draft → submitted)
    Submit,
    /// 退回 (submitted → draft)
    SendBack,
    /// 发布 (submitted → published)
    Publish,
    /// 撤回 (published → withdrawn)
    Withdraw,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Submit, Step::SendBack, Step::Publish, Step::Withdraw];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::SendBack => "send_back",
            Step::Publish => "publish",
            Step::Withdraw => "withdraw",
        }
    }

    pub fn parse(text: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    pub fn from_to(self) -> (State, State) {
        match self {
            Step::Submit => (State::Draft, State::Submitted),
            Step::SendBack => (State::Submitted, State::Draft),
            Step::Publish => (State::Submitted, State::Published),
            Step::Withdraw => (State::Published, State::Withdrawn),
        }
    }

    /// Whether `role` may take the step (scope apart). `None` is the system.
    pub fn allowed(self, role: Option<Role>) -> bool {
        match self {
            Step::Submit => may_write(role),
            Step::SendBack | Step::Publish | Step::Withdraw => may_publish(role),
        }
    }
}

/// Writing news (create, edit a draft, add images, submit): every role but the district
/// leader, who reads.
pub fn may_write(role: Option<Role>) -> bool {
    !matches!(role, Some(Role::DistrictLeader))
}

/// Publishing (and sending back, withdrawing): the town and the district administrator.
pub fn may_publish(role: Option<Role>) -> bool {
    matches!(role, None | Some(Role::DistrictAdmin | Role::TownOfficer))
}

/// The first `max` characters of the item's visible text, for lists and summaries.
pub fn summary(body_html: &str, max: usize) -> String {
    let text = crate::mechanism::html::to_text(body_html);
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_sanitised_and_required() {
        let n = NewsInput {
            title: " 灵芝丰收 ".into(),
            body: "<p onclick=x>今年<script>alert(1)</script>丰收</p>".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(n.title, "灵芝丰收");
        assert_eq!(n.body_html, "<p>今年丰收</p>");
        let e = NewsInput {
            title: "t".into(),
            body: "<script>x</script>".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!((e.code, e.field), ("common.required", "body"));
        assert_eq!(NewsInput::default().validate().unwrap_err().field, "title");
    }

    #[test]
    fn who_publishes() {
        assert!(!Step::Publish.allowed(Some(Role::VillageCadre)));
        assert!(Step::Submit.allowed(Some(Role::VillageCadre)));
        assert!(Step::Publish.allowed(Some(Role::TownOfficer)));
        assert!(!Step::Submit.allowed(Some(Role::DistrictLeader)));
        assert_eq!(summary("<p>一二三四</p>", 2), "一二…");
    }
}
