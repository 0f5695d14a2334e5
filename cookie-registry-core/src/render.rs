//! The one renderer of a policy table, as tab-separated text, Markdown and HTML: the runtime's
//! `PolicyTable` renders with it, and the derive renders a registry's policy file with it at
//! compile time, so the committed file and the served page cannot differ.
//!
//! Every declared text is escaped in Markdown and HTML, so a declaration cannot break the
//! layout or inject markup.

use core::fmt::{self, Write as _};

use crate::locale::Word;
use crate::{Category, Column, Lifetime, Locale, Storage};

/// Characters escaped with a backslash in Markdown cells: the cell separator, and what would
/// otherwise turn `_ga_*` or `a_b_c` into emphasis, code or a link.
const MARKDOWN_SPECIAL: &str = "\\|*_`<>[]";

/// One declared cookie as a table shows it, its texts already in the table's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The name, or a family's prefix.
    pub name: &'a str,
    /// Whether `name` is a family's prefix (shown as `prefix*`).
    pub family: bool,
    /// The consent category.
    pub category: Category,
    /// Who sets it.
    pub provider: &'a str,
    /// Why it exists.
    pub purpose: &'a str,
    /// The "Function and location" text, when declared.
    pub function: Option<&'a str>,
    /// How long it lives.
    pub lifetime: Lifetime,
    /// Set or read by a third party.
    pub third_party: bool,
    /// Anonymized statistics, exempt from consent.
    pub anonymized: bool,
    /// The declared `Domain`.
    pub domain: Option<&'a str>,
    /// Cookie or Web Storage.
    pub storage: Storage,
}

impl Entry<'_> {
    /// The name as a policy page shows it: the name, or `prefix*` for a family.
    #[must_use]
    pub fn display_name(&self) -> String {
        if self.family {
            format!("{}*", self.name)
        } else {
            self.name.to_owned()
        }
    }
}

/// How a table is laid out: its columns, whether it has a section per category, its words.
#[derive(Debug, Clone, Copy)]
pub struct Layout<'a> {
    /// The columns, in order.
    pub columns: &'a [Column],
    /// One section per category (heading, sentence, table) instead of one table.
    pub sections: bool,
    /// The table's own words; a complete locale.
    pub locale: &'a Locale,
}

/// The rows of one section: those of `category`, or with no sections all rows under no heading.
struct Section<'r> {
    category: Option<Category>,
    rows: Vec<&'r [usize]>,
}

