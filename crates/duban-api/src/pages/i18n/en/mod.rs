//! The English of the pages' Chinese texts, one table per group of pages so that
//! each can be kept beside the pages it serves. One entry per text across all tables;
//! the tests check that, and that every `"…"|t` in the templates has an entry.

mod cockpit_watch;
mod publish;
mod shell;

pub(super) const TABLES: &[&[(&str, &str)]] = &[shell::EN, publish::EN, cockpit_watch::EN];
