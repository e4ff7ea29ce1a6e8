//! The voucher file (记账凭证导入导出): one row per voucher line; consecutive rows with the
//! same organisation, date and number form one voucher. The export writes exactly these
//! columns, so an exported file imports back unchanged into another deployment.
//!
//! | key | 中文列名 | |
//! |---|---|---|
//! | org | 组织 | unified social credit code of the organisation (optional with `--org`) |
//! | date | 日期 | `YYYY-MM-DD` |
//! | number | 凭证号 | `记-0001` or `1`; empty: numbered on import |
//! | summary | 摘要 | voucher summary |
//! | account_code | 科目代码 | leaf account of the book |
//! | account_name | 科目名称 | informative, not read |
//! | debit | 借方金额 | yuan, up to two decimals |
//! | credit | 贷方金额 | yuan |
//! | line_summary | 分录摘要 | optional |
//! | attachments | 附件数 | optional |
//! | preparer | 制单人 | optional: read only by a migration import (the previous system's) |
//! | reviewer | 审核人 | optional, never read: an imported voucher is reviewed in Zhenxing |

use crate::error::FieldError;
use crate::ledger::voucher::{LineInput, Voucher, VoucherInput};

/// (key, Chinese header) in file order.
pub const COLUMNS: [(&str, &str); 12] = [
    ("org", "组织"),
    ("date", "日期"),
    ("number", "凭证号"),
    ("summary", "摘要"),
    ("account_code", "科目代码"),
    ("account_name", "科目名称"),
    ("debit", "借方金额"),
    ("credit", "贷方金额"),
    ("line_summary", "分录摘要"),
    ("attachments", "附件数"),
    ("preparer", "制单人"),
    ("reviewer", "审核人"),
];

/// One voucher read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileVoucher {
    /// Row of its first line (the header is row 1).
    pub row: usize,
    pub org: String,
    pub number: Option<i32>,
    pub voucher: Voucher,
    pub preparer: String,
    pub reviewer: String,
}

/// A refusal naming the row (1-based, header = 1) and the error (whose field is the column key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub error: FieldError,
}

fn column_index(header: &[String]) -> Result<Vec<Option<usize>>, RowError> {
    let mut index = Vec::new();
    for (key, zh) in COLUMNS {
        let found = header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(key) || h.trim() == zh);
        let required = matches!(
            key,
            "date" | "summary" | "account_code" | "debit" | "credit"
        );
        if found.is_none() && required {
            return Err(RowError {
                row: 1,
                error: FieldError::new("import.missing_column", key),
            });
        }
        index.push(found);
    }
    Ok(index)
}

/// The voucher being collected from consecutive rows.
struct Pending {
    /// (organisation, date, number) as written.
    key: (String, String, String),
    /// Row of its first line.
    row: usize,
    input: VoucherInput,
    preparer: String,
    reviewer: String,
}

impl Pending {
    fn finish(self) -> Result<FileVoucher, RowError> {
        let row = self.row;
        let voucher = self.input.validate().map_err(|error| {
            // Line errors name the file row of that line.
            let line = error.args.get("line").and_then(|l| l.parse::<usize>().ok());
            RowError {
                row: line.map(|l| row + l - 1).unwrap_or(row),
                error,
            }
        })?;
        let (org, _, number_text) = self.key;
        let number = if number_text.is_empty() {
            None
        } else {
            Some(parse_number(&number_text).ok_or_else(|| {
                RowError {
                    row,
                    error: FieldError::new("ledger.voucher_number_invalid", "number")
                        .arg("value", number_text.as_str()),
                }
            })?)
        };
        Ok(FileVoucher {
            row,
            org,
            number,
            voucher,
            preparer: self.preparer,
            reviewer: self.reviewer,
        })
    }
}

/// Parses a voucher number: `记-0001`, `记-1` or `1`.
pub fn parse_number(text: &str) -> Option<i32> {
    let t = text.trim();
    let digits = t
        .strip_prefix("记-")
        .or_else(|| t.strip_prefix("记"))
        .unwrap_or(t);
    digits.trim().parse::<i32>().ok().filter(|n| *n > 0)
}

