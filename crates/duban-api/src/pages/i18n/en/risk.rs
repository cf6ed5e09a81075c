//! Trajectories, forecasts, the at-risk status and the data-quality risk pages.

pub(super) const EN: &[(&str, &str)] = &[("有风险", "At risk")];