impl Layout<'_> {
    /// One entry's text in `column`.
    #[must_use]
    pub fn cell(&self, column: Column, entry: &Entry<'_>) -> String {
        let words = self.locale;
        let word = |word: Word| words.text(word).to_owned();
        match column {
            Column::Provider => entry.provider.to_owned(),
            Column::Function => entry.function.unwrap_or_default().to_owned(),
            Column::Names => entry.display_name(),
            Column::Purpose => entry.purpose.to_owned(),
            Column::Category => word(Word::Category(entry.category)),
            Column::Duration => match entry.lifetime {
                Lifetime::Session => word(Word::Session),
                Lifetime::UntilDeleted => word(Word::UntilDeleted),
                Lifetime::For { amount, unit } => words.duration(amount, unit),
            },
            Column::Party if entry.third_party => word(Word::ThirdParty),
            Column::Party => word(Word::FirstParty),
            Column::Domain => entry
                .domain
                .map_or_else(|| word(Word::ThisSite), str::to_owned),
            Column::Storage => word(Word::Storage(entry.storage)),
        }
    }

    /// The rows, as indices into `entries` (in declaration order): entries share a row when
    /// they agree on every column but the names, and on their category; a row stands where
    /// its first entry was declared.
    #[must_use]
    pub fn group(&self, entries: &[Entry<'_>]) -> Vec<Vec<usize>> {
        let mut rows: Vec<Vec<usize>> = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let joins = |row: &Vec<usize>| {
                let first = &entries[row[0]];
                first.category == entry.category
                    && self.columns.iter().all(|&column| {
                        column == Column::Names
                            || self.cell(column, first) == self.cell(column, entry)
                    })
            };
            match rows.iter().position(joins) {
                Some(row) => rows[row].push(i),
                None => rows.push(vec![i]),
            }
        }
        rows
    }

    /// A row's text in `column`: its names joined by `, `, or what all its entries share.
    fn row_cell(&self, column: Column, entries: &[Entry<'_>], row: &[usize]) -> String {
        match column {
            Column::Names => row
                .iter()
                .map(|&i| entries[i].display_name())
                .collect::<Vec<_>>()
                .join(", "),
            _ => self.cell(column, &entries[row[0]]),
        }
    }

    fn sections<'r>(&self, entries: &[Entry<'_>], rows: &'r [Vec<usize>]) -> Vec<Section<'r>> {
        if !self.sections {
            return vec![Section {
                category: None,
                rows: rows.iter().map(Vec::as_slice).collect(),
            }];
        }
        Category::ALL
            .into_iter()
            .map(|category| Section {
                category: Some(category),
                rows: rows
                    .iter()
                    .filter(|row| entries[row[0]].category == category)
                    .map(Vec::as_slice)
                    .collect(),
            })
            .filter(|section| !section.rows.is_empty())
            .collect()
    }

    /// The sentence under a section's heading: what the category is for, and whether its
    /// entries need consent (not when every one is necessary or anonymized statistics).
    fn introduction(&self, category: Category, entries: &[Entry<'_>], rows: &[&[usize]]) -> String {
        let needs_consent = rows
            .iter()
            .flat_map(|row| row.iter())
            .map(|&i| &entries[i])
            .any(|entry| entry.category.needs_consent() && !entry.anonymized);
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

    /// Tab-separated text: a header line, then one line per row. With sections, each section
    /// is its heading, its sentence and its table, sections separated by a blank line.
    #[must_use]
    pub fn text(&self, entries: &[Entry<'_>], rows: &[Vec<usize>]) -> String {
        let mut out = String::new();
        for (i, section) in self.sections(entries, rows).iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if let Some(category) = section.category {
                let _ = writeln!(out, "{}", self.locale.text(Word::Category(category)));
                let _ = writeln!(
                    out,
                    "{}",
                    self.introduction(category, entries, &section.rows)
                );
            }
            let headers: Vec<&str> = self.columns.iter().map(|&c| self.header(c)).collect();
            let _ = writeln!(out, "{}", headers.join("\t"));
            for row in &section.rows {
                let cells: Vec<String> = self
                    .columns
                    .iter()
                    .map(|&column| self.row_cell(column, entries, row))
                    .collect();
                let _ = writeln!(out, "{}", cells.join("\t"));
            }
        }
        out
    }

    /// GitHub-flavoured Markdown: names as code spans, every other text escaped; with
    /// sections, each a `##` heading, its sentence and its table.
    #[must_use]
    pub fn markdown(&self, entries: &[Entry<'_>], rows: &[Vec<usize>]) -> String {
        let mut out = String::new();
        for (i, section) in self.sections(entries, rows).iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if let Some(category) = section.category {
                let _ = write!(
                    out,
                    "## {}\n\n{}\n\n",
                    markdown_text(self.locale.text(Word::Category(category))),
                    markdown_text(&self.introduction(category, entries, &section.rows)),
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
                                .iter()
                                .map(|&i| markdown_code(&entries[i].display_name()))
                                .collect::<Vec<_>>()
                                .join(", "),
                            _ => markdown_text(&self.row_cell(column, entries, row)),
                        })
                        .collect(),
                );
            }
        }
        out
    }

    /// An HTML `<table>`, every text escaped; with sections, one
    /// `<section id="cookies-<category>">` per category, with an `<h2>` and a `<p>`.
    #[must_use]
    pub fn html(&self, entries: &[Entry<'_>], rows: &[Vec<usize>]) -> String {
        let mut out = String::new();
        for section in self.sections(entries, rows) {
            if let Some(category) = section.category {
                let _ = write!(
                    out,
                    "<section id=\"cookies-{category}\" class=\"cookie-category\">\n\
                     <h2>{}</h2>\n<p>{}</p>\n",
                    Escaped(self.locale.text(Word::Category(category))),
                    Escaped(&self.introduction(category, entries, &section.rows)),
                );
            }
            out.push_str("<table class=\"cookie-policy\">\n<thead>\n<tr>");
            for &column in self.columns {
                let _ = write!(out, "<th>{}</th>", Escaped(self.header(column)));
            }
            out.push_str("</tr>\n</thead>\n<tbody>\n");
            for row in &section.rows {
                let category = entries[row[0]].category;
                let _ = write!(out, "<tr data-category=\"{category}\">");
                for &column in self.columns {
                    let _ = write!(
                        out,
                        "<td>{}</td>",
                        Escaped(&self.row_cell(column, entries, row))
                    );
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
pub struct Escaped<'a>(pub &'a str);

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
