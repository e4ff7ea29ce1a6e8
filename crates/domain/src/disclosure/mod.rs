//! Disclosure (村务、财务、党务公开, issue 15): what a village or town publishes, computed from its
//! records, frozen when published and provably unchanged afterwards.
//!
//! - [`snapshot`]: canonical JSON of a published version and its SHA-256 (the log entry);
//! - [`log`]: the RFC 6962 Merkle log (inclusion and consistency proofs), signed checkpoints
//!   and the offline verification of a downloaded item;
//! - [`mask`]: personal information on public pages (names masked by the district's rule,
//!   no ID or phone numbers) and the scanner that refuses to publish them;
//! - [`schedule`] and [`item`]: when a disclosure is due, and an item's rules;
//! - [`news`] and [`feedback`]: 工作动态 and 村民意见.

pub mod feedback;
pub mod item;
pub mod log;
pub mod mask;
pub mod news;
pub mod schedule;
pub mod snapshot;

use serde::{Deserialize, Serialize};

/// The three categories the village committee law names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 财务公开
    Finance,
    /// 村务公开
    Affairs,
    /// 党务公开
    Party,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::Finance, Category::Affairs, Category::Party];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Finance => "finance",
            Category::Affairs => "affairs",
            Category::Party => "party",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == text.trim())
    }
}
