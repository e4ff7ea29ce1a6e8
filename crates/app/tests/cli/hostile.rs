//! Hostile files against the running server (issue 12 point 1): the real `zhenxing demo`
//! binary on a free port. Each file — a dimension bomb, a CV200000 cell, a zip bomb, a huge
//! shared-string table, deeply nested XML, random bytes and a CSV with a 100 MB line — is
//! posted to every importer (regions, people roster, talent pool, training attendance, industry logs,
//! vouchers) and to the news picture reader (issue 15), which also gets pictures of its own:
//! PNG and JPEG headers declaring sizes no server should decode (a small file inflating to
//! gigabytes) and a file over its 15 MB bound. Every answer is a clear translated error
//! (naming the limit where there is one) with a status under 500; afterwards the server
//! answers /healthz and a page, and its peak memory (VmHWM) stayed under its idle RSS + 256 MB.

use super::temp_dir;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MIB: usize = 1024 * 1024;

/// An HTTP answer: status, `Set-Cookie` name=value pairs, `Location`, body text.
struct Answer {
    status: u16,
    cookies: Vec<(String, String)>,
    location: Option<String>,
    body: String,
}

impl Answer {
    fn cookie(&self, name: &str) -> String {
        self.cookies
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no cookie {name}: {}", self.body))
    }
}

/// One HTTP/1.1 request on its own connection. The body is written from another thread
/// while the answer is read, so an answer given before the body is read (413) arrives.
fn http(addr: &str, head: &str, body: Vec<u8>) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request = format!(
        "{head}Host: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        // The server may answer and close before it has read everything.
        let _ = writer.write_all(request.as_bytes());
        for chunk in body.chunks(256 * 1024) {
            if writer.write_all(chunk).is_err() {
                break;
            }
        }
    });
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            // A reset after the answer (the unread body) ends it too.
            Err(_) if !raw.is_empty() => break,
            Err(e) => panic!("{head}: {e}"),
        }
    }
    drop(stream);
    let _ = sender.join();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{head}: no answer head in {} bytes", raw.len()));
    let header = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut payload = raw[split + 4..].to_vec();
    let status = header
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    let mut cookies = Vec::new();
    let mut location = None;
    let mut chunked = false;
    for line in header.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        if name == "set-cookie"
            && let Some((k, v)) = value
                .trim()
                .split(';')
                .next()
                .and_then(|kv| kv.split_once('='))
        {
            cookies.push((k.to_string(), v.to_string()));
        }
        if name == "location" {
            location = Some(value.trim().to_string());
        }
        if name == "transfer-encoding" && value.to_ascii_lowercase().contains("chunked") {
            chunked = true;
        }
    }
    if chunked {
        payload = dechunk(&payload);
    }
    Answer {
        status,
        cookies,
        location,
        body: String::from_utf8_lossy(&payload).into_owned(),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&data[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        let stop = (start + size).min(data.len());
        out.extend_from_slice(&data[start..stop]);
        data = &data[(stop + 2).min(data.len())..];
    }
    out
}

/// A signed-in user: cookie header and CSRF token.
struct Session {
    cookie: String,
    csrf: String,
}

fn csrf_in(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    html[start..start + 64].to_string()
}

fn get(addr: &str, path: &str, cookie: &str) -> Answer {
    http(
        addr,
        &format!("GET {path} HTTP/1.1\r\nCookie: {cookie}\r\n"),
        Vec::new(),
    )
}

fn sign_in(addr: &str, username: &str) -> Session {
    let page = get(addr, "/login", "");
    let anon = page.cookie("zx_csrf");
    let form = format!(
        "_csrf={}&username={username}&password=Zhenxing2026%21",
        csrf_in(&page.body)
    );
    let res = http(
        addr,
        &format!(
            "POST /login HTTP/1.1\r\nCookie: zx_csrf={anon}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        ),
        form.into_bytes(),
    );
    assert_eq!(res.status, 303, "sign-in as {username}: {}", res.body);
    let cookie = format!("zx_session={}", res.cookie("zx_session"));
    let home = get(addr, "/", &cookie);
    Session {
        csrf: csrf_in(&home.body),
        cookie,
    }
}

/// A multipart upload of `file` as the form field `field` (with `batch_id` when given), as the
/// import and picture forms send it.
fn upload(
    addr: &str,
    s: &Session,
    path: &str,
    field: &str,
    batch: Option<&str>,
    name: &str,
    file: &[u8],
) -> Answer {
    let boundary = "zxhostile";
    let mut body = Vec::new();
    if let Some(batch) = batch {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"batch_id\"\r\n\r\n{batch}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    http(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nCookie: {}\r\nx-csrf-token: {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n",
            s.cookie, s.csrf
        ),
        body,
    )
}

