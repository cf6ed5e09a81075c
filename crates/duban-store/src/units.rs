//! Units: the office, departments, the city and its regions.

use duban_domain::{Unit, UnitFields, UnitId, UnitKind};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows::{Change, Versioned, corrupt, missing_or_stale, versioned};
use crate::{Page, Paged, Result, Store, StoreError, history};

fn unit(r: &AnyRow) -> Result<Versioned<Unit>> {
    let kind: String = r.try_get("kind")?;
    let u = Unit {
        id: UnitId(r.try_get("id")?),
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        kind: UnitKind::parse(&kind).ok_or_else(|| corrupt("unit kind", &kind))?,
        parent_id: r.try_get::<Option<i64>, _>("parent_id")?.map(UnitId),
        seq: r.try_get("seq")?,
        active: r.try_get::<i64, _>("active")? != 0,
    };
    versioned(r, u)
}

/// Filters for listing units.
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub kind: Option<UnitKind>,
    pub parent_id: Option<UnitId>,
}

impl Store {
    pub async fn unit(&self, id: UnitId) -> Result<Versioned<Unit>> {
        let r = sqlx::query(
            "SELECT id, code, name, kind, parent_id, seq, active, version, created_at, updated_at
             FROM units WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "unit",
            id: id.0,
        })?;
        unit(&r)
    }

    pub async fn unit_by_code(&self, code: &str) -> Result<Option<Versioned<Unit>>> {
        let r = sqlx::query(
            "SELECT id, code, name, kind, parent_id, seq, active, version, created_at, updated_at
             FROM units WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        r.as_ref().map(unit).transpose()
    }

    /// Units in display order: by kind's tree position, then sequence.
    pub async fn units(&self, f: &UnitFilter, page: Page) -> Result<Paged<Versioned<Unit>>> {
        let kind = f.kind.map(UnitKind::as_str);
        let parent = f.parent_id.map(|p| p.0);
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM units
             WHERE ($1 IS NULL OR kind = $1) AND ($2 IS NULL OR parent_id = $2)",
        )
        .bind(kind)
        .bind(parent)
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(
            "SELECT id, code, name, kind, parent_id, seq, active, version, created_at, updated_at
             FROM units
             WHERE ($1 IS NULL OR kind = $1) AND ($2 IS NULL OR parent_id = $2)
             ORDER BY seq, id LIMIT $3 OFFSET $4",
        )
        .bind(kind)
        .bind(parent)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        Ok(page.of(rows.iter().map(unit).collect::<Result<_>>()?, total))
    }

    /// All units, for building lookups (a city has tens, a province hundreds).
    pub async fn all_units(&self) -> Result<Vec<Unit>> {
        let rows = sqlx::query(
            "SELECT id, code, name, kind, parent_id, seq, active, version, created_at, updated_at
             FROM units ORDER BY seq, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| unit(r).map(|v| v.value)).collect()
    }

    pub async fn create_unit(&self, f: &UnitFields, change: Change) -> Result<Versioned<Unit>> {
        let mut tx = self.write().await?;
        check_parent(&mut tx, f.parent_id).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (code, name, kind, parent_id, seq, active, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id",
        )
        .bind(&f.code)
        .bind(&f.name)
        .bind(f.kind.as_str())
        .bind(f.parent_id.map(|p| p.0))
        .bind(f.seq)
        .bind(f.active as i64)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| duplicate_code(e, &f.code))?;
        let u = fields_unit(UnitId(id), f);
        history::record(&mut tx, "unit", id, 1, change, &u).await?;
        tx.commit().await?;
        self.unit(UnitId(id)).await
    }

    pub async fn update_unit(
        &self,
        id: UnitId,
        expected_version: i64,
        f: &UnitFields,
        change: Change,
    ) -> Result<Versioned<Unit>> {
        let mut tx = self.write().await?;
        if f.parent_id == Some(id) {
            return Err(StoreError::conflict(
                "own_parent",
                "单位不能以自身为上级",
                "a unit cannot be its own parent",
            ));
        }
        check_parent(&mut tx, f.parent_id).await?;
        let done = sqlx::query(
            "UPDATE units SET code = $3, name = $4, kind = $5, parent_id = $6, seq = $7, active = $8,
                version = version + 1, updated_at = $9
             WHERE id = $1 AND version = $2",
        )
        .bind(id.0)
        .bind(expected_version)
        .bind(&f.code)
        .bind(&f.name)
        .bind(f.kind.as_str())
        .bind(f.parent_id.map(|p| p.0))
        .bind(f.seq)
        .bind(f.active as i64)
        .bind(change.at)
        .execute(&mut *tx)
        .await
        .map_err(|e| duplicate_code(e, &f.code))?;
        if done.rows_affected() == 0 {
            return Err(missing_or_stale(
                &mut tx,
                "SELECT version FROM units WHERE id = $1",
                "unit",
                id.0,
            )
            .await);
        }
        history::record(
            &mut tx,
            "unit",
            id.0,
            expected_version + 1,
            change,
            &fields_unit(id, f),
        )
        .await?;
        tx.commit().await?;
        self.unit(id).await
    }
}

fn fields_unit(id: UnitId, f: &UnitFields) -> Unit {
    Unit {
        id,
        code: f.code.clone(),
        name: f.name.clone(),
        kind: f.kind,
        parent_id: f.parent_id,
        seq: f.seq,
        active: f.active,
    }
}

async fn check_parent(tx: &mut crate::rows::Tx, parent: Option<UnitId>) -> Result<()> {
    let Some(p) = parent else { return Ok(()) };
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1")
        .bind(p.0)
        .fetch_optional(&mut **tx)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(unknown("parent_id", "上级单位", p.0)),
    }
}

/// An input field names an id that does not exist.
pub(crate) fn unknown(field: &str, what_zh: &str, id: i64) -> StoreError {
    StoreError::Invalid(duban_domain::Invalid::one(duban_domain::FieldError::new(
        field,
        "unknown_id",
        format!("{what_zh}(编号{id})不存在"),
        format!(
            "no such {} {id}",
            field.trim_end_matches("_id").trim_end_matches("_ids")
        ),
    )))
}

fn duplicate_code(e: sqlx::Error, code: &str) -> StoreError {
    StoreError::unique_as(
        e,
        "duplicate_code",
        format!("单位代码“{code}”已被使用"),
        format!("unit code {code:?} is already taken"),
    )
}
