//! A whitelist sanitizer for meeting minutes (rich text from the editor).
//!
//! Kept: `p br strong em ul ol li h3 h4 blockquote`, and `a` with an `href` that starts with
//! `http://` or `https://` (given `rel="noopener noreferrer"`). Every other tag is dropped
//! with its attributes but its text is kept, except `script style iframe object embed
//! template noscript textarea title svg math`, whose content goes too. Comments and
//! declarations are dropped. The output is well formed: tags are closed in order, stray
//! closing tags are dropped, and text is escaped.

const ALLOWED: [&str; 11] = [
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
    "a",
];

const DROP_CONTENT: [&str; 11] = [
    "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "title",
    "svg", "math",
];

/// One parsed tag.
struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
}

/// Returns the sanitized HTML of `input`.
pub fn sanitize(input: &str) -> String {
    let chars: Vec<char> = input.chars().collect();
    let mut out = String::with_capacity(input.len());
    let mut open: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '<' {
            push_text_char(&chars, i, &mut out);
            i += 1;
            continue;
        }
        // Comments and declarations: skip to their end.
        if starts_with(&chars, i, "<!--") {
            i = find(&chars, i + 4, "-->")
                .map(|e| e + 3)
                .unwrap_or(chars.len());
            continue;
        }
        if starts_with(&chars, i, "<!") || starts_with(&chars, i, "<?") {
            i = find(&chars, i + 2, ">")
                .map(|e| e + 1)
                .unwrap_or(chars.len());
            continue;
        }
        let Some((tag, end)) = parse_tag(&chars, i) else {
            out.push_str("&lt;");
            i += 1;
            continue;
        };
        i = end;
        let name = tag.name.as_str();
        if !tag.closing && DROP_CONTENT.contains(&name) {
            // Skip everything up to the matching closing tag (or the end).
            let close = format!("</{name}");
            i = find_ci(&chars, i, &close)
                .map(|e| find(&chars, e, ">").map(|g| g + 1).unwrap_or(chars.len()))
                .unwrap_or(chars.len());
            continue;
        }
        let Some(allowed) = ALLOWED.iter().find(|a| **a == name).copied() else {
            continue;
        };
        if tag.closing {
            if let Some(pos) = open.iter().rposition(|t| *t == allowed) {
                while open.len() > pos {
                    if let Some(t) = open.pop() {
                        out.push_str(&format!("</{t}>"));
                    }
                }
            }
            continue;
        }
        match allowed {
            "br" => out.push_str("<br>"),
            "a" => {
                let href = tag
                    .attrs
                    .iter()
                    .find(|(k, _)| k == "href")
                    .map(|(_, v)| decode_entities(v).trim().to_string())
                    .filter(|v| {
                        let lower = v.to_ascii_lowercase();
                        (lower.starts_with("http://") || lower.starts_with("https://"))
                            && !v.chars().any(char::is_control)
                    });
                match href {
                    Some(h) => out.push_str(&format!(
                        "<a href=\"{}\" rel=\"noopener noreferrer\">",
                        escape_attr(&h)
                    )),
                    None => out.push_str("<a>"),
                }
                open.push(allowed);
            }
            other => {
                out.push('<');
                out.push_str(other);
                out.push('>');
                open.push(allowed);
            }
        }
    }
    while let Some(t) = open.pop() {
        out.push_str(&format!("</{t}>"));
    }
    out
}

/// The visible text of sanitized or raw HTML, tags removed and entities decoded (for search,
/// exports and previews).
pub fn to_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(out.trim())
}

fn starts_with(chars: &[char], at: usize, s: &str) -> bool {
    s.chars()
        .enumerate()
        .all(|(k, c)| chars.get(at + k) == Some(&c))
}

fn find(chars: &[char], from: usize, s: &str) -> Option<usize> {
    (from..chars.len()).find(|&i| starts_with(chars, i, s))
}

fn find_ci(chars: &[char], from: usize, s: &str) -> Option<usize> {
    let pattern: Vec<char> = s.chars().collect();
    (from..chars.len()).find(|&i| {
        pattern
            .iter()
            .enumerate()
            .all(|(k, p)| chars.get(i + k).is_some_and(|c| c.eq_ignore_ascii_case(p)))
    })
}

