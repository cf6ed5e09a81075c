//! `duban bulletin`: drafts a period's bulletin (督查专报) from the approved data, or
//! prints an issued one as it was issued.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use duban_domain::bulletin::{Bulletin, IssueInfo, OfficeEdits, draft};
use duban_domain::{Date, PeriodLabel, PlanId};

use super::DbArgs;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Markdown
    Md,
    /// HTML, one file with its own styles; each figure links to its source
    Html,
    /// DOCX, laid out after GB/T 9704
    Docx,
    /// PDF: the DOCX laid out by LibreOffice (soffice must be installed)
    Pdf,
    /// JSON: the document model, every figure with its source
    Json,
}

#[derive(Debug, Args)]
pub struct BulletinArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The plan (年度计划) id; the newest plan when left out.
    #[arg(long)]
    pub plan: Option<i64>,
    /// The period, e.g. 2019-05.
    #[arg(long)]
    pub period: Option<String>,
    /// A stored bulletin (its draft with the office's edits, or the issue as issued).
    #[arg(long, conflicts_with_all = ["plan", "period"])]
    pub bulletin: Option<i64>,
    /// The date printed on the draft, e.g. 2019-07-12.
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Where to write; standard output when left out.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub async fn run(a: BulletinArgs) -> anyhow::Result<()> {
    let store = a.db.open().await?;
    let doc = document(&store, &a).await;
    store.close().await;
    let doc = doc?;
    let bytes: Vec<u8> = match a.format {
        Format::Md => duban_docs::markdown::render(&doc).into_bytes(),
        Format::Html => duban_docs::html::render(&doc).into_bytes(),
        Format::Json => (serde_json::to_string_pretty(&doc)? + "\n").into_bytes(),
        Format::Docx => duban_docs::docx::render(&doc),
        Format::Pdf => duban_docs::pdf::from_docx(&duban_docs::docx::render(&doc))?,
    };
    match &a.out {
        Some(path) => std::fs::write(path, bytes)
            .with_context(|| format!("无法写入 cannot write {}", path.display()))?,
        None => std::io::stdout().write_all(&bytes)?,
    }
    let blockers = doc.issue_blockers();
    if !blockers.is_empty() {
        eprintln!(
            "注意:有 {} 处待核实,印发前须解决 / {} figure(s) to resolve before issuing",
            blockers.len(),
            blockers.len()
        );
    }
    Ok(())
}

async fn document(store: &duban_store::Store, a: &BulletinArgs) -> anyhow::Result<Bulletin> {
    if let Some(id) = a.bulletin {
        let b = store.bulletin(id).await?.value;
        if let Some(issued) = b.snapshot {
            return Ok(issued);
        }
        let input = store.bulletin_input(&b, i64::MAX).await?;
        return Ok(draft(&input));
    }
    let plan = match a.plan {
        Some(p) => PlanId(p),
        None => match store
            .plans(None, duban_store::Page::default())
            .await?
            .items
            .first()
        {
            Some(p) => p.value.id,
            None => bail!("数据库中没有年度计划 / the database holds no plan"),
        },
    };
    let Some(label) = a.period.as_deref() else {
        bail!("请用 --period 指定报告期,如 2019-05 / give the period with --period, e.g. 2019-05");
    };
    let label = PeriodLabel::parse(label)
        .with_context(|| format!("报告期格式应为 YYYY-MM / not a period: {label}"))?;
    let periods = store.periods(plan).await?;
    let Some(period) = periods.iter().find(|p| p.value.label == label) else {
        bail!(
            "计划{}没有{label}报告期 / plan {} has no period {label}",
            plan.0,
            plan.0
        );
    };
    let date = match a.date.as_deref() {
        Some(d) => Some(
            Date::parse(d).with_context(|| format!("日期格式应为 YYYY-MM-DD / not a date: {d}"))?,
        ),
        None => None,
    };
    // The plan's first series gives the name, issuer and next number; else the defaults.
    let mut issue = IssueInfo::new(1);
    if let Some(s) = store.plan_series(plan).await?.into_iter().next() {
        issue.series = s.value.name;
        issue.issuer = s.value.issuer;
        issue.number = u32::try_from(s.value.next_number).unwrap_or(1);
    }
    issue.date = date;
    let input = store
        .draft_input(
            plan,
            period.value.id,
            issue,
            OfficeEdits::default(),
            i64::MAX,
        )
        .await?;
    Ok(draft(&input))
}
