//! Formatting for people: money in yuan and 万元, dates and times in China time, quantities
//! with their units in the reader's language, file sizes.

/// Fen as yuan with thousands separators and two decimals: `-1,234,567.80`.
pub fn yuan(fen: i64) -> String {
    let abs = fen.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{grouped}.{:02}", abs % 100)
}

/// [`yuan`], or nothing for zero (as printed account books leave the cell empty).
pub fn yuan_or_blank(fen: i64) -> String {
    if fen == 0 { String::new() } else { yuan(fen) }
}

/// Yuan text for an input field: no separators, empty for zero.
pub fn yuan_input(fen: i64) -> String {
    if fen == 0 {
        String::new()
    } else {
        domain::Money(fen).to_string()
    }
}

/// Today in China (UTC+8), whatever the server's clock zone.
pub fn today() -> chrono::NaiveDate {
    domain::time::today()
}

/// A stored UTC timestamp as China time (UTC+8), `YYYY-MM-DD HH:MM`; text that is no
/// timestamp is shown as it is.
pub fn china_time(ts: &str) -> String {
    domain::time::parse_ts(ts)
        .map(|t| {
            (t + chrono::Duration::hours(8))
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| ts.to_string())
}

/// The China date (UTC+8) of a stored UTC timestamp, `YYYY-MM-DD` (the day after 16:00 UTC);
/// text that is no timestamp is shown as it is.
pub fn china_date(ts: &str) -> String {
    domain::time::parse_ts(ts)
        .map(|t| {
            (t + chrono::Duration::hours(8))
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_else(|| ts.to_string())
}

/// 1 234 567 bytes as "1.2 MB", small files as "12 KB".
pub fn file_size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// Fen in 万元 (10,000 yuan), exact, trailing zeros dropped: 50,000,000 fen is `50`.
pub fn wan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let text = format!("{sign}{}.{:06}", abs / 1_000_000, abs % 1_000_000);
    domain::decimal::Decimal::parse(&text)
        .map(|d| d.to_string())
        .unwrap_or(text)
}

/// A computed quantity (decimal text, up to 6 decimals) as a person reads it: rounded half up
/// to 2 decimals (10 g of a kilogram), trailing zeros dropped. Text that is not a decimal is
/// shown as it is.
pub fn quantity(text: &str) -> String {
    use domain::decimal::Decimal;
    let Some(d) = Decimal::parse(text) else {
        return text.to_string();
    };
    if d.scale() <= 2 {
        return d.to_string();
    }
    let div = 10_i128.pow(d.scale() - 2);
    let m = d.mantissa();
    let half = div / 2;
    let hundredths = if m >= 0 {
        (m + half) / div
    } else {
        (m - half) / div
    };
    let sign = if hundredths < 0 { "-" } else { "" };
    let abs = hundredths.unsigned_abs();
    Decimal::parse(&format!("{sign}{}.{:02}", abs / 100, abs % 100))
        .map(|d| d.to_string())
        .unwrap_or_else(|| text.to_string())
}

/// A unit of measure as a reader of the page's language knows it: kg is 公斤 in Chinese, 克 and
/// 斤 likewise; any other unit (袋, 株…) as it was entered.
pub fn unit_name(tr: &crate::i18n::Tr, unit: &str) -> String {
    match unit.trim() {
        "kg" | "公斤" | "千克" => tr.t("unit-kg"),
        "g" | "克" => tr.t("unit-g"),
        "斤" => tr.t("unit-jin"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_groups_thousands() {
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-5), "-0.05");
        assert_eq!(yuan(100_000), "1,000.00");
        assert_eq!(yuan(20_000_000), "200,000.00");
        assert_eq!(yuan(-12_345_678_901), "-123,456,789.01");
        assert_eq!(yuan(99_999), "999.99");
        assert_eq!(yuan_or_blank(0), "");
        assert_eq!(yuan_input(150), "1.50");
    }

    #[test]
    fn china_time_is_eight_hours_ahead_and_crosses_the_day() {
        assert_eq!(china_time("2024-05-01T16:30:00Z"), "2024-05-02 00:30");
        assert_eq!(china_time("not a time"), "not a time");
        assert_eq!(china_date("2024-05-01T16:30:00Z"), "2024-05-02");
        assert_eq!(china_date("2024-05-01T15:59:59Z"), "2024-05-01");
    }

    #[test]
    fn file_sizes_round_up_to_kilobytes() {
        assert_eq!(file_size(1), "1 KB");
        assert_eq!(file_size(1024), "1 KB");
        assert_eq!(file_size(1025), "2 KB");
        assert_eq!(file_size(1_234_567), "1.2 MB");
    }
}

#[cfg(test)]
mod quantity_tests {
    use super::quantity;

    #[test]
    fn computed_quantities_are_shown_to_hundredths() {
        for (computed, shown) in [
            ("0.344444", "0.34"),
            ("0.345", "0.35"),
            ("232.666667", "232.67"),
            ("100", "100"),
            ("0.1", "0.1"),
            ("12.004", "12"),
            ("-1.005", "-1.01"),
            ("袋", "袋"),
        ] {
            assert_eq!(quantity(computed), shown, "{computed}");
        }
    }
}
