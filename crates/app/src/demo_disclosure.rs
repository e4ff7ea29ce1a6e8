//! The demo's disclosure (issue 15): owned by the disclosure work.

use domain::identity::Actor;
use store::Db;

pub async fn load(_db: &Db, _system: &Actor) -> Result<(), crate::demo::DemoError> {
    Ok(())
}
