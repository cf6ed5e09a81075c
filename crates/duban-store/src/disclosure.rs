//! 政府信息公开: issued bulletins and item progress pages published to the public
//! portal under an index number, and the public's objections to what was published.

use duban_domain::bulletin::ItemProgress;
use duban_domain::disclosure::{IndexNumber, ObjectionFields, PublicationFields};
use duban_domain::personal::Contact;
use duban_domain::{Date, ItemId, PeriodId, ProblemId, UserId};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::personal::Vault;
use crate::rows::{Change, Page, Paged, Versioned, corrupt, missing_or_stale, versioned};
use crate::{Dialect, Result, Store, StoreError, history};

/// What was published: an issued bulletin, or one item's progress page for a period,
/// frozen as it was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    Bulletin {
        bulletin_id: i64,
    },
    Item {
        item_id: ItemId,
        period_id: PeriodId,
        page: Box<ItemProgress>,
    },
}

/// A publication on the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publication {
    pub id: i64,
    pub subject: Subject,
    pub index: IndexNumber,
    pub title: String,
    pub fields: PublicationFields,
    pub published_by: UserId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionState {
    Open,
    Dismissed,
    Problem,
}

impl ObjectionState {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectionState::Open => "open",
            ObjectionState::Dismissed => "dismissed",
            ObjectionState::Problem => "problem",
        }
    }

    pub fn parse(s: &str) -> Option<ObjectionState> {
        [
            ObjectionState::Open,
            ObjectionState::Dismissed,
            ObjectionState::Problem,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// An objection as the office reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Objection {
    pub id: i64,
    pub publication_id: i64,
    pub fields: ObjectionFields,
    pub state: ObjectionState,
    pub note: Option<String>,
    pub problem_id: Option<ProblemId>,
}

/// How the office settles an objection.
pub enum Settlement<'a> {
    /// Checked and found right: the figure stands, the note says why.
    Dismissed(&'a str),
    /// Rectification was raised from it.
    Problem(ProblemId),
}

macro_rules! select_publications {
    ($tail:literal) => {
        concat!(
            "SELECT id, bulletin_id, item_id, period_id, snapshot, org_code, catalogue_code, year, serial, title, publisher, ",
            "catalogue, doc_number, published_on, objection_days, published_by, version, ",
            "created_at, updated_at FROM publications ",
            $tail
        )
    };
}

macro_rules! select_objections {
    ($tail:literal) => {
        concat!(
            "SELECT id, publication_id, figure, body, contact, state, note, problem_id, version, ",
            "created_at, updated_at FROM objections ",
            $tail
        )
    };
}

fn publication(r: &AnyRow) -> Result<Versioned<Publication>> {
    let on: String = r.try_get("published_on")?;
    let published_on = Date::parse(&on).ok_or_else(|| corrupt("date", &on))?;
    let year: i64 = r.try_get("year")?;
    let serial: i64 = r.try_get("serial")?;
    let days: i64 = r.try_get("objection_days")?;
    let org: String = r.try_get("org_code")?;
    let catalogue_code: String = r.try_get("catalogue_code")?;
    let item: Option<i64> = r.try_get("item_id")?;
    let subject = match item {
        None => Subject::Bulletin {
            bulletin_id: r.try_get("bulletin_id")?,
        },
        Some(item) => {
            let snapshot: String = r.try_get("snapshot")?;
            let page = serde_json::from_str(&snapshot)
                .map_err(|e| corrupt("item page", &e.to_string()))?;
            Subject::Item {
                item_id: ItemId(item),
                period_id: PeriodId(r.try_get("period_id")?),
                page: Box::new(page),
            }
        }
    };
    let p = Publication {
        id: r.try_get("id")?,
        subject,
        index: IndexNumber {
            org: org.clone(),
            catalogue: catalogue_code.clone(),
            year: i32::try_from(year).map_err(|_| corrupt("year", &year.to_string()))?,
            serial: u32::try_from(serial).map_err(|_| corrupt("serial", &serial.to_string()))?,
        },
        title: r.try_get("title")?,
        fields: PublicationFields {
            org_code: org,
            catalogue_code,
            publisher: r.try_get("publisher")?,
            catalogue: r.try_get("catalogue")?,
            doc_number: r.try_get("doc_number")?,
            published_on,
            objection_days: u32::try_from(days).map_err(|_| corrupt("days", &days.to_string()))?,
        },
        published_by: UserId(r.try_get("published_by")?),
    };
    versioned(r, p)
}

fn objection(r: &AnyRow, vault: &Vault) -> Result<Versioned<Objection>> {
    let state: String = r.try_get("state")?;
    let o = Objection {
        id: r.try_get("id")?,
        publication_id: r.try_get("publication_id")?,
        fields: ObjectionFields {
            figure: r.try_get("figure")?,
            text: r.try_get("body")?,
            contact: vault
                .open(r, "objections.contact", |v| {
                    Contact::parse("contact", Some(v))
                })?
                .flatten(),
        },
        state: ObjectionState::parse(&state).ok_or_else(|| corrupt("objection state", &state))?,
        note: r.try_get("note")?,
        problem_id: r.try_get::<Option<i64>, _>("problem_id")?.map(ProblemId),
    };
    versioned(r, o)
}

impl Store {
    /// Publishes an issued bulletin under the next serial of its organisation,
    /// catalogue and year.
    pub async fn publish_bulletin(
        &self,
        bulletin_id: i64,
        f: &PublicationFields,
        change: Change,
    ) -> Result<Versioned<Publication>> {
        let b = self.bulletin(bulletin_id).await?.value;
        let Some(doc) = b.snapshot else {
            return Err(StoreError::conflict(
                "not_issued",
                "专报尚未印发,不能公开",
                "only an issued bulletin can be published",
            ));
        };
        let title = format!(
            "{}({}{})",
            doc.title, doc.header.series, doc.header.number_label
        );
        let subject = Subject::Bulletin { bulletin_id };
        self.publish(&subject, &title, f, change).await
    }

    /// Publishes an item's progress page for a period, as drafted from the data
    /// approved now; refused while a figure on it has no approved source, and when the
    /// same page, figure for figure, is already published.
    pub async fn publish_item(
        &self,
        page: &ItemProgress,
        period_id: PeriodId,
        f: &PublicationFields,
        change: Change,
    ) -> Result<Versioned<Publication>> {
        if let Some(b) = page.publish_blockers().first() {
            return Err(StoreError::conflict(
                "unsourced_figure",
                b.message_zh.clone(),
                b.message_en.clone(),
            ));
        }
        let subject = Subject::Item {
            item_id: page.item_id,
            period_id,
            page: Box::new(page.clone()),
        };
        self.publish(&subject, &page.title(), f, change).await
    }

    /// Inserts a publication under the next serial, in one transaction that holds
    /// others back from taking the same serial.
    async fn publish(
        &self,
        subject: &Subject,
        title: &str,
        f: &PublicationFields,
        change: Change,
    ) -> Result<Versioned<Publication>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("publishing needs an author".into()))?;
        let (bulletin, item, period, snapshot) = match subject {
            Subject::Bulletin { bulletin_id } => (Some(*bulletin_id), None, None, None),
            Subject::Item {
                item_id,
                period_id,
                page,
            } => {
                let json = serde_json::to_string(page)
                    .map_err(|e| StoreError::Corrupt(format!("item page: {e}")))?;
                (None, Some(item_id.0), Some(period_id.0), Some(json))
            }
        };
        let mut tx = self.write().await?;
        if self.dialect() == Dialect::Postgres {
            // SQLite's BEGIN IMMEDIATE already serialises writers.
            sqlx::query("LOCK TABLE publications IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        if item.is_some() {
            let same: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM publications WHERE item_id = $1 AND period_id = $2 AND snapshot = $3",
            )
            .bind(item)
            .bind(period)
            .bind(&snapshot)
            .fetch_optional(&mut *tx)
            .await?;
            if same.is_some() {
                return Err(StoreError::conflict(
                    "already_published",
                    "该事项本期进展已按现有数据公开",
                    "this item's progress for the period is published with the same figures already",
                ));
            }
        }
        let year = i64::from(f.published_on.year());
        let serial: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(serial), 0) + 1 FROM publications
             WHERE org_code = $1 AND catalogue_code = $2 AND year = $3",
        )
        .bind(&f.org_code)
        .bind(&f.catalogue_code)
        .bind(year)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO publications (bulletin_id, item_id, period_id, snapshot, org_code,
                catalogue_code, year, serial, title, publisher, catalogue, doc_number,
                published_on, objection_days, published_by, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $16)
             RETURNING id",
        )
        .bind(bulletin)
        .bind(item)
        .bind(period)
        .bind(&snapshot)
        .bind(&f.org_code)
        .bind(&f.catalogue_code)
        .bind(year)
        .bind(serial)
        .bind(title)
        .bind(&f.publisher)
        .bind(&f.catalogue)
        .bind(&f.doc_number)
        .bind(f.published_on.to_string())
        .bind(i64::from(f.objection_days))
        .bind(actor.0)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            StoreError::unique_as(
                e,
                "already_published",
                "该期专报已经公开",
                "this bulletin has been published already",
            )
        })?;
        let r = sqlx::query(select_publications!("WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let p = publication(&r)?;
        history::record(&mut tx, "publication", id, 1, change, &p.value).await?;
        tx.commit().await?;
        Ok(p)
    }

    pub async fn publication(&self, id: i64) -> Result<Versioned<Publication>> {
        let r = sqlx::query(select_publications!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "publication",
                id,
            })?;
        publication(&r)
    }

    /// Publications newest first; with `q`, those whose title contains it.
    pub async fn publications(
        &self,
        q: Option<&str>,
        page: Page,
    ) -> Result<Paged<Versioned<Publication>>> {
        let pattern = q.map(|q| format!("%{}%", crate::rows::like_escaped(q)));
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM publications WHERE ($1 IS NULL OR title LIKE $1 ESCAPE '\\')",
        )
        .bind(pattern.clone())
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(select_publications!(
            "WHERE ($1 IS NULL OR title LIKE $1 ESCAPE '\\')
             ORDER BY published_on DESC, id DESC LIMIT $2 OFFSET $3"
        ))
        .bind(pattern)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        let items = rows.iter().map(publication).collect::<Result<Vec<_>>>()?;
        Ok(page.of(items, total))
    }

    /// Records a member of the public's objection; its id.
    pub async fn add_objection(
        &self,
        publication_id: i64,
        f: &ObjectionFields,
        at: i64,
    ) -> Result<i64> {
        let contact = match &f.contact {
            Some(c) => Some(
                self.vault
                    .seal("contact", "objections.contact", c.as_str())?,
            ),
            None => None,
        };
        let mut tx = self.write().await?;
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM publications WHERE id = $1")
            .bind(publication_id)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound {
                entity: "publication",
                id: publication_id,
            });
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO objections (publication_id, figure, body, contact, state, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 'open', 1, $5, $5) RETURNING id",
        )
        .bind(publication_id)
        .bind(&f.figure)
        .bind(&f.text)
        .bind(contact)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn objection(&self, id: i64) -> Result<Versioned<Objection>> {
        let r = sqlx::query(select_objections!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "objection",
                id,
            })?;
        objection(&r, &self.vault)
    }

    /// Objections, oldest first; only those in `state` when given.
    pub async fn objections(
        &self,
        state: Option<ObjectionState>,
    ) -> Result<Vec<Versioned<Objection>>> {
        let rows = sqlx::query(select_objections!(
            "WHERE ($1 IS NULL OR state = $1) ORDER BY id"
        ))
        .bind(state.map(ObjectionState::as_str))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| objection(r, &self.vault)).collect()
    }

    /// Settles an open objection, if it is still at `expected_version`.
    pub async fn settle_objection(
        &self,
        id: i64,
        expected_version: i64,
        how: Settlement<'_>,
        change: Change,
    ) -> Result<Versioned<Objection>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("settling needs an author".into()))?;
        let (state, note, problem) = match how {
            Settlement::Dismissed(n) => (ObjectionState::Dismissed, Some(n.to_string()), None),
            Settlement::Problem(p) => (ObjectionState::Problem, None, Some(p.0)),
        };
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE objections SET state = $3, note = $4, problem_id = $5, settled_by = $6,
                settled_at = $7, version = version + 1, updated_at = $7
             WHERE id = $1 AND version = $2 AND state = 'open'",
        )
        .bind(id)
        .bind(expected_version)
        .bind(state.as_str())
        .bind(note)
        .bind(problem)
        .bind(actor.0)
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let current: Option<String> =
                sqlx::query_scalar("SELECT state FROM objections WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match current.as_deref() {
                Some(s) if s != "open" => StoreError::conflict(
                    "objection_settled",
                    "该异议已处理",
                    "the objection has been settled already",
                ),
                _ => {
                    missing_or_stale(
                        &mut tx,
                        "SELECT version FROM objections WHERE id = $1",
                        "objection",
                        id,
                    )
                    .await
                }
            });
        }
        let r = sqlx::query(select_objections!("WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let o = objection(&r, &self.vault)?;
        history::record(&mut tx, "objection", id, o.version, change, &o.value).await?;
        tx.commit().await?;
        Ok(o)
    }
}
