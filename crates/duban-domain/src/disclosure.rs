//! 政府信息公开: what the office publishes to the public portal, under an index number
//! (索引号) of the form `{organisation code}/{catalogue code}/{year}-{serial}`, with the
//! metadata a disclosure catalogue lists; and the public's objections to a published
//! figure, taken within a window after publication.

use serde::Serialize;

use crate::date::Date;
use crate::error::{FieldError, Invalid};
use crate::personal::Contact;
use crate::text;

/// Days the public may object to a published figure unless the office says otherwise.
pub const DEFAULT_OBJECTION_DAYS: u32 = 7;

/// 索引号: e.g. `1585729837/zfb/2019-0000069`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexNumber {
    pub org: String,
    pub catalogue: String,
    pub year: i32,
    pub serial: u32,
}

impl std::fmt::Display for IndexNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{}/{}-{:07}",
            self.org, self.catalogue, self.year, self.serial
        )
    }
}

fn code(field: &str, s: &str, what_zh: &str) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty()
        || t.len() > 20
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b.is_ascii_uppercase())
    {
        return Err(FieldError::new(
            field,
            "invalid_code",
            format!("{what_zh}应为1到20位字母或数字"),
            format!("{field} must be 1 to 20 ASCII letters or digits"),
        ));
    }
    Ok(t.to_string())
}

/// How a publication is catalogued; the serial is given out when it is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationFields {
    /// 组织机构代码 of the publishing body, e.g. 1585729837.
    pub org_code: String,
    /// The catalogue's code, e.g. zfb.
    pub catalogue_code: String,
    /// 发布机构, e.g. 临沂市人民政府办公室.
    pub publisher: String,
    /// 公开目录 (the catalogue's name), e.g. 政府信息公开目录/督查专报.
    pub catalogue: String,
    /// 文号, if the document has one.
    pub doc_number: Option<String>,
    /// 发布日期.
    pub published_on: Date,
    /// How many days after publication the public may object to a figure (default 7).
    pub objection_days: u32,
}

/// What the office sends to publish, before it is checked.
pub struct PublicationInput<'a> {
    pub org_code: &'a str,
    pub catalogue_code: &'a str,
    pub publisher: &'a str,
    pub catalogue: &'a str,
    pub doc_number: Option<&'a str>,
    pub published_on: Date,
    pub objection_days: Option<i64>,
}

impl PublicationFields {
    pub fn parse(i: PublicationInput<'_>) -> Result<PublicationFields, Invalid> {
        let mut bad = Invalid::default();
        let org_code = bad.take(code("org_code", i.org_code, "组织机构代码"));
        let catalogue_code = bad.take(code("catalogue_code", i.catalogue_code, "目录代码"));
        let publisher = bad.take(text::required("publisher", i.publisher, 100));
        let catalogue = bad.take(text::required("catalogue", i.catalogue, 100));
        let doc_number = bad.take(text::optional("doc_number", i.doc_number, 50));
        let days = i
            .objection_days
            .unwrap_or(i64::from(DEFAULT_OBJECTION_DAYS));
        if !(1..=30).contains(&days) {
            bad.push(FieldError::new(
                "objection_days",
                "out_of_range",
                "异议期应为1到30天",
                "objection_days must be between 1 and 30",
            ));
        }
        bad.into_result()?;
        match (org_code, catalogue_code, publisher, catalogue, doc_number) {
            (Some(org_code), Some(catalogue_code), Some(publisher), Some(catalogue), Some(doc)) => {
                Ok(PublicationFields {
                    org_code,
                    catalogue_code,
                    publisher,
                    catalogue,
                    doc_number: doc,
                    published_on: i.published_on,
                    objection_days: days as u32,
                })
            }
            _ => Err(Invalid::default()),
        }
    }

    /// Whether the public may still object on `today`: up to and including the last
    /// day of the window.
    pub fn objections_open(&self, today: Date) -> bool {
        let last = self.published_on.days_since_epoch() + i64::from(self.objection_days);
        today.days_since_epoch() >= self.published_on.days_since_epoch()
            && today.days_since_epoch() <= last
    }
}

/// A member of the public's objection to a published figure (异议). The contact is
/// for the office only and never published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectionFields {
    /// Which figure: as the reader names it ("第3项 方案编制109个").
    pub figure: Option<String>,
    pub text: String,
    /// Kept encrypted; serialised masked.
    pub contact: Option<Contact>,
}

impl ObjectionFields {
    pub fn parse(
        figure: Option<&str>,
        body: &str,
        contact: Option<&str>,
    ) -> Result<ObjectionFields, Invalid> {
        let mut bad = Invalid::default();
        let figure = bad.take(text::optional("figure", figure, 200));
        let body = bad.take(text::required("text", body, 2000));
        let contact = bad.take(Contact::parse("contact", contact));
        bad.into_result()?;
        match (figure, body, contact) {
            (Some(figure), Some(text), Some(contact)) => Ok(ObjectionFields {
                figure,
                text,
                contact,
            }),
            _ => Err(Invalid::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(days: Option<i64>) -> PublicationInput<'static> {
        PublicationInput {
            org_code: "1585729837",
            catalogue_code: "zfb",
            publisher: "临沂市人民政府办公室",
            catalogue: "政府信息公开目录/督查专报",
            doc_number: None,
            published_on: Date::parse("2019-07-12").expect("date"),
            objection_days: days,
        }
    }

    #[test]
    fn an_index_number_prints_its_serial_in_seven_digits() {
        let n = IndexNumber {
            org: "1585729837".into(),
            catalogue: "zfb".into(),
            year: 2019,
            serial: 69,
        };
        assert_eq!(n.to_string(), "1585729837/zfb/2019-0000069");
    }

    #[test]
    fn the_objection_window_runs_seven_days_after_publication_by_default() {
        let p = PublicationFields::parse(input(None)).expect("valid");
        let day = |s: &str| Date::parse(s).expect("date");
        assert!(p.objections_open(day("2019-07-12")));
        assert!(p.objections_open(day("2019-07-19")));
        assert!(!p.objections_open(day("2019-07-20")));
        assert!(!p.objections_open(day("2019-07-11")));
    }

    #[test]
    fn codes_are_ascii_and_the_window_is_bounded() {
        let mut i = input(Some(0));
        i.org_code = "临沂/1";
        let e = PublicationFields::parse(i).expect_err("invalid");
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["org_code", "objection_days"]);
    }

    #[test]
    fn an_objection_needs_its_text_and_keeps_the_contact_apart() {
        assert!(ObjectionFields::parse(None, "  ", None).is_err());
        let o =
            ObjectionFields::parse(Some("第3项"), "数字与实际不符", Some("王先生")).expect("valid");
        assert_eq!(o.contact.as_ref().map(Contact::as_str), Some("王先生"));
    }
}
