//! The shape of the demo data file, `data/linyi-2019.json`: the seed bulletin's plan as
//! data. Figures are strings so that they stay exactly as the seed prints them.

use duban_domain::bulletin::{NarrativePlace, Scale};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoData {
    /// The city itself (临沂市): the root of the regions.
    pub city: UnitSpec,
    /// The supervision office (市政府督查室).
    pub office: UnitSpec,
    /// 市本级 first, then the 16 county-level units in the order the city prints them.
    pub regions: Vec<UnitSpec>,
    /// City departments that lead or share items.
    pub departments: Vec<UnitSpec>,
    pub plan: PlanSpec,
    pub period: PeriodSpec,
    pub areas: Vec<AreaSpec>,
}

/// The units a load makes, and whose accounts: the city, its office, its regions and
/// departments.
#[derive(Debug, Clone, Copy)]
pub struct Directory<'a> {
    pub city: &'a UnitSpec,
    pub office: &'a UnitSpec,
    pub regions: &'a [UnitSpec],
    pub departments: &'a [UnitSpec],
}

impl DemoData {
    pub fn directory(&self) -> Directory<'_> {
        Directory {
            city: &self.city,
            office: &self.office,
            regions: &self.regions,
            departments: &self.departments,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    /// Short stable ASCII code, e.g. `yishui`.
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSpec {
    pub year: i32,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodSpec {
    /// `2019-05`
    pub label: String,
    pub cutoff: String,
    pub deadline: String,
    pub fiscal: FiscalSpec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiscalSpec {
    /// 民生支出, 亿元
    pub spending: String,
    pub growth_pct: String,
    pub share_pct: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaSpec {
    /// Without the numbering and the full stop: 特殊群体关爱服务保障方面
    pub title: String,
    pub items: Vec<ItemSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    /// 1 to 20, in the seed's order.
    pub number: i64,
    pub title: String,
    /// Department code of the lead unit (牵头单位).
    pub lead: String,
    /// Department codes of co-responsible units.
    #[serde(default)]
    pub co: Vec<String>,
    /// The responsible leader, when known (the seed names none).
    #[serde(default)]
    pub leader: Option<String>,
    pub indicators: Vec<IndicatorSpec>,
    /// What the lead unit wrote for May besides the figures (policy documents issued,
    /// next steps): the seed's words for this item that are not figures.
    #[serde(default)]
    pub narrative: Option<String>,
    /// Bulletin setting: where the narrative goes in the item's drafted passage, before
    /// the indicators' sentences (the default, "加大产业扶贫项目推进力度,已完成…") or
    /// after them ("…已核查摸排完毕并落实安置措施,保障其接受义务教育的权利").
    #[serde(default)]
    pub narrative_place: NarrativePlaceSpec,
}

/// Where an item's narrative goes: `"before"` (default) or `"after"` its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NarrativePlaceSpec {
    #[default]
    Before,
    After,
}

impl From<NarrativePlaceSpec> for NarrativePlace {
    fn from(p: NarrativePlaceSpec) -> NarrativePlace {
        match p {
            NarrativePlaceSpec::Before => NarrativePlace::Before,
            NarrativePlaceSpec::After => NarrativePlace::After,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    pub name: String,
    /// cumulative | ceiling | rate | stage | qualitative
    pub kind: String,
    #[serde(default)]
    pub unit: Option<String>,
    /// Only where the seed gives it, or a share of it from which it computes back.
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub baseline: Option<String>,
    #[serde(default)]
    pub decimals: Option<i64>,
    /// For stage indicators: the ordered stage list.
    #[serde(default)]
    pub stages: Option<Vec<String>>,
    /// Regions (by code) the indicator is decomposed over, with their targets if known.
    #[serde(default)]
    pub regions: Vec<RegionSpec>,
    /// The city-wide figure as of the cut-off, if the seed gives one.
    #[serde(default)]
    pub may: Option<FigureSpec>,
    /// Regional figures as of the cut-off, reported by each region.
    #[serde(default)]
    pub may_regions: Vec<RegionFigureSpec>,
    /// The seed's words this indicator comes from, verbatim, for the bulletin check.
    pub seed_text: String,
    /// Bulletin setting: the office's sentence template for this indicator
    /// (`duban_domain::bulletin::SentenceTemplate`), made from `seed_text` by putting a
    /// placeholder for each figure: "已完成方案编制{value}个,占年度计划实施项目的{completion}%".
    /// Drafted with the May figures it prints `seed_text` again, except where
    /// docs/DEMO-DATA.md says it cannot. Unset: the default sentence for the kind.
    #[serde(default)]
    pub sentence: Option<String>,
    /// Bulletin setting: the magnitude figures are printed in, `"wan"` (万) or `"yi"`
    /// (亿), when the value is kept in the base unit (35000 人 printed 3.5万人). Unset:
    /// as stored. The demo data stores 3.5 万人 and 5.01 亿元 as printed, so it needs none.
    #[serde(default)]
    pub scale: Option<Scale>,
    /// Bulletin setting: decimals of `{completion}`. Unset: 0, as the seed prints 87% and
    /// 81%.
    #[serde(default)]
    pub completion_decimals: Option<u8>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    pub region: String,
    #[serde(default)]
    pub target: Option<String>,
}

/// Exactly one of the three is given, according to the indicator's kind.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSpec {
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub stage: Option<String>,
    /// done | on_track | lagging | seriously_lagging | not_started
    #[serde(default)]
    pub assessment: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionFigureSpec {
    pub region: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub assessment: Option<String>,
}

/// The demo data shipped inside the binary.
pub const DEMO_JSON: &str = include_str!("../data/linyi-2019.json");

/// Parses the shipped demo data.
pub fn demo_data() -> Result<DemoData, serde_json::Error> {
    serde_json::from_str(DEMO_JSON)
}
