//! How far a long run has come (an import of a large workbook, generated data): told
//! step by step, so that the command line can draw progress bars while the API and the
//! pages stay quiet.

/// Told how far a long run has come. Every method does nothing unless implemented.
pub trait Progress: Sync {
    /// A new step begins: `total` units of work, or 0 when its length is unknown.
    fn step(&self, _name: &str, _total: u64) {}
    /// `n` more units of the current step are done.
    fn advance(&self, _n: u64) {}
    /// The run is over.
    fn finish(&self) {}
}

/// Tells no one: the API and the pages.
pub struct Quiet;

impl Progress for Quiet {}
