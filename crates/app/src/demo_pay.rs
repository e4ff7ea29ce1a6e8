//! The demo's 2021 pay-linkage policy, approved for 保婴村 with its voucher.

use domain::identity::Actor;
use store::Db;

pub async fn load(db: &Db, actor: &Actor) -> Result<(), crate::demo::DemoError> {
    let _ = (db, actor);
    Ok(())
}
