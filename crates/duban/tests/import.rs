//! `duban import` on the demo data: a template with a bad row is refused with the row's
//! place and message in both languages and nothing written; a dry run writes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use duban_store::Store;

async fn demo_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("duban-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("demo.db");
    let store = Store::open(&format!("sqlite://{}", file.display()))
        .await
        .expect("store");
    let hash = |_: &str| String::new();
    duban_demo::load(&store, &hash).await.expect("demo data");
    store.close().await;
    file
}

/// A template-shaped workbook with one data row keyed `key`, value `value`.
fn template(dir: &Path, key: Option<&str>, value: f64) -> PathBuf {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("填报").expect("sheet");
    ws.write_string(1, 0, "键").expect("heading");
    if let Some(key) = key {
        ws.write_string(2, 0, key).expect("key");
        ws.write_number(2, 7, value).expect("value");
    }
    let path = dir.join(format!("filled-{}.xlsx", key.is_some()));
    wb.save(&path).expect("save");
    path
}

fn import(db: &Path, file: &Path, dry: bool) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duban"));
    c.arg("import")
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display()))
        .args(["--period", "1", "--as", "yibao-tb"])
        .arg(file)
        .env("DUBAN_LOG", "warn");
    if dry {
        c.arg("--dry-run");
    }
    c.output().expect("run duban import")
}

#[tokio::test]
async fn duban_import_names_the_bad_row_and_writes_nothing() {
    let db = demo_db("bad").await;
    let dir = db.parent().expect("dir").to_path_buf();
    let bad = template(&dir, Some("1/1/nowhere"), 3.0);
    let out = import(&db, &bad, false);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("填报!A3:单位“nowhere”不存在 / 填报!A3: no such unit \"nowhere\""),
        "{err}"
    );
    let empty = template(&dir, None, 0.0);
    let out = import(&db, &empty, true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("预览,未写入 / dry run: nothing written"));
    // Standard error is no terminal here: no progress bar, only the summary.
    assert_eq!(
        err.trim(),
        "预览,未写入 / dry run: nothing written",
        "{err}"
    );
}
