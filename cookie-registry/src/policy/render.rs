//! A policy table as tab-separated text, Markdown and HTML. Every declared text is escaped in
//! Markdown and HTML, so a declaration cannot break the layout or inject markup.

use core::fmt::{self, Write as _};

use super::{PolicyRow, PolicyTable};
use crate::locale::Word;
use crate::{Category, Column, CookieSpec, Lifetime, Translation};

/// Characters escaped with a backslash in Markdown cells: the cell separator, and what would
/// otherwise turn `_ga_*` or `a_b_c` into emphasis, code or a link.
const MARKDOWN_SPECIAL: &str = "\\|*_`<>[]";

/// The rows of one section: those of `category`, or with no sections all rows under no heading.
struct Section<'a> {
    category: Option<Category>,
    rows: Vec<&'a PolicyRow>,
}

impl PolicyTable {
    /// One cookie's text in `column`, in the table's language.
    pub(super) fn cell(&self, column: Column, spec: &CookieSpec) -> String {
        let words = &self.locale;
        let word = |word: Word| words.text(word).to_owned();
        match column {
            Column::Provider => spec.provider.to_owned(),
            Column::Function => self
                .translated(spec)
                .map_or(spec.function, |t| t.function)
                .unwrap_or_default()
                .to_owned(),
            Column::Names => spec.display_name(),
            Column::Purpose => self
                .translated(spec)
                .map_or(spec.purpose, |t| t.purpose)
                .to_owned(),
            Column::Category => word(Word::Category(spec.category)),
            Column::Duration => match spec.lifetime() {
                Lifetime::Session => word(Word::Session),
                Lifetime::UntilDeleted => word(Word::UntilDeleted),
                Lifetime::For { amount, unit } => words.duration(amount, unit),
            },
            Column::Party if spec.third_party => word(Word::ThirdParty),
            Column::Party => word(Word::FirstParty),
            Column::Domain => spec
                .domain
                .map_or_else(|| word(Word::ThisSite), str::to_owned),
            Column::Storage => word(Word::Storage(spec.storage)),
        }
    }