/// The first `prefix<uuid>` in a page.
fn id_after(html: &str, prefix: &str) -> Option<String> {
    html.match_indices(prefix).find_map(|(i, _)| {
        let id: String = html[i + prefix.len()..].chars().take(36).collect();
        (id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-')).then_some(id)
    })
}

// ------------------------------------------------------------------ files

/// A zip archive: (name, bytes) entries stored as they are.
fn zip_stored(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let entries: Vec<ZipEntry> = entries
        .iter()
        .map(|(name, data)| ZipEntry {
            name: name.to_string(),
            method: 0,
            crc: crc(data),
            size: data.len() as u64,
            data: data.clone(),
        })
        .collect();
    zip(&entries)
}

struct ZipEntry {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    crc: u32,
    /// Uncompressed size.
    size: u64,
    /// The bytes as stored.
    data: Vec<u8>,
}

fn crc(data: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(data);
    h.finalize()
}

fn zip(entries: &[ZipEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let (size, compressed) = (e.size as u32, e.data.len() as u32);
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&e.method.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
        out.extend_from_slice(&e.crc.to_le_bytes());
        out.extend_from_slice(&compressed.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&e.method.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&e.crc.to_le_bytes());
        central.extend_from_slice(&compressed.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(e.name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// The parts of a one-sheet workbook other than the sheet and the shared strings.
fn workbook_parts() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_vec()),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_vec()),
    ]
}

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;
const EMPTY_STRINGS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#;

/// A workbook whose sheet declares A1:`corner` and holds one cell there beside a header.
fn far_cell(corner: &str, row: u32) -> Vec<u8> {
    let sheet = format!(
        r#"{SHEET_START}<dimension ref="A1:{corner}"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>区划代码</t></is></c></row><row r="{row}"><c r="{corner}"><v>1</v></c></row></sheetData></worksheet>"#
    );
    let mut parts = workbook_parts();
    parts.push(("xl/worksheets/sheet1.xml", sheet.into_bytes()));
    parts.push(("xl/sharedStrings.xml", EMPTY_STRINGS.to_vec()));
    zip_stored(&parts)
}

/// A deflated entry of `head`, then `body` `times` over, then `tail`, made by compressing
/// each part once with a sync flush (so the parts' streams join) and repeating the body's.
fn repeated_entry(name: &str, head: &[u8], body: &[u8], times: usize, tail: &[u8]) -> ZipEntry {
    fn part(data: &[u8]) -> Vec<u8> {
        let mut c = flate2::Compress::new(flate2::Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() / 2 + 1024);
        c.compress_vec(data, &mut out, flate2::FlushCompress::Sync)
            .unwrap();
        assert_eq!(c.total_in() as usize, data.len());
        out
    }
    let (h, b, t) = (part(head), part(body), part(tail));
    let mut data = h;
    for _ in 0..times {
        data.extend_from_slice(&b);
    }
    data.extend_from_slice(&t);
    // A final, empty stored block ends the stream.
    data.extend_from_slice(&[0x01, 0x00, 0x00, 0xff, 0xff]);
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(head);
    for _ in 0..times {
        hasher.update(body);
    }
    hasher.update(tail);
    ZipEntry {
        name: name.to_string(),
        method: 8,
        crc: hasher.finalize(),
        size: (head.len() + body.len() * times + tail.len()) as u64,
        data,
    }
}

fn stored(name: &str, data: &[u8]) -> ZipEntry {
    ZipEntry {
        name: name.to_string(),
        method: 0,
        crc: crc(data),
        size: data.len() as u64,
        data: data.to_vec(),
    }
}

/// A workbook whose sheet inflates to ~450 MB (blank space between two rows).
fn zip_bomb() -> Vec<u8> {
    let mut entries: Vec<ZipEntry> = workbook_parts().iter().map(|(n, d)| stored(n, d)).collect();
    entries.push(stored("xl/sharedStrings.xml", EMPTY_STRINGS));
    let head = format!(
        r#"{SHEET_START}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>区划代码</t></is></c></row>"#
    );
    entries.push(repeated_entry(
        "xl/worksheets/sheet1.xml",
        head.as_bytes(),
        &vec![b' '; MIB],
        450,
        b"</sheetData></worksheet>",
    ));
    zip(&entries)
}

/// A workbook whose shared-string table inflates to 48 MB of one-letter strings.
fn shared_string_bomb() -> Vec<u8> {
    let mut entries: Vec<ZipEntry> = workbook_parts().iter().map(|(n, d)| stored(n, d)).collect();
    let sheet = format!(
        r#"{SHEET_START}<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
    );
    entries.push(stored("xl/worksheets/sheet1.xml", sheet.as_bytes()));
    let one = b"<si><t>a</t></si>";
    let body: Vec<u8> = one
        .iter()
        .copied()
        .cycle()
        .take(one.len() * 61_680)
        .collect();
    let times = 48;
    let count = 61_680 * times;
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">"#
    );
    entries.push(repeated_entry(
        "xl/sharedStrings.xml",
        head.as_bytes(),
        &body,
        times,
        b"</sst>",
    ));
    zip(&entries)
}

