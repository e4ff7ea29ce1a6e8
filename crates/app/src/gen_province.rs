//! A province-sized synthetic data set (issue 16): `zhenxing gen province --villages N
//! --years Y --vouchers-per-village-year M --out DIR` writes regions.csv, orgs.csv and
//! vouchers.csv in the format `zhenxing import dataset` loads (see [`crate::dataset`]).
//!
//! Layout: towns of [`VILLAGES_PER_TOWN`] villages, districts of [`TOWNS_PER_DISTRICT`]
//! towns, every code a valid 12-digit statistical code under the province code
//! [`PROVINCE`] (the regions table has no level above the district: the province is the
//! code prefix its districts share, the scope a province-level view reads). Each village has
//! one collective economic organisation with a book per year (the last year is 2025) holding
//! `M` vouchers of two lines. Deterministic: the same flags give the same files.

use crate::dataset::{self, DatasetError};
use domain::identity::Scope;
use domain::region::RegionCode;
use std::io::{BufWriter, Write};
use std::path::Path;
use store::Db;

/// The province's two digits (安徽省's, as the demo's district is 安徽 too).
pub const PROVINCE: &str = "34";
pub const VILLAGES_PER_TOWN: usize = 15;
pub const TOWNS_PER_DISTRICT: usize = 20;
/// Districts are numbered under the province by city (01…) and county (01…99): at most
/// this many per city.
const DISTRICTS_PER_CITY: usize = 90;

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    pub districts: usize,
    pub towns: usize,
    pub villages: usize,
    pub books: usize,
    pub vouchers: usize,
}

/// The six digits of the `d`-th district (0-based): the province, a city, a county.
fn district_prefix(d: usize) -> String {
    let city = 1 + d / DISTRICTS_PER_CITY;
    let county = 2 + d % DISTRICTS_PER_CITY;
    format!("{PROVINCE}{city:02}{county:02}")
}

/// The codes of the `i`-th village (0-based): (district, town, village).
fn village_codes(i: usize) -> (String, String, String) {
    let town = i / VILLAGES_PER_TOWN;
    let district = town / TOWNS_PER_DISTRICT;
    let prefix = district_prefix(district);
    let town_digits = 100 + town % TOWNS_PER_DISTRICT;
    let village_digits = 201 + i % VILLAGES_PER_TOWN;
    (
        format!("{prefix}000000"),
        format!("{prefix}{town_digits:03}000"),
        format!("{prefix}{town_digits:03}{village_digits:03}"),
    )
}

/// Writes the data set into `out` (created when missing).
pub fn generate(
    out: &Path,
    villages: usize,
    years: i32,
    per_village_year: usize,
) -> Result<Generated, DatasetError> {
    let io = |source: std::io::Error| DatasetError::Io {
        path: out.to_path_buf(),
        source,
    };
    let villages = villages.max(1);
    let years = years.clamp(1, 50);
    let towns = villages.div_ceil(VILLAGES_PER_TOWN);
    let districts = towns.div_ceil(TOWNS_PER_DISTRICT);
    if districts > DISTRICTS_PER_CITY * 99 {
        return Err(DatasetError::Missing("too many villages for one province"));
    }
    std::fs::create_dir_all(out).map_err(io)?;

    let mut regions = BufWriter::new(std::fs::File::create(out.join("regions.csv")).map_err(io)?);
    writeln!(regions, "code,parent_code,name,kind,tags").map_err(io)?;
    let mut orgs = BufWriter::new(std::fs::File::create(out.join("orgs.csv")).map_err(io)?);
    writeln!(orgs, "region_code,name,credit_code").map_err(io)?;
    let mut credit_codes = Vec::with_capacity(villages);
    for i in 0..villages {
        let (district, town, village) = village_codes(i);
        let (d, t) = (
            i / VILLAGES_PER_TOWN / TOWNS_PER_DISTRICT,
            i / VILLAGES_PER_TOWN,
        );
        if i % (VILLAGES_PER_TOWN * TOWNS_PER_DISTRICT) == 0 {
            writeln!(regions, "{district},,合成{}区,区,", d + 1).map_err(io)?;
        }
        if i % VILLAGES_PER_TOWN == 0 {
            writeln!(regions, "{town},{district},合成{}区{}镇,镇,", d + 1, t + 1).map_err(io)?;
        }
        // Every tenth village is a key village, every seventh a supported one.
        let tags = match (i % 10 == 0, i % 7 == 0) {
            (true, true) => "重点村;扶持村",
            (true, false) => "重点村",
            (false, true) => "扶持村",
            (false, false) => "",
        };
        writeln!(regions, "{village},{town},合成{}村,村,{tags}", i + 1).map_err(io)?;
        let credit_code = dataset::credit_code_in(&district[..6], i + 1);
        writeln!(
            orgs,
            "{village},合成{}村股份经济合作社,{credit_code}",
            i + 1
        )
        .map_err(io)?;
        credit_codes.push(credit_code);
    }
    regions.flush().map_err(io)?;
    orgs.flush().map_err(io)?;

    let last_year = 2025;
    let first_year = last_year - years + 1;
    dataset::write_vouchers(
        out,
        &credit_codes,
        first_year,
        last_year,
        per_village_year,
        false,
    )?;
    Ok(Generated {
        districts,
        towns,
        villages,
        books: villages * years as usize,
        vouchers: villages * years as usize * per_village_year,
    })
}

