//! Wire formats are promises: visitors' browsers hold consent cookies whose values carry each
//! category's revision. These tests pin, for one fixed registry that uses every
//! consent-relevant key, the revision values and the exact consent cookie values written and
//! read. A change here re-asks every visitor of every site on upgrade: it needs a major version
//! and a note, never a silent edit of the expected literals.
//!
//! The expected revisions were computed from the documented hash inputs (README, "When to raise
//! `revision`"; `CookieRegistry::revision`), not printed by the code under test: a 32-bit FNV-1a
//! (offset basis 0x811c9dc5, prime 0x01000193) over, per cookie of the category in declaration
//! order, each of these texts followed by the byte 0xff: the name (or prefix), `name` or
//! `prefix`, the provider, `max_age` in decimal seconds (empty for none), the storage kind
//! (`LocalStorage` or `SessionStorage`, written for storage entries only), and the flags
//! third_party and anonymized as `0`/`1`; then `revision <n>` when the category's number is not 0.
//! This independent Python reproduces them:
//!
//! ```text
//! def rev(cookies, bump=0):
//!     h = 0x811c9dc5
//!     for text in [t for c in cookies for t in c] + ([f"revision {bump}"] if bump else []):
//!         for b in text.encode() + b"\xff":
//!             h = ((h ^ b) * 0x01000193) & 0xffffffff
//!     return h
//! rev([["choice","name","Acme","","00"], ["sid","name","Acme","7200","00"]])  # 0xcd5f2f4f
//! ```

use cookie_registry::{
    Category, Consent, ConsentError, ConsentId, ConsentRecord, ConsentState, CookieRegistry,
};

/// Every key that counts for a revision: exact names and a family, the registry's default
/// provider and others, `max_age` in several units, `third_party`, `anonymized`, both storage
/// kinds, `revision(...)` bumps; and keys that do not count (texts, `path`, `same_site`,
/// `secure`, `http_only`). The consent cookie has no `max_age`, so a value with a fixed decision
/// time never lapses.
#[derive(CookieRegistry)]
#[registry(provider = "Acme", consent_cookie = Choice, revision(statistics = 2, marketing = 7))]
enum Golden {
    #[cookie(name = "choice", category = Necessary, purpose = "Stores your cookie choice")]
    Choice,
    #[cookie(name = "sid", category = Necessary, purpose = "Session", max_age = "2h",
             secure, http_only, same_site = Lax, path = "/")]
    Sid,
    #[cookie(name = "theme", category = Preferences, purpose = "Remembers the theme",
             max_age = "1y", path = "/")]
    Theme,
    #[cookie(name = "cart", category = Preferences, purpose = "Keeps the cart", storage = local)]
    Cart,
    #[cookie(name = "_ga", category = Statistics, provider = "Google", purpose = "Visitors",
             function = "Analytics", max_age = "13mo", third_party)]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistics, provider = "Google", purpose = "Sessions",
             max_age = "400d", third_party)]
    GaSession,
    #[cookie(name = "_pk_id", category = Statistics, provider = "Matomo",
             purpose = "Anonymous visits", max_age = "395d", anonymized)]
    PkId,
    #[cookie(name = "_fbp", category = Marketing, provider = "Meta", purpose = "Ads",
             max_age = "90d", third_party)]
    Fbp,
    #[cookie(name = "ads_seen", category = Marketing, provider = "Meta",
             purpose = "Ads shown in this tab", storage = session)]
    AdsSeen,
}

/// `choice` (no `max_age`), `sid` (7200 s); no number.
const NECESSARY: u32 = 0xcd5f_2f4f;
/// `theme` (31536000 s), `cart` (local storage); no number.
const PREFERENCES: u32 = 0xb4a3_4beb;
/// `_ga` (33696000 s, third-party), the family `_ga_` (34560000 s, third-party), `_pk_id`
/// (34128000 s, anonymized); `revision 2`.
const STATISTICS: u32 = 0xa96e_380e;
/// `_fbp` (7776000 s, third-party), `ads_seen` (session storage); `revision 7`.
const MARKETING: u32 = 0xc6f0_9769;

const ID: &str = "00112233445566778899aabbccddeeff";
/// 2024-03-12T07:10:56Z.
const DECIDED_AT: u64 = 0x65f0_0000;

#[test]
fn revisions_are_pinned() {
    assert_eq!(Golden::revision(Category::Necessary), NECESSARY);
    assert_eq!(Golden::revision(Category::Preferences), PREFERENCES);
    assert_eq!(Golden::revision(Category::Statistics), STATISTICS);
    assert_eq!(Golden::revision(Category::Marketing), MARKETING);
}

/// The smallest case, checkable by hand: FNV-1a over no byte is its offset basis.
#[test]
fn an_empty_category_has_the_offset_basis() {
    #[derive(CookieRegistry)]
    #[registry(provider = "Acme")]
    enum OnlySession {
        #[cookie(name = "sid", category = Necessary, purpose = "Session")]
        Sid,
    }
    assert_eq!(OnlySession::revision(Category::Marketing), 0x811c_9dc5);
}

