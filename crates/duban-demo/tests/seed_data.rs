//! The demo data against the seed bulletin (临沂市政府督查室《督查专报》第17期, figures as
//! of the end of May 2019): its structure, its codes, and every figure the bulletin's
//! section 一 prints.

use std::collections::{HashMap, HashSet};

use duban_demo::data::{DemoData, IndicatorSpec, ItemSpec, demo_data};
use duban_domain::Decimal;
use duban_domain::indicator::{IndicatorFields, IndicatorInput};
use duban_domain::report::ASSESSMENTS;
use duban_domain::{RegionTarget, Status, UnitId};

fn data() -> DemoData {
    demo_data().expect("data/linyi-2019.json parses into DemoData")
}

fn items(d: &DemoData) -> impl Iterator<Item = &ItemSpec> {
    d.areas.iter().flat_map(|a| a.items.iter())
}

fn indicators(d: &DemoData) -> impl Iterator<Item = (&ItemSpec, &IndicatorSpec)> {
    items(d).flat_map(|i| i.indicators.iter().map(move |x| (i, x)))
}

fn dec(s: &str) -> Decimal {
    Decimal::parse(s).unwrap_or_else(|| panic!("{s:?} is not a decimal"))
}

/// The indicator as the domain validates it, with the regions numbered by their place
/// in the region list.
fn fields(d: &DemoData, ind: &IndicatorSpec) -> IndicatorFields {
    let region_ids: HashMap<&str, i64> = d
        .regions
        .iter()
        .enumerate()
        .map(|(n, r)| (r.code.as_str(), n as i64 + 1))
        .collect();
    let regions = ind
        .regions
        .iter()
        .map(|r| RegionTarget {
            region_id: UnitId(region_ids[r.region.as_str()]),
            target: r.target.as_deref().map(dec),
        })
        .collect();
    IndicatorFields::parse(IndicatorInput {
        seq: 1,
        name: &ind.name,
        kind: &ind.kind,
        unit: ind.unit.as_deref(),
        target: ind.target.as_deref().map(dec),
        baseline: ind.baseline.as_deref().map(dec),
        decimals: ind.decimals,
        stages: ind.stages.clone(),
        regions,
        quarterly: None,
    })
    .unwrap_or_else(|e| panic!("indicator {} is invalid: {e:?}", ind.name))
}

/// A target the seed gives only as a share of it: the seed text prints the share of a
/// count or amount, not the target itself.
fn share_printed(ind: &IndicatorSpec) -> bool {
    if ind.kind != "cumulative" {
        return false;
    }
    let (Some(v), Some(t)) = (
        ind.may.as_ref().and_then(|m| m.value.as_deref()),
        &ind.target,
    ) else {
        return false;
    };
    dec(v)
        .percent_of(dec(t), 0)
        .is_some_and(|p| ind.seed_text.contains(&format!("{}%", p.to_fixed(0))))
}

#[test]
fn the_demo_data_parses() {
    data();
}

#[test]
fn the_city_office_plan_and_period_are_the_seeds() {
    let d = data();
    assert_eq!(
        (d.city.code.as_str(), d.city.name.as_str()),
        ("linyi", "临沂市")
    );
    assert_eq!(
        (d.office.code.as_str(), d.office.name.as_str()),
        ("ducha", "市政府督查室")
    );
    assert_eq!(d.plan.year, 2019);
    assert_eq!(d.plan.title, "2019年20项重点民生实事");
    assert_eq!(d.period.label, "2019-05");
    assert_eq!(d.period.cutoff, "2019-05-31");
    assert_eq!(d.period.deadline, "2019-06-05");
}

#[test]
fn the_fiscal_overview_is_the_seeds_248_2_yi_up_3_6_pct_at_81_4_pct_of_spending() {
    let f = data().period.fiscal;
    assert_eq!(f.spending, "248.2");
    assert_eq!(f.growth_pct, "3.6");
    assert_eq!(f.share_pct, "81.4");
}

