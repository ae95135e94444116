//! One typed configuration, merged from defaults, then `lander.toml`, then `LANDER_*`
//! environment variables (`LANDER_LOG__LEVEL` for nested keys), then command-line flags, and
//! validated before anything starts. A secret may also come from a file named by
//! `LANDER_<KEY>_FILE`.

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Lander's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address to listen on (`127.0.0.1:8080`; port 0 picks a free port).
    pub listen: SocketAddr,
    /// Folder for the SQLite database and other local files.
    pub data_dir: PathBuf,
    /// `postgres://...` or `sqlite://...`; the SQLite file in `data_dir` when absent.
    #[serde(default)]
    pub database_url: Option<SecretString>,
    /// Logging.
    pub log: LogConfig,
    /// Longest time a request may take before it is answered 503.
    pub request_timeout_secs: u64,
    /// Longest time in-flight requests get to finish on shutdown.
    pub shutdown_grace_secs: u64,
    /// The address people reach Lander at (`https://lander.example.com`): used in e-mailed
    /// links, to check the `Origin` of browser requests, and (when `https`) to mark session
    /// cookies `Secure` with the `__Host-` prefix. `http://<listen address>` when absent.
    #[serde(default)]
    pub public_url: Option<String>,
    /// Sign-in and sessions.
    #[serde(default)]
    pub auth: AuthConfig,
    /// Outgoing mail: `smtp_url` (`smtp://host:587?tls=required`, `smtps://user:pass@host`) and
    /// `from`. Without `smtp_url`, mails are written to the log.
    #[serde(default)]
    pub mail: crate::mail::MailConfig,
    /// Uploaded images.
    #[serde(default)]
    pub assets: AssetsConfig,
}

/// Uploaded images.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AssetsConfig {
    /// Largest image accepted for upload, in megabytes (MiB).
    pub max_upload_mb: u64,
}

impl Default for AssetsConfig {
    fn default() -> Self {
        AssetsConfig { max_upload_mb: 10 }
    }
}

impl AssetsConfig {
    /// The upload limit in bytes.
    pub fn max_upload_bytes(&self) -> usize {
        usize::try_from(self.max_upload_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }
}

/// Sign-in and session settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// Whether anyone who reaches Lander may create an account (invited people always can).
    pub signup: bool,
    /// A session ends after this many minutes without a request.
    pub session_idle_minutes: u64,
    /// A session ends this many hours after sign-in, however active.
    pub session_lifetime_hours: u64,
    /// OpenID Connect providers people may sign in with (`[[auth.oidc]]` tables in
    /// `lander.toml`).
    pub oidc: Vec<crate::oidc::OidcProviderConfig>,
    /// Where people with a verified e-mail address at a domain land on their first sign-in
    /// (`[[auth.domain_rules]]`: `domain`, `workspace_id`, `role`).
    pub domain_rules: Vec<crate::oidc::DomainRule>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            signup: true,
            session_idle_minutes: 24 * 60,
            session_lifetime_hours: 14 * 24,
            oidc: Vec::new(),
            domain_rules: Vec::new(),
        }
    }
}

/// Logging settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// `auto` (JSON when stderr is not a terminal), `json` or `pretty`.
    pub format: LogFormat,
    /// A `tracing` filter such as `info` or `lander=debug,info`; `RUST_LOG` wins when set.
    pub level: String,
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// JSON when stderr is not a terminal, pretty otherwise.
    Auto,
    /// One JSON object per line.
    Json,
    /// Human-readable.
    Pretty,
}

#[derive(Serialize)]
struct Defaults {
    listen: &'static str,
    data_dir: &'static str,
    log: LogConfig,
    request_timeout_secs: u64,
    shutdown_grace_secs: u64,
}

