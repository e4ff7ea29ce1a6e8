//! Configuration: flags, then `ZHENXING_*` environment variables (clap reads both), then an
//! optional TOML file, then defaults. Unknown keys in the file are an error.

use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    pub log: Option<String>,
    /// Behind a reverse proxy: take the client address from X-Forwarded-For / X-Real-IP.
    pub trust_proxy: Option<bool>,
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<FileConfig, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| {
            format!(
                "config file {}: {}",
                path.display(),
                e.to_string().lines().collect::<Vec<_>>().join(" ")
            )
        })
    }
}

/// The settings in force after merging.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub public_url: String,
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

impl Settings {
    pub fn merge(
        listen: Option<String>,
        data_dir: Option<PathBuf>,
        database_url: Option<String>,
        public_url: Option<String>,
        file: FileConfig,
    ) -> Settings {
        let listen = listen
            .or(file.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_string());
        let data_dir = data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let database_url = database_url
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("zhenxing.db").display()));
        let public_url = public_url
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{listen}"));
        Settings {
            listen,
            data_dir,
            database_url,
            public_url,
        }
    }
}
