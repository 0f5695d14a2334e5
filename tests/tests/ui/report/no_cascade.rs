use cookie_registry::CookieRegistry;

#[derive(CookieRegistry, Debug, Clone, Copy, PartialEq, Eq)]
#[registry(provider = "Acme")]
enum Cookies {
    #[cookie(name = "sessionid", category = Necessary, purpose = "Session")]
    SessionId,
    #[cookie(name = "_ga", category = Statistics, purpos = "Visits")]
    Ga,
    #[cookie(prefix = "_ga_", category = Statistic, purpose = "Visits")]
    GaSession,
}

const SESSION: Cookies = Cookies::named("sessionid");

fn main() {
    assert_eq!(Cookies::SESSION_ID, "sessionid");
    assert_eq!(Cookies::GA, "_ga");
    assert!(Cookies::is_ga_session("_ga_1"));
    assert_eq!(Cookies::from_name("sessionid"), Some(SESSION));
    assert_eq!(Cookies::ALL.len(), Cookies::SPECS.len());
    assert_eq!(SESSION.name(), "sessionid");
    println!("{}", Cookies::policy_table());
    match "sessionid" {
        Cookies::SESSION_ID => {}
        _ => {}
    }
}
