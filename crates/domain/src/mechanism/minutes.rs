//! Minutes written as plain text: blank lines separate paragraphs (`<p>`), a single line
//! break becomes `<br>`, everything else is escaped. The stored form stays HTML (sanitized
//! by [`super::html::sanitize`] on validation), so the detail page, exports and the API are
//! unchanged; [`to_text`] turns stored HTML back into the text a form shows for editing.

/// The HTML of minutes typed as plain text.
pub fn to_html(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// Writes the lines gathered as one paragraph, and empties them.
fn flush(paragraph: &mut Vec<&str>, out: &mut String) {
    if paragraph.is_empty() {
        return;
    }
    out.push_str("<p>");
    let lines: Vec<String> = paragraph.iter().map(|l| escape(l.trim())).collect();
    out.push_str(&lines.join("<br>"));
    out.push_str("</p>");
    paragraph.clear();
}

/// The plain text of stored minutes: paragraphs and other blocks become blank lines, `<br>`
/// a line break, list items lines starting with "• "; other tags are dropped and entities
/// decoded. `to_text(&to_html(t))` gives `t` back (lines trimmed, runs of blank lines as one).
pub fn to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text_run(&rest[..lt], &mut out);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            // A lone '<' is text.
            text_run(&rest[lt..], &mut out);
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "br" => out.push('\n'),
            "li" if !closing => {
                line_break(&mut out);
                out.push_str("• ");
            }
            "li" => line_break(&mut out),
            "p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote"
            | "table" | "tr" | "pre" => paragraph_break(&mut out),
            _ => {}
        }
    }
    text_run(rest, &mut out);
    tidy(&out)
}

/// Escapes text for HTML content and attributes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text between tags: white space (line breaks of the source included) collapsed to one
/// space, entities decoded.
fn text_run(raw: &str, out: &mut String) {
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in decode(raw).chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(if c == '\u{a0}' { ' ' } else { c });
            last_space = false;
        }
    }
}

fn line_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn paragraph_break(out: &mut String) {
    if out.trim().is_empty() {
        return;
    }
    line_break(out);
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Lines trimmed, at most one blank line in a row, none at the ends.
fn tidy(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.split('\n').map(str::trim) {
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Decodes named (the common ones) and numeric character references; anything else stays.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mechanism::html::sanitize;

    #[test]
    fn paragraphs_and_line_breaks() {
        let text = "一、修路\r\n由张三负责\n\n\n二、<b>分红</b> & 账目";
        let html = to_html(text);
        assert_eq!(
            html,
            "<p>一、修路<br>由张三负责</p><p>二、&lt;b&gt;分红&lt;/b&gt; &amp; 账目</p>"
        );
        assert_eq!(to_html(" \n \n"), "");
    }

    #[test]
    fn round_trip_through_the_sanitizer() {
        for text in [
            "一、修路\n由张三负责\n\n二、<b>分红</b> & \"账目\" 'x'",
            "one paragraph",
            "",
            "a\nb\nc\n\nd",
            "1 < 2 > 0 &amp; literal",
        ] {
            let stored = sanitize(&to_html(text));
            assert_eq!(to_text(&stored), text, "{stored}");
            assert_eq!(sanitize(&to_html(&to_text(&stored))), stored);
        }
    }

    #[test]
    fn stored_html_as_text() {
        let html = "<h3>议题</h3>\n<p>第一&nbsp;项 <strong>重要</strong><br/>第二行</p>\
                    <ul><li>甲</li><li>乙 &#x4e19; &#20001;</li></ul><p>完</p>";
        assert_eq!(
            to_text(html),
            "议题\n\n第一 项 重要\n第二行\n\n• 甲\n• 乙 丙 両\n\n完"
        );
        assert_eq!(to_text("a &bogus; b < c"), "a &bogus; b < c");
    }
}
