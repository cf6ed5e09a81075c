//! `duban`: the supervision ledger's one binary.
#![forbid(unsafe_code)]

mod cli;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "duban",
    version,
    about = "督办 duban — 民生实事督查台账 / the supervision ledger for key livelihood projects"
)]
struct Cli {
    /// Log lines as readable text or as JSON, one object per line.
    #[arg(
        long,
        global = true,
        env = "DUBAN_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    log_format: cli::LogFormat,
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
    /// 导入计划结构(领域、实事、指标、区域分解、季度计划;先校验、可预览)/ Import a plan's structure: checked in full, previewed, then written in one transaction
    ImportPlan(cli::import_plan::ImportPlanArgs),
    /// 生成测试数据(城市或省级规模,可复现)/ Generate synthetic data at a city's or a province's scale, the same for the same seed
    Gen(cli::generate::GenArgs),
    /// 导入完成情况表的进度数值(先校验、可预览,写为各单位的草稿)/ Import a completion table's values as the units' drafts: checked in full, previewed, then written in one transaction
    ImportCompletion(cli::import_completion::ImportCompletionArgs),
    /// 账号管理 / Manage accounts
    #[command(subcommand)]
    User(cli::user::UserCommand),
    /// 审计日志 / The audit log: verify, seal, make a key
    #[command(subcommand)]
    Audit(cli::audit::AuditCommand),
    /// 生成数据密钥(加密个人信息)/ Write a new data key, which seals personal data
    Keygen(cli::key::KeygenArgs),
    /// 在线备份(一致快照)/ Back up the database while it serves (one consistent snapshot)
    Backup(cli::backup::BackupArgs),
    /// 将备份恢复到新建的空库 / Load a backup into a new, empty database
    Restore(cli::backup::RestoreArgs),
}

fn main() -> std::process::ExitCode {
    // `serve --config FILE`: the file's settings join the command line as flags, under
    // those given as flags or in the environment.
    let cmd = Cli::command();
    let (argv, from_file) = match cli::config::apply(&cmd, std::env::args_os().collect()) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("错误 error: {e:#}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let matches = cmd.clone().get_matches_from(argv);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    if let (Command::Serve(a), Some(("serve", m))) = (&cli.command, matches.subcommand())
        && a.check_config
    {
        print!("{}", cli::config::effective(&cmd, m, &from_file));
        return std::process::ExitCode::SUCCESS;
    }
    cli::init_logs(cli.log_format);
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
            Command::ImportPlan(a) => cli::import_plan::run(a).await,
            Command::Gen(a) => cli::generate::run(a).await,
            Command::ImportCompletion(a) => cli::import_completion::run(a).await,
            Command::User(c) => cli::user::run(c).await,
            Command::Audit(c) => cli::audit::run(c).await,
            Command::Keygen(a) => cli::key::keygen(a),
            Command::Backup(a) => cli::backup::backup(a).await,
            Command::Restore(a) => cli::backup::restore(a).await,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference of `serve`'s settings in docs/OPERATIONS.md is the one the program
    /// defines; `DUBAN_BLESS=1 cargo test -p duban --bin duban` rewrites it.
    #[test]
    fn the_settings_reference_in_the_operations_guide_matches_the_program() {
        let cmd = Cli::command();
        let table = cli::config::reference(&cmd);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/OPERATIONS.md");
        let doc = std::fs::read_to_string(path).expect("docs/OPERATIONS.md");
        let (begin, end) = ("<!-- settings:begin -->\n", "<!-- settings:end -->");
        let start = doc.find(begin).expect("the begin marker") + begin.len();
        let stop = doc.find(end).expect("the end marker");
        if std::env::var_os("DUBAN_BLESS").is_some() {
            let new = format!("{}{table}{}", &doc[..start], &doc[stop..]);
            std::fs::write(path, new).expect("write docs/OPERATIONS.md");
            return;
        }
        assert_eq!(
            &doc[start..stop],
            table,
            "docs/OPERATIONS.md's settings differ from the program's; rerun with DUBAN_BLESS=1"
        );
    }
}
