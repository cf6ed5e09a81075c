//! The second factor (双因素认证): time-based one-time passwords after RFC 6238 (TOTP
//! over RFC 4226's HOTP) with HMAC-SHA1, 30-second steps and 6 digits, the parameters
//! every authenticator app takes by default. A code is accepted one step either side of
//! now, for clocks that drift, and never twice: the caller keeps the last step accepted
//! and passes it in.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds of one step, in milliseconds.
pub const STEP_MS: i64 = 30_000;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Bytes of a new secret: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;
/// The issuer authenticator apps show beside the account.
pub const ISSUER: &str = "duban";

/// A shared secret's bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(bytes)
    }

    /// A secret written in base32 (RFC 4648), upper or lower case, spaces and padding
    /// ignored; None if anything else is in it, or it is empty.
    pub fn from_base32(s: &str) -> Option<Secret> {
        let mut out = Vec::new();
        let (mut buf, mut bits) = (0u32, 0u32);
        for c in s.bytes().filter(|c| !matches!(c, b' ' | b'=')) {
            let v = match c.to_ascii_uppercase() {
                c @ b'A'..=b'Z' => c - b'A',
                c @ b'2'..=b'7' => c - b'2' + 26,
                _ => return None,
            };
            buf = (buf << 5) | u32::from(v);
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                out.push((buf >> bits) as u8);
                buf &= (1 << bits) - 1;
            }
        }
        (!out.is_empty()).then_some(Secret(out))
    }

    /// Base32 (RFC 4648) without padding, as authenticator apps take it.
    pub fn to_base32(&self) -> String {
        const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let mut out = String::with_capacity(self.0.len().div_ceil(5) * 8);
        let (mut buf, mut bits) = (0u32, 0u32);
        for b in &self.0 {
            buf = (buf << 8) | u32::from(*b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(ALPHABET[((buf >> bits) & 31) as usize] as char);
            }
            buf &= (1 << bits) - 1;
        }
        if bits > 0 {
            out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
        }
        out
    }

    /// The key in groups of four, for typing into an app by hand.
    pub fn grouped(&self) -> String {
        let b32 = self.to_base32();
        let groups: Vec<&str> = b32
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        groups.join(" ")
    }

    /// The `otpauth://` URI an app reads (as a QR code or pasted): account
    /// `duban:USERNAME`, issuer duban.
    pub fn uri(&self, username: &str) -> String {
        format!(
            "otpauth://totp/{ISSUER}:{}?secret={}&issuer={ISSUER}",
            percent_encoded(username),
            self.to_base32()
        )
    }
}

/// Usernames are letters, digits, `.`, `_` and `-` already; anything else is escaped.
fn percent_encoded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// RFC 4226's HOTP: HMAC-SHA1 of the counter, dynamically truncated to `digits`.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC takes a key of any length, so this cannot fail.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(key) else {
        return u32::MAX;
    };
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[h.len() - 1] & 0x0f);
    let bin = u32::from_be_bytes([
        h[offset] & 0x7f,
        h[offset + 1],
        h[offset + 2],
        h[offset + 3],
    ]);
    bin % 10u32.pow(digits)
}

/// The step a time (epoch ms) falls in.
pub fn step_at(now_ms: i64) -> i64 {
    now_ms.div_euclid(STEP_MS)
}

/// The 6-digit code of `step`, zero-padded.
pub fn code_at(secret: &Secret, step: i64) -> String {
    let n = hotp(&secret.0, step.max(0) as u64, DIGITS);
    format!("{n:0width$}", width = DIGITS as usize)
}

/// The step `code` belongs to if it is the code of now's step or of one either side,
/// and that step is later than `last_step` (the last one accepted); None otherwise,
/// whether wrong, malformed or used already.
pub fn verify(secret: &Secret, code: &str, now_ms: i64, last_step: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(now_ms);
    (now - 1..=now + 1)
        .filter(|s| *s > last_step)
        .find(|s| same(code_at(secret, *s).as_bytes(), code.as_bytes()))
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of RFC 4226 appendix D and RFC 6238 appendix B (SHA1).
    const KEY: &[u8] = b"12345678901234567890";

    #[test]
    fn hotp_gives_the_values_of_rfc_4226_appendix_d() {
        let want = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (counter, w) in want.into_iter().enumerate() {
            assert_eq!(hotp(KEY, counter as u64, 6), w, "counter {counter}");
        }
    }

    #[test]
    fn totp_gives_the_sha1_values_of_rfc_6238_appendix_b() {
        let want = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        let secret = Secret::new(KEY.to_vec());
        for (seconds, w) in want {
            let step = step_at(seconds * 1000);
            assert_eq!(
                format!("{:08}", hotp(KEY, step as u64, 8)),
                w,
                "T={seconds}"
            );
            // Six digits are the last six of eight.
            assert_eq!(code_at(&secret, step), w[2..], "T={seconds}");
        }
    }

    #[test]
    fn base32_reads_back_what_it_writes_after_rfc_4648() {
        // RFC 4648 section 10, without padding.
        let cases = [
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ];
        for (plain, b32) in cases {
            let s = Secret::new(plain.as_bytes().to_vec());
            assert_eq!(s.to_base32(), b32);
            assert_eq!(Secret::from_base32(b32), Some(s.clone()));
            assert_eq!(
                Secret::from_base32(&format!("{}==", b32.to_lowercase())),
                Some(s)
            );
        }
        let key = Secret::new(KEY.to_vec());
        assert_eq!(key.to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(key.grouped(), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assert_eq!(
            Secret::from_base32("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"),
            Some(key)
        );
        assert_eq!(Secret::from_base32("ABC1"), None);
        assert_eq!(Secret::from_base32(""), None);
    }

    #[test]
    fn the_uri_names_the_account_the_issuer_and_the_key() {
        let key = Secret::new(KEY.to_vec());
        assert_eq!(
            key.uri("ducha"),
            "otpauth://totp/duban:ducha?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=duban"
        );
        assert!(key.uri("a b").contains("duban:a%20b?"));
    }

    #[test]
    fn a_code_is_taken_one_step_either_side_of_now_and_not_two() {
        let secret = Secret::new(KEY.to_vec());
        let now = 1_111_111_111_000;
        let s = step_at(now);
        for d in [-1, 0, 1] {
            assert_eq!(
                verify(&secret, &code_at(&secret, s + d), now, 0),
                Some(s + d)
            );
        }
        for d in [-2, 2] {
            assert_eq!(verify(&secret, &code_at(&secret, s + d), now, 0), None);
        }
        // Spaces as apps show them are fine; anything but six digits is not.
        let c = code_at(&secret, s);
        assert_eq!(
            verify(&secret, &format!("{} {}", &c[..3], &c[3..]), now, 0),
            Some(s)
        );
        assert_eq!(verify(&secret, "12345", now, 0), None);
        assert_eq!(verify(&secret, "12345a", now, 0), None);
    }

    #[test]
    fn a_code_of_a_step_taken_already_or_earlier_is_refused() {
        let secret = Secret::new(KEY.to_vec());
        let now = 1_234_567_890_000;
        let s = step_at(now);
        let c = code_at(&secret, s);
        assert_eq!(verify(&secret, &c, now, s - 1), Some(s));
        assert_eq!(verify(&secret, &c, now, s), None, "replayed");
        assert_eq!(verify(&secret, &code_at(&secret, s - 1), now, s), None);
        assert_eq!(
            verify(&secret, &code_at(&secret, s + 1), now, s),
            Some(s + 1),
            "the next step's code is still good"
        );
    }
}