    /// The cookie's texts in the table's language, when that is a translation.
    fn translated(&self, spec: &CookieSpec) -> Option<&'static Translation> {
        spec.translation(self.translation?)
    }

    /// A row's text in `column`: its names joined, or what all its cookies share.
    fn row_cell(&self, column: Column, row: &PolicyRow) -> String {
        match column {
            Column::Names => row.names(),
            _ => self.cell(column, row.first()),
        }
    }

    fn sections(&self) -> Vec<Section<'_>> {
        if !self.sections {
            return vec![Section {
                category: None,
                rows: self.rows.iter().collect(),
            }];
        }
        Category::ALL
            .into_iter()
            .map(|category| Section {
                category: Some(category),
                rows: self
                    .rows
                    .iter()
                    .filter(|row| row.category == category)
                    .collect(),
            })
            .filter(|section| !section.rows.is_empty())
            .collect()
    }

    /// The sentence under a section's heading: what the category is for, and whether its
    /// cookies need consent (not when every one is necessary or anonymized statistics).
    fn introduction(&self, category: Category, rows: &[&PolicyRow]) -> String {
        let needs_consent = rows
            .iter()
            .flat_map(|row| &row.cookies)
            .any(|spec| spec.category.needs_consent() && !spec.anonymized);
        let consent = if needs_consent {
            Word::ConsentNeeded
        } else {
            Word::ConsentNotNeeded
        };
        format!(
            "{} {}",
            self.locale.text(Word::Description(category)),
            self.locale.text(consent)
        )
    }

    fn header(&self, column: Column) -> &str {
        self.locale.text(Word::Column(column))
    }

    /// The table as GitHub-flavoured Markdown. Cookie names are code spans (`` `_ga_*` ``), so
    /// they read as written; in the other texts Markdown's special characters (`|`, `\`, `*`,
    /// `_`, `` ` ``, `<`, `>`, `[`, `]`) are escaped and line breaks become spaces. With
    /// [`by_category`](Self::by_category), each section is a `##` heading, its sentence and its
    /// table.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// #[derive(CookieRegistry)]
    /// enum Cookies {
    ///     #[cookie(name = "sid", category = Necessary, provider = "A|B", purpose = "Session")]
    ///     Sid,
    /// }
    /// assert_eq!(
    ///     Cookies::policy_table().to_markdown(),
    ///     "| Service provider's name | Function and location | Cookie name(s) | Purposes |\n\
    ///      | --- | --- | --- | --- |\n\
    ///      | A\\|B |  | `sid` | Session |\n"
    /// );
    /// ```
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for (i, section) in self.sections().iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if let Some(category) = section.category {
                let _ = write!(
                    out,
                    "## {}\n\n{}\n\n",
                    markdown_text(self.locale.text(Word::Category(category))),
                    markdown_text(&self.introduction(category, &section.rows)),
                );
            }
            let mut line = |cells: Vec<String>| {
                out.push('|');
                for cell in cells {
                    let _ = write!(out, " {cell} |");
                }
                out.push('\n');
            };
            line(
                self.columns
                    .iter()
                    .map(|&column| markdown_text(self.header(column)))
                    .collect(),
            );
            line(self.columns.iter().map(|_| "---".to_owned()).collect());
            for row in &section.rows {
                line(
                    self.columns
                        .iter()
                        .map(|&column| match column {
                            Column::Names => row
                                .cookies
                                .iter()
                                .map(|spec| markdown_code(&spec.display_name()))
                                .collect::<Vec<_>>()
                                .join(", "),
                            _ => markdown_text(&self.row_cell(column, row)),
                        })
                        .collect(),
                );
            }
        }
        out
    }

    /// The table as an HTML `<table>`; every text is escaped, so a declaration cannot inject
    /// markup. With [`by_category`](Self::by_category), one
    /// `<section id="cookies-<category>">` per category, with an `<h2>` heading and a `<p>`.
    ///
    /// ```
    /// # use cookie_registry::CookieRegistry;
    /// #[derive(CookieRegistry)]
    /// enum Cookies {
    ///     #[cookie(name = "sid", category = Necessary, provider = "Acme",
    ///              purpose = "<script>alert(1)</script>")]
    ///     Sid,
    /// }
    /// let html = Cookies::policy_table().to_html();
    /// assert!(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
    /// assert!(!html.contains("<script>"));
    /// ```
    #[must_use]
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        for section in self.sections() {
            if let Some(category) = section.category {
                let _ = write!(
                    out,
                    "<section id=\"cookies-{category}\" class=\"cookie-category\">\n\
                     <h2>{}</h2>\n<p>{}</p>\n",
                    Escaped(self.locale.text(Word::Category(category))),
                    Escaped(&self.introduction(category, &section.rows)),
                );
            }
            out.push_str("<table class=\"cookie-policy\">\n<thead>\n<tr>");
            for &column in &self.columns {
                let _ = write!(out, "<th>{}</th>", Escaped(self.header(column)));
            }
            out.push_str("</tr>\n</thead>\n<tbody>\n");
            for row in &section.rows {
                let _ = write!(out, "<tr data-category=\"{}\">", row.category);
                for &column in &self.columns {
                    let _ = write!(out, "<td>{}</td>", Escaped(&self.row_cell(column, row)));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
            if section.category.is_some() {
                out.push_str("</section>\n");
            }
        }
        out
    }
}

impl fmt::Display for PolicyTable {
    /// Tab-separated text: a header line, then one line per row; by default the seed pages'
    /// layout. With [`by_category`](PolicyTable::by_category), each section is its heading,
    /// its sentence and its table, sections separated by a blank line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, section) in self.sections().iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if let Some(category) = section.category {
                writeln!(f, "{}", self.locale.text(Word::Category(category)))?;
                writeln!(f, "{}", self.introduction(category, &section.rows))?;
            }
            let headers: Vec<&str> = self.columns.iter().map(|&c| self.header(c)).collect();
            writeln!(f, "{}", headers.join("\t"))?;
            for row in &section.rows {
                let cells: Vec<String> = self
                    .columns
                    .iter()
                    .map(|&column| self.row_cell(column, row))
                    .collect();
                writeln!(f, "{}", cells.join("\t"))?;
            }
        }
        Ok(())
    }
}

/// Text for a Markdown table cell: special characters escaped, line breaks as spaces.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            _ => {
                if MARKDOWN_SPECIAL.contains(c) {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

/// A cookie name as a Markdown code span, so `_ga_*` reads as written; only the cell separator
/// `|` is escaped, and a name with a backquote gets a double-backquote span.
fn markdown_code(name: &str) -> String {
    let escaped = name.replace('|', "\\|");
    if name.contains('`') {
        format!("`` {escaped} ``")
    } else {
        format!("`{escaped}`")
    }
}

/// Text escaped for HTML element content and attribute values.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                _ => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{markdown_code, markdown_text};

    #[test]
    fn markdown_names_are_code_spans_that_keep_the_cell() {
        assert_eq!(markdown_code("_ga_*"), "`_ga_*`");
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
        assert_eq!(markdown_code("a`b"), "`` a`b ``");
    }

    #[test]
    fn markdown_text_escapes_markup_and_line_breaks() {
        assert_eq!(markdown_text("a_b *c*\n[d](e)"), "a\\_b \\*c\\* \\[d\\](e)");
    }
}
