//! The audit log on both databases: every change and security event is recorded in
//! its transaction, the log refuses raw UPDATE and DELETE, checkpoints sign the head,
//! and tampering with the stored rows — by someone who got past the triggers — is
//! caught, naming the first bad record.

use std::fmt::Debug;

use duban_domain::audit::{Fault, HmacSm3, KEY_BYTES};
use duban_domain::{Role, UnitFields, UnitId, UserId};
use duban_store::audit::{Entry, Filter, Who, verify_on, with_address};
use duban_store::testing::TestDb;
use duban_store::users::{NewUser, SessionKind};
use duban_store::{Change, Dialect, Page, Store};
use sqlx::{AnyConnection, Connection};

const T0: i64 = 1_559_347_200_000;

fn ok<T, E: Debug>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("unexpected error: {e:?}"))
}

fn key() -> HmacSm3 {
    HmacSm3::new([3; KEY_BYTES])
}

async fn open(db: &TestDb) -> Store {
    println!("-- running on {db}");
    ok(Store::open(&db.url).await)
}

/// A unit changed twice, an account, a session opened and ended, a failed login;
/// `round` keeps codes and names apart when called again.
async fn some_history(s: &Store, round: u32) -> (UnitId, UserId) {
    let code = format!("hrss{round}");
    let username = format!("duchashi{round}");
    let session = format!("h{round}");
    let fields = |name: &str| ok(UnitFields::parse(&code, name, "department", None, 1, true));
    let sys = Change {
        actor: None,
        at: T0,
    };
    let unit = ok(s.create_unit(&fields("市人社局"), sys).await).value.id;
    let n = NewUser {
        username: &username,
        display_name: "督查室",
        role: Role::Office,
        unit_id: None,
        password_hash: "$argon2id$v=19$fixture",
        demo: false,
        mobile: None,
        id_number: None,
    };
    let user = ok(s.create_user(&n, sys).await).value.id;
    let by_user = Change {
        actor: Some(user),
        at: T0 + 1000,
    };
    ok(
        s.update_unit(unit, 1, &fields("市人力资源社会保障局"), by_user)
            .await,
    );
    ok(s.create_session(
        &session,
        user,
        SessionKind::Cookie,
        T0 + 2000,
        T0 + 9_000_000,
    )
    .await);
    ok(s.revoke_session(&session, T0 + 3000).await);
    ok(s.record_login_failure("nobody", T0 + 4000).await);
    (unit, user)
}

#[tokio::test]
async fn every_change_and_security_event_is_recorded_with_who_where_and_before_and_after() {
    for db in TestDb::all().await {
        let s = open(&db).await;
        let (unit, user) = with_address("10.1.2.3".into(), some_history(&s, 0)).await;
        let all = ok(s.audit_records(&Filter::default(), Page::default()).await);
        let events: Vec<&str> = all
            .items
            .iter()
            .rev()
            .map(|r| r.record.event.as_str())
            .collect();
        assert_eq!(
            events,
            [
                "unit.create",
                "user.create",
                "unit.update",
                "login.success",
                "logout",
                "login.failure"
            ]
        );
        let update = &all.items[3].record;
        assert_eq!(update.object, format!("unit:{}", unit.0));
        assert_eq!(
            (update.actor_id, update.actor.as_str()),
            (Some(user.0), "duchashi0")
        );
        assert_eq!(
            (update.role.as_str(), update.address.as_str()),
            ("office", "10.1.2.3")
        );
        assert!(update.before.as_deref().unwrap().contains("市人社局"));
        assert!(
            update
                .after
                .as_deref()
                .unwrap()
                .contains("市人力资源社会保障局")
        );
        let failure = &all.items[0].record;
        assert_eq!(
            (failure.role.as_str(), failure.outcome.as_str()),
            ("anonymous", "denied")
        );
        assert_eq!(failure.object, "username:nobody");
        // Sessions are named by kind; no secret or hash of one is ever recorded.
        for r in &all.items {
            let text = format!("{:?}", r.record);
            assert!(!text.contains("h0\"") && !text.contains("argon2"), "{text}");
        }
        // Filters: by event prefix and by person.
        let logins = Filter {
            event: Some("login.".into()),
            ..Filter::default()
        };
        assert_eq!(ok(s.audit_records(&logins, Page::default()).await).total, 2);
        let theirs = Filter {
            actor_id: Some(user.0),
            ..Filter::default()
        };
        assert_eq!(ok(s.audit_records(&theirs, Page::default()).await).total, 3);
        let summary = ok(ok(s.verify_audit(Some(&key())).await).map_err(|b| b.describe()));
        assert_eq!((summary.records, summary.anchored_to), (6, 0));
    }
}

