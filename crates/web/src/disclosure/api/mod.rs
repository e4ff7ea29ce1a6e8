//! The disclosure API: `disclosures` (cadres, `/api/v1/disclosures`) and `public`
//! (`/api/public/v1`, read-only, no sign-in).

pub mod disclosures;
pub mod public;
