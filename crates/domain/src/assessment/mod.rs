//! Assessment (考核) and pay linked to the collective economy (报酬挂钩): yearly schemes of
//! indicators scored from the metrics catalogue or by assessors, ratings in bands, and the
//! pay-linkage policies that turn a village's operating income and rating into its cadres'
//! pay.

pub mod pay;

use serde::{Deserialize, Serialize};

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
