//! Charts of accounts. The Ministry of Finance charts ship as data files
//! (`crates/domain/charts/*.csv`), so a province's correction is a file, not a code change.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// The accounting system a book follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountingSystem {
    /// 《村集体经济组织会计制度》财会〔2004〕12号: books for years up to 2023.
    Cs2004,
    /// 《农村集体经济组织会计制度》财会〔2023〕14号: books from 2024.
    Cs2023,
}

impl AccountingSystem {
    pub const ALL: [AccountingSystem; 2] = [AccountingSystem::Cs2004, AccountingSystem::Cs2023];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountingSystem::Cs2004 => "cs2004",
            AccountingSystem::Cs2023 => "cs2023",
        }
    }

    pub fn parse(text: &str) -> Result<AccountingSystem, FieldError> {
        AccountingSystem::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| {
                FieldError::new("ledger.system_invalid", "accounting_system").arg("value", text)
            })
    }

    /// The system in force for a fiscal year: 2023's applies from 2024-01-01.
    pub fn for_year(year: i32) -> AccountingSystem {
        if year >= 2024 {
            AccountingSystem::Cs2023
        } else {
            AccountingSystem::Cs2004
        }
    }

    /// The shipped template of this system.
    pub fn template_source(self) -> &'static str {
        match self {
            AccountingSystem::Cs2004 => include_str!("../../charts/chart-of-accounts-2004.csv"),
            AccountingSystem::Cs2023 => include_str!("../../charts/chart-of-accounts-2023.csv"),
        }
    }

    pub fn template(self) -> Result<ChartTemplate, FieldError> {
        ChartTemplate::parse(self, self.template_source())
    }
}

/// The side on which an account's balance normally stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// 借
    Debit,
    /// 贷
    Credit,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Debit => "debit",
            Side::Credit => "credit",
        }
    }

    pub fn parse(text: &str) -> Option<Side> {
        match text.trim() {
            "借" | "debit" => Some(Side::Debit),
            "贷" | "credit" => Some(Side::Credit),
            _ => None,
        }
    }
}

/// The element of the accounts: 资产, 负债, 所有者权益, 成本, 损益.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Asset,
    Liability,
    Equity,
    Cost,
    ProfitLoss,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Asset => "asset",
            Category::Liability => "liability",
            Category::Equity => "equity",
            Category::Cost => "cost",
            Category::ProfitLoss => "profit_loss",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        match text.trim() {
            "资产" | "asset" => Some(Category::Asset),
            "负债" | "liability" => Some(Category::Liability),
            "所有者权益" | "equity" => Some(Category::Equity),
            "成本" | "cost" => Some(Category::Cost),
            "损益" | "profit_loss" => Some(Category::ProfitLoss),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateAccount {
    pub code: String,
    pub name: String,
    pub category: Category,
    pub normal_side: Side,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartTemplate {
    pub system: AccountingSystem,
    pub accounts: Vec<TemplateAccount>,
}

impl ChartTemplate {
    /// Parses a chart file: header `code,name,category,normal_balance,note`, one first-level
    /// account per row (3-digit codes, unique).
    pub fn parse(system: AccountingSystem, text: &str) -> Result<ChartTemplate, FieldError> {
        let mut accounts: Vec<TemplateAccount> = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let row = (i + 1).to_string();
            let cells: Vec<&str> = line.splitn(5, ',').collect();
            let bad = |field: &'static str| {
                FieldError::new("ledger.chart_row_invalid", field)
                    .arg("row", row.clone())
                    .arg("value", line)
            };
            if cells.len() < 4 {
                return Err(bad("code"));
            }
            let code = cells[0].trim();
            if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad("code"));
            }
            if accounts.iter().any(|a| a.code == code) {
                return Err(bad("code"));
            }
            let name = cells[1].trim();
            if name.is_empty() {
                return Err(bad("name"));
            }
            accounts.push(TemplateAccount {
                code: code.to_string(),
                name: name.to_string(),
                category: Category::parse(cells[2]).ok_or_else(|| bad("category"))?,
                normal_side: Side::parse(cells[3]).ok_or_else(|| bad("normal_balance"))?,
            });
        }
        Ok(ChartTemplate { system, accounts })
    }

    pub fn get(&self, code: &str) -> Option<&TemplateAccount> {
        self.accounts.iter().find(|a| a.code == code)
    }
}

