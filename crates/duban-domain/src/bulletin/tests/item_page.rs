//! An item's progress page cut from the draft.

use super::*;

#[test]
fn an_item_page_says_what_the_draft_says_of_the_item_and_names_no_person_in_public() {
    let mut i = seed();
    seed_templates(&mut i);
    let b = draft(&i);
    let may = PeriodLabel::parse("2019-05").unwrap();
    let page = ItemProgress::of(&b, ItemId(3), may).expect("item 3 is in the draft");
    assert_eq!(page.title(), "第3项 产业扶贫项目进展情况(2019年1-5月)");
    assert_eq!(page.area, b.progress.areas[0].heading);
    assert_eq!(page.passage.plain(), format!("{}。", passage_text(&b, 3)));
    assert_eq!(page.lead_unit, "市扶贫开发领导小组办公室");
    let ids: Vec<_> = page.rows.iter().map(|r| r.indicator_id).collect();
    assert_eq!(ids, [IndicatorId(31), IndicatorId(32)]);
    assert!(page.publish_blockers().is_empty());

    let public = page.for_the_public("市政府督查室");
    let json = serde_json::to_string(&public).unwrap();
    assert!(!json.contains("王督查") && json.contains("市政府督查室"));
    // The figures themselves are untouched.
    assert_eq!(public.figures().len(), page.figures().len());
    assert!(ItemProgress::of(&b, ItemId(99), may).is_none());
}

#[test]
fn an_item_page_with_an_unsourced_figure_cannot_be_published() {
    let mut i = seed();
    i.figures
        .retain(|f| f.figure.indicator_id != IndicatorId(31));
    let b = draft(&i);
    let may = PeriodLabel::parse("2019-05").unwrap();
    let page = ItemProgress::of(&b, ItemId(3), may).unwrap();
    let blockers = page.publish_blockers();
    assert!(
        blockers.iter().any(|x| x.message_zh.contains("“109”")),
        "{blockers:?}"
    );
    // Another item's page is not held back by it.
    let other = ItemProgress::of(&b, ItemId(5), may).unwrap();
    assert!(other.publish_blockers().is_empty());
}
