//! The sanitiser for meeting minutes (rich text from the editor), built on `ammonia`
//! (an HTML5 parser, html5ever, and a whitelist).
//!
//! Kept: `p br strong em ul ol li h3 h4 blockquote`, and `a` with an `href` whose scheme is
//! `http` or `https` (relative and other URLs are removed). Every `a` gets
//! `rel="noopener noreferrer"`, also one whose `href` was removed (harmless: it links
//! nowhere). Every other tag is dropped with its attributes but its text is kept, except
//! `script style iframe object embed template noscript textarea title svg math`, whose
//! content goes too. Comments are dropped. The output is well formed HTML as a browser
//! would parse the input (an unclosed `li` ends at the next `li`), and text is escaped.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

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

/// The configured cleaner, built once. Every setting is given explicitly rather than taken
/// from ammonia's defaults, which allow more tags and attributes.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(ALLOWED.into_iter().collect())
        .clean_content_tags(DROP_CONTENT.into_iter().collect())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href"]))]))
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .allowed_classes(HashMap::new())
        .url_schemes(HashSet::from(["http", "https"]))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .id_prefix(None);
    builder
});

/// Returns the sanitized HTML of `input`.
pub fn sanitize(input: &str) -> String {
    CLEANER.clean(input).to_string()
}

/// The path under which news images are served; the only `src` a news image may have is
/// this path followed by an image id (a UUID).
pub const NEWS_IMAGE_PATH: &str = "/public/news/images/";

/// Whether `src` names one of our own news images: `/public/news/images/<uuid>`.
pub fn is_news_image_src(src: &str) -> bool {
    src.strip_prefix(NEWS_IMAGE_PATH)
        .is_some_and(|id| id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'))
}

/// A relative URL kept by the news cleaner: our own news images only.
fn own_image_url(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    is_news_image_src(url).then_some(std::borrow::Cow::Borrowed(url))
}

/// The cleaner of news (工作动态): the minutes' whitelist above plus `img` with `src` (only
/// our own news images, [`is_news_image_src`]) and `alt`. Built from the same lists, so the
/// two never drift apart.
static NEWS_CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(ALLOWED.into_iter().chain(["img"]).collect())
        .clean_content_tags(DROP_CONTENT.into_iter().collect())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("img", HashSet::from(["src", "alt"])),
        ]))
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .allowed_classes(HashMap::new())
        .url_schemes(HashSet::from(["http", "https"]))
        // Relative URLs: only our own news images survive (links and images alike).
        .url_relative(ammonia::UrlRelative::Custom(Box::new(own_image_url)))
        // An image's source is never another site's (no tracking pixels, no hotlinks).
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && !is_news_image_src(value) {
                None
            } else {
                Some(value.into())
            }
        })
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .id_prefix(None);
    builder
});

/// Returns the sanitized HTML of a news text (see [`NEWS_CLEANER`]).
pub fn sanitize_news(input: &str) -> String {
    NEWS_CLEANER.clean(input).to_string()
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
        // ammonia gives every `a` its rel, also one whose href it removed: it links nowhere.
        assert_eq!(
            sanitize("<a href=\"javascript:alert(1)\">x</a>"),
            "<a rel=\"noopener noreferrer\">x</a>"
        );
        assert_eq!(
            sanitize("<a href='https://example.org/?a=1&amp;b=2' target=_blank>link</a>"),
            "<a href=\"https://example.org/?a=1&amp;b=2\" rel=\"noopener noreferrer\">link</a>"
        );
        assert_eq!(
            sanitize("<A HREF=\"jav&#x61;script:x\">y</A>"),
            "<a rel=\"noopener noreferrer\">y</a>"
        );
        assert_eq!(
            sanitize("<ul><li>一<li>二</ul>"),
            "<ul><li>一</li><li>二</li></ul>",
            "an unclosed li ends at the next li, as a browser parses it"
        );
        assert_eq!(
            sanitize("<p>unclosed <em>em"),
            "<p>unclosed <em>em</em></p>"
        );
        // A stray `</p>` opens and closes an empty paragraph, as a browser parses it.
        assert_eq!(sanitize("</p>stray</strong>"), "<p></p>stray");
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

    #[test]
    fn only_http_links_and_no_active_content_survive() {
        let out = sanitize(
            "<a href=\"/relative\">r</a><a href=\"data:text/html,x\">d</a>\
             <a href=\" JAVASCRIPT:x\">j</a><a href=\"HTTPS://X.cn/a\">u</a>",
        );
        assert_eq!(
            out,
            "<a rel=\"noopener noreferrer\">r</a><a rel=\"noopener noreferrer\">d</a>\
             <a rel=\"noopener noreferrer\">j</a>\
             <a href=\"HTTPS://X.cn/a\" rel=\"noopener noreferrer\">u</a>"
        );
        assert_eq!(
            sanitize(
                "<svg><script>alert(1)</script></svg>after<math><mi>x</mi></math>\
                 <p style=\"color:red\" onmouseover=\"x()\">s</p>"
            ),
            "after<p>s</p>"
        );
        assert_eq!(
            sanitize(
                "<iframe src=x>f</iframe><noscript><p>n</p></noscript><textarea>t</textarea>\
                 <template><p>t</p></template><object>o</object><title>t</title>ok"
            ),
            "ok"
        );
        for hostile in [
            "<img src=x onerror=alert(1)>",
            "<p onclick=alert(1)>x</p>",
            "<a href=\"javascript:alert(1)\" onclick=\"x\">x</a>",
            "<scr<script>ipt>alert(1)</script>",
            "<svg onload=alert(1)>",
            "<p style=\"background:url(javascript:x)\">x</p>",
        ] {
            let out = sanitize(hostile).to_ascii_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onclick",
                "onload",
                "javascript:",
                "style=",
            ] {
                assert!(!out.contains(bad), "{hostile} gave {out}");
            }
        }
    }

    #[test]
    fn news_keeps_only_our_own_images() {
        let id = "01938a2b-0000-7000-8000-00000abcdef1";
        assert_eq!(
            sanitize_news(&format!(
                "<p>x</p><img src=\"/public/news/images/{id}\" alt=\"图\" onerror=\"alert(1)\">"
            )),
            format!("<p>x</p><img src=\"/public/news/images/{id}\" alt=\"图\">")
        );
        for hostile in [
            "<img src=x onerror=alert(1)>",
            "<img src=\"https://evil.example/t.gif\">",
            "<img src=\"javascript:alert(1)\">",
            "<img src=\"/public/news/images/../../login\">",
            "<a href=\"/admin\">a</a>",
            "<svg><image href=x onerror=alert(1)></svg>",
        ] {
            let out = sanitize_news(hostile).to_ascii_lowercase();
            for bad in [
                "onerror",
                "evil",
                "javascript:",
                "src=\"x",
                "/admin",
                "..",
                "<svg",
            ] {
                assert!(!out.contains(bad), "{hostile} gave {out}");
            }
        }
        // The minutes' cleaner still drops every image.
        assert_eq!(
            sanitize(&format!("<img src=\"/public/news/images/{id}\">")),
            ""
        );
    }
}
