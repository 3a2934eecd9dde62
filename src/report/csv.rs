//! CSV, for spreadsheets and scripts: RFC 4180, a header row, one row per finding (every
//! finding, passes and suppressed ones too, in the report's order).
//!
//! Lines end in CRLF; a field holding `,`, `"`, CR or LF is quoted, its quotes doubled.
//! Addresses, `for_each` keys, tags and file names come from the user's files and the file is
//! opened in spreadsheets, so a cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a
//! leading `'` (OWASP's advice against CSV injection): a spreadsheet shows it as text instead
//! of running it as a formula.
//!
//! UTF-8 without a byte order mark: a BOM would make the first column `\u{feff}control` to
//! every reader that does not strip it (Python's `csv`, Go's `encoding/csv`, `cut`, `awk`),
//! and would make the output differ from the other text formats. Excel reads the file as
//! UTF-8 through Data › From Text/CSV; a double-click open may mangle non-ASCII names.

use super::model::{Finding, Report};

/// The header row's column names, in order.
pub const COLUMNS: &[&str] = &[
    "control",
    "status",
    "severity",
    "suppressed",
    "resource_type",
    "address",
    "id",
    "name_tag",
    "account",
    "region",
    "file",
    "line",
    "column",
    "http_tokens",
    "http_endpoint",
    "hop_limit",
    "source",
    "decided_by",
    "message",
    "remediation",
];

/// The report as CSV: the header row, then a row per finding, each line ending in CRLF.
pub fn to_csv(report: &Report) -> String {
    let mut out = String::with_capacity(256 + report.findings.len() * 320);
    row(&mut out, COLUMNS.iter().copied());
    for f in &report.findings {
        let cells = cells(f);
        row(&mut out, cells.iter().map(String::as_str));
    }
    out
}

/// A finding's cells, in the order of [`COLUMNS`]; absent values are empty.
fn cells(f: &Finding) -> [String; 20] {
    let opt = |v: Option<&str>| v.unwrap_or_default().to_owned();
    let loc = f.location.as_ref();
    let e = &f.effective;
    [
        f.control.clone(),
        f.status.as_str().to_owned(),
        f.severity.as_str().to_owned(),
        opt(f.suppression.as_ref().map(|s| s.reason.as_str())),
        f.resource.resource_type.clone(),
        opt(f.resource.address.as_deref()),
        opt(f.resource.id.as_deref()),
        opt(f.resource.name_tag.as_deref()),
        opt(f.resource.account.as_deref()),
        opt(f.resource.region.as_deref()),
        opt(loc.map(|l| l.file.as_str())),
        loc.map(|l| l.line.to_string()).unwrap_or_default(),
        loc.map(|l| l.column.to_string()).unwrap_or_default(),
        opt(e.http_tokens.as_deref()),
        opt(e.http_endpoint.as_deref()),
        e.hop_limit.map(|h| h.to_string()).unwrap_or_default(),
        e.source.as_str().to_owned(),
        opt(e.decided_by.as_deref()),
        f.message.clone(),
        opt(f.remediation.as_ref().map(|r| r.summary.as_str())),
    ]
}

fn row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, c);
    }
    out.push_str("\r\n");
}

/// One field: defused against formulas, then quoted when RFC 4180 needs it.
pub fn field(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = cell.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    fn f(s: &str) -> String {
        let mut out = String::new();
        field(&mut out, s);
        out
    }

    #[test]
    fn quoting_and_formulas() {
        assert_eq!(f("aws_instance.web"), "aws_instance.web");
        assert_eq!(f(""), "");
        assert_eq!(f("a,b"), "\"a,b\"");
        assert_eq!(f("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(f("two\nlines"), "\"two\nlines\"");
        assert_eq!(f("=1+2"), "'=1+2");
        assert_eq!(f("+1"), "'+1");
        assert_eq!(f("-1"), "'-1");
        assert_eq!(f("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(f("\tx"), "'\tx");
        assert_eq!(f("\rx"), "\"'\rx\"");
        assert_eq!(
            f("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        // Only the start of a cell makes a formula.
        assert_eq!(f("a=b"), "a=b");
    }
}
