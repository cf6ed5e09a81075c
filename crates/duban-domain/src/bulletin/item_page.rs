//! One item's progress page (事项进展), as the office publishes it to the portal beside
//! or between bulletins: the item's passage and its indicators for a period, cut from
//! that period's draft so that it says exactly what a bulletin would, figure for
//! figure, each with its source.

use serde::{Deserialize, Serialize};

use super::model::{
    AnnexRow, Bulletin, Figure, IssueBlocker, Paragraph, name_no_approver, unsourced,
};
use crate::ids::ItemId;
use crate::period::PeriodLabel;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemProgress {
    pub item_id: ItemId,
    pub item_number: i64,
    pub item_title: String,
    /// The area's heading as the bulletin prints it.
    pub area: String,
    pub period: PeriodLabel,
    pub lead_unit: String,
    /// The item's clauses, as section 一 prints them, ended with "。".
    pub passage: Paragraph,
    /// Its indicators: target, value, completion, change, status.
    pub rows: Vec<AnnexRow>,
}

impl ItemProgress {
    /// The page of `item` in `draft`, the draft of `period`; `None` when the draft
    /// does not show the item (left out, or not in the plan).
    pub fn of(draft: &Bulletin, item: ItemId, period: PeriodLabel) -> Option<ItemProgress> {
        let rows: Vec<AnnexRow> = draft
            .annex
            .rows
            .iter()
            .filter(|r| r.item_id == item)
            .cloned()
            .collect();
        let (area, passage) = draft.progress.areas.iter().find_map(|a| {
            a.passages
                .iter()
                .find(|p| p.item_id == item)
                .map(|p| (a.heading.clone(), p))
        })?;
        let mut body = passage.body.clone();
        body.push_text("。");
        Some(ItemProgress {
            item_id: item,
            item_number: passage.item_number,
            item_title: passage.item_title.clone(),
            area,
            period,
            lead_unit: rows
                .first()
                .map(|r| r.lead_unit.clone())
                .unwrap_or_default(),
            passage: body,
            rows,
        })
    }

    /// 第3项 产业扶贫项目进展情况(2019年1-5月)
    pub fn title(&self) -> String {
        format!(
            "第{}项 {}进展情况({}年{})",
            self.item_number,
            self.item_title,
            self.period.year,
            self.period.span_zh()
        )
    }

    /// Every figure printed, in page order, with where it is printed.
    pub fn figures(&self) -> Vec<(String, &Figure)> {
        let mut out: Vec<(String, &Figure)> = self
            .passage
            .figures()
            .map(|f| ("进展情况".to_string(), f))
            .collect();
        for r in &self.rows {
            let loc = format!("指标 / {}", r.indicator_name);
            for f in [&r.target, &r.value, &r.completion, &r.change]
                .into_iter()
                .flatten()
            {
                out.push((loc.clone(), f));
            }
        }
        out
    }

    /// What stands in the way of publishing: figures without an approved source.
    pub fn publish_blockers(&self) -> Vec<IssueBlocker> {
        unsourced(self.figures())
    }

    /// The page as the public reads it: the approver is named by `publisher`, the
    /// office, never by a person.
    pub fn for_the_public(&self, publisher: &str) -> ItemProgress {
        let mut page = self.clone();
        let mut hide = |x: &mut Figure| name_no_approver(x, publisher);
        page.passage.visit(&mut hide);
        for r in &mut page.rows {
            r.visit(&mut hide);
        }
        page
    }
}
