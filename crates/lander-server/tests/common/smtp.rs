//! A real SMTP server for tests: `tests/support/smtp_sink.py` (Python's aiosmtpd) on a free
//! loopback port, started by the test and killed when the [`SmtpSink`] is dropped. Every mail
//! it receives is read back with [`SmtpSink::wait_for`].

use serde::Deserialize;
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long the sink may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(120);

const INSTALL_HINT: &str = "the mail tests need Python 3 with aiosmtpd: run `pip install aiosmtpd` \
     (scripts/test.sh installs it)";

/// A running SMTP sink.
pub struct SmtpSink {
    /// The loopback port it listens on.
    pub port: u16,
    /// Kept so the sink dies with the test (`kill_on_drop`, and its stdin closes).
    child: Mutex<Child>,
    /// One JSON line per received mail.
    output: PathBuf,
    /// The sink's stderr, shown when something goes wrong.
    stderr: PathBuf,
    /// Lines already handed out by `wait_for`.
    taken: Mutex<HashSet<usize>>,
}

/// A mail as the sink received it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// The envelope recipient that matched.
    pub to: String,
    /// The envelope sender.
    pub from: String,
    /// The decoded subject.
    pub subject: String,
    /// The decoded text body (line ends normalised to `\n`).
    pub body: String,
    /// The whole message as sent, headers included.
    pub raw: String,
}

#[derive(Deserialize)]
struct Line {
    mail_from: String,
    rcpt_tos: Vec<String>,
    data: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    text: String,
}

impl SmtpSink {
    /// Starts the sink and waits until it listens. Panics (never skips) when Python 3 or
    /// aiosmtpd is missing.
    pub async fn start() -> SmtpSink {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let base = std::env::temp_dir().join(format!("lander-smtp-sink-{}", uuid::Uuid::new_v4()));
        let output = base.with_extension("jsonl");
        let stderr = base.with_extension("stderr");
        let stderr_file = std::fs::File::create(&stderr).unwrap();
        let mut child = match Command::new("python3")
            .arg(&script)
            .arg(&output)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr_file)
            .kill_on_drop(true)
            .spawn()
        {
            Ok(child) => child,
            Err(e) => {
                remove_files(&[&output, &stderr]);
                panic!("cannot run python3 ({e}): {INSTALL_HINT}")
            }
        };
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let ready = tokio::time::timeout(START_TIMEOUT, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(port) = line.strip_prefix("READY ") {
                    return Some(port.trim().parse::<u16>().unwrap());
                }
            }
            None
        })
        .await;
        let port = match ready {
            Ok(Some(port)) => port,
            Ok(None) => {
                let status = child.wait().await.unwrap();
                let err = std::fs::read_to_string(&stderr).unwrap_or_default();
                remove_files(&[&output, &stderr]);
                if status.code() == Some(3) || err.contains("aiosmtpd") {
                    panic!("{INSTALL_HINT}\nsink said: {err}");
                }
                panic!("the SMTP sink exited ({status}) before listening: {err}\n{INSTALL_HINT}");
            }
            Err(_) => {
                let err = std::fs::read_to_string(&stderr).unwrap_or_default();
                remove_files(&[&output, &stderr]);
                panic!("the SMTP sink did not listen within {START_TIMEOUT:?}: {err}");
            }
        };
        // Nothing more comes on stdout; keep reading it so the pipe never fills.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        SmtpSink {
            port,
            child: Mutex::new(child),
            output,
            stderr,
            taken: Mutex::new(HashSet::new()),
        }
    }

    /// The URL to put in `mail.smtp_url` (plain SMTP, no TLS).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every mail received so far.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.lines()
            .into_iter()
            .map(|line| received(&line, line.rcpt_tos.join(", ")))
            .collect()
    }

    /// Waits for the next mail to `to` (one not returned before) and returns it; panics after
    /// `timeout`, listing what did arrive.
    pub async fn wait_for(&self, to: &str, timeout: Duration) -> ReceivedMail {
        let deadline = Instant::now() + timeout;
        loop {
            for (index, line) in self.lines().into_iter().enumerate() {
                let Some(rcpt) = line.rcpt_tos.iter().find(|r| r.eq_ignore_ascii_case(to)) else {
                    continue;
                };
                if self.taken.lock().unwrap().insert(index) {
                    return received(&line, rcpt.clone());
                }
            }
            if let Some(status) = self.child.lock().unwrap().try_wait().unwrap() {
                let err = std::fs::read_to_string(&self.stderr).unwrap_or_default();
                panic!("the SMTP sink exited ({status}) while waiting for mail to {to}: {err}");
            }
            if Instant::now() >= deadline {
                let got: Vec<String> = self
                    .received()
                    .iter()
                    .map(|m| format!("to {} {:?}", m.to, m.subject))
                    .collect();
                panic!("no mail to {to} within {timeout:?}; the sink received: {got:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn lines(&self) -> Vec<Line> {
        let text = std::fs::read_to_string(&self.output).unwrap_or_default();
        // Only whole lines: the sink may be writing the last one right now.
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        complete
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }
}

fn received(line: &Line, to: String) -> ReceivedMail {
    ReceivedMail {
        to,
        from: line.mail_from.clone(),
        subject: line.subject.clone(),
        body: line.text.clone(),
        raw: line.data.clone(),
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Ok(child) = self.child.get_mut() {
            let _ = child.start_kill();
        }
        remove_files(&[&self.output, &self.stderr]);
    }
}

fn remove_files(paths: &[&PathBuf]) {
    for path in paths {
        let _ = std::fs::remove_file(path);
    }
}
