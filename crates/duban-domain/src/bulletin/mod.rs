//! The bulletin (督查专报): its document model and its draft, built from the data so
//! that every figure in it can be traced to the approved report it came from.
//!
//! - [`number`]: how a figure is printed (万/亿, decimals, rounding).
//! - [`template`]: the office's sentence per indicator, "已完成方案编制{value}个…".
//! - [`model`]: the document — spans of text and figures, each figure with its source.
//! - [`charts`]: the numbers of its two charts (status by area, completion trend).
//! - [`input`]: what drafting takes ([`DraftInput`]), filled by the storage layer.
//! - [`draft()`]: `DraftInput` → [`Bulletin`].
//!
//! Drafting is the only step here; storing drafts, issuing (refused while
//! [`Bulletin::issue_blockers`] is not empty) and rendering live elsewhere.

pub mod charts;
mod draft;
mod facts;
mod findings;
pub mod input;
mod item_page;
mod league;
pub mod model;
pub mod number;
pub mod numbering;
mod overview;
mod passage;
pub mod template;

#[cfg(test)]
mod tests;

pub use charts::{AreaStatuses, Charts, StatusChart, StatusCount, TrendChart, TrendChartPoint};
pub use draft::draft;
pub use input::{
    ApprovedFigure, DraftInput, IndicatorStyle, IssueInfo, Narrative, NarrativePlace, OfficeEdits,
    PreviousIssue,
};
pub use item_page::ItemProgress;
pub use model::{
    Annex, AnnexRow, AreaSection, Bulletin, Figure, Header, IssueBlocker, MISSING, Overview,
    Paragraph, Passage, ProblemsSection, ProgressSection, RecommendationsSection, ReportSource,
    Source, Span, StatusShare,
};
pub use number::{NumberStyle, Scale, TrailingZeros};
pub use overview::shares;
pub use template::{Placeholder, SentenceTemplate};
