//! How far a long run has come: the domain's `Progress`, told by imports and exports so
//! that the command line can draw bars while the API and the pages stay quiet.

pub use duban_domain::progress::{Progress, Quiet};