/// A sub-account (明细科目) code extends its parent's by three digits: 501 → 501001.
pub fn check_sub_account_code(parent: &str, code: &str) -> Result<(), FieldError> {
    let ok = code.len() == parent.len() + 3
        && code.starts_with(parent)
        && code.chars().all(|c| c.is_ascii_digit())
        && &code[parent.len()..] != "000";
    if ok {
        Ok(())
    } else {
        Err(FieldError::new("ledger.sub_account_code_invalid", "code")
            .arg("value", code)
            .arg("parent", parent))
    }
}

/// The parent code of a sub-account, `None` for a first-level account.
pub fn parent_code(code: &str) -> Option<&str> {
    (code.len() > 3).then(|| &code[..code.len() - 3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_charts_parse() {
        let c2023 = AccountingSystem::Cs2023.template().unwrap();
        assert_eq!(c2023.accounts.len(), 42);
        assert_eq!(c2023.get("501").unwrap().name, "经营收入");
        assert_eq!(c2023.get("152").unwrap().normal_side, Side::Credit);
        let c2004 = AccountingSystem::Cs2004.template().unwrap();
        assert_eq!(c2004.accounts.len(), 33);
        assert_eq!(c2004.get("561").unwrap().category, Category::ProfitLoss);
    }

    #[test]
    fn bad_chart_rows_are_named() {
        let err = ChartTemplate::parse(
            AccountingSystem::Cs2023,
            "code,name,category,normal_balance\n101,现金,资产,借\n10x,银行,资产,借\n",
        )
        .unwrap_err();
        assert_eq!(
            (err.code, err.args["row"].as_str()),
            ("ledger.chart_row_invalid", "3")
        );
    }

    #[test]
    fn sub_account_codes() {
        assert!(check_sub_account_code("501", "501001").is_ok());
        assert!(check_sub_account_code("501001", "501001002").is_ok());
        assert!(check_sub_account_code("501", "502001").is_err());
        assert!(check_sub_account_code("501", "50101").is_err());
        assert!(check_sub_account_code("501", "501000").is_err());
        assert_eq!(parent_code("501001"), Some("501"));
        assert_eq!(parent_code("501"), None);
    }
}

/// How first-level accounts carry over when a book's next year uses another chart
/// (新旧制度衔接), read from `charts/convert-<from>-to-<to>.csv`.
pub fn conversion(
    from: AccountingSystem,
    to: AccountingSystem,
) -> Result<Vec<(String, String)>, FieldError> {
    let text = match (from, to) {
        (a, b) if a == b => return Ok(Vec::new()),
        (AccountingSystem::Cs2004, AccountingSystem::Cs2023) => {
            include_str!("../../charts/convert-2004-to-2023.csv")
        }
        _ => {
            return Err(
                FieldError::new("ledger.conversion_missing", "accounting_system")
                    .arg("value", format!("{}→{}", from.as_str(), to.as_str())),
            );
        }
    };
    let mut pairs = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let mut cells = line.splitn(3, ',');
        let (Some(a), Some(b)) = (cells.next(), cells.next()) else {
            continue;
        };
        if a.trim().is_empty() {
            continue;
        }
        if a.trim().len() != 3 || b.trim().len() != 3 {
            return Err(FieldError::new("ledger.chart_row_invalid", "code")
                .arg("row", (i + 1).to_string())
                .arg("value", line));
        }
        pairs.push((a.trim().to_string(), b.trim().to_string()));
    }
    Ok(pairs)
}

#[cfg(test)]
mod conversion_tests {
    use super::*;

    #[test]
    fn every_balance_sheet_account_of_2004_has_a_home_in_2023() {
        let old = AccountingSystem::Cs2004.template().unwrap();
        let new = AccountingSystem::Cs2023.template().unwrap();
        let map = conversion(AccountingSystem::Cs2004, AccountingSystem::Cs2023).unwrap();
        for account in old
            .accounts
            .iter()
            .filter(|a| a.category != Category::ProfitLoss)
        {
            let (_, to) = map.iter().find(|(from, _)| *from == account.code).unwrap();
            let target = new.get(to).unwrap();
            assert_eq!(
                target.normal_side, account.normal_side,
                "{} → {}",
                account.code, to
            );
        }
    }
}
