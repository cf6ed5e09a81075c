//! The item × region grid: each regional item's status in every region, from the
//! ledger's regional progress (the worst of the item's indicators there).

use duban_domain::ledger::Ledger;
use duban_domain::{Indicator, Item, UnitKind};

use crate::AppState;
use crate::error::ApiError;

pub struct Grid {
    /// The regions' names, 市本级 first, then the counties in their order.
    pub regions: Vec<String>,
    pub rows: Vec<GridRow>,
}

pub struct GridRow {
    pub id: i64,
    pub number: i64,
    pub title: String,
    /// One per region; none where the item has no share there.
    pub cells: Vec<Option<Cell>>,
}

pub struct Cell {
    pub class: &'static str,
    pub label: &'static str,
}

pub async fn grid(
    s: &AppState,
    ledger: &Ledger,
    items: &[Item],
    indicators: &[Indicator],
) -> Result<Grid, ApiError> {
    let mut regions: Vec<_> = s
        .store
        .all_units()
        .await?
        .into_iter()
        .filter(|u| u.kind == UnitKind::Region)
        .collect();
    regions.sort_by_key(|u| (u.seq, u.id));
    let statuses: Vec<_> = items
        .iter()
        .map(|i| (i, ledger.region_statuses(i.id, indicators)))
        .filter(|(_, st)| !st.is_empty())
        .collect();
    // A retired region stays only while some item still has a share there.
    regions.retain(|r| r.active || statuses.iter().any(|(_, st)| st.contains_key(&r.id)));
    let rows = statuses
        .into_iter()
        .map(|(item, st)| GridRow {
            id: item.id.0,
            number: item.number,
            title: item.title.clone(),
            cells: regions
                .iter()
                .map(|r| {
                    st.get(&r.id).map(|s| Cell {
                        class: s.as_str(),
                        label: s.label_zh(),
                    })
                })
                .collect(),
        })
        .collect();
    Ok(Grid {
        regions: regions.into_iter().map(|r| r.name).collect(),
        rows,
    })
}
