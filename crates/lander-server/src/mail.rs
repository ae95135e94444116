//! Outgoing mail for the identity flows (password reset, e-mail verification, invitations):
//! the `[mail]` settings, a [`Mailer`] that sends over SMTP or — when no SMTP server is
//! configured — writes each mail to the log, and the plain-text messages themselves.

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// Longest time one delivery may take (connecting, TLS, the whole SMTP dialogue) before it
/// fails with [`MailError::Timeout`]; a dead mail server must not hang a request.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// The `[mail]` settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// lettre's connection URL: `smtp://host:25` (plain), `smtp://host:587?tls=required`
    /// (STARTTLS), `smtps://user:pass@host` (TLS from the first byte, port 465 by default).
    /// Credentials are percent-encoded. Absent (or empty): mails are written to the log.
    /// Never serialised, so it cannot leak through a printed configuration.
    #[serde(default, skip_serializing)]
    pub smtp_url: Option<SecretString>,
    /// The sender, `Name <address@example.com>` or a bare address.
    #[serde(default = "default_from")]
    pub from: String,
}

fn default_from() -> String {
    "Lander <lander@localhost>".to_owned()
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp_url: None,
            from: default_from(),
        }
    }
}

/// One plain-text mail to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Recipient address.
    pub to: String,
    /// Subject line (one line: a line break is refused by [`Mailer::send`]).
    pub subject: String,
    /// Body, plain text.
    pub text: String,
}

/// Why mail could not be set up or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// `mail.smtp_url` cannot be used (the URL itself is not shown: it may hold a password).
    #[error(
        "mail.smtp_url is not a usable SMTP URL (expected smtp://host:port, \
         smtp://host:587?tls=required or smtps://user:password@host): {0}"
    )]
    BadSmtpUrl(#[source] lettre::transport::smtp::Error),
    /// `mail.from` is not a mailbox.
    #[error(
        "mail.from {value:?} is not a sender address (expected \"Name <address@example.com>\" \
         or \"address@example.com\"): {source}"
    )]
    BadFrom {
        /// The configured value.
        value: String,
        /// What the parser said.
        source: lettre::address::AddressError,
    },
    /// The recipient is not a single e-mail address.
    #[error("cannot send mail to {0:?}: not an e-mail address")]
    BadRecipient(String),
    /// A header value holds a line break or another control character (header injection).
    #[error("the mail's {0} contains a line break or control character")]
    HeaderInjection(&'static str),
    /// The message could not be assembled.
    #[error("cannot build the mail: {0}")]
    Build(#[from] lettre::error::Error),
    /// The SMTP server refused the mail or could not be reached.
    #[error("SMTP delivery failed: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    /// Delivery took longer than allowed.
    #[error("SMTP delivery timed out after {0:?}")]
    Timeout(Duration),
}

/// Sends [`OutgoingMail`]s: over SMTP when `mail.smtp_url` is set, otherwise to the log.
///
/// Cheap to clone; no connection is kept open between mails (identity mail is rare).
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
    timeout: Duration,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Log,
}

impl fmt::Debug for Mailer {
    // By hand: the transport holds the SMTP credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = match self.transport {
            Transport::Smtp(_) => "smtp",
            Transport::Log => "log",
        };
        f.debug_struct("Mailer")
            .field("mode", &mode)
            .field("from", &self.from.to_string())
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Mailer {
    /// Checks the settings and prepares the transport (no connection is made yet).
    pub fn from_config(config: &MailConfig) -> Result<Mailer, MailError> {
        let from: Mailbox = config
            .from
            .trim()
            .parse()
            .map_err(|source| MailError::BadFrom {
                value: config.from.clone(),
                source,
            })?;
        let url = config
            .smtp_url
            .as_ref()
            .map(|url| url.expose_secret().trim())
            .filter(|url| !url.is_empty());
        let transport = match url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(MailError::BadSmtpUrl)?
                    .timeout(Some(SEND_TIMEOUT))
                    .build(),
            ),
            None => Transport::Log,
        };
        Ok(Mailer {
            from,
            transport,
            timeout: SEND_TIMEOUT,
        })
    }

    /// The same mailer with another overall delivery timeout (tests use a short one).
    pub fn with_timeout(mut self, timeout: Duration) -> Mailer {
        self.timeout = timeout;
        self
    }

    /// Whether mail really leaves the machine (an SMTP server is configured).
    pub fn is_configured(&self) -> bool {
        matches!(self.transport, Transport::Smtp(_))
    }

    /// Sends `mail` as a UTF-8 `text/plain` message, or writes it to the log (target
    /// `lander::mail`, level warn) when SMTP is not configured. Recipients and subjects with
    /// line breaks are refused in both modes.
    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let to = parse_recipient(&mail.to)?;
        if has_control_chars(&mail.subject) {
            return Err(MailError::HeaderInjection("subject"));
        }
        match &self.transport {
            Transport::Log => {
                tracing::warn!(
                    target: "lander::mail",
                    to = %to,
                    subject = %mail.subject,
                    text = %mail.text,
                    "SMTP is not configured (mail.smtp_url), so this mail was written to the log \
                     instead of being sent"
                );
                Ok(())
            }
            Transport::Smtp(smtp) => {
                let message = Message::builder()
                    .from(self.from.clone())
                    .to(to)
                    .subject(mail.subject.as_str())
                    .message_id(Some(format!(
                        "<{}@{}>",
                        uuid::Uuid::new_v4(),
                        self.from.email.domain()
                    )))
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.text.clone())?;
                match tokio::time::timeout(self.timeout, smtp.send(message)).await {
                    Ok(result) => result.map(|_| ()).map_err(MailError::from),
                    Err(_) => Err(MailError::Timeout(self.timeout)),
                }
            }
        }
    }
}

