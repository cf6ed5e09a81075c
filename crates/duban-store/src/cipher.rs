//! Encryption of personal data at rest, after GB/T 39786-2021: SM4 (GB/T 32907) in
//! counter mode with a random 16-byte nonce per value, then HMAC-SM3 (GB/T 32905) over
//! the version, key id, column, nonce and ciphertext (encrypt-then-MAC). The encryption
//! and MAC keys are derived apart from one 32-byte data key, which is kept outside the
//! database (`duban keygen`, `--data-key-file`).
//!
//! A value is stored as text: `sm4v1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`. The
//! version and key id let keys rotate later: a value names the key it needs.
//!
//! [`DataCipher`] is the seam: a certified cryptographic module (密码模块) can take the
//! place of [`Sm4Cipher`] without the store changing.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use sm3::Sm3;
use sm4::Sm4;
use sm4::cipher::{Block, BlockCipherEncrypt};

/// Encrypts and decrypts the personal values the store keeps.
pub trait DataCipher: Send + Sync {
    /// The id of the key that [`DataCipher::seal`] uses.
    fn key_id(&self) -> &str;
    /// Encrypts `clear` for the column named `context` (`users.mobile`); the context is
    /// authenticated, so a value copied into another column does not open there.
    fn seal(&self, context: &str, clear: &str) -> Result<String, CipherError>;
    /// Decrypts what `seal` wrote for `context`; any change to it is an error.
    fn open(&self, context: &str, sealed: &str) -> Result<String, CipherError>;
}

/// Why a value could not be sealed or opened. Never carries the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CipherError {
    #[error(
        "未配置数据密钥,不能读写加密的个人信息(--data-key-file)/ no data key is configured, so encrypted personal data can be neither read nor written (--data-key-file)"
    )]
    NoKey,
    #[error(
        "个人信息由密钥 {0} 加密,与所配置的密钥不符 / personal data was encrypted with key {0}, not the configured one"
    )]
    UnknownKey(String),
    #[error("加密的个人信息格式有误 / an encrypted value is malformed")]
    Malformed,
    #[error(
        "加密的个人信息未通过完整性校验(被改动或密钥不符)/ an encrypted value failed its integrity check: altered, or another key"
    )]
    Forged,
    #[error(
        "数据密钥须为32字节,写作64位十六进制数或 base64 / a data key must be 32 bytes, written as 64 hex digits or base64"
    )]
    BadKey,
    #[error("randomness: {0}")]
    Random(String),
}

/// The 32 secret bytes every derived key comes from. Its `Debug` shows nothing.
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<DataKey, CipherError> {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).map_err(|e| CipherError::Random(e.to_string()))?;
        Ok(DataKey(k))
    }

    /// Reads a key file's text: 64 hex digits, or the base64 of 32 bytes; surrounding
    /// whitespace is ignored.
    pub fn parse(text: &str) -> Result<DataKey, CipherError> {
        let t = text.trim();
        let bytes = if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&t[2 * i..2 * i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| CipherError::BadKey)?
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(t)
                .map_err(|_| CipherError::BadKey)?
        };
        Ok(DataKey(bytes.try_into().map_err(|_| CipherError::BadKey)?))
    }

    /// The key as a key file holds it: 64 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What every sealed value starts with: the construction's version.
pub const SEALED_PREFIX: &str = "sm4v1:";

const NONCE: usize = 16;
const TAG: usize = 32;

/// SM4-CTR + HMAC-SM3 in software, from one [`DataKey`].
pub struct Sm4Cipher {
    key_id: String,
    block: Sm4,
    mac_key: [u8; 32],
}

impl std::fmt::Debug for Sm4Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sm4Cipher({})", self.key_id)
    }
}

/// HMAC-SM3(key, label): one derived key per purpose, so that the encryption key, the
/// MAC key and the key id are unrelated to one another.
fn derive(key: &[u8], label: &str) -> [u8; 32] {
    let mut m = <Hmac<Sm3> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(label.as_bytes());
    m.finalize().into_bytes().into()
}

