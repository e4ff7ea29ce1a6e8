//! The command line's error: printed once, by `main_entry`, as `error: …`.

/// Why a command failed. Messages are for the operator at the terminal; import errors are
/// already translated (naming file, row, column and reason).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A message worded for the operator (a file that cannot be read, a bad option).
    #[error("{0}")]
    Message(String),
    /// The embedded locale files do not load (a build defect).
    #[error("locale files: {0}")]
    Locales(#[from] usecase::i18n::LoadError),
    /// A use case failed (a rule, or the database: its text goes to the operator only).
    #[error("{0}")]
    Usecase(#[from] usecase::Error),
    /// The database (its text goes to the operator only).
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// The configuration (file, flags, environment) is refused.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// A backup or a restore failed.
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    /// Loading or generating a demo or benchmark data set failed.
    #[error(transparent)]
    Demo(#[from] crate::demo::DemoError),
    #[error("cannot create data directory {}: {source}", path.display())]
    DataDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open database {shown}: {}", crate::one_line(&source.to_string()))]
    OpenDb {
        shown: String,
        source: store::StoreError,
    },
    #[error("cannot migrate database {shown}: {}", crate::one_line(&source.to_string()))]
    MigrateDb {
        shown: String,
        source: store::StoreError,
    },
    /// The OpenAPI document does not serialise (a build defect).
    #[error("OpenAPI document: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no user named {0}")]
    NoUser(String),
    /// A database copy failed.
    #[error(transparent)]
    Copy(#[from] crate::dbcopy::CopyError),
    /// A generated data set could not be written or read back.
    #[error(transparent)]
    Dataset(#[from] crate::dataset::DatasetError),
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error::Message(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Error::Message(message.to_string())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    /// `crates/app` uses `web` only to build and serve the router: what the command line
    /// runs besides (imports, exports, credentials, translations) is `usecase`'s.
    #[test]
    fn app_uses_web_only_for_the_router() {
        const ALLOWED: [&str; 7] = [
            "web::router(",
            // The demo publishes its disclosures through the one publishing path (snapshot
            // builders and the page template live in web).
            "web::disclosure::snapshots::",
            "web::AppState",
            "web::WebConfig",
            "web::api::",
            // The metrics allow-list is a field of `WebConfig` (and its parse error).
            "web::ops::AllowedNet",
            "web::ops::BadNet",
        ];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let mut rest = code;
                while let Some(at) = rest.find("web::") {
                    let before = rest[..at].chars().last();
                    let tail = &rest[at..];
                    // A path, not text in quotes (this test's own list).
                    if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '"')
                        && !ALLOWED.iter().any(|a| tail.starts_with(a))
                    {
                        found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                    rest = &rest[at + 5..];
                }
            }
        }
        assert!(
            found.is_empty(),
            "web:: paths beyond the router:\n{}",
            found.join("\n")
        );
    }
}
