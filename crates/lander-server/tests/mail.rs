//! Mail delivery against a real SMTP server (aiosmtpd, started by the test): the identity
//! mails arrive with the right sender, recipient, subject and link; without SMTP the mailer
//! writes to the log and reports success.
#![allow(clippy::unwrap_used)]

mod common;

use common::smtp::SmtpSink;
use lander_server::mail::{self, MailConfig, Mailer};
use secrecy::SecretString;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn mailer_for(sink: &SmtpSink) -> Mailer {
    let mailer = Mailer::from_config(&MailConfig {
        smtp_url: Some(SecretString::from(sink.url())),
        from: "Lander <noreply@lander.test>".to_owned(),
    })
    .unwrap();
    assert!(mailer.is_configured());
    mailer
}

#[tokio::test]
async fn password_reset_arrives_over_smtp() {
    let sink = SmtpSink::start().await;
    let mailer = mailer_for(&sink);
    let link = "https://lander.test/reset-password?token=Zx81-kq_Pw";

    mailer
        .send(&mail::password_reset("maya@example.com", link, 30))
        .await
        .unwrap();

    let got = sink.wait_for("maya@example.com", WAIT).await;
    assert_eq!(got.to, "maya@example.com");
    assert_eq!(got.from, "noreply@lander.test");
    assert_eq!(got.subject, "Reset your Lander password");
    assert!(got.body.contains(&format!("\n{link}\n")), "{}", got.body);
    assert!(got.body.contains("30 minutes"), "{}", got.body);
    assert!(
        got.raw.contains("From: Lander <noreply@lander.test>"),
        "{}",
        got.raw
    );
    assert!(got.raw.contains("text/plain; charset=utf-8"), "{}", got.raw);
}

#[tokio::test]
async fn non_ascii_and_long_links_survive_encoding() {
    let sink = SmtpSink::start().await;
    let mailer = mailer_for(&sink);
    // Longer than a mail line (78): quoted-printable wraps it, the reader must get it whole.
    let link = format!(
        "https://lander.test/invitations/accept?token={}",
        "a1B2".repeat(30)
    );

    mailer
        .send(&mail::invitation(
            "sam@example.com",
            "maya@example.com",
            "Café Ünïcode",
            "editor",
            &link,
            7,
        ))
        .await
        .unwrap();
    mailer
        .send(&mail::password_changed("sam@example.com"))
        .await
        .unwrap();

    let invite = sink.wait_for("sam@example.com", WAIT).await;
    assert_eq!(
        invite.subject,
        "maya@example.com invited you to \"Café Ünïcode\" on Lander"
    );
    assert!(invite.body.contains(&link), "{}", invite.body);
    assert!(invite.body.contains("7 days"), "{}", invite.body);
    let notice = sink.wait_for("sam@example.com", WAIT).await;
    assert_eq!(notice.subject, "Your Lander password was changed");
}

#[tokio::test]
async fn without_smtp_the_mail_goes_to_the_log() {
    let mailer = Mailer::from_config(&MailConfig::default()).unwrap();
    assert!(!mailer.is_configured());
    mailer
        .send(&mail::verify_email(
            "maya@example.com",
            "https://lander.test/verify?token=1",
        ))
        .await
        .unwrap();
}
