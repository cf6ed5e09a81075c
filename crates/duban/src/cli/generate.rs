//! `duban gen`: deterministic synthetic data (a city's or a province's) in an empty
//! database, for trying duban at size and for `duban bench`. The demo accounts (ducha,
//! tb-jiaoyu, … with the demo passwords) log in to it; the database says it is a demo
//! on every page.

use std::time::Instant;

use anyhow::bail;
use clap::Args;
use duban_demo::generate::{Profile, generate};

use super::DbArgs;
use super::progress::Bars;

#[derive(Debug, Args)]
pub struct GenArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// demo (the seed's plan), city (60 items, a year) or province (200 regions, 400
    /// units, 20,000 items over five years).
    #[arg(long, default_value = "city")]
    pub profile: String,
    /// The same seed makes the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub async fn run(a: GenArgs) -> anyhow::Result<()> {
    let Some(profile) = Profile::parse(&a.profile) else {
        bail!(
            "未知的数据规模 {:?},可选 demo、city、province / unknown profile {:?}: demo, city or province",
            a.profile,
            a.profile
        );
    };
    let store = a.db.open().await?;
    if !duban_demo::is_empty(&store).await? {
        bail!(
            "数据库中已有计划,仅向空库生成数据 / the database already holds a plan: generate into an empty one"
        );
    }
    let started = Instant::now();
    let hash = |pw: &str| duban_api::auth::hash_password(pw).unwrap_or_default();
    let made = generate(&store, profile, a.seed, &hash, &Bars::new()).await?;
    store.close().await;
    println!(
        "已生成 / generated in {:.1} s: {} 个计划 plans, {} 个单位 units, {} 个账号 accounts, {} 项实事 items, {} 个指标 indicators, {} 个报告期 periods, {} 份报告 reports, {} 个数值 figures, {} 个问题 problems",
        started.elapsed().as_secs_f64(),
        made.plans.len(),
        made.units,
        made.accounts,
        made.items,
        made.indicators,
        made.periods,
        made.reports,
        made.figures,
        made.problems
    );
    Ok(())
}
