//! A project's documents (项目文件): uploaded through the project page and listed; the
//! download gives back the same bytes with the recognised content type as an attachment; a
//! file that is not what it says, empty or too large shows the translated error naming it and
//! nothing is stored; archived from the page; the API uploads, lists and downloads; another
//! village gets 404 and a district leader cannot upload; the paths are in the OpenAPI document.

use super::industry_api::{BAOYING, api_token, baoying_org};
use super::mechanism_more::{Caller, call, leader};
use super::*;
use domain::FieldError;
use serde_json::{Value, json};
use web::i18n::{I18n, Locale, Tr};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n";

fn zh() -> Tr {
    Tr::new(std::sync::Arc::new(I18n::load().unwrap()), Locale::ZhCn)
}

/// The upload form as htmx sends it: text fields and one `file` (the token in the header),
/// with a session cookie or a bearer token.
fn upload(
    path: &str,
    caller: &Caller<'_>,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
) -> Request<Body> {
    let boundary = "zxdocument";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n", file.0).as_bytes());
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    match caller {
        Caller::Session(s) => req
            .header(header::COOKIE, &s.cookie)
            .header("x-csrf-token", &s.csrf),
        Caller::Bearer(t) => req.header(header::AUTHORIZATION, format!("Bearer {t}")),
    }
    .body(Body::from(body))
    .unwrap()
}