fn record(consent: Consent) -> ConsentRecord {
    let id: ConsentId = ID.parse().expect("a valid id");
    ConsentRecord::decided::<Golden>(consent, None, id, DECIDED_AT)
}

#[test]
fn written_values_are_pinned() {
    let statistics = record(Consent::necessary_only().with(Category::Statistics));
    assert_eq!(
        statistics.cookie_value(),
        "2.00112233445566778899aabbccddeeff.65f00000.pb4a34beb.Sa96e380e.mc6f09769"
    );
    assert_eq!(
        record(Consent::all()).cookie_value(),
        "2.00112233445566778899aabbccddeeff.65f00000.Pb4a34beb.Sa96e380e.Mc6f09769"
    );
    assert_eq!(
        record(Consent::necessary_only()).cookie_value(),
        "2.00112233445566778899aabbccddeeff.65f00000.pb4a34beb.sa96e380e.mc6f09769"
    );
    // The record's proof matches the value: the same categories and revisions.
    assert_eq!(
        statistics.granted,
        [Category::Necessary, Category::Statistics]
    );
    assert_eq!(
        statistics.refused,
        [Category::Preferences, Category::Marketing]
    );
    let revisions: Vec<(Category, u32)> = statistics.revisions.into_iter().collect();
    assert_eq!(
        revisions,
        [
            (Category::Preferences, PREFERENCES),
            (Category::Statistics, STATISTICS),
            (Category::Marketing, MARKETING)
        ]
    );
}

#[test]
fn version_2_values_read_as_written() {
    let value = "2.00112233445566778899aabbccddeeff.65f00000.pb4a34beb.Sa96e380e.mc6f09769";
    let state = ConsentState::from_cookie_value::<Golden>(value).expect("a valid value");
    assert!(state.is_decided() && !state.needs_prompt());
    assert_eq!(
        state.consent(),
        Consent::necessary_only().with(Category::Statistics)
    );
    assert_eq!(state.id().map(|id| id.to_string()).as_deref(), Some(ID));
    assert_eq!(state.decided_at(), Some(DECIDED_AT));

    let all = "2.00112233445566778899aabbccddeeff.65f00000.Pb4a34beb.Sa96e380e.Mc6f09769";
    assert_eq!(
        Consent::from_cookie_value::<Golden>(all),
        Ok(Consent::all())
    );

    // Granted under another revision of Statistics: asked again, the rest still holds.
    let stale = "2.00112233445566778899aabbccddeeff.65f00000.Pb4a34beb.S00000001.mc6f09769";
    let state = ConsentState::from_cookie_value::<Golden>(stale).expect("a valid value");
    assert!(state.needs_prompt());
    assert_eq!(state.stale().collect::<Vec<_>>(), [Category::Statistics]);
    assert_eq!(
        state.consent(),
        Consent::necessary_only().with(Category::Preferences)
    );
}

#[test]
fn version_1_values_still_read() {
    // Version 1 lists the granted categories only (lower-case letters), without id or time.
    let state = ConsentState::from_cookie_value::<Golden>("1.sa96e380e.mc6f09769")
        .expect("a valid version 1 value");
    assert!(state.is_decided() && !state.needs_prompt());
    assert_eq!(
        state.consent(),
        Consent::necessary_only()
            .with(Category::Statistics)
            .with(Category::Marketing)
    );
    assert_eq!((state.id(), state.decided_at()), (None, None));

    let refused_all = ConsentState::from_cookie_value::<Golden>("1").expect("a valid value");
    assert!(refused_all.is_decided() && !refused_all.needs_prompt());
    assert_eq!(refused_all.consent(), Consent::necessary_only());

    // A version 1 grant under an older revision no longer counts, and asks again.
    let old = ConsentState::from_cookie_value::<Golden>("1.pdeadbeef").expect("a valid value");
    assert_eq!(old.stale().collect::<Vec<_>>(), [Category::Preferences]);
    assert_eq!(old.consent(), Consent::necessary_only());
}

#[test]
fn values_of_neither_format_are_refused() {
    let read = ConsentState::from_cookie_value::<Golden>;
    assert_eq!(read("3.sa96e380e"), Err(ConsentError::UnknownVersion));
    assert_eq!(read("1.Sa96e380e"), Err(ConsentError::Malformed)); // upper case is version 2's
    assert_eq!(read("1.sA96E380E"), Err(ConsentError::Malformed)); // hex digits are lower-case
    assert_eq!(
        read("1.sa96e380e.sa96e380e"),
        Err(ConsentError::Duplicate(Category::Statistics))
    );
}

/// The consent cookie, read from a `Cookie` header as the layer reads it.
#[test]
fn a_header_with_a_pinned_value_reads_the_same() {
    let header =
        "sid=1; choice=2.00112233445566778899aabbccddeeff.65f00000.Pb4a34beb.sa96e380e.Mc6f09769";
    let state = ConsentState::from_cookie_header::<Golden>(header);
    assert_eq!(
        state.consent(),
        Consent::necessary_only()
            .with(Category::Preferences)
            .with(Category::Marketing)
    );
}
