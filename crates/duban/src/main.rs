//! `duban`: the supervision ledger's one binary.
#![forbid(unsafe_code)]

mod cli;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "duban",
    version,
    about = "督办 duban — 民生实事督查台账 / the supervision ledger for key livelihood projects"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 演示:打开(首次创建)演示数据库并启动服务 / Open (creating on first run) the demo database and serve it
    Demo(cli::demo::DemoArgs),
    /// 启动服务 / Serve a database (migrations run at start)
    Serve(cli::serve::ServeArgs),
    /// 升级数据库结构 / Bring the database schema up to date
    Migrate(cli::DbArgs),
    /// 起草督查专报 / Draft the bulletin (督查专报) of a period from the approved data
    Bulletin(cli::bulletin::BulletinArgs),
    /// 导出台账表格(完成情况表、台账、责任分工表)/ Export the ledger's tables as xlsx or CSV
    Export(cli::export::ExportArgs),
    /// 导入填报模板(先校验、可预览)/ Import a unit's filled template: checked in full, previewed, then written
    Import(cli::import::ImportArgs),
    /// 账号管理 / Manage accounts
    #[command(subcommand)]
    User(cli::user::UserCommand),
    /// 审计日志 / The audit log: verify, seal, make a key
    #[command(subcommand)]
    Audit(cli::audit::AuditCommand),
    /// 生成数据密钥(加密个人信息)/ Write a new data key, which seals personal data
    Keygen(cli::key::KeygenArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    cli::init_logs();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("错误 error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = async {
        match cli.command {
            Command::Demo(a) => cli::demo::run(a).await,
            Command::Serve(a) => cli::serve::run(a).await,
            Command::Migrate(a) => cli::migrate(a).await,
            Command::Bulletin(a) => cli::bulletin::run(a).await,
            Command::Export(a) => cli::export::run(a).await,
            Command::Import(a) => cli::import::run(a).await,
            Command::User(c) => cli::user::run(c).await,
            Command::Audit(c) => cli::audit::run(c).await,
            Command::Keygen(a) => cli::key::keygen(a),
        }
    };
    // Changes made from here are recorded as coming from the command line; the
    // server's requests run in tasks of their own, each with its client's address.
    let result = rt.block_on(duban_store::audit::with_address("cli".into(), result));
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误 error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
