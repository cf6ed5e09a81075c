//! `duban import-completion`: the values of a completion table (完成情况表) for a period,
//! as `duban export --table completion` writes it and the departments send it back,
//! imported as an office account — checked in full first (every error by sheet, row and
//! column), then a preview, and unless `--dry-run` the units' drafts written in one
//! transaction by the API's own path.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use duban_api::auth::Auth;
use duban_api::routes::completion_import::run_completion_import;
use duban_api::{AppState, Settings};
use duban_domain::{PeriodId, Role};

use super::DbArgs;

#[derive(Debug, Args)]
pub struct ImportCompletionArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The period (报告期) id the values are for.
    #[arg(long)]
    pub period: i64,
    /// The office (督查室) account the drafts are written as.
    #[arg(long = "as")]
    pub office: String,
    /// Check and preview only; nothing is written.
    #[arg(long)]
    pub dry_run: bool,
    /// The completion table xlsx.
    pub file: PathBuf,
}

pub async fn run(a: ImportCompletionArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&a.file)
        .with_context(|| format!("无法读取 cannot read {}", a.file.display()))?;
    let store = a.db.open().await?;
    let result = async {
        let Some((user, _)) = store.user_for_login(&a.office).await? else {
            bail!("没有账号{0} / no account {0}", a.office);
        };
        if user.value.role != Role::Office || !user.value.active {
            bail!(
                "{0}不是在用的督查室账号 / {0} is not an active office account",
                a.office
            );
        }
        let state = AppState::new(store.clone(), Settings::default());
        let auth = Auth {
            user: user.value,
            secret_hash: String::new(),
            restriction: None,
        };
        let view =
            run_completion_import(&state, &auth, PeriodId(a.period), &bytes, a.dry_run).await;
        view.map_err(super::said)
    }
    .await;
    store.close().await;
    let v = result?;
    for r in v.reports.iter().filter(|r| r.action != "unchanged") {
        for c in &r.changes {
            let shown = |f: &duban_api::routes::reports::FigureInput| {
                f.value
                    .map(|v| v.to_string())
                    .or_else(|| f.stage.clone())
                    .or_else(|| f.assessment.clone())
                    .unwrap_or_default()
            };
            println!(
                "{} {} 第{}项 {}: {} -> {} ({})",
                c.place,
                r.unit_name,
                r.item_number,
                c.indicator_name,
                c.before.as_ref().map(shown).unwrap_or_else(|| "—".into()),
                shown(&c.after),
                r.action
            );
        }
    }
    let counts = format!(
        "新建{}份草稿、修改{}份、未变{}份 / {} draft(s) created, {} updated, {} unchanged",
        v.created, v.updated, v.unchanged, v.created, v.updated, v.unchanged
    );
    if v.dry_run {
        eprintln!("预览,未写入 / dry run: nothing written; {counts}");
    } else {
        eprintln!("{counts}");
    }
    Ok(())
}
