//! The binary as an operator uses it: migrate, manage accounts with passwords on
//! standard input, keep the audit log whole, and the demo served on a free port.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::listening;

use duban_store::testing::TestDb;
use sqlx::{AnyConnection, Connection};

fn duban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duban"));
    c.env_remove("DUBAN_DATABASE_URL")
        .env_remove("DUBAN_EVIDENCE_DIR")
        .env_remove("DUBAN_MAX_UPLOAD_MIB")
        .env_remove("DUBAN_AUDIT_KEY_FILE")
        .env_remove("DUBAN_DATA_KEY_FILE")
        .env("DUBAN_LOG", "warn");
    c
}

/// Runs `duban args…` with `stdin` fed in; returns (success, stdout, stderr).
fn run(args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = duban()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn duban");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn accounts_are_managed_from_the_command_line_with_passwords_on_standard_input() {
    for db in TestDb::all().await {
        let url = db.url.as_str();
        let (ok, out, err) = run(&["migrate", "--database-url", url], "");
        assert!(ok, "{db}: migrate: {err}");
        assert!(
            out.contains("migration(s) applied") && !out.contains(" 0 "),
            "a fresh database takes the migrations: {out}"
        );
        let (ok, out, _) = run(&["migrate", "--database-url", url], "");
        assert!(
            ok && out.contains(" 0 "),
            "second migrate applies nothing: {out}"
        );

        let add = [
            "user",
            "add",
            "--database-url",
            url,
            "--username",
            "Zhang",
            "--name",
            "张三",
            "--role",
            "office",
        ];
        let (ok, _, err) = run(&add, "short\n");
        assert!(
            !ok && err.contains("12"),
            "a short password is refused: {err}"
        );
        let (ok, out, err) = run(&add, "a-long-enough-passphrase-2019\n");
        assert!(ok, "{db}: {err}");
        assert!(out.contains("zhang"), "{out}");
        let (ok, _, err) = run(&add, "a-long-enough-passphrase-2019\n");
        assert!(
            !ok && err.contains("已被使用"),
            "a second zhang is refused: {err}"
        );
        let reporter = [
            "user",
            "add",
            "--database-url",
            url,
            "--username",
            "lisi",
            "--name",
            "李四",
            "--role",
            "reporter",
        ];
        let (ok, _, err) = run(&reporter, "a-long-enough-passphrase-2019\n");
        assert!(
            !ok && err.contains("--unit"),
            "a reporter needs a unit: {err}"
        );

        let (ok, out, _) = run(&["user", "list", "--database-url", url], "");
        assert!(
            ok && out.contains("zhang") && out.contains("office"),
            "{out}"
        );
        let (ok, _, err) = run(
            &[
                "user",
                "passwd",
                "--database-url",
                url,
                "--username",
                "zhang",
            ],
            "another-long-passphrase-2019\n",
        );
        assert!(ok, "{err}");
        let (ok, _, err) = run(
            &[
                "user",
                "disable",
                "--database-url",
                url,
                "--username",
                "zhang",
            ],
            "",
        );
        assert!(ok, "{err}");
        let (_, out, _) = run(&["user", "list", "--database-url", url], "");
        assert!(out.contains("已停用"), "{out}");

        let store = duban_store::Store::open(url).await.expect("open");
        let (u, hash) = store
            .user_for_login("zhang")
            .await
            .expect("read")
            .expect("zhang");
        assert!(!u.value.active);
        assert!(hash.starts_with("$argon2id$"), "stored as argon2id");
        store.close().await;
    }
}

