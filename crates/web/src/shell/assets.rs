//! Static files, embedded in the binary. Every name carries a version, so browsers may
//! cache them for good.

pub struct Names {
    pub htmx: &'static str,
    pub css: &'static str,
    pub js: &'static str,
}

pub static NAMES: Names = Names {
    htmx: "vendor/htmx-2.0.11.min.js",
    css: "app-4.css",
    js: "app-3.js",
};

const FILES: &[(&str, &[u8], &str)] = &[
    (
        "vendor/htmx-2.0.11.min.js",
        include_bytes!("../../static/vendor/htmx-2.0.11.min.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "app-4.css",
        include_bytes!("../../static/app-4.css"),
        "text/css; charset=utf-8",
    ),
    (
        "app-3.js",
        include_bytes!("../../static/app-3.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "favicon.svg",
        include_bytes!("../../static/favicon.svg"),
        "image/svg+xml",
    ),
];

pub fn get(name: &str) -> Option<(&'static [u8], &'static str)> {
    FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, bytes, ct)| (*bytes, *ct))
}
