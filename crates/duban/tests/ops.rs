//! What an operator sets up: the settings file under the environment and the flags,
//! structured logs with request ids, and the server started from a file alone.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use duban_store::testing::TestDb;

fn duban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duban"));
    for (k, _) in std::env::vars() {
        if k.starts_with("DUBAN_") {
            c.env_remove(k);
        }
    }
    c.env("DUBAN_LOG", "warn");
    c
}

fn output(c: &mut Command) -> (bool, String, String) {
    let out = c.output().expect("run duban");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn config_file(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("duban-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let p = dir.join(name);
    std::fs::write(&p, body).expect("write config");
    p
}

/// The line of `--check-config` naming `key`.
fn line<'a>(out: &'a str, key: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in {out}"))
}

#[test]
fn flags_beat_the_environment_which_beats_the_settings_file_which_beats_the_defaults() {
    let file = config_file(
        "layers.toml",
        r#"
database_url = "sqlite://from-file.db"
addr = "127.0.0.1:9001"
max_upload_mib = 50
sweep_minutes = 3
trusted_proxy = true
second_factor_roles = ["office", "sysadmin"]
smtp_url = "smtp://user:secret-pass@relay:587"
"#,
    );
    let (ok, out, err) = output(
        duban()
            .args(["serve", "--config"])
            .arg(&file)
            .args(["--addr", "127.0.0.1:9003", "--check-config"])
            .env("DUBAN_MAX_UPLOAD_MIB", "70")
            .env("DUBAN_ADDR", "127.0.0.1:9002"),
    );
    assert!(ok, "{err}");
    assert!(line(&out, "addr").contains("127.0.0.1:9003") && line(&out, "addr").contains("flag"));
    assert!(
        line(&out, "max_upload_mib").contains("\"70\"")
            && line(&out, "max_upload_mib").contains("environment")
    );
    assert!(
        line(&out, "sweep_minutes").contains("\"3\"")
            && line(&out, "sweep_minutes").contains("config file")
    );
    assert!(line(&out, "database_url").contains("from-file.db"));
    assert!(
        line(&out, "trusted_proxy").contains("true")
            && line(&out, "trusted_proxy").contains("config file")
    );
    assert!(line(&out, "second_factor_roles").contains("office,sysadmin"));
    assert!(
        line(&out, "outbox_lease_secs").contains("\"120\"")
            && line(&out, "outbox_lease_secs").contains("default")
    );
    assert!(
        !out.contains("secret-pass") && line(&out, "smtp_url").contains("hidden"),
        "secrets are not printed: {out}"
    );

    // The file is named by DUBAN_CONFIG as well.
    let (ok, out, err) = output(
        duban()
            .args(["serve", "--check-config"])
            .env("DUBAN_CONFIG", &file),
    );
    assert!(ok, "{err}");
    assert!(line(&out, "addr").contains("9001") && line(&out, "addr").contains("config file"));
}

#[test]
fn a_settings_file_with_an_unknown_or_bad_setting_is_refused_with_its_name() {
    let unknown = config_file(
        "unknown.toml",
        "database_url = \"sqlite://x.db\"\nmax_upload = 5\n",
    );
    let (ok, _, err) = output(
        duban()
            .args(["serve", "--check-config", "--config"])
            .arg(&unknown),
    );
    assert!(
        !ok && err.contains("max_upload")
            && err.contains("未知设置")
            && err.contains("unknown setting"),
        "{err}"
    );

    let bad = config_file(
        "bad.toml",
        "database_url = \"sqlite://x.db\"\nmax_upload_mib = 5000\n",
    );
    let (ok, _, err) = output(
        duban()
            .args(["serve", "--check-config", "--config"])
            .arg(&bad),
    );
    assert!(
        !ok && err.contains("max-upload-mib") && err.contains("5000"),
        "{err}"
    );

    let broken = config_file("broken.toml", "database_url = \n");
    let (ok, _, err) = output(
        duban()
            .args(["serve", "--check-config", "--config"])
            .arg(&broken),
    );
    assert!(!ok && err.contains("TOML"), "{err}");

    let (ok, _, err) = output(duban().args([
        "serve",
        "--check-config",
        "--config",
        "/nonexistent/duban.toml",
    ]));
    assert!(
        !ok && err.contains("cannot read the configuration file"),
        "{err}"
    );
}

/// Kills the server when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_server_runs_from_a_settings_file_alone() {
    let db = TestDb::sqlite().await;
    let evidence = std::env::temp_dir().join(format!("duban-ops-ev-{}", std::process::id()));
    let file = config_file(
        "serve.toml",
        &format!(
            "database_url = {:?}\naddr = \"127.0.0.1:0\"\nevidence_dir = {:?}\nsweep_minutes = 0\n",
            db.url,
            evidence.display().to_string()
        ),
    );
    let mut child = duban()
        .args(["serve", "--config"])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let url = loop {
        match lines.next() {
            Some(Ok(l)) if l.contains("http://") => {
                break l[l.find("http://").expect("url")..].trim().to_string();
            }
            Some(Ok(_)) => {}
            _ => panic!("serve stopped before listening"),
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let server = Server(child);
    let r = reqwest::get(format!("{url}/readyz")).await.expect("readyz");
    assert_eq!(r.status(), 200);
    drop(server);
    let _ = std::fs::remove_dir_all(&evidence);
}

#[tokio::test]
async fn json_logs_carry_the_request_id_on_every_line_of_that_request() {
    let db = TestDb::sqlite().await;
    let evidence = std::env::temp_dir().join(format!("duban-ops-ev2-{}", std::process::id()));
    let mut child = duban()
        .args(["serve", "--database-url", &db.url, "--addr", "127.0.0.1:0"])
        .args([
            "--sweep-minutes",
            "0",
            "--trusted-proxy",
            "--log-format",
            "json",
        ])
        .env("DUBAN_EVIDENCE_DIR", &evidence)
        .env("DUBAN_LOG", "info,sqlx=warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let url = loop {
        match lines.next() {
            Some(Ok(l)) if l.contains("http://") => {
                break l[l.find("http://").expect("url")..].trim().to_string();
            }
            Some(Ok(_)) => {}
            _ => panic!("serve stopped before listening"),
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let server = Server(child);
    let id = "trace-4b9e0d1c7a2f";
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{url}/api/v1/me"))
        .header("x-request-id", id)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["x-request-id"], id);
    // The request's line arrives (log lines are written as they happen; the wait is
    // bounded so that a missing line fails instead of hanging).
    let mut mine = Vec::new();
    while let Ok(l) = rx.recv_timeout(std::time::Duration::from_secs(10)) {
        let v: serde_json::Value =
            serde_json::from_str(&l).unwrap_or_else(|e| panic!("not a JSON line: {l}: {e}"));
        assert!(v["timestamp"].is_string() && v["level"].is_string(), "{l}");
        if v["span"]["request_id"] == id {
            let done = v["fields"]["message"] == "answered";
            mine.push(v);
            if done {
                break;
            }
        }
    }
    let last = mine.last().expect("a line of the request");
    assert_eq!(last["fields"]["message"], "answered");
    assert_eq!(last["fields"]["status"], 401);
    assert_eq!(last["span"]["method"], "GET");
    drop(server);
    let _ = std::fs::remove_dir_all(&evidence);
}

#[test]
fn the_example_settings_file_in_deploy_is_accepted() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../deploy/duban.toml");
    let (ok, out, err) = output(duban().args(["serve", "--check-config", "--config", example]));
    assert!(ok, "{err}");
    assert!(line(&out, "trusted_proxy").contains("true"));
    assert!(
        line(&out, "log_format").contains("json")
            && line(&out, "log_format").contains("config file")
    );
}
