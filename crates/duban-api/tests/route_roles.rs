//! The route × role table: every route of the OpenAPI document, asked by nobody and by
//! each of the eight roles (and, where it matters, about their own unit's report or
//! account and about someone else's), answers with the status the table says. A route
//! added to the document without its rows fails this test.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

use common::{Answer, TestApp, apps};
use duban_demo::DEMO_ACCOUNTS;
use reqwest::Method;
use serde_json::{Value, json};

use Actor::*;
use Whose::*;

/// Who asks. The demo account playing each part is in [`Actor::username`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Actor {
    Anonymous,
    /// ducha, of the office (督查室)
    Office,
    /// yibao-tb, reporter of 市医疗保障局
    Reporter,
    /// yibao-sh, reviewer of 市医疗保障局
    Reviewer,
    /// lingdao
    Leader,
    /// pinggu
    Evaluator,
    /// xitong
    SysAdmin,
    /// anquan
    SecAdmin,
    /// shenji
    AuditAdmin,
}

/// Whose report or account the path names, seen from the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Whose {
    /// Nothing to vary: the route has no owner, or the role's answer does not depend on it.
    /// Reports are then 市医疗保障局's, on an item it leads.
    Any,
    /// The actor's own unit's report (市医疗保障局's, on an item it leads), or the actor's
    /// own account.
    Own,
    /// Another unit's report on an item the actor's unit leads (市民政局's, a co-unit).
    Led,
    /// Another unit's report on an item another unit leads (市教育局's), or someone
    /// else's account.
    Other,
}

type Row = (&'static str, &'static str, Actor, Whose, u16);

