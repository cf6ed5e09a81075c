//! `duban export` on the demo data: each table written where asked, the same bytes the
//! API gives, and a period the plan does not have refused in both languages.

use std::path::PathBuf;
use std::process::Command;

use duban_api::routes::exports::{self, Format};
use duban_domain::tables::TableKind;
use duban_domain::{PeriodLabel, PlanId};
use duban_store::Store;

/// A fresh SQLite file with the demo data loaded.
async fn demo_db(name: &str) -> (PathBuf, Store) {
    let dir = std::env::temp_dir().join(format!("duban-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("demo.db");
    let store = Store::open(&format!("sqlite://{}", file.display()))
        .await
        .expect("store");
    let hash = |_: &str| String::new();
    duban_demo::load(&store, &hash).await.expect("demo data");
    (file, store)
}

fn export(file: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("export")
        .arg("--database-url")
        .arg(format!("sqlite://{}", file.display()))
        .args(args)
        .current_dir(file.parent().expect("dir"))
        .env("DUBAN_LOG", "warn")
        .output()
        .expect("run duban export")
}

#[tokio::test]
async fn duban_export_writes_each_table_as_the_api_gives_it() {
    let (file, store) = demo_db("tables").await;
    let may = PeriodLabel::parse("2019-05");
    for (table, kind) in [
        ("completion", TableKind::Completion),
        ("ledger", TableKind::Ledger),
        ("responsibility", TableKind::Responsibility),
    ] {
        let out = export(
            &file,
            &[
                "--table", table, "--period", "2019-05", "--format", "csv", "--out", "-",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let book = exports::workbook(&store, PlanId(1), kind, may, i64::MAX)
            .await
            .expect("workbook");
        assert_eq!(
            out.stdout,
            exports::encode(&book, Format::Csv).expect("csv"),
            "{table}"
        );
    }
    // Without --out, the file takes the table's own name.
    let out = export(&file, &["--table", "completion"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let named = file
        .parent()
        .expect("dir")
        .join("2019年20项重点民生实事-完成情况表-2019-05.xlsx");
    let bytes = std::fs::read(&named).expect("the named file");
    assert!(bytes.starts_with(b"PK"), "an xlsx is a ZIP");
    store.close().await;
}

#[tokio::test]
async fn duban_export_refuses_a_period_the_plan_does_not_have() {
    let (file, store) = demo_db("refused").await;
    store.close().await;
    let out = export(&file, &["--table", "completion", "--period", "2019-11"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("计划没有报告期2019-11 / the plan has no period 2019-11"),
        "{err}"
    );
}
