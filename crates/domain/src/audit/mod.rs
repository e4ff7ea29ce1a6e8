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