#[tokio::test]
async fn a_lost_second_factor_is_reset_from_the_command_line() {
    for db in TestDb::all().await {
        let url = db.url.as_str();
        let add = [
            "user",
            "add",
            "--database-url",
            url,
            "--username",
            "wangwu",
            "--name",
            "王五",
            "--role",
            "office",
        ];
        let (ok, _, err) = run(&add, "a-long-enough-passphrase-2019\n");
        assert!(ok, "{db}: {err}");
        let store = duban_store::Store::open(url).await.expect("open");
        let (u, _) = store
            .user_for_login("wangwu")
            .await
            .expect("read")
            .expect("wangwu");
        let id = u.value.id;
        store
            .start_second_factor(id, "GEZDGNBVGY3TQOJQ", 1)
            .await
            .expect("start");
        assert!(
            store
                .confirm_second_factor(id, "GEZDGNBVGY3TQOJQ", 1, 2)
                .await
                .expect("confirm")
        );
        let reset = [
            "user",
            "reset-second-factor",
            "--database-url",
            url,
            "--username",
            "WangWu",
        ];
        let (ok, out, err) = run(&reset, "");
        assert!(ok && out.contains("已重置"), "{db}: {out} {err}");
        assert_eq!(store.second_factor(id).await.expect("read"), None);
        let (ok, out, _) = run(&reset, "");
        assert!(ok && out.contains("未启用"), "{out}");
        let (ok, _, err) = run(
            &[
                "user",
                "reset-second-factor",
                "--database-url",
                url,
                "--username",
                "nobody",
            ],
            "",
        );
        assert!(!ok && err.contains("账号不存在"), "{err}");
        store.close().await;
    }
}

#[test]
fn a_password_is_never_taken_as_an_argument() {
    let (ok, _, err) = run(
        &[
            "user",
            "add",
            "--database-url",
            "sqlite://x.db",
            "--username",
            "a",
            "--name",
            "A",
            "--role",
            "office",
            "--password",
            "p",
        ],
        "",
    );
    assert!(!ok && err.contains("--password"), "{err}");
}