/// One region's timing by [`time_classification`].
#[derive(Debug, Clone)]
pub struct Timed {
    /// The region's code, or "province" for the whole database.
    pub region: String,
    pub villages: usize,
    /// Median of the runs, in milliseconds.
    pub median_ms: f64,
    /// The sum of the villages' operating income (fen), to show something was counted.
    pub income_fen: i64,
}

/// Times the year's classification (each village's operating income and class, read from
/// the balances posting maintains) of each of `regions` (a 12-digit code, or "province" for
/// the whole database), one after the other, `runs` times each; the median of each.
pub async fn time_classification(
    db: &Db,
    regions: &[String],
    year: i32,
    runs: usize,
) -> Result<Vec<Timed>, DatasetError> {
    let mut out = Vec::new();
    for region in regions {
        let scope = match region.as_str() {
            "province" => Scope::system(),
            code => Scope::region(
                RegionCode::parse(code)
                    .map_err(|_| DatasetError::Missing("--region: a 12-digit code or province"))?,
            ),
        };
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..runs.max(1) {
            let t = std::time::Instant::now();
            let c = store::ledger::classification::classify(db, &scope, year).await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            last = Some(c);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let c = last.ok_or(DatasetError::Missing("no run"))?;
        out.push(Timed {
            region: region.clone(),
            villages: c.villages,
            median_ms: times.get(times.len() / 2).copied().unwrap_or_default(),
            income_fen: c.rows.iter().map(|r| r.figure).sum(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_valid_and_nest_towns_of_15_in_districts_of_20() {
        let (district, town, village) = village_codes(0);
        assert_eq!(
            (district.as_str(), town.as_str(), village.as_str()),
            ("340102000000", "340102100000", "340102100201")
        );
        // The 301st village starts the second district's first town.
        let (district, town, village) = village_codes(300);
        assert_eq!(
            (district.as_str(), town.as_str(), village.as_str()),
            ("340103000000", "340103100000", "340103100201")
        );
        // The last village of a town, and a district of the second city.
        assert_eq!(village_codes(14).2, "340102100215");
        assert_eq!(village_codes(299).1, "340102119000");
        assert_eq!(village_codes(300 * 90).0, "340202000000");
        for i in [0, 14, 15, 299, 300, 15_999, 300 * 90] {
            let (d, t, v) = village_codes(i);
            let (d, t, v) = (
                RegionCode::parse(&d).unwrap(),
                RegionCode::parse(&t).unwrap(),
                RegionCode::parse(&v).unwrap(),
            );
            v.check_parent(Some(&t)).unwrap();
            t.check_parent(Some(&d)).unwrap();
            d.check_parent(None).unwrap();
            assert!(d.as_str().starts_with(PROVINCE));
        }
    }
}
