//! The store's side of personal data: the columns that hold it are written sealed and
//! read opened here, with the cipher the store was given (`Store::with_data_cipher`).
//!
//! *Why the store*: it is the one place every writer and reader passes — the API, the
//! pages, the CLI and the demo loader — and the one that knows which columns are
//! personal. Sealing there keeps the domain pure (it parses and masks values, it never
//! sees a key) and keeps ciphertext out of every other layer: above the store a value
//! is a domain type, below it only ever sealed text.

use std::sync::Arc;

use duban_domain::{FieldError, Invalid};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::cipher::{CipherError, DataCipher, SEALED_PREFIX};
use crate::{Result, Store, StoreError};

/// The cipher, when one is configured.
#[derive(Clone, Default)]
pub(crate) struct Vault(Option<Arc<dyn DataCipher>>);

impl Vault {
    /// Seals the value of input field `field` for column `context`. Without a key the
    /// field is refused: personal data is never stored in clear.
    pub(crate) fn seal(&self, field: &str, context: &str, clear: &str) -> Result<String> {
        let Some(c) = &self.0 else {
            return Err(StoreError::Invalid(Invalid::one(FieldError::new(
                field,
                "no_data_key",
                "本系统未配置数据密钥,不能保存个人信息",
                "no data key is configured here, so personal data cannot be stored",
            ))));
        };
        Ok(c.seal(context, clear)?)
    }

    /// Seals `clear` for column `context` when a key is configured, else keeps it as it
    /// is: for secrets that must work without a data key (a second factor's), which
    /// are sealed wherever there is one.
    pub(crate) fn seal_if_keyed(&self, context: &str, clear: &str) -> Result<String> {
        match &self.0 {
            Some(c) => Ok(c.seal(context, clear)?),
            None => Ok(clear.to_string()),
        }
    }

    /// Opens `stored` of column `context` when it is sealed; a value stored in clear
    /// (see [`Vault::seal_if_keyed`]) comes back as it is.
    pub(crate) fn open_text(&self, context: &str, stored: &str) -> Result<String> {
        if !stored.starts_with(SEALED_PREFIX) {
            return Ok(stored.to_string());
        }
        let c = self.0.as_ref().ok_or(CipherError::NoKey)?;
        Ok(c.open(context, stored)?)
    }

    /// Opens column `context` of row `r` and parses it into its domain type again.
    pub(crate) fn open<T>(
        &self,
        r: &AnyRow,
        context: &'static str,
        parse: impl FnOnce(&str) -> std::result::Result<T, FieldError>,
    ) -> Result<Option<T>> {
        let column = context.rsplit('.').next().unwrap_or(context);
        let Some(sealed) = r.try_get::<Option<String>, _>(column)? else {
            return Ok(None);
        };
        let c = self.0.as_ref().ok_or(CipherError::NoKey)?;
        let clear = c.open(context, &sealed)?;
        // Never the value itself in the message: it is personal.
        parse(&clear)
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("{context} does not parse when opened")))
    }
}

/// The distinct `sm4v1:<key id>:` heads of the sealed columns (`substr` is 1-based and
/// counts characters in both dialects; the head is 15 ASCII characters), and the
/// contacts of objections written before they were sealed.
const SEALED_HEADS: &str =
    "SELECT DISTINCT substr(mobile, 1, 15) AS head FROM users WHERE mobile IS NOT NULL
     UNION SELECT DISTINCT substr(id_number, 1, 15) FROM users WHERE id_number IS NOT NULL
     UNION SELECT DISTINCT substr(contact, 1, 15) FROM objections
        WHERE contact IS NOT NULL AND contact LIKE 'sm4v1:%'
     UNION SELECT DISTINCT substr(secret, 1, 15) FROM second_factors
        WHERE secret LIKE 'sm4v1:%'";

impl Store {
    /// Personal values are sealed with this cipher from now on, and opened with it.
    pub fn with_data_cipher(mut self, cipher: Arc<dyn DataCipher>) -> Store {
        self.vault = Vault(Some(cipher));
        self
    }

    /// Whether personal data can be stored: a data key is configured.
    pub fn seals_personal_data(&self) -> bool {
        self.vault.0.is_some()
    }

    /// Checked when a server starts: every sealed value names the configured key, and
    /// objection contacts written in clear before sealing existed are sealed now (their
    /// number is returned). Without a key, any personal data stored is an error, so a
    /// server never starts unable to read what it holds.
    pub async fn check_personal_data(&self) -> Result<usize> {
        let heads: Vec<String> = sqlx::query_scalar(SEALED_HEADS)
            .fetch_all(&self.pool)
            .await?;
        for head in heads {
            let c = self.vault.0.as_ref().ok_or(CipherError::NoKey)?;
            let key_id = head
                .strip_prefix(SEALED_PREFIX)
                .and_then(|h| h.strip_suffix(':'))
                .ok_or(CipherError::Malformed)?;
            if key_id != c.key_id() {
                return Err(CipherError::UnknownKey(key_id.to_string()).into());
            }
        }
        let clear: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, contact FROM objections
             WHERE contact IS NOT NULL AND contact NOT LIKE 'sm4v1:%' ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        if clear.is_empty() {
            return Ok(0);
        }
        let c = self.vault.0.as_ref().ok_or(CipherError::NoKey)?;
        let mut tx = self.write().await?;
        for (id, contact) in &clear {
            sqlx::query("UPDATE objections SET contact = $2 WHERE id = $1 AND contact = $3")
                .bind(id)
                .bind(c.seal("objections.contact", contact)?)
                .bind(contact)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(clear.len())
    }
}
