//! The audit log: append-only records of every write.

use serde::{Deserialize, Serialize};

/// What happened to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Archive,
    Import,
    Login,
    Logout,
    PasswordChange,
    TokenCreate,
    TokenRevoke,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Create,
        Action::Update,
        Action::Archive,
        Action::Import,
        Action::Login,
        Action::Logout,
        Action::PasswordChange,
        Action::TokenCreate,
        Action::TokenRevoke,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Archive => "archive",
            Action::Import => "import",
            Action::Login => "login",
            Action::Logout => "logout",
            Action::PasswordChange => "password_change",
            Action::TokenCreate => "token_create",
            Action::TokenRevoke => "token_revoke",
        }
    }
}

/// The entity names written to the log; each has a translated label `audit-entity-<name>`.
pub mod entity {
    pub const REGION: &str = "region";
    pub const USER: &str = "user";
    pub const SESSION: &str = "session";
    pub const API_TOKEN: &str = "api_token";
    pub const ALL: [&str; 4] = [REGION, USER, SESSION, API_TOKEN];
}
