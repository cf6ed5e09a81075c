//! CSV (RFC 4180) in UTF-8 with a byte-order mark: Excel opens it as UTF-8 only then.

use duban_domain::sheet::Sheet;

/// One sheet as CSV: its header rows (a merged cell's text once, in its first
/// column), then its data rows as printed. Lines end in CRLF.
pub fn to_csv(sheet: &Sheet) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for row in sheet.header_grid() {
        line(&mut out, row.iter().map(String::as_str));
    }
    for row in &sheet.rows {
        let printed: Vec<String> = row.iter().map(|c| c.printed()).collect();
        line(&mut out, printed.iter().map(String::as_str));
    }
    out.into_bytes()
}

fn line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Quoted when it must be; a leading = + - @ is quoted and prefixed with an
        // apostrophe so a spreadsheet never runs it as a formula (CSV injection).
        let formula =
            f.starts_with(['=', '+', '@']) || (f.starts_with('-') && f.parse::<f64>().is_err());
        if formula {
            out.push_str("\"'");
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use duban_domain::Decimal;
    use duban_domain::sheet::{Cell, Column};

    #[test]
    fn csv_starts_with_a_bom_quotes_what_it_must_and_defuses_formulas() {
        let mut s = Sheet::new(
            "t",
            "t".into(),
            vec![
                Column {
                    width: 8,
                    hidden: false
                };
                3
            ],
        );
        s.header.push(duban_domain::sheet::HeaderCell {
            row: 0,
            col: 0,
            rows: 1,
            cols: 3,
            text: "地区".into(),
        });
        s.rows.push(vec![
            Cell::text("a,\"b\""),
            Cell::text("=1+2"),
            Cell::number(Decimal::parse("-1.5").unwrap(), 1),
        ]);
        let out = String::from_utf8(to_csv(&s)).unwrap();
        assert_eq!(out, "\u{feff}地区,,\r\n\"a,\"\"b\"\"\",\"'=1+2\",-1.5\r\n");
    }
}
