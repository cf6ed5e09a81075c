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

fn import_plan(db: &Path, file: &Path, plan: i64) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("import-plan")
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display()))
        .args(["--plan", &plan.to_string(), "--as", "ducha"])
        .arg(file)
        .env("DUBAN_LOG", "warn")
        .output()
        .expect("run duban import-plan")
}

#[tokio::test]
async fn duban_import_plan_copies_the_demo_plans_structure_once_and_names_a_bad_row() {
    use duban_domain::plan::PlanFields;
    use duban_domain::plan_sheet::plan_workbook;
    let db = demo_db("plan").await;
    let dir = db.parent().expect("dir").to_path_buf();
    let url = format!("sqlite://{}", db.display());
    let store = Store::open(&url).await.expect("store");
    let demo = store
        .plans(None, duban_store::Page::default())
        .await
        .expect("plans")
        .items[0]
        .value
        .id;
    let structure = store.plan_structure(demo).await.expect("structure");
    let units = store.all_units().await.expect("units");
    let book = plan_workbook("演示计划", &structure, &units);
    let file = dir.join("structure.xlsx");
    std::fs::write(&file, duban_docs::xlsx::to_xlsx(&book).expect("xlsx")).expect("write");
    let fields = PlanFields::parse(2020, "副本", None, None).expect("fields");
    let copy = store
        .create_plan(&fields, duban_store::Change::now(None))
        .await
        .expect("plan")
        .value
        .id;
    store.close().await;

    let out = import_plan(&db, &file, copy.0);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(" row(s) created, 0 updated, 0 unchanged"),
        "{err}"
    );
    let out = import_plan(&db, &file, copy.0);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/ 0 row(s) created, 0 updated, "), "{err}");
    let store = Store::open(&url).await.expect("store");
    assert_eq!(store.plan_structure(copy).await.expect("copy"), structure);
    store.close().await;

    // A row naming a unit that does not exist: its place and message, both languages.
    let mut wb = rust_xlsxwriter::Workbook::new();
    for name in ["领域", "实事", "指标", "分解"] {
        wb.add_worksheet().set_name(name).expect("sheet");
    }
    wb.worksheet_from_name("实事")
        .expect("sheet")
        .write_string(2, 3, "不存在的单位")
        .expect("cell");
    let bad = dir.join("bad-structure.xlsx");
    wb.save(&bad).expect("save");
    let out = import_plan(&db, &bad, copy.0);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("实事!D3:单位“不存在的单位”不存在 / 实事!D3: no such unit \"不存在的单位\""),
        "{err}"
    );
}

fn import_completion(db: &Path, file: &Path, dry: bool) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duban"));
    c.arg("import-completion")
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display()))
        .args(["--period", "1", "--as", "ducha"])
        .arg(file)
        .env("DUBAN_LOG", "warn");
    if dry {
        c.arg("--dry-run");
    }
    c.output().expect("run duban import-completion")
}

#[tokio::test]
async fn duban_import_completion_takes_the_exported_table_back_unchanged_and_names_a_bad_row() {
    use duban_domain::tables::TableKind;
    let db = demo_db("completion").await;
    let dir = db.parent().expect("dir").to_path_buf();
    let store = Store::open(&format!("sqlite://{}", db.display()))
        .await
        .expect("store");
    let plan = store
        .plans(None, duban_store::Page::default())
        .await
        .expect("plans")
        .items[0]
        .value
        .id;
    let mut book = store
        .table_source(plan, None, i64::MAX)
        .await
        .expect("source")
        .workbook(TableKind::Completion)
        .expect("table");
    store.close().await;
    let file = dir.join("completion.xlsx");
    std::fs::write(&file, duban_docs::xlsx::to_xlsx(&book).expect("xlsx")).expect("write");
    for dry in [true, false] {
        let out = import_completion(&db, &file, dry);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(
            err.contains("/ 0 draft(s) created, 0 updated, 0 unchanged"),
            "{err}"
        );
    }

    // A row naming no region: its place and message, both languages.
    book.sheets[0].rows[1][0] = duban_domain::sheet::Cell::text("不存在的县");
    let bad = dir.join("bad-completion.xlsx");
    std::fs::write(&bad, duban_docs::xlsx::to_xlsx(&book).expect("xlsx")).expect("write");
    let out = import_completion(&db, &bad, false);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("完成情况表!A6:地区“不存在的县”不存在,请填写“全市”、市本级或县区的名称 / 完成情况表!A6: no region \"不存在的县\": name 全市, 市本级 or a county"),
        "{err}"
    );
}
