//! Integration with the `cookie` crate: builders with the declared attributes, removals, and
//! purging a [`CookieJar`] of what consent does not allow.

use std::borrow::Cow;

use cookie::{Cookie, CookieBuilder, CookieJar};

use crate::engine::removal::Removal;
use crate::{Consent, CookieRegistry, CookieSpec};

/// A builder for cookie `name` (the spec's name, or a member of its family) with `value` and
/// the declared attributes.
pub(crate) fn builder(
    spec: &CookieSpec,
    name: impl Into<Cow<'static, str>>,
    value: impl Into<Cow<'static, str>>,
) -> CookieBuilder<'static> {
    let mut builder = Cookie::build((name, value))
        .secure(spec.secure)
        .http_only(spec.http_only);
    if let Some(same_site) = spec.same_site {
        builder = builder.same_site(same_site.into());
    }
    if let Some(path) = spec.path {
        builder = builder.path(path);
    }
    if let Some(domain) = spec.domain {
        builder = builder.domain(domain);
    }
    if let Some(max_age) = spec.max_age {
        let seconds = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
        builder = builder.max_age(cookie::time::Duration::seconds(seconds));
    }
    builder
}

/// Whether `name` is an RFC 6265 cookie name: an RFC 9110 token (6265bis §4.1.1).
pub(crate) fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// [`CookieBuilderExt::builder_named`](crate::CookieBuilderExt::builder_named) was given a name that is not the cookie's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotDeclared {
    /// The name given.
    pub name: String,
    /// The cookie's declared name, or `prefix*` for a family.
    pub declared: String,
}

impl core::fmt::Display for NotDeclared {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{:?} is not the declared cookie `{}`: building it would set an undeclared cookie",
            self.name, self.declared
        )
    }
}

impl std::error::Error for NotDeclared {}

/// A removal cookie for `name`, declared by `spec`: what the engine's removals carry (its
/// declared attributes, an empty value, `Max-Age=0` and an `Expires` in the past).
pub(crate) fn removal(spec: &CookieSpec, name: &str) -> Cookie<'static> {
    Removal::new(name, Some(spec)).cookie()
}

/// Removes from `jar` every cookie that registry `R` does not declare or that `consent` does not
/// allow, so that `jar.delta()` carries a removal for each: the one the middleware writes, with
/// the declared path and domain, and `Secure` for a name whose `__Host-`/`__Secure-` prefix
/// demands it (else the browser would ignore the removal).
///
/// ```
/// use cookie_registry::{purge_jar, Consent, CookieRegistry};
/// use cookie_registry::cookie::{Cookie, CookieJar};
///
/// #[derive(CookieRegistry)]
/// #[registry(provider = "Acme")]
/// enum Cookies {
///     #[cookie(name = "sid", category = Necessary, purpose = "Session")]
///     Sid,
///     #[cookie(name = "_ga", category = Statistics, purpose = "Counts visits", path = "/")]
///     Ga,
/// }
///
/// let mut jar = CookieJar::new();
/// jar.add_original(Cookie::new("sid", "1"));
/// jar.add_original(Cookie::new("_ga", "2"));
/// jar.add_original(Cookie::new("tracker", "3"));
/// purge_jar::<Cookies>(&mut jar, &Consent::necessary_only());
///
/// assert!(jar.get("sid").is_some());
/// let mut removed: Vec<_> = jar.delta().map(|c| c.name().to_owned()).collect();
/// removed.sort();
/// assert_eq!(removed, ["_ga", "tracker"]);
/// ```
pub fn purge_jar<R: CookieRegistry>(jar: &mut CookieJar, consent: &Consent) {
    let refused: Vec<Cookie<'static>> = jar
        .iter()
        .filter_map(|cookie| {
            let name = cookie.name();
            // A storage entry's name in a jar is no cookie of the registry: undeclared.
            match R::spec_of(name).filter(|spec| spec.is_http_cookie()) {
                Some(spec) if spec.allowed_by(consent) => None,
                spec => Some(Removal::new(name, spec).cookie()),
            }
        })
        .collect();
    for cookie in refused {
        jar.remove(cookie);
    }
}
