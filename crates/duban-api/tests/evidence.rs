//! 佐证材料: evidence files uploaded as the raw body, judged by their bytes, kept with
//! their checksum, and downloaded as attachments only by those who may read the report
//! or problem they belong to.

mod common;

use common::{Answer, TestApp, UPLOAD_LIMIT, apps, spawn_app_with};
use duban_store::testing::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Digest;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n";
/// A Windows executable, named and typed as a PDF below.
const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0@\0";

/// A small real Office document: a stored (uncompressed) ZIP with the parts of a .docx.
fn docx() -> Vec<u8> {
    let parts: [(&str, &str); 3] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        (
            "word/document.xml",
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>整改完成</w:t></w:r></w:p></w:body></w:document>"#,
        ),
    ];
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in parts {
        let offset = out.len() as u32;
        let (n, size) = (name.len() as u16, data.len() as u32);
        out.extend(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0");
        out.extend(0u32.to_le_bytes()); // crc: not checked by duban
        out.extend(size.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(n.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name.as_bytes());
        out.extend(data.as_bytes());
        central.extend(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0");
        central.extend(0u32.to_le_bytes());
        central.extend(size.to_le_bytes());
        central.extend(size.to_le_bytes());
        central.extend(n.to_le_bytes());
        central.extend([0u8; 12]);
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend(3u16.to_le_bytes());
    out.extend(3u16.to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn sha256(b: &[u8]) -> String {
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// `name` as a query parameter value.
fn encoded(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn upload(app: &TestApp, token: &str, at: &str, name: &str, bytes: &[u8]) -> Answer {
    let path = format!("{at}/evidence?name={}", encoded(name));
    app.send_bytes(
        Method::POST,
        &path,
        Some(token),
        bytes.to_vec(),
        &[("content-type", "application/octet-stream")],
    )
    .await
}

/// The bytes and headers of a download.
async fn download(
    app: &TestApp,
    token: &str,
    id: i64,
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let res = app
        .http
        .get(format!("{}/api/v1/evidence/{id}/file", app.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("download");
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.bytes().await.expect("bytes").to_vec())
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn ids(list: &Answer) -> Vec<i64> {
    list.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list:?}"))
        .iter()
        .filter_map(|e| e["id"].as_i64())
        .collect()
}

/// One of 市医疗保障局's approved reports, returned by the office so that its reporter
/// has it again: `/api/v1/reports/{id}`.
async fn returned_report(app: &TestApp, office: &str) -> String {
    let list = app
        .get(
            &format!("/api/v1/reports?unit_id={}", app.unit("yibao")),
            office,
        )
        .await;
    let id = list.body["items"][0]["id"].as_i64().expect("a report");
    let path = format!("/api/v1/reports/{id}");
    let etag = app.get(&path, office).await.etag();
    let back = app
        .change(
            Method::POST,
            &format!("{path}/return"),
            office,
            &etag,
            json!({"comment": "请补充佐证材料"}),
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{back:?}");
    path
}

/// An open problem owned by 市医疗保障局: `/api/v1/problems/{id}`.
async fn open_problem(app: &TestApp, office: &str) -> String {
    let a = app
        .post(
            "/api/v1/problems",
            office,
            json!({
                "plan_id": app.loaded.plan_id.0,
                "owner_unit_id": app.unit("yibao"),
                "title": "异地就医备案流程繁琐",
                "description": "群众反映备案材料多、办理慢",
                "deadline": "2099-06-30",
            }),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    format!("/api/v1/problems/{}", a.body["id"])
}

fn bilingual(a: &Answer, status: StatusCode, code: &str) {
    assert_eq!(a.status, status, "{a:?}");
    assert!(a.is_problem(), "{a:?}");
    assert_eq!(a.body["code"], code, "{a:?}");
    let zh = a.body["title"].as_str().unwrap_or("");
    assert!(
        zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{a:?}"
    );
    assert!(a.body["title_en"].as_str().is_some_and(|t| !t.is_empty()));
}

#[tokio::test]
async fn images_pdfs_and_office_documents_are_uploaded_listed_and_downloaded_byte_for_byte() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let reporter = app.token("yibao-tb").await;
        let leader = app.token("lingdao").await;
        let report = returned_report(&app, &office).await;
        let docx = docx();
        let files: [(&str, &[u8], &str, &str); 3] = [
            ("现场照片.png", PNG, "png", "image/png"),
            ("整改报告.pdf", PDF, "pdf", "application/pdf"),
            (
                "工作方案(定稿).docx",
                &docx,
                "docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        ];
        let mut made = Vec::new();
        for (name, bytes, kind, mime) in files {
            let a = upload(&app, &reporter, &report, name, bytes).await;
            assert_eq!(a.status, StatusCode::CREATED, "{name}: {a:?}");
            let id = a.body["id"].as_i64().expect("id");
            let b = &a.body;
            assert_eq!(
                (&b["file_name"], &b["kind"], &b["mime"]),
                (&json!(name), &json!(kind), &json!(mime))
            );
            assert_eq!(b["size_bytes"], bytes.len());
            assert_eq!(b["sha256"], sha256(bytes));
            assert_eq!(b["uploaded_by"], app.loaded.accounts["yibao-tb"].0);
            assert!(b["uploaded_at"].as_str().is_some_and(|t| t.ends_with('Z')));
            assert_eq!(b["deleted_at"], Value::Null);
            let this = format!("/api/v1/evidence/{id}");
            assert_eq!(header(&a.headers, "location"), this);
            assert_eq!(a.etag(), "\"v1\"");
            assert_eq!(
                b["links"],
                json!({"self": this, "file": format!("{this}/file")})
            );
            made.push((id, name, bytes, mime));
        }
        assert_eq!(
            app.evidence_files().len(),
            3,
            "three files, no temporary one"
        );

        let list = app.get(&format!("{report}/evidence"), &reporter).await;
        assert_eq!(list.status, StatusCode::OK, "{list:?}");
        assert_eq!(ids(&list), made.iter().map(|m| m.0).collect::<Vec<_>>());
        assert_eq!(list.body["total"], 3);

        for (id, name, bytes, mime) in &made {
            for who in [&reporter, &office, &leader] {
                let (status, h, got) = download(&app, who, *id).await;
                assert_eq!(status, StatusCode::OK);
                assert_eq!(got, *bytes, "{name}: the bytes as uploaded");
                assert_eq!(sha256(&got), sha256(bytes));
                assert_eq!(header(&h, "content-type"), *mime);
                let cd = header(&h, "content-disposition");
                assert!(cd.starts_with("attachment; filename=\""), "{cd}");
                assert!(
                    cd.ends_with(&format!("filename*=UTF-8''{}", encoded(name))),
                    "{cd}"
                );
                assert_eq!(header(&h, "x-content-type-options"), "nosniff");
                assert!(header(&h, "content-security-policy").starts_with("sandbox"));
                assert_eq!(header(&h, "cache-control"), "private, no-store");
                assert_eq!(header(&h, "etag"), format!("\"{}\"", sha256(bytes)));
            }
        }
        let (_, h, _) = download(&app, &reporter, made[0].0).await;
        assert_eq!(
            header(&h, "content-disposition"),
            "attachment; filename=\"____.png\"; \
             filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"
        );
        let one = app
            .get(&format!("/api/v1/evidence/{}", made[1].0), &leader)
            .await;
        assert_eq!((one.status, one.etag()), (StatusCode::OK, "\"v1\"".into()));
        assert_eq!(one.body["file_name"], "整改报告.pdf");
    }
}

#[tokio::test]
async fn a_file_is_judged_by_its_bytes_and_a_disguised_one_is_refused_and_not_kept() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let reporter = app.token("yibao-tb").await;
        let report = returned_report(&app, &office).await;
        let path = format!("{report}/evidence?name=report.pdf");
        let disguised = app
            .send_bytes(
                Method::POST,
                &path,
                Some(&reporter),
                EXE.to_vec(),
                &[("content-type", "application/pdf")],
            )
            .await;
        bilingual(
            &disguised,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "file_type_not_allowed",
        );
        assert!(
            disguised.body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("PDF"))
        );
        assert!(
            disguised.body["detail_en"]
                .as_str()
                .is_some_and(|d| d.contains("not allowed"))
        );
        for (name, bytes) in [
            (
                "index.html",
                &b"<!DOCTYPE html><html><script>alert(1)</script></html>"[..],
            ),
            (
                "logo.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            ),
            (
                "材料.zip",
                b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
            ),
        ] {
            let a = upload(&app, &reporter, &report, name, bytes).await;
            bilingual(
                &a,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "file_type_not_allowed",
            );
        }
        // An empty body, or no usable name: 422 naming what is wrong.
        let empty = upload(&app, &reporter, &report, "空.pdf", b"").await;
        bilingual(&empty, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        assert_eq!(empty.body["errors"][0]["field"], "file");
        assert_eq!(empty.body["errors"][0]["code"], "empty");
        for query in [
            "",
            "?name=",
            "?name=%20%20",
            "?name=a%0Ab.pdf",
            "?other=x.pdf",
        ] {
            let a = app
                .send_bytes(
                    Method::POST,
                    &format!("{report}/evidence{query}"),
                    Some(&reporter),
                    PDF.to_vec(),
                    &[],
                )
                .await;
            bilingual(&a, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
            assert_eq!(a.body["errors"][0]["field"], "name", "{query}: {a:?}");
        }
        let list = app
            .get(
                &format!("{report}/evidence?include_withdrawn=true"),
                &office,
            )
            .await;
        assert_eq!(ids(&list), Vec::<i64>::new());
        assert_eq!(app.evidence_files(), Vec::<String>::new());
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_and_nothing_is_stored() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let reporter = app.token("yibao-tb").await;
        let report = returned_report(&app, &office).await;
        let mut big = PNG.to_vec();
        big.resize(UPLOAD_LIMIT + 1, 0);
        let a = upload(&app, &reporter, &report, "大图.png", &big).await;
        bilingual(&a, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
        assert_eq!(a.body["detail"], "上限为256 KiB");
        assert_eq!(a.body["detail_en"], "the limit is 256 KiB");
        assert_eq!(app.evidence_files(), Vec::<String>::new());
        let list = app
            .get(
                &format!("{report}/evidence?include_withdrawn=true"),
                &office,
            )
            .await;
        assert_eq!(ids(&list), Vec::<i64>::new());
        // Exactly the limit is taken.
        big.truncate(UPLOAD_LIMIT);
        let a = upload(&app, &reporter, &report, "大图.png", &big).await;
        assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
        assert_eq!(a.body["size_bytes"], UPLOAD_LIMIT);
        assert_eq!(app.evidence_files().len(), 1);
    }
}

#[tokio::test]
async fn the_default_limit_is_20_mib_a_file() {
    assert_eq!(duban_api::Settings::default().max_upload_bytes, 20 << 20);
    let app = spawn_app_with(TestDb::sqlite().await, |s| {
        s.max_upload_bytes = duban_api::Settings::default().max_upload_bytes;
    })
    .await;
    let office = app.token("ducha").await;
    let reporter = app.token("yibao-tb").await;
    let report = returned_report(&app, &office).await;
    let mut big = PDF.to_vec();
    big.resize((20 << 20) + 1, b' ');
    let a = upload(&app, &reporter, &report, "扫描件.pdf", &big).await;
    bilingual(&a, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    assert_eq!(a.body["detail_en"], "the limit is 20 MiB");
    assert_eq!(app.evidence_files(), Vec::<String>::new());
    // 20 MiB itself is taken: the 1 MiB limit of JSON bodies does not apply to files.
    big.truncate(20 << 20);
    let a = upload(&app, &reporter, &report, "扫描件.pdf", &big).await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    assert_eq!(a.body["sha256"], sha256(&big));
    let id = a.body["id"].as_i64().expect("id");
    let (status, _, got) = download(&app, &reporter, id).await;
    assert_eq!((status, got.len()), (StatusCode::OK, 20 << 20));
}

#[tokio::test]
async fn those_who_may_not_read_the_report_get_the_same_404_as_for_a_missing_file() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let reporter = app.token("yibao-tb").await;
        let report = returned_report(&app, &office).await;
        let a = upload(&app, &reporter, &report, "整改报告.pdf", PDF).await;
        let id = a.body["id"].as_i64().expect("id");
        let missing = id + 1000;
        // 市教育局 neither wrote the report nor leads its item.
        let stranger = app.token("tb-jiaoyu").await;
        for (method, tail) in [
            (Method::GET, "/file"),
            (Method::GET, ""),
            (Method::DELETE, ""),
        ] {
            let theirs = app
                .call(
                    method.clone(),
                    &format!("/api/v1/evidence/{id}{tail}"),
                    Some(&stranger),
                    None,
                    &[],
                )
                .await;
            let none = app
                .call(
                    method.clone(),
                    &format!("/api/v1/evidence/{missing}{tail}"),
                    Some(&stranger),
                    None,
                    &[],
                )
                .await;
            assert_eq!(
                theirs.status,
                StatusCode::NOT_FOUND,
                "{method} {tail}: {theirs:?}"
            );
            let same = theirs.text.replace(&id.to_string(), &missing.to_string());
            assert_eq!(
                same, none.text,
                "{method} {tail}: the answers differ only by the id"
            );
        }
        // The list sits under the report, which already answers 403 to them.
        let list = app.get(&format!("{report}/evidence"), &stranger).await;
        assert_eq!(list.status, StatusCode::FORBIDDEN);
        // Administrators read no business data at all.
        let admin = app.token("xitong").await;
        let (status, _, _) = download(&app, &admin, id).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // The lead unit's reviewer reads it; nothing was withdrawn by the stranger.
        let reviewer = app.token("yibao-sh").await;
        let (status, _, bytes) = download(&app, &reviewer, id).await;
        assert_eq!((status, bytes.as_slice()), (StatusCode::OK, PDF));
        let one = app.get(&format!("/api/v1/evidence/{id}"), &office).await;
        assert_eq!(one.body["deleted_at"], Value::Null);
    }
}

#[tokio::test]
async fn evidence_comes_and_goes_only_while_the_report_is_with_its_reporter_and_is_never_destroyed()
{
    for app in apps().await {
        let office = app.token("ducha").await;
        let reporter = app.token("yibao-tb").await;
        let report = returned_report(&app, &office).await;
        let kept = upload(&app, &reporter, &report, "现场照片.png", PNG).await;
        let kept = kept.body["id"].as_i64().expect("id");
        let second = upload(&app, &reporter, &report, "整改报告.pdf", PDF).await;
        let second = second.body["id"].as_i64().expect("id");

        // Someone else of the same unit did not upload it: 403.
        let colleague = app.token("tb-yibao").await;
        let a = app
            .call(
                Method::DELETE,
                &format!("/api/v1/evidence/{kept}"),
                Some(&colleague),
                None,
                &[],
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{a:?}");
        // The uploader withdraws while the report is theirs.
        let a = app
            .call(
                Method::DELETE,
                &format!("/api/v1/evidence/{second}"),
                Some(&reporter),
                None,
                &[],
            )
            .await;
        assert_eq!(a.status, StatusCode::NO_CONTENT, "{a:?}");
        let again = app
            .call(
                Method::DELETE,
                &format!("/api/v1/evidence/{second}"),
                Some(&reporter),
                None,
                &[],
            )
            .await;
        bilingual(&again, StatusCode::CONFLICT, "already_withdrawn");

        // Submitted, the report takes no more evidence and keeps what it has.
        let etag = app.get(&report, &reporter).await.etag();
        let sent = app
            .change(
                Method::POST,
                &format!("{report}/submit"),
                &reporter,
                &etag,
                json!({}),
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{sent:?}");
        let late = upload(&app, &reporter, &report, "补充.png", PNG).await;
        bilingual(&late, StatusCode::CONFLICT, "wrong_state");
        let a = app
            .call(
                Method::DELETE,
                &format!("/api/v1/evidence/{kept}"),
                Some(&reporter),
                None,
                &[],
            )
            .await;
        bilingual(&a, StatusCode::CONFLICT, "wrong_state");
        // The office withdraws at any time.
        let a = app
            .call(
                Method::DELETE,
                &format!("/api/v1/evidence/{kept}"),
                Some(&office),
                None,
                &[],
            )
            .await;
        assert_eq!(a.status, StatusCode::NO_CONTENT, "{a:?}");

        let list = app.get(&format!("{report}/evidence"), &reporter).await;
        assert_eq!(ids(&list), Vec::<i64>::new());
        let all = app
            .get(
                &format!("{report}/evidence?include_withdrawn=true"),
                &reporter,
            )
            .await;
        assert_eq!(ids(&all), [kept, second]);
        assert!(all.body["items"][0]["deleted_at"].is_string());
        assert_eq!(
            all.body["items"][0]["deleted_by"],
            app.loaded.accounts["ducha"].0
        );
        assert_eq!(all.body["items"][0]["version"], 2);
        // Both files stay on disk and readable.
        assert_eq!(app.evidence_files().len(), 2);
        let (status, _, bytes) = download(&app, &office, kept).await;
        assert_eq!((status, bytes.as_slice()), (StatusCode::OK, PNG));
    }
}

#[tokio::test]
async fn rectification_evidence_comes_from_the_owner_while_open_and_from_the_office_always() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let owner = app.token("yibao-tb").await;
        let owner_reviewer = app.token("yibao-sh").await;
        let stranger = app.token("tb-jiaoyu").await;
        let problem = open_problem(&app, &office).await;
        let a = upload(
            &app,
            &owner,
            &problem,
            "整改前.jpg",
            b"\xff\xd8\xff\xe0\0\x10JFIF\0",
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
        assert_eq!(
            (a.body["kind"].clone(), a.body["problem_id"].is_i64()),
            (json!("jpeg"), true)
        );
        let a = upload(&app, &owner_reviewer, &problem, "整改方案.pdf", PDF).await;
        assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
        let a = upload(&app, &stranger, &problem, "x.pdf", PDF).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{a:?}");

        // Reported rectified: the owner is done, the office may still add.
        let etag = app.get(&problem, &owner).await.etag();
        let done = app
            .change(
                Method::POST,
                &format!("{problem}/actions"),
                &owner,
                &etag,
                json!({"action": "rectify", "note": "已简化备案材料"}),
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{done:?}");
        let late = upload(&app, &owner, &problem, "整改后.pdf", PDF).await;
        bilingual(&late, StatusCode::CONFLICT, "wrong_state");
        // Nor does the owner withdraw what it gave; the office may.
        let first = app.get(&format!("{problem}/evidence"), &owner).await;
        let first = ids(&first)[0];
        let path = format!("/api/v1/evidence/{first}");
        let kept = app
            .call(Method::DELETE, &path, Some(&owner), None, &[])
            .await;
        bilingual(&kept, StatusCode::CONFLICT, "wrong_state");
        let gone = app
            .call(Method::DELETE, &path, Some(&office), None, &[])
            .await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{gone:?}");
        let checked = upload(&app, &office, &problem, "核查记录.pdf", PDF).await;
        assert_eq!(checked.status, StatusCode::CREATED, "{checked:?}");

        let list = app.get(&format!("{problem}/evidence"), &owner).await;
        assert_eq!(list.body["total"], 2, "{list:?}");
        let all = app
            .get(
                &format!("{problem}/evidence?include_withdrawn=true"),
                &owner,
            )
            .await;
        assert_eq!(all.body["total"], 3, "{all:?}");
        assert_eq!(
            app.get(&format!("{problem}/evidence"), &stranger)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let id = checked.body["id"].as_i64().expect("id");
        let (status, _, _) = download(&app, &stranger, id).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, h, bytes) = download(&app, &owner, id).await;
        assert_eq!((status, bytes.as_slice()), (StatusCode::OK, PDF));
        assert_eq!(header(&h, "content-type"), "application/pdf");
    }
}
