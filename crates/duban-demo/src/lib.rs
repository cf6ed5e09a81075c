//! The seed bulletin's plan (临沂市2019年20项重点民生实事, figures as of the end of May)
//! as demo data, and the loader that puts it into a store.
#![forbid(unsafe_code)]

pub mod data;
pub mod generate;
pub mod loader;
pub mod seed;

pub use loader::{DEMO_ACCOUNTS, DemoAccount, Loaded, is_empty, load};
