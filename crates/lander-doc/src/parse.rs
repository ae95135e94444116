//! Turning untrusted JSON into a [`Document`]: schema migration, structural parsing that reports
//! a problem per bad piece (not just the first), and semantic validation with limits. Every
//! problem carries a JSON pointer (RFC 6901) to what is wrong.

use crate::model::*;
use crate::types::{BlockId, FieldName};
use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Largest document accepted, in bytes of JSON.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;
/// Most blocks in one document, counting blocks inside columns.
pub const MAX_BLOCKS: usize = 1000;
/// Most sections in one document.
pub const MAX_SECTIONS: usize = 200;
/// Deepest nesting of columns inside columns (a block directly in a section is at depth 1).
pub const MAX_DEPTH: usize = 3;
/// Longest ordinary string, in characters.
pub const MAX_STRING_CHARS: usize = 10_000;
/// Longest custom HTML, in bytes.
pub const MAX_CUSTOM_HTML_BYTES: usize = 100_000;

/// One thing wrong with a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// JSON pointer to the offending value (`/sections/2/blocks/0/props/url`); empty for the
    /// whole document.
    pub pointer: String,
    /// What is wrong and how to fix it, in plain words.
    pub message: String,
}

impl Problem {
    /// A problem at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

/// Escapes one JSON pointer reference token (RFC 6901 §3).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

// ---------------------------------------------------------------------------------------------
// Serde for blocks: {"id", "type", "props", "responsive"}

impl Serialize for Block {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = if self.responsive.is_empty() { 3 } else { 4 };
        let mut st = s.serialize_struct("Block", n)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("type", self.kind.type_name())?;
        match &self.kind {
            BlockKind::Hero(p) => st.serialize_field("props", p)?,
            BlockKind::Heading(p) => st.serialize_field("props", p)?,
            BlockKind::RichText(p) => st.serialize_field("props", p)?,
            BlockKind::Image(p) => st.serialize_field("props", p)?,
            BlockKind::Button(p) => st.serialize_field("props", p)?,
            BlockKind::Columns(p) => st.serialize_field("props", p)?,
            BlockKind::Features(p) => st.serialize_field("props", p)?,
            BlockKind::Testimonials(p) => st.serialize_field("props", p)?,
            BlockKind::Logos(p) => st.serialize_field("props", p)?,
            BlockKind::Pricing(p) => st.serialize_field("props", p)?,
            BlockKind::Faq(p) => st.serialize_field("props", p)?,
            BlockKind::Form(p) => st.serialize_field("props", p)?,
            BlockKind::Video(p) => st.serialize_field("props", p)?,
            BlockKind::Countdown(p) => st.serialize_field("props", p)?,
            BlockKind::Divider(p) => st.serialize_field("props", p)?,
            BlockKind::Spacer(p) => st.serialize_field("props", p)?,
            BlockKind::CustomHtml(p) => st.serialize_field("props", p)?,
        }
        if !self.responsive.is_empty() {
            st.serialize_field("responsive", &self.responsive)?;
        }
        st.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    id: BlockId,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    props: Option<Value>,
    #[serde(default)]
    responsive: Responsive,
}

/// Parses a block's props by its type name. `Err(None)` means the type is unknown.
fn kind_from_props(
    kind: &str,
    props: Value,
) -> Result<BlockKind, Option<serde_path_to_error::Error<serde_json::Error>>> {
    fn p<T: DeserializeOwned>(
        v: Value,
    ) -> Result<T, Option<serde_path_to_error::Error<serde_json::Error>>> {
        serde_path_to_error::deserialize(v).map_err(Some)
    }
    Ok(match kind {
        "hero" => BlockKind::Hero(p(props)?),
        "heading" => BlockKind::Heading(p(props)?),
        "rich_text" => BlockKind::RichText(p(props)?),
        "image" => BlockKind::Image(p(props)?),
        "button" => BlockKind::Button(p(props)?),
        "columns" => BlockKind::Columns(p(props)?),
        "features" => BlockKind::Features(p(props)?),
        "testimonials" => BlockKind::Testimonials(p(props)?),
        "logos" => BlockKind::Logos(p(props)?),
        "pricing" => BlockKind::Pricing(p(props)?),
        "faq" => BlockKind::Faq(p(props)?),
        "form" => BlockKind::Form(p(props)?),
        "video" => BlockKind::Video(p(props)?),
        "countdown" => BlockKind::Countdown(p(props)?),
        "divider" => BlockKind::Divider(p(props)?),
        "spacer" => BlockKind::Spacer(p(props)?),
        "custom_html" => BlockKind::CustomHtml(p(props)?),
        _ => return Err(None),
    })
}

fn unknown_type_message(kind: &str) -> String {
    format!(
        "unknown block type '{kind}'; known types: {}",
        BLOCK_TYPES.join(", ")
    )
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawBlock::deserialize(d)?;
        let props = raw.props.unwrap_or_else(|| Value::Object(Map::new()));
        let kind = kind_from_props(&raw.kind, props).map_err(|e| match e {
            None => D::Error::custom(unknown_type_message(&raw.kind)),
            Some(e) => D::Error::custom(format!("props.{}: {}", e.path(), e.inner())),
        })?;
        Ok(Block {
            id: raw.id,
            kind,
            responsive: raw.responsive,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Migration

/// Upgrades a stored or posted document to [`SCHEMA_VERSION`]. Each step turns version `n` into
/// `n + 1`; there are none yet because version 1 is the first.
pub fn migrate(mut value: Value) -> Result<Value, Problem> {
    const STEPS: &[fn(&mut Map<String, Value>)] = &[];
    let obj = value
        .as_object_mut()
        .ok_or_else(|| Problem::new("", "a document must be a JSON object"))?;
    let version = match obj.get("schema_version") {
        None => return Err(Problem::new("/schema_version", "is required (current: 1)")),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| Problem::new("/schema_version", "must be a positive whole number"))?,
    };
    if version == 0 || version > u64::from(SCHEMA_VERSION) {
        return Err(Problem::new(
            "/schema_version",
            format!(
                "version {version} is not supported: this Lander reads versions 1 to {SCHEMA_VERSION}"
            ),
        ));
    }
    for step in STEPS.iter().skip(version as usize - 1) {
        step(obj);
    }
    obj.insert("schema_version".into(), Value::from(SCHEMA_VERSION));
    Ok(value)
}

// ---------------------------------------------------------------------------------------------
// Collecting parser

fn pointer_of(prefix: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut ptr = prefix.to_string();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => ptr.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                ptr.push('/');
                ptr.push_str(&escape_token(key));
            }
            Segment::Enum { variant } => {
                ptr.push('/');
                ptr.push_str(&escape_token(variant));
            }
            Segment::Unknown => {}
        }
    }
    ptr
}

