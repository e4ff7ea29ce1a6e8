use crate::i18n::I18n;
use crate::ops::{AllowedNet, Metrics};
use std::sync::Arc;
use store::Db;

/// Settings of the web layer, from the command line, env or the config file.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address users reach the platform at; `https://…` makes cookies `Secure`.
    pub public_url: String,
    /// Demo mode: every page shows the sample-data banner.
    pub demo: bool,
    /// Behind a reverse proxy that sets X-Forwarded-For / X-Real-IP.
    pub trust_proxy: bool,
    /// Addresses and networks that may read `/metrics` (default: loopback only).
    pub metrics_allow: Vec<AllowedNet>,
    /// `Authorization: Bearer <token>` reads `/metrics` from anywhere.
    pub metrics_token: Option<String>,
    /// How large an imported spreadsheet may be (rows, columns, cells, bytes, …).
    pub import_limits: usecase::tabular::ImportLimits,
    /// The largest request body of every upload route (imports, attachments, documents,
    /// photos), in bytes.
    pub upload_max_bytes: usize,
    /// The disclosure log's signing key (`<data-dir>/keys/disclosure-ed25519.key`, made on
    /// first start by the app); `None` in tests: the log makes a key in memory.
    pub disclosure_signer: Option<Arc<domain::disclosure::log::Signer>>,
}

/// The upload size when none is configured: 64 MiB.
pub const DEFAULT_UPLOAD_MAX_BYTES: usize = 64 * 1024 * 1024;

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://127.0.0.1:8080".into(),
            demo: false,
            trust_proxy: false,
            metrics_allow: AllowedNet::loopback(),
            metrics_token: None,
            import_limits: usecase::tabular::ImportLimits::default(),
            upload_max_bytes: DEFAULT_UPLOAD_MAX_BYTES,
            disclosure_signer: None,
        }
    }
}

impl WebConfig {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub i18n: Arc<I18n>,
    pub config: Arc<WebConfig>,
    pub metrics: Arc<Metrics>,
    /// Computed village profile sections, under the data version (never stale).
    pub profile_cache: Arc<crate::region::profile::ProfileCache>,
    /// The disclosure log: signing key and tree cache.
    pub disclosure_log: Arc<crate::disclosure::log::LogState>,
}

impl AppState {
    pub fn new(db: Db, config: WebConfig) -> Result<AppState, crate::i18n::LoadError> {
        usecase::tabular::configure(config.import_limits);
        let disclosure_log = Arc::new(crate::disclosure::log::LogState::new(
            config.disclosure_signer.clone(),
        ));
        Ok(AppState {
            db,
            i18n: Arc::new(I18n::load()?),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            profile_cache: Arc::default(),
            disclosure_log,
        })
    }
}
