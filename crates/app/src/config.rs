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
    /// Addresses or networks (`10.0.0.0/8`) that may read /metrics; default loopback only.
    pub metrics_allow: Option<Vec<String>>,
    /// A bearer token that reads /metrics from any address.
    pub metrics_token: Option<String>,
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

/// Who may read `/metrics`: the allowed networks and the optional bearer token. The flag (or
/// `ZHENXING_METRICS_ALLOW`, comma-separated) wins over the file's list; an empty value allows
/// no address (then only the token reads it). Without either, loopback only.
pub fn metrics_access(
    flag_allow: Option<String>,
    flag_token: Option<String>,
    file: &FileConfig,
) -> Result<(Vec<web::ops::AllowedNet>, Option<String>), String> {
    let allow = match (flag_allow, &file.metrics_allow) {
        (Some(text), _) => {
            web::ops::AllowedNet::parse_list(&text).map_err(|e| format!("--metrics-allow: {e}"))?
        }
        (None, Some(list)) => list
            .iter()
            .map(|item| web::ops::AllowedNet::parse(item))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("config file metrics_allow: {e}"))?,
        (None, None) => web::ops::AllowedNet::loopback(),
    };
    let token = flag_token
        .or_else(|| file.metrics_token.clone())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    if token.as_ref().is_some_and(|t| t.len() < 16) {
        return Err("metrics token: use at least 16 characters".into());
    }
    Ok((allow, token))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::net::IpAddr;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn metrics_access_defaults_to_loopback() {
        let (allow, token) = metrics_access(None, None, &FileConfig::default()).unwrap();
        assert!(token.is_none());
        let allowed = |a: &str| allow.iter().any(|n| n.contains(ip(a)));
        assert!(allowed("127.0.0.1") && allowed("127.9.9.9") && allowed("::1"));
        assert!(allowed("::ffff:127.0.0.1"), "IPv4 on a dual-stack socket");
        assert!(!allowed("10.0.0.1") && !allowed("::2") && !allowed("192.168.1.1"));
    }

    #[test]
    fn metrics_access_from_the_file_and_flags() {
        let file: FileConfig = toml::from_str(
            "metrics_allow = [\"10.1.0.0/16\", \"fd00::/8\", \"192.0.2.7\"]\n\
             metrics_token = \"a-long-metrics-token-1234\"\n",
        )
        .unwrap();
        let (allow, token) = metrics_access(None, None, &file).unwrap();
        assert_eq!(token.as_deref(), Some("a-long-metrics-token-1234"));
        let allowed = |a: &str| allow.iter().any(|n| n.contains(ip(a)));
        assert!(allowed("10.1.200.3") && allowed("fd12::1") && allowed("192.0.2.7"));
        assert!(!allowed("10.2.0.1") && !allowed("192.0.2.8") && !allowed("127.0.0.1"));
        // The flag (or env) wins; an empty list allows no address at all.
        let (allow, _) = metrics_access(Some("172.16.0.0/12, ::1".into()), None, &file).unwrap();
        assert!(allow.iter().any(|n| n.contains(ip("172.20.1.1"))));
        assert!(!allow.iter().any(|n| n.contains(ip("10.1.200.3"))));
        let (allow, _) = metrics_access(Some(String::new()), None, &file).unwrap();
        assert!(allow.is_empty());
        // Bad entries and short tokens are refused at startup.
        assert!(metrics_access(Some("10.0.0.0/33".into()), None, &file).is_err());
        assert!(metrics_access(Some("localhost".into()), None, &file).is_err());
        assert!(metrics_access(None, Some("short".into()), &file).is_err());
    }
}