#[tokio::test]
async fn a_change_that_fails_leaves_no_audit_record() {
    for db in TestDb::all().await {
        let s = open(&db).await;
        some_history(&s, 0).await;
        let before = ok(s.audit_records(&Filter::default(), Page::default()).await).total;
        let fields = ok(UnitFields::parse(
            "hrss0",
            "重复",
            "department",
            None,
            2,
            true,
        ));
        let dup = s
            .create_unit(
                &fields,
                Change {
                    actor: None,
                    at: T0,
                },
            )
            .await;
        assert!(dup.is_err(), "the unit code is taken");
        let after = ok(s.audit_records(&Filter::default(), Page::default()).await).total;
        assert_eq!(before, after);
        assert!(ok(s.verify_audit(None).await).is_ok());
    }
}

#[tokio::test]
async fn the_database_refuses_raw_updates_and_deletes_of_the_log() {
    for db in TestDb::all().await {
        let s = open(&db).await;
        some_history(&s, 0).await;
        ok(s.seal_audit(&key(), T0).await);
        let mut conn = ok(AnyConnection::connect(&db.url).await);
        for sql in [
            "UPDATE audit_log SET actor = 'x' WHERE seq = 1",
            "DELETE FROM audit_log WHERE seq = 6",
            "UPDATE audit_checkpoints SET at = 0",
            "DELETE FROM audit_checkpoints",
            "DELETE FROM audit_head",
        ] {
            let r = sqlx::query(sql).execute(&mut conn).await;
            let e = r.expect_err(sql).to_string();
            assert!(
                e.contains("append-only") || e.contains("cannot be deleted"),
                "{sql}: {e}"
            );
        }
        if db.dialect() == Dialect::Postgres {
            let r = sqlx::query("TRUNCATE audit_log").execute(&mut conn).await;
            assert!(r.is_err(), "TRUNCATE is refused too");
        }
        assert!(ok(s.verify_audit(Some(&key())).await).is_ok());
    }
}

#[tokio::test]
async fn sealing_signs_the_head_once_and_a_wrong_key_fails_the_check() {
    for db in TestDb::all().await {
        let s = open(&db).await;
        assert!(
            ok(s.seal_audit(&key(), T0).await).is_none(),
            "nothing to seal yet"
        );
        some_history(&s, 0).await;
        let c = ok(s.seal_audit(&key(), T0).await).expect("a checkpoint");
        assert_eq!(c.seq, 6);
        assert!(
            ok(s.seal_audit(&key(), T0 + 1).await).is_none(),
            "already sealed"
        );
        let summary = ok(ok(s.verify_audit(Some(&key())).await).map_err(|b| b.describe()));
        assert_eq!((summary.anchored_to, summary.checkpoints), (6, 1));
        let other = HmacSm3::new([4; KEY_BYTES]);
        let broken = ok(s.verify_audit(Some(&other)).await).unwrap_err();
        assert_eq!((broken.seq, broken.fault), (6, Fault::BadSignature));
        // Without a key the chain still holds together.
        assert!(ok(s.verify_audit(None).await).is_ok());
    }
}

#[tokio::test]
async fn concurrent_writers_are_chained_one_after_another() {
    for db in TestDb::all().await {
        let s = open(&db).await;
        let tasks: Vec<_> = (0..24)
            .map(|i| {
                let s = s.clone();
                tokio::spawn(async move {
                    let e = Entry::event(T0 + i, Who::System, "test.event", format!("n:{i}"), "ok");
                    s.audit_event(e).await
                })
            })
            .collect();
        for t in tasks {
            ok(ok(t.await));
        }
        let summary = ok(ok(s.verify_audit(None).await).map_err(|b| b.describe()));
        assert_eq!(summary.records, 24);
    }
}

/// A tampering done with raw SQL, triggers dropped, inside a transaction that is
/// rolled back after the check; and the record the check must name.
struct Tamper {
    sql: Vec<String>,
    first_bad: i64,
}

