//! The one shape of every table of the pack: pages, the JSON API and the workbook all read a
//! [`Table`], so a figure is the same wherever it is shown.

use serde::Serialize;

/// The tables of the pack, in the workbook's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableCode {
    /// 表六 村集体经济组织收益分配统计表.
    T6,
    /// 表七 村集体经济组织资产负债统计表.
    T7,
    /// The classification of villages (空壳/薄弱/一般/强村) with each village's figure.
    Classification,
    /// Training coverage, first secretaries and reserve cadres by region.
    Training,
    /// Meetings and problems (the compliance board's figures) by region.
    Meetings,
    /// Industry results by region.
    Industry,
    /// The programme's facts F1–F15, each with the figure of the metric or record holding it.
    Facts,
    /// Recruitment campaigns of the year: positions, applicants, hires.
    Recruitment,
    /// The published assessment results of the year: total, rank and band per subject.
    Assessment,
}

impl TableCode {
    pub const ALL: [TableCode; 9] = [
        TableCode::T6,
        TableCode::T7,
        TableCode::Classification,
        TableCode::Facts,
        TableCode::Training,
        TableCode::Meetings,
        TableCode::Industry,
        TableCode::Recruitment,
        TableCode::Assessment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TableCode::T6 => "t6",
            TableCode::T7 => "t7",
            TableCode::Classification => "classification",
            TableCode::Training => "training",
            TableCode::Meetings => "meetings",
            TableCode::Industry => "industry",
            TableCode::Facts => "facts",
            TableCode::Recruitment => "recruitment",
            TableCode::Assessment => "assessment",
        }
    }

    pub fn parse(text: &str) -> Option<TableCode> {
        TableCode::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The message id of the table's title (`reports-table-<code>`).
    pub fn title_id(self) -> String {
        format!("reports-table-{}", self.as_str())
    }

    /// The message id saying which records and rule produced the table
    /// (`reports-source-<code>`).
    pub fn source_id(self) -> String {
        format!("reports-source-{}", self.as_str())
    }
}

/// A text in both languages: a message id (with arguments) of the translation files, or
/// the two captions a layout file gives, or a name (a region's) shown as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Text {
    Message {
        id: String,
        args: Vec<(String, String)>,
    },
    Captions {
        zh: String,
        en: String,
    },
    Name(String),
}

impl Text {
    pub fn message(id: impl Into<String>) -> Text {
        Text::Message {
            id: id.into(),
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &str, value: impl Into<String>) -> Text {
        if let Text::Message { args, .. } = &mut self {
            args.push((name.to_string(), value.into()));
        }
        self
    }
}

/// A figure of a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Value {
    /// Nothing to show (a figure that cannot be computed).
    Empty,
    /// Money in fen.
    Fen { fen: i64 },
    /// A count (villages, people, meetings, whole yuan of a metric counted in yuan).
    Count { count: i64 },
    /// A share: `value` out of `of`.
    Share { value: i64, of: i64 },
    /// Points in hundredths (an assessment's total).
    Points { hundredths: i64 },
    /// A word (a village's class).
    Text { text: Text },
}

impl Value {
    /// The share as a percentage with one decimal, `None` when the whole is not positive.
    pub fn percent(&self) -> Option<f64> {
        match self {
            Value::Share { value, of } if *of > 0 => {
                Some((*value as f64) * 1000.0 / (*of as f64)).map(|p| p.round() / 10.0)
            }
            _ => None,
        }
    }
}

/// A column of figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Stable key (JSON).
    pub key: String,
    pub label: Text,
}

/// A row: its 行次 or region code, its caption, a figure per column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The 行次 of a statistical return, or the region code of a region's row; empty for a
    /// total.
    pub code: String,
    pub label: Text,
    pub values: Vec<Value>,
}

/// One table of the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub code: TableCode,
    pub title: Text,
    /// The heading of the code column and of the caption column.
    pub code_label: Text,
    pub label_label: Text,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Which records and rule produced the table.
    pub source: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_back_and_shares_round() {
        for c in TableCode::ALL {
            assert_eq!(TableCode::parse(c.as_str()), Some(c));
        }
        assert_eq!(TableCode::parse("t8"), None);
        assert_eq!(Value::Share { value: 5, of: 17 }.percent(), Some(29.4));
        assert_eq!(Value::Share { value: 0, of: 0 }.percent(), None);
        assert_eq!(Value::Count { count: 3 }.percent(), None);
    }
}