/// Keys that may be set, in their dotted form (`log.level`); used to spot typos in `LANDER_*`.
const KNOWN_KEYS: &[&str] = &[
    "listen",
    "data_dir",
    "database_url",
    "log.format",
    "log.level",
    "request_timeout_secs",
    "shutdown_grace_secs",
    "public_url",
    "auth.signup",
    "auth.session_idle_minutes",
    "auth.session_lifetime_hours",
    "mail.smtp_url",
    "mail.from",
    "assets.max_upload_mb",
];
/// Secrets that may be read from a file named by `LANDER_<KEY>_FILE`.
const SECRET_KEYS: &[&str] = &["database_url", "mail.smtp_url"];
/// `LANDER_*` variables that are not configuration keys but are used elsewhere.
const OTHER_VARS: &[&str] = &["LANDER_CONFIG", "LANDER_TEST_POSTGRES_URL"];

/// Values given on the command line, which win over everything else.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Overrides {
    /// `--listen`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    /// `--data-dir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// `--database-url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

/// A loaded configuration and the warnings met while loading it.
#[derive(Debug)]
pub struct Loaded {
    /// The configuration.
    pub config: Config,
    /// Things worth telling the operator (unknown variables...), logged once logging is up.
    pub warnings: Vec<String>,
}

impl Config {
    /// Loads the configuration from `file` (or `./lander.toml` when it exists), the process
    /// environment and `overrides`.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Loaded> {
        let vars: Vec<(String, String)> = std::env::vars().collect();
        Self::load_from(file, overrides, &vars)
    }

    /// Like [`Config::load`] with an explicit environment (for tests).
    pub fn load_from(
        file: Option<&Path>,
        overrides: &Overrides,
        vars: &[(String, String)],
    ) -> anyhow::Result<Loaded> {
        let mut warnings = Vec::new();
        let defaults = Defaults {
            listen: "127.0.0.1:8080",
            data_dir: "./lander-data",
            log: LogConfig {
                format: LogFormat::Auto,
                level: "info".into(),
            },
            request_timeout_secs: 30,
            shutdown_grace_secs: 20,
        };
        let mut fig = Figment::from(Serialized::defaults(defaults));
        match file {
            Some(path) => {
                if !path.is_file() {
                    anyhow::bail!("config file {} does not exist", path.display());
                }
                fig = fig.merge(Toml::file_exact(path));
            }
            None => {
                let default = Path::new("lander.toml");
                if default.is_file() {
                    fig = fig.merge(Toml::file_exact(default));
                }
            }
        }

        // Environment: LANDER_KEY, LANDER_SECTION__KEY, and LANDER_<SECRET>_FILE.
        let mut env_pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in vars {
            let Some(rest) = name.strip_prefix("LANDER_") else {
                continue;
            };
            if OTHER_VARS.contains(&name.as_str()) {
                continue;
            }
            let key = rest.to_ascii_lowercase().replace("__", ".");
            if let Some(secret) = key.strip_suffix("_file")
                && SECRET_KEYS.contains(&secret)
            {
                let contents = std::fs::read_to_string(value).map_err(|e| {
                    anyhow::anyhow!("{name}: cannot read the secret file {value}: {e}")
                })?;
                env_pairs.push((secret.to_string(), contents.trim_end().to_string()));
                continue;
            }
            if KNOWN_KEYS.contains(&key.as_str()) {
                env_pairs.push((key, value.clone()));
            } else {
                warnings.push(format!(
                    "ignoring unknown environment variable {name}; known: {}",
                    KNOWN_KEYS
                        .iter()
                        .map(|k| format!("LANDER_{}", k.to_ascii_uppercase().replace('.', "__")))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        for (key, value) in env_pairs {
            fig = fig.merge(Serialized::default(&key, coerce(&value)));
        }
        fig = fig.merge(Serialized::defaults(overrides));

        let config: Config = fig.extract().map_err(|e| {
            let e = e
                .into_iter()
                .next()
                .map(|e| e.to_string())
                .unwrap_or_default();
            anyhow::anyhow!("invalid configuration: {e}")
        })?;
        config.validate()?;
        Ok(Loaded { config, warnings })
    }

    fn validate(&self) -> anyhow::Result<()> {
        if self.request_timeout_secs == 0 || self.request_timeout_secs > 3600 {
            anyhow::bail!("invalid configuration: request_timeout_secs must be 1 to 3600");
        }
        if self.shutdown_grace_secs > 3600 {
            anyhow::bail!("invalid configuration: shutdown_grace_secs must be at most 3600");
        }
        if let Some(url) = &self.database_url {
            let url = url.expose_secret();
            if !(url.starts_with("postgres://")
                || url.starts_with("postgresql://")
                || url.starts_with("sqlite:"))
            {
                anyhow::bail!(
                    "invalid configuration: database_url must start with postgres:// or sqlite: \
                     (got '{}')",
                    lander_store::redact_url(url)
                );
            }
        }
        if let Some(url) = &self.public_url {
            let parsed = url::Url::parse(url).ok().filter(|u| {
                matches!(u.scheme(), "http" | "https") && u.host().is_some() && u.path() == "/"
            });
            if parsed.is_none() {
                anyhow::bail!(
                    "invalid configuration: public_url must be an http(s) origin such as \
                     https://lander.example.com (got '{url}')"
                );
            }
        }
        let a = &self.auth;
        if a.session_idle_minutes == 0 || a.session_idle_minutes > 60 * 24 * 90 {
            anyhow::bail!("invalid configuration: auth.session_idle_minutes must be 1 to 129600");
        }
        if a.session_lifetime_hours == 0 || a.session_lifetime_hours > 24 * 365 {
            anyhow::bail!("invalid configuration: auth.session_lifetime_hours must be 1 to 8760");
        }
        for (i, rule) in a.domain_rules.iter().enumerate() {
            if let Err(e) = rule.role.parse::<lander_store::Role>() {
                anyhow::bail!("invalid configuration: auth.domain_rules[{i}].role: {e}");
            }
            if rule.domain.is_empty() || rule.domain.contains('@') || rule.domain.contains(' ') {
                anyhow::bail!(
                    "invalid configuration: auth.domain_rules[{i}].domain must be a domain such \
                     as acme.com"
                );
            }
        }
        if self.assets.max_upload_mb == 0 || self.assets.max_upload_mb > 1024 {
            anyhow::bail!("invalid configuration: assets.max_upload_mb must be 1 to 1024");
        }
        if self.data_dir.as_os_str().is_empty() {
            anyhow::bail!("invalid configuration: data_dir cannot be empty");
        }
        Ok(())
    }

    /// The database URL: the configured one, or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose_secret().to_string(),
            None => format!("sqlite://{}", self.data_dir.join("lander.db").display()),
        }
    }

    /// True when the database is the embedded SQLite file.
    pub fn uses_embedded_database(&self) -> bool {
        self.database_url.is_none()
    }
}

/// Environment values are strings; numbers given as env vars must still parse as numbers.
fn coerce(value: &str) -> figment::value::Value {
    if let Ok(n) = value.parse::<u64>() {
        return n.into();
    }
    if let Ok(b) = value.parse::<bool>() {
        return b.into();
    }
    value.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults() {
        let l = Config::load_from(None, &Overrides::default(), &[]).unwrap();
        assert_eq!(l.config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(l.config.data_dir, PathBuf::from("./lander-data"));
        assert_eq!(l.config.database_url(), "sqlite://./lander-data/lander.db");
        assert!(l.warnings.is_empty());
    }

    #[test]
    fn precedence_file_env_flags() {
        let dir = std::env::temp_dir().join(format!("lander-cfg-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("lander.toml");
        std::fs::write(
            &file,
            "listen = \"0.0.0.0:9000\"\ndata_dir = \"/srv/lander\"\n[log]\nlevel = \"debug\"\n",
        )
        .unwrap();
        let l = Config::load_from(Some(&file), &Overrides::default(), &[]).unwrap();
        assert_eq!(l.config.listen.port(), 9000);
        assert_eq!(l.config.log.level, "debug");

        let vars = env(&[
            ("LANDER_LISTEN", "127.0.0.1:9100"),
            ("LANDER_LOG__LEVEL", "warn"),
        ]);
        let l = Config::load_from(Some(&file), &Overrides::default(), &vars).unwrap();
        assert_eq!(l.config.listen.port(), 9100);
        assert_eq!(l.config.log.level, "warn");
        assert_eq!(l.config.data_dir, PathBuf::from("/srv/lander"));

        let flags = Overrides {
            listen: Some("127.0.0.1:0".into()),
            ..Default::default()
        };
        let l = Config::load_from(Some(&file), &flags, &vars).unwrap();
        assert_eq!(l.config.listen.port(), 0);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn secrets_from_files_and_unknown_vars() {
        let path = std::env::temp_dir().join(format!("lander-secret-{}", uuid::Uuid::new_v4()));
        std::fs::write(&path, "postgres://u:pw@db/lander\n").unwrap();
        let vars = env(&[
            ("LANDER_DATABASE_URL_FILE", path.to_str().unwrap()),
            ("LANDER_LISTNE", "oops"),
        ]);
        let l = Config::load_from(None, &Overrides::default(), &vars).unwrap();
        assert_eq!(l.config.database_url(), "postgres://u:pw@db/lander");
        assert!(
            !format!("{:?}", l.config).contains("pw@"),
            "secrets are not printed"
        );
        assert_eq!(l.warnings.len(), 1);
        assert!(l.warnings[0].contains("LANDER_LISTNE"));
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn identity_settings() {
        let l = Config::load_from(None, &Overrides::default(), &[]).unwrap();
        assert!(l.config.auth.signup);
        assert_eq!(l.config.auth.session_idle_minutes, 1440);
        assert!(l.config.public_url.is_none());
        assert!(l.config.mail.smtp_url.is_none());
        let vars = env(&[
            ("LANDER_AUTH__SIGNUP", "false"),
            ("LANDER_AUTH__SESSION_IDLE_MINUTES", "30"),
            ("LANDER_PUBLIC_URL", "https://lander.example.com"),
            (
                "LANDER_MAIL__SMTP_URL",
                "smtp://mail.example.com:587?tls=required",
            ),
        ]);
        let l = Config::load_from(None, &Overrides::default(), &vars).unwrap();
        assert!(!l.config.auth.signup);
        assert_eq!(l.config.auth.session_idle_minutes, 30);
        assert_eq!(
            l.config.public_url.as_deref(),
            Some("https://lander.example.com")
        );
        assert!(l.config.mail.smtp_url.is_some());
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);

        let dir = std::env::temp_dir().join(format!("lander-cfg-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("lander.toml");
        std::fs::write(
            &file,
            "[[auth.oidc]]\nname = \"acme\"\nissuer = \"https://login.acme.test\"\n\
             client_id = \"lander\"\n\n[[auth.domain_rules]]\ndomain = \"acme.test\"\n\
             workspace_id = \"00000000-0000-7000-8000-000000000001\"\nrole = \"chief\"\n",
        )
        .unwrap();
        let err = Config::load_from(Some(&file), &Overrides::default(), &[]).unwrap_err();
        assert!(
            err.to_string().contains("auth.domain_rules[0].role"),
            "{err}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn invalid_values_are_one_clear_line() {
        for (vars, needle) in [
            (env(&[("LANDER_LISTEN", "not-an-address")]), "listen"),
            (
                env(&[("LANDER_REQUEST_TIMEOUT_SECS", "0")]),
                "request_timeout_secs",
            ),
            (env(&[("LANDER_DATABASE_URL", "mysql://x")]), "database_url"),
            (env(&[("LANDER_LOG__FORMAT", "xml")]), "format"),
            (
                env(&[("LANDER_PUBLIC_URL", "lander.example.com")]),
                "public_url",
            ),
            (
                env(&[("LANDER_PUBLIC_URL", "https://lander.example.com/app")]),
                "public_url",
            ),
            (
                env(&[("LANDER_AUTH__SESSION_IDLE_MINUTES", "0")]),
                "session_idle_minutes",
            ),
            (env(&[("LANDER_AUTH__SIGNUP", "maybe")]), "signup"),
        ] {
            let err = Config::load_from(None, &Overrides::default(), &vars).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains(needle), "{msg}");
            assert!(!msg.contains('\n'), "one line: {msg}");
        }
        let missing = Config::load_from(
            Some(Path::new("/nonexistent/lander.toml")),
            &Overrides::default(),
            &[],
        );
        assert!(missing.unwrap_err().to_string().contains("does not exist"));
    }
}
