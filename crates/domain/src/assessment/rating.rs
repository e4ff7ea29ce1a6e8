//! Rating (评定等次): a subject's total → band by the thresholds, a veto → the lowest band,
//! then each band's quota, best band first.
//!
//! Ranks: equal totals share a rank (1, 2, 2, 4). Quota of a band: at most `quota` % of all
//! subjects, rounded down. When a band holds more, its subjects in rank order keep it up to
//! the quota and the rest move one band down (where that band's quota applies in turn). A
//! tie at the boundary is broken by the higher score on the scheme's first indicator; when
//! that is equal too, every subject of the tie moves down (the quota is never exceeded).

use super::Band;
use super::scheme::BandRule;
use serde::Serialize;

/// A subject to rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Hundredths of a point.
    pub total: i64,
    /// The score on the first indicator (the tie-break at a quota boundary).
    pub first: i64,
    /// A veto holds.
    pub vetoed: bool,
}

/// Why a subject's band is not the one its total reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Moved {
    /// A veto set the lowest band.
    Veto,
    /// Over a band's quota, in rank order.
    Quota,
    /// Tied on the total at the quota boundary, lower on the first indicator.
    QuotaTieBroken,
    /// Tied on the total and the first indicator at the quota boundary: all moved down.
    QuotaTie,
}

impl Moved {
    pub fn as_str(self) -> &'static str {
        match self {
            Moved::Veto => "veto",
            Moved::Quota => "quota",
            Moved::QuotaTieBroken => "quota_tie_broken",
            Moved::QuotaTie => "quota_tie",
        }
    }

    pub fn label_id(self) -> String {
        format!("assessment-moved-{}", self.as_str())
    }
}

/// A subject rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rated {
    /// 1 = best; equal totals share a rank.
    pub rank: usize,
    /// The band its total reaches.
    pub by_score: Band,
    /// The band it gets.
    pub band: Band,
    pub moved: Option<Moved>,
}

/// The band a total (hundredths) reaches: the first whose threshold it meets, else the
/// lowest.
pub fn band_for(total: i64, bands: &[BandRule]) -> Band {
    bands
        .iter()
        .find(|b| total >= b.min_points.saturating_mul(100))
        .map_or(Band::Fail, |b| b.band)
}

/// How many subjects of `n` a quota of `percent` allows (rounded down).
pub fn quota_cap(percent: i64, n: usize) -> usize {
    let n = n as i64;
    usize::try_from(percent.clamp(0, 100) * n / 100).unwrap_or(0)
}

/// Rates every candidate; the result is in the candidates' order.
pub fn rate(candidates: &[Candidate], bands: &[BandRule]) -> Vec<Rated> {
    let n = candidates.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&candidates[a], &candidates[b]);
        y.total
            .cmp(&x.total)
            .then(y.first.cmp(&x.first))
            .then(a.cmp(&b))
    });
    let mut out: Vec<Rated> = candidates
        .iter()
        .map(|c| {
            let by_score = band_for(c.total, bands);
            Rated {
                rank: 0,
                by_score,
                band: if c.vetoed { Band::Fail } else { by_score },
                moved: (c.vetoed && by_score != Band::Fail).then_some(Moved::Veto),
            }
        })
        .collect();
    for (pos, &i) in order.iter().enumerate() {
        let rank = match pos.checked_sub(1).map(|p| order[p]) {
            Some(prev) if candidates[prev].total == candidates[i].total => out[prev].rank,
            _ => pos + 1,
        };
        out[i].rank = rank;
    }
    for rule in bands {
        if rule.band == Band::Fail {
            continue;
        }
        let Some(q) = rule.quota else { continue };
        let cap = quota_cap(q, n);
        let members: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| out[i].band == rule.band)
            .collect();
        if members.len() <= cap {
            continue;
        }
        // The boundary: the first member that does not keep the band.
        let mut keep = cap;
        let boundary = members[cap];
        let same_total = |i: usize| candidates[i].total == candidates[boundary].total;
        let same_all =
            |i: usize| same_total(i) && candidates[i].first == candidates[boundary].first;
        while keep > 0 && same_all(members[keep - 1]) {
            keep -= 1;
        }
        for &i in &members[keep..] {
            let moved = if same_all(i) && keep < cap {
                Moved::QuotaTie
            } else if same_total(i) && members[..keep].iter().any(|&k| same_total(k)) {
                Moved::QuotaTieBroken
            } else {
                Moved::Quota
            };
            out[i].band = rule.band.lower();
            out[i].moved = Some(moved);
        }
    }
    out
}
