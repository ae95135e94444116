//! One conformance story per storage capability, run against SQLite and PostgreSQL alike.
#![allow(clippy::unwrap_used)]

use lander_doc::Document;
use lander_store::testing::TestDatabase;
use lander_store::*;
use std::future::Future;
use std::sync::Arc;

async fn with_store<F, Fut>(db: TestDatabase, f: F)
where
    F: FnOnce(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    let store = connect(&db.url).await.expect("connect");
    store.migrate().await.expect("migrate");
    // Migrating twice is a no-op.
    store.migrate().await.expect("migrate again");
    f(store.clone()).await;
    store.close().await;
    db.drop_database().await;
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                super::with_store(lander_store::testing::TestDatabase::sqlite(), super::$name).await
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                super::with_store(lander_store::testing::TestDatabase::postgres().await, super::$name)
                    .await
            })*
        }
    };
}

on_both_backends!(
    accounts_are_unique_by_email,
    tokens_authenticate_their_account,
    workspaces_and_memberships,
    tokens_are_revoked_and_accounts_disabled,
    mutations_are_audited_in_their_transaction,
    page_slugs_are_unique,
    listing_filters_searches_and_pages,
    drafts_use_optimistic_revisions,
    publishing_creates_immutable_versions,
    rollback_and_unpublish,
    deleting_a_page_removes_its_versions,
    sessions_expire_and_end_on_password_change,
    one_time_tokens_work_once_and_expire,
    a_workspace_keeps_an_owner,
    deleting_an_account_keeps_anonymous_audit_events,
    oidc_logins_are_taken_once,
    assets_are_deduplicated_counted_and_kept_while_used,
);

fn audit() -> AuditEntry {
    AuditEntry {
        workspace_id: Some(DEFAULT_WORKSPACE_ID),
        actor_account_id: None,
        actor_token_id: None,
        action: "test".into(),
        target_type: None,
        target_id: None,
        outcome: Outcome::Ok,
        ip: Some("127.0.0.1".into()),
        user_agent: Some("tests".into()),
    }
}

fn doc(title: &str) -> Document {
    Document::blank(title)
}

fn new_page(title: &str, slug: &str) -> NewPage {
    NewPage {
        workspace_id: DEFAULT_WORKSPACE_ID,
        title: title.into(),
        slug: slug.into(),
        doc: doc(title),
        created_by: None,
    }
}

fn version(rev: i64, html: &str) -> NewVersion {
    NewVersion {
        draft_revision: rev,
        doc: doc("v"),
        html: html.as_bytes().to_vec(),
        gzip: vec![1, 2, 3],
        brotli: vec![4, 5],
        etag: format!("\"{html}\""),
        csp: "default-src 'none'".into(),
        created_by: None,
    }
}

async fn accounts_are_unique_by_email(s: Arc<dyn Store>) {
    let a = s
        .create_account("maya@example.com", "hash", &audit())
        .await
        .unwrap();
    let found = s.account_by_email("maya@example.com").await.unwrap();
    assert_eq!(a.id, found.id);
    assert_eq!(found.password_hash, "hash");
    match s
        .create_account("maya@example.com", "other", &audit())
        .await
    {
        Err(StoreError::Conflict { constraint }) => {
            assert_eq!(constraint.as_deref(), Some("account_email_key"))
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(matches!(
        s.account_by_email("nobody@example.com").await,
        Err(StoreError::NotFound)
    ));
}

fn token<'a>(account: uuid::Uuid, ws: uuid::Uuid, role: Role, hash: &'a [u8]) -> NewToken<'a> {
    NewToken {
        account_id: account,
        workspace_id: ws,
        role,
        name: "ci",
        token_hash: hash,
        expires_at: None,
    }
}

async fn tokens_authenticate_their_account(s: Arc<dyn Store>) {
    let a = s
        .create_account("dev@example.com", "hash", &audit())
        .await
        .unwrap();
    s.set_member(DEFAULT_WORKSPACE_ID, a.id, Role::Admin, &audit())
        .await
        .unwrap();
    let t = s
        .create_token(
            token(
                a.id,
                DEFAULT_WORKSPACE_ID,
                Role::Editor,
                b"0123456789abcdef",
            ),
            &audit(),
        )
        .await
        .unwrap();
    assert_eq!(t.account_id, a.id);
    assert_eq!(t.role.0, Role::Editor);
    let p = s.authenticate_token(b"0123456789abcdef").await.unwrap();
    assert_eq!(p.account_id, a.id);
    assert_eq!(p.token_id, Some(t.id));
    assert_eq!(p.session_id, None);
    assert_eq!(p.email, "dev@example.com");
    assert_eq!(p.workspace_id, DEFAULT_WORKSPACE_ID);
    assert_eq!(p.role, Role::Editor);
    // A second use within the minute still authenticates.
    s.authenticate_token(b"0123456789abcdef").await.unwrap();
    assert!(matches!(
        s.authenticate_token(b"wrong").await,
        Err(StoreError::NotFound)
    ));

    // Demoting the member caps the token's role; removing nothing else.
    s.set_member(DEFAULT_WORKSPACE_ID, a.id, Role::Viewer, &audit())
        .await
        .unwrap();
    assert_eq!(
        s.authenticate_token(b"0123456789abcdef")
            .await
            .unwrap()
            .role,
        Role::Viewer
    );

    // A token for a workspace the account is not a member of does not authenticate.
    let other = s.create_workspace("Other").await.unwrap();
    s.create_token(
        token(a.id, other.id, Role::Owner, b"fedcba9876543210"),
        &audit(),
    )
    .await
    .unwrap();
    assert!(matches!(
        s.authenticate_token(b"fedcba9876543210").await,
        Err(StoreError::NotFound)
    ));
}

