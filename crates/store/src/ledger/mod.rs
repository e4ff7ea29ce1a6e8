//! The collective economy's books: organisations, books, accounts, vouchers, periods and the
//! balances that posting maintains. Every read is scoped through the organisation's region.

pub mod books;
pub mod check;
pub mod classification;
pub mod import;
pub mod reports;
pub mod vouchers;
pub mod yearend;

pub use books::{AccountRecord, BookRecord, OrgRecord};
pub use vouchers::{LineRecord, VoucherRecord};

use domain::DomainError;
use domain::identity::Actor;
use domain::region::RegionCode;

/// May `actor` write the books of an organisation in `region`? Out of scope is "not found"
/// (nothing is revealed); in scope without a bookkeeping role is "forbidden".
pub(crate) fn check_write(actor: &Actor, region: &str) -> Result<(), DomainError> {
    let code = RegionCode::parse(region).map_err(|_| DomainError::NotFound)?;
    if !actor.scope.contains(&code) {
        return Err(DomainError::NotFound);
    }
    match actor.role {
        Some(role) if !role.keeps_books() => Err(DomainError::Forbidden),
        _ => Ok(()),
    }
}