/// Parses a tag at `at` (which holds `<`); `None` when it is not a tag (then `<` is text).
fn parse_tag(chars: &[char], at: usize) -> Option<(Tag, usize)> {
    let mut i = at + 1;
    let closing = chars.get(i) == Some(&'/');
    if closing {
        i += 1;
    }
    if !chars.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut name = String::new();
    while let Some(c) = chars.get(i).filter(|c| c.is_ascii_alphanumeric()) {
        name.push(c.to_ascii_lowercase());
        i += 1;
    }
    let mut attrs = Vec::new();
    loop {
        while chars.get(i).is_some_and(|c| c.is_whitespace() || *c == '/') {
            i += 1;
        }
        match chars.get(i) {
            None => return None,
            Some('>') => {
                return Some((
                    Tag {
                        name,
                        closing,
                        attrs,
                    },
                    i + 1,
                ));
            }
            Some(_) => {}
        }
        let mut key = String::new();
        while let Some(c) = chars
            .get(i)
            .filter(|c| !c.is_whitespace() && !matches!(c, '=' | '>' | '/'))
        {
            key.push(c.to_ascii_lowercase());
            i += 1;
        }
        if key.is_empty() {
            // A lone `=` or similar: skip it.
            i += 1;
            continue;
        }
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        let mut value = String::new();
        if chars.get(i) == Some(&'=') {
            i += 1;
            while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                i += 1;
            }
            match chars.get(i) {
                Some(q @ ('"' | '\'')) => {
                    let q = *q;
                    i += 1;
                    while let Some(c) = chars.get(i) {
                        i += 1;
                        if *c == q {
                            break;
                        }
                        value.push(*c);
                    }
                }
                _ => {
                    while let Some(c) = chars.get(i).filter(|c| !c.is_whitespace() && **c != '>') {
                        value.push(*c);
                        i += 1;
                    }
                }
            }
        }
        attrs.push((key, value));
    }
}

/// Pushes the text character at `i`, escaped; `&` stays when it starts an entity.
fn push_text_char(chars: &[char], i: usize, out: &mut String) {
    match chars[i] {
        '&' if entity_len(chars, i).is_some() => out.push('&'),
        '&' => out.push_str("&amp;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\0' => {}
        c => out.push(c),
    }
}

/// Length of a character reference at `i` (`&amp;`, `&#39;`, `&#x4e2d;`).
fn entity_len(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if chars.get(j) == Some(&'#') {
        j += 1;
        let hex = matches!(chars.get(j), Some('x' | 'X'));
        if hex {
            j += 1;
        }
        let start = j;
        while chars.get(j).is_some_and(|c| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        }) {
            j += 1;
        }
        if j == start || j - start > 7 {
            return None;
        }
    } else {
        let start = j;
        while chars.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
            j += 1;
        }
        if j == start || j - start > 31 {
            return None;
        }
    }
    (chars.get(j) == Some(&';')).then_some(j + 1 - i)
}

/// Decodes the common named and all numeric character references.
fn decode_entities(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '&'
            && let Some(len) = entity_len(&chars, i)
        {
            let body: String = chars[i + 1..i + len - 1].iter().collect();
            let decoded = match body.as_str() {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                b if b.starts_with("#x") || b.starts_with("#X") => u32::from_str_radix(&b[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                b if b.starts_with('#') => b[1..].parse::<u32>().ok().and_then(char::from_u32),
                _ => None,
            };
            if let Some(c) = decoded {
                out.push(c);
                i += len;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_whitelist_and_drops_the_rest() {
        assert_eq!(
            sanitize("<p class=\"x\" onclick=\"evil()\">会议<strong>决定</strong></p>"),
            "<p>会议<strong>决定</strong></p>"
        );
        assert_eq!(
            sanitize("<script>alert(1)</script><p>ok</p><style>p{}</style>"),
            "<p>ok</p>"
        );
        assert_eq!(
            sanitize("<div><span>文字</span></div><img src=x onerror=alert(1)>"),
            "文字"
        );
        assert_eq!(
            sanitize("<a href=\"javascript:alert(1)\">x</a>"),
            "<a>x</a>"
        );
        assert_eq!(
            sanitize("<a href='https://example.org/?a=1&amp;b=2' target=_blank>link</a>"),
            "<a href=\"https://example.org/?a=1&amp;b=2\" rel=\"noopener noreferrer\">link</a>"
        );
        assert_eq!(sanitize("<A HREF=\"jav&#x61;script:x\">y</A>"), "<a>y</a>");
        assert_eq!(
            sanitize("<ul><li>一<li>二</ul>"),
            "<ul><li>一<li>二</li></li></ul>"
        );
        assert_eq!(
            sanitize("<p>unclosed <em>em"),
            "<p>unclosed <em>em</em></p>"
        );
        assert_eq!(sanitize("</p>stray</strong>"), "stray");
        assert_eq!(sanitize("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
        assert_eq!(sanitize("<!-- x --><p>1&nbsp;2</p>"), "<p>1&nbsp;2</p>");
        assert_eq!(sanitize("<p>x<br/>y<br></p>"), "<p>x<br>y<br></p>");
        assert_eq!(sanitize("<SCRIPT>x</script >after"), "after");
        assert_eq!(sanitize("<p title=\"a>b\">t</p>"), "<p>t</p>");
        assert_eq!(
            to_text("<p>会议&amp;<strong>决定</strong></p>"),
            "会议& 决定"
        );
    }

    #[test]
    fn output_is_stable() {
        for input in [
            "<p>a<em>b</p>c</em>",
            "<h3>t</h3><blockquote>q</blockquote><ol><li>1</li></ol>",
            "<a href=\"http://x.cn\">x</a> & <",
        ] {
            let once = sanitize(input);
            assert_eq!(sanitize(&once), once, "{input}");
        }
    }
}
