//! Generates the benchmark registries of 4, 100 and 1,000 cookies: for each, the names, the
//! `#[derive(CookieRegistry)]` enum, the same enum with strum's `EnumString`, and a `phf` map.

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "gen/names.rs"]
mod names;

use names::{Derive, enum_source, pool, registry};

/// The families added to the 1,000-name registry for the "with families" rows: common prefixes
/// of four distinct lengths, each a further probe on a miss.
const FAMILIES: &[(&str, &str, &str)] = &[
    ("_ga_", "Statistics", "FamilyGa"),
    ("_pk_id.", "Statistics", "FamilyPkId"),
    ("intercom-id-", "Preferences", "FamilyIntercomId"),
    ("_hjSessionUser_", "Statistics", "FamilyHjSessionUser"),
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=gen/names.rs");
    let decls = pool();
    let mut out = String::new();
    for n in [4, 100, 1000] {
        let chosen = registry(n);
        let names: Vec<&str> = chosen.iter().map(|&i| decls[i].name.as_str()).collect();
        let mut phf = phf_codegen::Map::new();
        phf.phf_path("::phf");
        for (index, name) in names.iter().enumerate() {
            phf.entry(*name, index.to_string());
        }
        let _ = writeln!(
            out,
            "/// The registry of {n} cookies.\npub mod n{n} {{\n\
             /// Its names, in declaration order.\n\
             pub const NAMES: &[&str] = &{names:?};\n\
             /// Its names mapped to their index, as a `phf` map.\n\
             pub static PHF: ::phf::Map<&'static str, u16> = {};\n",
            phf.build()
        );
        out.push_str(&enum_source("Cookies", &decls, &chosen, Derive::Registry));
        out.push_str(&enum_source(
            "StrumCookies",
            &decls,
            &chosen,
            Derive::StrumEnumString,
        ));
        if n == 1000 {
            // The same registry plus the families, appended as variants.
            let mut with_families = enum_source("WithFamilies", &decls, &chosen, Derive::Registry);
            with_families.truncate(with_families.len() - "}\n".len());
            for (prefix, category, variant) in FAMILIES {
                let _ = writeln!(
                    with_families,
                    "    #[cookie(prefix = {prefix:?}, category = {category}, purpose = \"A family\")]\n    {variant},"
                );
            }
            with_families.push_str("}\n");
            out.push_str(&with_families);
        }
        out.push_str("}\n");
    }
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("registries.rs"), out).expect("OUT_DIR is writable");
}
