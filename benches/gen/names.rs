//! Realistic cookie registries for the benchmarks: deterministic names modelled on those real
//! sites send (`_ga_<id>`, `_hjSessionUser_<id>`, `__Host-…`, `intercom-id-<app>`, …), and the
//! Rust source of the enums declaring them.
//!
//! Shared through `#[path]` by `build.rs` (the registries the benchmarks look names up in) and
//! by `gen/crates.rs` (the scratch crates `compile-cost.sh` times), so both use the same names.
//!
//! Longer than 400 lines: about half is data (the well-known names and the word lists the
//! templates draw from), kept with the generator so every benchmark and the compile-cost crates
//! draw the same names.

#![allow(dead_code)] // each includer uses a part

use std::collections::HashSet;
use std::fmt::Write as _;

/// How many names the largest registry has; smaller ones are drawn from these.
pub const POOL: usize = 1000;

/// One declared cookie.
pub struct Decl {
    pub name: String,
    pub category: &'static str,
    pub provider: &'static str,
    pub purpose: &'static str,
    pub max_age: Option<&'static str>,
    /// `__Host-` / `__Secure-` names need these attributes.
    pub secure: bool,
    pub host: bool,
}

/// xorshift64*: deterministic, so every build and every script sees the same names.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| char::from(alphabet[self.below(alphabet.len())]))
            .collect()
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

const DIGITS: &[u8] = b"0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const UPPER_HEX: &[u8] = b"0123456789ABCDEF";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const WORDS: &[&str] = &[
    "session",
    "csrf",
    "token",
    "theme",
    "lang",
    "locale",
    "cart",
    "user",
    "visitor",
    "consent",
    "device",
    "region",
    "currency",
    "layout",
    "sidebar",
    "banner",
    "checkout",
    "search",
    "basket",
    "auth",
    "login",
    "pref",
    "tz",
    "experiment",
    "variant",
    "referrer",
    "campaign",
    "feed",
    "notice",
    "chat",
    "wishlist",
    "compare",
    "store",
    "promo",
    "cookie",
    "ref",
    "utm",
    "geo",
];

/// Names that nearly every cookie policy lists, declared first.
const WELL_KNOWN: &[(&str, &str, &str, &str)] = &[
    (
        "_ga",
        "Statistics",
        "Google Analytics",
        "Distinguishes visitors",
    ),
    (
        "_gid",
        "Statistics",
        "Google Analytics",
        "Distinguishes visitors for a day",
    ),
    (
        "_gat",
        "Statistics",
        "Google Analytics",
        "Throttles the request rate",
    ),
    (
        "_gcl_au",
        "Marketing",
        "Google Ads",
        "Stores ad click conversions",
    ),
    ("_fbp", "Marketing", "Meta", "Delivers advertising"),
    ("_fbc", "Marketing", "Meta", "Stores the last ad click"),
    (
        "sessionid",
        "Necessary",
        "Example Shop",
        "Keeps the visitor signed in",
    ),
    (
        "csrftoken",
        "Necessary",
        "Example Shop",
        "Protects forms against forgery",
    ),
    (
        "PHPSESSID",
        "Necessary",
        "Example Shop",
        "Keeps the session",
    ),
    (
        "JSESSIONID",
        "Necessary",
        "Example Shop",
        "Keeps the session",
    ),
    (
        "XSRF-TOKEN",
        "Necessary",
        "Example Shop",
        "Protects forms against forgery",
    ),
    (
        "OptanonConsent",
        "Necessary",
        "OneTrust",
        "Stores the consent choice",
    ),
    (
        "OptanonAlertBoxClosed",
        "Necessary",
        "OneTrust",
        "Remembers the banner was closed",
    ),
    (
        "cf_clearance",
        "Necessary",
        "Cloudflare",
        "Proves a passed challenge",
    ),
    (
        "__cf_bm",
        "Necessary",
        "Cloudflare",
        "Tells bots from people",
    ),
    (
        "hubspotutk",
        "Marketing",
        "HubSpot",
        "Tracks the visitor's identity",
    ),
    ("__hstc", "Marketing", "HubSpot", "Tracks visits"),
    (
        "_clck",
        "Statistics",
        "Microsoft Clarity",
        "Keeps the Clarity user ID",
    ),
    (
        "_clsk",
        "Statistics",
        "Microsoft Clarity",
        "Joins page views into a session",
    ),
    (
        "_uetsid",
        "Marketing",
        "Microsoft Ads",
        "Stores the ad session",
    ),
    (
        "_uetvid",
        "Marketing",
        "Microsoft Ads",
        "Stores the ad visitor",
    ),
    (
        "ajs_anonymous_id",
        "Statistics",
        "Segment",
        "Counts anonymous visitors",
    ),
    (
        "ajs_user_id",
        "Statistics",
        "Segment",
        "Counts signed-in visitors",
    ),
    (
        "__stripe_mid",
        "Necessary",
        "Stripe",
        "Prevents payment fraud",
    ),
    (
        "__stripe_sid",
        "Necessary",
        "Stripe",
        "Prevents payment fraud",
    ),
];