/// The `n`-th tampering of a log of `len` records sealed at its end, chosen by a
/// small deterministic generator so a failure can be replayed.
fn tamper(n: u64, len: i64) -> Tamper {
    let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut next = |m: i64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as i64
    };
    let k = next(len) + 1;
    let column = [
        "at", "actor", "role", "address", "event", "object", "outcome", "hash",
    ];
    match n % 6 {
        0 => {
            let c = column[next(column.len() as i64) as usize];
            let set = if c == "at" {
                "at = at + 1".to_string()
            } else if c == "hash" {
                "hash = '00' || substr(hash, 3)".to_string()
            } else {
                format!("{c} = {c} || 'x'")
            };
            Tamper {
                sql: vec![format!("UPDATE audit_log SET {set} WHERE seq = {k}")],
                first_bad: k,
            }
        }
        1 => Tamper {
            sql: vec![format!("DELETE FROM audit_log WHERE seq = {k}")],
            first_bad: k,
        },
        2 => Tamper {
            // Cut the tail and move the head back to match: the checkpoint still knows.
            sql: vec![
                format!("DELETE FROM audit_log WHERE seq >= {k}"),
                format!(
                    "UPDATE audit_head SET seq = {p}, hash = COALESCE((SELECT hash FROM audit_log \
                     WHERE seq = {p}), '{z}')",
                    p = k - 1,
                    z = "0".repeat(64)
                ),
            ],
            first_bad: k,
        },
        3 => {
            // Swap two records' contents, keeping their places.
            let j = next(len) + 1;
            let (a, b) = (k.min(j), k.max(j));
            if a == b {
                return tamper(n + 6, len);
            }
            Tamper {
                sql: vec![
                    format!("UPDATE audit_log SET seq = -1 WHERE seq = {a}"),
                    format!("UPDATE audit_log SET seq = {a} WHERE seq = {b}"),
                    format!("UPDATE audit_log SET seq = {b} WHERE seq = -1"),
                ],
                first_bad: a,
            }
        }
        4 => Tamper {
            // Insert a record at k, moving the later ones up by one.
            sql: vec![
                format!("UPDATE audit_log SET seq = -seq - 1 WHERE seq >= {k}"),
                "UPDATE audit_log SET seq = -seq WHERE seq < 0".into(),
                format!(
                    "INSERT INTO audit_log (seq, at, actor, role, address, event, object, \
                     outcome, hash) SELECT {k}, at, actor, role, address, event, object, \
                     outcome, hash FROM audit_log WHERE seq = {s}",
                    // Another record's content: with this place's number it cannot fit.
                    s = if k > 1 { k - 1 } else { 3 }
                ),
            ],
            first_bad: k,
        },
        _ => Tamper {
            sql: vec![
                "UPDATE audit_checkpoints SET signature = '00' || substr(signature, 3)".into(),
            ],
            first_bad: len,
        },
    }
}

const DROP_TRIGGERS_SQLITE: &[&str] = &[
    "DROP TRIGGER audit_log_no_update",
    "DROP TRIGGER audit_log_no_delete",
    "DROP TRIGGER audit_checkpoints_no_update",
];
const DROP_TRIGGERS_PG: &[&str] = &[
    "DROP TRIGGER audit_log_append_only ON audit_log",
    "DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints",
];

/// Tampering runs per database; with the 1,000 cases of the domain's property test
/// (`duban_domain::audit::tests`) this checks the stored form the same way.
const TAMPERINGS: u64 = 150;

#[tokio::test]
async fn tampering_with_the_stored_log_is_caught_and_the_first_bad_record_named() {
    for db in TestDb::all().await {
        let s = open(&db).await;
        for round in 0..4 {
            some_history(&s, round).await;
        }
        ok(s.seal_audit(&key(), T0).await);
        let len = ok(ok(s.verify_audit(Some(&key())).await).map_err(|b| b.describe())).records;
        assert_eq!(len, 24);
        let drops = match db.dialect() {
            Dialect::Sqlite => DROP_TRIGGERS_SQLITE,
            Dialect::Postgres => DROP_TRIGGERS_PG,
        };
        let mut conn = ok(AnyConnection::connect(&db.url).await);
        for n in 0..TAMPERINGS {
            let t = tamper(n, len);
            let mut tx = ok(conn.begin().await);
            for d in drops {
                ok(sqlx::query(*d).execute(&mut *tx).await);
            }
            for q in &t.sql {
                let done = sqlx::query(sqlx::AssertSqlSafe(q.clone()))
                    .execute(&mut *tx)
                    .await;
                ok(done.map_err(|e| format!("{q}: {e}")));
            }
            let found = ok(verify_on(&mut tx, Some(&key())).await);
            ok(tx.rollback().await);
            let broken = found.expect_err(&format!("tampering {n} went unnoticed: {:?}", t.sql));
            assert_eq!(
                broken.seq, t.first_bad,
                "tampering {n}: {:?} gave {broken:?}",
                t.sql
            );
        }
        // Every tampering was rolled back: the log is whole again, triggers and all.
        assert!(ok(s.verify_audit(Some(&key())).await).is_ok());
        let r = sqlx::query("DELETE FROM audit_log")
            .execute(&mut conn)
            .await;
        assert!(r.is_err());
    }
}
