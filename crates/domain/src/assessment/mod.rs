//! Assessment (考核) and pay linked to the collective economy (报酬挂钩): yearly schemes of
//! indicators scored from the metrics catalogue or by assessors, ratings in bands, and the
//! pay-linkage policies that turn a village's operating income and rating into its cadres'
//! pay.

pub mod pay;
pub mod rating;
pub mod scheme;
pub mod scoring;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// The audit log's names for the assessment's records.
pub mod entity {
    pub use crate::audit::entity::{
        ASSESSMENT_MANUAL as MANUAL, ASSESSMENT_RUN as RUN, ASSESSMENT_SCHEME as SCHEME,
    };
}

/// A rating band (等次), best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 优秀
    Excellent,
    /// 良好
    Good,
    /// 合格
    Pass,
    /// 基本合格
    BasicPass,
    /// 不合格
    Fail,
}

impl Band {
    /// Best first; the last is what a veto sets.
    pub const ALL: [Band; 5] = [
        Band::Excellent,
        Band::Good,
        Band::Pass,
        Band::BasicPass,
        Band::Fail,
    ];

    /// The stable key.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Excellent => "excellent",
            Band::Good => "good",
            Band::Pass => "pass",
            Band::BasicPass => "basic_pass",
            Band::Fail => "fail",
        }
    }

    pub fn parse(text: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.as_str() == text.trim())
    }

    /// The label's message id (`assessment-band-<key>`).
    pub fn label_id(self) -> String {
        format!("assessment-band-{}", self.as_str())
    }

    /// The band one lower (the last stays the last).
    pub fn lower(self) -> Band {
        let i = Band::ALL.iter().position(|b| *b == self).unwrap_or(4);
        Band::ALL[(i + 1).min(4)]
    }
}

/// A run's state: open → computed (recomputed on demand) → review → published (frozen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Open,
    Computed,
    Review,
    Published,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Open,
        State::Computed,
        State::Review,
        State::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Computed => "computed",
            State::Review => "review",
            State::Published => "published",
        }
    }

    pub fn parse(text: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    pub fn label_id(self) -> String {
        format!("assessment-state-{}", self.as_str())
    }

    /// Scores may still change (computed again, entered by hand).
    pub fn is_frozen(self) -> bool {
        self == State::Published
    }
}

/// A state change of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Fill (again) the computed indicators: from open, computed or review → computed.
    Compute,
    /// computed → review.
    Review,
    /// review → published (frozen).
    Publish,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Compute => "compute",
            Step::Review => "review",
            Step::Publish => "publish",
        }
    }

    pub fn parse(text: &str) -> Option<Step> {
        [Step::Compute, Step::Review, Step::Publish]
            .into_iter()
            .find(|s| s.as_str() == text.trim())
    }

    /// The states the step starts from, and where it leads.
    pub fn from_to(self) -> (&'static [State], State) {
        match self {
            Step::Compute => (
                &[State::Open, State::Computed, State::Review],
                State::Computed,
            ),
            Step::Review => (&[State::Computed], State::Review),
            Step::Publish => (&[State::Review], State::Published),
        }
    }
}
