//! `zhenxing disclosure key|verify` and the signing key in the data directory (owned by the
//! issue 15 log work): the key made once and kept, a damaged key refused in one line, and a
//! bundle downloaded from the router verified offline — or refused with its reason.

use super::*;
use std::path::{Path, PathBuf};

/// The base64 public key `zhenxing disclosure key` prints for `data`.
fn public_key(data: &Path) -> String {
    let out = zhenxing(
        &["disclosure", "key", "--data-dir", data.to_str().unwrap()],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("key id"), "{stdout}");
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("公钥 public key (Ed25519, base64): "))
        .unwrap()
        .to_string()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_key_is_made_once_kept_private_and_a_damaged_one_is_refused_in_one_line() {
    let data = temp_dir().join("data");
    let key = public_key(&data);
    let file = store::keys::disclosure_key_path(&data);
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(bytes.len(), 32);
    #[cfg(unix)]
    {
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
    }
    // No temporary file left beside it; the same key on every later start.
    let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(public_key(&data), key);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);

    // A key file of the wrong size: one line naming it, for the command and the server,
    // and the file is left as it was.
    std::fs::write(&file, [1u8; 31]).unwrap();
    let d = data.to_str().unwrap();
    let out = zhenxing(&["disclosure", "key", "--data-dir", d], "");
    assert_one_line_error(&out, "disclosure-ed25519.key");
    assert!(text(&out.stderr).contains("must be 32 bytes, found 31"));
    let out = zhenxing(&["serve", "--data-dir", d, "--listen", "127.0.0.1:0"], "");
    assert_one_line_error(&out, "disclosure-ed25519.key");
    assert_eq!(std::fs::read(&file).unwrap(), vec![1u8; 31]);
}

/// Publishes a disclosure into the database of `data` and downloads its bundle through the
/// router, as a villager's browser would, signed with the data directory's key.
fn downloaded_bundle(data: &Path) -> PathBuf {
    let d = data.to_str().unwrap();
    let out = zhenxing(&["migrate", "--data-dir", d], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let body = rt.block_on(async {
        use domain::identity::Actor;
        use tower::ServiceExt;
        let db = store::Db::connect(&format!("sqlite://{}", data.join("zhenxing.db").display()))
            .await
            .unwrap();
        let system = Actor::system("test");
        let region = domain::region::RegionInput {
            code: "340803000000".into(),
            name: "大观区".into(),
            kind: "区".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store::region::import(&db, &system, &[(2, region)])
            .await
            .unwrap();
        let store::Db::Sqlite(pool) = &db else {
            unreachable!()
        };
        // Three disclosures; the second one's bundle is downloaded (its proof has hashes).
        let mut ids = Vec::new();
        for n in 0..3 {
            let id = domain::Id::new().to_string();
            let now = domain::time::now_text();
            sqlx::query(
                "INSERT INTO disclosure_items (id, region_code, category, kind, period_from,
                 period_to, title, state, current_version, created_at, updated_at)
                 VALUES ($1, '340803000000', 'finance', 'finance_period', '2024-07-01',
                 '2024-09-30', '2024年第三季度财务公开', 'approved', 0, $2, $2)",
            )
            .bind(&id)
            .bind(&now)
            .execute(pool)
            .await
            .unwrap();
            let mut tx = db.begin_write().await.unwrap();
            store::disclosure::versions::publish_in_tx(
                &mut tx,
                &system,
                &id,
                "",
                &serde_json::json!({"title": "财务公开", "n": n, "income": "12000.00"}),
                "<p>财务公开</p>",
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            ids.push(id);
        }
        let id = &ids[1];
        let signer = app::disclosure::load_or_create_key(data).unwrap();
        let state = web::AppState::new(
            db.clone(),
            web::WebConfig {
                disclosure_signer: Some(std::sync::Arc::new(signer)),
                ..Default::default()
            },
        )
        .unwrap();
        let res = web::router(state)
            .oneshot(
                axum::http::Request::get(format!("/public/d/{id}/v/1/bundle.json"))
                    .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                        [127, 0, 0, 1],
                        50000,
                    ))))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), axum::http::StatusCode::OK);
        axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
    });
    let file = data.join("bundle.json");
    std::fs::write(&file, &body).unwrap();
    file
}

