//! Cookies built from their declarations: [`CookieBuilderExt`], for every registry.

use std::borrow::Cow;

use crate::{CookieRegistry, CookieSpec};

/// Builders for a registry's cookies, with every declared attribute preset: implemented for
/// every [`CookieRegistry`]. Import it next to the registry trait:
/// `use cookie_registry::{CookieBuilderExt, CookieRegistry};`.
pub trait CookieBuilderExt: CookieRegistry {
    /// A [`cookie::CookieBuilder`] for this cookie with `value` and every declared attribute
    /// preset: `Secure`, `HttpOnly`, `SameSite`, `Path`, `Domain` and `Max-Age`. `value` may be
    /// borrowed (a `&str` from the request) or owned; the builder owns a copy either way.
    ///
    /// A storage entry (`storage = local | session`) is no cookie: a cookie built for one is
    /// undeclared, and every gate refuses it ([`allows_set_cookie`](crate::allows_set_cookie),
    /// the layer). Building one is a mistake that debug builds catch: `builder` and `removal_cookie`
    /// panic there on a storage entry (release builds make the refused cookie), and
    /// [`builder_named`](Self::builder_named) returns [`NotDeclared`](crate::NotDeclared).
    ///
    /// ```
    /// use cookie_registry::{CookieBuilderExt, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Acme")]
    /// enum Cookies {
    ///     #[cookie(name = "__Host-sid", category = Necessary, purpose = "Session",
    ///              secure, http_only, same_site = Lax, path = "/", max_age = "1h")]
    ///     Sid,
    /// }
    ///
    /// let cookie = Cookies::Sid.builder("abc").build();
    /// assert_eq!(
    ///     cookie.to_string(),
    ///     "__Host-sid=abc; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=3600"
    /// );
    /// ```
    ///
    /// A family (`prefix = "_ga_"`) has no one name: build its members with
    /// [`builder_named`](Self::builder_named). `builder` on a family would name the cookie by the bare
    /// prefix, which is no member of the family and so undeclared; debug builds catch that
    /// mistake with a failed assertion, and release builds hand back that builder, whose cookie
    /// `ConsentLayer` refuses to set.
    fn builder<'v>(&self, value: impl Into<Cow<'v, str>>) -> cookie::CookieBuilder<'static> {
        debug_assert_cookie(self.spec());
        debug_assert!(
            !self.spec().family,
            "`builder` on the family `{}*`: use `builder_named` with a member's name",
            self.spec().name
        );
        crate::jar::builder(self.spec(), self.spec().name, owned(value))
    }

    /// Like [`builder`](Self::builder), under another name: for a family (`prefix = "_ga_"`), the
    /// generated name of one member, such as `_ga_Q1W2E3`.
    ///
    /// # Errors
    /// [`NotDeclared`](crate::NotDeclared) when `name` is not this cookie: not a member of its
    /// family (or, for a named cookie, not its name), or not a valid cookie name at all (a
    /// `;` or a space would inject attributes into the header), or this is a storage entry
    /// (`storage = local | session`), which no cookie is. Nothing undeclared is built.
    ///
    /// ```
    /// use cookie_registry::{CookieBuilderExt, CookieRegistry};
    ///
    /// #[derive(CookieRegistry)]
    /// #[registry(provider = "Google")]
    /// enum Cookies {
    ///     #[cookie(prefix = "_ga_", category = Statistics, purpose = "Sessions", max_age = "400d")]
    ///     GaSession,
    /// }
    ///
    /// let cookie = Cookies::GaSession.builder_named("_ga_Q1W2E3", "GS1.1")?.build();
    /// assert_eq!(cookie.to_string(), "_ga_Q1W2E3=GS1.1; Max-Age=34560000");
    /// assert!(Cookies::is_ga_session(cookie.name()));
    ///
    /// assert!(Cookies::GaSession.builder_named("_gid", "1").is_err()); // not a member
    /// assert!(Cookies::GaSession.builder_named("_ga_", "1").is_err()); // the bare prefix
    /// assert!(Cookies::GaSession.builder_named("_ga_x; Domain=evil", "1").is_err());
    /// # Ok::<(), cookie_registry::NotDeclared>(())
    /// ```
    fn builder_named<'n, 'v>(
        &self,
        name: impl Into<Cow<'n, str>>,
        value: impl Into<Cow<'v, str>>,
    ) -> Result<cookie::CookieBuilder<'static>, crate::NotDeclared> {
        let name = name.into();
        let spec = self.spec();
        // A storage entry is no cookie: no name makes one that is declared.
        if !spec.matches(&name) || !crate::jar::is_cookie_name(&name) || !spec.is_http_cookie() {
            return Err(crate::NotDeclared {
                name: name.into_owned(),
                declared: spec.display_name(),
            });
        }
        Ok(crate::jar::builder(spec, owned(name), owned(value)))
    }

    /// A cookie that deletes this one from the browser: empty, expired, with the declared
    /// `Path` and `Domain` so that it replaces the right cookie.
    fn removal_cookie(&self) -> cookie::Cookie<'static> {
        debug_assert_cookie(self.spec());
        crate::jar::removal(self.spec(), self.spec().name)
    }
}

impl<R: CookieRegistry> CookieBuilderExt for R {}

/// In debug builds, a panic when a builder is asked for a storage entry, which is no cookie.
fn debug_assert_cookie(spec: &CookieSpec) {
    debug_assert!(
        spec.is_http_cookie(),
        "`{}` is declared with `storage = ...`: it is no HTTP cookie, and a cookie built for it is refused as undeclared",
        spec.name
    );
}

/// A borrowed or owned text as an owned one, so a builder can outlive the request it came from.
fn owned<'a>(text: impl Into<Cow<'a, str>>) -> Cow<'static, str> {
    Cow::Owned(text.into().into_owned())
}
