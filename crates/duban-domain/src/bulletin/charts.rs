//! The bulletin's two charts as numbers: items by status per area, and the plan's
//! completion over the periods beside the plan curve. Renderers draw them their own
//! way (SVG, a DOCX chart); every number is a [`Figure`] derived, like the overview's
//! counts, from the ledger of the same approved reports, so it is listed and sourced
//! like any other.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::decimal::Decimal;
use crate::ids::{AreaId, PeriodId};
use crate::period::PeriodLabel;
use crate::status::Status;
use crate::trend::TrendPoint;

use super::input::DraftInput;
use super::model::{Figure, Source};

/// One area's bar: its items by status, statuses with no item left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaStatuses {
    pub area_id: AreaId,
    /// The area's title, unnumbered: 特殊群体关爱服务保障方面.
    pub title: String,
    pub counts: Vec<StatusCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    pub status: Status,
    pub count: Figure,
}

/// 各方面实事进度状态: one bar per area, in the order section 一 prints them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusChart {
    pub title: String,
    pub areas: Vec<AreaStatuses>,
}

impl StatusChart {
    /// The statuses some area has, in [`Status::ALL`] order: the chart's series.
    pub fn statuses(&self) -> Vec<Status> {
        Status::ALL
            .into_iter()
            .filter(|s| {
                self.areas
                    .iter()
                    .any(|a| a.counts.iter().any(|c| c.status == *s))
            })
            .collect()
    }
}

impl AreaStatuses {
    /// Items of the area in `status` (0 when it has none).
    pub fn count(&self, status: Status) -> u32 {
        self.counts
            .iter()
            .find(|c| c.status == status)
            .and_then(|c| c.count.value)
            .map_or(0, |v| (v.scaled() / crate::decimal::SCALE) as u32)
    }
}

/// One period on the trend chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendChartPoint {
    pub period_id: PeriodId,
    pub label: PeriodLabel,
    pub cutoff: Date,
    /// Percent; None when nothing was approved to average.
    pub completion: Option<Figure>,
    /// Percent the plan curve expects by the cut-off.
    pub planned: Option<Figure>,
}

/// 实事平均完成率走势: the periods of the year up to the bulletin's, in time order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TrendChart {
    pub title: String,
    pub year: i32,
    pub points: Vec<TrendChartPoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Charts {
    pub status: StatusChart,
    pub trend: TrendChart,
}

impl Charts {
    /// No bar and no point: nothing to draw (and, in JSON, nothing written, so a
    /// bulletin issued before charts existed reads and writes back unchanged).
    pub fn is_empty(&self) -> bool {
        self.status.areas.is_empty() && self.trend.points.is_empty()
    }

    /// Every number of the charts, in drawing order, with where it is drawn.
    pub fn figures(&self) -> Vec<(String, &Figure)> {
        let mut out = Vec::new();
        for a in &self.status.areas {
            let loc = format!("图表 / {} / {}", self.status.title, a.title);
            out.extend(a.counts.iter().map(|c| (loc.clone(), &c.count)));
        }
        for p in &self.trend.points {
            let loc = format!("图表 / {} / {}月", self.trend.title, p.label.month);
            out.extend(
                [&p.completion, &p.planned]
                    .into_iter()
                    .flatten()
                    .map(|f| (loc.clone(), f)),
            );
        }
        out
    }

    pub(super) fn figures_mut(&mut self) -> impl Iterator<Item = &mut Figure> {
        let counts = self
            .status
            .areas
            .iter_mut()
            .flat_map(|a| a.counts.iter_mut().map(|c| &mut c.count));
        let points = self
            .trend
            .points
            .iter_mut()
            .flat_map(|p| [&mut p.completion, &mut p.planned].into_iter().flatten());
        counts.chain(points)
    }
}

fn percent(label: String, v: Decimal, formula: String) -> Figure {
    Figure {
        label,
        text: v.to_string(),
        value: Some(v),
        source: Source::Derived {
            formula,
            inputs: vec![],
        },
    }
}

fn trend_point(input: &DraftInput, p: &TrendPoint) -> TrendChartPoint {
    let (m, cutoff) = (p.label.month, p.cutoff);
    let as_of = format!("截至{}月{}日", cutoff.month(), cutoff.day());
    TrendChartPoint {
        period_id: p.period_id,
        label: p.label,
        cutoff,
        completion: p.completion.map(|v| {
            percent(
                format!("{m}月份实事平均完成率(%)"),
                v,
                format!(
                    "{as_of}各项实事完成率的平均数(实事完成率为其各指标完成率的平均数,超过100%的按100%计),依据{}报告期审定通过的填报数据",
                    p.label
                ),
            )
        }),
        planned: p.planned.map(|v| {
            percent(
                format!("{m}月份计划进度(%)"),
                v,
                format!(
                    "{as_of}各项实事计划进度的平均数(指标有季度计划的按季度计划,否则按序时进度),依据《{}》",
                    input.plan.title
                ),
            )
        }),
    }
}

/// The charts of a draft: every area counted from the ledger (omitted items too, as
/// in the overview), and the trend the input carries.
pub fn charts(input: &DraftInput) -> Charts {
    let areas = input
        .areas_in_order()
        .into_iter()
        .map(|area| {
            let counts = Status::ALL
                .into_iter()
                .filter_map(|s| {
                    let mut numbers: Vec<i64> = input
                        .items
                        .iter()
                        .filter(|i| i.area_id == area.id)
                        .filter(|i| input.ledger.items.get(&i.id).map(|x| x.status) == Some(s))
                        .map(|i| i.number)
                        .collect();
                    if numbers.is_empty() {
                        return None;
                    }
                    numbers.sort_unstable();
                    let n = numbers.len() as i64;
                    let list: Vec<String> = numbers.iter().map(i64::to_string).collect();
                    Some(StatusCount {
                        status: s,
                        count: Figure {
                            label: format!("{}{}事项数", area.title, s.label_zh()),
                            text: n.to_string(),
                            value: Some(Decimal::from_int(n)),
                            source: Source::Derived {
                                formula: format!(
                                    "台账中{}{}的事项:第{}项",
                                    area.title,
                                    s.label_zh(),
                                    list.join("、")
                                ),
                                inputs: vec![],
                            },
                        },
                    })
                })
                .collect();
            AreaStatuses {
                area_id: area.id,
                title: area.title.clone(),
                counts,
            }
        })
        .collect();
    Charts {
        status: StatusChart {
            title: "各方面实事进度状态".into(),
            areas,
        },
        trend: TrendChart {
            title: "实事平均完成率走势".into(),
            year: input.plan.year,
            points: input.trend.iter().map(|p| trend_point(input, p)).collect(),
        },
    }
}