fn verify(file: &Path, key: Option<&str>) -> Output {
    let mut args = vec!["disclosure", "verify", file.to_str().unwrap()];
    if let Some(k) = key {
        args.extend(["--key", k]);
    }
    zhenxing(&args, "")
}

/// `bundle.json` with `change` applied to its JSON, written beside it.
fn changed(file: &Path, name: &str, change: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    change(&mut v);
    let out = file.with_file_name(name);
    std::fs::write(&out, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    out
}

/// Flips one hex digit of `hex`.
fn flip_hex(hex: &str) -> String {
    let mut chars: Vec<char> = hex.chars().collect();
    chars[5] = if chars[5] == '0' { '1' } else { '0' };
    chars.into_iter().collect()
}

#[test]
fn verify_checks_a_downloaded_bundle_and_names_what_was_changed() {
    let data = temp_dir().join("data");
    let file = downloaded_bundle(&data);
    let key = public_key(&data);

    let out = verify(&file, Some(&key));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("已核实 VERIFIED"), "{stdout}");
    assert!(stdout.contains("leaf 1 / 日志大小 tree size 3"), "{stdout}");
    assert!(!stdout.contains("NOTE"), "{stdout}");

    // Without --key: verified with the bundle's own key, and said so.
    let out = verify(&file, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("not against a key you trust"),
        "{}",
        text(&out.stdout)
    );

    // A changed byte in the snapshot: the figure a villager reads.
    let f = changed(&file, "snapshot.json", |v| {
        let s = v["snapshot"]
            .as_str()
            .unwrap()
            .replace("12000.00", "12000.01");
        v["snapshot"] = s.into();
    });
    let out = verify(&f, Some(&key));
    assert_one_line_error(&out, "NOT VERIFIED");
    assert!(text(&out.stderr).contains("the snapshot or the proof was changed"));

    // A changed proof hash.
    let f = changed(&file, "proof.json", |v| {
        let h = &mut v["inclusion_proof"][0];
        *h = flip_hex(h.as_str().unwrap()).into();
    });
    let out = verify(&f, Some(&key));
    assert_one_line_error(&out, "NOT VERIFIED");
    assert!(text(&out.stderr).contains("the snapshot or the proof was changed"));

    // A changed byte in the checkpoint's signature, and a checkpoint of another root.
    let f = changed(&file, "signature.json", |v| {
        let note = v["checkpoint"].as_str().unwrap().to_string();
        let (body, sig) = note.rsplit_once(' ').unwrap();
        let mut sig: Vec<char> = sig.chars().collect();
        sig[20] = if sig[20] == 'A' { 'B' } else { 'A' };
        v["checkpoint"] = format!("{body} {}", sig.into_iter().collect::<String>()).into();
    });
    let out = verify(&f, Some(&key));
    assert_one_line_error(&out, "NOT VERIFIED");
    assert!(
        text(&out.stderr).contains("signature does not verify"),
        "{}",
        text(&out.stderr)
    );

    // Another server's key: that key signed nothing here.
    let other = public_key(&temp_dir().join("other"));
    let out = verify(&file, Some(&other));
    assert_one_line_error(&out, "NOT VERIFIED");
    assert!(text(&out.stderr).contains("no signature by this key"));

    // Not a bundle; too large to read; a bad key.
    let f = data.join("garbage.json");
    std::fs::write(&f, "{\"format\": 1").unwrap();
    assert_one_line_error(&verify(&f, None), "not a bundle.json");
    let f = data.join("huge.json");
    std::fs::write(&f, vec![b' '; 9 * 1024 * 1024]).unwrap();
    assert_one_line_error(&verify(&f, None), "not read");
    assert_one_line_error(&verify(&file, Some("nonsense")), "--key");
}