/// One generated name of a common shape, with what a policy says about it.
// Long: one arm per name shape (analytics, sessions, chat, consent tools...), each a few lines of
// data; split, the shapes would scatter.
fn templated(rng: &mut Rng) -> Decl {
    let decl = |name: String, category, provider, purpose, max_age| Decl {
        name,
        category,
        provider,
        purpose,
        max_age,
        secure: false,
        host: false,
    };
    match rng.below(20) {
        0 => decl(
            format!("_ga_{}", rng.text(UPPER, 10)),
            "Statistics",
            "Google Analytics",
            "Keeps the state of a GA4 property",
            Some("400d"),
        ),
        1 => decl(
            format!("_gat_UA-{}-{}", rng.text(DIGITS, 8), rng.text(DIGITS, 1)),
            "Statistics",
            "Google Analytics",
            "Throttles the request rate",
            Some("1h"),
        ),
        2 => decl(
            format!("_hjSessionUser_{}", rng.text(DIGITS, 7)),
            "Statistics",
            "Hotjar",
            "Keeps the Hotjar user ID",
            Some("365d"),
        ),
        3 => decl(
            format!("_hjSession_{}", rng.text(DIGITS, 7)),
            "Statistics",
            "Hotjar",
            "Joins page views into a session",
            Some("1h"),
        ),
        4 => Decl {
            secure: true,
            host: true,
            ..decl(
                format!("__Host-{}", rng.word()),
                "Necessary",
                "Example Shop",
                "Keeps the visitor signed in",
                None,
            )
        },
        5 => Decl {
            secure: true,
            ..decl(
                format!("__Secure-{}-{}", rng.word(), rng.text(LOWER, 4)),
                "Necessary",
                "Example Shop",
                "Protects the session",
                Some("30d"),
            )
        },
        6 => decl(
            format!("intercom-id-{}", rng.text(LOWER, 8)),
            "Preferences",
            "Intercom",
            "Recognises the visitor in the chat",
            Some("270d"),
        ),
        7 => decl(
            format!("intercom-session-{}", rng.text(LOWER, 8)),
            "Preferences",
            "Intercom",
            "Keeps the chat session",
            Some("7d"),
        ),
        8 => decl(
            format!("ajs_{}_{}", rng.word(), rng.text(LOWER, 4)),
            "Statistics",
            "Segment",
            "Counts visitors",
            Some("365d"),
        ),
        9 => decl(
            format!("_pk_id.{}.{}", rng.text(DIGITS, 1), rng.text(HEX, 4)),
            "Statistics",
            "Matomo",
            "Keeps the visitor ID",
            Some("390d"),
        ),
        10 => decl(
            format!("_pk_ses.{}.{}", rng.text(DIGITS, 1), rng.text(HEX, 4)),
            "Statistics",
            "Matomo",
            "Joins page views into a visit",
            Some("1h"),
        ),
        11 => decl(
            format!("mp_{}_mixpanel", rng.text(HEX, 32)),
            "Statistics",
            "Mixpanel",
            "Keeps the Mixpanel distinct ID",
            Some("365d"),
        ),
        12 => decl(
            format!("AMP_{}", rng.text(UPPER_HEX, 10)),
            "Statistics",
            "Amplitude",
            "Keeps the Amplitude device ID",
            Some("365d"),
        ),
        13 => decl(
            format!("wordpress_logged_in_{}", rng.text(HEX, 32)),
            "Necessary",
            "WordPress",
            "Keeps the editor signed in",
            None,
        ),
        14 => decl(
            format!("wp-settings-time-{}", rng.text(DIGITS, 3)),
            "Preferences",
            "WordPress",
            "Remembers the editor's layout",
            Some("365d"),
        ),
        15 => decl(
            format!("{}_{}", rng.word(), rng.word()),
            "Preferences",
            "Example Shop",
            "Remembers a display choice",
            Some("180d"),
        ),
        16 => decl(
            format!("ab_{}_{}", rng.word(), rng.text(DIGITS, 2)),
            "Statistics",
            "Example Shop",
            "Assigns the visitor to a test group",
            Some("30d"),
        ),
        17 => decl(
            format!("li_{}", rng.word()),
            "Marketing",
            "LinkedIn",
            "Measures ad campaigns",
            Some("180d"),
        ),
        18 => decl(
            format!("_{}_{}", rng.text(LOWER, 3), rng.text(HEX, 8)),
            "Marketing",
            "Ad Network",
            "Targets advertising",
            Some("90d"),
        ),
        _ => decl(
            format!("{}{}", rng.word(), rng.text(DIGITS, 2)),
            "Preferences",
            "Example Shop",
            "Remembers a setting",
            Some("365d"),
        ),
    }
}