/// An evidence file: the header of a PNG is enough for its kind.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// One row per route, actor and (for reports and accounts) whose: the status expected.
#[rustfmt::skip]
const TABLE: &[Row] = &[
    // method   path                                   actor        whose  status
    ("POST",    "/api/v1/auth/login",                  Anonymous,   Any,   200),
    ("POST",    "/api/v1/auth/login",                  Office,      Any,   200),
    ("POST",    "/api/v1/auth/login",                  Reporter,    Any,   200),
    ("POST",    "/api/v1/auth/login",                  Reviewer,    Any,   200),
    ("POST",    "/api/v1/auth/login",                  Leader,      Any,   200),
    ("POST",    "/api/v1/auth/login",                  Evaluator,   Any,   200),
    ("POST",    "/api/v1/auth/login",                  SysAdmin,    Any,   200),
    ("POST",    "/api/v1/auth/login",                  SecAdmin,    Any,   200),
    ("POST",    "/api/v1/auth/login",                  AuditAdmin,  Any,   200),

    ("POST",    "/api/v1/auth/token",                  Anonymous,   Any,   201),
    ("POST",    "/api/v1/auth/token",                  Office,      Any,   201),
    ("POST",    "/api/v1/auth/token",                  Reporter,    Any,   201),
    ("POST",    "/api/v1/auth/token",                  Reviewer,    Any,   201),
    ("POST",    "/api/v1/auth/token",                  Leader,      Any,   201),
    ("POST",    "/api/v1/auth/token",                  Evaluator,   Any,   201),
    ("POST",    "/api/v1/auth/token",                  SysAdmin,    Any,   201),
    ("POST",    "/api/v1/auth/token",                  SecAdmin,    Any,   201),
    ("POST",    "/api/v1/auth/token",                  AuditAdmin,  Any,   201),

    ("POST",    "/api/v1/auth/logout",                 Anonymous,   Any,   401),
    ("POST",    "/api/v1/auth/logout",                 Office,      Any,   204),
    ("POST",    "/api/v1/auth/logout",                 Reporter,    Any,   204),
    ("POST",    "/api/v1/auth/logout",                 Reviewer,    Any,   204),
    ("POST",    "/api/v1/auth/logout",                 Leader,      Any,   204),
    ("POST",    "/api/v1/auth/logout",                 Evaluator,   Any,   204),
    ("POST",    "/api/v1/auth/logout",                 SysAdmin,    Any,   204),
    ("POST",    "/api/v1/auth/logout",                 SecAdmin,    Any,   204),
    ("POST",    "/api/v1/auth/logout",                 AuditAdmin,  Any,   204),

    ("GET",     "/api/v1/me",                          Anonymous,   Any,   401),
    ("GET",     "/api/v1/me",                          Office,      Any,   200),
    ("GET",     "/api/v1/me",                          Reporter,    Any,   200),
    ("GET",     "/api/v1/me",                          Reviewer,    Any,   200),
    ("GET",     "/api/v1/me",                          Leader,      Any,   200),
    ("GET",     "/api/v1/me",                          Evaluator,   Any,   200),
    ("GET",     "/api/v1/me",                          SysAdmin,    Any,   200),
    ("GET",     "/api/v1/me",                          SecAdmin,    Any,   200),
    ("GET",     "/api/v1/me",                          AuditAdmin,  Any,   200),

    // Each role's row changes the password of a throwaway account of that role.
    ("POST",    "/api/v1/me/password",                 Anonymous,   Any,   401),
    ("POST",    "/api/v1/me/password",                 Office,      Own,   204),
    ("POST",    "/api/v1/me/password",                 Reporter,    Own,   204),
    ("POST",    "/api/v1/me/password",                 Reviewer,    Own,   204),
    ("POST",    "/api/v1/me/password",                 Leader,      Own,   204),
    ("POST",    "/api/v1/me/password",                 Evaluator,   Own,   204),
    ("POST",    "/api/v1/me/password",                 SysAdmin,    Own,   204),
    ("POST",    "/api/v1/me/password",                 SecAdmin,    Own,   204),
    ("POST",    "/api/v1/me/password",                 AuditAdmin,  Own,   204),

    // Anyone may set up a second factor of their own; the demo office and administrators
    // have one already (409 until the system administrator resets it). Confirming rows
    // confirm a throwaway account's with a code of the secret it was just given.
    ("POST",    "/api/v1/me/second-factor",            Anonymous,   Any,   401),
    ("POST",    "/api/v1/me/second-factor",            Office,      Own,   409),
    ("POST",    "/api/v1/me/second-factor",            Reporter,    Own,   201),
    ("POST",    "/api/v1/me/second-factor",            Reviewer,    Own,   201),
    ("POST",    "/api/v1/me/second-factor",            Leader,      Own,   201),
    ("POST",    "/api/v1/me/second-factor",            Evaluator,   Own,   201),
    ("POST",    "/api/v1/me/second-factor",            SysAdmin,    Own,   409),
    ("POST",    "/api/v1/me/second-factor",            SecAdmin,    Own,   409),
    ("POST",    "/api/v1/me/second-factor",            AuditAdmin,  Own,   409),
    ("POST",    "/api/v1/me/second-factor/confirm",    Anonymous,   Any,   401),
    ("POST",    "/api/v1/me/second-factor/confirm",    Office,      Own,   204),
    ("POST",    "/api/v1/me/second-factor/confirm",    Reporter,    Own,   204),
    ("POST",    "/api/v1/me/second-factor/confirm",    Reviewer,    Own,   204),
    ("POST",    "/api/v1/me/second-factor/confirm",    Leader,      Own,   204),
    ("POST",    "/api/v1/me/second-factor/confirm",    Evaluator,   Own,   204),
    ("POST",    "/api/v1/me/second-factor/confirm",    SysAdmin,    Own,   204),
    ("POST",    "/api/v1/me/second-factor/confirm",    SecAdmin,    Own,   204),
    ("POST",    "/api/v1/me/second-factor/confirm",    AuditAdmin,  Own,   204),

    // Inbox rows: "Own" marks a message of the actor's own (the office reminds their unit,
    // or, for those without a unit, a message queued for them); "Other" one of someone else's.
    ("POST",    "/api/v1/reminders",                   Anonymous,   Any,   401),
    ("POST",    "/api/v1/reminders",                   Office,      Any,   202),
    ("POST",    "/api/v1/reminders",                   Reporter,    Any,   403),
    ("POST",    "/api/v1/reminders",                   Reviewer,    Any,   403),
    ("POST",    "/api/v1/reminders",                   Leader,      Any,   403),
    ("POST",    "/api/v1/reminders",                   Evaluator,   Any,   403),
    ("POST",    "/api/v1/reminders",                   SysAdmin,    Any,   403),
    ("POST",    "/api/v1/reminders",                   SecAdmin,    Any,   403),
    ("POST",    "/api/v1/reminders",                   AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/me/inbox",                    Anonymous,   Any,   401),
    ("GET",     "/api/v1/me/inbox",                    Office,      Any,   200),
    ("GET",     "/api/v1/me/inbox",                    Reporter,    Any,   200),
    ("GET",     "/api/v1/me/inbox",                    Reviewer,    Any,   200),
    ("GET",     "/api/v1/me/inbox",                    Leader,      Any,   200),
    ("GET",     "/api/v1/me/inbox",                    Evaluator,   Any,   200),
    ("GET",     "/api/v1/me/inbox",                    SysAdmin,    Any,   200),
    ("GET",     "/api/v1/me/inbox",                    SecAdmin,    Any,   200),
    ("GET",     "/api/v1/me/inbox",                    AuditAdmin,  Any,   200),

    ("PATCH",   "/api/v1/me/inbox/{id}",               Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/me/inbox/{id}",               Office,      Own,   204),
    ("PATCH",   "/api/v1/me/inbox/{id}",               Reporter,    Own,   204),
    ("PATCH",   "/api/v1/me/inbox/{id}",               Reviewer,    Own,   204),
    ("PATCH",   "/api/v1/me/inbox/{id}",               Leader,      Own,   204),
    ("PATCH",   "/api/v1/me/inbox/{id}",               Evaluator,   Own,   204),
    ("PATCH",   "/api/v1/me/inbox/{id}",               SysAdmin,    Own,   204),
    ("PATCH",   "/api/v1/me/inbox/{id}",               SecAdmin,    Own,   204),
    ("PATCH",   "/api/v1/me/inbox/{id}",               AuditAdmin,  Own,   204),
    ("PATCH",   "/api/v1/me/inbox/{id}",               Reporter,    Other, 404),

    ("GET",     "/api/v1/units",                       Anonymous,   Any,   401),
    ("GET",     "/api/v1/units",                       Office,      Any,   200),
    ("GET",     "/api/v1/units",                       Reporter,    Any,   200),
    ("GET",     "/api/v1/units",                       Reviewer,    Any,   200),
    ("GET",     "/api/v1/units",                       Leader,      Any,   200),
    ("GET",     "/api/v1/units",                       Evaluator,   Any,   200),
    ("GET",     "/api/v1/units",                       SysAdmin,    Any,   200),
    ("GET",     "/api/v1/units",                       SecAdmin,    Any,   200),
    ("GET",     "/api/v1/units",                       AuditAdmin,  Any,   200),

    ("POST",    "/api/v1/units",                       Anonymous,   Any,   401),
    ("POST",    "/api/v1/units",                       Office,      Any,   201),
    ("POST",    "/api/v1/units",                       Reporter,    Any,   403),
    ("POST",    "/api/v1/units",                       Reviewer,    Any,   403),
    ("POST",    "/api/v1/units",                       Leader,      Any,   403),
    ("POST",    "/api/v1/units",                       Evaluator,   Any,   403),
    ("POST",    "/api/v1/units",                       SysAdmin,    Any,   403),
    ("POST",    "/api/v1/units",                       SecAdmin,    Any,   403),
    ("POST",    "/api/v1/units",                       AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/units/{id}",                  Anonymous,   Any,   401),
    ("GET",     "/api/v1/units/{id}",                  Office,      Any,   200),
    ("GET",     "/api/v1/units/{id}",                  Reporter,    Any,   200),
    ("GET",     "/api/v1/units/{id}",                  Reviewer,    Any,   200),
    ("GET",     "/api/v1/units/{id}",                  Leader,      Any,   200),
    ("GET",     "/api/v1/units/{id}",                  Evaluator,   Any,   200),
    ("GET",     "/api/v1/units/{id}",                  SysAdmin,    Any,   200),
    ("GET",     "/api/v1/units/{id}",                  SecAdmin,    Any,   200),
    ("GET",     "/api/v1/units/{id}",                  AuditAdmin,  Any,   200),

    ("PATCH",   "/api/v1/units/{id}",                  Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/units/{id}",                  Office,      Any,   200),
    ("PATCH",   "/api/v1/units/{id}",                  Reporter,    Any,   403),
    ("PATCH",   "/api/v1/units/{id}",                  Reviewer,    Any,   403),
    ("PATCH",   "/api/v1/units/{id}",                  Leader,      Any,   403),
    ("PATCH",   "/api/v1/units/{id}",                  Evaluator,   Any,   403),
    ("PATCH",   "/api/v1/units/{id}",                  SysAdmin,    Any,   403),
    ("PATCH",   "/api/v1/units/{id}",                  SecAdmin,    Any,   403),
    ("PATCH",   "/api/v1/units/{id}",                  AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/users",                       Anonymous,   Any,   401),
    ("GET",     "/api/v1/users",                       Office,      Any,   403),
    ("GET",     "/api/v1/users",                       Reporter,    Any,   403),
    ("GET",     "/api/v1/users",                       Reviewer,    Any,   403),
    ("GET",     "/api/v1/users",                       Leader,      Any,   403),
    ("GET",     "/api/v1/users",                       Evaluator,   Any,   403),
    ("GET",     "/api/v1/users",                       SysAdmin,    Any,   200),
    ("GET",     "/api/v1/users",                       SecAdmin,    Any,   200),
    ("GET",     "/api/v1/users",                       AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/users",                       Anonymous,   Any,   401),
    ("POST",    "/api/v1/users",                       Office,      Any,   403),
    ("POST",    "/api/v1/users",                       Reporter,    Any,   403),
    ("POST",    "/api/v1/users",                       Reviewer,    Any,   403),
    ("POST",    "/api/v1/users",                       Leader,      Any,   403),
    ("POST",    "/api/v1/users",                       Evaluator,   Any,   403),
    ("POST",    "/api/v1/users",                       SysAdmin,    Any,   201),
    ("POST",    "/api/v1/users",                       SecAdmin,    Any,   403),
    ("POST",    "/api/v1/users",                       AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/users/{id}",                  Anonymous,   Any,   401),
    ("GET",     "/api/v1/users/{id}",                  Office,      Own,   200),
    ("GET",     "/api/v1/users/{id}",                  Office,      Other, 403),
    ("GET",     "/api/v1/users/{id}",                  Reporter,    Own,   200),
    ("GET",     "/api/v1/users/{id}",                  Reporter,    Other, 403),
    ("GET",     "/api/v1/users/{id}",                  Reviewer,    Own,   200),
    ("GET",     "/api/v1/users/{id}",                  Reviewer,    Other, 403),
    ("GET",     "/api/v1/users/{id}",                  Leader,      Own,   200),
    ("GET",     "/api/v1/users/{id}",                  Leader,      Other, 403),
    ("GET",     "/api/v1/users/{id}",                  Evaluator,   Own,   200),
    ("GET",     "/api/v1/users/{id}",                  Evaluator,   Other, 403),
    ("GET",     "/api/v1/users/{id}",                  SysAdmin,    Own,   200),
    ("GET",     "/api/v1/users/{id}",                  SysAdmin,    Other, 200),
    ("GET",     "/api/v1/users/{id}",                  SecAdmin,    Own,   200),
    ("GET",     "/api/v1/users/{id}",                  SecAdmin,    Other, 200),
    ("GET",     "/api/v1/users/{id}",                  AuditAdmin,  Own,   200),
    ("GET",     "/api/v1/users/{id}",                  AuditAdmin,  Other, 403),

    ("PATCH",   "/api/v1/users/{id}",                  Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/users/{id}",                  Office,      Own,   403),
    ("PATCH",   "/api/v1/users/{id}",                  Office,      Other, 403),
    ("PATCH",   "/api/v1/users/{id}",                  Reporter,    Own,   403),
    ("PATCH",   "/api/v1/users/{id}",                  Reporter,    Other, 403),
    ("PATCH",   "/api/v1/users/{id}",                  Reviewer,    Own,   403),
    ("PATCH",   "/api/v1/users/{id}",                  Reviewer,    Other, 403),
    ("PATCH",   "/api/v1/users/{id}",                  Leader,      Own,   403),
    ("PATCH",   "/api/v1/users/{id}",                  Leader,      Other, 403),
    ("PATCH",   "/api/v1/users/{id}",                  Evaluator,   Own,   403),
    ("PATCH",   "/api/v1/users/{id}",                  Evaluator,   Other, 403),
    ("PATCH",   "/api/v1/users/{id}",                  SysAdmin,    Own,   200),
    ("PATCH",   "/api/v1/users/{id}",                  SysAdmin,    Other, 200),
    ("PATCH",   "/api/v1/users/{id}",                  SecAdmin,    Own,   403),
    ("PATCH",   "/api/v1/users/{id}",                  SecAdmin,    Other, 403),
    ("PATCH",   "/api/v1/users/{id}",                  AuditAdmin,  Own,   403),
    ("PATCH",   "/api/v1/users/{id}",                  AuditAdmin,  Other, 403),

    // Roles are the security administrator's to give, never to themselves (三权分立).
    ("PUT",     "/api/v1/users/{id}/role",             Anonymous,   Any,   401),
    ("PUT",     "/api/v1/users/{id}/role",             Office,      Any,   403),
    ("PUT",     "/api/v1/users/{id}/role",             Reporter,    Any,   403),
    ("PUT",     "/api/v1/users/{id}/role",             Reviewer,    Any,   403),
    ("PUT",     "/api/v1/users/{id}/role",             Leader,      Any,   403),
    ("PUT",     "/api/v1/users/{id}/role",             Evaluator,   Any,   403),
    ("PUT",     "/api/v1/users/{id}/role",             SysAdmin,    Own,   403),
    ("PUT",     "/api/v1/users/{id}/role",             SysAdmin,    Other, 403),
    ("PUT",     "/api/v1/users/{id}/role",             SecAdmin,    Own,   409),
    ("PUT",     "/api/v1/users/{id}/role",             SecAdmin,    Other, 200),
    ("PUT",     "/api/v1/users/{id}/role",             AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/plans",                       Anonymous,   Any,   401),
    ("GET",     "/api/v1/plans",                       Office,      Any,   200),
    ("GET",     "/api/v1/plans",                       Reporter,    Any,   200),
    ("GET",     "/api/v1/plans",                       Reviewer,    Any,   200),
    ("GET",     "/api/v1/plans",                       Leader,      Any,   200),
    ("GET",     "/api/v1/plans",                       Evaluator,   Any,   200),
    ("GET",     "/api/v1/plans",                       SysAdmin,    Any,   403),
    ("GET",     "/api/v1/plans",                       SecAdmin,    Any,   403),
    ("GET",     "/api/v1/plans",                       AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/plans",                       Anonymous,   Any,   401),
    ("POST",    "/api/v1/plans",                       Office,      Any,   201),
    ("POST",    "/api/v1/plans",                       Reporter,    Any,   403),
    ("POST",    "/api/v1/plans",                       Reviewer,    Any,   403),
    ("POST",    "/api/v1/plans",                       Leader,      Any,   403),
    ("POST",    "/api/v1/plans",                       Evaluator,   Any,   403),
    ("POST",    "/api/v1/plans",                       SysAdmin,    Any,   403),
    ("POST",    "/api/v1/plans",                       SecAdmin,    Any,   403),
    ("POST",    "/api/v1/plans",                       AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/plans/{id}",                  Anonymous,   Any,   401),
    ("GET",     "/api/v1/plans/{id}",                  Office,      Any,   200),
    ("GET",     "/api/v1/plans/{id}",                  Reporter,    Any,   200),
    ("GET",     "/api/v1/plans/{id}",                  Reviewer,    Any,   200),
    ("GET",     "/api/v1/plans/{id}",                  Leader,      Any,   200),
    ("GET",     "/api/v1/plans/{id}",                  Evaluator,   Any,   200),
    ("GET",     "/api/v1/plans/{id}",                  SysAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}",                  SecAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}",                  AuditAdmin,  Any,   403),

    ("PATCH",   "/api/v1/plans/{id}",                  Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/plans/{id}",                  Office,      Any,   200),
    ("PATCH",   "/api/v1/plans/{id}",                  Reporter,    Any,   403),
    ("PATCH",   "/api/v1/plans/{id}",                  Reviewer,    Any,   403),
    ("PATCH",   "/api/v1/plans/{id}",                  Leader,      Any,   403),
    ("PATCH",   "/api/v1/plans/{id}",                  Evaluator,   Any,   403),
    ("PATCH",   "/api/v1/plans/{id}",                  SysAdmin,    Any,   403),
    ("PATCH",   "/api/v1/plans/{id}",                  SecAdmin,    Any,   403),
    ("PATCH",   "/api/v1/plans/{id}",                  AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/plans/{id}/areas",            Anonymous,   Any,   401),
    ("GET",     "/api/v1/plans/{id}/areas",            Office,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/areas",            Reporter,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/areas",            Reviewer,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/areas",            Leader,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/areas",            Evaluator,   Any,   200),
    ("GET",     "/api/v1/plans/{id}/areas",            SysAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/areas",            SecAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/areas",            AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/plans/{id}/exports/completion",Anonymous,   Any,   401),
    ("GET",     "/api/v1/plans/{id}/exports/completion",Office,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/completion",Reporter,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/completion",Reviewer,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/completion",Leader,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/completion",Evaluator,   Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/completion",SysAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/exports/completion",SecAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/exports/completion",AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/plans/{id}/exports/ledger",    Anonymous,   Any,   401),
    ("GET",     "/api/v1/plans/{id}/exports/ledger",    Office,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/ledger",    Reporter,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/ledger",    Reviewer,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/ledger",    Leader,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/ledger",    Evaluator,   Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/ledger",    SysAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/exports/ledger",    SecAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/exports/ledger",    AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/plans/{id}/exports/responsibility",Anonymous,   Any,   401),
    ("GET",     "/api/v1/plans/{id}/exports/responsibility",Office,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/responsibility",Reporter,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/responsibility",Reviewer,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/responsibility",Leader,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/responsibility",Evaluator,   Any,   200),
    ("GET",     "/api/v1/plans/{id}/exports/responsibility",SysAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/exports/responsibility",SecAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/exports/responsibility",AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/plans/{id}/areas",            Anonymous,   Any,   401),
    ("POST",    "/api/v1/plans/{id}/areas",            Office,      Any,   201),
    ("POST",    "/api/v1/plans/{id}/areas",            Reporter,    Any,   403),
    ("POST",    "/api/v1/plans/{id}/areas",            Reviewer,    Any,   403),
    ("POST",    "/api/v1/plans/{id}/areas",            Leader,      Any,   403),
    ("POST",    "/api/v1/plans/{id}/areas",            Evaluator,   Any,   403),
    ("POST",    "/api/v1/plans/{id}/areas",            SysAdmin,    Any,   403),
    ("POST",    "/api/v1/plans/{id}/areas",            SecAdmin,    Any,   403),
    ("POST",    "/api/v1/plans/{id}/areas",            AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/areas/{id}",                  Anonymous,   Any,   401),
    ("GET",     "/api/v1/areas/{id}",                  Office,      Any,   200),
    ("GET",     "/api/v1/areas/{id}",                  Reporter,    Any,   200),
    ("GET",     "/api/v1/areas/{id}",                  Reviewer,    Any,   200),
    ("GET",     "/api/v1/areas/{id}",                  Leader,      Any,   200),
    ("GET",     "/api/v1/areas/{id}",                  Evaluator,   Any,   200),
    ("GET",     "/api/v1/areas/{id}",                  SysAdmin,    Any,   403),
    ("GET",     "/api/v1/areas/{id}",                  SecAdmin,    Any,   403),
    ("GET",     "/api/v1/areas/{id}",                  AuditAdmin,  Any,   403),

    ("PATCH",   "/api/v1/areas/{id}",                  Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/areas/{id}",                  Office,      Any,   200),
    ("PATCH",   "/api/v1/areas/{id}",                  Reporter,    Any,   403),
    ("PATCH",   "/api/v1/areas/{id}",                  Reviewer,    Any,   403),
    ("PATCH",   "/api/v1/areas/{id}",                  Leader,      Any,   403),
    ("PATCH",   "/api/v1/areas/{id}",                  Evaluator,   Any,   403),
    ("PATCH",   "/api/v1/areas/{id}",                  SysAdmin,    Any,   403),
    ("PATCH",   "/api/v1/areas/{id}",                  SecAdmin,    Any,   403),
    ("PATCH",   "/api/v1/areas/{id}",                  AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/items",                       Anonymous,   Any,   401),
    ("GET",     "/api/v1/items",                       Office,      Any,   200),
    ("GET",     "/api/v1/items",                       Reporter,    Any,   200),
    ("GET",     "/api/v1/items",                       Reviewer,    Any,   200),
    ("GET",     "/api/v1/items",                       Leader,      Any,   200),
    ("GET",     "/api/v1/items",                       Evaluator,   Any,   200),
    ("GET",     "/api/v1/items",                       SysAdmin,    Any,   403),
    ("GET",     "/api/v1/items",                       SecAdmin,    Any,   403),
    ("GET",     "/api/v1/items",                       AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/items",                       Anonymous,   Any,   401),
    ("POST",    "/api/v1/items",                       Office,      Any,   201),
    ("POST",    "/api/v1/items",                       Reporter,    Any,   403),
    ("POST",    "/api/v1/items",                       Reviewer,    Any,   403),
    ("POST",    "/api/v1/items",                       Leader,      Any,   403),
    ("POST",    "/api/v1/items",                       Evaluator,   Any,   403),
    ("POST",    "/api/v1/items",                       SysAdmin,    Any,   403),
    ("POST",    "/api/v1/items",                       SecAdmin,    Any,   403),
    ("POST",    "/api/v1/items",                       AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/items/{id}",                  Anonymous,   Any,   401),
    ("GET",     "/api/v1/items/{id}",                  Office,      Any,   200),
    ("GET",     "/api/v1/items/{id}",                  Reporter,    Any,   200),
    ("GET",     "/api/v1/items/{id}",                  Reviewer,    Any,   200),
    ("GET",     "/api/v1/items/{id}",                  Leader,      Any,   200),
    ("GET",     "/api/v1/items/{id}",                  Evaluator,   Any,   200),
    ("GET",     "/api/v1/items/{id}",                  SysAdmin,    Any,   403),
    ("GET",     "/api/v1/items/{id}",                  SecAdmin,    Any,   403),
    ("GET",     "/api/v1/items/{id}",                  AuditAdmin,  Any,   403),

    ("PATCH",   "/api/v1/items/{id}",                  Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/items/{id}",                  Office,      Any,   200),
    ("PATCH",   "/api/v1/items/{id}",                  Reporter,    Any,   403),
    ("PATCH",   "/api/v1/items/{id}",                  Reviewer,    Any,   403),
    ("PATCH",   "/api/v1/items/{id}",                  Leader,      Any,   403),
    ("PATCH",   "/api/v1/items/{id}",                  Evaluator,   Any,   403),
    ("PATCH",   "/api/v1/items/{id}",                  SysAdmin,    Any,   403),
    ("PATCH",   "/api/v1/items/{id}",                  SecAdmin,    Any,   403),
    ("PATCH",   "/api/v1/items/{id}",                  AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/items/{id}/indicators",       Anonymous,   Any,   401),
    ("GET",     "/api/v1/items/{id}/indicators",       Office,      Any,   200),
    ("GET",     "/api/v1/items/{id}/indicators",       Reporter,    Any,   200),
    ("GET",     "/api/v1/items/{id}/indicators",       Reviewer,    Any,   200),
    ("GET",     "/api/v1/items/{id}/indicators",       Leader,      Any,   200),
    ("GET",     "/api/v1/items/{id}/indicators",       Evaluator,   Any,   200),
    ("GET",     "/api/v1/items/{id}/indicators",       SysAdmin,    Any,   403),
    ("GET",     "/api/v1/items/{id}/indicators",       SecAdmin,    Any,   403),
    ("GET",     "/api/v1/items/{id}/indicators",       AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/items/{id}/indicators",       Anonymous,   Any,   401),
    ("POST",    "/api/v1/items/{id}/indicators",       Office,      Any,   201),
    ("POST",    "/api/v1/items/{id}/indicators",       Reporter,    Any,   403),
    ("POST",    "/api/v1/items/{id}/indicators",       Reviewer,    Any,   403),
    ("POST",    "/api/v1/items/{id}/indicators",       Leader,      Any,   403),
    ("POST",    "/api/v1/items/{id}/indicators",       Evaluator,   Any,   403),
    ("POST",    "/api/v1/items/{id}/indicators",       SysAdmin,    Any,   403),
    ("POST",    "/api/v1/items/{id}/indicators",       SecAdmin,    Any,   403),
    ("POST",    "/api/v1/items/{id}/indicators",       AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/indicators/{id}",             Anonymous,   Any,   401),
    ("GET",     "/api/v1/indicators/{id}",             Office,      Any,   200),
    ("GET",     "/api/v1/indicators/{id}",             Reporter,    Any,   200),
    ("GET",     "/api/v1/indicators/{id}",             Reviewer,    Any,   200),
    ("GET",     "/api/v1/indicators/{id}",             Leader,      Any,   200),
    ("GET",     "/api/v1/indicators/{id}",             Evaluator,   Any,   200),
    ("GET",     "/api/v1/indicators/{id}",             SysAdmin,    Any,   403),
    ("GET",     "/api/v1/indicators/{id}",             SecAdmin,    Any,   403),
    ("GET",     "/api/v1/indicators/{id}",             AuditAdmin,  Any,   403),

    ("PATCH",   "/api/v1/indicators/{id}",             Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/indicators/{id}",             Office,      Any,   200),
    ("PATCH",   "/api/v1/indicators/{id}",             Reporter,    Any,   403),
    ("PATCH",   "/api/v1/indicators/{id}",             Reviewer,    Any,   403),
    ("PATCH",   "/api/v1/indicators/{id}",             Leader,      Any,   403),
    ("PATCH",   "/api/v1/indicators/{id}",             Evaluator,   Any,   403),
    ("PATCH",   "/api/v1/indicators/{id}",             SysAdmin,    Any,   403),
    ("PATCH",   "/api/v1/indicators/{id}",             SecAdmin,    Any,   403),
    ("PATCH",   "/api/v1/indicators/{id}",             AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/plans/{id}/periods",          Anonymous,   Any,   401),
    ("GET",     "/api/v1/plans/{id}/periods",          Office,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/periods",          Reporter,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/periods",          Reviewer,    Any,   200),
    ("GET",     "/api/v1/plans/{id}/periods",          Leader,      Any,   200),
    ("GET",     "/api/v1/plans/{id}/periods",          Evaluator,   Any,   200),
    ("GET",     "/api/v1/plans/{id}/periods",          SysAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/periods",          SecAdmin,    Any,   403),
    ("GET",     "/api/v1/plans/{id}/periods",          AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/plans/{id}/periods",          Anonymous,   Any,   401),
    ("POST",    "/api/v1/plans/{id}/periods",          Office,      Any,   201),
    ("POST",    "/api/v1/plans/{id}/periods",          Reporter,    Any,   403),
    ("POST",    "/api/v1/plans/{id}/periods",          Reviewer,    Any,   403),
    ("POST",    "/api/v1/plans/{id}/periods",          Leader,      Any,   403),
    ("POST",    "/api/v1/plans/{id}/periods",          Evaluator,   Any,   403),
    ("POST",    "/api/v1/plans/{id}/periods",          SysAdmin,    Any,   403),
    ("POST",    "/api/v1/plans/{id}/periods",          SecAdmin,    Any,   403),
    ("POST",    "/api/v1/plans/{id}/periods",          AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/periods/{id}",                Anonymous,   Any,   401),
    ("GET",     "/api/v1/periods/{id}",                Office,      Any,   200),
    ("GET",     "/api/v1/periods/{id}",                Reporter,    Any,   200),
    ("GET",     "/api/v1/periods/{id}",                Reviewer,    Any,   200),
    ("GET",     "/api/v1/periods/{id}",                Leader,      Any,   200),
    ("GET",     "/api/v1/periods/{id}",                Evaluator,   Any,   200),
    ("GET",     "/api/v1/periods/{id}",                SysAdmin,    Any,   403),
    ("GET",     "/api/v1/periods/{id}",                SecAdmin,    Any,   403),
    ("GET",     "/api/v1/periods/{id}",                AuditAdmin,  Any,   403),

    ("PATCH",   "/api/v1/periods/{id}",                Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/periods/{id}",                Office,      Any,   200),
    ("PATCH",   "/api/v1/periods/{id}",                Reporter,    Any,   403),
    ("PATCH",   "/api/v1/periods/{id}",                Reviewer,    Any,   403),
    ("PATCH",   "/api/v1/periods/{id}",                Leader,      Any,   403),
    ("PATCH",   "/api/v1/periods/{id}",                Evaluator,   Any,   403),
    ("PATCH",   "/api/v1/periods/{id}",                SysAdmin,    Any,   403),
    ("PATCH",   "/api/v1/periods/{id}",                SecAdmin,    Any,   403),
    ("PATCH",   "/api/v1/periods/{id}",                AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/history/{entity}/{id}",       Anonymous,   Any,   401),
    ("GET",     "/api/v1/history/{entity}/{id}",       Office,      Any,   200),
    ("GET",     "/api/v1/history/{entity}/{id}",       Reporter,    Any,   200),
    ("GET",     "/api/v1/history/{entity}/{id}",       Reviewer,    Any,   200),
    ("GET",     "/api/v1/history/{entity}/{id}",       Leader,      Any,   200),
    ("GET",     "/api/v1/history/{entity}/{id}",       Evaluator,   Any,   200),
    ("GET",     "/api/v1/history/{entity}/{id}",       SysAdmin,    Any,   403),
    ("GET",     "/api/v1/history/{entity}/{id}",       SecAdmin,    Any,   403),
    ("GET",     "/api/v1/history/{entity}/{id}",       AuditAdmin,  Any,   403),

    // The audit log is the audit administrator's alone (三权分立).
    ("GET",     "/api/v1/audit",                       Anonymous,   Any,   401),
    ("GET",     "/api/v1/audit",                       Office,      Any,   403),
    ("GET",     "/api/v1/audit",                       Reporter,    Any,   403),
    ("GET",     "/api/v1/audit",                       Reviewer,    Any,   403),
    ("GET",     "/api/v1/audit",                       Leader,      Any,   403),
    ("GET",     "/api/v1/audit",                       Evaluator,   Any,   403),
    ("GET",     "/api/v1/audit",                       SysAdmin,    Any,   403),
    ("GET",     "/api/v1/audit",                       SecAdmin,    Any,   403),
    ("GET",     "/api/v1/audit",                       AuditAdmin,  Any,   200),

    ("GET",     "/api/v1/audit/verification",          Anonymous,   Any,   401),
    ("GET",     "/api/v1/audit/verification",          Office,      Any,   403),
    ("GET",     "/api/v1/audit/verification",          Reporter,    Any,   403),
    ("GET",     "/api/v1/audit/verification",          Reviewer,    Any,   403),
    ("GET",     "/api/v1/audit/verification",          Leader,      Any,   403),
    ("GET",     "/api/v1/audit/verification",          Evaluator,   Any,   403),
    ("GET",     "/api/v1/audit/verification",          SysAdmin,    Any,   403),
    ("GET",     "/api/v1/audit/verification",          SecAdmin,    Any,   403),
    ("GET",     "/api/v1/audit/verification",          AuditAdmin,  Any,   200),

    // The list is filtered to what each unit may read; the filtering is not this table's.
    // Problems: "Own" is owned by 市医疗保障局, "Other" by 市教育局. Office rows verify a
    // rectified problem; the others start an open one.
    ("GET",  "/api/v1/units/{id}/webhook",          Anonymous,   Any,   401),
    ("GET",  "/api/v1/units/{id}/webhook",          Office,      Any,   200),
    ("GET",  "/api/v1/units/{id}/webhook",          Reporter,    Any,   403),
    ("GET",  "/api/v1/units/{id}/webhook",          Reviewer,    Any,   403),
    ("GET",  "/api/v1/units/{id}/webhook",          Leader,      Any,   403),
    ("GET",  "/api/v1/units/{id}/webhook",          Evaluator,   Any,   403),
    ("GET",  "/api/v1/units/{id}/webhook",          SysAdmin,    Any,   403),
    ("GET",  "/api/v1/units/{id}/webhook",          SecAdmin,    Any,   403),
    ("GET",  "/api/v1/units/{id}/webhook",          AuditAdmin,  Any,   403),

    ("PUT",  "/api/v1/units/{id}/webhook",          Anonymous,   Any,   401),
    ("PUT",  "/api/v1/units/{id}/webhook",          Office,      Any,   200),
    ("PUT",  "/api/v1/units/{id}/webhook",          Reporter,    Any,   403),
    ("PUT",  "/api/v1/units/{id}/webhook",          Reviewer,    Any,   403),
    ("PUT",  "/api/v1/units/{id}/webhook",          Leader,      Any,   403),
    ("PUT",  "/api/v1/units/{id}/webhook",          Evaluator,   Any,   403),
    ("PUT",  "/api/v1/units/{id}/webhook",          SysAdmin,    Any,   403),
    ("PUT",  "/api/v1/units/{id}/webhook",          SecAdmin,    Any,   403),
    ("PUT",  "/api/v1/units/{id}/webhook",          AuditAdmin,  Any,   403),

    ("DELETE","/api/v1/units/{id}/webhook",          Anonymous,   Any,   401),
    ("DELETE","/api/v1/units/{id}/webhook",          Office,      Any,   204),
    ("DELETE","/api/v1/units/{id}/webhook",          Reporter,    Any,   403),
    ("DELETE","/api/v1/units/{id}/webhook",          Reviewer,    Any,   403),
    ("DELETE","/api/v1/units/{id}/webhook",          Leader,      Any,   403),
    ("DELETE","/api/v1/units/{id}/webhook",          Evaluator,   Any,   403),
    ("DELETE","/api/v1/units/{id}/webhook",          SysAdmin,    Any,   403),
    ("DELETE","/api/v1/units/{id}/webhook",          SecAdmin,    Any,   403),
    ("DELETE","/api/v1/units/{id}/webhook",          AuditAdmin,  Any,   403),

    ("GET",  "/api/v1/reminders/due",               Anonymous,   Any,   401),
    ("GET",  "/api/v1/reminders/due",               Office,      Any,   200),
    ("GET",  "/api/v1/reminders/due",               Reporter,    Any,   403),
    ("GET",  "/api/v1/reminders/due",               Reviewer,    Any,   403),
    ("GET",  "/api/v1/reminders/due",               Leader,      Any,   403),
    ("GET",  "/api/v1/reminders/due",               Evaluator,   Any,   403),
    ("GET",  "/api/v1/reminders/due",               SysAdmin,    Any,   403),
    ("GET",  "/api/v1/reminders/due",               SecAdmin,    Any,   403),
    ("GET",  "/api/v1/reminders/due",               AuditAdmin,  Any,   403),

    ("POST", "/api/v1/reminders/sweep",             Anonymous,   Any,   401),
    ("POST", "/api/v1/reminders/sweep",             Office,      Any,   200),
    ("POST", "/api/v1/reminders/sweep",             Reporter,    Any,   403),
    ("POST", "/api/v1/reminders/sweep",             Reviewer,    Any,   403),
    ("POST", "/api/v1/reminders/sweep",             Leader,      Any,   403),
    ("POST", "/api/v1/reminders/sweep",             Evaluator,   Any,   403),
    ("POST", "/api/v1/reminders/sweep",             SysAdmin,    Any,   403),
    ("POST", "/api/v1/reminders/sweep",             SecAdmin,    Any,   403),
    ("POST", "/api/v1/reminders/sweep",             AuditAdmin,  Any,   403),

    ("GET",  "/api/v1/supervisions",                Anonymous,   Any,   401),
    ("GET",  "/api/v1/supervisions",                Office,      Any,   200),
    ("GET",  "/api/v1/supervisions",                Reporter,    Any,   200),
    ("GET",  "/api/v1/supervisions",                Reviewer,    Any,   200),
    ("GET",  "/api/v1/supervisions",                Leader,      Any,   200),
    ("GET",  "/api/v1/supervisions",                Evaluator,   Any,   200),
    ("GET",  "/api/v1/supervisions",                SysAdmin,    Any,   403),
    ("GET",  "/api/v1/supervisions",                SecAdmin,    Any,   403),
    ("GET",  "/api/v1/supervisions",                AuditAdmin,  Any,   403),

    ("GET",  "/api/v1/supervisions/{id}",           Anonymous,   Any,   401),
    ("GET",  "/api/v1/supervisions/{id}",           Office,      Any,   200),
    ("GET",  "/api/v1/supervisions/{id}",           Reporter,    Any,   200),
    ("GET",  "/api/v1/supervisions/{id}",           Reviewer,    Any,   200),
    ("GET",  "/api/v1/supervisions/{id}",           Leader,      Any,   200),
    ("GET",  "/api/v1/supervisions/{id}",           Evaluator,   Any,   200),
    ("GET",  "/api/v1/supervisions/{id}",           SysAdmin,    Any,   403),
    ("GET",  "/api/v1/supervisions/{id}",           SecAdmin,    Any,   403),
    ("GET",  "/api/v1/supervisions/{id}",           AuditAdmin,  Any,   403),

    ("POST", "/api/v1/items/{id}/supervision",      Anonymous,   Any,   401),
    ("POST", "/api/v1/items/{id}/supervision",      Office,      Any,   201),
    ("POST", "/api/v1/items/{id}/supervision",      Reporter,    Any,   403),
    ("POST", "/api/v1/items/{id}/supervision",      Reviewer,    Any,   403),
    ("POST", "/api/v1/items/{id}/supervision",      Leader,      Any,   403),
    ("POST", "/api/v1/items/{id}/supervision",      Evaluator,   Any,   403),
    ("POST", "/api/v1/items/{id}/supervision",      SysAdmin,    Any,   403),
    ("POST", "/api/v1/items/{id}/supervision",      SecAdmin,    Any,   403),
    ("POST", "/api/v1/items/{id}/supervision",      AuditAdmin,  Any,   403),

    ("POST", "/api/v1/supervisions/{id}/lift",      Anonymous,   Any,   401),
    ("POST", "/api/v1/supervisions/{id}/lift",      Office,      Any,   200),
    ("POST", "/api/v1/supervisions/{id}/lift",      Reporter,    Any,   403),
    ("POST", "/api/v1/supervisions/{id}/lift",      Reviewer,    Any,   403),
    ("POST", "/api/v1/supervisions/{id}/lift",      Leader,      Any,   403),
    ("POST", "/api/v1/supervisions/{id}/lift",      Evaluator,   Any,   403),
    ("POST", "/api/v1/supervisions/{id}/lift",      SysAdmin,    Any,   403),
    ("POST", "/api/v1/supervisions/{id}/lift",      SecAdmin,    Any,   403),
    ("POST", "/api/v1/supervisions/{id}/lift",      AuditAdmin,  Any,   403),

    ("GET", "/api/v1/plans/{id}/evaluation-scheme", Anonymous, Any, 401),
    ("GET", "/api/v1/plans/{id}/evaluation-scheme", Office, Any, 200),
    ("GET", "/api/v1/plans/{id}/evaluation-scheme", Reporter, Any, 200),
    ("GET", "/api/v1/plans/{id}/evaluation-scheme", Reviewer, Any, 200),
    ("GET", "/api/v1/plans/{id}/evaluation-scheme", Leader, Any, 200),
    ("GET", "/api/v1/plans/{id}/evaluation-scheme", Evaluator, Any, 200),
    ("GET", "/api/v1/plans/{id}/evaluation-scheme", SysAdmin, Any, 403),
    ("GET", "/api/v1/plans/{id}/evaluation-scheme", SecAdmin, Any, 403),
    ("GET", "/api/v1/plans/{id}/evaluation-scheme", AuditAdmin, Any, 403),

    ("PUT", "/api/v1/plans/{id}/evaluation-scheme", Anonymous, Any, 401),
    ("PUT", "/api/v1/plans/{id}/evaluation-scheme", Office, Any, 200),
    ("PUT", "/api/v1/plans/{id}/evaluation-scheme", Reporter, Any, 403),
    ("PUT", "/api/v1/plans/{id}/evaluation-scheme", Reviewer, Any, 403),
    ("PUT", "/api/v1/plans/{id}/evaluation-scheme", Leader, Any, 403),
    ("PUT", "/api/v1/plans/{id}/evaluation-scheme", Evaluator, Any, 403),
    ("PUT", "/api/v1/plans/{id}/evaluation-scheme", SysAdmin, Any, 403),
    ("PUT", "/api/v1/plans/{id}/evaluation-scheme", SecAdmin, Any, 403),
    ("PUT", "/api/v1/plans/{id}/evaluation-scheme", AuditAdmin, Any, 403),

    ("GET", "/api/v1/periods/{id}/evaluation", Anonymous, Any, 401),
    ("GET", "/api/v1/periods/{id}/evaluation", Office, Any, 200),
    ("GET", "/api/v1/periods/{id}/evaluation", Reporter, Any, 403),
    ("GET", "/api/v1/periods/{id}/evaluation", Reviewer, Any, 403),
    ("GET", "/api/v1/periods/{id}/evaluation", Leader, Any, 200),
    ("GET", "/api/v1/periods/{id}/evaluation", Evaluator, Any, 200),
    ("GET", "/api/v1/periods/{id}/evaluation", SysAdmin, Any, 403),
    ("GET", "/api/v1/periods/{id}/evaluation", SecAdmin, Any, 403),
    ("GET", "/api/v1/periods/{id}/evaluation", AuditAdmin, Any, 403),

    ("POST", "/api/v1/periods/{id}/evaluation/entries", Anonymous, Any, 401),
    ("POST", "/api/v1/periods/{id}/evaluation/entries", Office, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/entries", Reporter, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/entries", Reviewer, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/entries", Leader, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/entries", Evaluator, Any, 200),
    ("POST", "/api/v1/periods/{id}/evaluation/entries", SysAdmin, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/entries", SecAdmin, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/entries", AuditAdmin, Any, 403),

    ("POST", "/api/v1/periods/{id}/evaluation/approval", Anonymous, Any, 401),
    ("POST", "/api/v1/periods/{id}/evaluation/approval", Office, Any, 200),
    ("POST", "/api/v1/periods/{id}/evaluation/approval", Reporter, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/approval", Reviewer, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/approval", Leader, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/approval", Evaluator, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/approval", SysAdmin, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/approval", SecAdmin, Any, 403),
    ("POST", "/api/v1/periods/{id}/evaluation/approval", AuditAdmin, Any, 403),

    ("GET", "/api/v1/periods/{id}/evaluation/export", Anonymous, Any, 401),
    ("GET", "/api/v1/periods/{id}/evaluation/export", Office, Any, 200),
    ("GET", "/api/v1/periods/{id}/evaluation/export", Reporter, Any, 403),
    ("GET", "/api/v1/periods/{id}/evaluation/export", Reviewer, Any, 403),
    ("GET", "/api/v1/periods/{id}/evaluation/export", Leader, Any, 200),
    ("GET", "/api/v1/periods/{id}/evaluation/export", Evaluator, Any, 200),
    ("GET", "/api/v1/periods/{id}/evaluation/export", SysAdmin, Any, 403),
    ("GET", "/api/v1/periods/{id}/evaluation/export", SecAdmin, Any, 403),
    ("GET", "/api/v1/periods/{id}/evaluation/export", AuditAdmin, Any, 403),

    ("GET", "/api/v1/periods/{id}/funding", Anonymous, Any, 401),
    ("GET", "/api/v1/periods/{id}/funding", Office, Any, 200),
    ("GET", "/api/v1/periods/{id}/funding", Reporter, Any, 200),
    ("GET", "/api/v1/periods/{id}/funding", Reviewer, Any, 200),
    ("GET", "/api/v1/periods/{id}/funding", Leader, Any, 200),
    ("GET", "/api/v1/periods/{id}/funding", Evaluator, Any, 200),
    ("GET", "/api/v1/periods/{id}/funding", SysAdmin, Any, 403),
    ("GET", "/api/v1/periods/{id}/funding", SecAdmin, Any, 403),
    ("GET", "/api/v1/periods/{id}/funding", AuditAdmin, Any, 403),

    ("GET", "/api/v1/plans/{id}/data-quality", Anonymous, Any, 401),
    ("GET", "/api/v1/plans/{id}/data-quality", Office, Any, 200),
    ("GET", "/api/v1/plans/{id}/data-quality", Reporter, Any, 403),
    ("GET", "/api/v1/plans/{id}/data-quality", Reviewer, Any, 403),
    ("GET", "/api/v1/plans/{id}/data-quality", Leader, Any, 200),
    ("GET", "/api/v1/plans/{id}/data-quality", Evaluator, Any, 200),
    ("GET", "/api/v1/plans/{id}/data-quality", SysAdmin, Any, 403),
    ("GET", "/api/v1/plans/{id}/data-quality", SecAdmin, Any, 403),
    ("GET", "/api/v1/plans/{id}/data-quality", AuditAdmin, Any, 403),

    ("POST", "/api/v1/plans/{id}/spot-checks", Anonymous, Any, 401),
    ("POST", "/api/v1/plans/{id}/spot-checks", Office, Any, 201),
    ("POST", "/api/v1/plans/{id}/spot-checks", Reporter, Any, 403),
    ("POST", "/api/v1/plans/{id}/spot-checks", Reviewer, Any, 403),
    ("POST", "/api/v1/plans/{id}/spot-checks", Leader, Any, 403),
    ("POST", "/api/v1/plans/{id}/spot-checks", Evaluator, Any, 403),
    ("POST", "/api/v1/plans/{id}/spot-checks", SysAdmin, Any, 403),
    ("POST", "/api/v1/plans/{id}/spot-checks", SecAdmin, Any, 403),
    ("POST", "/api/v1/plans/{id}/spot-checks", AuditAdmin, Any, 403),

    ("GET",  "/api/v1/indicators/{id}/target-changes", Anonymous,   Any,   401),
    ("GET",  "/api/v1/indicators/{id}/target-changes", Office,      Any,   200),
    ("GET",  "/api/v1/indicators/{id}/target-changes", Reporter,    Any,   200),
    ("GET",  "/api/v1/indicators/{id}/target-changes", Reviewer,    Any,   200),
    ("GET",  "/api/v1/indicators/{id}/target-changes", Leader,      Any,   200),
    ("GET",  "/api/v1/indicators/{id}/target-changes", Evaluator,   Any,   200),
    ("GET",  "/api/v1/indicators/{id}/target-changes", SysAdmin,    Any,   403),
    ("GET",  "/api/v1/indicators/{id}/target-changes", SecAdmin,    Any,   403),
    ("GET",  "/api/v1/indicators/{id}/target-changes", AuditAdmin,  Any,   403),

    ("POST", "/api/v1/indicators/{id}/target-changes", Anonymous,   Any,   401),
    ("POST", "/api/v1/indicators/{id}/target-changes", Office,      Any,   201),
    ("POST", "/api/v1/indicators/{id}/target-changes", Reporter,    Any,   201),
    ("POST", "/api/v1/indicators/{id}/target-changes", Reviewer,    Any,   201),
    ("POST", "/api/v1/indicators/{id}/target-changes", Leader,      Any,   403),
    ("POST", "/api/v1/indicators/{id}/target-changes", Evaluator,   Any,   403),
    ("POST", "/api/v1/indicators/{id}/target-changes", SysAdmin,    Any,   403),
    ("POST", "/api/v1/indicators/{id}/target-changes", SecAdmin,    Any,   403),
    ("POST", "/api/v1/indicators/{id}/target-changes", AuditAdmin,  Any,   403),

    ("GET",  "/api/v1/target-changes",              Anonymous,   Any,   401),
    ("GET",  "/api/v1/target-changes",              Office,      Any,   200),
    ("GET",  "/api/v1/target-changes",              Reporter,    Any,   200),
    ("GET",  "/api/v1/target-changes",              Reviewer,    Any,   200),
    ("GET",  "/api/v1/target-changes",              Leader,      Any,   200),
    ("GET",  "/api/v1/target-changes",              Evaluator,   Any,   200),
    ("GET",  "/api/v1/target-changes",              SysAdmin,    Any,   403),
    ("GET",  "/api/v1/target-changes",              SecAdmin,    Any,   403),
    ("GET",  "/api/v1/target-changes",              AuditAdmin,  Any,   403),

    ("GET",  "/api/v1/target-changes/{id}",         Anonymous,   Any,   401),
    ("GET",  "/api/v1/target-changes/{id}",         Office,      Any,   200),
    ("GET",  "/api/v1/target-changes/{id}",         Reporter,    Any,   200),
    ("GET",  "/api/v1/target-changes/{id}",         Reviewer,    Any,   200),
    ("GET",  "/api/v1/target-changes/{id}",         Leader,      Any,   200),
    ("GET",  "/api/v1/target-changes/{id}",         Evaluator,   Any,   200),
    ("GET",  "/api/v1/target-changes/{id}",         SysAdmin,    Any,   403),
    ("GET",  "/api/v1/target-changes/{id}",         SecAdmin,    Any,   403),
    ("GET",  "/api/v1/target-changes/{id}",         AuditAdmin,  Any,   403),

    ("POST", "/api/v1/target-changes/{id}/decision", Anonymous,   Any,   401),
    ("POST", "/api/v1/target-changes/{id}/decision", Office,      Any,   200),
    ("POST", "/api/v1/target-changes/{id}/decision", Reporter,    Any,   403),
    ("POST", "/api/v1/target-changes/{id}/decision", Reviewer,    Any,   403),
    ("POST", "/api/v1/target-changes/{id}/decision", Leader,      Any,   403),
    ("POST", "/api/v1/target-changes/{id}/decision", Evaluator,   Any,   403),
    ("POST", "/api/v1/target-changes/{id}/decision", SysAdmin,    Any,   403),
    ("POST", "/api/v1/target-changes/{id}/decision", SecAdmin,    Any,   403),
    ("POST", "/api/v1/target-changes/{id}/decision", AuditAdmin,  Any,   403),

    ("GET",  "/api/v1/reports/{id}/corrections",    Anonymous,   Any,   401),
    ("GET",  "/api/v1/reports/{id}/corrections",    Office,      Any,   200),
    ("GET",  "/api/v1/reports/{id}/corrections",    Reporter,    Own,   200),
    ("GET",  "/api/v1/reports/{id}/corrections",    Reporter,    Led,   200),
    ("GET",  "/api/v1/reports/{id}/corrections",    Reporter,    Other, 403),
    ("GET",  "/api/v1/reports/{id}/corrections",    Reviewer,    Own,   200),
    ("GET",  "/api/v1/reports/{id}/corrections",    Reviewer,    Led,   200),
    ("GET",  "/api/v1/reports/{id}/corrections",    Reviewer,    Other, 403),
    ("GET",  "/api/v1/reports/{id}/corrections",    Leader,      Any,   200),
    ("GET",  "/api/v1/reports/{id}/corrections",    Evaluator,   Any,   200),
    ("GET",  "/api/v1/reports/{id}/corrections",    SysAdmin,    Any,   403),
    ("GET",  "/api/v1/reports/{id}/corrections",    SecAdmin,    Any,   403),
    ("GET",  "/api/v1/reports/{id}/corrections",    AuditAdmin,  Any,   403),

    ("GET",  "/api/v1/corrections/{id}",            Anonymous,   Any,   401),
    ("GET",  "/api/v1/corrections/{id}",            Office,      Any,   200),
    ("GET",  "/api/v1/corrections/{id}",            Reporter,    Own,   200),
    ("GET",  "/api/v1/corrections/{id}",            Reporter,    Led,   200),
    ("GET",  "/api/v1/corrections/{id}",            Reporter,    Other, 403),
    ("GET",  "/api/v1/corrections/{id}",            Reviewer,    Own,   200),
    ("GET",  "/api/v1/corrections/{id}",            Reviewer,    Led,   200),
    ("GET",  "/api/v1/corrections/{id}",            Reviewer,    Other, 403),
    ("GET",  "/api/v1/corrections/{id}",            Leader,      Any,   200),
    ("GET",  "/api/v1/corrections/{id}",            Evaluator,   Any,   200),
    ("GET",  "/api/v1/corrections/{id}",            SysAdmin,    Any,   403),
    ("GET",  "/api/v1/corrections/{id}",            SecAdmin,    Any,   403),
    ("GET",  "/api/v1/corrections/{id}",            AuditAdmin,  Any,   403),

    ("POST", "/api/v1/reports/{id}/corrections",    Anonymous,   Any,   401),
    ("POST", "/api/v1/reports/{id}/corrections",    Office,      Any,   403),
    ("POST", "/api/v1/reports/{id}/corrections",    Reporter,    Own,   201),
    ("POST", "/api/v1/reports/{id}/corrections",    Reporter,    Led,   403),
    ("POST", "/api/v1/reports/{id}/corrections",    Reporter,    Other, 403),
    ("POST", "/api/v1/reports/{id}/corrections",    Reviewer,    Own,   403),
    ("POST", "/api/v1/reports/{id}/corrections",    Reviewer,    Led,   403),
    ("POST", "/api/v1/reports/{id}/corrections",    Reviewer,    Other, 403),
    ("POST", "/api/v1/reports/{id}/corrections",    Leader,      Any,   403),
    ("POST", "/api/v1/reports/{id}/corrections",    Evaluator,   Any,   403),
    ("POST", "/api/v1/reports/{id}/corrections",    SysAdmin,    Any,   403),
    ("POST", "/api/v1/reports/{id}/corrections",    SecAdmin,    Any,   403),
    ("POST", "/api/v1/reports/{id}/corrections",    AuditAdmin,  Any,   403),

    ("GET",  "/api/v1/corrections",                 Anonymous,   Any,   401),
    ("GET",  "/api/v1/corrections",                 Office,      Any,   200),
    ("GET",  "/api/v1/corrections",                 Reporter,    Any,   403),
    ("GET",  "/api/v1/corrections",                 Reviewer,    Any,   403),
    ("GET",  "/api/v1/corrections",                 Leader,      Any,   200),
    ("GET",  "/api/v1/corrections",                 Evaluator,   Any,   200),
    ("GET",  "/api/v1/corrections",                 SysAdmin,    Any,   403),
    ("GET",  "/api/v1/corrections",                 SecAdmin,    Any,   403),
    ("GET",  "/api/v1/corrections",                 AuditAdmin,  Any,   403),

    ("POST", "/api/v1/corrections/{id}/decision",   Anonymous,   Any,   401),
    ("POST", "/api/v1/corrections/{id}/decision",   Office,      Any,   200),
    ("POST", "/api/v1/corrections/{id}/decision",   Reporter,    Any,   403),
    ("POST", "/api/v1/corrections/{id}/decision",   Reviewer,    Any,   403),
    ("POST", "/api/v1/corrections/{id}/decision",   Leader,      Any,   403),
    ("POST", "/api/v1/corrections/{id}/decision",   Evaluator,   Any,   403),
    ("POST", "/api/v1/corrections/{id}/decision",   SysAdmin,    Any,   403),
    ("POST", "/api/v1/corrections/{id}/decision",   SecAdmin,    Any,   403),
    ("POST", "/api/v1/corrections/{id}/decision",   AuditAdmin,  Any,   403),

    ("GET",  "/api/v1/plans/{id}/settings",         Anonymous,   Any,   401),
    ("GET",  "/api/v1/plans/{id}/settings",         Office,      Any,   200),
    ("GET",  "/api/v1/plans/{id}/settings",         Reporter,    Any,   200),
    ("GET",  "/api/v1/plans/{id}/settings",         Reviewer,    Any,   200),
    ("GET",  "/api/v1/plans/{id}/settings",         Leader,      Any,   200),
    ("GET",  "/api/v1/plans/{id}/settings",         Evaluator,   Any,   200),
    ("GET",  "/api/v1/plans/{id}/settings",         SysAdmin,    Any,   403),
    ("GET",  "/api/v1/plans/{id}/settings",         SecAdmin,    Any,   403),
    ("GET",  "/api/v1/plans/{id}/settings",         AuditAdmin,  Any,   403),

    ("PATCH","/api/v1/plans/{id}/settings",         Anonymous,   Any,   401),
    ("PATCH","/api/v1/plans/{id}/settings",         Office,      Any,   200),
    ("PATCH","/api/v1/plans/{id}/settings",         Reporter,    Any,   403),
    ("PATCH","/api/v1/plans/{id}/settings",         Reviewer,    Any,   403),
    ("PATCH","/api/v1/plans/{id}/settings",         Leader,      Any,   403),
    ("PATCH","/api/v1/plans/{id}/settings",         Evaluator,   Any,   403),
    ("PATCH","/api/v1/plans/{id}/settings",         SysAdmin,    Any,   403),
    ("PATCH","/api/v1/plans/{id}/settings",         SecAdmin,    Any,   403),
    ("PATCH","/api/v1/plans/{id}/settings",         AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/problems",                    Anonymous,   Any,   401),
    ("GET",     "/api/v1/problems",                    Office,      Any,   200),
    ("GET",     "/api/v1/problems",                    Reporter,    Any,   200),
    ("GET",     "/api/v1/problems",                    Reviewer,    Any,   200),
    ("GET",     "/api/v1/problems",                    Leader,      Any,   200),
    ("GET",     "/api/v1/problems",                    Evaluator,   Any,   200),
    ("GET",     "/api/v1/problems",                    SysAdmin,    Any,   403),
    ("GET",     "/api/v1/problems",                    SecAdmin,    Any,   403),
    ("GET",     "/api/v1/problems",                    AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/problems",                    Anonymous,   Any,   401),
    ("POST",    "/api/v1/problems",                    Office,      Any,   201),
    ("POST",    "/api/v1/problems",                    Reporter,    Any,   403),
    ("POST",    "/api/v1/problems",                    Reviewer,    Any,   403),
    ("POST",    "/api/v1/problems",                    Leader,      Any,   403),
    ("POST",    "/api/v1/problems",                    Evaluator,   Any,   403),
    ("POST",    "/api/v1/problems",                    SysAdmin,    Any,   403),
    ("POST",    "/api/v1/problems",                    SecAdmin,    Any,   403),
    ("POST",    "/api/v1/problems",                    AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/problems/{id}",               Anonymous,   Any,   401),
    ("GET",     "/api/v1/problems/{id}",               Office,      Any,   200),
    ("GET",     "/api/v1/problems/{id}",               Reporter,    Own,   200),
    ("GET",     "/api/v1/problems/{id}",               Reporter,    Other, 403),
    ("GET",     "/api/v1/problems/{id}",               Reviewer,    Own,   200),
    ("GET",     "/api/v1/problems/{id}",               Reviewer,    Other, 403),
    ("GET",     "/api/v1/problems/{id}",               Leader,      Any,   200),
    ("GET",     "/api/v1/problems/{id}",               Evaluator,   Any,   200),
    ("GET",     "/api/v1/problems/{id}",               SysAdmin,    Any,   403),
    ("GET",     "/api/v1/problems/{id}",               SecAdmin,    Any,   403),
    ("GET",     "/api/v1/problems/{id}",               AuditAdmin,  Any,   403),

    ("PATCH",   "/api/v1/problems/{id}",               Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/problems/{id}",               Office,      Any,   200),
    ("PATCH",   "/api/v1/problems/{id}",               Reporter,    Own,   403),
    ("PATCH",   "/api/v1/problems/{id}",               Reviewer,    Own,   403),
    ("PATCH",   "/api/v1/problems/{id}",               Leader,      Any,   403),
    ("PATCH",   "/api/v1/problems/{id}",               Evaluator,   Any,   403),
    ("PATCH",   "/api/v1/problems/{id}",               SysAdmin,    Any,   403),
    ("PATCH",   "/api/v1/problems/{id}",               SecAdmin,    Any,   403),
    ("PATCH",   "/api/v1/problems/{id}",               AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/problems/{id}/actions",       Anonymous,   Any,   401),
    ("POST",    "/api/v1/problems/{id}/actions",       Office,      Any,   200),
    ("POST",    "/api/v1/problems/{id}/actions",       Reporter,    Own,   200),
    ("POST",    "/api/v1/problems/{id}/actions",       Reporter,    Other, 403),
    ("POST",    "/api/v1/problems/{id}/actions",       Reviewer,    Own,   200),
    ("POST",    "/api/v1/problems/{id}/actions",       Reviewer,    Other, 403),
    ("POST",    "/api/v1/problems/{id}/actions",       Leader,      Any,   403),
    ("POST",    "/api/v1/problems/{id}/actions",       Evaluator,   Any,   403),
    ("POST",    "/api/v1/problems/{id}/actions",       SysAdmin,    Any,   403),
    ("POST",    "/api/v1/problems/{id}/actions",       SecAdmin,    Any,   403),
    ("POST",    "/api/v1/problems/{id}/actions",       AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/reports",                     Anonymous,   Any,   401),
    ("GET",     "/api/v1/reports",                     Office,      Any,   200),
    ("GET",     "/api/v1/reports",                     Reporter,    Any,   200),
    ("GET",     "/api/v1/reports",                     Reviewer,    Any,   200),
    ("GET",     "/api/v1/reports",                     Leader,      Any,   200),
    ("GET",     "/api/v1/reports",                     Evaluator,   Any,   200),
    ("GET",     "/api/v1/reports",                     SysAdmin,    Any,   403),
    ("GET",     "/api/v1/reports",                     SecAdmin,    Any,   403),
    ("GET",     "/api/v1/reports",                     AuditAdmin,  Any,   403),

    // Whose: the unit the new report is for.
    ("POST",    "/api/v1/reports",                     Anonymous,   Any,   401),
    ("POST",    "/api/v1/reports",                     Office,      Any,   403),
    ("POST",    "/api/v1/reports",                     Reporter,    Own,   201),
    ("POST",    "/api/v1/reports",                     Reporter,    Led,   403),
    ("POST",    "/api/v1/reports",                     Reporter,    Other, 403),
    ("POST",    "/api/v1/reports",                     Reviewer,    Own,   403),
    ("POST",    "/api/v1/reports",                     Reviewer,    Led,   403),
    ("POST",    "/api/v1/reports",                     Reviewer,    Other, 403),
    ("POST",    "/api/v1/reports",                     Leader,      Any,   403),
    ("POST",    "/api/v1/reports",                     Evaluator,   Any,   403),
    ("POST",    "/api/v1/reports",                     SysAdmin,    Any,   403),
    ("POST",    "/api/v1/reports",                     SecAdmin,    Any,   403),
    ("POST",    "/api/v1/reports",                     AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/reports/{id}",                Anonymous,   Any,   401),
    ("GET",     "/api/v1/reports/{id}",                Office,      Any,   200),
    ("GET",     "/api/v1/reports/{id}",                Reporter,    Own,   200),
    ("GET",     "/api/v1/reports/{id}",                Reporter,    Led,   200),
    ("GET",     "/api/v1/reports/{id}",                Reporter,    Other, 403),
    ("GET",     "/api/v1/reports/{id}",                Reviewer,    Own,   200),
    ("GET",     "/api/v1/reports/{id}",                Reviewer,    Led,   200),
    ("GET",     "/api/v1/reports/{id}",                Reviewer,    Other, 403),
    ("GET",     "/api/v1/reports/{id}",                Leader,      Any,   200),
    ("GET",     "/api/v1/reports/{id}",                Evaluator,   Any,   200),
    ("GET",     "/api/v1/reports/{id}",                SysAdmin,    Any,   403),
    ("GET",     "/api/v1/reports/{id}",                SecAdmin,    Any,   403),
    ("GET",     "/api/v1/reports/{id}",                AuditAdmin,  Any,   403),

    ("PATCH",   "/api/v1/reports/{id}",                Anonymous,   Any,   401),
    ("PATCH",   "/api/v1/reports/{id}",                Office,      Any,   403),
    ("PATCH",   "/api/v1/reports/{id}",                Reporter,    Own,   200),
    ("PATCH",   "/api/v1/reports/{id}",                Reporter,    Led,   403),
    ("PATCH",   "/api/v1/reports/{id}",                Reporter,    Other, 403),
    ("PATCH",   "/api/v1/reports/{id}",                Reviewer,    Own,   403),
    ("PATCH",   "/api/v1/reports/{id}",                Reviewer,    Led,   403),
    ("PATCH",   "/api/v1/reports/{id}",                Reviewer,    Other, 403),
    ("PATCH",   "/api/v1/reports/{id}",                Leader,      Any,   403),
    ("PATCH",   "/api/v1/reports/{id}",                Evaluator,   Any,   403),
    ("PATCH",   "/api/v1/reports/{id}",                SysAdmin,    Any,   403),
    ("PATCH",   "/api/v1/reports/{id}",                SecAdmin,    Any,   403),
    ("PATCH",   "/api/v1/reports/{id}",                AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/reports/{id}/submit",         Anonymous,   Any,   401),
    ("POST",    "/api/v1/reports/{id}/submit",         Office,      Any,   403),
    ("POST",    "/api/v1/reports/{id}/submit",         Reporter,    Own,   200),
    ("POST",    "/api/v1/reports/{id}/submit",         Reporter,    Led,   403),
    ("POST",    "/api/v1/reports/{id}/submit",         Reporter,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/submit",         Reviewer,    Own,   403),
    ("POST",    "/api/v1/reports/{id}/submit",         Reviewer,    Led,   403),
    ("POST",    "/api/v1/reports/{id}/submit",         Reviewer,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/submit",         Leader,      Any,   403),
    ("POST",    "/api/v1/reports/{id}/submit",         Evaluator,   Any,   403),
    ("POST",    "/api/v1/reports/{id}/submit",         SysAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/submit",         SecAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/submit",         AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/reports/{id}/review",         Anonymous,   Any,   401),
    ("POST",    "/api/v1/reports/{id}/review",         Office,      Any,   403),
    ("POST",    "/api/v1/reports/{id}/review",         Reporter,    Own,   403),
    ("POST",    "/api/v1/reports/{id}/review",         Reporter,    Led,   403),
    ("POST",    "/api/v1/reports/{id}/review",         Reporter,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/review",         Reviewer,    Own,   200),
    ("POST",    "/api/v1/reports/{id}/review",         Reviewer,    Led,   200),
    ("POST",    "/api/v1/reports/{id}/review",         Reviewer,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/review",         Leader,      Any,   403),
    ("POST",    "/api/v1/reports/{id}/review",         Evaluator,   Any,   403),
    ("POST",    "/api/v1/reports/{id}/review",         SysAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/review",         SecAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/review",         AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/reports/{id}/approve",        Anonymous,   Any,   401),
    ("POST",    "/api/v1/reports/{id}/approve",        Office,      Any,   200),
    ("POST",    "/api/v1/reports/{id}/approve",        Reporter,    Own,   403),
    ("POST",    "/api/v1/reports/{id}/approve",        Reporter,    Led,   403),
    ("POST",    "/api/v1/reports/{id}/approve",        Reporter,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/approve",        Reviewer,    Own,   403),
    ("POST",    "/api/v1/reports/{id}/approve",        Reviewer,    Led,   403),
    ("POST",    "/api/v1/reports/{id}/approve",        Reviewer,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/approve",        Leader,      Any,   403),
    ("POST",    "/api/v1/reports/{id}/approve",        Evaluator,   Any,   403),
    ("POST",    "/api/v1/reports/{id}/approve",        SysAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/approve",        SecAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/approve",        AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/reports/{id}/return",         Anonymous,   Any,   401),
    ("POST",    "/api/v1/reports/{id}/return",         Office,      Any,   200),
    ("POST",    "/api/v1/reports/{id}/return",         Reporter,    Own,   403),
    ("POST",    "/api/v1/reports/{id}/return",         Reporter,    Led,   403),
    ("POST",    "/api/v1/reports/{id}/return",         Reporter,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/return",         Reviewer,    Own,   200),
    ("POST",    "/api/v1/reports/{id}/return",         Reviewer,    Led,   200),
    ("POST",    "/api/v1/reports/{id}/return",         Reviewer,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/return",         Leader,      Any,   403),
    ("POST",    "/api/v1/reports/{id}/return",         Evaluator,   Any,   403),
    ("POST",    "/api/v1/reports/{id}/return",         SysAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/return",         SecAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/return",         AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/reports/{id}/checks",         Anonymous,   Any,   401),
    ("GET",     "/api/v1/reports/{id}/checks",         Office,      Any,   200),
    ("GET",     "/api/v1/reports/{id}/checks",         Reporter,    Own,   200),
    ("GET",     "/api/v1/reports/{id}/checks",         Reporter,    Led,   200),
    ("GET",     "/api/v1/reports/{id}/checks",         Reporter,    Other, 403),
    ("GET",     "/api/v1/reports/{id}/checks",         Reviewer,    Own,   200),
    ("GET",     "/api/v1/reports/{id}/checks",         Reviewer,    Led,   200),
    ("GET",     "/api/v1/reports/{id}/checks",         Reviewer,    Other, 403),
    ("GET",     "/api/v1/reports/{id}/checks",         Leader,      Any,   200),
    ("GET",     "/api/v1/reports/{id}/checks",         Evaluator,   Any,   200),
    ("GET",     "/api/v1/reports/{id}/checks",         SysAdmin,    Any,   403),
    ("GET",     "/api/v1/reports/{id}/checks",         SecAdmin,    Any,   403),
    ("GET",     "/api/v1/reports/{id}/checks",         AuditAdmin,  Any,   403),

    // Evidence (佐证材料). Whose for reports as above; for problems Own is 市医疗保障局's,
    // Other 市教育局's. Evidence by id is on a report: those who may not read the report
    // get 404, as for evidence that does not exist. Withdrawing: Own evidence is the
    // actor's own upload (a reporter's), any other was uploaded by the report's author.
    ("GET",     "/api/v1/reports/{id}/evidence",       Anonymous,   Any,   401),
    ("GET",     "/api/v1/reports/{id}/evidence",       Office,      Any,   200),
    ("GET",     "/api/v1/reports/{id}/evidence",       Reporter,    Own,   200),
    ("GET",     "/api/v1/reports/{id}/evidence",       Reporter,    Led,   200),
    ("GET",     "/api/v1/reports/{id}/evidence",       Reporter,    Other, 403),
    ("GET",     "/api/v1/reports/{id}/evidence",       Reviewer,    Own,   200),
    ("GET",     "/api/v1/reports/{id}/evidence",       Reviewer,    Led,   200),
    ("GET",     "/api/v1/reports/{id}/evidence",       Reviewer,    Other, 403),
    ("GET",     "/api/v1/reports/{id}/evidence",       Leader,      Any,   200),
    ("GET",     "/api/v1/reports/{id}/evidence",       Evaluator,   Any,   200),
    ("GET",     "/api/v1/reports/{id}/evidence",       SysAdmin,    Any,   403),
    ("GET",     "/api/v1/reports/{id}/evidence",       SecAdmin,    Any,   403),
    ("GET",     "/api/v1/reports/{id}/evidence",       AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/reports/{id}/evidence",       Anonymous,   Any,   401),
    ("POST",    "/api/v1/reports/{id}/evidence",       Office,      Any,   403),
    ("POST",    "/api/v1/reports/{id}/evidence",       Reporter,    Own,   201),
    ("POST",    "/api/v1/reports/{id}/evidence",       Reporter,    Led,   403),
    ("POST",    "/api/v1/reports/{id}/evidence",       Reporter,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/evidence",       Reviewer,    Own,   403),
    ("POST",    "/api/v1/reports/{id}/evidence",       Reviewer,    Led,   403),
    ("POST",    "/api/v1/reports/{id}/evidence",       Reviewer,    Other, 403),
    ("POST",    "/api/v1/reports/{id}/evidence",       Leader,      Any,   403),
    ("POST",    "/api/v1/reports/{id}/evidence",       Evaluator,   Any,   403),
    ("POST",    "/api/v1/reports/{id}/evidence",       SysAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/evidence",       SecAdmin,    Any,   403),
    ("POST",    "/api/v1/reports/{id}/evidence",       AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/problems/{id}/evidence",      Anonymous,   Any,   401),
    ("GET",     "/api/v1/problems/{id}/evidence",      Office,      Any,   200),
    ("GET",     "/api/v1/problems/{id}/evidence",      Reporter,    Own,   200),
    ("GET",     "/api/v1/problems/{id}/evidence",      Reporter,    Other, 403),
    ("GET",     "/api/v1/problems/{id}/evidence",      Reviewer,    Own,   200),
    ("GET",     "/api/v1/problems/{id}/evidence",      Reviewer,    Other, 403),
    ("GET",     "/api/v1/problems/{id}/evidence",      Leader,      Any,   200),
    ("GET",     "/api/v1/problems/{id}/evidence",      Evaluator,   Any,   200),
    ("GET",     "/api/v1/problems/{id}/evidence",      SysAdmin,    Any,   403),
    ("GET",     "/api/v1/problems/{id}/evidence",      SecAdmin,    Any,   403),
    ("GET",     "/api/v1/problems/{id}/evidence",      AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/problems/{id}/evidence",      Anonymous,   Any,   401),
    ("POST",    "/api/v1/problems/{id}/evidence",      Office,      Any,   201),
    ("POST",    "/api/v1/problems/{id}/evidence",      Reporter,    Own,   201),
    ("POST",    "/api/v1/problems/{id}/evidence",      Reporter,    Other, 403),
    ("POST",    "/api/v1/problems/{id}/evidence",      Reviewer,    Own,   201),
    ("POST",    "/api/v1/problems/{id}/evidence",      Reviewer,    Other, 403),
    ("POST",    "/api/v1/problems/{id}/evidence",      Leader,      Any,   403),
    ("POST",    "/api/v1/problems/{id}/evidence",      Evaluator,   Any,   403),
    ("POST",    "/api/v1/problems/{id}/evidence",      SysAdmin,    Any,   403),
    ("POST",    "/api/v1/problems/{id}/evidence",      SecAdmin,    Any,   403),
    ("POST",    "/api/v1/problems/{id}/evidence",      AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/evidence/{id}",               Anonymous,   Any,   401),
    ("GET",     "/api/v1/evidence/{id}",               Office,      Any,   200),
    ("GET",     "/api/v1/evidence/{id}",               Reporter,    Own,   200),
    ("GET",     "/api/v1/evidence/{id}",               Reporter,    Led,   200),
    ("GET",     "/api/v1/evidence/{id}",               Reporter,    Other, 404),
    ("GET",     "/api/v1/evidence/{id}",               Reviewer,    Own,   200),
    ("GET",     "/api/v1/evidence/{id}",               Reviewer,    Led,   200),
    ("GET",     "/api/v1/evidence/{id}",               Reviewer,    Other, 404),
    ("GET",     "/api/v1/evidence/{id}",               Leader,      Any,   200),
    ("GET",     "/api/v1/evidence/{id}",               Evaluator,   Any,   200),
    ("GET",     "/api/v1/evidence/{id}",               SysAdmin,    Any,   403),
    ("GET",     "/api/v1/evidence/{id}",               SecAdmin,    Any,   403),
    ("GET",     "/api/v1/evidence/{id}",               AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/evidence/{id}/file",          Anonymous,   Any,   401),
    ("GET",     "/api/v1/evidence/{id}/file",          Office,      Any,   200),
    ("GET",     "/api/v1/evidence/{id}/file",          Reporter,    Own,   200),
    ("GET",     "/api/v1/evidence/{id}/file",          Reporter,    Led,   200),
    ("GET",     "/api/v1/evidence/{id}/file",          Reporter,    Other, 404),
    ("GET",     "/api/v1/evidence/{id}/file",          Reviewer,    Own,   200),
    ("GET",     "/api/v1/evidence/{id}/file",          Reviewer,    Led,   200),
    ("GET",     "/api/v1/evidence/{id}/file",          Reviewer,    Other, 404),
    ("GET",     "/api/v1/evidence/{id}/file",          Leader,      Any,   200),
    ("GET",     "/api/v1/evidence/{id}/file",          Evaluator,   Any,   200),
    ("GET",     "/api/v1/evidence/{id}/file",          SysAdmin,    Any,   403),
    ("GET",     "/api/v1/evidence/{id}/file",          SecAdmin,    Any,   403),
    ("GET",     "/api/v1/evidence/{id}/file",          AuditAdmin,  Any,   403),

    ("DELETE",  "/api/v1/evidence/{id}",               Anonymous,   Any,   401),
    ("DELETE",  "/api/v1/evidence/{id}",               Office,      Any,   204),
    ("DELETE",  "/api/v1/evidence/{id}",               Reporter,    Own,   204),
    ("DELETE",  "/api/v1/evidence/{id}",               Reporter,    Led,   403),
    ("DELETE",  "/api/v1/evidence/{id}",               Reporter,    Other, 404),
    ("DELETE",  "/api/v1/evidence/{id}",               Reviewer,    Own,   403),
    ("DELETE",  "/api/v1/evidence/{id}",               Reviewer,    Led,   403),
    ("DELETE",  "/api/v1/evidence/{id}",               Reviewer,    Other, 404),
    ("DELETE",  "/api/v1/evidence/{id}",               Leader,      Any,   403),
    ("DELETE",  "/api/v1/evidence/{id}",               Evaluator,   Any,   403),
    ("DELETE",  "/api/v1/evidence/{id}",               SysAdmin,    Any,   403),
    ("DELETE",  "/api/v1/evidence/{id}",               SecAdmin,    Any,   403),
    ("DELETE",  "/api/v1/evidence/{id}",               AuditAdmin,  Any,   403),

    // Confirms no change for the unit's untouched tasks in the scratch period; Other
    // names 市教育局.
    ("POST",    "/api/v1/periods/{id}/no-change",      Anonymous,   Any,   401),
    ("POST",    "/api/v1/periods/{id}/no-change",      Office,      Any,   403),
    ("POST",    "/api/v1/periods/{id}/no-change",      Reporter,    Own,   200),
    ("POST",    "/api/v1/periods/{id}/no-change",      Reporter,    Other, 403),
    ("POST",    "/api/v1/periods/{id}/no-change",      Reviewer,    Own,   403),
    ("POST",    "/api/v1/periods/{id}/no-change",      Leader,      Any,   403),
    ("POST",    "/api/v1/periods/{id}/no-change",      Evaluator,   Any,   403),
    ("POST",    "/api/v1/periods/{id}/no-change",      SysAdmin,    Any,   403),
    ("POST",    "/api/v1/periods/{id}/no-change",      SecAdmin,    Any,   403),
    ("POST",    "/api/v1/periods/{id}/no-change",      AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/periods/{id}/tasks",          Anonymous,   Any,   401),
    ("GET",     "/api/v1/periods/{id}/tasks",          Office,      Any,   200),
    ("GET",     "/api/v1/periods/{id}/tasks",          Reporter,    Own,   200),
    ("GET",     "/api/v1/periods/{id}/tasks",          Reporter,    Other, 403),
    ("GET",     "/api/v1/periods/{id}/tasks",          Reviewer,    Own,   200),
    ("GET",     "/api/v1/periods/{id}/tasks",          Reviewer,    Other, 403),
    ("GET",     "/api/v1/periods/{id}/tasks",          Leader,      Any,   200),
    ("GET",     "/api/v1/periods/{id}/tasks",          Evaluator,   Any,   200),
    ("GET",     "/api/v1/periods/{id}/tasks",          SysAdmin,    Any,   403),
    ("GET",     "/api/v1/periods/{id}/tasks",          SecAdmin,    Any,   403),
    ("GET",     "/api/v1/periods/{id}/tasks",          AuditAdmin,  Any,   403),

    ("GET",     "/api/v1/periods/{id}/template",       Anonymous,   Any,   401),
    ("GET",     "/api/v1/periods/{id}/template",       Office,      Any,   200),
    ("GET",     "/api/v1/periods/{id}/template",       Reporter,    Own,   200),
    ("GET",     "/api/v1/periods/{id}/template",       Reporter,    Other, 403),
    ("GET",     "/api/v1/periods/{id}/template",       Reviewer,    Any,   403),
    ("GET",     "/api/v1/periods/{id}/template",       Leader,      Any,   403),
    ("GET",     "/api/v1/periods/{id}/template",       Evaluator,   Any,   403),
    ("GET",     "/api/v1/periods/{id}/template",       SysAdmin,    Any,   403),
    ("GET",     "/api/v1/periods/{id}/template",       SecAdmin,    Any,   403),
    ("GET",     "/api/v1/periods/{id}/template",       AuditAdmin,  Any,   403),

    ("POST",    "/api/v1/periods/{id}/import",         Anonymous,   Any,   401),
    ("POST",    "/api/v1/periods/{id}/import",         Office,      Any,   403),
    ("POST",    "/api/v1/periods/{id}/import",         Reporter,    Any,   200),
    ("POST",    "/api/v1/periods/{id}/import",         Reviewer,    Any,   403),
    ("POST",    "/api/v1/periods/{id}/import",         Leader,      Any,   403),
    ("POST",    "/api/v1/periods/{id}/import",         Evaluator,   Any,   403),
    ("POST",    "/api/v1/periods/{id}/import",         SysAdmin,    Any,   403),
    ("POST",    "/api/v1/periods/{id}/import",         SecAdmin,    Any,   403),
    ("POST",    "/api/v1/periods/{id}/import",         AuditAdmin,  Any,   403),

    ("POST", "/api/v1/periods/{id}/completion-table", Anonymous, Any, 401),
    ("POST", "/api/v1/periods/{id}/completion-table", Office, Any, 200),
    ("POST", "/api/v1/periods/{id}/completion-table", Reporter, Any, 403),
    ("POST", "/api/v1/periods/{id}/completion-table", Reviewer, Any, 403),
    ("POST", "/api/v1/periods/{id}/completion-table", Leader, Any, 403),
    ("POST", "/api/v1/periods/{id}/completion-table", Evaluator, Any, 403),
    ("POST", "/api/v1/periods/{id}/completion-table", SysAdmin, Any, 403),
    ("POST", "/api/v1/periods/{id}/completion-table", SecAdmin, Any, 403),
    ("POST", "/api/v1/periods/{id}/completion-table", AuditAdmin, Any, 403),

    ("GET", "/api/v1/plans/{id}/structure", Anonymous, Any, 401),
    ("GET", "/api/v1/plans/{id}/structure", Office, Any, 200),
    ("GET", "/api/v1/plans/{id}/structure", Reporter, Any, 403),
    ("GET", "/api/v1/plans/{id}/structure", Reviewer, Any, 403),
    ("GET", "/api/v1/plans/{id}/structure", Leader, Any, 403),
    ("GET", "/api/v1/plans/{id}/structure", Evaluator, Any, 403),
    ("GET", "/api/v1/plans/{id}/structure", SysAdmin, Any, 403),
    ("GET", "/api/v1/plans/{id}/structure", SecAdmin, Any, 403),
    ("GET", "/api/v1/plans/{id}/structure", AuditAdmin, Any, 403),

    ("POST", "/api/v1/plans/{id}/structure", Anonymous, Any, 401),
    ("POST", "/api/v1/plans/{id}/structure", Office, Any, 200),
    ("POST", "/api/v1/plans/{id}/structure", Reporter, Any, 403),
    ("POST", "/api/v1/plans/{id}/structure", Reviewer, Any, 403),
    ("POST", "/api/v1/plans/{id}/structure", Leader, Any, 403),
    ("POST", "/api/v1/plans/{id}/structure", Evaluator, Any, 403),
    ("POST", "/api/v1/plans/{id}/structure", SysAdmin, Any, 403),
    ("POST", "/api/v1/plans/{id}/structure", SecAdmin, Any, 403),
    ("POST", "/api/v1/plans/{id}/structure", AuditAdmin, Any, 403),

    ("GET",     "/api/v1/reports/{id}/versions",       Anonymous,   Any,   401),
    ("GET",     "/api/v1/reports/{id}/versions",       Office,      Any,   200),
    ("GET",     "/api/v1/reports/{id}/versions",       Reporter,    Own,   200),
    ("GET",     "/api/v1/reports/{id}/versions",       Reporter,    Led,   200),
    ("GET",     "/api/v1/reports/{id}/versions",       Reporter,    Other, 403),
    ("GET",     "/api/v1/reports/{id}/versions",       Reviewer,    Own,   200),
    ("GET",     "/api/v1/reports/{id}/versions",       Reviewer,    Led,   200),
    ("GET",     "/api/v1/reports/{id}/versions",       Reviewer,    Other, 403),
    ("GET",     "/api/v1/reports/{id}/versions",       Leader,      Any,   200),
    ("GET",     "/api/v1/reports/{id}/versions",       Evaluator,   Any,   200),
    ("GET",     "/api/v1/reports/{id}/versions",       SysAdmin,    Any,   403),
    ("GET",     "/api/v1/reports/{id}/versions",       SecAdmin,    Any,   403),
    ("GET",     "/api/v1/reports/{id}/versions",       AuditAdmin,  Any,   403),

    ("GET", "/api/v1/plans/{id}/series",                 Anonymous,   Any,   401),
    ("GET", "/api/v1/plans/{id}/series",                 Office,      Any,   200),
    ("GET", "/api/v1/plans/{id}/series",                 Reporter,    Any,   200),
    ("GET", "/api/v1/plans/{id}/series",                 Reviewer,    Any,   200),
    ("GET", "/api/v1/plans/{id}/series",                 Leader,      Any,   200),
    ("GET", "/api/v1/plans/{id}/series",                 Evaluator,   Any,   200),
    ("GET", "/api/v1/plans/{id}/series",                 SysAdmin,    Any,   403),
    ("GET", "/api/v1/plans/{id}/series",                 SecAdmin,    Any,   403),
    ("GET", "/api/v1/plans/{id}/series",                 AuditAdmin,  Any,   403),

    ("POST", "/api/v1/plans/{id}/series",                 Anonymous,   Any,   401),
    ("POST", "/api/v1/plans/{id}/series",                 Office,      Any,   201),
    ("POST", "/api/v1/plans/{id}/series",                 Reporter,    Any,   403),
    ("POST", "/api/v1/plans/{id}/series",                 Reviewer,    Any,   403),
    ("POST", "/api/v1/plans/{id}/series",                 Leader,      Any,   403),
    ("POST", "/api/v1/plans/{id}/series",                 Evaluator,   Any,   403),
    ("POST", "/api/v1/plans/{id}/series",                 SysAdmin,    Any,   403),
    ("POST", "/api/v1/plans/{id}/series",                 SecAdmin,    Any,   403),
    ("POST", "/api/v1/plans/{id}/series",                 AuditAdmin,  Any,   403),

    ("GET", "/api/v1/series/{id}/bulletins",             Anonymous,   Any,   401),
    ("GET", "/api/v1/series/{id}/bulletins",             Office,      Any,   200),
    ("GET", "/api/v1/series/{id}/bulletins",             Reporter,    Any,   403),
    ("GET", "/api/v1/series/{id}/bulletins",             Reviewer,    Any,   403),
    ("GET", "/api/v1/series/{id}/bulletins",             Leader,      Any,   200),
    ("GET", "/api/v1/series/{id}/bulletins",             Evaluator,   Any,   403),
    ("GET", "/api/v1/series/{id}/bulletins",             SysAdmin,    Any,   403),
    ("GET", "/api/v1/series/{id}/bulletins",             SecAdmin,    Any,   403),
    ("GET", "/api/v1/series/{id}/bulletins",             AuditAdmin,  Any,   403),

    ("POST", "/api/v1/series/{id}/bulletins",             Anonymous,   Any,   401),
    ("POST", "/api/v1/series/{id}/bulletins",             Office,      Any,   201),
    ("POST", "/api/v1/series/{id}/bulletins",             Reporter,    Any,   403),
    ("POST", "/api/v1/series/{id}/bulletins",             Reviewer,    Any,   403),
    ("POST", "/api/v1/series/{id}/bulletins",             Leader,      Any,   403),
    ("POST", "/api/v1/series/{id}/bulletins",             Evaluator,   Any,   403),
    ("POST", "/api/v1/series/{id}/bulletins",             SysAdmin,    Any,   403),
    ("POST", "/api/v1/series/{id}/bulletins",             SecAdmin,    Any,   403),
    ("POST", "/api/v1/series/{id}/bulletins",             AuditAdmin,  Any,   403),

    ("GET", "/api/v1/bulletins/{id}",                    Anonymous,   Any,   401),
    ("GET", "/api/v1/bulletins/{id}",                    Office,      Any,   200),
    ("GET", "/api/v1/bulletins/{id}",                    Reporter,    Any,   403),
    ("GET", "/api/v1/bulletins/{id}",                    Reviewer,    Any,   403),
    ("GET", "/api/v1/bulletins/{id}",                    Leader,      Any,   200),
    ("GET", "/api/v1/bulletins/{id}",                    Evaluator,   Any,   403),
    ("GET", "/api/v1/bulletins/{id}",                    SysAdmin,    Any,   403),
    ("GET", "/api/v1/bulletins/{id}",                    SecAdmin,    Any,   403),
    ("GET", "/api/v1/bulletins/{id}",                    AuditAdmin,  Any,   403),

    ("PATCH", "/api/v1/bulletins/{id}",                    Anonymous,   Any,   401),
    ("PATCH", "/api/v1/bulletins/{id}",                    Office,      Any,   200),
    ("PATCH", "/api/v1/bulletins/{id}",                    Reporter,    Any,   403),
    ("PATCH", "/api/v1/bulletins/{id}",                    Reviewer,    Any,   403),
    ("PATCH", "/api/v1/bulletins/{id}",                    Leader,      Any,   403),
    ("PATCH", "/api/v1/bulletins/{id}",                    Evaluator,   Any,   403),
    ("PATCH", "/api/v1/bulletins/{id}",                    SysAdmin,    Any,   403),
    ("PATCH", "/api/v1/bulletins/{id}",                    SecAdmin,    Any,   403),
    ("PATCH", "/api/v1/bulletins/{id}",                    AuditAdmin,  Any,   403),

    ("POST", "/api/v1/bulletins/{id}/issue",              Anonymous,   Any,   401),
    ("POST", "/api/v1/bulletins/{id}/issue",              Office,      Any,   200),
    ("POST", "/api/v1/bulletins/{id}/issue",              Reporter,    Any,   403),
    ("POST", "/api/v1/bulletins/{id}/issue",              Reviewer,    Any,   403),
    ("POST", "/api/v1/bulletins/{id}/issue",              Leader,      Any,   403),
    ("POST", "/api/v1/bulletins/{id}/issue",              Evaluator,   Any,   403),
    ("POST", "/api/v1/bulletins/{id}/issue",              SysAdmin,    Any,   403),
    ("POST", "/api/v1/bulletins/{id}/issue",              SecAdmin,    Any,   403),
    ("POST", "/api/v1/bulletins/{id}/issue",              AuditAdmin,  Any,   403),

    ("GET", "/api/v1/bulletins/{id}/document",           Anonymous,   Any,   401),
    ("GET", "/api/v1/bulletins/{id}/document",           Office,      Any,   200),
    ("GET", "/api/v1/bulletins/{id}/document",           Reporter,    Any,   403),
    ("GET", "/api/v1/bulletins/{id}/document",           Reviewer,    Any,   403),
    ("GET", "/api/v1/bulletins/{id}/document",           Leader,      Any,   200),
    ("GET", "/api/v1/bulletins/{id}/document",           Evaluator,   Any,   403),
    ("GET", "/api/v1/bulletins/{id}/document",           SysAdmin,    Any,   403),
    ("GET", "/api/v1/bulletins/{id}/document",           SecAdmin,    Any,   403),
    ("GET", "/api/v1/bulletins/{id}/document",           AuditAdmin,  Any,   403),

    ("POST", "/api/v1/items/{id}/publication",            Anonymous,   Any,   401),
    ("POST", "/api/v1/items/{id}/publication",            Office,      Any,   201),
    ("POST", "/api/v1/items/{id}/publication",            Reporter,    Any,   403),
    ("POST", "/api/v1/items/{id}/publication",            Reviewer,    Any,   403),
    ("POST", "/api/v1/items/{id}/publication",            Leader,      Any,   403),
    ("POST", "/api/v1/items/{id}/publication",            Evaluator,   Any,   403),
    ("POST", "/api/v1/items/{id}/publication",            SysAdmin,    Any,   403),
    ("POST", "/api/v1/items/{id}/publication",            SecAdmin,    Any,   403),
    ("POST", "/api/v1/items/{id}/publication",            AuditAdmin,  Any,   403),

    ("POST", "/api/v1/bulletins/{id}/publication",        Anonymous,   Any,   401),
    ("POST", "/api/v1/bulletins/{id}/publication",        Office,      Any,   201),
    ("POST", "/api/v1/bulletins/{id}/publication",        Reporter,    Any,   403),
    ("POST", "/api/v1/bulletins/{id}/publication",        Reviewer,    Any,   403),
    ("POST", "/api/v1/bulletins/{id}/publication",        Leader,      Any,   403),
    ("POST", "/api/v1/bulletins/{id}/publication",        Evaluator,   Any,   403),
    ("POST", "/api/v1/bulletins/{id}/publication",        SysAdmin,    Any,   403),
    ("POST", "/api/v1/bulletins/{id}/publication",        SecAdmin,    Any,   403),
    ("POST", "/api/v1/bulletins/{id}/publication",        AuditAdmin,  Any,   403),

    ("GET", "/api/v1/objections",                        Anonymous,   Any,   401),
    ("GET", "/api/v1/objections",                        Office,      Any,   200),
    ("GET", "/api/v1/objections",                        Reporter,    Any,   403),
    ("GET", "/api/v1/objections",                        Reviewer,    Any,   403),
    ("GET", "/api/v1/objections",                        Leader,      Any,   403),
    ("GET", "/api/v1/objections",                        Evaluator,   Any,   403),
    ("GET", "/api/v1/objections",                        SysAdmin,    Any,   403),
    ("GET", "/api/v1/objections",                        SecAdmin,    Any,   403),
    ("GET", "/api/v1/objections",                        AuditAdmin,  Any,   403),

    ("GET", "/api/v1/objections/{id}",                   Anonymous,   Any,   401),
    ("GET", "/api/v1/objections/{id}",                   Office,      Any,   200),
    ("GET", "/api/v1/objections/{id}",                   Reporter,    Any,   403),
    ("GET", "/api/v1/objections/{id}",                   Reviewer,    Any,   403),
    ("GET", "/api/v1/objections/{id}",                   Leader,      Any,   403),
    ("GET", "/api/v1/objections/{id}",                   Evaluator,   Any,   403),
    ("GET", "/api/v1/objections/{id}",                   SysAdmin,    Any,   403),
    ("GET", "/api/v1/objections/{id}",                   SecAdmin,    Any,   403),
    ("GET", "/api/v1/objections/{id}",                   AuditAdmin,  Any,   403),

    ("POST", "/api/v1/objections/{id}/settlement",        Anonymous,   Any,   401),
    ("POST", "/api/v1/objections/{id}/settlement",        Office,      Any,   200),
    ("POST", "/api/v1/objections/{id}/settlement",        Reporter,    Any,   403),
    ("POST", "/api/v1/objections/{id}/settlement",        Reviewer,    Any,   403),
    ("POST", "/api/v1/objections/{id}/settlement",        Leader,      Any,   403),
    ("POST", "/api/v1/objections/{id}/settlement",        Evaluator,   Any,   403),
    ("POST", "/api/v1/objections/{id}/settlement",        SysAdmin,    Any,   403),
    ("POST", "/api/v1/objections/{id}/settlement",        SecAdmin,    Any,   403),
    ("POST", "/api/v1/objections/{id}/settlement",        AuditAdmin,  Any,   403),

    ("PUT", "/api/v1/indicators/{id}/bulletin-style",    Anonymous,   Any,   401),
    ("PUT", "/api/v1/indicators/{id}/bulletin-style",    Office,      Any,   200),
    ("PUT", "/api/v1/indicators/{id}/bulletin-style",    Reporter,    Any,   403),
    ("PUT", "/api/v1/indicators/{id}/bulletin-style",    Reviewer,    Any,   403),
    ("PUT", "/api/v1/indicators/{id}/bulletin-style",    Leader,      Any,   403),
    ("PUT", "/api/v1/indicators/{id}/bulletin-style",    Evaluator,   Any,   403),
    ("PUT", "/api/v1/indicators/{id}/bulletin-style",    SysAdmin,    Any,   403),
    ("PUT", "/api/v1/indicators/{id}/bulletin-style",    SecAdmin,    Any,   403),
    ("PUT", "/api/v1/indicators/{id}/bulletin-style",    AuditAdmin,  Any,   403),
];

#[tokio::test]
async fn every_route_answers_every_role_as_the_table_says() {
    for app in apps().await {
        let doc = app
            .call(Method::GET, "/api/v1/openapi.json", None, None, &[])
            .await;
        let gaps = table_gaps(&doc.body);
        assert!(
            gaps.is_empty(),
            "{}: the table and the OpenAPI document disagree:\n{}",
            app.db,
            gaps.join("\n")
        );
        let world = World::new(&app).await;
        let mut mismatches = Vec::new();
        for &(method, template, actor, whose, expected) in TABLE {
            let req = world.request(method, template, actor, whose).await;
            let got = world.send(&req).await;
            if got.status.as_u16() != expected {
                mismatches.push(format!(
                    "{method} {} as {actor:?} ({whose:?}): expected {expected}, got {}: {}",
                    req.path,
                    got.status.as_u16(),
                    got.text.chars().take(300).collect::<String>()
                ));
            }
        }
        assert!(
            mismatches.is_empty(),
            "{}: {} of {} rows answered otherwise:\n{}",
            app.db,
            mismatches.len(),
            TABLE.len(),
            mismatches.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------------------
// The table against the document.

const ALL_ACTORS: [Actor; 9] = [
    Anonymous, Office, Reporter, Reviewer, Leader, Evaluator, SysAdmin, SecAdmin, AuditAdmin,
];

/// What the table lacks or has too much: routes of the document without rows, rows for
/// routes the document does not have, routes not asked by every actor, repeated rows.
fn table_gaps(doc: &Value) -> Vec<String> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .expect("the document has paths")
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .into_iter()
                .flatten()
                .filter(|(m, _)| METHODS.contains(&m.as_str()))
                .map(|(m, _)| (m.to_ascii_uppercase(), path.clone()))
        })
        .collect();
    let mut actors: BTreeMap<(String, String), BTreeSet<Actor>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut gaps = Vec::new();
    for &(method, path, actor, whose, _) in TABLE {
        let key = (method.to_string(), path.to_string());
        actors.entry(key).or_default().insert(actor);
        if !seen.insert((method, path, actor, whose)) {
            gaps.push(format!(
                "row {method} {path} {actor:?} {whose:?} is in the table twice"
            ));
        }
    }
    for (method, path) in &documented {
        if !actors.contains_key(&(method.clone(), path.clone())) {
            gaps.push(format!("{method} {path} is documented but has no rows"));
        }
    }
    for ((method, path), who) in &actors {
        if !documented.contains(&(method.clone(), path.clone())) {
            gaps.push(format!("{method} {path} has rows but is not documented"));
        }
        let missing: Vec<Actor> = ALL_ACTORS
            .into_iter()
            .filter(|a| !who.contains(a))
            .collect();
        if !missing.is_empty() {
            gaps.push(format!("{method} {path} has no rows for {missing:?}"));
        }
    }
    gaps
}

// ---------------------------------------------------------------------------------------
// Turning a row into a request that would succeed if the actor were allowed.

impl Actor {
    /// The demo account that plays the part.
    fn username(self) -> Option<&'static str> {
        match self {
            Anonymous => None,
            Office => Some("ducha"),
            Reporter => Some("yibao-tb"),
            Reviewer => Some("yibao-sh"),
            Leader => Some("lingdao"),
            Evaluator => Some("pinggu"),
            SysAdmin => Some("xitong"),
            SecAdmin => Some("anquan"),
            AuditAdmin => Some("shenji"),
        }
    }

    /// The role, and the unit an account of it belongs to, for throwaway accounts.
    fn role(self) -> Option<(&'static str, Option<&'static str>)> {
        match self {
            Anonymous => None,
            Office => Some(("office", Some("ducha"))),
            Reporter => Some(("reporter", Some("yibao"))),
            Reviewer => Some(("reviewer", Some("yibao"))),
            Leader => Some(("leader", None)),
            Evaluator => Some(("evaluator", Some("disanfang"))),
            SysAdmin => Some(("sysadmin", None)),
            SecAdmin => Some(("secadmin", None)),
            AuditAdmin => Some(("auditadmin", None)),
        }
    }
}

fn demo_password(username: &str) -> &'static str {
    DEMO_ACCOUNTS
        .iter()
        .find(|a| a.username == username)
        .map(|a| a.password)
        .unwrap_or(duban_demo::loader::UNIT_REPORTER_PASSWORD)
}

/// Fills `{id}` (and `{entity}`) of a path template.
fn fill(template: &str, id: i64) -> String {
    template
        .replace("{entity}", "plan")
        .replace("{id}", &id.to_string())
}

const THROWAWAY_PASSWORD: &str = "throwaway-2019-pw";

struct Req {
    method: Method,
    path: String,
    token: Option<String>,
    body: Option<Value>,
    /// A raw body (an uploaded file) instead of JSON.
    raw: Option<Vec<u8>>,
    if_match: Option<String>,
}

impl Req {
    fn new(method: &str, path: String, token: Option<String>) -> Req {
        Req {
            method: method.parse().expect("a method"),
            path,
            token,
            body: None,
            raw: None,
            if_match: None,
        }
    }

    fn raw(self, bytes: &[u8]) -> Req {
        Req {
            raw: Some(bytes.to_vec()),
            ..self
        }
    }

    fn body(self, body: Value) -> Req {
        Req {
            body: Some(body),
            ..self
        }
    }

    fn if_match(self, etag: String) -> Req {
        Req {
            if_match: Some(etag),
            ..self
        }
    }
}

/// A report made for a row: its id and the indicator its figures are on.
/// How far a fixture report has gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Made {
    Draft,
    Submitted,
    Reviewed,
}

struct MadeReport {
    id: i64,
    indicator: i64,
}

/// The demo data as the API shows it, the actors' sessions, and a scratch plan where
/// rows that would change something get objects of their own.
struct World<'a> {
    app: &'a TestApp,
    /// Each actor's session, shared by the rows (logout rows log in afresh).
    tokens: HashMap<Actor, String>,
    /// Reporters that write the reports rows act on, by unit code.
    authors: HashMap<&'static str, String>,
    units: HashMap<String, i64>,
    users: HashMap<String, i64>,
    plan: i64,
    area: i64,
    item: i64,
    indicator: i64,
    period: i64,
    /// Reports to read, by whose they are to yibao's people.
    reports: HashMap<Whose, i64>,
    scratch_plan: i64,
    scratch_area: i64,
    scratch_period: i64,
    serial: AtomicU32,
}

impl<'a> World<'a> {
    async fn new(app: &'a TestApp) -> World<'a> {
        let mut tokens = HashMap::new();
        for a in ALL_ACTORS {
            if let Some(u) = a.username() {
                tokens.insert(a, app.token(u).await);
            }
        }
        let mut authors = HashMap::new();
        for unit in ["yibao", "minzheng", "jiaoyu"] {
            authors.insert(unit, app.token(&format!("tb-{unit}")).await);
        }
        let office = &tokens[&Office];
        let sysadmin = &tokens[&SysAdmin];
        let ok = |a: Answer, what: &str| -> Value {
            assert!(a.status.is_success(), "{}: {what}: {a:?}", app.db);
            a.body
        };
        let by = |list: &Value, key: &str| -> HashMap<String, i64> {
            list["items"]
                .as_array()
                .expect("a list")
                .iter()
                .map(|x| {
                    (
                        x[key].as_str().expect("a name").to_string(),
                        x["id"].as_i64().expect("an id"),
                    )
                })
                .collect()
        };
        let id = |v: &Value| v["id"].as_i64().expect("an id");

        let units = by(
            &ok(app.get("/api/v1/units?per_page=500", office).await, "units"),
            "code",
        );
        let users = by(
            &ok(
                app.get("/api/v1/users?per_page=500", sysadmin).await,
                "users",
            ),
            "username",
        );
        let plans = ok(app.get("/api/v1/plans?view=summary", office).await, "plans");
        let plan = id(&plans["items"][0]);
        let areas = ok(
            app.get(&format!("/api/v1/plans/{plan}/areas"), office)
                .await,
            "areas",
        );
        let periods = ok(
            app.get(&format!("/api/v1/plans/{plan}/periods"), office)
                .await,
            "periods",
        );
        let reports_of = async |unit: &str| -> Value {
            let path = format!("/api/v1/reports?plan_id={plan}&unit_id={}", units[unit]);
            ok(app.get(&path, office).await, "reports")["items"][0].clone()
        };
        let own = reports_of("yibao").await;
        let other = reports_of("jiaoyu").await;
        let item = own["item_id"].as_i64().expect("item");
        let other_item = ok(
            app.get(&format!("/api/v1/items/{}", other["item_id"]), office)
                .await,
            "item",
        );
        assert_ne!(
            other_item["lead_unit_id"], units["yibao"],
            "the other unit's report must be on an item yibao does not lead"
        );
        let indicators = ok(
            app.get(&format!("/api/v1/items/{item}/indicators"), office)
                .await,
            "indicators",
        );

        let mut w = World {
            app,
            tokens,
            authors,
            units,
            users,
            plan,
            area: id(&areas["items"][0]),
            item,
            indicator: id(&indicators["items"][0]),
            period: id(&periods["items"][0]),
            reports: HashMap::new(),
            scratch_plan: 0,
            scratch_area: 0,
            scratch_period: 0,
            serial: AtomicU32::new(1),
        };
        w.scratch_plan = w.fresh_plan().await;
        w.scratch_area = w
            .made(
                "/api/v1/plans/{id}/areas",
                w.scratch_plan,
                json!({"title": "权限表用方面"}),
            )
            .await;
        w.scratch_period = w
            .made(
                "/api/v1/plans/{id}/periods",
                w.scratch_plan,
                json!({"label": "2019-05"}),
            )
            .await;
        let led = w.fresh_report(Led, Made::Draft).await.id;
        w.reports = HashMap::from([
            (Any, id(&own)),
            (Own, id(&own)),
            (Other, id(&other)),
            (Led, led),
        ]);
        w
    }

    fn token(&self, actor: Actor) -> Option<String> {
        self.tokens.get(&actor).cloned()
    }

    fn office(&self) -> &str {
        &self.tokens[&Office]
    }

    fn next(&self) -> u32 {
        self.serial.fetch_add(1, Ordering::Relaxed)
    }

    /// The request for a row: the ids filled in, fresh objects for changes, a valid body
    /// and the current ETag.
    async fn request(&self, method: &str, template: &str, actor: Actor, whose: Whose) -> Req {
        let token = self.token(actor);
        let n = self.next();
        let at = |id: i64| fill(template, id);
        let plain = |id: i64| Req::new(method, fill(template, id), token.clone());
        match (method, template) {
            // Public: every caller logs in with their own account (anonymous as ducha).
            ("POST", "/api/v1/auth/login" | "/api/v1/auth/token") => {
                let username = actor.username().unwrap_or("ducha");
                let password = demo_password(username);
                Req::new(method, template.into(), token)
                    .body(self.app.credentials(username, password).await)
            }
            // A session of its own, so that the others' stay.
            ("POST", "/api/v1/auth/logout") => {
                let own = match actor.username() {
                    Some(u) => Some(self.app.token(u).await),
                    None => None,
                };
                Req::new(method, template.into(), own)
            }
            ("GET", "/api/v1/me") => Req::new(method, template.into(), token),
            // A throwaway account of the actor's role changes its own password.
            ("POST", "/api/v1/me/password") => {
                let own = match actor.role() {
                    Some((role, unit)) => {
                        let (_, username) = self.fresh_account(role, unit).await;
                        Some(self.log_in(&username, THROWAWAY_PASSWORD).await)
                    }
                    None => None,
                };
                Req::new(method, template.into(), own).body(json!({
                    "current_password": THROWAWAY_PASSWORD,
                    "new_password": "changed-2019-password",
                }))
            }
            ("POST", "/api/v1/me/second-factor") => Req::new(method, template.into(), token),
            // A throwaway account of the actor's role starts, and its row confirms.
            ("POST", "/api/v1/me/second-factor/confirm") => {
                use duban_domain::totp::{Secret, code_at, step_at};
                let (own, code) = match actor.role() {
                    Some((role, unit)) => {
                        let (_, username) = self.fresh_account(role, unit).await;
                        let own = self.log_in(&username, THROWAWAY_PASSWORD).await;
                        let path = "/api/v1/me/second-factor";
                        let started = self.app.call(Method::POST, path, Some(&own), None, &[]);
                        let started = started.await;
                        assert_eq!(started.status.as_u16(), 201, "{started:?}");
                        let secret = started.body["secret"].as_str().expect("a secret");
                        let secret = Secret::from_base32(secret).expect("base32");
                        let code = code_at(&secret, step_at(self.app.clock.now_ms()));
                        (Some(own), code)
                    }
                    None => (None, "123456".into()),
                };
                Req::new(method, template.into(), own).body(json!({"code": code}))
            }

            ("GET", "/api/v1/units") => plain(0),
            ("POST", "/api/v1/units") => plain(0).body(json!({
                "code": format!("rr-unit-{n}"),
                "name": format!("权限表单位{n}"),
                "kind": "department",
            })),
            ("GET", "/api/v1/units/{id}") => plain(self.units["yibao"]),
            ("PATCH", "/api/v1/units/{id}") => {
                let id = self
                    .made(
                        "/api/v1/units",
                        0,
                        json!({"code": format!("rr-patch-{n}"), "name": format!("待改单位{n}"), "kind": "department"}),
                    )
                    .await;
                self.patch(
                    method,
                    at(id),
                    token,
                    json!({"name": format!("已改单位{n}")}),
                )
                .await
            }

            ("GET", "/api/v1/users") => plain(0),
            ("POST", "/api/v1/users") => plain(0).body(json!({
                "username": format!("rr-new-{n}"),
                "display_name": format!("权限表用户{n}"),
                "role": "reporter",
                "unit_id": self.units["yibao"],
                "password": THROWAWAY_PASSWORD,
            })),
            ("GET", "/api/v1/users/{id}") => plain(self.account(actor, whose)),
            ("PATCH", "/api/v1/users/{id}") => {
                // One's own account is left as it is; someone else's, a fresh one, disabled.
                let (id, body) = match whose {
                    Own => (self.account(actor, Own), json!({"active": true})),
                    _ => (
                        self.fresh_account("reporter", Some("yibao")).await.0,
                        json!({"active": false}),
                    ),
                };
                let path = at(id);
                let etag = self.etag(&path, &self.tokens[&SysAdmin]).await;
                Req::new(method, path, token).if_match(etag).body(body)
            }

            ("PUT", "/api/v1/users/{id}/role") => {
                // One's own account stays as it is (refused); otherwise a fresh one, made a leader.
                let id = match whose {
                    Own => self.account(actor, Own),
                    _ => self.fresh_account("reporter", Some("yibao")).await.0,
                };
                let etag = self
                    .etag(&format!("/api/v1/users/{id}"), &self.tokens[&SysAdmin])
                    .await;
                Req::new(method, at(id), token)
                    .if_match(etag)
                    .body(json!({"role": "leader"}))
            }

            ("GET", "/api/v1/plans") => plain(0),
            ("POST", "/api/v1/plans") => {
                plain(0).body(json!({"year": 2019, "title": format!("权限表计划{n}")}))
            }
            ("GET", "/api/v1/plans/{id}") => plain(self.plan),
            ("PATCH", "/api/v1/plans/{id}") => {
                let id = self.fresh_plan().await;
                self.patch(
                    method,
                    at(id),
                    token,
                    json!({"title": format!("已改计划{n}")}),
                )
                .await
            }
            ("GET", "/api/v1/plans/{id}/areas") => plain(self.plan),
            ("POST", "/api/v1/plans/{id}/areas") => {
                plain(self.fresh_plan().await).body(json!({"title": format!("新方面{n}")}))
            }
            ("GET", "/api/v1/areas/{id}") => plain(self.area),
            ("PATCH", "/api/v1/areas/{id}") => {
                let id = self
                    .made(
                        "/api/v1/plans/{id}/areas",
                        self.scratch_plan,
                        json!({"title": format!("待改方面{n}")}),
                    )
                    .await;
                self.patch(
                    method,
                    at(id),
                    token,
                    json!({"title": format!("已改方面{n}")}),
                )
                .await
            }
            ("GET", "/api/v1/items") => plain(0),
            ("POST", "/api/v1/items") => plain(0).body(json!({
                "area_id": self.scratch_area,
                "number": 10_000 + n,
                "title": format!("新实事{n}"),
                "lead_unit_id": self.units["yibao"],
            })),
            ("GET", "/api/v1/items/{id}") => plain(self.item),
            ("PATCH", "/api/v1/items/{id}") => {
                let (id, _) = self.fresh_item("yibao", &[]).await;
                self.patch(
                    method,
                    at(id),
                    token,
                    json!({"title": format!("已改实事{n}")}),
                )
                .await
            }
            ("GET", "/api/v1/items/{id}/indicators") => plain(self.item),
            ("POST", "/api/v1/items/{id}/indicators") => {
                let (id, _) = self.fresh_item("yibao", &[]).await;
                plain(id).body(json!({
                    "name": format!("新指标{n}"), "kind": "cumulative", "unit": "个", "target": 10,
                }))
            }
            ("GET", "/api/v1/indicators/{id}") => plain(self.indicator),
            ("PATCH", "/api/v1/indicators/{id}") => {
                let (_, id) = self.fresh_item("yibao", &[]).await;
                self.patch(
                    method,
                    at(id),
                    token,
                    json!({"name": format!("已改指标{n}")}),
                )
                .await
            }
            ("GET", "/api/v1/plans/{id}/periods") => plain(self.plan),
            ("POST", "/api/v1/plans/{id}/periods") => {
                plain(self.fresh_plan().await).body(json!({"label": "2019-06"}))
            }
            ("GET", "/api/v1/periods/{id}") => plain(self.period),
            ("PATCH", "/api/v1/periods/{id}") => {
                let plan = self.fresh_plan().await;
                let id = self
                    .made(
                        "/api/v1/plans/{id}/periods",
                        plan,
                        json!({"label": "2019-06"}),
                    )
                    .await;
                self.patch(method, at(id), token, json!({"spending": 12.5}))
                    .await
            }
            ("GET", "/api/v1/history/{entity}/{id}") => plain(self.plan),
            ("GET", "/api/v1/audit") | ("GET", "/api/v1/audit/verification") => plain(0),

            ("POST", "/api/v1/reminders") => plain(0).body(json!({
                "unit_id": self.units["yibao"],
                "text": "权限表催办",
            })),
            ("GET", "/api/v1/me/inbox") => Req::new(method, template.into(), token),
            ("PATCH", "/api/v1/me/inbox/{id}") => {
                let owner = if whose == Other || actor == Anonymous {
                    Reviewer
                } else {
                    actor
                };
                let id = self.fresh_message(owner).await;
                plain(id).body(json!({"read": true}))
            }
            ("GET", "/api/v1/problems") => Req::new(method, "/api/v1/problems".into(), token),
            ("POST", "/api/v1/problems") => plain(0).body(self.problem_body(Own)),
            ("GET", "/api/v1/problems/{id}") => {
                let id = self.fresh_problem(whose, false).await;
                plain(id)
            }
            ("PATCH", "/api/v1/problems/{id}") => {
                let id = self.fresh_problem(whose, false).await;
                self.patch(method, at(id), token, json!({"deadline": "2099-01-31"}))
                    .await
            }
            ("POST", "/api/v1/problems/{id}/actions") => {
                let rectified = actor == Office;
                let id = self.fresh_problem(whose, rectified).await;
                let etag = self
                    .etag(&format!("/api/v1/problems/{id}"), self.office())
                    .await;
                let body = if rectified {
                    json!({"action": "verify"})
                } else {
                    json!({"action": "start"})
                };
                Req::new(method, format!("/api/v1/problems/{id}/actions"), token)
                    .if_match(etag)
                    .body(body)
            }
            ("GET", "/api/v1/reports") => Req::new(
                method,
                format!("/api/v1/reports?plan_id={}", self.plan),
                token,
            ),
            ("POST", "/api/v1/reports") => {
                let (lead, unit) = report_units(whose);
                let (item, indicator) = self.fresh_item(lead, &["minzheng"]).await;
                plain(0).body(json!({
                    "period_id": self.scratch_period,
                    "item_id": item,
                    "unit_id": self.units[unit],
                    "figures": [{"indicator_id": indicator, "value": 1}],
                    "narrative": "权限表填报",
                }))
            }
            ("POST", "/api/v1/periods/{id}/no-change") => {
                let unit = if whose == Other { "jiaoyu" } else { "yibao" };
                Req::new(method, fill(template, self.scratch_period), token)
                    .body(json!({"unit_id": self.units[unit]}))
            }
            ("GET", "/api/v1/periods/{id}/template") => {
                // yibao's template; "Other" asks for 市教育局's.
                let unit = if whose == Other { "jiaoyu" } else { "yibao" };
                Req::new(
                    method,
                    format!(
                        "/api/v1/periods/{}/template?unit_id={}",
                        self.period, self.units[unit]
                    ),
                    token,
                )
            }
            ("POST", "/api/v1/periods/{id}/import") => {
                // A template with no rows: checked, nothing to write.
                let mut wb = rust_xlsxwriter::Workbook::new();
                let ws = wb.add_worksheet();
                ws.set_name("填报").expect("sheet");
                let file = wb.save_to_buffer().expect("xlsx");
                Req::new(method, fill(template, self.scratch_period), token).raw(&file)
            }
            ("GET", "/api/v1/periods/{id}/tasks") => {
                // yibao's tasks; "Other" asks for 市教育局's.
                let unit = if whose == Other { "jiaoyu" } else { "yibao" };
                Req::new(
                    method,
                    format!(
                        "/api/v1/periods/{}/tasks?unit_id={}",
                        self.period, self.units[unit]
                    ),
                    token,
                )
            }
            (
                "GET",
                "/api/v1/reports/{id}"
                | "/api/v1/reports/{id}/versions"
                | "/api/v1/reports/{id}/checks",
            ) => plain(self.reports[&whose]),
            ("PATCH", "/api/v1/reports/{id}") => {
                let r = self.fresh_report(whose, Made::Draft).await;
                self.patch(
                    method,
                    at(r.id),
                    token,
                    json!({"figures": [{"indicator_id": r.indicator, "value": 2}], "narrative": "改过"}),
                )
                .await
            }
            ("POST", "/api/v1/reports/{id}/submit") => {
                let r = self.fresh_report(whose, Made::Draft).await;
                self.act("submit", r.id, token, json!({})).await
            }
            ("POST", "/api/v1/reports/{id}/review") => {
                let r = self.fresh_report(whose, Made::Submitted).await;
                self.act("review", r.id, token, json!({})).await
            }
            ("POST", "/api/v1/reports/{id}/approve") => {
                let r = self.fresh_report(whose, Made::Reviewed).await;
                self.act("approve", r.id, token, json!({})).await
            }
            ("POST", "/api/v1/reports/{id}/return") => {
                let r = self.fresh_report(whose, Made::Submitted).await;
                self.act("return", r.id, token, json!({"comment": "请核实"}))
                    .await
            }
            ("GET", "/api/v1/reports/{id}/evidence") => plain(self.reports[&whose]),
            ("POST", "/api/v1/reports/{id}/evidence") => {
                let r = self.fresh_report(whose, Made::Draft).await;
                let path = format!("/api/v1/reports/{}/evidence?name=photo.png", r.id);
                Req::new(method, path, token).raw(PNG)
            }
            ("GET", "/api/v1/problems/{id}/evidence") => {
                plain(self.fresh_problem(whose, false).await)
            }
            ("POST", "/api/v1/problems/{id}/evidence") => {
                let id = self.fresh_problem(whose, false).await;
                let path = format!("/api/v1/problems/{id}/evidence?name=photo.png");
                Req::new(method, path, token).raw(PNG)
            }
            ("GET", "/api/v1/evidence/{id}" | "/api/v1/evidence/{id}/file") => {
                plain(self.fresh_evidence(whose, None).await)
            }
            ("DELETE", "/api/v1/evidence/{id}") => {
                let own = actor == Reporter && matches!(whose, Own | Any);
                let uploader = if own { token.clone() } else { None };
                plain(self.fresh_evidence(whose, uploader).await)
            }
            ("GET" | "DELETE", "/api/v1/units/{id}/webhook") => plain(self.units["lanshan"]),
            ("PUT", "/api/v1/units/{id}/webhook") => plain(self.units["lanshan"]).body(json!({
                "url": format!("http://127.0.0.1:9/hook/{n}"),
                "format": "wecom",
            })),
            ("GET", "/api/v1/reminders/due") => plain(0),
            ("POST", "/api/v1/reminders/sweep") => plain(0),
            ("GET", "/api/v1/supervisions") => Req::new(
                method,
                format!("/api/v1/supervisions?plan_id={}", self.plan),
                token,
            ),
            ("GET", "/api/v1/supervisions/{id}") => plain(self.fresh_supervision().await),
            ("GET", "/api/v1/plans/{id}/series") => plain(self.plan),
            ("POST", "/api/v1/plans/{id}/series") => plain(self.plan).body(json!({
                "name": format!("权限表专报{n}"),
                "issuer": "市政府督查室",
            })),
            ("GET", "/api/v1/series/{id}/bulletins") => plain(self.fresh_series().await),
            ("POST", "/api/v1/series/{id}/bulletins") => plain(self.fresh_series().await)
                .body(json!({"period_id": self.period, "issue_date": "2019-07-12"})),
            ("GET", "/api/v1/bulletins/{id}" | "/api/v1/bulletins/{id}/document") => {
                plain(self.fresh_bulletin().await)
            }
            ("PATCH", "/api/v1/bulletins/{id}") => {
                let id = self.fresh_bulletin().await;
                self.patch(method, at(id), token, json!({"issue_date": "2019-07-15"}))
                    .await
            }
            ("POST", "/api/v1/bulletins/{id}/issue") => {
                let id = self.fresh_bulletin().await;
                let etag = self
                    .etag(&format!("/api/v1/bulletins/{id}"), self.office())
                    .await;
                Req::new(method, at(id), token).if_match(etag)
            }
            ("POST", "/api/v1/bulletins/{id}/publication") => plain(self.issued_bulletin().await)
                .body(json!({
                    "org_code": "1585729837",
                    "catalogue_code": "zfb",
                    "publisher": "临沂市人民政府办公室",
                    "catalogue": "政府信息公开目录/督查专报",
                })),
            ("POST", "/api/v1/items/{id}/publication") => plain(1).body(json!({
                "period_id": 1,
                "publication": {
                    "org_code": "1585729837",
                    "catalogue_code": "zfb",
                    "publisher": "临沂市人民政府办公室",
                    "catalogue": "政府信息公开目录/民生实事",
                },
            })),
            ("GET", "/api/v1/objections") => plain(0),
            ("GET", "/api/v1/objections/{id}") => plain(self.fresh_objection().await),
            ("POST", "/api/v1/objections/{id}/settlement") => {
                let id = self.fresh_objection().await;
                let etag = self
                    .etag(&format!("/api/v1/objections/{id}"), self.office())
                    .await;
                Req::new(method, at(id), token)
                    .if_match(etag)
                    .body(json!({"dismiss": "经核实数据无误"}))
            }
            ("PUT", "/api/v1/indicators/{id}/bulletin-style") => {
                plain(self.indicator).body(json!({
                    "template": "{name}已部署",
                    "decimals": 1,
                }))
            }
            ("POST", "/api/v1/items/{id}/supervision") => {
                let (item, _) = self.fresh_item("yibao", &[]).await;
                plain(item).body(json!({"reason": "进度严重滞后", "deadline": "2019-07-15"}))
            }
            ("GET", "/api/v1/plans/{id}/evaluation-scheme") => plain(self.plan),
            ("PUT", "/api/v1/plans/{id}/evaluation-scheme") => {
                let id = self.fresh_plan().await;
                self.patch(
                    method,
                    at(id),
                    token,
                    json!({"criteria": [{"criterion": "progress", "weight": 60},
                                        {"criterion": "third_party", "weight": 40}]}),
                )
                .await
            }
            ("GET", "/api/v1/periods/{id}/evaluation")
            | ("GET", "/api/v1/periods/{id}/evaluation/export")
            | ("GET", "/api/v1/periods/{id}/funding") => plain(self.period),
            ("POST", "/api/v1/periods/{id}/evaluation/entries") => {
                // 市医疗保障局's entry in the demo's May, at the version it has now.
                let yibao = self.units["yibao"];
                let v = self
                    .app
                    .get(
                        &format!("/api/v1/periods/{}/evaluation", self.period),
                        self.office(),
                    )
                    .await;
                let version = v.body["tables"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|t| t["rows"].as_array().into_iter().flatten())
                    .find(|r| r["unit_id"] == yibao)
                    .and_then(|r| r["entry_version"].as_i64())
                    .expect("yibao is evaluated");
                plain(self.period)
                    .if_match(format!("\"v{version}\""))
                    .body(json!({"unit_id": yibao, "third_party": 88, "comment": "资料齐全"}))
            }
            ("POST", "/api/v1/periods/{id}/evaluation/approval") => {
                // A period of a plan without items: nothing waits for a score.
                let plan = self.fresh_plan().await;
                let period = self
                    .made(
                        "/api/v1/plans/{id}/periods",
                        plan,
                        json!({"label": "2019-06"}),
                    )
                    .await;
                plain(period)
            }
            ("GET", "/api/v1/plans/{id}/data-quality") => plain(self.plan),
            ("POST", "/api/v1/plans/{id}/spot-checks") => plain(self.plan).body(json!({
                "subject": "unit",
                "subject_id": self.units["yibao"],
                "outcome": "confirmed",
                "note": "抽查原始台账,数据属实",
            })),
            ("POST", "/api/v1/supervisions/{id}/lift") => {
                let id = self.fresh_supervision().await;
                let etag = self
                    .etag(&format!("/api/v1/supervisions/{id}"), self.office())
                    .await;
                Req::new(method, at(id), token)
                    .if_match(etag)
                    .body(json!({"note": "已恢复正常推进"}))
            }
            ("GET", "/api/v1/indicators/{id}/target-changes") => {
                plain(self.fresh_item("yibao", &[]).await.1)
            }
            ("POST", "/api/v1/indicators/{id}/target-changes") => {
                let (_, indicator) = self.fresh_item("yibao", &[]).await;
                plain(indicator).body(json!({"target": 12, "reason": "追加任务"}))
            }
            ("GET", "/api/v1/target-changes") => Req::new(
                method,
                format!("/api/v1/target-changes?plan_id={}", self.scratch_plan),
                token,
            ),
            ("GET", "/api/v1/target-changes/{id}") => plain(self.fresh_target_change().await),
            ("POST", "/api/v1/target-changes/{id}/decision") => {
                let id = self.fresh_target_change().await;
                let etag = self
                    .etag(&format!("/api/v1/target-changes/{id}"), self.office())
                    .await;
                Req::new(method, at(id), token)
                    .if_match(etag)
                    .body(json!({"approve": true, "note": "同意"}))
            }
            ("GET", "/api/v1/reports/{id}/corrections") => plain(self.reports[&whose]),
            ("POST", "/api/v1/reports/{id}/corrections") => {
                plain(self.closed_report(whose).await).body(json!({"reason": "漏报数据"}))
            }
            ("GET", "/api/v1/corrections") => Req::new(
                method,
                format!("/api/v1/corrections?plan_id={}", self.plan),
                token,
            ),
            ("GET", "/api/v1/corrections/{id}") => plain(self.fresh_correction(whose).await),
            ("POST", "/api/v1/corrections/{id}/decision") => {
                let id = self.fresh_correction(Own).await;
                let etag = self
                    .etag(&format!("/api/v1/corrections/{id}"), self.office())
                    .await;
                Req::new(method, at(id), token)
                    .if_match(etag)
                    .body(json!({"approve": true}))
            }
            ("POST", "/api/v1/periods/{id}/completion-table") => {
                // A completion table with no rows: checked, nothing to write.
                let mut wb = rust_xlsxwriter::Workbook::new();
                wb.add_worksheet().set_name("完成情况表").expect("sheet");
                let file = wb.save_to_buffer().expect("xlsx");
                Req::new(method, fill(template, self.scratch_period), token).raw(&file)
            }
            ("GET", "/api/v1/plans/{id}/structure") => plain(self.plan),
            ("POST", "/api/v1/plans/{id}/structure") => {
                // A plan structure workbook without rows, into a fresh plan: checked,
                // nothing to write.
                let mut wb = rust_xlsxwriter::Workbook::new();
                for name in ["领域", "实事", "指标", "分解"] {
                    wb.add_worksheet().set_name(name).expect("sheet");
                }
                let file = wb.save_to_buffer().expect("xlsx");
                let id = self.fresh_plan().await;
                Req::new(method, at(id), token).raw(&file)
            }
            ("GET", "/api/v1/plans/{id}/settings") => plain(self.plan),
            ("GET", "/api/v1/plans/{id}/exports/completion")
            | ("GET", "/api/v1/plans/{id}/exports/ledger")
            | ("GET", "/api/v1/plans/{id}/exports/responsibility") => plain(self.plan),
            ("PATCH", "/api/v1/plans/{id}/settings") => {
                let id = self.fresh_plan().await;
                self.patch(
                    method,
                    at(id),
                    token,
                    json!({"beyond_pct": 200, "remind_days_before": 5}),
                )
                .await
            }
            _ => panic!("no request for {method} {template}: add it to World::request"),
        }
    }

    async fn send(&self, r: &Req) -> Answer {
        let etag = r.if_match.as_deref().map(|e| ("if-match", e));
        if let Some(bytes) = &r.raw {
            let (method, token) = (r.method.clone(), r.token.as_deref());
            return self
                .app
                .send_bytes(method, &r.path, token, bytes.clone(), etag.as_slice())
                .await;
        }
        self.app
            .call(
                r.method.clone(),
                &r.path,
                r.token.as_deref(),
                r.body.clone(),
                etag.as_slice(),
            )
            .await
    }

    /// A change of the resource at `path`, with the ETag the office reads just before.
    async fn patch(&self, method: &str, path: String, token: Option<String>, body: Value) -> Req {
        let etag = self.etag(&path, self.office()).await;
        Req::new(method, path, token).if_match(etag).body(body)
    }

    /// An action on a report, with the report's ETag as the office reads it just before.
    async fn act(&self, action: &str, report: i64, token: Option<String>, body: Value) -> Req {
        let etag = self
            .etag(&format!("/api/v1/reports/{report}"), self.office())
            .await;
        let path = format!("/api/v1/reports/{report}/{action}");
        Req::new("POST", path, token).if_match(etag).body(body)
    }

    async fn etag(&self, path: &str, reader: &str) -> String {
        let a = self.app.get(path, reader).await;
        assert!(a.status.is_success(), "{}: read {path}: {a:?}", self.app.db);
        a.etag()
    }

    /// The account a row reads or changes: the actor's own, or one no actor holds.
    fn account(&self, actor: Actor, whose: Whose) -> i64 {
        let username = match whose {
            Own => actor.username().expect("an account of one's own"),
            _ => "tb-lanshan",
        };
        self.users[username]
    }

    /// Creates something as the office (POST to `template` filled with `id`); its id.
    async fn made(&self, template: &str, id: i64, body: Value) -> i64 {
        let path = fill(template, id);
        let a = self.app.post(&path, self.office(), body).await;
        assert_eq!(
            a.status.as_u16(),
            201,
            "{}: POST {path}: {a:?}",
            self.app.db
        );
        a.body["id"].as_i64().expect("an id")
    }

    async fn fresh_plan(&self) -> i64 {
        let n = self.next();
        self.made(
            "/api/v1/plans",
            0,
            json!({"year": 2019, "title": format!("权限表用计划{n}")}),
        )
        .await
    }

    /// A target change of a fresh indicator, asked for by yibao's reporter.
    async fn fresh_target_change(&self) -> i64 {
        let (_, indicator) = self.fresh_item("yibao", &[]).await;
        let path = format!("/api/v1/indicators/{indicator}/target-changes");
        let a = self
            .app
            .post(
                &path,
                &self.authors["yibao"],
                json!({"target": 12, "reason": "追加任务"}),
            )
            .await;
        assert_eq!(a.status.as_u16(), 201, "{}: {path}: {a:?}", self.app.db);
        a.body["id"].as_i64().expect("an id")
    }

    /// A report approved in a period since closed, in a plan of its own (a plan has
    /// only twelve months to close): whose as seen by yibao's people.
    async fn closed_report(&self, whose: Whose) -> i64 {
        let (lead, unit) = report_units(whose);
        let n = self.next();
        let plan = self.fresh_plan().await;
        let area = self
            .made(
                "/api/v1/plans/{id}/areas",
                plan,
                json!({"title": format!("更正用方面{n}")}),
            )
            .await;
        let co: Vec<i64> = ["minzheng"]
            .iter()
            .filter(|c| **c != lead)
            .map(|c| self.units[*c])
            .collect();
        let item = self
            .made(
                "/api/v1/items",
                0,
                json!({"area_id": area, "number": n, "title": format!("更正用实事{n}"),
                       "lead_unit_id": self.units[lead], "co_unit_ids": co}),
            )
            .await;
        let indicator = self
            .made(
                "/api/v1/items/{id}/indicators",
                item,
                json!({"name": "更正用指标", "kind": "cumulative", "unit": "个", "target": 10}),
            )
            .await;
        let period = self
            .made(
                "/api/v1/plans/{id}/periods",
                plan,
                json!({"label": "2019-05"}),
            )
            .await;
        let author = &self.authors[unit];
        let a = self
            .app
            .post(
                "/api/v1/reports",
                author,
                json!({"period_id": period, "item_id": item, "unit_id": self.units[unit],
                       "figures": [{"indicator_id": indicator, "value": 1}]}),
            )
            .await;
        assert_eq!(a.status.as_u16(), 201, "{}: a report: {a:?}", self.app.db);
        let id = a.body["id"].as_i64().expect("an id");
        let mut etag = a.etag();
        let reviewer = self.app.token(&format!("sh-{lead}")).await;
        for (action, who) in [
            ("submit", author.as_str()),
            ("review", reviewer.as_str()),
            ("approve", self.office()),
        ] {
            let s = self
                .app
                .change(
                    Method::POST,
                    &format!("/api/v1/reports/{id}/{action}"),
                    who,
                    &etag,
                    json!({}),
                )
                .await;
            assert_eq!(s.status.as_u16(), 200, "{}: {action}: {s:?}", self.app.db);
            etag = s.etag();
        }
        let path = format!("/api/v1/periods/{period}");
        let tag = self.etag(&path, self.office()).await;
        let closed = self
            .app
            .change(
                Method::PATCH,
                &path,
                self.office(),
                &tag,
                json!({"state": "closed"}),
            )
            .await;
        assert_eq!(
            closed.status.as_u16(),
            200,
            "{}: close: {closed:?}",
            self.app.db
        );
        id
    }

    /// A correction asked for by the report's unit's reporter.
    async fn fresh_correction(&self, whose: Whose) -> i64 {
        let report = self.closed_report(whose).await;
        let (_, unit) = report_units(whose);
        let path = format!("/api/v1/reports/{report}/corrections");
        let a = self
            .app
            .post(&path, &self.authors[unit], json!({"reason": "漏报数据"}))
            .await;
        assert_eq!(a.status.as_u16(), 201, "{}: {path}: {a:?}", self.app.db);
        a.body["id"].as_i64().expect("an id")
    }

    /// A new bulletin series of the demo plan; its id.
    async fn fresh_series(&self) -> i64 {
        let n = self.next();
        self.made(
            "/api/v1/plans/{id}/series",
            self.plan,
            json!({"name": format!("权限表系列{n}"), "issuer": "市政府督查室"}),
        )
        .await
    }

    /// A new draft, ready to issue (its 意见建议 written), in a fresh series; its id.
    async fn fresh_bulletin(&self) -> i64 {
        let series = self.fresh_series().await;
        self.made(
            "/api/v1/series/{id}/bulletins",
            series,
            json!({"period_id": self.period, "edits": {"recommendations": ["加快推进滞后事项。"]}}),
        )
        .await
    }

    /// A fresh draft issued; its id.
    async fn issued_bulletin(&self) -> i64 {
        let id = self.fresh_bulletin().await;
        let path = format!("/api/v1/bulletins/{id}");
        let etag = self.etag(&path, self.office()).await;
        let a = self
            .app
            .call(
                Method::POST,
                &format!("{path}/issue"),
                Some(self.office()),
                None,
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(a.status.as_u16(), 200, "{}: issue: {a:?}", self.app.db);
        id
    }

    /// A published bulletin with a member of the public's objection; the objection's id.
    async fn fresh_objection(&self) -> i64 {
        let bulletin = self.issued_bulletin().await;
        let publication = self
            .made(
                "/api/v1/bulletins/{id}/publication",
                bulletin,
                json!({"org_code": "1585729837", "catalogue_code": "zfb",
                       "publisher": "临沂市人民政府办公室", "catalogue": "督查专报"}),
            )
            .await;
        let form = [("text", "数字与实际不符"), ("figure", "第1项")];
        let res = self
            .app
            .http
            .post(format!("{}/gk/{publication}/objections", self.app.base))
            .form(&form)
            .send()
            .await
            .expect("objection");
        assert!(
            res.status().is_redirection() || res.status().is_success(),
            "{}: objection: {}",
            self.app.db,
            res.status()
        );
        let open = self
            .app
            .get("/api/v1/objections?state=open", self.office())
            .await;
        open.body
            .as_array()
            .and_then(|a| a.iter().rev().find(|o| o["publication_id"] == publication))
            .and_then(|o| o["id"].as_i64())
            .expect("the objection")
    }

    /// A new listing for special supervision of a fresh item; its id.
    async fn fresh_supervision(&self) -> i64 {
        let (item, _) = self.fresh_item("yibao", &[]).await;
        self.made(
            "/api/v1/items/{id}/supervision",
            item,
            json!({"reason": "权限表用督办"}),
        )
        .await
    }

    /// A new item of the scratch plan with one indicator: (item, indicator).
    async fn fresh_item(&self, lead: &str, co: &[&str]) -> (i64, i64) {
        let n = self.next();
        let co: Vec<i64> = co
            .iter()
            .filter(|c| **c != lead)
            .map(|c| self.units[*c])
            .collect();
        let item = self
            .made(
                "/api/v1/items",
                0,
                json!({
                    "area_id": self.scratch_area,
                    "number": n,
                    "title": format!("权限表用实事{n}"),
                    "lead_unit_id": self.units[lead],
                    "co_unit_ids": co,
                }),
            )
            .await;
        let indicator = self
            .made(
                "/api/v1/items/{id}/indicators",
                item,
                json!({"name": "权限表用指标", "kind": "cumulative", "unit": "个", "target": 10}),
            )
            .await;
        (item, indicator)
    }

    /// A new report in the scratch period, by its unit's reporter, whose as seen by
    /// yibao's people: a draft, submitted, or reviewed by the lead unit's reviewer.
    async fn fresh_report(&self, whose: Whose, made: Made) -> MadeReport {
        let (lead, unit) = report_units(whose);
        let (item, indicator) = self.fresh_item(lead, &["minzheng"]).await;
        let author = &self.authors[unit];
        let a = self
            .app
            .post(
                "/api/v1/reports",
                author,
                json!({
                    "period_id": self.scratch_period,
                    "item_id": item,
                    "unit_id": self.units[unit],
                    "figures": [{"indicator_id": indicator, "value": 1}],
                }),
            )
            .await;
        assert_eq!(a.status.as_u16(), 201, "{}: a report: {a:?}", self.app.db);
        let id = a.body["id"].as_i64().expect("an id");
        let mut etag = a.etag();
        let reviewer = format!("sh-{lead}");
        let steps: &[(&str, &str)] = match made {
            Made::Draft => &[],
            Made::Submitted => &[("submit", author)],
            Made::Reviewed => &[("submit", author), ("review", &reviewer)],
        };
        for (action, who) in steps {
            let token = if *action == "review" {
                self.app.token(who).await
            } else {
                who.to_string()
            };
            let s = self
                .app
                .change(
                    Method::POST,
                    &format!("/api/v1/reports/{id}/{action}"),
                    &token,
                    &etag,
                    json!({}),
                )
                .await;
            assert_eq!(s.status.as_u16(), 200, "{}: {action}: {s:?}", self.app.db);
            etag = s.etag();
        }
        MadeReport { id, indicator }
    }

    /// A PNG uploaded to a fresh draft report (whose as for reports) by `uploader`, or
    /// else by the report's author: the evidence's id.
    async fn fresh_evidence(&self, whose: Whose, uploader: Option<String>) -> i64 {
        let r = self.fresh_report(whose, Made::Draft).await;
        let (_, unit) = report_units(whose);
        let token = uploader.unwrap_or_else(|| self.authors[unit].clone());
        let path = format!("/api/v1/reports/{}/evidence?name=photo.png", r.id);
        let a = self
            .app
            .send_bytes(Method::POST, &path, Some(&token), PNG.to_vec(), &[])
            .await;
        assert_eq!(a.status.as_u16(), 201, "{}: evidence: {a:?}", self.app.db);
        a.body["id"].as_i64().expect("an id")
    }

    /// A message delivered to `actor`'s inbox: queued straight in the store (the API
    /// reminds units only) and delivered now.
    async fn fresh_message(&self, actor: Actor) -> i64 {
        let username = actor.username().expect("a person");
        let user = duban_domain::UserId(self.users[username]);
        let key = format!("route-roles:{}", self.next());
        let m = duban_store::outbox::Message {
            subject: "权限表",
            body: "权限表消息",
            cause: "test",
            dedupe_key: &key,
        };
        let at = duban_store::now_ms();
        self.app
            .store
            .queue(&[(duban_store::outbox::To::User(user), m)], at)
            .await
            .expect("queued");
        self.app
            .store
            .deliver_inbox(at, 1000)
            .await
            .expect("delivered");
        let token = &self.tokens[&actor];
        let inbox = self.app.get("/api/v1/me/inbox", token).await;
        inbox.body["items"][0]["id"].as_i64().expect("a message")
    }

    /// A problem of the demo plan owned by yibao (Own, Any) or jiaoyu (Other).
    fn problem_body(&self, whose: Whose) -> Value {
        let owner = if whose == Other { "jiaoyu" } else { "yibao" };
        json!({
            "plan_id": self.plan,
            "owner_unit_id": self.units[owner],
            "title": format!("权限表用问题{}", self.next()),
            "description": "权限表",
            "deadline": "2099-06-30",
        })
    }

    /// A new problem, open or (started and) reported rectified by its owner.
    async fn fresh_problem(&self, whose: Whose, rectified: bool) -> i64 {
        let a = self
            .app
            .post("/api/v1/problems", self.office(), self.problem_body(whose))
            .await;
        assert_eq!(a.status.as_u16(), 201, "{}: a problem: {a:?}", self.app.db);
        let id = a.body["id"].as_i64().expect("an id");
        if rectified {
            let owner = if whose == Other {
                "tb-jiaoyu"
            } else {
                "tb-yibao"
            };
            let owner = self.app.token(owner).await;
            let r = self
                .app
                .change(
                    Method::POST,
                    &format!("/api/v1/problems/{id}/actions"),
                    &owner,
                    &a.etag(),
                    json!({"action": "rectify", "note": "已整改"}),
                )
                .await;
            assert_eq!(r.status.as_u16(), 200, "{}: rectify: {r:?}", self.app.db);
        }
        id
    }

    /// A new account made by the system administrator: (id, username).
    async fn fresh_account(&self, role: &str, unit: Option<&str>) -> (i64, String) {
        let username = format!("rr-{role}-{}", self.next());
        let a = self
            .app
            .post(
                "/api/v1/users",
                &self.tokens[&SysAdmin],
                json!({
                    "username": username,
                    "display_name": format!("权限表{role}"),
                    "role": role,
                    "unit_id": unit.map(|u| self.units[u]),
                    "password": THROWAWAY_PASSWORD,
                }),
            )
            .await;
        assert_eq!(a.status.as_u16(), 201, "{}: an account: {a:?}", self.app.db);
        (a.body["id"].as_i64().expect("an id"), username)
    }

    async fn log_in(&self, username: &str, password: &str) -> String {
        let a = self
            .app
            .call(
                Method::POST,
                "/api/v1/auth/token",
                None,
                Some(self.app.credentials(username, password).await),
                &[],
            )
            .await;
        assert_eq!(
            a.status.as_u16(),
            201,
            "{}: log in {username}: {a:?}",
            self.app.db
        );
        a.body["access_token"]
            .as_str()
            .expect("a token")
            .to_string()
    }
}

/// The lead unit of the item and the unit of the report, for whose the report is as seen
/// by yibao's people.
fn report_units(whose: Whose) -> (&'static str, &'static str) {
    match whose {
        Any | Own => ("yibao", "yibao"),
        Led => ("yibao", "minzheng"),
        Other => ("jiaoyu", "jiaoyu"),
    }
}
