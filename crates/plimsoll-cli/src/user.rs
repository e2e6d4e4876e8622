//! `plimsoll user add`: accounts of the server. The password is read from the
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

pub fn run(command: &Command) -> anyhow::Result<()> {
    match command {
        Command::Add(args) => {
            let accounts = Accounts::open(&args.store).context("opening the store's accounts")?;
            let password = read_password()?;
            let by = std::env::var("USER").map_or_else(|_| "cli".to_owned(), |u| format!("cli:{u}"));
            let user = accounts.add_user(&args.name, args.role, &password, &by)?;
            println!("added {} ({})", user.name, user.role.as_str());
            Ok(())
        }
    }
}
