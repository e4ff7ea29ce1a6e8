//! `store::metrics::value`: scoped like every read, a metric only for the levels it applies
//! to, and the ledger metrics equal to the classification's figures.

use super::*;
use domain::metrics::Metric;

const BAOYING: &str = "340803100201";
const TOWN: &str = "340803100000";
const DISTRICT: &str = "340803000000";

#[tokio::test]
async fn metric_values_are_scoped_and_follow_the_classification() {
    on_each_backend!(|db| {
        seed(db).await;
        let code = |c: &str| RegionCode::parse(c).unwrap();
        let village = Scope::region(code(BAOYING));
        let district = Scope::region(code(DISTRICT));
        // Outside the scope: nothing, whatever the metric.
        for m in Metric::ALL {
            let v = store::metrics::value(db, &village, m, &code(TOWN), 2021)
                .await
                .unwrap();
            assert_eq!(v, None, "{}", m.as_str());
        }
        // A class is a village's only.
        let v = store::metrics::value(db, &district, Metric::VillageClass, &code(TOWN), 2021)
            .await
            .unwrap();
        assert_eq!(v, None);
        let c = store::ledger::classification::classify(db, &district, 2021)
            .await
            .unwrap();
        let row = c.rows.iter().find(|r| r.region_code == BAOYING).unwrap();
        let income =
            store::metrics::value(db, &village, Metric::OperatingIncome, &code(BAOYING), 2021)
                .await
                .unwrap()
                .unwrap();
        assert_eq!(income.value, row.figure);
        let class = store::metrics::value(db, &village, Metric::VillageClass, &code(BAOYING), 2021)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            domain::ledger::Class::ALL.get(class.value as usize),
            Some(&row.class)
        );
        let total: i64 = c.rows.iter().map(|r| r.figure).sum();
        let all = store::metrics::value(
            db,
            &district,
            Metric::OperatingIncome,
            &code(DISTRICT),
            2021,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(all.value, total);
    });
}
