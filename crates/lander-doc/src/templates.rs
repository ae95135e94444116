//! Built-in templates: complete, realistic pages to start from. Each is a JSON document under
//! `templates/` in this crate, compiled in, and checked by tests to parse and validate.

use crate::model::Document;
use crate::parse::parse_document_bytes;
use serde::Serialize;

/// A template's description, as listed in the template gallery.
#[derive(Clone, Debug, Serialize)]
pub struct TemplateInfo {
    /// Stable id used in `POST /api/v1/pages {"template": id}`.
    pub id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// What the page is for.
    pub description: &'static str,
    /// Whether the page contains a lead form.
    pub has_form: bool,
}

struct Entry {
    info: TemplateInfo,
    json: &'static str,
}

macro_rules! entry {
    ($id:literal, $name:literal, $desc:literal, $form:literal) => {
        Entry {
            info: TemplateInfo {
                id: $id,
                name: $name,
                description: $desc,
                has_form: $form,
            },
            json: include_str!(concat!("../templates/", $id, ".json")),
        }
    };
}

const ENTRIES: &[Entry] = &[
    entry!(
        "blank",
        "Blank page",
        "A clean page with a headline and a button, ready for your own blocks.",
        false
    ),
    entry!(
        "saas",
        "SaaS product",
        "Launch or sell a software product: benefits, social proof, pricing, FAQ and a trial sign-up.",
        true
    ),
    entry!(
        "webinar",
        "Webinar registration",
        "Fill a live session: speakers, agenda, countdown and a registration form.",
        true
    ),
    entry!(
        "ebook",
        "E-book download",
        "Offer a guide in exchange for an e-mail address: what's inside, who wrote it, download form.",
        true
    ),
    entry!(
        "app",
        "Mobile app",
        "Drive installs of a phone app: features, reviews and store buttons.",
        false
    ),
    entry!(
        "event",
        "Event",
        "Sell tickets to a conference or meetup: speakers, schedule, venue and ticket tiers.",
        false
    ),
    entry!(
        "waitlist",
        "Waitlist",
        "Collect sign-ups before launch: a bold promise, three reasons to care and an e-mail form.",
        true
    ),
];

/// Every template, in gallery order.
pub fn list() -> Vec<TemplateInfo> {
    ENTRIES.iter().map(|e| e.info.clone()).collect()
}

/// The document of template `id`, or `None` when there is no such template.
pub fn get(id: &str) -> Option<Document> {
    let entry = ENTRIES.iter().find(|e| e.info.id == id)?;
    // Every template is parsed and validated by the `every_template_is_valid` test, so this
    // cannot fail in a released build; `.ok()` keeps the function total regardless.
    parse_document_bytes(entry.json.as_bytes()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockKind, FieldKind};

    #[test]
    fn every_template_is_valid() {
        for e in ENTRIES {
            if let Err(problems) = parse_document_bytes(e.json.as_bytes()) {
                panic!("template {} is invalid: {problems:#?}", e.info.id);
            }
        }
    }

    #[test]
    fn the_required_templates_exist_and_forms_are_where_promised() {
        let ids: Vec<_> = list().iter().map(|t| t.id).collect();
        for id in [
            "blank", "saas", "webinar", "ebook", "app", "event", "waitlist",
        ] {
            assert!(ids.contains(&id), "missing template {id}");
        }
        for info in list() {
            let doc = get(info.id).expect("template parses");
            let mut email_forms = 0;
            doc.walk_blocks(|b, _| {
                if let BlockKind::Form(f) = &b.kind
                    && f.fields.iter().any(|f| f.kind == FieldKind::Email)
                {
                    email_forms += 1;
                }
            });
            assert_eq!(
                info.has_form,
                email_forms > 0,
                "{}: has_form is wrong",
                info.id
            );
        }
        for id in ["saas", "webinar", "ebook", "waitlist"] {
            assert!(
                list().iter().any(|t| t.id == id && t.has_form),
                "{id} needs a form"
            );
        }
    }

    #[test]
    fn unknown_template_is_none() {
        assert!(get("nope").is_none());
    }
}
