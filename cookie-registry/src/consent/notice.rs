//! The notice a visitor was shown, and its hash: what ties a record to the exact words.

use core::fmt;
use core::str::FromStr;

use cookie_registry_core::sha256;

/// The SHA-256 hash of a notice's UTF-8 text, written as 64 lower-case hex digits: what a
/// [`ConsentRecord`](crate::ConsentRecord) keeps to name the exact notice its visitor saw.
///
/// ```
/// use cookie_registry::NoticeHash;
///
/// let hash = NoticeHash::of("");
/// assert_eq!(hash.to_string(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// assert_eq!(hash.to_string().parse(), Ok(hash));
/// assert!("E3B0".parse::<NoticeHash>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoticeHash([u8; 32]);

impl NoticeHash {
    /// The hash of `text`'s UTF-8 bytes.
    #[must_use]
    pub fn of(text: &str) -> NoticeHash {
        NoticeHash(sha256::sha256(text.as_bytes()))
    }

    /// The hash's 32 bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for NoticeHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&sha256::to_hex(&self.0))
    }
}

impl fmt::Debug for NoticeHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoticeHash({self})")
    }
}

/// The text given to [`NoticeHash::from_str`] is not 64 lower-case hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseNoticeHashError;

impl fmt::Display for ParseNoticeHashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a notice hash is 64 lower-case hex digits")
    }
}

impl std::error::Error for ParseNoticeHashError {}

impl FromStr for NoticeHash {
    type Err = ParseNoticeHashError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        sha256::from_hex(text)
            .map(NoticeHash)
            .ok_or(ParseNoticeHashError)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for NoticeHash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The exact text of a notice a visitor was shown (the banner's texts, or the policy page, as
/// rendered, in one language), with its [`NoticeHash`].
///
/// A store archives the text once under its hash
/// ([`ConsentStore::append`](crate::ConsentStore::append)), so that the site can later show,
/// byte for byte, what the visitor of a given record read.
///
/// ```
/// use cookie_registry::{Notice, NoticeHash};
///
/// let notice = Notice::new("<p>We use cookies to count visits.</p>");
/// assert_eq!(notice.hash(), NoticeHash::of(notice.text()));
/// assert_ne!(notice.hash(), Notice::new("<p>We use cookies to count visits!</p>").hash());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Notice {
    hash: NoticeHash,
    text: String,
}

impl Notice {
    /// The notice `text`, hashed.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Notice {
        let text = text.into();
        Notice {
            hash: NoticeHash::of(&text),
            text,
        }
    }

    /// The text's hash: what a record names it by.
    #[must_use]
    pub const fn hash(&self) -> NoticeHash {
        self.hash
    }

    /// The text, exactly as shown.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, exactly as shown, by value.
    #[must_use]
    pub fn into_text(self) -> String {
        self.text
    }
}

impl fmt::Debug for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notice")
            .field("hash", &self.hash)
            .field("len", &self.text.len())
            .finish()
    }
}
