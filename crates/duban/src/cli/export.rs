//! `duban export`: the ledger's tables — 完成情况表, 台账, 责任分工表 — as xlsx or CSV,
//! the same files the API and the pages give. A progress spinner on standard error
//! when it is a terminal.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use duban_api::progress::Progress;
use duban_api::routes::exports::{self, Format};
use duban_domain::tables::TableKind;
use duban_domain::{PeriodLabel, PlanId};

use super::DbArgs;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Table {
    /// 完成情况表: regions × indicators (目标任务 / 进度 / 完成比例)
    Completion,
    /// 台账: one row per item and indicator, the value of each period
    Ledger,
    /// 责任分工表: indicators × regions with their targets and responsible units
    Responsibility,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FileFormat {
    Xlsx,
    /// CSV, UTF-8 with a byte-order mark (Excel reads Chinese only so)
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long, value_enum)]
    pub table: Table,
    /// The plan (年度计划) id; the newest plan when left out.
    #[arg(long)]
    pub plan: Option<i64>,
    /// The period, e.g. 2019-05; the latest when left out.
    #[arg(long)]
    pub period: Option<String>,
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: FileFormat,
    /// Where to write; the table's own name (e.g. `…-完成情况表-2019-05.xlsx`) in the
    /// current directory when left out, standard output for `-`.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub async fn run(a: ExportArgs) -> anyhow::Result<()> {
    let bars = super::progress::Bars::new();
    bars.step("读取数据 reading the data", 0);
    let store = a.db.open().await?;
    let book = async {
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
        let period = match a.period.as_deref() {
            Some(p) => Some(
                PeriodLabel::parse(p)
                    .with_context(|| format!("报告期格式应为 YYYY-MM / not a period: {p}"))?,
            ),
            None => None,
        };
        let kind = match a.table {
            Table::Completion => TableKind::Completion,
            Table::Ledger => TableKind::Ledger,
            Table::Responsibility => TableKind::Responsibility,
        };
        bars.step("汇总 building the table", 0);
        exports::workbook(&store, plan, kind, period, i64::MAX)
            .await
            .map_err(super::said)
    }
    .await;
    store.close().await;
    if book.is_err() {
        bars.finish();
    }
    let book = book?;
    let format = match a.format {
        FileFormat::Xlsx => Format::Xlsx,
        FileFormat::Csv => Format::Csv,
    };
    bars.step("生成文件 writing the file", 0);
    let bytes = exports::encode(&book, format).map_err(super::said);
    bars.finish();
    let bytes = bytes?;
    let path = a
        .out
        .unwrap_or_else(|| PathBuf::from(format!("{}.{}", book.file_stem, format.extension())));
    if path.as_os_str() == "-" {
        std::io::stdout().write_all(&bytes)?;
    } else {
        std::fs::write(&path, &bytes)
            .with_context(|| format!("无法写入 cannot write {}", path.display()))?;
        eprintln!("已导出 exported {}", path.display());
    }
    Ok(())
}
