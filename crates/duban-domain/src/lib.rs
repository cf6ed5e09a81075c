//! duban's domain: the plan of key livelihood projects (民生实事), its indicators and
//! the rules that turn reported figures into completion, schedule, status and roll-ups.
//!
//! Nothing here does I/O: no HTTP, no SQL, no files, no clock. Callers pass the date.
#![forbid(unsafe_code)]

pub mod access;
pub mod audit;
pub mod bulletin;
pub mod checks;
pub mod completion_import;
pub mod date;
pub mod decimal;
pub mod disclosure;
pub mod duty;
pub mod error;
pub mod evaluation;
pub mod evidence;
pub mod forecast;
pub mod funding;
pub mod ids;
pub mod indicator;
pub mod ledger;
pub mod lockout;
pub mod password;
pub mod period;
pub mod personal;
pub mod plan;
pub mod plan_sheet;
pub mod policy;
pub mod problem;
pub mod progress;
pub mod quality;
pub mod remind;
pub mod report;
pub mod requests;
pub mod rollup;
pub mod schedule;
pub mod settings;
pub mod sheet;
pub mod status;
pub mod supervision;
pub mod tables;
pub mod template;
pub mod text;
pub mod throttle;
pub mod totp;
pub mod trajectory;
pub mod trend;
pub mod unit;
pub mod user;

pub use date::Date;
pub use decimal::Decimal;
pub use error::{FieldError, Invalid};
pub use ids::*;
pub use indicator::{Indicator, IndicatorKind, QuarterlyPlan, RegionTarget};
pub use period::{FiscalOverview, Period, PeriodLabel, PeriodState};
pub use plan::{Area, Item, Plan, PlanState, Thresholds};
pub use report::{Figure, Reading, ReportState, ReviewAction};
pub use status::{Progress, Status};
pub use unit::{Unit, UnitFields, UnitKind};
pub use user::Role;