fn clean_serde_message(e: &serde_json::Error) -> String {
    // serde_json appends " at line 1 column 2", meaningless for a value.
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

fn de_at<T: DeserializeOwned>(v: Value, ptr: &str, problems: &mut Vec<Problem>) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(t) => Some(t),
        Err(e) => {
            problems.push(Problem::new(
                pointer_of(ptr, e.path()),
                clean_serde_message(e.inner()),
            ));
            None
        }
    }
}

/// Checks every string in the JSON for control characters and length.
fn check_strings(v: &Value, ptr: &mut String, problems: &mut Vec<Problem>) {
    match v {
        Value::String(s) => {
            let is_html = ptr.ends_with("/props/html");
            if let Some(c) = s
                .chars()
                .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            {
                problems.push(Problem::new(
                    ptr.clone(),
                    format!(
                        "contains the control character U+{:04X}; remove it",
                        c as u32
                    ),
                ));
            } else if is_html && s.len() > MAX_CUSTOM_HTML_BYTES {
                problems.push(Problem::new(
                    ptr.clone(),
                    format!("custom HTML is at most {MAX_CUSTOM_HTML_BYTES} bytes"),
                ));
            } else if !is_html && s.chars().count() > MAX_STRING_CHARS {
                problems.push(Problem::new(
                    ptr.clone(),
                    format!("text is at most {MAX_STRING_CHARS} characters"),
                ));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = ptr.len();
                ptr.push_str(&format!("/{i}"));
                check_strings(item, ptr, problems);
                ptr.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&escape_token(k));
                if k.chars().count() > 100 {
                    problems.push(Problem::new(ptr.clone(), "this key is too long"));
                } else {
                    check_strings(item, ptr, problems);
                }
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}

struct BlockParser<'a> {
    problems: &'a mut Vec<Problem>,
    count: usize,
}

impl BlockParser<'_> {
    fn blocks(&mut self, v: Value, ptr: &str, depth: usize) -> Vec<Block> {
        let Value::Array(items) = v else {
            self.problems
                .push(Problem::new(ptr, "must be a list of blocks"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let bptr = format!("{ptr}/{i}");
            self.count += 1;
            if self.count == MAX_BLOCKS + 1 {
                self.problems.push(Problem::new(
                    bptr.clone(),
                    format!("a page has at most {MAX_BLOCKS} blocks"),
                ));
            }
            if let Some(b) = self.block(item, &bptr, depth) {
                out.push(b);
            }
        }
        out
    }

    fn block(&mut self, v: Value, ptr: &str, depth: usize) -> Option<Block> {
        let Value::Object(mut obj) = v else {
            self.problems
                .push(Problem::new(ptr, "a block must be a JSON object"));
            return None;
        };
        let props = obj
            .remove("props")
            .unwrap_or_else(|| Value::Object(Map::new()));
        let kind_name = obj.get("type").and_then(Value::as_str).map(str::to_string);
        let raw: Option<RawBlock> = de_at(Value::Object(obj), ptr, self.problems);
        let kind_name = kind_name?;
        let props_ptr = format!("{ptr}/props");
        let kind = if kind_name == "columns" {
            self.columns(props, &props_ptr, depth)?
        } else {
            match kind_from_props(&kind_name, props) {
                Ok(k) => k,
                Err(None) => {
                    self.problems.push(Problem::new(
                        format!("{ptr}/type"),
                        unknown_type_message(&kind_name),
                    ));
                    return None;
                }
                Err(Some(e)) => {
                    self.problems.push(Problem::new(
                        pointer_of(&props_ptr, e.path()),
                        clean_serde_message(e.inner()),
                    ));
                    return None;
                }
            }
        };
        let raw = raw?;
        Some(Block {
            id: raw.id,
            kind,
            responsive: raw.responsive,
        })
    }

    fn columns(&mut self, props: Value, ptr: &str, depth: usize) -> Option<BlockKind> {
        if depth >= MAX_DEPTH {
            self.problems.push(Problem::new(
                ptr,
                format!("columns can be nested at most {MAX_DEPTH} deep"),
            ));
            return None;
        }
        let Value::Object(mut obj) = props else {
            self.problems
                .push(Problem::new(ptr, "must be a JSON object"));
            return None;
        };
        let cols = obj.remove("columns");
        obj.insert("columns".into(), Value::Array(Vec::new()));
        let head: Option<Columns> = de_at(Value::Object(obj), ptr, self.problems);
        let Some(Value::Array(cols)) = cols else {
            self.problems.push(Problem::new(
                format!("{ptr}/columns"),
                "is required: a list of columns, each {\"span\": 1, \"blocks\": [...]}",
            ));
            return None;
        };
        let mut columns = Vec::with_capacity(cols.len());
        for (k, col) in cols.into_iter().enumerate() {
            let cptr = format!("{ptr}/columns/{k}");
            let Value::Object(mut cobj) = col else {
                self.problems
                    .push(Problem::new(cptr, "a column must be a JSON object"));
                continue;
            };
            let blocks = cobj.remove("blocks").unwrap_or(Value::Array(Vec::new()));
            let column: Option<Column> = de_at(Value::Object(cobj), &cptr, self.problems);
            let blocks = self.blocks(blocks, &format!("{cptr}/blocks"), depth + 1);
            if let Some(mut c) = column {
                c.blocks = blocks;
                columns.push(c);
            }
        }
        let mut head = head?;
        head.columns = columns;
        Some(BlockKind::Columns(head))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionHead {
    id: BlockId,
    #[serde(default)]
    background: Background,
    #[serde(default)]
    width: Width,
    #[serde(default)]
    padding: Option<Space>,
    #[serde(default)]
    align: Option<Align>,
    #[serde(default)]
    responsive: Responsive,
}

/// Parses and validates JSON bytes (a request body) into a document.
pub fn parse_document_bytes(bytes: &[u8]) -> Result<Document, Vec<Problem>> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(vec![Problem::new(
            "",
            format!("a document is at most {MAX_DOCUMENT_BYTES} bytes"),
        )]);
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| vec![Problem::new("", format!("not valid JSON: {e}"))])?;
    parse_document(value)
}

/// Parses and validates a JSON value into a document, reporting every problem found.
pub fn parse_document(value: Value) -> Result<Document, Vec<Problem>> {
    let mut problems = Vec::new();
    check_strings(&value, &mut String::new(), &mut problems);
    let value = migrate(value).map_err(|p| {
        let mut all = problems.clone();
        all.push(p);
        all
    })?;
    let Value::Object(mut obj) = value else {
        unreachable!("migrate() only returns objects")
    };
    for key in obj.keys() {
        if !matches!(
            key.as_str(),
            "schema_version" | "settings" | "theme" | "sections"
        ) {
            problems.push(Problem::new(
                format!("/{}", escape_token(key)),
                "unknown field; a document has schema_version, settings, theme and sections",
            ));
        }
    }
    let settings: Option<Settings> = match obj.remove("settings") {
        Some(v) => de_at(v, "/settings", &mut problems),
        None => {
            problems.push(Problem::new(
                "/settings",
                "is required (at least {\"title\": ...})",
            ));
            None
        }
    };
    let theme: Option<crate::theme::Theme> = match obj.remove("theme") {
        Some(v) => de_at(v, "/theme", &mut problems),
        None => Some(Default::default()),
    };
    let mut sections = Vec::new();
    match obj.remove("sections") {
        None => {}
        Some(Value::Array(items)) => {
            if items.len() > MAX_SECTIONS {
                problems.push(Problem::new(
                    "/sections",
                    format!("a page has at most {MAX_SECTIONS} sections"),
                ));
            }
            let mut parser = BlockParser {
                problems: &mut problems,
                count: 0,
            };
            for (i, item) in items.into_iter().enumerate() {
                let ptr = format!("/sections/{i}");
                let Value::Object(mut sobj) = item else {
                    parser
                        .problems
                        .push(Problem::new(ptr, "a section must be a JSON object"));
                    continue;
                };
                let blocks = sobj.remove("blocks").unwrap_or(Value::Array(Vec::new()));
                let head: Option<SectionHead> = de_at(Value::Object(sobj), &ptr, parser.problems);
                let blocks = parser.blocks(blocks, &format!("{ptr}/blocks"), 0);
                if let Some(h) = head {
                    sections.push(Section {
                        id: h.id,
                        background: h.background,
                        width: h.width,
                        padding: h.padding.unwrap_or(Space::Xl),
                        align: h.align,
                        blocks,
                        responsive: h.responsive,
                    });
                }
            }
        }
        Some(_) => problems.push(Problem::new("/sections", "must be a list of sections")),
    }
    let (Some(settings), Some(theme)) = (settings, theme) else {
        return Err(problems);
    };
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        settings,
        theme,
        sections,
    };
    problems.extend(validate(&doc));
    if problems.is_empty() {
        Ok(doc)
    } else {
        dedup(&mut problems);
        Err(problems)
    }
}

/// Keeps the first problem per pointer: a second complaint about the same value adds noise.
fn dedup(problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    problems.retain(|p| seen.insert(p.pointer.clone()));
}

// ---------------------------------------------------------------------------------------------
// Semantic validation

struct Validator {
    problems: Vec<Problem>,
    ids: HashSet<String>,
    blocks: usize,
}

impl Validator {
    fn push(&mut self, ptr: &str, msg: impl Into<String>) {
        self.problems.push(Problem::new(ptr, msg));
    }

    fn required(&mut self, ptr: &str, s: &str) {
        if s.trim().is_empty() {
            self.push(ptr, "cannot be empty");
        }
    }

    fn max_chars(&mut self, ptr: &str, s: &str, max: usize) {
        if s.chars().count() > max {
            self.push(ptr, format!("is at most {max} characters"));
        }
    }

    fn count(&mut self, ptr: &str, n: usize, lo: usize, hi: usize, what: &str) {
        if n < lo || n > hi {
            if lo == hi {
                self.push(ptr, format!("needs exactly {lo} {what}"));
            } else {
                self.push(ptr, format!("needs {lo} to {hi} {what} (has {n})"));
            }
        }
    }

    fn id(&mut self, ptr: &str, id: &BlockId) {
        if !self.ids.insert(id.as_str().to_string()) {
            self.push(
                &format!("{ptr}/id"),
                format!("the id '{id}' is used twice; ids must be unique in a page"),
            );
        }
    }

    fn cta(&mut self, ptr: &str, cta: &Cta) {
        self.required(&format!("{ptr}/label"), &cta.label);
        self.max_chars(&format!("{ptr}/label"), &cta.label, 80);
    }

    fn image(&mut self, ptr: &str, img: &Image) {
        self.max_chars(&format!("{ptr}/alt"), &img.alt, 500);
        for (name, v) in [("width", img.width), ("height", img.height)] {
            if let Some(v) = v
                && !(1..=10_000).contains(&v)
            {
                self.push(&format!("{ptr}/{name}"), "must be 1 to 10000 pixels");
            }
        }
    }

    fn inlines(&mut self, ptr: &str, runs: &[Inline]) {
        for (i, r) in runs.iter().enumerate() {
            if r.text.is_empty() {
                self.push(&format!("{ptr}/{i}/text"), "cannot be empty");
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block], ptr: &str) {
        for (i, b) in blocks.iter().enumerate() {
            self.block(b, &format!("{ptr}/{i}"));
        }
    }

    fn block(&mut self, b: &Block, ptr: &str) {
        self.blocks += 1;
        self.id(ptr, &b.id);
        let p = |s: &str| format!("{ptr}/props/{s}");
        match &b.kind {
            BlockKind::Hero(h) => {
                self.required(&p("headline"), &h.headline);
                self.max_chars(&p("headline"), &h.headline, 200);
                if let Some(c) = &h.primary {
                    self.cta(&p("primary"), c);
                }
                if let Some(c) = &h.secondary {
                    self.cta(&p("secondary"), c);
                }
                if let Some(img) = &h.image {
                    self.image(&p("image"), img);
                }
            }
            BlockKind::Heading(h) => {
                self.required(&p("text"), &h.text);
                self.max_chars(&p("text"), &h.text, 300);
                if !(1..=6).contains(&h.level) {
                    self.push(&p("level"), "must be 1 to 6");
                }
            }
            BlockKind::RichText(t) => {
                self.count(
                    &p("content"),
                    t.content.len(),
                    1,
                    200,
                    "paragraphs or lists",
                );
                for (i, tb) in t.content.iter().enumerate() {
                    let tp = p(&format!("content/{i}"));
                    match tb {
                        TextBlock::Paragraph { content } => {
                            self.inlines(&format!("{tp}/content"), content)
                        }
                        TextBlock::List { items, .. } => {
                            self.count(&format!("{tp}/items"), items.len(), 1, 200, "items");
                            for (k, item) in items.iter().enumerate() {
                                self.inlines(&format!("{tp}/items/{k}"), item);
                            }
                        }
                    }
                }
            }
            BlockKind::Image(img) => self.image(&format!("{ptr}/props"), img),
            BlockKind::Button(btn) => {
                self.required(&p("label"), &btn.label);
                self.max_chars(&p("label"), &btn.label, 80);
            }
            BlockKind::Columns(c) => {
                self.count(&p("columns"), c.columns.len(), 1, 4, "columns");
                for (k, col) in c.columns.iter().enumerate() {
                    if !(1..=12).contains(&col.span) {
                        self.push(&p(&format!("columns/{k}/span")), "must be 1 to 12");
                    }
                    self.blocks(&col.blocks, &p(&format!("columns/{k}/blocks")));
                }
            }
            BlockKind::Features(f) => {
                if !(2..=4).contains(&f.columns) {
                    self.push(&p("columns"), "must be 2 to 4");
                }
                self.count(&p("items"), f.items.len(), 1, 12, "items");
                for (i, item) in f.items.iter().enumerate() {
                    self.required(&p(&format!("items/{i}/title")), &item.title);
                }
            }
            BlockKind::Testimonials(t) => {
                self.count(&p("items"), t.items.len(), 1, 12, "testimonials");
                for (i, item) in t.items.iter().enumerate() {
                    self.required(&p(&format!("items/{i}/quote")), &item.quote);
                    self.required(&p(&format!("items/{i}/name")), &item.name);
                    if let Some(r) = item.rating
                        && !(1..=5).contains(&r)
                    {
                        self.push(&p(&format!("items/{i}/rating")), "must be 1 to 5");
                    }
                }
            }
            BlockKind::Logos(l) => {
                self.count(&p("items"), l.items.len(), 1, 24, "logos");
                for (i, item) in l.items.iter().enumerate() {
                    self.required(&p(&format!("items/{i}/name")), &item.name);
                }
            }
            BlockKind::Pricing(pr) => {
                self.count(&p("plans"), pr.plans.len(), 1, 4, "plans");
                for (i, plan) in pr.plans.iter().enumerate() {
                    self.required(&p(&format!("plans/{i}/name")), &plan.name);
                    self.required(&p(&format!("plans/{i}/price")), &plan.price);
                    self.cta(&p(&format!("plans/{i}/cta")), &plan.cta);
                    if plan.features.len() > 30 {
                        self.push(&p(&format!("plans/{i}/features")), "at most 30 features");
                    }
                }
            }
            BlockKind::Faq(f) => {
                self.count(&p("items"), f.items.len(), 1, 40, "questions");
                for (i, item) in f.items.iter().enumerate() {
                    self.required(&p(&format!("items/{i}/question")), &item.question);
                    self.required(&p(&format!("items/{i}/answer")), &item.answer);
                }
            }
            BlockKind::Form(f) => self.form(ptr, f),
            BlockKind::Video(v) => self.required(&p("title"), &v.title),
            BlockKind::Countdown(_) | BlockKind::Divider(_) | BlockKind::Spacer(_) => {}
            BlockKind::CustomHtml(h) => {
                if h.html.len() > MAX_CUSTOM_HTML_BYTES {
                    self.push(
                        &p("html"),
                        format!("custom HTML is at most {MAX_CUSTOM_HTML_BYTES} bytes"),
                    );
                }
            }
        }
    }

    fn form(&mut self, ptr: &str, f: &Form) {
        let p = |s: &str| format!("{ptr}/props/{s}");
        self.count(&p("fields"), f.fields.len(), 1, 30, "fields");
        self.required(&p("submit_label"), &f.submit_label);
        self.max_chars(&p("submit_label"), &f.submit_label, 80);
        let mut names: HashSet<&FieldName> = HashSet::new();
        for (i, field) in f.fields.iter().enumerate() {
            let fp = |s: &str| p(&format!("fields/{i}/{s}"));
            if !names.insert(&field.name) {
                self.push(
                    &fp("name"),
                    format!("the field name '{}' is used twice", field.name),
                );
            }
            if matches!(field.name.as_str(), "_hp" | "_ts") || field.name.as_str().starts_with('_')
            {
                self.push(&fp("name"), "names starting with '_' are reserved");
            }
            if field.kind != FieldKind::Hidden {
                self.required(&fp("label"), &field.label);
            }
            self.max_chars(&fp("label"), &field.label, 300);
            match field.kind {
                FieldKind::Select => {
                    self.count(&fp("options"), field.options.len(), 1, 100, "options");
                    for (k, o) in field.options.iter().enumerate() {
                        self.required(&fp(&format!("options/{k}")), o);
                    }
                }
                _ if !field.options.is_empty() => {
                    self.push(&fp("options"), "only select fields have options");
                }
                _ => {}
            }
            if field.kind == FieldKind::Hidden && field.value.is_none() {
                self.push(&fp("value"), "a hidden field needs a value");
            }
            if let Some(m) = field.max_length
                && !(1..=10_000).contains(&m)
            {
                self.push(&fp("max_length"), "must be 1 to 10000");
            }
        }
    }
}

/// Semantic checks on a structurally valid document: required text, counts, unique ids, limits.
pub fn validate(doc: &Document) -> Vec<Problem> {
    let mut v = Validator {
        problems: Vec::new(),
        ids: HashSet::new(),
        blocks: 0,
    };
    v.required("/settings/title", &doc.settings.title);
    v.max_chars("/settings/title", &doc.settings.title, 200);
    if let Some(t) = &doc.settings.seo.meta_title {
        v.max_chars("/settings/seo/meta_title", t, 200);
    }
    if let Some(d) = &doc.settings.seo.meta_description {
        v.max_chars("/settings/seo/meta_description", d, 500);
    }
    for (ptr, msg) in doc.theme.problems() {
        v.push(&format!("/theme{ptr}"), msg);
    }
    if doc.sections.len() > MAX_SECTIONS {
        v.push(
            "/sections",
            format!("a page has at most {MAX_SECTIONS} sections"),
        );
    }
    for (i, s) in doc.sections.iter().enumerate() {
        let ptr = format!("/sections/{i}");
        v.id(&ptr, &s.id);
        v.blocks(&s.blocks, &format!("{ptr}/blocks"));
    }
    if v.blocks > MAX_BLOCKS {
        v.push(
            "/sections",
            format!("a page has at most {MAX_BLOCKS} blocks (has {})", v.blocks),
        );
    }
    if let Ok(bytes) = serde_json::to_vec(doc)
        && bytes.len() > MAX_DOCUMENT_BYTES
    {
        v.push(
            "",
            format!("a document is at most {MAX_DOCUMENT_BYTES} bytes"),
        );
    }
    v.problems
}
