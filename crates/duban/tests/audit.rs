//! `duban audit` as an operator uses it: make a key, seal, verify; and a record changed
//! behind the database's back is named.

use std::process::Command;

use duban_store::testing::TestDb;
use sqlx::{AnyConnection, Connection};

/// Runs `duban args…`; returns (success, stdout, stderr).
fn run(args: &[&str], stdin: &str) -> (bool, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .env_remove("DUBAN_DATABASE_URL")
        .env_remove("DUBAN_AUDIT_KEY_FILE")
        .env("DUBAN_LOG", "warn")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn duban");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    let out = child.wait_with_output().expect("wait");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_audit_log_is_sealed_and_verified_from_the_command_line_and_a_change_behind_its_back_is_named()
 {
    for db in TestDb::all().await {
        let url = db.url.as_str();
        let dir = std::env::temp_dir().join(format!("duban-audit-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let key = dir.join(format!("{:?}.key", db.dialect()));
        let _ = std::fs::remove_file(&key);
        let key = key.to_str().expect("utf-8 path");

        let (ok, out, err) = run(&["audit", "keygen", "--out", key], "");
        assert!(ok && out.contains(key), "{err}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key)
                .expect("key file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "the key is its owner's alone");
        }
        let (ok, _, err) = run(&["audit", "keygen", "--out", key], "");
        assert!(
            !ok && err.contains("无法创建密钥文件"),
            "never overwritten: {err}"
        );

        for name in ["zhang", "wang"] {
            let add = [
                "user",
                "add",
                "--database-url",
                url,
                "--username",
                name,
                "--name",
                "张三",
                "--role",
                "office",
            ];
            let (ok, _, err) = run(&add, "a-long-enough-passphrase-2019\n");
            assert!(ok, "{db}: {err}");
        }
        let (ok, out, err) = run(
            &[
                "audit",
                "seal",
                "--database-url",
                url,
                "--audit-key-file",
                key,
            ],
            "",
        );
        assert!(ok && out.contains("sealed up to record 2"), "{out}{err}");
        let verify = [
            "audit",
            "verify",
            "--database-url",
            url,
            "--audit-key-file",
            key,
        ];
        let (ok, out, err) = run(&verify, "");
        assert!(ok, "{err}");
        assert!(
            out.contains("audit log intact: 2 records, 1 checkpoints"),
            "{out}"
        );
        assert!(out.contains("signed up to record 2"), "{out}");

        // Changes from the command line say so.
        sqlx::any::install_default_drivers();
        let mut conn = AnyConnection::connect(url).await.expect("connect");
        let address: String = sqlx::query_scalar("SELECT address FROM audit_log WHERE seq = 1")
            .fetch_one(&mut conn)
            .await
            .expect("record 1");
        assert_eq!(address, "cli");

        // Someone with the database's owner rights drops the guard and edits record 1.
        let drop = match db.dialect() {
            duban_store::Dialect::Sqlite => "DROP TRIGGER audit_log_no_update",
            duban_store::Dialect::Postgres => "DROP TRIGGER audit_log_append_only ON audit_log",
        };
        sqlx::query(drop)
            .execute(&mut conn)
            .await
            .expect("drop trigger");
        sqlx::query("UPDATE audit_log SET actor = 'nobody' WHERE seq = 1")
            .execute(&mut conn)
            .await
            .expect("tamper");
        conn.close().await.expect("close");
        let (ok, _, err) = run(&verify, "");
        assert!(!ok, "a tampered log fails the check");
        assert!(
            err.contains("第1条审计记录") && err.contains("audit record 1"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