#[test]
fn the_six_areas_come_in_the_seeds_order() {
    let titles: Vec<String> = data().areas.into_iter().map(|a| a.title).collect();
    assert_eq!(
        titles,
        [
            "特殊群体关爱服务保障方面",
            "扶持就业及社会保障方面",
            "化解中小学大班额、解决教师紧缺和学前幼儿“入园难”方面",
            "医疗保障方面",
            "计划生育及乡村医生保障落实方面",
            "农村“七改”方面",
        ]
    );
}

#[test]
fn the_twenty_items_are_numbered_one_to_twenty_across_the_areas() {
    let d = data();
    let numbers: Vec<i64> = items(&d).map(|i| i.number).collect();
    assert_eq!(numbers, (1..=20).collect::<Vec<_>>());
    for a in &d.areas {
        assert!(!a.items.is_empty(), "area {} has no items", a.title);
    }
    for i in items(&d) {
        assert!(!i.title.trim().is_empty(), "item {} has no title", i.number);
        assert!(
            !i.indicators.is_empty(),
            "item {} has no indicators",
            i.number
        );
        assert!(i.narrative.as_ref().is_none_or(|n| !n.trim().is_empty()));
    }
}

#[test]
fn the_regions_are_the_city_level_and_the_sixteen_county_level_units() {
    let regions: Vec<(String, String)> = data()
        .regions
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    let expected = [
        ("shibenji", "市本级"),
        ("lanshan", "兰山区"),
        ("luozhuang", "罗庄区"),
        ("hedong", "河东区"),
        ("yinan", "沂南县"),
        ("tancheng", "郯城县"),
        ("yishui", "沂水县"),
        ("lanling", "兰陵县"),
        ("feixian", "费县"),
        ("pingyi", "平邑县"),
        ("junan", "莒南县"),
        ("mengyin", "蒙阴县"),
        ("linshu", "临沭县"),
        ("gaoxin", "临沂高新技术产业开发区"),
        ("jingkai", "临沂经济技术开发区"),
        ("lingang", "临沂临港经济开发区"),
        ("mengshan", "蒙山旅游度假区"),
    ];
    assert_eq!(regions.len(), 17);
    for ((code, name), (c, n)) in regions.iter().zip(expected) {
        assert_eq!((code.as_str(), name.as_str()), (c, n));
    }
}

#[test]
fn every_unit_code_is_short_lowercase_ascii_and_unique() {
    let d = data();
    let units: Vec<_> = [&d.city, &d.office]
        .into_iter()
        .chain(&d.regions)
        .chain(&d.departments)
        .collect();
    let mut seen = HashSet::new();
    for u in units {
        assert!(
            !u.code.is_empty()
                && u.code.len() <= 20
                && u.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "code {:?} of {}",
            u.code,
            u.name
        );
        assert!(
            seen.insert(u.code.as_str()),
            "code {} is used twice",
            u.code
        );
        assert!(!u.name.trim().is_empty());
    }
}

#[test]
fn every_lead_co_and_region_code_refers_to_a_listed_unit() {
    let d = data();
    let departments: HashSet<&str> = d.departments.iter().map(|u| u.code.as_str()).collect();
    let regions: HashSet<&str> = d.regions.iter().map(|u| u.code.as_str()).collect();
    let mut used = HashSet::new();
    for i in items(&d) {
        assert!(
            departments.contains(i.lead.as_str()),
            "item {} lead {}",
            i.number,
            i.lead
        );
        used.insert(i.lead.as_str());
        for c in &i.co {
            assert!(departments.contains(c.as_str()), "item {} co {c}", i.number);
            assert_ne!(c, &i.lead, "item {} lists its lead as co", i.number);
            used.insert(c.as_str());
        }
        for ind in &i.indicators {
            let own: HashSet<&str> = ind.regions.iter().map(|r| r.region.as_str()).collect();
            for r in &ind.regions {
                assert!(
                    regions.contains(r.region.as_str()),
                    "{}: region {}",
                    ind.name,
                    r.region
                );
            }
            for r in &ind.may_regions {
                assert!(
                    own.contains(r.region.as_str()),
                    "{}: figure for {}",
                    ind.name,
                    r.region
                );
            }
        }
    }
    assert_eq!(
        used, departments,
        "every listed department leads or shares an item"
    );
}