/// A workbook whose sheet nests 200,000 elements inside a cell.
fn nested_xml() -> Vec<u8> {
    let depth = 200_000;
    let sheet = format!(
        r#"{SHEET_START}<sheetData><row r="1"><c r="A1" t="inlineStr"><is>{}<t>区划代码</t>{}</is></c></row></sheetData></worksheet>"#,
        "<r>".repeat(depth),
        "</r>".repeat(depth)
    );
    let mut parts = workbook_parts();
    parts.push(("xl/worksheets/sheet1.xml", sheet.into_bytes()));
    parts.push(("xl/sharedStrings.xml", EMPTY_STRINGS.to_vec()));
    zip_stored(&parts)
}

/// Bytes from a fixed xorshift generator, beginning like a zip.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = b"PK\x03\x04".to_vec();
    while out.len() < n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

/// A PNG whose header declares `width` × `height` RGB pixels, its data 16 MiB of zero rows
/// deflated to a few KiB: what a reader that decodes first would be made to inflate.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut h = crc32fast::Hasher::new();
        h.update(kind);
        h.update(data);
        out.extend_from_slice(&h.finalize().to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &header);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![0u8; 16 * MIB]).unwrap();
    chunk(&mut png, b"IDAT", &z.finish().unwrap());
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A real JPEG (the reader's own output for a small picture) whose frame header is made to
/// declare `width` × `height`.
fn jpeg_declaring(width: u16, height: u16) -> Vec<u8> {
    let small = usecase::image::sample_png(16, 16);
    let mut jpeg = usecase::image::prepare(&small, "image").unwrap().jpeg;
    // Walk the segments after SOI (FF D8) to the baseline frame header (FF C0): length (2),
    // precision (1), height (2), width (2).
    let mut at = 2;
    while jpeg[at + 1] != 0xC0 {
        assert_eq!(jpeg[at], 0xFF, "a JPEG segment at {at}");
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    jpeg[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

fn kib_of(pid: u32, field: &str) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn hostile_files_on_every_importer_and_the_news_picture_reader_leave_the_server_up() {
    let started = Instant::now();
    let dir = temp_dir();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_zhenxing"))
            .args([
                "demo",
                "--data-dir",
                dir.to_str().unwrap(),
                "--listen",
                &addr,
            ])
            .env_remove("ZHENXING_DATABASE_URL")
            .env_remove("ZHENXING_CONFIG")
            .env("ZHENXING_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let pid = server.0.id();
    let ready =
        |addr: &str| TcpStream::connect(addr).is_ok() && get(addr, "/readyz", "").status == 200;
    while !ready(&addr) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the demo server did not start"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let admin = sign_in(&addr, "admin");
    let cadre = sign_in(&addr, "baoying");
    // Where the importers are: a training, a book and a project's batch of the demo.
    let trainings = get(&addr, "/people/trainings", &admin.cookie);
    let training = id_after(&trainings.body, "/people/trainings/").expect("a demo training");
    let ledger = get(&addr, "/ledger", &cadre.cookie);
    let book = id_after(&ledger.body, "/ledger/books/").unwrap_or_else(|| {
        let org = id_after(&ledger.body, "/ledger/orgs/").expect("a demo organisation");
        let page = get(&addr, &format!("/ledger/orgs/{org}"), &cadre.cookie);
        id_after(&page.body, "/ledger/books/").expect("a demo book")
    });
    let projects = get(&addr, "/industry", &admin.cookie);
    let project = id_after(&projects.body, "/industry/projects/").expect("a demo project");
    let import_page = get(
        &addr,
        &format!("/industry/projects/{project}/import"),
        &admin.cookie,
    );
    let batches = import_page
        .body
        .split_once("name=\"batch_id\"")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let batch = id_after(batches, "<option value=\"").expect("a demo batch");
    let importers: Vec<(&Session, String, Option<&str>)> = vec![
        (&admin, "/regions/import".into(), None),
        (&admin, "/people/import/persons".into(), None),
        (&admin, "/people/import/talent".into(), None),
        (&admin, format!("/people/trainings/{training}/import"), None),
        (
            &admin,
            format!("/industry/projects/{project}/import/labour"),
            Some(batch.as_str()),
        ),
        (
            &cadre,
            format!("/ledger/books/{book}/vouchers/import"),
            None,
        ),
    ];
    // The news picture reader: a draft of the village's news, which takes a real picture.
    let draft = http(
        &addr,
        &format!(
            "POST /news HTTP/1.1\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n",
            cadre.cookie
        ),
        format!(
            "_csrf={}&region_code=340803100201&title=hostile&body=pictures",
            cadre.csrf
        )
        .into_bytes(),
    );
    assert_eq!(draft.status, 303, "a news draft: {}", draft.body);
    let pictures = format!("{}/images", draft.location.expect("the draft's address"));
    let photo = usecase::image::sample_png(64, 48);
    let res = upload(&addr, &cadre, &pictures, "image", None, "photo.png", &photo);
    assert_eq!(res.status, 303, "a real picture is taken: {}", res.body);

    // The peak is counted from here (loading the demo is not what is measured).
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
    let idle_kib = kib_of(pid, "VmRSS:");

    let tr = usecase::i18n::Tr::new(
        std::sync::Arc::new(usecase::i18n::I18n::load().unwrap()),
        usecase::i18n::Locale::ZhCn,
    );
    let limits = usecase::tabular::ImportLimits::default();
    use usecase::tabular::ReadError;
    let too_many_rows = ReadError::TooManyRows(limits.max_rows).message(&tr);
    let unreadable = ReadError::Unreadable(String::new()).message(&tr);
    let picture_error = |code: &'static str, args: &[(&'static str, String)]| {
        let mut e = domain::FieldError::new(code, "image");
        for (k, v) in args {
            e = e.arg(k, v.clone());
        }
        tr.field_error(&e)
    };
    let not_a_picture = picture_error("image.type", &[]);
    let too_big = |w: u32, h: u32| {
        picture_error(
            "image.dimensions",
            &[("width", w.to_string()), ("height", h.to_string())],
        )
    };
    let files: Vec<(&str, Vec<u8>, Vec<String>)> = vec![
        (
            "dimension.xlsx",
            far_cell("XFD1048576", 1_048_576),
            vec![too_many_rows.clone()],
        ),
        (
            "cv200000.xlsx",
            far_cell("CV200000", 200_000),
            vec![too_many_rows],
        ),
        (
            "zipbomb.xlsx",
            zip_bomb(),
            vec![ReadError::TooLarge(limits.max_bytes / MIB as u64).message(&tr)],
        ),
        (
            "strings.xlsx",
            shared_string_bomb(),
            vec![
                ReadError::SharedStrings(limits.max_shared_strings_bytes / MIB as u64).message(&tr),
            ],
        ),
        // No limit to name: refused as unreadable, or read and refused for what it lacks
        // (the importer's own words, so no one message is expected).
        ("nested.xlsx", nested_xml(), Vec::new()),
        ("random.xlsx", random_bytes(256 * 1024), vec![unreadable]),
    ];
    for (name, bytes, _) in &files {
        assert!(bytes.len() < 2 * MIB, "{name}: {} bytes", bytes.len());
    }
    // Each answer: under 500, the refusal beside the form's field, one of the expected
    // messages (when any is expected), soon.
    let refused = |what: &str, res: &Answer, mark: &str, expected: &[String], t: Instant| {
        assert!(res.status < 500, "{what}: {}", res.status);
        assert!(res.body.contains(mark), "{what}: {}", res.body);
        assert!(
            expected.is_empty() || expected.iter().any(|m| res.body.contains(&html_escaped(m))),
            "{what}: expected one of {expected:?}: {}",
            res.body
        );
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "{what} took {:?}",
            t.elapsed()
        );
    };
    let picture_mark = "data-testid=\"field-error\"";
    for (name, bytes, expected) in &files {
        // None of them is a picture, whatever its bombs.
        let t = Instant::now();
        let res = upload(&addr, &cadre, &pictures, "image", None, name, bytes);
        let what = format!("{name} as a news picture");
        refused(
            &what,
            &res,
            picture_mark,
            std::slice::from_ref(&not_a_picture),
            t,
        );
        for (session, path, batch) in &importers {
            let t = Instant::now();
            let res = upload(&addr, session, path, "file", *batch, name, bytes);
            let what = format!("{name} on {path}");
            refused(&what, &res, "data-testid=\"import-error\"", expected, t);
        }
    }
    // The picture reader's own: sizes declared beyond its bounds are refused from the header
    // (decoding them would take gigabytes), a file over 15 MB from its length.
    let mut oversized = usecase::image::sample_png(16, 16);
    oversized.resize(20 * MIB, 0);
    let picture_files: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "dimension.png",
            png_declaring(100_000, 100_000),
            too_big(100_000, 100_000),
        ),
        (
            "megapixels.png",
            png_declaring(11_000, 11_000),
            too_big(11_000, 11_000),
        ),
        (
            "dimension.jpg",
            jpeg_declaring(65_000, 65_000),
            too_big(65_000, 65_000),
        ),
        (
            "big.png",
            oversized,
            picture_error("image.too_large", &[("max", "15 MB".to_string())]),
        ),
    ];
    for (name, bytes, expected) in &picture_files {
        let t = Instant::now();
        let res = upload(&addr, &cadre, &pictures, "image", None, name, bytes);
        let what = format!("{name} as a news picture");
        refused(&what, &res, picture_mark, std::slice::from_ref(expected), t);
    }

    // A CSV with a 100 MB line is over the upload limit: 413 naming it, on every importer.
    let limit_mb = web::state::DEFAULT_UPLOAD_MAX_BYTES / MIB;
    let mut line = b"code,name\n".to_vec();
    line.resize(100 * 1000 * 1000, b'x');
    line.push(b'\n');
    let picture_reader = (&cadre, pictures.clone(), None);
    for (session, path, batch) in importers.iter().chain([&picture_reader]) {
        let field = if *path == pictures { "image" } else { "file" };
        let res = upload(&addr, session, path, field, *batch, "long.csv", &line);
        assert_eq!(res.status, 413, "{path}: {}", res.body);
        assert!(
            res.body.contains(&format!("文件超过 {limit_mb} MB 上限")),
            "{path}: {}",
            res.body
        );
    }

    // Still up: /healthz and a page answer, and memory stayed bounded.
    assert_eq!(get(&addr, "/healthz", "").status, 200);
    let page = get(&addr, "/regions/340803100201", &admin.cookie);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("保婴村"));
    let peak_kib = kib_of(pid, "VmHWM:");
    assert!(
        peak_kib < idle_kib + 256 * 1024,
        "peak {peak_kib} KiB over idle {idle_kib} KiB + 256 MiB"
    );
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "took {:?}",
        started.elapsed()
    );
}
