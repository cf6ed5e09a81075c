//! The English of the pages' Chinese texts, one table per group of pages so that
//! each can be kept beside the pages it serves. One entry per text across all tables;
//! the tests check that, and that every `"…"|t` in the templates has an entry.

mod account;
mod audit;
mod bulletins;
mod cockpit_watch;
mod common;
mod directory;
mod evaluation;
mod exports;
mod funding;
mod imports;
mod overview;
mod portal;
mod publish;
mod review;
mod risk;
mod setup;
mod shell;
mod work;

pub(super) const TABLES: &[&[(&str, &str)]] = &[
    shell::EN,
    common::EN,
    overview::EN,
    review::EN,
    bulletins::EN,
    portal::EN,
    account::EN,
    audit::EN,
    publish::EN,
    directory::EN,
    work::EN,
    setup::EN,
    cockpit_watch::EN,
    risk::EN,
    exports::EN,
    evaluation::EN,
    funding::EN,
    imports::EN,
];