/// The [`POOL`] declarations of the largest registry: the well-known names, then generated
/// ones, all distinct.
pub fn pool() -> Vec<Decl> {
    let mut rng = Rng(0x00C0_0C1E_5EED_2026);
    let mut seen = HashSet::new();
    let mut decls = Vec::with_capacity(POOL);
    for &(name, category, provider, purpose) in WELL_KNOWN {
        seen.insert(name.to_owned());
        decls.push(Decl {
            name: name.to_owned(),
            category,
            provider,
            purpose,
            max_age: Some("365d"),
            secure: false,
            host: false,
        });
    }
    while decls.len() < POOL {
        let decl = templated(&mut rng);
        if seen.insert(decl.name.clone()) {
            decls.push(decl);
        }
    }
    decls
}

/// The indexes into [`pool`] of a registry of `n` cookies whose names have the pool's spread of
/// lengths (every `POOL / n`-th name by length), in declaration order. Hashing and comparing
/// cost grows with the length, so registries of different sizes are compared on like names.
pub fn registry(n: usize) -> Vec<usize> {
    let pool = pool();
    let mut by_length: Vec<usize> = (0..pool.len()).collect();
    by_length.sort_by_key(|&i| (pool[i].name.len(), i));
    let step = pool.len() / n;
    let mut chosen: Vec<usize> = (0..n).map(|k| by_length[k * step + step / 2]).collect();
    chosen.sort_unstable();
    chosen
}

/// Which derive an emitted enum carries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    /// `#[derive(CookieRegistry)]` with full declarations.
    Registry,
    /// strum's `EnumString`, `AsRefStr` and `EnumIter`, `serialize = "<name>"` per variant.
    Strum,
    /// strum's `EnumString` alone (what the lookup benchmark compares).
    StrumEnumString,
    /// None: the baseline the added compile time is measured from.
    Plain,
}

/// The source of `pub enum <ident>` over `decls[i]` for each `i` in `chosen`; variant `Cookie<i>`.
pub fn enum_source(ident: &str, decls: &[Decl], chosen: &[usize], derive: Derive) -> String {
    let mut out = String::new();
    let derives = match derive {
        Derive::Registry => "::cookie_registry::CookieRegistry, ",
        Derive::Strum => "::strum::EnumString, ::strum::AsRefStr, ::strum::EnumIter, ",
        Derive::StrumEnumString => "::strum::EnumString, ",
        Derive::Plain => "",
    };
    let _ = writeln!(out, "#[derive({derives}Debug, Clone, Copy, PartialEq, Eq)]");
    if derive == Derive::Registry {
        out.push_str("#[registry(provider = \"Example Shop\")]\n");
    }
    let _ = writeln!(out, "pub enum {ident} {{");
    for &i in chosen {
        let d = &decls[i];
        match derive {
            Derive::Registry => {
                let _ = write!(
                    out,
                    "    #[cookie(name = {:?}, category = {}, provider = {:?}, purpose = {:?}",
                    d.name, d.category, d.provider, d.purpose
                );
                if let Some(max_age) = d.max_age {
                    let _ = write!(out, ", max_age = {max_age:?}");
                }
                if d.secure {
                    out.push_str(", secure");
                }
                if d.host {
                    out.push_str(", http_only, path = \"/\"");
                }
                out.push_str(")]\n");
            }
            Derive::Strum | Derive::StrumEnumString => {
                let _ = writeln!(out, "    #[strum(serialize = {:?})]", d.name);
            }
            Derive::Plain => {}
        }
        let _ = writeln!(out, "    Cookie{i},");
    }
    out.push_str("}\n");
    out
}
