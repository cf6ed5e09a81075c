//! `duban demo`: the seed's plan on localhost, with one account per role.

use std::path::{Path, PathBuf};

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
    /// The data key that seals personal data [default: the database file's name with
    /// `.key`, made on first run].
    #[arg(long, env = "DUBAN_DATA_KEY_FILE")]
    pub data_key_file: Option<PathBuf>,
}

pub async fn run(a: DemoArgs) -> anyhow::Result<()> {
    let key_file = a
        .data_key_file
        .unwrap_or_else(|| Path::new(&a.db).with_extension("key"));
    let store = Store::open(&format!("sqlite://{}", a.db))
        .await
        .with_context(|| format!("cannot open the demo database {}", a.db))?
        .with_data_cipher(super::key::load_or_create(&key_file)?);
    super::check_personal_data(&store).await?;
    println!("数据密钥 / data key: {}", key_file.display());
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
    // The demo's audit key sits beside its database file, made on first run.
    let key_file = std::path::PathBuf::from(format!("{}.audit-key", a.db));
    if !key_file.exists() {
        super::audit::keygen(&key_file)?;
    }
    let settings = Settings {
        demo: true,
        evidence_dir: super::serve::default_evidence_dir(&format!("sqlite://{}", a.db)),
        audit_key: Some(super::audit::load_key(&key_file)?),
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
