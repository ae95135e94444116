//! The `lander` command: parses the command line and calls into `lander-server`.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use lander_server::config::{Config, Overrides};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// Lander: build, publish and serve landing pages.
#[derive(Parser)]
#[command(name = "lander", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Global {
    /// Configuration file (default: ./lander.toml when it exists).
    #[arg(long, global = true, env = "LANDER_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Data directory for the embedded database and files (default: ./lander-data).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server: public pages, API and health checks.
    Serve {
        /// Address to listen on (default: 127.0.0.1:8080).
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
    },
    /// Apply database migrations and exit (serve also applies them at start).
    Migrate,
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage workspaces and their members.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// Print the OpenAPI document of the REST API.
    Openapi,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user. The password is read from standard input.
    Create {
        /// E-mail address of the user.
        #[arg(long)]
        email: String,
        /// Read the password from standard input (the only way to give it, so it never
        /// appears in the process list or shell history).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List users (e-mail, status, workspaces and roles).
    List,
    /// Set a new password, read from standard input.
    ResetPassword {
        /// E-mail address of the user.
        #[arg(long)]
        email: String,
        /// Read the new password from standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Disable a user: their tokens stop working at once; their pages stay.
    Disable {
        /// E-mail address of the user.
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user and print it (only the token, on standard output). It is
    /// shown once and stored hashed.
    Create {
        /// E-mail address of the user the token acts as.
        #[arg(long)]
        email: String,
        /// A name to recognise the token by (e.g. "ci").
        #[arg(long)]
        name: String,
        /// Workspace id the token acts in (default: the user's first workspace).
        #[arg(long, value_name = "ID")]
        workspace: Option<uuid::Uuid>,
        /// Role the token acts with: viewer, editor, publisher, admin or owner (default: the
        /// user's role in the workspace; never above it).
        #[arg(long)]
        role: Option<lander_store::Role>,
        /// The token stops working after this many days (default: never).
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
        expires_in_days: Option<u32>,
    },
    #[command(flatten)]
    Admin(TokenAdmin),
}

#[derive(Subcommand)]
enum TokenAdmin {
    /// List a user's tokens (id, name, workspace, role, last use, state); never the secrets.
    List {
        /// E-mail address of the user.
        #[arg(long)]
        email: String,
    },
    /// Revoke a token by its id (from `lander token list`); it stops working at once.
    Revoke {
        /// Token id.
        #[arg(long, value_name = "ID")]
        id: uuid::Uuid,
    },
}

#[derive(Subcommand)]
enum WorkspaceCommand {
    /// Create a workspace and print its id.
    Create {
        /// Name of the workspace.
        #[arg(long)]
        name: String,
        /// E-mail of an existing user who becomes its owner.
        #[arg(long)]
        owner: String,
    },
    /// List workspaces (id, name).
    List,
    /// Give a user a role in a workspace (or change it).
    AddMember {
        /// Workspace id.
        #[arg(long, value_name = "ID")]
        workspace: uuid::Uuid,
        /// E-mail of an existing user.
        #[arg(long)]
        email: String,
        /// viewer, editor, publisher, admin or owner.
        #[arg(long)]
        role: lander_store::Role,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One readable line: the error and its causes.
            let mut msg = e.to_string();
            for cause in e.chain().skip(1) {
                let c = cause.to_string();
                if !msg.contains(&c) {
                    msg.push_str(": ");
                    msg.push_str(&c);
                }
            }
            eprintln!("lander: {}", msg.replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

fn load_config(global: &Global, listen: Option<String>) -> anyhow::Result<Config> {
    let overrides = Overrides {
        listen,
        data_dir: global.data_dir.clone(),
        database_url: None,
    };
    let loaded = Config::load(global.config.as_deref(), &overrides)?;
    lander_server::telemetry::init(&loaded.config.log);
    for w in &loaded.warnings {
        tracing::warn!("{w}");
    }
    Ok(loaded.config)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Openapi => {
            print!("{}", lander_server::api::openapi_document());
            Ok(())
        }
        Command::Serve { listen } => {
            let config = load_config(&cli.global, listen)?;
            runtime()?.block_on(async {
                let server = lander_server::build(&config).await?;
                tracing::info!(
                    addr = %server.local_addr(),
                    "Lander is listening on http://{}",
                    server.local_addr()
                );
                server.run(lander_server::shutdown_signal()).await
            })
        }
        Command::Migrate => {
            let config = load_config(&cli.global, None)?;
            runtime()?.block_on(async {
                let store = lander_server::open_store(&config).await?;
                store.close().await;
                eprintln!("lander: the database is up to date");
                Ok(())
            })
        }
        Command::User(UserCommand::Create { email, .. }) => {
            let config = load_config(&cli.global, None)?;
            let password = read_password()?;
            let password = password.as_str();
            runtime()?.block_on(async {
                let store = lander_server::open_store(&config).await?;
                let audit = lander_store::AuditEntry::by_operator_global();
                let result = async {
                    let (account, _) =
                        lander_server::auth::create_user(store.as_ref(), &email, password, &audit)
                            .await?;
                    // The operator vouches for the address: the user can sign in at once.
                    store.set_email_verified(account.id, &audit).await?;
                    anyhow::Ok(account)
                }
                .await;
                store.close().await;
                let account = result?;
                eprintln!("lander: created user {}", account.email);
                Ok(())
            })
        }
        Command::Token(TokenCommand::Create {
            email,
            name,
            workspace,
            role,
            expires_in_days,
        }) => {
            let config = load_config(&cli.global, None)?;
            let scope = lander_server::auth::TokenScope {
                workspace_id: workspace,
                role,
                expires_at: expires_in_days
                    .map(|d| time::OffsetDateTime::now_utc() + time::Duration::days(i64::from(d))),
            };
            with_store(&config, |store| async move {
                let token =
                    lander_server::auth::create_token(store.as_ref(), &email, &name, scope).await?;
                println!("{token}");
                Ok(())
            })
        }
        Command::User(cmd) => {
            let config = load_config(&cli.global, None)?;
            let password = match &cmd {
                UserCommand::ResetPassword { .. } => Some(read_password()?),
                _ => None,
            };
            with_store(&config, |store| async move {
                user(store.as_ref(), cmd, password).await
            })
        }
        Command::Token(TokenCommand::Admin(cmd)) => {
            let config = load_config(&cli.global, None)?;
            with_store(&config, |store| async move {
                token_admin(store.as_ref(), cmd).await
            })
        }
        Command::Workspace(cmd) => {
            let config = load_config(&cli.global, None)?;
            with_store(&config, |store| async move {
                workspace(store.as_ref(), cmd).await
            })
        }
    }
}

/// Opens the database, runs `f`, and closes the database whatever `f` returned.
fn with_store<F, Fut>(config: &Config, f: F) -> anyhow::Result<()>
where
    F: FnOnce(std::sync::Arc<dyn lander_store::Store>) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    runtime()?.block_on(async {
        let store = lander_server::open_store(config).await?;
        let result = f(store.clone()).await;
        store.close().await;
        result
    })
}

async fn workspace(store: &dyn lander_store::Store, cmd: WorkspaceCommand) -> anyhow::Result<()> {
    let account = |email: String| async move {
        let email = lander_server::auth::normalise_email(&email)?;
        store
            .account_by_email(&email)
            .await
            .map_err(|_| anyhow::anyhow!("no account with the e-mail {email}"))
    };
    match cmd {
        WorkspaceCommand::Create { name, owner } => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 100 {
                anyhow::bail!("a workspace name is 1 to 100 characters");
            }
            let owner = account(owner).await?;
            let ws = store.create_workspace(name).await?;
            store
                .set_member(
                    ws.id,
                    owner.id,
                    lander_store::Role::Owner,
                    &lander_store::AuditEntry::by_operator(ws.id),
                )
                .await?;
            println!("{}", ws.id);
        }
        WorkspaceCommand::List => {
            for ws in store.workspaces().await? {
                println!("{}\t{}", ws.id, ws.name);
            }
        }
        WorkspaceCommand::AddMember {
            workspace,
            email,
            role,
        } => {
            let member = account(email).await?;
            store
                .workspace(workspace)
                .await
                .map_err(|_| anyhow::anyhow!("there is no workspace {workspace}"))?;
            store
                .set_member(
                    workspace,
                    member.id,
                    role,
                    &lander_store::AuditEntry::by_operator(workspace),
                )
                .await?;
            eprintln!(
                "lander: {} is now {role} of workspace {workspace}",
                member.email
            );
        }
    }
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .context("cannot read the password from standard input")?;
    Ok(password.trim_end_matches(['\n', '\r']).to_string())
}

async fn find_account(
    store: &dyn lander_store::Store,
    email: &str,
) -> anyhow::Result<lander_store::Account> {
    let email = lander_server::auth::normalise_email(email)?;
    store
        .account_by_email(&email)
        .await
        .map_err(|_| anyhow::anyhow!("no account with the e-mail {email}"))
}

async fn user(
    store: &dyn lander_store::Store,
    cmd: UserCommand,
    password: Option<String>,
) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Create { .. } => unreachable!("handled in run()"),
        UserCommand::List => {
            for a in store.accounts().await? {
                let roles: Vec<String> = store
                    .memberships(a.id)
                    .await?
                    .into_iter()
                    .map(|m| format!("{}:{}", m.workspace.name, m.role))
                    .collect();
                let state = if a.disabled_at.is_some() {
                    "disabled"
                } else {
                    "active"
                };
                println!("{}\t{state}\t{}", a.email, roles.join(", "));
            }
        }
        UserCommand::ResetPassword { email, .. } => {
            let account = find_account(store, &email).await?;
            let hash = lander_server::auth::hash_password(password.as_deref().unwrap_or(""))?;
            let audit = lander_store::AuditEntry::by_operator_global();
            store.set_password_hash(account.id, &hash, &audit).await?;
            eprintln!(
                "lander: the password of {} was changed and their sessions ended",
                account.email
            );
        }
        UserCommand::Disable { email } => {
            let account = find_account(store, &email).await?;
            let audit = lander_store::AuditEntry::by_operator_global();
            store.disable_account(account.id, &audit).await?;
            eprintln!(
                "lander: {} is disabled; their tokens and sessions no longer work",
                account.email
            );
        }
    }
    Ok(())
}

async fn token_admin(store: &dyn lander_store::Store, cmd: TokenAdmin) -> anyhow::Result<()> {
    match cmd {
        TokenAdmin::List { email } => {
            let account = find_account(store, &email).await?;
            for t in store.tokens(account.id).await? {
                let fmt = |t: Option<time::OffsetDateTime>| {
                    t.and_then(|t| {
                        t.format(&time::format_description::well_known::Rfc3339)
                            .ok()
                    })
                };
                let state = match t.revoked_at {
                    Some(_) => "revoked".to_string(),
                    None => "active".to_string(),
                };
                println!(
                    "{}\t{}\t{}\t{}\tlast used {}\t{state}",
                    t.id,
                    t.name,
                    t.workspace_id,
                    t.role.0,
                    fmt(t.last_used_at).unwrap_or_else(|| "never".into())
                );
            }
        }
        TokenAdmin::Revoke { id } => {
            let token = store
                .token(id)
                .await
                .map_err(|_| anyhow::anyhow!("there is no token {id}"))?;
            let audit = lander_store::AuditEntry::by_operator(token.workspace_id);
            store.revoke_token(id, &audit).await?;
            eprintln!("lander: token {id} is revoked");
        }
    }
    Ok(())
}