impl Sm4Cipher {
    pub fn new(key: &DataKey) -> Sm4Cipher {
        let enc = derive(&key.0, "duban data key v1: SM4-CTR encryption");
        let id = derive(&key.0, "duban data key v1: key id");
        let enc: [u8; 16] = enc[..16].try_into().expect("16 of 32 bytes");
        Sm4Cipher {
            key_id: id[..4].iter().map(|b| format!("{b:02x}")).collect(),
            block: <Sm4 as sm4::cipher::KeyInit>::new(&enc.into()),
            mac_key: derive(&key.0, "duban data key v1: HMAC-SM3 authentication"),
        }
    }

    /// XORs `data` with the keystream of counter blocks nonce, nonce+1, … (big-endian).
    fn apply_keystream(&self, nonce: &[u8; NONCE], data: &mut [u8]) {
        let mut counter = u128::from_be_bytes(*nonce);
        for chunk in data.chunks_mut(16) {
            let mut block = Block::<Sm4>::from(counter.to_be_bytes());
            self.block.encrypt_block(&mut block);
            chunk
                .iter_mut()
                .zip(block.iter())
                .for_each(|(d, k)| *d ^= k);
            counter = counter.wrapping_add(1);
        }
    }

    /// The MAC over everything a sealed value says: version, key id, column, nonce and
    /// ciphertext (the context is NUL-terminated, the nonce fixed in length).
    fn mac(&self, context: &str, nonce: &[u8], ct: &[u8]) -> Hmac<Sm3> {
        let mut m = <Hmac<Sm3> as KeyInit>::new_from_slice(&self.mac_key)
            .expect("HMAC takes any key length");
        for part in [
            SEALED_PREFIX.as_bytes(),
            self.key_id.as_bytes(),
            b":",
            context.as_bytes(),
            b"\0",
            nonce,
            ct,
        ] {
            m.update(part);
        }
        m
    }
}

impl DataCipher for Sm4Cipher {
    fn key_id(&self) -> &str {
        &self.key_id
    }

