//! Drafting: a [`Bulletin`] from a [`DraftInput`]. Pure and deterministic: the same
//! input gives the same bulletin, figure for figure.

use crate::indicator::{Indicator, IndicatorKind};
use crate::plan::{Area, Item};

use super::charts::charts;
use super::facts::{Facts, facts};
use super::findings;
use super::input::DraftInput;
use super::model::{
    Annex, AnnexRow, AreaSection, Bulletin, Figure, Header, Passage, ProblemsSection,
    ProgressSection, RecommendationsSection, Source,
};
use super::numbering::{LIST, PERIOD, SEMICOLON, issue_number, section, subsection};
use super::overview::overview;
use super::passage::{drafted, rewritten, sentence};

/// The position of `id` in an override list, or after all of them.
fn rank<T: PartialEq>(order: &[T], id: &T) -> usize {
    order.iter().position(|x| x == id).unwrap_or(usize::MAX)
}

impl DraftInput {
    /// Areas in print order: the office's order first, then by their sequence.
    pub fn areas_in_order(&self) -> Vec<&Area> {
        let mut v: Vec<&Area> = self.areas.iter().collect();
        v.sort_by_key(|a| (rank(&self.edits.area_order, &a.id), a.seq, a.id));
        v
    }

    /// All items in print order: by area, then the office's order, then by number.
    pub fn items_in_order(&self) -> Vec<&Item> {
        let areas: Vec<_> = self.areas_in_order().iter().map(|a| a.id).collect();
        let mut v: Vec<&Item> = self.items.iter().collect();
        v.sort_by_key(|i| {
            (
                rank(&areas, &i.area_id),
                rank(&self.edits.item_order, &i.id),
                i.number,
                i.id,
            )
        });
        v
    }

    /// An item's indicators the office has not left out, in their order.
    fn indicators_of(&self, item: &Item) -> Vec<&Indicator> {
        let mut v: Vec<&Indicator> = self
            .indicators
            .iter()
            .filter(|i| i.item_id == item.id && !self.edits.omit_indicators.contains(&i.id))
            .collect();
        v.sort_by_key(|i| (i.seq, i.id));
        v
    }
}

fn passage(input: &DraftInput, item: &Item, all: &[Facts<'_>]) -> Option<Passage> {
    let sentences = all
        .iter()
        .filter(|f| f.ind.item_id == item.id)
        .map(sentence)
        .collect();
    let body = drafted(sentences, input.narratives.get(&item.id));
    let (body, edited) = match input.edits.passages.get(&item.id) {
        Some(text) => (rewritten(text, &body), true),
        None => (body, false),
    };
    (!body.is_empty()).then(|| Passage {
        item_id: item.id,
        item_number: item.number,
        item_title: item.title.clone(),
        body,
        end: SEMICOLON.to_string(),
        edited,
    })
}

fn annex_row(input: &DraftInput, item: &Item, f: &Facts<'_>) -> AnnexRow {
    let value = match f.ind.kind {
        IndicatorKind::Stage if !f.stage_groups.is_empty() => {
            let text = f
                .stage_groups
                .iter()
                .map(|g| format!("{}{}", g.stage.text, g.regions.len()))
                .collect::<Vec<_>>()
                .join(LIST);
            Some(Figure {
                label: format!("{} 各县区阶段", f.ind.name),
                text,
                value: None,
                source: Source::Derived {
                    formula: "各阶段的县区数".into(),
                    inputs: f.stage_groups.iter().map(|g| g.stage.clone()).collect(),
                },
            })
        }
        IndicatorKind::Stage => f.stage.clone(),
        IndicatorKind::Qualitative => Some(f.status_figure.clone()),
        _ => f.value.clone(),
    };
    AnnexRow {
        item_id: item.id,
        item_number: item.number,
        item_title: item.title.clone(),
        indicator_id: f.ind.id,
        indicator_name: f.ind.name.clone(),
        unit: f.unit.clone(),
        target: f.target.clone(),
        value,
        completion: f.completion.clone(),
        change: f.change.clone(),
        status: f.status,
        status_label: f.status.label_zh().to_string(),
        lead_unit: input.unit_name(item.lead_unit_id),
    }
}

/// Drafts the bulletin. Never fails: what cannot be sourced is drafted anyway, marked
/// (`Source::Unsourced`, printed "××" when the number itself is missing), and listed by
/// [`Bulletin::issue_blockers`].
pub fn draft(input: &DraftInput) -> Bulletin {
    let items = input.items_in_order();
    let shown: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|i| !input.edits.omit_items.contains(&i.id))
        .collect();
    let all: Vec<Facts<'_>> = shown
        .iter()
        .flat_map(|i| input.indicators_of(i))
        .map(|ind| facts(input, ind))
        .collect();

    let mut areas = Vec::new();
    for area in input.areas_in_order() {
        let mut passages: Vec<Passage> = shown
            .iter()
            .filter(|i| i.area_id == area.id)
            .filter_map(|i| passage(input, i, &all))
            .collect();
        let Some(last) = passages.last_mut() else {
            continue;
        };
        last.end = PERIOD.to_string();
        areas.push(AreaSection {
            area_id: area.id,
            heading: subsection(areas.len() as u32 + 1, &area.title),
            passages,
        });
    }

    let rows = shown
        .iter()
        .flat_map(|item| {
            all.iter()
                .filter(|f| f.ind.item_id == item.id)
                .map(|f| annex_row(input, item, f))
        })
        .collect();

    Bulletin {
        header: Header {
            series: input.issue.series.clone(),
            year: input.plan.year,
            number: input.issue.number,
            number_label: issue_number(input.issue.number),
            issuer: input.issue.issuer.clone(),
            date: input.issue.date,
        },
        title: input
            .issue
            .title
            .clone()
            .unwrap_or_else(|| format!("{}进展情况报告", input.plan.title)),
        overview: overview(input),
        charts: charts(input),
        progress: ProgressSection {
            heading: section(1, "工作开展情况"),
            areas,
        },
        problems: ProblemsSection {
            heading: section(2, "存在的问题"),
            paragraphs: findings::paragraphs(input, &items),
        },
        recommendations: RecommendationsSection {
            heading: section(3, "意见建议"),
            paragraphs: input
                .edits
                .recommendations
                .iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        },
        annex: Annex {
            title: "附件:重点民生实事指标完成情况表".into(),
            rows,
        },
    }
}
