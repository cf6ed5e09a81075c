//! `duban import-plan`: a plan's structure (计划结构: areas, items, indicators, regional
//! split, quarterly plan) imported from the workbook `GET /api/v1/plans/{id}/structure`
//! exports, as an office account — checked in full first (every error by sheet, row
//! and column), then a preview, and unless `--dry-run` written in one transaction by
//! the API's own path.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use duban_api::auth::Auth;
use duban_api::routes::plan_import::run_structure_import;
use duban_api::{AppState, Settings};
use duban_domain::{PlanId, Role};

use super::DbArgs;

#[derive(Debug, Args)]
pub struct ImportPlanArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The plan (年度计划) id the structure goes into.
    #[arg(long)]
    pub plan: i64,
    /// The office (督查室) account the changes are made as.
    #[arg(long = "as")]
    pub office: String,
    /// Check and preview only; nothing is written.
    #[arg(long)]
    pub dry_run: bool,
    /// The plan structure xlsx.
    pub file: PathBuf,
}

pub async fn run(a: ImportPlanArgs) -> anyhow::Result<()> {
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
        let view = run_structure_import(&state, &auth, PlanId(a.plan), &bytes, a.dry_run).await;
        view.map_err(super::said)
    }
    .await;
    store.close().await;
    let v = result?;
    for r in v.rows.iter().filter(|r| r.action != "unchanged") {
        println!("{} {}: {}", r.kind, r.key, r.action);
    }
    let counts = format!(
        "新建{}行、修改{}行、未变{}行 / {} row(s) created, {} updated, {} unchanged",
        v.created, v.updated, v.unchanged, v.created, v.updated, v.unchanged
    );
    if v.dry_run {
        eprintln!("预览,未写入 / dry run: nothing written; {counts}");
    } else {
        eprintln!("{counts}");
    }
    Ok(())
}