    fn seal(&self, context: &str, clear: &str) -> Result<String, CipherError> {
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce).map_err(|e| CipherError::Random(e.to_string()))?;
        let mut body = nonce.to_vec();
        body.extend_from_slice(clear.as_bytes());
        self.apply_keystream(&nonce, &mut body[NONCE..]);
        let tag = self.mac(context, &nonce, &body[NONCE..]).finalize();
        body.extend_from_slice(&tag.into_bytes());
        Ok(format!(
            "{SEALED_PREFIX}{}:{}",
            self.key_id,
            BASE64.encode(body)
        ))
    }

    fn open(&self, context: &str, sealed: &str) -> Result<String, CipherError> {
        let rest = sealed
            .strip_prefix(SEALED_PREFIX)
            .ok_or(CipherError::Malformed)?;
        let (key_id, body) = rest.split_once(':').ok_or(CipherError::Malformed)?;
        if key_id != self.key_id {
            return Err(CipherError::UnknownKey(key_id.chars().take(16).collect()));
        }
        let mut body = BASE64.decode(body).map_err(|_| CipherError::Malformed)?;
        if body.len() < NONCE + TAG {
            return Err(CipherError::Malformed);
        }
        let tag = body.split_off(body.len() - TAG);
        let nonce: [u8; NONCE] = body[..NONCE].try_into().expect("NONCE bytes");
        // Checked before anything is decrypted, in constant time.
        self.mac(context, &nonce, &body[NONCE..])
            .verify_slice(&tag)
            .map_err(|_| CipherError::Forged)?;
        self.apply_keystream(&nonce, &mut body[NONCE..]);
        String::from_utf8(body.split_off(NONCE)).map_err(|_| CipherError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len() / 2)
            .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
            .collect()
    }

    fn cipher() -> Sm4Cipher {
        Sm4Cipher::new(&DataKey::generate().expect("random"))
    }

    #[test]
    fn sm4_gives_the_example_of_gb_t_32907() {
        // GB/T 32907-2016, appendix A, example 1: key = plaintext.
        let key = unhex("0123456789abcdeffedcba9876543210");
        let key: [u8; 16] = key.try_into().expect("16 bytes");
        let sm4 = <Sm4 as sm4::cipher::KeyInit>::new(&key.into());
        let mut block = Block::<Sm4>::from(key);
        sm4.encrypt_block(&mut block);
        assert_eq!(block.to_vec(), unhex("681edf34d206965e86b3e94f536e4246"));
    }

    #[test]
    fn the_counter_mode_keystream_is_sm4_of_the_nonce_and_its_successors() {
        // With the example's key as the encryption key, the first keystream block of the
        // example's plaintext as nonce is the example's ciphertext.
        let mut c = cipher();
        let key: [u8; 16] = unhex("0123456789abcdeffedcba9876543210")
            .try_into()
            .expect("16 bytes");
        c.block = <Sm4 as sm4::cipher::KeyInit>::new(&key.into());
        let mut data = [0u8; 20];
        c.apply_keystream(&key, &mut data);
        assert_eq!(
            data[..16].to_vec(),
            unhex("681edf34d206965e86b3e94f536e4246")
        );
        let mut next = Block::<Sm4>::from((u128::from_be_bytes(key) + 1).to_be_bytes());
        c.block.encrypt_block(&mut next);
        assert_eq!(data[16..], next[..4]);
    }

    #[test]
    fn a_sealed_value_opens_again_and_names_its_key() {
        let c = cipher();
        let a = c.seal("users.mobile", "13812341234").expect("seal");
        let b = c.seal("users.mobile", "13812341234").expect("seal");
        assert_ne!(a, b, "a fresh nonce every time");
        assert!(a.starts_with(&format!("sm4v1:{}:", c.key_id())), "{a}");
        assert!(!a.contains("13812341234"));
        assert_eq!(c.open("users.mobile", &a).expect("open"), "13812341234");
        let long = "王".repeat(100);
        let s = c.seal("objections.contact", &long).expect("seal");
        assert_eq!(c.open("objections.contact", &s).expect("open"), long);
        assert_eq!(
            c.open("users.mobile", &c.seal("users.mobile", "").expect("seal")),
            Ok(String::new())
        );
    }

    #[test]
    fn any_change_to_a_sealed_value_or_its_column_fails_to_open() {
        let c = cipher();
        let s = c.seal("users.mobile", "13812341234").expect("seal");
        let (head, body) = s.rsplit_once(':').expect("shape");
        let raw = BASE64.decode(body).expect("base64");
        for i in [0, NONCE, raw.len() - 1] {
            let mut bad = raw.clone();
            bad[i] ^= 1;
            let forged = format!("{head}:{}", BASE64.encode(&bad));
            assert_eq!(c.open("users.mobile", &forged), Err(CipherError::Forged));
        }
        assert_eq!(c.open("users.id_number", &s), Err(CipherError::Forged));
        let short = format!("{head}:{}", BASE64.encode(&raw[..NONCE + TAG - 1]));
        assert_eq!(c.open("users.mobile", &short), Err(CipherError::Malformed));
        assert_eq!(
            c.open("users.mobile", "13812341234"),
            Err(CipherError::Malformed)
        );
        let other = cipher();
        assert!(matches!(
            other.open("users.mobile", &s),
            Err(CipherError::UnknownKey(_))
        ));
    }

    #[test]
    fn a_key_is_read_as_hex_or_base64_and_its_id_follows_from_it() {
        let k = DataKey::generate().expect("random");
        let hex = k.to_hex();
        assert_eq!(hex.len(), 64);
        let again = DataKey::parse(&format!("  {hex}\n")).expect("hex");
        let b64 =
            DataKey::parse(&base64::engine::general_purpose::STANDARD.encode(k.0)).expect("base64");
        assert_eq!(Sm4Cipher::new(&again).key_id(), Sm4Cipher::new(&k).key_id());
        assert_eq!(Sm4Cipher::new(&b64).key_id(), Sm4Cipher::new(&k).key_id());
        assert_eq!(DataKey::parse("abc").unwrap_err(), CipherError::BadKey);
        assert_eq!(DataKey::parse(&hex[..62]).unwrap_err(), CipherError::BadKey);
        assert_eq!(format!("{k:?}"), "DataKey(…)");
    }
}
