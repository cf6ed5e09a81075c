//! `duban user`: manage accounts from the command line. Passwords are read from
//! standard input, never from arguments (they would show in the process list).

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use duban_domain::Role;
use duban_domain::password;
use duban_domain::user::parse_username;
use duban_store::users::NewUser;
use duban_store::{Change, Page};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// 新建账号(密码从标准输入读取)/ Add an account; the password is read from standard input
    Add(AddArgs),
    /// 列出账号 / List accounts
    List(super::DbArgs),
    /// 停用账号 / Disable an account and end its sessions
    Disable(NameArgs),
    /// 重设密码(从标准输入读取)/ Set a new password, read from standard input
    Passwd(NameArgs),
    /// 重置双因素认证(如手机丢失),账号下次登录时重新启用,其登录立即结束 / Reset an
    /// account's second factor (a lost phone): it enrols again at its next login, and its
    /// sessions end now
    ResetSecondFactor(NameArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub db: super::DbArgs,
    #[arg(long)]
    pub username: String,
    /// Display name, e.g. 张三
    #[arg(long)]
    pub name: String,
    /// office | reporter | reviewer | leader | evaluator | sysadmin | secadmin | auditadmin
    #[arg(long)]
    pub role: String,
    /// The unit's code, for reporters, reviewers and evaluators.
    #[arg(long)]
    pub unit: Option<String>,
}

#[derive(Debug, Args)]
pub struct NameArgs {
    #[command(flatten)]
    pub db: super::DbArgs,
    #[arg(long)]
    pub username: String,
}

fn read_password(username: &str) -> anyhow::Result<String> {
    eprintln!(
        "请输入密码(至少12位,含大写字母、小写字母、数字、其他字符中的三类)/ password (12+ characters of 3 of: upper, lower, digits, others), then Enter:"
    );
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let pw = line.trim_end_matches(['\n', '\r']).to_string();
    password::check(&pw, username)
        .map_err(|e| anyhow::anyhow!("{} / {}", e.message_zh, e.message_en))?;
    Ok(pw)
}

async fn hash(pw: String) -> anyhow::Result<String> {
    duban_api::auth::hash_password_async(pw)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

pub async fn run(c: UserCommand) -> anyhow::Result<()> {
    match c {
        UserCommand::Add(a) => {
            let username = parse_username(&a.username)
                .map_err(|e| anyhow::anyhow!("{} / {}", e.message_zh, e.message_en))?;
            let Some(role) = Role::parse(&a.role) else {
                bail!("未知角色 unknown role {:?}", a.role);
            };
            let store = a.db.open().await?;
            let unit_id = match &a.unit {
                None if role.needs_unit() => bail!("该角色须指定 --unit / this role needs --unit"),
                None => None,
                Some(code) => Some(
                    store
                        .unit_by_code(code)
                        .await?
                        .with_context(|| {
                            format!("没有代码为 {code} 的单位 / no unit with code {code}")
                        })?
                        .value
                        .id,
                ),
            };
            let pw = read_password(&username)?;
            let n = NewUser {
                username: &username,
                display_name: a.name.trim(),
                role,
                unit_id,
                password_hash: &hash(pw).await?,
                demo: false,
                mobile: None,
                id_number: None,
            };
            let u = store.create_user(&n, Change::now(None)).await?;
            println!(
                "已创建账号 {} (编号 {}) / account created",
                u.value.username, u.value.id
            );
        }
        UserCommand::List(db) => {
            let store = db.open().await?;
            let mut page = Page {
                page: 1,
                per_page: Page::MAX_PER_PAGE,
            };
            loop {
                let users = store.users(page).await?;
                for u in &users.items {
                    let v = &u.value;
                    println!(
                        "{:>5}  {:<20} {:<12} {:<10} {}{}",
                        v.id,
                        v.username,
                        v.role.as_str(),
                        v.unit_id
                            .map(|x| x.to_string())
                            .unwrap_or_else(|| "-".into()),
                        v.display_name,
                        if v.active {
                            ""
                        } else {
                            "  [已停用 disabled]"
                        }
                    );
                }
                if page.page * page.per_page >= users.total {
                    break;
                }
                page.page += 1;
            }
        }
        UserCommand::Disable(a) => {
            let store = a.db.open().await?;
            let (u, _) = store
                .user_for_login(&a.username.to_ascii_lowercase())
                .await?
                .context("no such account / 账号不存在")?;
            store
                .set_user_active(u.value.id, None, false, Change::now(None))
                .await?;
            println!("已停用 {} / disabled", u.value.username);
        }
        UserCommand::Passwd(a) => {
            let store = a.db.open().await?;
            let (u, _) = store
                .user_for_login(&a.username.to_ascii_lowercase())
                .await?
                .context("no such account / 账号不存在")?;
            let pw = read_password(&u.value.username)?;
            store
                .set_password_hash(u.value.id, None, &hash(pw).await?, Change::now(None))
                .await?;
            println!("已重设密码 {} / password set", u.value.username);
        }
        UserCommand::ResetSecondFactor(a) => {
            let store = a.db.open().await?;
            let (u, _) = store
                .user_for_login(&a.username.to_ascii_lowercase())
                .await?
                .context("no such account / 账号不存在")?;
            let had = store
                .reset_second_factor(u.value.id, duban_store::now_ms())
                .await?;
            if had {
                println!(
                    "已重置 {} 的双因素认证,下次登录时重新启用 / second factor reset; it enrols again at the next login",
                    u.value.username
                );
            } else {
                println!(
                    "{} 未启用双因素认证,无需重置 / had no second factor",
                    u.value.username
                );
            }
        }
    }
    Ok(())
}
