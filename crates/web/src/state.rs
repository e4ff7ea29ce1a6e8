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
    /// Rate limits of the public portal (anonymous callers).
    pub public_limits: PublicLimits,
}

/// How many anonymous requests the public side takes.
#[derive(Debug, Clone, Copy)]
pub struct PublicLimits {
    /// Public API requests per address per minute.
    pub api_per_minute: u32,
    /// Villagers' feedback per address per hour.
    pub feedback_per_address_hour: u32,
    /// Villagers' feedback per village per hour.
    pub feedback_per_village_hour: u32,
}

impl Default for PublicLimits {
    fn default() -> Self {
        PublicLimits {
            api_per_minute: 600,
            feedback_per_address_hour: 5,
            feedback_per_village_hour: 30,
        }
    }
}

/// The rate limiters of the public side, made from [`PublicLimits`].
#[derive(Debug)]
pub struct PublicLimiters {
    pub api: crate::base::limit::RateLimit,
    pub feedback_address: crate::base::limit::RateLimit,
    pub feedback_village: crate::base::limit::RateLimit,
}

impl PublicLimiters {
    pub fn new(l: PublicLimits) -> PublicLimiters {
        use crate::base::limit::RateLimit;
        use std::time::Duration;
        PublicLimiters {
            api: RateLimit::new(l.api_per_minute, Duration::from_secs(60)),
            feedback_address: RateLimit::new(
                l.feedback_per_address_hour,
                Duration::from_secs(3600),
            ),
            feedback_village: RateLimit::new(
                l.feedback_per_village_hour,
                Duration::from_secs(3600),
            ),
        }
    }
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
            public_limits: PublicLimits::default(),
        }
    }
}

impl WebConfig {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// What every handler and middleware shares, behind one `Arc`: axum clones the state for
/// every layer a request passes (a dozen times a request), so a clone is one counter.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
pub struct Shared {
    pub db: Db,
    pub i18n: Arc<I18n>,
    pub config: Arc<WebConfig>,
    pub metrics: Arc<Metrics>,
    /// Computed village profile sections, under the data version (never stale).
    pub profile_cache: Arc<crate::region::profile::ProfileCache>,
    /// Rendered public portal pages, under the data version (never stale).
    pub portal_cache: Arc<crate::disclosure::portal::PortalCache>,
    /// The disclosure log: signing key and tree cache.
    pub disclosure_log: Arc<crate::disclosure::log::LogState>,
    /// Rate limiters of the public portal.
    pub public_limiters: Arc<PublicLimiters>,
}

impl AppState {
    pub fn new(db: Db, config: WebConfig) -> Result<AppState, crate::i18n::LoadError> {
        usecase::tabular::configure(config.import_limits);
        let disclosure_log = Arc::new(crate::disclosure::log::LogState::new(
            config.disclosure_signer.clone(),
        ));
        Ok(AppState(Arc::new(Shared {
            db,
            i18n: Arc::new(I18n::load()?),
            public_limiters: Arc::new(PublicLimiters::new(config.public_limits)),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            profile_cache: Arc::default(),
            portal_cache: Arc::default(),
            disclosure_log,
        })))
    }
}