/// A project of 保婴村 created through the API; its id.
async fn project(app: &App, s: &Session) -> String {
    let org = baoying_org(app).await;
    let (status, p) = call(
        app,
        &Caller::Session(s),
        "POST",
        "/api/v1/projects",
        Some(
            json!({"region_code": BAOYING, "org_id": org.id, "sector": "种植业",
               "title": "灵芝大棚种植", "responsible_name": "张书记", "applied_on": "2024-01-05"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    p["id"].as_str().unwrap().to_string()
}

/// The ids of the documents linked from a project page, in order.
fn linked_documents(html: &str) -> Vec<String> {
    html.split("href=\"/industry/documents/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn documents_through_the_project_page() {
    let app = app().await;
    let cadre = app.login("cadre").await;
    let id = project(&app, &cadre).await;
    let page_path = format!("/industry/projects/{id}");
    let form_path = format!("{page_path}/documents");

    let page = app.get(&page_path, &cadre.cookie).await;
    assert!(page.body.contains("data-testid=\"document-form\""));
    assert!(linked_documents(&page.body).is_empty());

    let res = app
        .send(upload(
            &form_path,
            &Caller::Session(&cadre),
            &[("kind", "plan"), ("title", "灵芝项目实施方案")],
            ("实施方案.pdf", PDF),
        ))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.get(&page_path, &cadre.cookie).await;
    let docs = linked_documents(&page.body);
    assert_eq!(docs.len(), 1, "{}", page.body);
    let row = page
        .body
        .split(&format!("data-testid=\"document-{}\"", docs[0]))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    for shown in ["实施方案", "灵芝项目实施方案", "实施方案.pdf", "cadre"] {
        assert!(row.contains(shown), "{shown}: {row}");
    }

    let file = app
        .get(&format!("/industry/documents/{}", docs[0]), &cadre.cookie)
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, PDF);
    assert_eq!(file.headers[header::CONTENT_TYPE], "application/pdf");
    let disposition = file.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains(&format!("filename*=UTF-8''{}", enc("实施方案.pdf"))),
        "{disposition}"
    );

    // Not what it says: the translated error names the file; nothing is stored.
    let mut too_large = PDF.to_vec();
    too_large.resize(domain::mechanism::attachment::MAX_BYTES + 1, b' ');
    for (name, bytes, code) in [
        (
            "批复.pdf",
            &b"<html>not a pdf</html>"[..],
            "industry.document_type",
        ),
        ("空.pdf", &b""[..], "industry.document_empty"),
        ("扫描件.pdf", &too_large[..], "industry.document_too_large"),
    ] {
        let res = app
            .send(upload(
                &form_path,
                &Caller::Session(&cadre),
                &[("kind", "approval"), ("title", "批复")],
                (name, bytes),
            ))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        let message = zh().field_error(
            &FieldError::new(code, "file")
                .arg("name", name)
                .arg("max", "10 MiB"),
        );
        assert!(
            message.contains(name) && message.contains("文件"),
            "{message}"
        );
        let shown = res
            .body
            .split("data-testid=\"document-error\">")
            .nth(1)
            .unwrap();
        assert!(shown.starts_with(&message), "{message} / {shown}");
        assert_eq!(linked_documents(&res.body), docs);
    }

    // Another village sees neither the project nor the file, and cannot upload.
    let other = app.login("other").await;
    assert_eq!(
        app.get(&page_path, &other.cookie).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/industry/documents/{}", docs[0]), &other.cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let res = app
        .send(upload(
            &form_path,
            &Caller::Session(&other),
            &[("kind", "other")],
            ("x.pdf", PDF),
        ))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // Archived from the page: marked, still downloadable, restorable.
    let res = app
        .post_form(
            &format!("{form_path}/{}/archive", docs[0]),
            &cadre.cookie,
            &format!("_csrf={}", cadre.csrf),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = app.get(&page_path, &cadre.cookie).await;
    assert!(page.body.contains(&zh().t("idoc-archived")));
    assert!(
        page.body
            .contains(&format!("{form_path}/{}/restore", docs[0]))
    );
    let stored =
        store::industry::documents::list(&app.db, &domain::identity::Scope::system(), &id, false)
            .await
            .unwrap();
    assert!(stored.is_empty());
}

#[tokio::test]
async fn documents_through_the_api() {
    let app = app().await;
    let cadre = app.login("cadre").await;
    let id = project(&app, &cadre).await;
    let token = api_token(&app, &cadre).await;
    let bearer = Caller::Bearer(&token);
    let path = format!("/api/v1/projects/{id}/documents");
    let docx = b"PK\x03\x04\x14\x00....[Content_Types].xml....word/document.xml....";

    let res = app
        .send(upload(
            &path,
            &bearer,
            &[("kind", "approval"), ("title", "区农业农村局批复")],
            ("批复.docx", docx),
        ))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let created: Value = serde_json::from_str(&res.body).unwrap();
    let doc_id = created["id"].as_str().unwrap().to_string();

    let (status, list) = call(&app, &bearer, "GET", &path, None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"].as_str(), Some(doc_id.as_str()));
    assert_eq!(list[0]["kind"].as_str(), Some("approval"));
    assert_eq!(list[0]["file_name"].as_str(), Some("批复.docx"));
    assert_eq!(list[0]["size"].as_i64(), Some(docx.len() as i64));
    assert_eq!(
        list[0]["content_type"].as_str(),
        Some(domain::industry::document::DOCX)
    );

    let file = app
        .send(
            Request::get(format!("/api/v1/documents/{doc_id}"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, docx);
    assert_eq!(
        file.headers[header::CONTENT_TYPE],
        domain::industry::document::DOCX
    );

    // A refused file is 422 naming the field; nothing is stored.
    let res = app
        .send(upload(
            &path,
            &bearer,
            &[("kind", "plan")],
            ("plan.pdf", b"MZ"),
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("industry.document_type"), "{}", res.body);
    let (_, list) = call(&app, &bearer, "GET", &path, None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    // Another village: 404 everywhere; a district leader reads but cannot upload.
    let other = app.login("other").await;
    let other = Caller::Session(&other);
    assert_eq!(
        call(&app, &other, "GET", &path, None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            &other,
            "GET",
            &format!("/api/v1/documents/{doc_id}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let res = app
        .send(upload(&path, &other, &[("kind", "plan")], ("p.pdf", PDF)))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let leader = leader(&app).await;
    let leader = Caller::Session(&leader);
    assert_eq!(
        call(&app, &leader, "GET", &path, None).await.0,
        StatusCode::OK
    );
    let res = app
        .send(upload(&path, &leader, &[("kind", "plan")], ("p.pdf", PDF)))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let (_, list) = call(&app, &bearer, "GET", &path, None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    let openapi = app.get("/api/openapi.json", "").await;
    for p in ["/api/v1/projects/{id}/documents", "/api/v1/documents/{id}"] {
        assert!(openapi.body.contains(p), "{p}");
    }
}
