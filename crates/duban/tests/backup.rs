//! Backups as an operator takes them: `duban backup` while writes go on, `duban
//! restore` into a fresh database of either kind, and the restored database holding
//! exactly what the backup's manifest says, with its audit chain whole.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use duban_store::Store;
use duban_store::audit::{Entry, Who};
use duban_store::backup::{Manifest, TableSum};
use duban_store::testing::TestDb;

fn duban(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .env_remove("DUBAN_DATABASE_URL")
        .env("DUBAN_LOG", "warn")
        .output()
        .expect("run duban");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("duban-backup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
}

/// The demo's plan, accounts and figures: rows in nearly every table.
async fn demo_store(db: &TestDb) -> Store {
    let store = Store::open(&db.url).await.expect("open");
    duban_demo::load(&store, &|p: &str| format!("plain:{p}"))
        .await
        .expect("demo data");
    store
}

/// Appends audited events until told to stop; how many it wrote.
fn keep_writing(store: Store, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<u64> {
    tokio::spawn(async move {
        let mut n = 0u64;
        while !stop.load(Ordering::Relaxed) || n < 20 {
            store
                .audit_event(Entry::event(
                    duban_store::now_ms(),
                    Who::System,
                    "test.load",
                    format!("load/{n}"),
                    "ok",
                ))
                .await
                .expect("write under load");
            n += 1;
        }
        n
    })
}

fn manifest_of(file: &Path) -> Vec<TableSum> {
    let text = std::fs::read_to_string(file).expect("read backup");
    let last = text.lines().last().expect("a last line");
    let v: serde_json::Value = serde_json::from_str(last).expect("manifest json");
    serde_json::from_value(v["manifest"].clone()).expect("manifest")
}

async fn check_restored(url: &str, manifest: &[TableSum], what: &str) {
    let store = Store::open(url).await.expect("open restored");
    let sums = store.table_sums().await.expect("sums");
    assert_eq!(
        sums, manifest,
        "{what}: the restored database holds exactly what the manifest says"
    );
    let summary = store
        .verify_audit(None)
        .await
        .expect("verify")
        .unwrap_or_else(|b| panic!("{what}: the audit chain breaks: {b:?}"));
    let _ = summary;
    // Ids go on from where the backup left off (PostgreSQL's sequences were reset).
    store
        .audit_event(Entry::event(
            duban_store::now_ms(),
            Who::System,
            "test.after",
            "after".into(),
            "ok",
        ))
        .await
        .expect("an audited write after restoring");
    let fields = duban_domain::UnitFields::parse(
        "after-restore",
        "恢复后新增单位",
        "department",
        None,
        99,
        true,
    )
    .expect("unit fields");
    store
        .create_unit(&fields, duban_store::Change::now(None))
        .await
        .unwrap_or_else(|e| panic!("{what}: a new unit after restoring: {e}"));
    assert!(store.verify_audit(None).await.expect("verify").is_ok());
    store.close().await;
}

#[tokio::test]
async fn a_backup_taken_under_load_restores_into_a_fresh_database_of_either_kind() {
    let sources = TestDb::all().await;
    for src in &sources {
        let store = demo_store(src).await;
        let before: u64 = store
            .table_sums()
            .await
            .expect("sums")
            .iter()
            .find(|t| t.table == "audit_log")
            .map(|t| t.rows)
            .expect("audit_log");
        let stop = Arc::new(AtomicBool::new(false));
        let writer = keep_writing(store.clone(), stop.clone());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;

        let file = scratch(&format!(
            "{}.jsonl",
            if src.dialect() == duban_store::Dialect::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        ));
        let file_s = file.to_str().expect("utf-8");
        let url = src.url.clone();
        let (ok, out, err) = tokio::task::spawn_blocking({
            let file_s = file_s.to_string();
            move || duban(&["backup", "--database-url", &url, "--out", &file_s])
        })
        .await
        .expect("join");
        stop.store(true, Ordering::Relaxed);
        let written = writer.await.expect("writer");
        assert!(ok, "{src}: backup: {err}");
        assert!(out.contains("exported"), "{out}");

        let manifest = manifest_of(&file);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
            assert_eq!(
                mode & 0o777,
                0o600,
                "a backup is readable by its owner only"
            );
        }
        let rows: u64 = manifest.iter().map(|t| t.rows).sum();
        let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        // Figures for docs/RELIABILITY.md, not assertions.
        eprintln!(
            "{src}: backup of {} tables, {rows} rows, {bytes} bytes, taken while {written} audited writes ran",
            manifest.len()
        );
        let in_backup = manifest
            .iter()
            .find(|t| t.table == "audit_log")
            .map(|t| t.rows)
            .expect("audit_log in the manifest");
        assert!(
            in_backup >= before && in_backup <= before + written,
            "{src}: the snapshot holds the log as of one moment of the load"
        );
        for t in [
            "units",
            "users",
            "plans",
            "items",
            "indicators",
            "reports",
            "history",
        ] {
            assert!(
                manifest.iter().any(|s| s.table == t && s.rows > 0),
                "{src}: {t} has rows in the backup"
            );
        }

        let (ok, _, err) = duban(&["backup", "--database-url", &src.url, "--out", file_s]);
        assert!(
            !ok && err.contains("not overwriting"),
            "an existing backup is never overwritten: {err}"
        );

        for target in TestDb::all().await {
            let what = format!("{src} -> {target}");
            let (ok, out, err) =
                duban(&["restore", "--from", file_s, "--database-url", &target.url]);
            assert!(ok, "{what}: restore: {err}");
            assert!(out.contains("checksums agree"), "{out}");
            check_restored(&target.url, &manifest, &what).await;

            let again = Store::open(&target.url).await.expect("open");
            let held = again.table_sums().await.expect("sums");
            let (ok, _, err) = duban(&["restore", "--from", file_s, "--database-url", &target.url]);
            assert!(
                !ok && err.contains("not empty") && err.contains("不是空库"),
                "{what}: a database with data is refused: {err}"
            );
            assert_eq!(
                again.table_sums().await.expect("sums"),
                held,
                "{what}: a refused restore changes nothing"
            );
            again.close().await;
        }
        store.close().await;
        let _ = std::fs::remove_file(&file);
    }
}

#[tokio::test]
async fn a_cut_or_altered_backup_is_refused_and_leaves_the_target_empty() {
    let src = TestDb::sqlite().await;
    let store = demo_store(&src).await;
    let file = scratch("whole.jsonl");
    let mut bytes = Vec::new();
    let _: Manifest = store.export(&mut bytes).await.expect("export");
    store.close().await;
    let text = String::from_utf8(bytes).expect("utf-8");

    let lines: Vec<&str> = text.lines().collect();
    let cut = lines[..lines.len() - 1].join("\n");
    // Change one value of one row (the first to name the plan's projects).
    let altered = text.replacen("民生实事", "民生工程", 1);
    assert_ne!(altered, text, "the demo has a unit to alter");
    for (name, body) in [("cut", cut), ("altered", altered)] {
        std::fs::write(&file, body).expect("write");
        for target in TestDb::all().await {
            let (ok, _, err) = duban(&[
                "restore",
                "--from",
                file.to_str().expect("utf-8"),
                "--database-url",
                &target.url,
            ]);
            assert!(!ok, "{name} -> {target}: refused");
            assert!(err.contains("not a valid backup file"), "{name}: {err}");
            let t = Store::open(&target.url).await.expect("open");
            assert!(
                t.table_sums()
                    .await
                    .expect("sums")
                    .iter()
                    .all(|s| s.rows == 0 || s.table == "audit_head"),
                "{name} -> {target}: nothing was kept"
            );
            t.close().await;
        }
    }
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn a_sqlite_copy_is_a_whole_database_that_verifies() {
    let src = TestDb::sqlite().await;
    let store = demo_store(&src).await;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = keep_writing(store.clone(), stop.clone());
    let copy = scratch("copy.db");
    let (ok, out, err) = tokio::task::spawn_blocking({
        let url = src.url.clone();
        let copy = copy.to_str().expect("utf-8").to_string();
        move || {
            duban(&[
                "backup",
                "--database-url",
                &url,
                "--out",
                &copy,
                "--format",
                "sqlite-copy",
            ])
        }
    })
    .await
    .expect("join");
    stop.store(true, Ordering::Relaxed);
    writer.await.expect("writer");
    assert!(ok, "{err}");
    assert!(out.contains("copied"), "{out}");
    let copied = Store::open(&format!("sqlite://{}", copy.display()))
        .await
        .expect("open the copy");
    assert!(copied.verify_audit(None).await.expect("verify").is_ok());
    copied.close().await;
    let (ok, _, err) = duban(&[
        "restore",
        "--from",
        copy.to_str().expect("utf-8"),
        "--database-url",
        &TestDb::sqlite().await.url,
    ]);
    assert!(!ok && err.contains("SQLite copy"), "{err}");
    store.close().await;
    for s in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{s}", copy.display()));
    }
}
