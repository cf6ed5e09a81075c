//! `duban demo`: the seed's plan on localhost, with one account per role.

use anyhow::Context;
use clap::Args;
use duban_api::Settings;
use duban_store::Store;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The demo database file (created with the demo data on first run).
    #[arg(long, default_value = "duban-demo.db")]
    pub db: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
}

pub async fn run(a: DemoArgs) -> anyhow::Result<()> {
    let store = Store::open(&format!("sqlite://{}", a.db))
        .await
        .with_context(|| format!("cannot open the demo database {}", a.db))?;
    if duban_demo::is_empty(&store).await? {
        println!("正在载入演示数据 / loading the demo data into {} …", a.db);
        let hash = |pw: &str| duban_api::auth::hash_password(pw).unwrap_or_default();
        let loaded = duban_demo::load(&store, &hash).await?;
        println!(
            "已载入:计划 {},报告期 {} / loaded plan {} with period {}",
            loaded.plan_id, loaded.period_id, loaded.plan_id, loaded.period_id
        );
    }
    println!("\n演示账号(仅存在于演示数据库)/ demo accounts (demo databases only):");
    for acc in duban_demo::DEMO_ACCOUNTS {
        println!(
            "  {:<10} {:<20} {}",
            acc.username,
            acc.password,
            acc.role.label_zh()
        );
    }
    println!(
        "\n双因素认证密钥(登录时输入验证器应用据此算出的6位验证码)/ second-factor keys (log in with the 6-digit code an authenticator app makes from them):"
    );
    for acc in duban_demo::DEMO_ACCOUNTS {
        if let Some(secret) = acc.second_factor {
            println!("  {:<10} {secret}", acc.username);
        }
    }
    println!(
        "  tb-<单位代码> {} 各单位填报员 / every unit's reporter, e.g. tb-yishui",
        duban_demo::loader::UNIT_REPORTER_PASSWORD
    );
    let settings = Settings {
        demo: true,
        evidence_dir: super::serve::default_evidence_dir(&format!("sqlite://{}", a.db)),
        ..Settings::default()
    };
    let worker = duban_api::worker::WorkerSettings::default();
    super::serve::listen(
        store,
        settings,
        (Default::default(), worker),
        &a.addr,
        |_| {},
    )
    .await
}