#[test]
fn every_indicator_is_valid_for_the_domain() {
    let d = data();
    let mut names = HashSet::new();
    for (i, ind) in indicators(&d) {
        fields(&d, ind);
        assert!(
            names.insert((i.number, ind.name.as_str())),
            "{} twice",
            ind.name
        );
    }
}

#[test]
fn every_figure_fits_its_indicators_kind() {
    let d = data();
    let assessments: Vec<&str> = ASSESSMENTS.iter().map(|s| s.as_str()).collect();
    for (_, ind) in indicators(&d) {
        let f = fields(&d, ind);
        let figures = ind
            .may
            .iter()
            .map(|m| (&m.value, &m.stage, &m.assessment))
            .chain(
                ind.may_regions
                    .iter()
                    .map(|m| (&m.value, &m.stage, &m.assessment)),
            );
        for (value, stage, assessment) in figures {
            match ind.kind.as_str() {
                "cumulative" | "ceiling" | "rate" => {
                    let v = value
                        .as_deref()
                        .unwrap_or_else(|| panic!("{}: no value", ind.name));
                    assert!(stage.is_none() && assessment.is_none(), "{}", ind.name);
                    // Printed with the indicator's decimals, the figure reads as the seed prints it.
                    assert_eq!(dec(v).to_fixed(u32::from(f.decimals)), *v, "{}", ind.name);
                }
                "stage" => {
                    let s = stage
                        .as_deref()
                        .unwrap_or_else(|| panic!("{}: no stage", ind.name));
                    assert!(value.is_none() && assessment.is_none(), "{}", ind.name);
                    assert!(f.stages.iter().any(|x| x == s), "{}: stage {s}", ind.name);
                }
                "qualitative" => {
                    let a = assessment
                        .as_deref()
                        .unwrap_or_else(|| panic!("{}", ind.name));
                    assert!(value.is_none() && stage.is_none(), "{}", ind.name);
                    assert!(assessments.contains(&a), "{}: assessment {a}", ind.name);
                    assert!(Status::parse(a).is_some());
                }
                k => panic!("{}: kind {k}", ind.name),
            }
        }
        if let Some(t) = &ind.target {
            assert_eq!(
                dec(t).to_fixed(u32::from(f.decimals)),
                *t,
                "{}: target",
                ind.name
            );
        }
    }
}

#[test]
fn every_seed_text_carries_the_figure_it_gives() {
    let d = data();
    for (_, ind) in indicators(&d) {
        let s = &ind.seed_text;
        assert!(!s.trim().is_empty(), "{}: no seed_text", ind.name);
        let carried = ind
            .may
            .iter()
            .flat_map(|m| [&m.value, &m.stage])
            .chain(ind.may_regions.iter().flat_map(|m| [&m.value, &m.stage]))
            .flatten();
        for x in carried {
            assert!(s.contains(x.as_str()), "{}: {s:?} lacks {x}", ind.name);
        }
        // The city-wide value is printed right before its unit (余, "more than", aside).
        if let (Some(u), Some(v)) = (&ind.unit, ind.may.as_ref().and_then(|m| m.value.as_ref())) {
            let printed = format!("{v}{u}");
            assert!(
                s.replace('余', "").contains(&printed),
                "{}: {s:?} lacks {printed}",
                ind.name
            );
        }
    }
}

#[test]
fn every_target_is_stated_by_the_seed_or_computes_back_from_the_share_it_prints() {
    let d = data();
    let mut from_shares = Vec::new();
    for (_, ind) in indicators(&d) {
        let Some(t) = &ind.target else { continue };
        if share_printed(ind) {
            from_shares.push(t.as_str());
        } else {
            assert!(
                ind.seed_text.contains(t.as_str()),
                "{}: target {t} is not in the seed",
                ind.name
            );
        }
    }
    assert_eq!(from_shares, ["125", "70"]);
}

