//! Disclosure stored (issue 15): schedules, items and their published versions, the Merkle
//! log's leaves and signed checkpoints, news and villagers' feedback, and the reads of the
//! public portal.
//!
//! Invariants:
//! - a published version never changes: `disclosure_versions` rows are inserted, never
//!   updated or deleted, and each is exactly one leaf of the log (`log_index`);
//! - the log is append-only and gapless: an append takes the next index from the single head
//!   row (`UPDATE disclosure_log_head SET size = size + 1 RETURNING size`), inside the
//!   publishing transaction, so concurrent publications take distinct indices and a rolled
//!   back one leaves no leaf.

pub mod feedback;
pub mod items;
pub mod log;
pub mod news;
pub mod public;
pub mod schedules;
pub mod versions;
