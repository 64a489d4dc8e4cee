//! Output: the decoded models as JSON, or as aligned tables for people.
//!
//! Only results go to stdout; notes and errors go to stderr. Text that came
//! from the server is cleaned of control characters before it reaches a
//! terminal (see [`clean`]).

use std::io::{self, Write};

use serde::Serialize;

/// One named rendering of an item: a list table's column or a line of a record's view.
/// What it renders is cleaned before printing.
pub struct Shown<T> {
    /// A column's header, in capitals (`NUMBER`), or a record line's label (`agent`).
    pub name: &'static str,
    /// The cell or value of one item (in a record, line breaks continue on indented
    /// lines).
    pub render: fn(&T) -> String,
}

impl<T> Shown<T> {
    /// A column headed, or a line labelled, `name`, whose values `render` renders.
    pub const fn new(name: &'static str, render: fn(&T) -> String) -> Self {
        Self { name, render }
    }
}

/// One column of a list table: its header and how to render a cell.
pub type Column<T> = Shown<T>;

/// One line of a single record's view: its label and how to render the value.
pub type Field<T> = Shown<T>;

/// Writes results to stdout (or any writer) as JSON or as tables.
pub struct Printer<W: Write> {
    /// Where results go (stdout).
    out: W,
    /// JSON instead of tables.
    json: bool,
}

impl<W: Write> Printer<W> {
    /// A printer of JSON (`json`) or tables onto `out`.
    pub fn new(out: W, json: bool) -> Self {
        Printer { out, json }
    }

    /// A list: a JSON array, or a table with one row per item. An empty list
    /// prints no table, and says `(no {what})` on stderr.
    pub fn list<T: Serialize>(
        &mut self,
        items: &[T],
        columns: &[Column<T>],
        what: &str,
    ) -> io::Result<()> {
        if self.json {
            return self.write_json(&items);
        }
        if items.is_empty() {
            note(&format!("(no {what})"));
            return Ok(());
        }
        let header: Vec<String> = columns.iter().map(|c| c.name.to_owned()).collect();
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|item| columns.iter().map(|c| clean(&(c.render)(item))).collect())
            .collect();
        write_table(&mut self.out, &header, &rows)
    }

    /// One record: a JSON object, or `label: value` lines.
    pub fn record<T: Serialize>(&mut self, item: &T, fields: &[Field<T>]) -> io::Result<()> {
        if self.json {
            return self.write_json(item);
        }
        let width = fields
            .iter()
            .map(|f| f.name.chars().count() + 1)
            .max()
            .unwrap_or(0);
        for field in fields {
            let value = (field.render)(item);
            let mut lines = value.split('\n').map(clean);
            let first = lines.next().unwrap_or_default();
            let label = format!("{}:", field.name);
            writeln!(
                self.out,
                "{}",
                format!("{label:<width$}  {first}").trim_end()
            )?;
            for line in lines {
                writeln!(self.out, "{:width$}  {line}", "")?;
            }
        }
        Ok(())
    }

    /// One event of a stream, printed as it comes: a line of JSON, or `text`; flushed.
    pub fn event<T: Serialize>(&mut self, item: &T, text: &str) -> io::Result<()> {
        if self.json {
            serde_json::to_writer(&mut self.out, item).map_err(io::Error::other)?;
            writeln!(self.out)?;
        } else {
            for line in text.split('\n') {
                writeln!(self.out, "{}", clean(line))?;
            }
        }
        self.out.flush()
    }

    /// Flushes the output.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// `value` as pretty JSON and a line break.
    fn write_json<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, value).map_err(io::Error::other)?;
        writeln!(self.out)
    }
}

/// A note for people, on stderr (never mixed into the results).
pub fn note(text: &str) {
    eprintln!("{text}");
}

/// Writes `header` and `rows` as columns separated by two spaces, each as
/// wide as its widest cell (the last one unpadded).
fn write_table(out: &mut impl Write, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = width.saturating_sub(cell.chars().count());
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `text` safe for a terminal and one table cell: control characters
/// (line breaks, escape sequences, ...) and invisible direction or
/// zero-width marks are shown escaped (`\n`, `\u{1b}`).
pub fn clean(text: &str) -> String {
    let needs_escape = |c: char| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(needs_escape) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        a: &'static str,
        b: u32,
    }

    const COLUMNS: &[Column<Row>] = &[
        Column::new("NAME", |r| r.a.to_owned()),
        Column::new("N", |r| r.b.to_string()),
    ];

    fn printed(json: bool, f: impl FnOnce(&mut Printer<&mut Vec<u8>>)) -> String {
        let mut out = Vec::new();
        let mut printer = Printer::new(&mut out, json);
        f(&mut printer);
        printer.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn tables_are_aligned() {
        let rows = [
            Row {
                a: "long name",
                b: 1,
            },
            Row { a: "x", b: 22 },
        ];
        let text = printed(false, |p| p.list(&rows, COLUMNS, "rows").unwrap());
        assert_eq!(text, "NAME       N\nlong name  1\nx          22\n");
    }

    #[test]
    fn json_is_the_serialised_model() {
        let rows = [Row { a: "x", b: 1 }];
        let text = printed(true, |p| p.list(&rows, COLUMNS, "rows").unwrap());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value, serde_json::json!([{"a": "x", "b": 1}]));
        let text = printed(true, |p| p.list::<Row>(&[], COLUMNS, "rows").unwrap());
        assert_eq!(text, "[]\n");
        let text = printed(false, |p| p.list::<Row>(&[], COLUMNS, "rows").unwrap());
        assert_eq!(text, "");
    }

    #[test]
    fn records_align_labels_and_indent_continuations() {
        let fields: &[Field<Row>] = &[
            Field::new("name", |r| r.a.to_owned()),
            Field::new("n", |_| "one\ntwo".to_owned()),
            Field::new("empty", |_| String::new()),
        ];
        let text = printed(false, |p| {
            p.record(
                &Row {
                    a: "x\u{1b}[31m",
                    b: 1,
                },
                fields,
            )
            .unwrap()
        });
        assert_eq!(
            text,
            "name:   x\\u{1b}[31m\nn:      one\n        two\nempty:\n"
        );
    }

    #[test]
    fn clean_escapes_control_and_invisible_characters() {
        assert_eq!(clean("plain +1 café"), "plain +1 café");
        assert_eq!(clean("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(clean("\u{1b}[2J"), "\\u{1b}[2J");
        assert_eq!(clean("abc\u{202e}def"), "abc\\u{202e}def");
    }
}
