//! `#[registry(policy_file = ...)]` for real: a scratch crate built with Cargo, its policy
//! files missing, committed, edited by hand, and blessed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const LIB: &str = r#"
#[derive(cookie_registry::CookieRegistry)]
#[registry(provider = "Acme", languages = ["en", "de"],
           policy_file(en = "COOKIES.md", de = "COOKIES.de.md"))]
pub enum Cookies {
    #[cookie(name = "sid", category = Necessary, purpose = "Keeps you signed in")]
    #[cookie(lang = "de", purpose = "Hält Sie angemeldet")]
    Sid,
}

fn main() {
    use cookie_registry::CookieRegistry;
    let language = std::env::args().nth(1).unwrap_or_default();
    let page = Cookies::policy_table().page().in_language(&language).expect("declared");
    print!("{}", page.to_markdown());
}
"#;

/// Written by hand: the page the registry above renders.
const ENGLISH: &str = "## Strictly necessary\n\
\n\
These cookies are essential for the website to work and to provide the services you request. They do not require your consent.\n\
\n\
| Service provider's name | Cookie name(s) | Purposes | Duration | First or third party |\n\
| --- | --- | --- | --- | --- |\n\
| Acme | `sid` | Keeps you signed in | Session | First party |\n";

const GERMAN: &str = "## Unbedingt erforderlich\n\
\n\
Diese Cookies sind für den Betrieb der Website und für die von Ihnen angeforderten Dienste unbedingt erforderlich. Sie bedürfen keiner Einwilligung.\n\
\n\
| Anbieter | Cookie-Name(n) | Zweck | Speicherdauer | Erst- oder Drittanbieter |\n\
| --- | --- | --- | --- | --- |\n\
| Acme | `sid` | Hält Sie angemeldet | Bis zum Ende der Sitzung | Erstanbieter |\n";

struct Scratch {
    dir: PathBuf,
    target: PathBuf,
}

impl Scratch {
    fn new() -> Self {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let target = workspace.join("target");
        let dir = target.join("policy-file-scratch");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).expect("scratch dir");
        let runtime = workspace.join("cookie-registry");
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"policy-file-scratch\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\ncookie-registry = {{ path = {:?} }}\n\n[workspace]\n",
                runtime.display().to_string()
            ),
        )
        .expect("manifest");
        std::fs::write(dir.join("src/main.rs"), LIB).expect("main.rs");
        Scratch { dir, target }
    }

    fn cargo(&self, bless: bool, args: &[&str]) -> Output {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut command = Command::new(cargo);
        command
            .args(args)
            .arg("--quiet")
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("COOKIE_REGISTRY_BLESS");
        if bless {
            command.env("COOKIE_REGISTRY_BLESS", "1");
        }
        command.output().expect("cargo runs")
    }

    fn build(&self, bless: bool) -> (bool, String) {
        let output = self.cargo(bless, &["build"]);
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(name)).unwrap_or_default()
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.join(name), text).expect("write");
    }
}

#[test]
// Long: one scratch crate, then each way its policy files can drift from the enum, compiled and
// checked in turn.
fn the_policy_files_are_locked_to_the_enum() {
    let scratch = Scratch::new();

    // Missing: an error per file, at the attribute, with the command that writes them.
    let (ok, stderr) = scratch.build(false);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("the policy file `COOKIES.md` does not exist"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the policy file `COOKIES.de.md` does not exist"),
        "{stderr}"
    );
    assert!(
        stderr.contains("write it with `COOKIE_REGISTRY_BLESS=1 cargo build`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("policy_file(en = \"COOKIES.md\""),
        "spanned at the attribute: {stderr}"
    );

    // Committed as written by hand: the build passes, and the runtime renders the same pages.
    scratch.write("COOKIES.md", ENGLISH);
    scratch.write("COOKIES.de.md", GERMAN);
    let (ok, stderr) = scratch.build(false);
    assert!(ok, "{stderr}");
    for (language, page) in [("en", ENGLISH), ("de", GERMAN)] {
        let output = scratch.cargo(false, &["run", "--", language]);
        assert_eq!(String::from_utf8_lossy(&output.stdout), page);
    }

    // Edited by hand, the code untouched: Cargo rebuilds (the file is tracked) and the
    // difference is an error quoting the first differing line.
    scratch.write(
        "COOKIES.md",
        &ENGLISH.replace("Keeps you signed in", "Keeps you logged in"),
    );
    let (ok, stderr) = scratch.build(false);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("the policy file `COOKIES.md` differs from the registry at line 7:"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "expected: \"| Acme | `sid` | Keeps you signed in | Session | First party |\""
        ),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("found: \"| Acme | `sid` | Keeps you logged in | Session | First party |\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("rewrite the file with `COOKIE_REGISTRY_BLESS=1 cargo build`"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("differs from the registry").count(),
        1,
        "the German file still matches: {stderr}"
    );

    // Blessed: the file is the registry's page again.
    let (ok, stderr) = scratch.build(true);
    assert!(ok, "{stderr}");
    assert_eq!(scratch.file("COOKIES.md"), ENGLISH);
    let (ok, stderr) = scratch.build(false);
    assert!(ok, "{stderr}");
}