#[tokio::test]
async fn the_demo_serves_the_seeds_plan_and_prints_its_accounts() {
    let dir = std::env::temp_dir().join(format!("duban-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("demo.db");
    let child = duban()
        .args([
            "demo",
            "--db",
            file.to_str().expect("path"),
            "--addr",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn demo");
    let (server, printed) = listening(child);
    let url = server.base.clone();
    for role in [
        "督查室工作人员",
        "单位填报员",
        "单位审核员",
        "领导",
        "第三方评估",
        "系统管理员",
        "安全管理员",
        "审计管理员",
    ] {
        assert!(printed.contains(role), "{role} missing from:\n{printed}");
    }
    assert!(
        printed.contains("ducha      MR2WEYLOFVSGK3LPFVSHKY3IMEXC4LRO"),
        "the office's second-factor key: {printed}"
    );
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{url}/api/v1/auth/token"))
        .json(&serde_json::json!({"username": "lingdao", "password": "lingdao-demo-2019"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let plans: serde_json::Value = http
        .get(format!("{url}/api/v1/plans"))
        .bearer_auth(token["access_token"].as_str().expect("token"))
        .send()
        .await
        .expect("plans")
        .json()
        .await
        .expect("json");
    assert_eq!(plans["items"][0]["title"], "2019年20项重点民生实事");
    assert_eq!(plans["items"][0]["areas"].as_array().map(Vec::len), Some(6));
    // Evidence files are kept beside the demo database, in a directory of their own,
    // and so is the data key it made, owner-only.
    assert!(dir.join("evidence").is_dir(), "{printed}");
    assert_eq!(mode_of(&dir.join("demo.key")), 0o600, "{printed}");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_keeps_evidence_where_it_is_told_and_refuses_an_upload_limit_of_nothing() {
    let dir = std::env::temp_dir().join(format!("duban-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let url = format!("sqlite://{}", dir.join("serve.db").display());
    let files = dir.join("files").join("evidence");
    let child = duban()
        .args(["serve", "--database-url", &url, "--addr", "127.0.0.1:0"])
        .env("DUBAN_EVIDENCE_DIR", &files)
        .env("DUBAN_MAX_UPLOAD_MIB", "5")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let (server, printed) = listening(child);
    assert!(printed.contains(&files.display().to_string()), "{printed}");
    assert!(files.is_dir(), "made at start: {printed}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700, "readable by the server only");
    }
    drop(server);

    let (ok, _, err) = run(
        &["serve", "--database-url", &url, "--max-upload-mib", "0"],
        "",
    );
    assert!(!ok && err.contains("--max-upload-mib"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The permission bits of a file (0 off Unix, where they do not apply).
fn mode_of(path: &std::path::Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0o600
    }
}

#[test]
fn keygen_writes_an_owner_only_key_and_never_overwrites_one() {
    let dir = std::env::temp_dir().join(format!("duban-keygen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("data.key");
    let path = file.to_str().expect("path");
    let (ok, out, err) = run(&["keygen", "--out", path], "");
    assert!(ok, "{err}");
    assert!(out.contains("back it up"), "{out}");
    let key = std::fs::read_to_string(&file).expect("key");
    assert_eq!(key.trim().len(), 64);
    assert!(key.trim().bytes().all(|b| b.is_ascii_hexdigit()), "{key}");
    assert_eq!(mode_of(&file), 0o600);
    let (ok, _, err) = run(&["keygen", "--out", path], "");
    assert!(!ok && err.contains("never overwritten"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("key"), key, "kept");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn serve_refuses_to_start_without_the_key_of_the_personal_data_it_holds() {
    use duban_store::cipher::{DataKey, Sm4Cipher};
    use duban_store::users::AccountChange;
    let dir = std::env::temp_dir().join(format!("duban-datakey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (right, wrong, loose) = (
        dir.join("right.key"),
        dir.join("wrong.key"),
        dir.join("loose.key"),
    );
    for f in [&right, &wrong, &loose] {
        let (ok, _, err) = run(&["keygen", "--out", f.to_str().expect("path")], "");
        assert!(ok, "{err}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let url = format!("sqlite://{}", dir.join("keyed.db").display());
    let key = DataKey::parse(&std::fs::read_to_string(&right).expect("key")).expect("key");
    let store = duban_store::Store::open(&url)
        .await
        .expect("open")
        .with_data_cipher(std::sync::Arc::new(Sm4Cipher::new(&key)));
    let u = store
        .create_user(
            &duban_store::users::NewUser {
                username: "zhang",
                display_name: "张三",
                role: duban_domain::Role::Office,
                unit_id: None,
                password_hash: "h",
                demo: false,
                mobile: None,
                id_number: None,
            },
            duban_store::Change::now(None),
        )
        .await
        .expect("account");
    let m = duban_domain::personal::Mobile::parse("mobile", "13812341234").expect("mobile");
    let c = AccountChange {
        mobile: Some(Some(&m)),
        ..AccountChange::default()
    };
    store
        .update_account(u.value.id, None, &c, duban_store::Change::now(None))
        .await
        .expect("mobile");
    store.close().await;

    let serve = |key: Option<&std::path::Path>| {
        let mut args = vec!["serve", "--database-url", &url, "--addr", "127.0.0.1:0"];
        if let Some(k) = key {
            args.extend(["--data-key-file", k.to_str().expect("path")]);
        }
        run(&args, "")
    };
    let (ok, _, err) = serve(None);
    assert!(!ok && err.contains("no data key is configured"), "{err}");
    let (ok, _, err) = serve(Some(&wrong));
    assert!(!ok && err.contains("not the configured one"), "{err}");
    #[cfg(unix)]
    {
        let (ok, _, err) = serve(Some(&loose));
        assert!(!ok && err.contains("chmod 600"), "{err}");
    }
    // The CLI reads accounts with the key, and not without it.
    let list = ["user", "list", "--database-url", &url];
    let (ok, _, err) = run(&list, "");
    assert!(!ok && err.contains("no data key"), "{err}");
    let right_path = right.to_str().expect("path");
    let (ok, out, err) = run(&[&list[..], &["--data-key-file", right_path]].concat(), "");
    assert!(ok && out.contains("zhang"), "{err}");

    let child = duban()
        .args(["serve", "--database-url", &url, "--addr", "127.0.0.1:0"])
        .env("DUBAN_DATA_KEY_FILE", &right)
        .env("DUBAN_EVIDENCE_DIR", dir.join("evidence"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let (server, printed) = listening(child);
    assert!(
        printed.contains("http://"),
        "starts with its key: {printed}"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
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
