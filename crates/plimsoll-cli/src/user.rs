//! `plimsoll user add` and `plimsoll user token`: accounts of the server and
//! their API tokens. The password is read from the
//! terminal (twice, without echo) or from the first line of standard input,
//! never from the command line, where other users and shell histories see it.

use std::io::{BufRead, IsTerminal, Read};
use std::path::PathBuf;

use anyhow::{bail, Context};
use plimsoll_server::accounts::{Accounts, Role, PASSWORD_MAX};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Add a user (the first one is usually an admin).
    Add(AddArgs),
    /// Create an API token for a user: printed once, stored only as its SHA-256.
    /// Send it as `Authorization: Bearer <token>`; it needs no CSRF header.
    Token(TokenArgs),
}

#[derive(clap::Args)]
pub struct TokenArgs {
    /// The store directory.
    #[arg(long)]
    store: PathBuf,
    /// The user the token acts as (with that user's role).
    #[arg(long)]
    name: String,
    /// What the token is for (shown in the token list and the audit trail).
    #[arg(long, default_value = "")]
    label: String,
    /// Days the token lives (1 to 366); until revoked when not given.
    #[arg(long)]
    days: Option<u32>,
}

#[derive(clap::Args)]
pub struct AddArgs {
    /// The store directory.
    #[arg(long)]
    store: PathBuf,
    /// The user name: letters, digits, `.`, `_`, `-`.
    #[arg(long)]
    name: String,
    /// viewer (reads), analyst (also reviews events) or admin (also reads the audit trail).
    #[arg(long, value_parser = parse_role)]
    role: Role,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_name(text).ok_or_else(|| format!("`{text}` is not viewer, analyst or admin"))
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("password: ").context("reading the password")?;
        let again = rpassword::prompt_password("again: ").context("reading the password")?;
        if first != again {
            bail!("the passwords differ");
        }
        return Ok(first);
    }
    // One line, bounded: a password file or a pipe.
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(u64::try_from(PASSWORD_MAX + 2).unwrap_or(u64::MAX))
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// Who the audit trail says acted: the command line, and the system user.
fn by() -> String {
    std::env::var("USER").map_or_else(|_| "cli".to_owned(), |u| format!("cli:{u}"))
}

pub fn run(command: &Command) -> anyhow::Result<()> {
    match command {
        Command::Add(args) => {
            let accounts = Accounts::open(&args.store).context("opening the store's accounts")?;
            let password = read_password()?;
            let user = accounts.add_user(&args.name, args.role, &password, &by())?;
            println!("added {} ({})", user.name, user.role.as_str());
            Ok(())
        }
        Command::Token(args) => {
            let accounts = Accounts::open(&args.store).context("opening the store's accounts")?;
            let token = accounts.create_token(&args.name, &args.label, args.days, &by())?;
            let expires = token.expires.as_deref().unwrap_or("never (revoke with DELETE /api/v1/tokens/ID)");
            eprintln!("token {} for {}; expires {expires}; it is not shown again:", token.id, token.user);
            println!("{}", token.token);
            Ok(())
        }
    }
}