/// Reads rows (header first) into vouchers, validating each like a voucher entered by hand.
pub fn parse(rows: &[Vec<String>]) -> Result<Vec<FileVoucher>, RowError> {
    let Some(header) = rows.first() else {
        return Err(RowError {
            row: 1,
            error: FieldError::new("import.empty", "file"),
        });
    };
    let index = column_index(header)?;
    let cell = |row: &[String], key: &str| -> String {
        COLUMNS
            .iter()
            .position(|(k, _)| *k == key)
            .and_then(|i| index[i])
            .and_then(|c| row.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut out: Vec<FileVoucher> = Vec::new();
    let mut current: Option<Pending> = None;
    for (i, row) in rows.iter().enumerate().skip(1) {
        let row_no = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let key = (cell(row, "org"), cell(row, "date"), cell(row, "number"));
        let line = LineInput {
            account_code: cell(row, "account_code"),
            debit: cell(row, "debit"),
            credit: cell(row, "credit"),
            summary: cell(row, "line_summary"),
        };
        // Without a number, a new summary starts a new voucher.
        let same = current.as_ref().is_some_and(|p| {
            p.key == key && (!key.2.is_empty() || p.input.summary == cell(row, "summary"))
        });
        if same {
            if let Some(p) = current.as_mut() {
                p.input.lines.push(line);
            }
            continue;
        }
        if let Some(done) = current.take() {
            out.push(done.finish()?);
        }
        current = Some(Pending {
            input: VoucherInput {
                date: key.1.clone(),
                summary: cell(row, "summary"),
                attachments: cell(row, "attachments"),
                lines: vec![line],
            },
            key,
            row: row_no,
            preparer: cell(row, "preparer"),
            reviewer: cell(row, "reviewer"),
        });
    }
    if let Some(done) = current.take() {
        out.push(done.finish()?);
    }
    if out.is_empty() {
        return Err(RowError {
            row: 1,
            error: FieldError::new("import.empty", "file"),
        });
    }
    Ok(out)
}

/// Rows of the export: header (Chinese) then one row per line.
pub fn header() -> Vec<String> {
    COLUMNS.iter().map(|(_, zh)| zh.to_string()).collect()
}

/// One row per line of a voucher, in [`COLUMNS`] order; `account_name` looks names up.
pub fn rows_of(
    org: &str,
    number: i32,
    voucher: &Voucher,
    preparer: &str,
    reviewer: &str,
    account_name: impl Fn(&str) -> String,
) -> Vec<Vec<String>> {
    voucher
        .lines
        .iter()
        .map(|l| {
            let amount = |m: crate::Money| {
                if m.0 == 0 {
                    String::new()
                } else {
                    m.to_string()
                }
            };
            vec![
                org.to_string(),
                voucher.date.to_string(),
                format!("记-{number:04}"),
                voucher.summary.clone(),
                l.account_code.clone(),
                account_name(&l.account_code),
                amount(l.debit),
                amount(l.credit),
                l.summary.clone(),
                voucher.attachments.to_string(),
                preparer.to_string(),
                reviewer.to_string(),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn groups_lines_into_vouchers_and_round_trips() {
        let file = rows(
            "组织,日期,凭证号,摘要,科目代码,科目名称,借方金额,贷方金额,分录摘要,附件数,制单人,审核人\n\
            ORG,2024-03-01,记-0001,收发包款,102,银行存款,500.00,,,1,王,李\n\
            ORG,2024-03-01,记-0001,收发包款,501,经营收入,,500.00,,1,王,李\n\
            ORG,2024-03-02,记-0002,付电费,513,管理费用,80.50,,,0,王,李\n\
            ORG,2024-03-02,记-0002,付电费,101,库存现金,,80.50,,0,王,李",
        );
        let vouchers = parse(&file).unwrap();
        assert_eq!(vouchers.len(), 2);
        assert_eq!((vouchers[1].row, vouchers[1].number), (4, Some(2)));
        let mut again = vec![header()];
        for v in &vouchers {
            again.extend(rows_of(
                &v.org,
                v.number.unwrap_or(0),
                &v.voucher,
                &v.preparer,
                &v.reviewer,
                |c| match c {
                    "102" => "银行存款".into(),
                    "501" => "经营收入".into(),
                    "513" => "管理费用".into(),
                    _ => "库存现金".into(),
                },
            ));
        }
        assert_eq!(parse(&again).unwrap(), vouchers);
        assert_eq!(again[1..], file[1..], "the export writes the file it read");
    }

    #[test]
    fn errors_name_the_row_of_the_bad_line() {
        let file = rows(
            "date,summary,account_code,debit,credit,preparer,reviewer\n\
            2024-03-01,收款,102,500,,王,李\n\
            2024-03-01,收款,501,,499,王,李",
        );
        let err = parse(&file).unwrap_err();
        assert_eq!((err.row, err.error.code), (2, "ledger.unbalanced"));
        let file = rows(
            "date,summary,account_code,debit,credit,preparer,reviewer\n\
            2024-03-01,收款,102,5x,,王,李\n\
            2024-03-01,收款,501,,5,王,李",
        );
        let err = parse(&file).unwrap_err();
        assert_eq!(
            (err.row, err.error.code, err.error.field),
            (2, "ledger.amount_invalid", "debit")
        );
        let missing = rows("date,summary,account_code,debit\n2024-03-01,x,102,1");
        assert_eq!(parse(&missing).unwrap_err().error.field, "credit");
    }
}
