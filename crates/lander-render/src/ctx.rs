//! Rendering state shared by the block renderers: the output buffer, which CSS chunks and
//! scripts the page needs, and the one-`h1` bookkeeping.

use crate::escape;
use lander_doc::{Align, Block, BlockKind, Document, Space};
use std::collections::BTreeSet;

/// CSS chunks and scripts a page can need; one bit each.
pub(crate) mod chunk {
    pub const HERO: u32 = 1 << 0;
    pub const HEADING: u32 = 1 << 1;
    pub const RICH_TEXT: u32 = 1 << 2;
    pub const IMAGE: u32 = 1 << 3;
    pub const COLUMNS: u32 = 1 << 4;
    pub const FEATURES: u32 = 1 << 5;
    pub const TESTIMONIALS: u32 = 1 << 6;
    pub const LOGOS: u32 = 1 << 7;
    pub const PRICING: u32 = 1 << 8;
    pub const FAQ: u32 = 1 << 9;
    pub const FORM: u32 = 1 << 10;
    pub const VIDEO: u32 = 1 << 11;
    pub const COUNTDOWN: u32 = 1 << 12;
    pub const DIVIDER: u32 = 1 << 13;
    pub const CUSTOM_HTML: u32 = 1 << 14;
    /// Card grids (features, testimonials, pricing).
    pub const GRID: u32 = 1 << 15;
    /// Inline SVG icons.
    pub const ICON: u32 = 1 << 16;
    /// The heading + intro over a features, pricing, FAQ, testimonials or form block.
    pub const BLOCK_HEAD: u32 = 1 << 17;
}

/// Everything the page's stylesheet and scripts depend on, collected while rendering.
#[derive(Debug, Default)]
pub(crate) struct Need {
    /// Bits of [`chunk`].
    pub chunks: u32,
    /// Section backgrounds used, by [`bg_index`].
    pub backgrounds: u8,
    /// Section paddings used, by [`space_index`].
    pub paddings: u8,
    /// Column gaps used, by [`space_index`].
    pub gaps: u8,
    /// Spacer heights used, by [`space_index`].
    pub spacers: u8,
    /// Column width patterns used (`"2-1"`), each giving a `.g2-1` grid template.
    pub templates: BTreeSet<String>,
}

impl Need {
    pub fn add(&mut self, bits: u32) {
        self.chunks |= bits;
    }

    pub fn has(&self, bits: u32) -> bool {
        self.chunks & bits != 0
    }
}

/// Position of a space step in the scale, 0 (none) to 6 (xxl).
pub(crate) fn space_index(s: Space) -> usize {
    match s {
        Space::None => 0,
        Space::Xs => 1,
        Space::S => 2,
        Space::M => 3,
        Space::L => 4,
        Space::Xl => 5,
        Space::Xxl => 6,
    }
}

/// Class-name suffixes of the space steps, by [`space_index`].
pub(crate) const SPACE_NAMES: [&str; 7] = ["0", "xs", "s", "m", "l", "xl", "xxl"];

/// Class name of an alignment (sets text-align and the alignment custom properties).
pub(crate) fn align_class(a: Option<Align>) -> &'static str {
    match a {
        None => "",
        Some(Align::Left) => " tl",
        Some(Align::Center) => " tc",
        Some(Align::Right) => " tr",
    }
}

/// The rendering state of one page.
pub(crate) struct Ctx {
    /// The body markup rendered so far.
    pub out: String,
    /// What the stylesheet and scripts must contain.
    pub need: Need,
    /// `/f/{page_id}/`: prefix of every form's action.
    pub form_prefix: String,
    /// Whether the page is in English (dates are then spelled out).
    pub english: bool,
    h1_taken: bool,
    hero_seen: bool,
}

impl Ctx {
    pub fn new(doc: &Document, page_id: Option<&str>) -> Ctx {
        let page = page_id.map_or_else(|| "preview".to_string(), escape::path_segment);
        Ctx {
            out: String::with_capacity(16 * 1024),
            need: Need::default(),
            form_prefix: format!("/f/{page}/"),
            english: doc.settings.language.as_str().starts_with("en"),
            h1_taken: !has_h1_candidate(doc),
            hero_seen: false,
        }
    }

    /// Whether no block can become the `h1`, so the page title must be one (visually hidden).
    /// Only meaningful before any heading is rendered.
    pub fn needs_hidden_h1(&self) -> bool {
        self.h1_taken
    }

    /// The level to render a heading at. `candidate` headings (hero headlines, level-1 headings)
    /// become the page's one `h1` if it is still free, `h2` otherwise; other levels stay as
    /// given (kept within 2-6).
    pub fn heading_level(&mut self, candidate: bool, level: u8) -> u8 {
        if candidate {
            if self.h1_taken {
                2
            } else {
                self.h1_taken = true;
                1
            }
        } else {
            level.clamp(2, 6)
        }
    }

    /// True for the first hero of the page (its image loads eagerly), false afterwards.
    pub fn first_hero(&mut self) -> bool {
        !std::mem::replace(&mut self.hero_seen, true)
    }
}

fn has_h1_candidate(doc: &Document) -> bool {
    fn any(blocks: &[Block]) -> bool {
        blocks.iter().any(|b| match &b.kind {
            BlockKind::Hero(_) => true,
            BlockKind::Heading(h) => h.level <= 1,
            BlockKind::Columns(c) => c.columns.iter().any(|col| any(&col.blocks)),
            _ => false,
        })
    }
    doc.sections.iter().any(|s| any(&s.blocks))
}