async fn tokens_are_revoked_and_accounts_disabled(s: Arc<dyn Store>) {
    let a = s
        .create_account("a@example.com", "h1", &audit())
        .await
        .unwrap();
    let b = s
        .create_account("b@example.com", "h1", &audit())
        .await
        .unwrap();
    for acc in [&a, &b] {
        s.set_member(DEFAULT_WORKSPACE_ID, acc.id, Role::Editor, &audit())
            .await
            .unwrap();
    }
    let t1 = s
        .create_token(
            token(a.id, DEFAULT_WORKSPACE_ID, Role::Editor, b"t1"),
            &audit(),
        )
        .await
        .unwrap();
    s.create_token(
        token(a.id, DEFAULT_WORKSPACE_ID, Role::Viewer, b"t2"),
        &audit(),
    )
    .await
    .unwrap();
    s.create_token(
        token(b.id, DEFAULT_WORKSPACE_ID, Role::Editor, b"t3"),
        &audit(),
    )
    .await
    .unwrap();
    assert_eq!(s.tokens(a.id).await.unwrap().len(), 2);

    s.revoke_token(t1.id, &audit()).await.unwrap();
    s.revoke_token(t1.id, &audit()).await.unwrap();
    assert!(matches!(
        s.authenticate_token(b"t1").await,
        Err(StoreError::NotFound)
    ));
    assert!(s.authenticate_token(b"t2").await.is_ok());
    let listed = s.tokens(a.id).await.unwrap();
    assert!(
        listed
            .iter()
            .any(|t| t.id == t1.id && t.revoked_at.is_some())
    );
    assert!(matches!(
        s.revoke_token(uuid::Uuid::now_v7(), &audit()).await,
        Err(StoreError::NotFound)
    ));

    s.disable_account(a.id, &audit()).await.unwrap();
    assert!(matches!(
        s.authenticate_token(b"t2").await,
        Err(StoreError::NotFound)
    ));
    assert!(
        s.authenticate_token(b"t3").await.is_ok(),
        "other accounts are unaffected"
    );
    let accounts = s.accounts().await.unwrap();
    assert_eq!(accounts.len(), 2);
    assert!(accounts[0].disabled_at.is_some() && accounts[1].disabled_at.is_none());

    s.set_password_hash(b.id, "h2", &audit()).await.unwrap();
    assert_eq!(
        s.account_by_email("b@example.com")
            .await
            .unwrap()
            .password_hash,
        "h2"
    );
    assert!(matches!(
        s.set_password_hash(uuid::Uuid::now_v7(), "x", &audit())
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn workspaces_and_memberships(s: Arc<dyn Store>) {
    let all = s.workspaces().await.unwrap();
    assert_eq!(all.len(), 1, "the default workspace exists from the start");
    assert_eq!(all[0].id, DEFAULT_WORKSPACE_ID);
    let w = s.create_workspace("Marketing").await.unwrap();
    assert_eq!(s.workspace(w.id).await.unwrap().name, "Marketing");
    assert_eq!(s.workspaces().await.unwrap().len(), 2);
    assert!(matches!(
        s.workspace(uuid::Uuid::now_v7()).await,
        Err(StoreError::NotFound)
    ));

    let a = s
        .create_account("maya@example.com", "hash", &audit())
        .await
        .unwrap();
    assert_eq!(s.count_accounts().await.unwrap(), 1);
    assert!(s.memberships(a.id).await.unwrap().is_empty());
    s.set_member(DEFAULT_WORKSPACE_ID, a.id, Role::Owner, &audit())
        .await
        .unwrap();
    s.set_member(w.id, a.id, Role::Editor, &audit())
        .await
        .unwrap();
    s.set_member(w.id, a.id, Role::Publisher, &audit())
        .await
        .unwrap();
    let m = s.memberships(a.id).await.unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(
        (m[0].workspace.id, m[0].role),
        (DEFAULT_WORKSPACE_ID, Role::Owner)
    );
    assert_eq!((m[1].workspace.id, m[1].role), (w.id, Role::Publisher));

    // Pages are listed per workspace.
    s.create_page(new_page("In default", "in-default"), &audit())
        .await
        .unwrap();
    let mut other = new_page("In marketing", "in-marketing");
    other.workspace_id = w.id;
    let p = s.create_page(other, &audit()).await.unwrap();
    assert_eq!(p.workspace_id, w.id);
    let q = PageQuery {
        workspace_id: w.id,
        limit: 50,
        ..Default::default()
    };
    let (pages, total) = s.list_pages(&q).await.unwrap();
    assert_eq!((pages.len(), total), (1, 1));
    assert_eq!(pages[0].id, p.id);
}

async fn page_slugs_are_unique(s: Arc<dyn Store>) {
    let p = s
        .create_page(new_page("Spring", "spring"), &audit())
        .await
        .unwrap();
    assert_eq!(p.slug, "spring");
    assert_eq!(p.draft_revision, 1);
    assert_eq!(p.status(), PageStatus::Draft);
    match s.create_page(new_page("Other", "spring"), &audit()).await {
        Err(StoreError::Conflict { constraint }) => {
            assert_eq!(constraint.as_deref(), Some("page_slug_key"))
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let q = s
        .create_page(new_page("Summer", "summer"), &audit())
        .await
        .unwrap();
    let draft = s.draft(q.id).await.unwrap();
    let err = s
        .save_draft(
            q.id,
            SaveDraft {
                doc: draft.doc,
                title: "Summer".into(),
                slug: "spring".into(),
                expected_revision: None,
            },
            &audit(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
}

async fn listing_filters_searches_and_pages(s: Arc<dyn Store>) {
    for i in 0..5 {
        s.create_page(
            new_page(&format!("Campaign {i}"), &format!("c-{i}")),
            &audit(),
        )
        .await
        .unwrap();
    }
    let odd = s
        .create_page(new_page("50% off_sale", "sale"), &audit())
        .await
        .unwrap();
    s.publish(odd.id, version(1, "x"), &audit()).await.unwrap();

    let all = PageQuery {
        workspace_id: DEFAULT_WORKSPACE_ID,
        limit: 50,
        ..Default::default()
    };
    let (pages, total) = s.list_pages(&all).await.unwrap();
    assert_eq!((pages.len(), total), (6, 6));
    // Newest change first.
    assert_eq!(pages[0].id, odd.id);

    let (pages, total) = s
        .list_pages(&PageQuery {
            workspace_id: DEFAULT_WORKSPACE_ID,
            limit: 2,
            offset: 4,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((pages.len(), total), (2, 6));

    let published = PageQuery {
        status: Some(PageStatus::Published),
        workspace_id: DEFAULT_WORKSPACE_ID,
        limit: 50,
        ..Default::default()
    };
    let (pages, total) = s.list_pages(&published).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(pages[0].id, odd.id);
    let drafts = PageQuery {
        status: Some(PageStatus::Draft),
        workspace_id: DEFAULT_WORKSPACE_ID,
        limit: 50,
        ..Default::default()
    };
    assert_eq!(s.list_pages(&drafts).await.unwrap().1, 5);

    let search = |q: &str| PageQuery {
        search: Some(q.into()),
        workspace_id: DEFAULT_WORKSPACE_ID,
        limit: 50,
        ..Default::default()
    };
    assert_eq!(s.list_pages(&search("CAMPAIGN")).await.unwrap().1, 5);
    assert_eq!(s.list_pages(&search("campaign 3")).await.unwrap().1, 1);
    // Wildcards are literal.
    assert_eq!(s.list_pages(&search("%")).await.unwrap().1, 1);
    assert_eq!(s.list_pages(&search("_")).await.unwrap().1, 1);
    assert_eq!(s.list_pages(&search("nothing")).await.unwrap().1, 0);
}

async fn drafts_use_optimistic_revisions(s: Arc<dyn Store>) {
    let p = s
        .create_page(new_page("Draft", "draft"), &audit())
        .await
        .unwrap();
    let d = s.draft(p.id).await.unwrap();
    assert_eq!(d.revision, 1);
    assert_eq!(d.doc.settings.title, "Draft");

    let mut doc2 = d.doc.clone();
    doc2.settings.title = "Renamed".into();
    let saved = s
        .save_draft(
            p.id,
            SaveDraft {
                doc: doc2.clone(),
                title: "Renamed".into(),
                slug: "renamed".into(),
                expected_revision: Some(1),
            },
            &audit(),
        )
        .await
        .unwrap();
    assert_eq!(saved.revision, 2);
    let page = s.page(p.id).await.unwrap();
    assert_eq!(
        (page.title.as_str(), page.slug.as_str()),
        ("Renamed", "renamed")
    );
    assert_eq!(s.draft(p.id).await.unwrap().doc, doc2);

    // A stale revision is refused and changes nothing.
    let stale = s
        .save_draft(
            p.id,
            SaveDraft {
                doc: doc("Lost"),
                title: "Lost".into(),
                slug: "lost".into(),
                expected_revision: Some(1),
            },
            &audit(),
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::StaleRevision { current: 2 })),
        "{stale:?}"
    );
    assert_eq!(s.draft(p.id).await.unwrap().doc.settings.title, "Renamed");

    let missing = s.draft(uuid::Uuid::now_v7()).await;
    assert!(matches!(missing, Err(StoreError::NotFound)));
}

async fn publishing_creates_immutable_versions(s: Arc<dyn Store>) {
    let p = s
        .create_page(new_page("Pub", "pub"), &audit())
        .await
        .unwrap();
    assert!(s.live_page(p.id).await.unwrap().is_none());
    let v1 = s
        .publish(p.id, version(1, "<p>one</p>"), &audit())
        .await
        .unwrap();
    assert_eq!(v1.version, 1);
    assert_eq!(v1.size, 10);
    let v2 = s
        .publish(p.id, version(1, "<p>two</p>"), &audit())
        .await
        .unwrap();
    assert_eq!(v2.version, 2);

    let page = s.page(p.id).await.unwrap();
    assert_eq!(page.status(), PageStatus::Published);
    assert_eq!(page.live_version, Some(2));
    assert_eq!(page.latest_version, Some(2));
    assert!(page.published_at.is_some());
    assert!(!page.has_unpublished_changes());

    let live = s.live_page(p.id).await.unwrap().unwrap();
    assert_eq!(live.html, b"<p>two</p>");
    assert_eq!(live.brotli, vec![4, 5]);
    assert_eq!(live.slug, "pub");
    assert_eq!(s.live_pages().await.unwrap().len(), 1);

    let versions = s.versions(p.id).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    let old = s.version(p.id, 1).await.unwrap();
    assert_eq!(old.html, b"<p>one</p>");
    assert!(matches!(
        s.version(p.id, 3).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.publish(uuid::Uuid::now_v7(), version(1, "x"), &audit())
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn rollback_and_unpublish(s: Arc<dyn Store>) {
    let p = s
        .create_page(new_page("Roll", "roll"), &audit())
        .await
        .unwrap();
    s.publish(p.id, version(1, "one"), &audit()).await.unwrap();
    let d = s.draft(p.id).await.unwrap();
    s.save_draft(
        p.id,
        SaveDraft {
            doc: d.doc,
            title: "Roll".into(),
            slug: "roll".into(),
            expected_revision: None,
        },
        &audit(),
    )
    .await
    .unwrap();
    s.publish(p.id, version(2, "two"), &audit()).await.unwrap();

    let page = s.rollback(p.id, 1, &audit()).await.unwrap();
    assert_eq!(page.live_version, Some(1));
    assert!(
        page.has_unpublished_changes(),
        "draft r2 differs from live r1"
    );
    assert_eq!(s.live_page(p.id).await.unwrap().unwrap().html, b"one");
    assert!(matches!(
        s.rollback(p.id, 9, &audit()).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.page(p.id).await.unwrap().live_version, Some(1));

    let page = s.unpublish(p.id, &audit()).await.unwrap();
    assert_eq!(page.status(), PageStatus::Draft);
    assert!(s.live_page(p.id).await.unwrap().is_none());
    assert!(s.live_pages().await.unwrap().is_empty());
    assert_eq!(
        s.versions(p.id).await.unwrap().len(),
        2,
        "versions are kept"
    );
}

async fn deleting_a_page_removes_its_versions(s: Arc<dyn Store>) {
    let p = s
        .create_page(new_page("Gone", "gone"), &audit())
        .await
        .unwrap();
    s.publish(p.id, version(1, "x"), &audit()).await.unwrap();
    s.delete_page(p.id, &audit()).await.unwrap();
    assert!(matches!(s.page(p.id).await, Err(StoreError::NotFound)));
    assert!(s.versions(p.id).await.unwrap().is_empty());
    assert!(s.live_pages().await.unwrap().is_empty());
    assert!(matches!(
        s.delete_page(p.id, &audit()).await,
        Err(StoreError::NotFound)
    ));
    // The slug is free again.
    s.create_page(new_page("Again", "gone"), &audit())
        .await
        .unwrap();
}

async fn mutations_are_audited_in_their_transaction(s: Arc<dyn Store>) {
    let a = s
        .create_account("audit@example.com", "h", &audit())
        .await
        .unwrap();
    let by_a = AuditEntry {
        actor_account_id: Some(a.id),
        ..audit()
    };
    let p = s
        .create_page(new_page("Audited", "audited"), &by_a)
        .await
        .unwrap();
    let d = s.draft(p.id).await.unwrap();
    let save = |rev| SaveDraft {
        doc: d.doc.clone(),
        title: "Audited".into(),
        slug: "audited".into(),
        expected_revision: Some(rev),
    };
    s.save_draft(p.id, save(1), &by_a).await.unwrap();
    // A refused change writes nothing, not even its audit entry.
    assert!(s.save_draft(p.id, save(1), &by_a).await.is_err());
    s.publish(p.id, version(2, "x"), &by_a).await.unwrap();
    assert!(s.rollback(p.id, 7, &by_a).await.is_err());
    s.rollback(p.id, 1, &by_a).await.unwrap();
    s.unpublish(p.id, &by_a).await.unwrap();
    s.record_audit(&AuditEntry {
        outcome: Outcome::Denied,
        ..by_a.with("page.publish", "page", p.id)
    })
    .await
    .unwrap();
    s.delete_page(p.id, &audit()).await.unwrap();

    let all = AuditQuery {
        workspace_id: DEFAULT_WORKSPACE_ID,
        limit: 100,
        ..Default::default()
    };
    let log = s.audit_log(&all).await.unwrap();
    let actions: Vec<_> = log.iter().rev().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "page.create",
            "page.draft.save",
            "page.publish",
            "page.rollback",
            "page.unpublish",
            "page.publish",
            "page.delete"
        ]
    );
    let newest = &log[0];
    assert_eq!(newest.target_id.as_deref(), Some(p.id.to_string().as_str()));
    assert_eq!(newest.actor_account_id, None);
    assert_eq!(log[1].outcome, "denied");
    assert_eq!(log[1].actor_email.as_deref(), Some("audit@example.com"));
    assert_eq!(
        log[3].target_id,
        Some(format!("{}@1", p.id)),
        "rollback names its version"
    );
    assert_eq!(log[1].ip.as_deref(), Some("127.0.0.1"));

    let only = |q: AuditQuery| {
        let s = s.clone();
        async move { s.audit_log(&q).await.unwrap().len() }
    };
    let by_actor = AuditQuery {
        actor_account_id: Some(a.id),
        ..all.clone()
    };
    assert_eq!(only(by_actor).await, 6);
    let denied = AuditQuery {
        outcome: Some(Outcome::Denied),
        ..all.clone()
    };
    assert_eq!(only(denied).await, 1);
    let publishes = AuditQuery {
        action: Some("page.publish".into()),
        ..all.clone()
    };
    assert_eq!(only(publishes).await, 2);
    let page = AuditQuery {
        limit: 2,
        offset: 6,
        ..all.clone()
    };
    assert_eq!(only(page).await, 1);
    let other = AuditQuery {
        workspace_id: uuid::Uuid::now_v7(),
        ..all
    };
    assert_eq!(only(other).await, 0);
}

fn session<'a>(account_id: uuid::Uuid, hash: &'a [u8], lifetime: time::Duration) -> NewSession<'a> {
    NewSession {
        account_id,
        workspace_id: Some(DEFAULT_WORKSPACE_ID),
        token_hash: hash,
        ip: Some("192.0.2.1"),
        user_agent: Some("Firefox"),
        expires_at: time::OffsetDateTime::now_utc() + lifetime,
    }
}

async fn sessions_expire_and_end_on_password_change(s: Arc<dyn Store>) {
    let now = time::OffsetDateTime::now_utc;
    let a = s
        .create_account("s@example.com", "h", &audit())
        .await
        .unwrap();
    let day = time::Duration::days(1);
    let one = s
        .create_session(session(a.id, b"one", day), &audit())
        .await
        .unwrap();
    let two = s
        .create_session(session(a.id, b"two", day), &audit())
        .await
        .unwrap();
    s.create_session(session(a.id, b"old", -day), &audit())
        .await
        .unwrap();
    let (found, account) = s.authenticate_session(b"one", now() - day).await.unwrap();
    assert_eq!((found.id, account.id), (one.id, a.id));
    assert_eq!(found.ip.as_deref(), Some("192.0.2.1"));
    // Past its absolute lifetime, or idle since before the cut-off: gone.
    assert!(matches!(
        s.authenticate_session(b"old", now() - day).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.authenticate_session(b"one", now() + time::Duration::seconds(1))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.sessions(a.id).await.unwrap().len(), 2);
    s.set_session_workspace(one.id, DEFAULT_WORKSPACE_ID)
        .await
        .unwrap();

    // Revoking one ends only that one, and only for its own account.
    let other = s
        .create_account("o@example.com", "h", &audit())
        .await
        .unwrap();
    assert!(matches!(
        s.revoke_session(other.id, two.id, &audit()).await,
        Err(StoreError::NotFound)
    ));
    s.revoke_session(a.id, two.id, &audit()).await.unwrap();
    assert!(matches!(
        s.authenticate_session(b"two", now() - day).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.revoke_session(a.id, two.id, &audit()).await,
        Err(StoreError::NotFound)
    ));
    s.authenticate_session(b"one", now() - day).await.unwrap();

    // A password change ends every session.
    s.set_password_hash(a.id, "h2", &audit()).await.unwrap();
    assert!(matches!(
        s.authenticate_session(b"one", now() - day).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.sessions(a.id).await.unwrap().is_empty());

    // So does disabling the account.
    s.create_session(session(a.id, b"three", day), &audit())
        .await
        .unwrap();
    s.disable_account(a.id, &audit()).await.unwrap();
    assert!(matches!(
        s.authenticate_session(b"three", now() - day).await,
        Err(StoreError::NotFound)
    ));
    let actions: Vec<String> = s
        .audit_by_actor(a.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    // Sign-up is the account's own act; the test's other entries carry no actor.
    assert_eq!(actions, ["account.create"]);
}

async fn one_time_tokens_work_once_and_expire(s: Arc<dyn Store>) {
    let a = s
        .create_account("t@example.com", "h", &audit())
        .await
        .unwrap();
    let new = |kind, hash: &'static [u8], minutes: i64| NewOneTimeToken {
        kind,
        token_hash: hash,
        email: "t@example.com",
        account_id: Some(a.id),
        workspace_id: None,
        role: None,
        created_by: None,
        expires_at: time::OffsetDateTime::now_utc() + time::Duration::minutes(minutes),
    };
    s.create_one_time_token(new(TokenKind::Reset, b"reset", 30), &audit())
        .await
        .unwrap();
    s.create_one_time_token(new(TokenKind::Reset, b"stale", -1), &audit())
        .await
        .unwrap();
    // The wrong kind does not match.
    assert!(matches!(
        s.use_one_time_token(TokenKind::Verify, b"reset").await,
        Err(StoreError::NotFound)
    ));
    s.one_time_token(TokenKind::Reset, b"reset").await.unwrap();
    let used = s
        .use_one_time_token(TokenKind::Reset, b"reset")
        .await
        .unwrap();
    assert_eq!(used.account_id, Some(a.id));
    assert!(matches!(
        s.use_one_time_token(TokenKind::Reset, b"reset").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.use_one_time_token(TokenKind::Reset, b"stale").await,
        Err(StoreError::NotFound)
    ));

    // Invitations: pending, accepted once (joining at the role), withdrawn.
    let invite = |hash: &'static [u8], role| NewOneTimeToken {
        kind: TokenKind::Invite,
        token_hash: hash,
        email: "new@example.com",
        account_id: None,
        workspace_id: Some(DEFAULT_WORKSPACE_ID),
        role: Some(role),
        created_by: Some(a.id),
        expires_at: time::OffsetDateTime::now_utc() + time::Duration::days(7),
    };
    let i1 = s
        .create_one_time_token(invite(b"i1", Role::Editor), &audit())
        .await
        .unwrap();
    let i2 = s
        .create_one_time_token(invite(b"i2", Role::Admin), &audit())
        .await
        .unwrap();
    assert_eq!(s.invitations(DEFAULT_WORKSPACE_ID).await.unwrap().len(), 2);
    let b = s
        .create_account("new@example.com", "h", &audit())
        .await
        .unwrap();
    let accepted = s.accept_invitation(b"i1", b.id, &audit()).await.unwrap();
    assert_eq!((accepted.id, accepted.role.0), (i1.id, Some(Role::Editor)));
    assert_eq!(s.memberships(b.id).await.unwrap()[0].role, Role::Editor);
    assert!(matches!(
        s.accept_invitation(b"i1", b.id, &audit()).await,
        Err(StoreError::NotFound)
    ));
    s.revoke_invitation(DEFAULT_WORKSPACE_ID, i2.id, &audit())
        .await
        .unwrap();
    assert!(matches!(
        s.accept_invitation(b"i2", b.id, &audit()).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        s.invitations(DEFAULT_WORKSPACE_ID)
            .await
            .unwrap()
            .is_empty()
    );
    let log = s
        .audit_log(&AuditQuery {
            workspace_id: DEFAULT_WORKSPACE_ID,
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    for action in ["invite.create", "invite.accept", "invite.revoke"] {
        assert!(log.iter().any(|e| e.action == action), "{action} missing");
    }
}

async fn a_workspace_keeps_an_owner(s: Arc<dyn Store>) {
    let a = s
        .create_account("owner@example.com", "h", &audit())
        .await
        .unwrap();
    let b = s
        .create_account("admin@example.com", "h", &audit())
        .await
        .unwrap();
    let ws = DEFAULT_WORKSPACE_ID;
    s.set_member(ws, a.id, Role::Owner, &audit()).await.unwrap();
    s.set_member(ws, b.id, Role::Admin, &audit()).await.unwrap();
    let last_owner = |r: Result<()>| matches!(r, Err(StoreError::Conflict { constraint: Some(ref c) }) if c == "last_owner");
    assert!(last_owner(
        s.set_member(ws, a.id, Role::Admin, &audit()).await
    ));
    assert!(last_owner(s.remove_member(ws, a.id, &audit()).await));
    assert_eq!(
        s.memberships(a.id).await.unwrap()[0].role,
        Role::Owner,
        "rolled back"
    );
    s.transfer_workspace(ws, a.id, b.id, &audit())
        .await
        .unwrap();
    let roles: Vec<(String, Role)> = s
        .members(ws)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.email, m.role.0))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("owner@example.com".into(), Role::Admin),
            ("admin@example.com".into(), Role::Owner)
        ]
    );
    s.remove_member(ws, a.id, &audit()).await.unwrap();
    assert!(matches!(
        s.remove_member(ws, a.id, &audit()).await,
        Err(StoreError::NotFound)
    ));
    let outsider = s
        .create_account("x@example.com", "h", &audit())
        .await
        .unwrap();
    assert!(matches!(
        s.transfer_workspace(ws, b.id, outsider.id, &audit()).await,
        Err(StoreError::NotFound)
    ));
    let w = s.create_workspace("Doomed").await.unwrap();
    s.set_member(w.id, b.id, Role::Owner, &audit())
        .await
        .unwrap();
    // Deleted by a token of the workspace itself, which goes with it.
    let t = s
        .create_token(token(b.id, w.id, Role::Owner, b"doomed-token"), &audit())
        .await
        .unwrap();
    let by_token = AuditEntry {
        actor_account_id: Some(b.id),
        actor_token_id: Some(t.id),
        ..audit()
    };
    s.delete_workspace(w.id, &by_token).await.unwrap();
    assert!(matches!(s.token(t.id).await, Err(StoreError::NotFound)));
    assert!(matches!(s.workspace(w.id).await, Err(StoreError::NotFound)));
}

async fn deleting_an_account_keeps_anonymous_audit_events(s: Arc<dyn Store>) {
    let a = s
        .create_account("gone@example.com", "h", &audit())
        .await
        .unwrap();
    s.set_member(DEFAULT_WORKSPACE_ID, a.id, Role::Owner, &audit())
        .await
        .unwrap();
    let by_a = AuditEntry {
        actor_account_id: Some(a.id),
        ..audit()
    };
    s.create_page(
        NewPage {
            workspace_id: DEFAULT_WORKSPACE_ID,
            title: "P".into(),
            slug: "p".into(),
            doc: doc("P"),
            created_by: Some(a.id),
        },
        &by_a,
    )
    .await
    .unwrap();
    s.link_oidc_identity("acme", "sub-1", a.id).await.unwrap();
    assert_eq!(s.oidc_account("acme", "sub-1").await.unwrap(), a.id);
    assert_eq!(
        s.audit_by_actor(a.id).await.unwrap().len(),
        2,
        "account.create, page.create"
    );
    s.delete_account(a.id, &by_a).await.unwrap();
    assert!(matches!(s.account(a.id).await, Err(StoreError::NotFound)));
    assert!(matches!(
        s.oidc_account("acme", "sub-1").await,
        Err(StoreError::NotFound)
    ));
    let log = s
        .audit_log(&AuditQuery {
            workspace_id: DEFAULT_WORKSPACE_ID,
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    let create = log.iter().find(|e| e.action == "page.create").unwrap();
    assert_eq!(
        (
            create.actor_account_id,
            create.ip.as_deref(),
            create.user_agent.as_deref()
        ),
        (None, None, None)
    );
    assert!(s.audit_by_actor(a.id).await.unwrap().is_empty());
}

async fn oidc_logins_are_taken_once(s: Arc<dyn Store>) {
    let later = time::OffsetDateTime::now_utc() + time::Duration::minutes(10);
    s.save_oidc_login("state-1", b"browser", "{}", later)
        .await
        .unwrap();
    s.save_oidc_login(
        "state-old",
        b"browser",
        "{}",
        later - time::Duration::hours(1),
    )
    .await
    .unwrap();
    let (browser, pending) = s.take_oidc_login("state-1").await.unwrap();
    assert_eq!(
        (browser.as_slice(), pending.as_str()),
        (&b"browser"[..], "{}")
    );
    assert!(matches!(
        s.take_oidc_login("state-1").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.take_oidc_login("state-old").await,
        Err(StoreError::NotFound)
    ));
}

fn new_asset(ws: uuid::Uuid, sha: &str, name: &str) -> NewAsset {
    let stem = &sha[..16];
    NewAsset {
        workspace_id: ws,
        sha256: sha.into(),
        content_type: "image/png".into(),
        size: 1234,
        width: 1000,
        height: 500,
        name: name.into(),
        created_by: None,
        variants: vec![
            AssetVariant {
                width: 1000,
                height: 500,
                format: "webp".into(),
                key: format!("{stem}-1000.webp"),
                size: 300,
            },
            AssetVariant {
                width: 480,
                height: 240,
                format: "png".into(),
                key: format!("{stem}-480.png"),
                size: 100,
            },
            AssetVariant {
                width: 1000,
                height: 500,
                format: "png".into(),
                key: format!("{stem}-1000.png"),
                size: 400,
            },
        ],
    }
}

async fn assets_are_deduplicated_counted_and_kept_while_used(s: Arc<dyn Store>) {
    let sha_a = "a".repeat(64);
    let sha_b = format!("{}{}", "b".repeat(16), "c".repeat(48));
    let a = s
        .create_asset(
            new_asset(DEFAULT_WORKSPACE_ID, &sha_a, "Hero Photo.png"),
            &audit(),
        )
        .await
        .unwrap();
    assert_eq!((a.width, a.height, a.size), (1000, 500, 1234));
    assert_eq!(a.url_prefix(), format!("/assets/{}-", "a".repeat(16)));
    // Narrowest first, the original format before WebP at each width.
    let order: Vec<_> = a
        .variants
        .iter()
        .map(|v| (v.width, v.format.as_str()))
        .collect();
    assert_eq!(order, [(480, "png"), (1000, "png"), (1000, "webp")]);

    // The same bytes again: the same asset, nothing added.
    let again = s
        .create_asset(
            new_asset(DEFAULT_WORKSPACE_ID, &sha_a, "copy.png"),
            &audit(),
        )
        .await
        .unwrap();
    assert_eq!(again.id, a.id);
    assert_eq!(again.name, "Hero Photo.png");
    assert_eq!(again.variants.len(), 3);

    let b = s
        .create_asset(
            new_asset(DEFAULT_WORKSPACE_ID, &sha_b, "logo_100%.png"),
            &audit(),
        )
        .await
        .unwrap();
    // The same bytes in another workspace are another asset sharing the objects.
    let other_ws = s.create_workspace("Other").await.unwrap();
    let a_other = s
        .create_asset(new_asset(other_ws.id, &sha_a, "theirs.png"), &audit())
        .await
        .unwrap();
    assert_ne!(a_other.id, a.id);

    let query = |search: Option<&str>| AssetQuery {
        workspace_id: DEFAULT_WORKSPACE_ID,
        search: search.map(str::to_string),
        limit: 50,
        offset: 0,
    };
    let (all, total) = s.assets(&query(None)).await.unwrap();
    assert_eq!(total, 2);
    assert_eq!(all[0].asset.id, b.id, "newest first");
    assert!(
        all.iter()
            .all(|u| u.usage == 0 && u.asset.variants.len() == 3)
    );
    let (found, total) = s.assets(&query(Some("HERO"))).await.unwrap();
    assert_eq!((found.len(), total), (1, 1));
    assert_eq!(found[0].asset.id, a.id);
    // Wildcards in the search are literal.
    let (found, _) = s.assets(&query(Some("100%"))).await.unwrap();
    assert_eq!(found.len(), 1);
    let (found, _) = s.assets(&query(Some("%"))).await.unwrap();
    assert_eq!(found.len(), 1);
    let (page2, total) = s
        .assets(&AssetQuery {
            limit: 1,
            offset: 1,
            ..query(None)
        })
        .await
        .unwrap();
    assert_eq!((page2.len(), total), (1, 2));
    assert_eq!(page2[0].asset.id, a.id);

    // A draft that refers to asset a.
    let url = format!("{}480.png", a.url_prefix());
    let p = s
        .create_page(new_page(&format!("Uses {url}"), "uses-a"), &audit())
        .await
        .unwrap();
    assert_eq!(s.asset_usage(a.id).await.unwrap(), 1);
    assert_eq!(s.asset_usage(b.id).await.unwrap(), 0);
    // Another workspace's page does not count, nor does its copy get counted here.
    assert_eq!(s.asset_usage(a_other.id).await.unwrap(), 0);
    let (all, _) = s.assets(&query(None)).await.unwrap();
    let usage: Vec<_> = all.iter().map(|u| (u.asset.id, u.usage)).collect();
    assert_eq!(usage, [(b.id, 0), (a.id, 1)]);

    let refused = s.delete_asset(a.id, &audit()).await.unwrap_err();
    assert!(
        matches!(refused, StoreError::Conflict { constraint: Some(ref c) } if c == "asset_in_use"),
        "{refused:?}"
    );
    assert_eq!(s.asset(a.id).await.unwrap().id, a.id);

    // Published with the reference, then the draft drops it: the live version still uses it.
    let mut live_doc = doc("live");
    live_doc.settings.title = format!("Live {url}");
    s.publish(
        p.id,
        NewVersion {
            doc: live_doc,
            ..version(1, "<p>live</p>")
        },
        &audit(),
    )
    .await
    .unwrap();
    s.save_draft(
        p.id,
        SaveDraft {
            doc: doc("Plain"),
            title: "Plain".into(),
            slug: "uses-a".into(),
            expected_revision: None,
        },
        &audit(),
    )
    .await
    .unwrap();
    assert_eq!(s.asset_usage(a.id).await.unwrap(), 1);
    s.unpublish(p.id, &audit()).await.unwrap();
    assert_eq!(s.asset_usage(a.id).await.unwrap(), 0);

    // Deleted: its objects stay while the other workspace's copy uses them.
    let gone = s.delete_asset(a.id, &audit()).await.unwrap();
    assert!(gone.is_empty(), "{gone:?}");
    assert!(matches!(s.asset(a.id).await, Err(StoreError::NotFound)));
    assert!(matches!(
        s.delete_asset(a.id, &audit()).await,
        Err(StoreError::NotFound)
    ));
    // The last copy: its keys are handed back for removal.
    let mut gone = s.delete_asset(a_other.id, &audit()).await.unwrap();
    gone.sort();
    let stem = &sha_a[..16];
    assert_eq!(
        gone,
        [
            format!("{stem}-1000.png"),
            format!("{stem}-1000.webp"),
            format!("{stem}-480.png")
        ]
    );

    let log = s
        .audit_log(&AuditQuery {
            workspace_id: DEFAULT_WORKSPACE_ID,
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<_> = log
        .iter()
        .filter(|r| r.action.starts_with("asset."))
        .map(|r| r.action.as_str())
        .collect();
    assert_eq!(actions, ["asset.delete", "asset.create", "asset.create"]);
}
