//! Issue 16: the report pack on the demo itself. For every year of the demo's books the
//! district's 表六 and 表七 are the sums of its towns' and each town's of its villages' (every
//! balance relation is checked while a pack is built), 表六's counts are the classification's,
//! every table of the pack builds, and F14 holds: in 2020, 5 strong villages of 17.

use super::temp_dir;
use domain::identity::Scope;
use domain::ledger::Class;
use domain::region::RegionCode;
use store::reports::Returns;

fn add(sum: &mut Returns, part: &Returns) {
    for (total, parts) in [
        (&mut sum.t6, &part.t6),
        (&mut sum.t7_start, &part.t7_start),
        (&mut sum.t7_end, &part.t7_end),
    ] {
        if total.is_empty() {
            total.resize(parts.len(), 0);
        }
        for (t, p) in total.iter_mut().zip(parts) {
            *t = t.checked_add(*p).unwrap();
        }
    }
    sum.books += part.books;
}

#[tokio::test]
async fn the_demo_pack_sums_up_and_agrees_with_the_classification() {
    let dir = temp_dir();
    let db = store::Db::connect(&format!("sqlite://{}", dir.join("d.db").display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    assert!(app::demo::load(&db).await.unwrap());
    let district = RegionCode::parse("340803000000").unwrap();
    let scope = Scope::region(district.clone());
    for year in app::demo_ledger::FIRST_YEAR..=app::demo_ledger::LAST_YEAR {
        let d = store::reports::pack(&db, &scope, &district, year)
            .await
            .unwrap()
            .unwrap();
        assert!(d.total.books > 0, "{year}: the demo has books");
        // The towns, from the villages' codes (a village's town is its first nine digits).
        let mut towns: Vec<String> = d
            .villages
            .iter()
            .map(|v| format!("{}000", &v.region_code[..9]))
            .collect();
        towns.dedup();
        let mut of_towns = Returns::default();
        for town in &towns {
            let t = store::reports::pack(&db, &scope, &RegionCode::parse(town).unwrap(), year)
                .await
                .unwrap()
                .unwrap();
            let mut of_villages = Returns::default();
            for v in &t.villages {
                add(&mut of_villages, &v.returns);
            }
            assert_eq!(
                t.total, of_villages,
                "{year} {town}: the town is its villages' sum"
            );
            add(&mut of_towns, &t.total);
        }
        assert_eq!(d.total, of_towns, "{year}: the district is its towns' sum");
        let c = store::ledger::classification::classify(&db, &scope, year)
            .await
            .unwrap();
        let count = |class: Class| {
            c.classes
                .iter()
                .find(|k| k.class == class)
                .map_or(0, |k| k.count)
        };
        assert_eq!(d.counts.villages, c.villages, "{year}");
        assert_eq!(d.counts.strong, count(Class::Strong), "{year}");
        if year == 2020 {
            assert_eq!((d.counts.strong, d.counts.villages), (5, 17), "F14");
        }
        let tables = store::reports::tables(&db, &scope, &district, year)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            tables.len(),
            domain::reports::table::TableCode::ALL.len(),
            "{year}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}