#[test]
fn every_figure_of_the_seeds_section_one_is_in_the_demo_data() {
    // Section 一 of the bulletin, figure by figure, as printed.
    // The number of each, without its unit ("3.5万人" → "3.5").
    let section_one = duban_demo::seed::SECTION_ONE_FIGURES.iter().map(|f| {
        let end = f
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(f.len());
        &f[..end]
    });
    let d = data();
    let mut found: HashSet<String> = HashSet::new();
    for (_, ind) in indicators(&d) {
        found.extend(ind.may.iter().filter_map(|m| m.value.clone()));
        found.extend(ind.may_regions.iter().filter_map(|m| m.value.clone()));
        found.extend(ind.target.clone());
        found.extend(ind.regions.iter().filter_map(|r| r.target.clone()));
        if share_printed(ind)
            && let (Some(v), Some(t)) = (
                ind.may.as_ref().and_then(|m| m.value.as_deref()),
                &ind.target,
            )
            && let Some(p) = dec(v).percent_of(dec(t), 0)
        {
            found.insert(p.to_fixed(0));
        }
    }
    let missing: Vec<&str> = section_one.filter(|f| !found.contains(*f)).collect();
    assert!(
        missing.is_empty(),
        "figures of section 一 missing from the demo data: {missing:?}"
    );
}

#[test]
fn the_shares_the_seed_prints_compute_back_87_and_81_pct() {
    let d = data();
    let share = |name: &str| {
        let (_, ind) = indicators(&d).find(|(_, i)| i.name == name).expect(name);
        let v = ind
            .may
            .as_ref()
            .and_then(|m| m.value.as_deref())
            .expect("value");
        let t = ind.target.as_deref().expect("target");
        dec(v).percent_of(dec(t), 0).expect("share").to_fixed(0)
    };
    assert_eq!(share("产业扶贫项目方案编制"), "87");
    assert_eq!(share("跨省住院联网结算定点医疗机构"), "81");
}

#[test]
fn the_five_special_education_schools_are_decomposed_over_their_regions() {
    let d = data();
    let (_, count) = indicators(&d)
        .find(|(_, i)| i.name == "新建、改扩建特殊教育学校")
        .expect("count indicator");
    assert_eq!(count.target.as_deref(), Some("5"));
    let (_, stage) = indicators(&d)
        .find(|(_, i)| i.name == "特殊教育学校建设进度")
        .expect("stage indicator");
    let stages: Vec<(&str, &str)> = stage
        .may_regions
        .iter()
        .map(|r| (r.region.as_str(), r.stage.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        stages,
        [
            ("shibenji", "规划设计"),
            ("yishui", "规划设计"),
            ("pingyi", "规划设计"),
            ("mengyin", "装修"),
            ("linshu", "装修"),
        ]
    );
}

/// The bulletin is not part of the repository; set `DUBAN_SEED_BULLETIN` to its path
/// to check that every seed_text, area title and narrative is copied from it verbatim.
#[test]
fn seed_texts_are_verbatim_in_the_bulletin_when_it_is_at_hand() {
    let Ok(path) = std::env::var("DUBAN_SEED_BULLETIN") else {
        return;
    };
    let seed = std::fs::read_to_string(&path).expect("the bulletin named by DUBAN_SEED_BULLETIN");
    let d = data();
    for a in &d.areas {
        assert!(seed.contains(&a.title), "area {}", a.title);
    }
    for i in items(&d) {
        for part in i.narrative.iter().flat_map(|n| n.split("……")) {
            assert!(seed.contains(part), "item {} narrative {part:?}", i.number);
        }
        for ind in &i.indicators {
            assert!(
                seed.contains(&ind.seed_text),
                "{}: {:?}",
                ind.name,
                ind.seed_text
            );
        }
    }
}
