//! `duban import`: a unit's filled template (填报模板) for a period, imported as the
//! unit's reporter — checked in full first (every error by sheet, row and column),
//! then a preview, and unless `--dry-run` the drafts written by the API's own path.
//! A progress bar on standard error when it is a terminal.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use duban_api::auth::Auth;
use duban_api::routes::imports::run_import_with;
use duban_api::{AppState, Settings};
use duban_domain::{PeriodId, Role};

use super::DbArgs;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The period (报告期) id the template is for.
    #[arg(long)]
    pub period: i64,
    /// The reporter (填报员) account the drafts are written as.
    #[arg(long = "as")]
    pub reporter: String,
    /// Check and preview only; nothing is written.
    #[arg(long)]
    pub dry_run: bool,
    /// The filled xlsx template.
    pub file: PathBuf,
}

pub async fn run(a: ImportArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&a.file)
        .with_context(|| format!("无法读取 cannot read {}", a.file.display()))?;
    let store = a.db.open().await?;
    let result = async {
        let Some((user, _)) = store.user_for_login(&a.reporter).await? else {
            bail!("没有账号{0} / no account {0}", a.reporter);
        };
        if user.value.role != Role::Reporter || !user.value.active {
            bail!(
                "{0}不是在用的填报员账号 / {0} is not an active reporter",
                a.reporter
            );
        }
        let state = AppState::new(store.clone(), Settings::default());
        let auth = Auth {
            user: user.value,
            secret_hash: String::new(),
            restriction: None,
        };
        let bars = super::progress::Bars::new();
        let view =
            run_import_with(&state, &auth, PeriodId(a.period), &bytes, a.dry_run, &bars).await;
        view.map_err(super::said)
    }
    .await;
    store.close().await;
    let v = result?;
    for i in &v.items {
        println!(
            "第{}项 {}: {} ({} figure(s) changed)",
            i.item_number,
            i.item_title,
            i.action,
            i.changes.len()
        );
    }
    if v.dry_run {
        eprintln!("预览,未写入 / dry run: nothing written");
    } else {
        eprintln!(
            "新建{}份、修改{}份、未变{}份草稿 / {} draft(s) created, {} revised, {} unchanged",
            v.created, v.updated, v.unchanged, v.created, v.updated, v.unchanged
        );
    }
    Ok(())
}
