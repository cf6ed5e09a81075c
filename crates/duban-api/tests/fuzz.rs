//! API fuzzing: schemathesis (from PyPI) reads `/api/v1/openapi.json` from a live
//! server and sends what the document allows and what it forbids, as each role and
//! as nobody, with every check on (tests/fuzz/schemathesis.toml says which statuses
//! count as refusals). It must find no server error, no answer that breaks the
//! document, and no bad input taken.
//!
//! Each run gets a fresh server on fresh demo data: one role's changes (an account
//! deactivated, a period closed) must not starve the next. Without schemathesis on
//! the PATH the test says so and passes, unless `DUBAN_REQUIRE_FUZZ=1` (as `.ci/run`
//! sets, having installed it). `DUBAN_FUZZ_EXAMPLES` sets the examples per operation.

mod common;

use std::process::Command;

use common::apps;

/// Who is fuzzed as (None: nobody), in which phases, and whether on PostgreSQL too.
/// The coverage phase (every boundary of every parameter) runs for the two roles
/// that write the most; the others get the random phase. Sized to keep `.ci/run`
/// within minutes on two cores; docs/RELIABILITY.md has the counts.
const RUNS: [(Option<&str>, &str, bool); 9] = [
    (None, "fuzzing", true),
    (Some("tb-jiaoyu"), "coverage,fuzzing", true),
    (Some("ducha"), "coverage,fuzzing", true),
    (Some("yibao-sh"), "fuzzing", false),
    (Some("lingdao"), "fuzzing", false),
    (Some("pinggu"), "fuzzing", false),
    (Some("xitong"), "fuzzing", true),
    (Some("anquan"), "fuzzing", false),
    (Some("shenji"), "fuzzing", false),
];

fn schemathesis() -> Option<String> {
    let bin = std::env::var("DUBAN_SCHEMATHESIS").unwrap_or_else(|_| "schemathesis".into());
    let found = Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    found.then_some(bin)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_error_no_broken_answer_and_no_bad_input_taken() {
    let Some(bin) = schemathesis() else {
        assert!(
            std::env::var("DUBAN_REQUIRE_FUZZ").is_err(),
            "DUBAN_REQUIRE_FUZZ is set but schemathesis is not installed"
        );
        println!("skipped: schemathesis is not installed (pip install schemathesis)");
        return;
    };
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz/schemathesis.toml");
    let examples = std::env::var("DUBAN_FUZZ_EXAMPLES").unwrap_or_else(|_| "5".into());
    for (who, phases, on_postgres) in RUNS {
        for app in apps().await {
            if !on_postgres && app.db.dialect() == duban_store::Dialect::Postgres {
                continue;
            }
            let mut cmd = Command::new(&bin);
            cmd.args(["--config-file", config, "run"])
                .arg(format!("{}/api/v1/openapi.json", app.base))
                .args(["--checks", "all", "--max-examples", &examples])
                .args(["--workers", "2", "--seed", "20190615"])
                .args(["--phases", phases])
                // Logging out would end the session the run is made with.
                .args(["--exclude-path", "/api/v1/auth/logout"])
                .env("NO_COLOR", "1");
            if let Some(username) = who {
                let token = app.token(username).await;
                cmd.args(["-H", &format!("Authorization: Bearer {token}")]);
            }
            let out = tokio::task::spawn_blocking(move || cmd.output())
                .await
                .expect("join")
                .expect("run schemathesis");
            let text = String::from_utf8_lossy(&out.stdout);
            let who = who.unwrap_or("anonymous");
            assert!(
                out.status.success(),
                "{} as {who}:\n{text}\n{}",
                app.db,
                String::from_utf8_lossy(&out.stderr)
            );
            let cases = text
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(" generated"))
                .unwrap_or("");
            println!("{} as {who}: {cases}", app.db);
        }
    }
}