fn has_control_chars(value: &str) -> bool {
    value.chars().any(char::is_control)
}

fn parse_recipient(to: &str) -> Result<Mailbox, MailError> {
    if has_control_chars(to) {
        return Err(MailError::HeaderInjection("recipient"));
    }
    let address: lettre::Address = to
        .trim()
        .parse()
        .map_err(|_| MailError::BadRecipient(to.to_owned()))?;
    Ok(Mailbox::new(None, address))
}

/// Makes user-supplied text (a workspace name, an address) safe for a one-line subject:
/// control characters become spaces, runs of whitespace collapse.
fn one_line(value: &str) -> String {
    value
        .split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "30 minutes", "1 hour", "2 hours", "90 minutes".
fn minutes_text(minutes: u32) -> String {
    if minutes >= 60 && minutes.is_multiple_of(60) {
        plural(minutes / 60, "hour", "hours")
    } else {
        plural(minutes, "minute", "minutes")
    }
}

const SIGNATURE: &str = "-- \nLander\n";

/// "Reset your password": `link` lets the owner of `to` choose a new password.
pub fn password_reset(to: &str, link: &str, valid_minutes: u32) -> OutgoingMail {
    let to = one_line(to);
    let text = format!(
        "Hello,\n\
         \n\
         someone asked to reset the password of the Lander account {to}.\n\
         To choose a new password, open this link:\n\
         \n\
         {link}\n\
         \n\
         The link is valid for {valid}.\n\
         \n\
         If this wasn't you, ignore this mail: your password stays as it is.\n\
         \n\
         {SIGNATURE}",
        valid = minutes_text(valid_minutes),
    );
    OutgoingMail {
        to,
        subject: "Reset your Lander password".to_owned(),
        text,
    }
}

/// "Confirm your e-mail address": `link` proves that the owner of `to` reads this mailbox.
pub fn verify_email(to: &str, link: &str) -> OutgoingMail {
    let to = one_line(to);
    let text = format!(
        "Hello,\n\
         \n\
         please confirm that {to} is your e-mail address for Lander by opening this link:\n\
         \n\
         {link}\n\
         \n\
         If the link has expired, sign in to Lander and ask for a new one.\n\
         \n\
         If this wasn't you, ignore this mail: nothing changes without the link.\n\
         \n\
         {SIGNATURE}"
    );
    OutgoingMail {
        to,
        subject: "Confirm your e-mail address for Lander".to_owned(),
        text,
    }
}

/// "You are invited": `inviter_email` invites `to` into `workspace_name` with `role`.
pub fn invitation(
    to: &str,
    inviter_email: &str,
    workspace_name: &str,
    role: &str,
    link: &str,
    valid_days: u32,
) -> OutgoingMail {
    let to = one_line(to);
    let inviter = one_line(inviter_email);
    let workspace = one_line(workspace_name);
    let role = one_line(role);
    let text = format!(
        "Hello,\n\
         \n\
         {inviter} invited you to the workspace \"{workspace}\" on Lander, with the role \
         \"{role}\".\n\
         To accept, open this link:\n\
         \n\
         {link}\n\
         \n\
         The invitation is valid for {valid}.\n\
         \n\
         If you don't know {inviter} or don't want to join, ignore this mail.\n\
         \n\
         {SIGNATURE}",
        valid = plural(valid_days, "day", "days"),
    );
    OutgoingMail {
        to,
        subject: format!("{inviter} invited you to \"{workspace}\" on Lander"),
        text,
    }
}

/// "Your password was changed": a notice, without a link.
///
/// Unlike the other mails this one does not say "ignore this mail if it wasn't you": a
/// password change nobody asked for means the account is at risk, so it says what to do.
pub fn password_changed(to: &str) -> OutgoingMail {
    let to = one_line(to);
    let text = format!(
        "Hello,\n\
         \n\
         the password of the Lander account {to} was just changed.\n\
         \n\
         If this was you, there is nothing more to do.\n\
         \n\
         If this wasn't you, reset your password right away with \"Forgot password\" on the \
         sign-in page, and tell your workspace administrator.\n\
         \n\
         {SIGNATURE}"
    );
    OutgoingMail {
        to,
        subject: "Your Lander password was changed".to_owned(),
        text,
    }
}

/// "Someone tried to sign up with your address": sent instead of a confirmation link when the
/// address already has an account, so that sign-up never reveals which addresses do.
pub fn account_exists(to: &str, reset_link: &str) -> OutgoingMail {
    let to = one_line(to);
    let text = format!(
        "Hello,\n\
         \n\
         someone (probably you) tried to create a Lander account for {to}, but this address \
         already has one.\n\
         \n\
         To sign in, use your password. If you have forgotten it, choose a new one here:\n\
         \n\
         {reset_link}\n\
         \n\
         If this wasn't you, ignore this mail: nothing has changed.\n\
         \n\
         {SIGNATURE}"
    );
    OutgoingMail {
        to,
        subject: "You already have a Lander account".to_owned(),
        text,
    }
}

/// Mail waiting to be sent, so that requests answer without waiting on the SMTP server (whose
/// round trip would otherwise tell an address with an account from one without).
pub struct Outbox {
    tx: tokio::sync::mpsc::Sender<OutgoingMail>,
}

/// How many mails may wait; beyond this, new ones are dropped with an error in the log.
pub const OUTBOX_CAPACITY: usize = 1000;

impl Outbox {
    /// An outbox and the task that sends what it receives through `mailer`, one at a time. The
    /// task ends, after sending what is queued, once every [`Outbox`] clone is dropped.
    pub fn start(mailer: Mailer) -> (Outbox, tokio::task::JoinHandle<()>) {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<OutgoingMail>(OUTBOX_CAPACITY);
        let worker = tokio::spawn(async move {
            while let Some(mail) = rx.recv().await {
                if let Err(e) = mailer.send(&mail).await {
                    tracing::error!(target: "lander::mail", error = %e, subject = %mail.subject, "could not send a mail");
                }
            }
        });
        (Outbox { tx }, worker)
    }

    /// Queues a mail; never waits.
    pub fn enqueue(&self, mail: OutgoingMail) {
        if let Err(e) = self.tx.try_send(mail) {
            tracing::error!(target: "lander::mail", error = %e, "the mail queue is full or closed; a mail was dropped");
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const LINK: &str = "https://lander.example.com/reset?token=abc123";

    fn smtp_config(url: &str) -> MailConfig {
        MailConfig {
            smtp_url: Some(SecretString::from(url.to_owned())),
            ..MailConfig::default()
        }
    }

    #[test]
    fn password_reset_has_link_validity_and_ignore_hint() {
        let mail = password_reset("maya@example.com", LINK, 30);
        assert_eq!(mail.to, "maya@example.com");
        assert_eq!(mail.subject, "Reset your Lander password");
        assert!(mail.text.contains(&format!("\n{LINK}\n")), "{}", mail.text);
        assert!(mail.text.contains("valid for 30 minutes"));
        assert!(mail.text.contains("If this wasn't you, ignore this mail"));
        assert!(
            password_reset("a@b.c", LINK, 1)
                .text
                .contains("valid for 1 minute.")
        );
        assert!(
            password_reset("a@b.c", LINK, 120)
                .text
                .contains("valid for 2 hours.")
        );
    }

    #[test]
    fn verify_email_has_link() {
        let mail = verify_email("maya@example.com", "https://x.test/verify?t=1");
        assert!(mail.subject.contains("Confirm"));
        assert!(mail.text.contains("\nhttps://x.test/verify?t=1\n"));
        assert!(mail.text.contains("maya@example.com"));
        assert!(mail.text.contains("If this wasn't you, ignore this mail"));
    }

    #[test]
    fn invitation_names_inviter_workspace_role_and_validity() {
        let mail = invitation(
            "sam@example.com",
            "maya@example.com",
            "Acme Marketing",
            "editor",
            "https://x.test/invite?t=2",
            7,
        );
        assert_eq!(mail.to, "sam@example.com");
        assert_eq!(
            mail.subject,
            "maya@example.com invited you to \"Acme Marketing\" on Lander"
        );
        assert!(mail.text.contains("\nhttps://x.test/invite?t=2\n"));
        assert!(mail.text.contains("\"editor\""));
        assert!(mail.text.contains("valid for 7 days"));
        assert!(mail.text.contains("ignore this mail"));
    }

    #[test]
    fn password_changed_is_a_notice_without_link() {
        let mail = password_changed("maya@example.com");
        assert!(mail.subject.contains("password was changed"));
        assert!(!mail.text.contains("http"));
        assert!(mail.text.contains("If this wasn't you"));
    }

    #[test]
    fn builders_keep_user_text_on_one_line_in_the_subject() {
        let mail = invitation(
            "sam@example.com",
            "maya@example.com",
            "Evil\r\nBcc: victim@example.com",
            "editor",
            LINK,
            7,
        );
        assert!(!has_control_chars(&mail.subject), "{:?}", mail.subject);
        assert!(mail.subject.contains("Evil Bcc: victim@example.com"));
    }

    #[tokio::test]
    async fn send_refuses_line_breaks_in_subject_and_recipient() {
        // The SMTP mode must refuse before connecting: the port below has no server.
        for mailer in [
            Mailer::from_config(&MailConfig::default()).unwrap(),
            Mailer::from_config(&smtp_config("smtp://127.0.0.1:9")).unwrap(),
        ] {
            let mut mail = password_reset("maya@example.com", LINK, 30);
            mail.subject = "Hi\r\nBcc: victim@example.com".to_owned();
            assert!(matches!(
                mailer.send(&mail).await,
                Err(MailError::HeaderInjection("subject"))
            ));
            let mut mail = password_reset("maya@example.com", LINK, 30);
            mail.to = "maya@example.com\r\nBcc: victim@example.com".to_owned();
            assert!(matches!(
                mailer.send(&mail).await,
                Err(MailError::HeaderInjection("recipient"))
            ));
            mail.to = "maya@example.com, victim@example.com".to_owned();
            assert!(matches!(
                mailer.send(&mail).await,
                Err(MailError::BadRecipient(_))
            ));
        }
    }

    /// Collects everything a tracing subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn log_mode_writes_the_whole_mail_as_a_warning() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);

        let mailer = Mailer::from_config(&MailConfig::default()).unwrap();
        assert!(!mailer.is_configured());
        mailer
            .send(&password_reset("maya@example.com", LINK, 30))
            .await
            .unwrap();

        let logged = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        for expected in [
            "WARN",
            "lander::mail",
            "SMTP is not configured",
            "maya@example.com",
            "Reset your Lander password",
            LINK,
        ] {
            assert!(
                logged.contains(expected),
                "{expected:?} missing in {logged}"
            );
        }
    }

    #[tokio::test]
    async fn smtp_send_times_out_instead_of_hanging() {
        // A listener that never answers: the kernel completes the handshake, no greeting comes.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mailer = Mailer::from_config(&smtp_config(&format!("smtp://127.0.0.1:{port}")))
            .unwrap()
            .with_timeout(Duration::from_millis(300));
        let started = std::time::Instant::now();
        let result = mailer
            .send(&password_reset("maya@example.com", LINK, 30))
            .await;
        assert!(matches!(result, Err(MailError::Timeout(_))), "{result:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        drop(listener);
    }

    #[test]
    fn from_config_accepts_the_documented_urls() {
        for url in [
            "smtp://localhost:25",
            "smtp://mail.example.com:587?tls=required",
            "smtps://user:p%40ss@mail.example.com",
        ] {
            let mailer = Mailer::from_config(&smtp_config(url)).unwrap();
            assert!(mailer.is_configured(), "{url}");
        }
        let empty = Mailer::from_config(&smtp_config("  ")).unwrap();
        assert!(!empty.is_configured());
    }

    #[test]
    fn from_config_errors_name_the_key_and_hide_the_password() {
        for url in ["not a url", "http://mail.example.com", "smtp://u:secret@/"] {
            let err = Mailer::from_config(&smtp_config(url)).unwrap_err();
            assert!(matches!(err, MailError::BadSmtpUrl(_)), "{url}: {err}");
            let text = err.to_string();
            assert!(text.contains("mail.smtp_url"), "{text}");
            assert!(!text.contains("secret"), "{text}");
        }
        let err = Mailer::from_config(&MailConfig {
            from: "Lander <not an address>".to_owned(),
            ..MailConfig::default()
        })
        .unwrap_err();
        assert!(matches!(err, MailError::BadFrom { .. }));
        assert!(err.to_string().contains("mail.from"), "{err}");
    }

    #[test]
    fn config_defaults_and_rejects_unknown_keys() {
        let config: MailConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config.from, "Lander <lander@localhost>");
        assert!(config.smtp_url.is_none());
        Mailer::from_config(&config).unwrap();
        assert!(serde_json::from_str::<MailConfig>(r#"{"smtp": "x"}"#).is_err());
        let with_secret = smtp_config("smtps://user:hunter2@mail.example.com");
        let shown = format!(
            "{with_secret:?} {} {:?}",
            serde_json::to_string(&with_secret).unwrap(),
            Mailer::from_config(&with_secret).unwrap()
        );
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
