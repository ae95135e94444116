//! The page document: settings, theme, sections and blocks, as stored in a draft or a published
//! version and as exchanged over the API (JSON).

use crate::theme::Theme;
use crate::types::{
    AbsoluteUrl, BlockId, DateTime, FieldName, Href, ImageSrc, Language, Slug, VideoUrl,
};
use serde::{Deserialize, Serialize};

/// The schema version this build writes. Older documents are migrated on read
/// ([`crate::parse::migrate`]).
pub const SCHEMA_VERSION: u32 = 1;

/// A complete page document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Version of the document schema, see [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Page-level settings: title, slug, language, SEO.
    pub settings: Settings,
    /// Design tokens: a preset plus overrides.
    #[serde(default)]
    pub theme: Theme,
    /// The page's sections, top to bottom.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// Page-level settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Title of the page, shown in the browser tab and used as the default SEO title.
    pub title: String,
    /// URL path of the published page (`/{slug}`). The page record is the authority; a draft's
    /// slug, when present, is kept in step with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<Slug>,
    /// Language of the page's content (`lang` attribute).
    #[serde(default)]
    pub language: Language,
    /// Search-engine and social-sharing settings.
    #[serde(default, skip_serializing_if = "Seo::is_empty")]
    pub seo: Seo,
}

/// Search-engine and social-sharing settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seo {
    /// `<title>` override (defaults to the page title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_title: Option<String>,
    /// `<meta name="description">`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_description: Option<String>,
    /// `<link rel="canonical">`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<AbsoluteUrl>,
    /// Open Graph image shown when the page is shared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub og_image: Option<ImageSrc>,
    /// Ask search engines not to index the page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub noindex: bool,
}

impl Seo {
    fn is_empty(&self) -> bool {
        *self == Seo::default()
    }
}

/// A horizontal band of the page holding blocks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Unique id, also the HTML id (so `#id` links scroll to it).
    pub id: BlockId,
    /// Background of the band.
    #[serde(default)]
    pub background: Background,
    /// Maximum width of the content.
    #[serde(default)]
    pub width: Width,
    /// Vertical padding.
    #[serde(default = "Space::section_default")]
    pub padding: Space,
    /// Default text alignment of the section's blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
    /// The blocks, top to bottom.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Per-breakpoint overrides for the section.
    #[serde(default, skip_serializing_if = "Responsive::is_empty")]
    pub responsive: Responsive,
}

/// Section background, drawn from the theme's palette.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Background {
    /// The page background colour.
    #[default]
    Default,
    /// A subtly tinted surface.
    Surface,
    /// The brand colour.
    Brand,
    /// The accent colour.
    Accent,
    /// The theme's dark colour.
    Dark,
    /// A gradient from brand to accent.
    Gradient,
}

/// Maximum width of a section's content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Width {
    /// About 45 rem: a comfortable reading measure.
    Narrow,
    /// About 72 rem.
    #[default]
    Normal,
    /// About 90 rem.
    Wide,
    /// Edge to edge.
    Full,
}

/// Horizontal alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Start of the line.
    Left,
    /// Centred.
    Center,
    /// End of the line.
    Right,
}

/// A step of the theme's spacing scale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Space {
    /// 0.
    None,
    /// Half a unit.
    Xs,
    /// One unit.
    S,
    /// Two units.
    #[default]
    M,
    /// Three units.
    L,
    /// Five units.
    Xl,
    /// Eight units.
    Xxl,
}

impl Space {
    /// The number of spacing units (a unit is the theme's `spacing.unit_px`, 8 px by default)
    /// times two, so every step is an integer.
    pub fn half_units(self) -> u32 {
        match self {
            Space::None => 0,
            Space::Xs => 1,
            Space::S => 2,
            Space::M => 4,
            Space::L => 6,
            Space::Xl => 10,
            Space::Xxl => 16,
        }
    }

    fn section_default() -> Space {
        Space::Xl
    }
}

/// A step of the theme's type scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FontSize {
    /// One step below body text.
    Sm,
    /// Body text.
    Base,
    /// One step up.
    Lg,
    /// Two steps up.
    Xl,
    /// Three steps up.
    Xxl,
    /// Four steps up.
    Xxxl,
    /// Five steps up: hero headlines.
    Display,
}

impl FontSize {
    /// Steps from the base size (-1 to 5).
    pub fn step(self) -> i32 {
        match self {
            FontSize::Sm => -1,
            FontSize::Base => 0,
            FontSize::Lg => 1,
            FontSize::Xl => 2,
            FontSize::Xxl => 3,
            FontSize::Xxxl => 4,
            FontSize::Display => 5,
        }
    }
}

/// The three breakpoints an override can target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakpoint {
    /// Below 768 px.
    Mobile,
    /// 768 px to 1023 px.
    Tablet,
    /// 1024 px and wider.
    Desktop,
}

impl Breakpoint {
    /// All breakpoints, narrowest first.
    pub const ALL: [Breakpoint; 3] = [Breakpoint::Mobile, Breakpoint::Tablet, Breakpoint::Desktop];

    /// The CSS media query selecting exactly this breakpoint.
    pub fn media_query(self) -> &'static str {
        match self {
            Breakpoint::Mobile => "(max-width:767.98px)",
            Breakpoint::Tablet => "(min-width:768px) and (max-width:1023.98px)",
            Breakpoint::Desktop => "(min-width:1024px)",
        }
    }

    /// The name used in documents (`mobile`, `tablet`, `desktop`).
    pub fn name(self) -> &'static str {
        match self {
            Breakpoint::Mobile => "mobile",
            Breakpoint::Tablet => "tablet",
            Breakpoint::Desktop => "desktop",
        }
    }
}

/// Per-breakpoint overrides of a block or section.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsive {
    /// Applies below 768 px.
    #[serde(default, skip_serializing_if = "Override::is_empty")]
    pub mobile: Override,
    /// Applies from 768 px to 1023 px.
    #[serde(default, skip_serializing_if = "Override::is_empty")]
    pub tablet: Override,
    /// Applies from 1024 px.
    #[serde(default, skip_serializing_if = "Override::is_empty")]
    pub desktop: Override,
}

impl Responsive {
    /// True when no breakpoint overrides anything.
    pub fn is_empty(&self) -> bool {
        self.mobile.is_empty() && self.tablet.is_empty() && self.desktop.is_empty()
    }

    /// The override for one breakpoint.
    pub fn get(&self, bp: Breakpoint) -> &Override {
        match bp {
            Breakpoint::Mobile => &self.mobile,
            Breakpoint::Tablet => &self.tablet,
            Breakpoint::Desktop => &self.desktop,
        }
    }
}

/// What a breakpoint overrides. Every field is optional; absent means "as on other breakpoints".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Hide the element at this breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// Text alignment at this breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
    /// Space above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding_top: Option<Space>,
    /// Space below.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding_bottom: Option<Space>,
    /// Font size of the element's main text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_size: Option<FontSize>,
}

impl Override {
    /// True when nothing is overridden.
    pub fn is_empty(&self) -> bool {
        *self == Override::default()
    }
}

/// One block of content. Serialised as `{"id", "type", "props", "responsive"}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// Unique id within the document.
    pub id: BlockId,
    /// The block's kind and its properties.
    pub kind: BlockKind,
    /// Per-breakpoint overrides.
    pub responsive: Responsive,
}

/// Every kind of block, with its properties.
#[derive(Clone, Debug, PartialEq)]
pub enum BlockKind {
    /// The page's opening statement: headline, supporting sentence, calls to action.
    Hero(Hero),
    /// A heading, optionally with an eyebrow and a subtitle.
    Heading(Heading),
    /// Paragraphs and lists with bold, italic and links.
    RichText(RichText),
    /// One image.
    Image(Image),
    /// One button.
    Button(Button),
    /// Side-by-side columns of blocks.
    Columns(Columns),
    /// A grid of benefits.
    Features(Features),
    /// Quotes from customers.
    Testimonials(Testimonials),
    /// A strip of customer or partner logos.
    Logos(Logos),
    /// A pricing table.
    Pricing(Pricing),
    /// Questions and answers as accessible disclosures.
    Faq(Faq),
    /// A lead form.
    Form(Form),
    /// A YouTube or Vimeo video behind a click-to-load facade.
    Video(Video),
    /// A countdown to a date.
    Countdown(Countdown),
    /// A horizontal rule.
    Divider(Divider),
    /// Vertical space.
    Spacer(Spacer),
    /// Custom HTML, sanitised on render (no scripts, no event handlers).
    CustomHtml(CustomHtml),
}

/// The `type` names of every block kind, in the order of [`BlockKind`].
pub const BLOCK_TYPES: &[&str] = &[
    "hero",
    "heading",
    "rich_text",
    "image",
    "button",
    "columns",
    "features",
    "testimonials",
    "logos",
    "pricing",
    "faq",
    "form",
    "video",
    "countdown",
    "divider",
    "spacer",
    "custom_html",
];

impl BlockKind {
    /// The kind's `type` name in documents.
    pub fn type_name(&self) -> &'static str {
        match self {
            BlockKind::Hero(_) => "hero",
            BlockKind::Heading(_) => "heading",
            BlockKind::RichText(_) => "rich_text",
            BlockKind::Image(_) => "image",
            BlockKind::Button(_) => "button",
            BlockKind::Columns(_) => "columns",
            BlockKind::Features(_) => "features",
            BlockKind::Testimonials(_) => "testimonials",
            BlockKind::Logos(_) => "logos",
            BlockKind::Pricing(_) => "pricing",
            BlockKind::Faq(_) => "faq",
            BlockKind::Form(_) => "form",
            BlockKind::Video(_) => "video",
            BlockKind::Countdown(_) => "countdown",
            BlockKind::Divider(_) => "divider",
            BlockKind::Spacer(_) => "spacer",
            BlockKind::CustomHtml(_) => "custom_html",
        }
    }
}

/// A call to action: a label and where it goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cta {
    /// Button text.
    pub label: String,
    /// Target.
    pub href: Href,
}

/// Hero block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hero {
    /// Small text above the headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eyebrow: Option<String>,
    /// The headline: the page's main heading.
    pub headline: String,
    /// One supporting sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subheadline: Option<String>,
    /// The primary call to action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<Cta>,
    /// A secondary, quieter call to action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary: Option<Cta>,
    /// Small print under the calls to action ("No credit card required").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// An image beside (desktop) or below (mobile) the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// Text alignment: centred by default, left when an image sits beside the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
}

/// Heading block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// The heading text.
    pub text: String,
    /// Level 1-6 (2 by default). The renderer keeps exactly one `h1` per page.
    #[serde(default = "Heading::default_level")]
    pub level: u8,
    /// Small text above the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eyebrow: Option<String>,
    /// A sentence under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Alignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
}

impl Heading {
    fn default_level() -> u8 {
        2
    }
}

/// Rich text block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RichText {
    /// Paragraphs and lists.
    pub content: Vec<TextBlock>,
    /// Alignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
}

/// A paragraph or a list inside rich text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum TextBlock {
    /// A paragraph of inline runs.
    Paragraph {
        /// The runs.
        content: Vec<Inline>,
    },
    /// A bulleted or numbered list; each item is a line of inline runs.
    List {
        /// Numbered (`ol`) when true, bulleted (`ul`) otherwise.
        #[serde(default)]
        ordered: bool,
        /// The items.
        items: Vec<Vec<Inline>>,
    },
}

/// A run of text with marks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inline {
    /// The text.
    pub text: String,
    /// Bold.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    /// Italic.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub italic: bool,
    /// Makes the run a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<Href>,
}

/// Image block (also used inside heroes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Address of the image.
    pub src: ImageSrc,
    /// Text alternative; empty only for purely decorative images.
    pub alt: String,
    /// Intrinsic width in pixels (avoids layout shift).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Intrinsic height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Caption under the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Makes the image a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<Href>,
    /// Rounded corners.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rounded: bool,
}

/// Visual weight of a button.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonVariant {
    /// Filled with the brand colour.
    #[default]
    Primary,
    /// Outlined.
    Secondary,
    /// Text only.
    Ghost,
}

/// Button block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Button {
    /// Button text.
    pub label: String,
    /// Target.
    pub href: Href,
    /// Visual weight.
    #[serde(default)]
    pub variant: ButtonVariant,
    /// Larger padding and text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub large: bool,
    /// Alignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
}

/// Columns block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// 1 to 4 columns, side by side from tablet width, stacked on phones.
    pub columns: Vec<Column>,
    /// Gap between columns.
    #[serde(default)]
    pub gap: Space,
    /// Centre columns vertically instead of aligning their tops.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub center_vertically: bool,
}

/// One column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Relative width (1-12), 1 by default: `[2, 1]` gives two thirds and one third.
    #[serde(default = "Column::default_span")]
    pub span: u8,
    /// The column's blocks.
    #[serde(default)]
    pub blocks: Vec<Block>,
}

impl Column {
    fn default_span() -> u8 {
        1
    }
}

/// Icons available to feature items, drawn as inline SVG (no requests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Icon {
    Bolt,
    Shield,
    Chart,
    Clock,
    Check,
    Star,
    Users,
    Lock,
    Globe,
    Sparkles,
    Heart,
    Mail,
    Calendar,
    Book,
    Phone,
    Code,
    Gift,
    Target,
}

/// Features block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Features {
    /// Heading over the grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// A sentence under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// Columns of the grid on desktop (2-4, 3 by default).
    #[serde(default = "Features::default_columns")]
    pub columns: u8,
    /// The benefits.
    pub items: Vec<Feature>,
}

impl Features {
    fn default_columns() -> u8 {
        3
    }
}

/// One benefit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    /// Icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Icon>,
    /// Short title.
    pub title: String,
    /// One or two sentences.
    pub text: String,
}

/// Testimonials block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Testimonials {
    /// Heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The quotes.
    pub items: Vec<Testimonial>,
}

/// One quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Testimonial {
    /// What they said.
    pub quote: String,
    /// Who said it.
    pub name: String,
    /// Their role and company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Photo (initials are shown otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageSrc>,
    /// Star rating, 1-5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
}

/// Logo strip block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logos {
    /// Heading ("Trusted by teams at").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The logos.
    pub items: Vec<Logo>,
}

/// One logo: an image, or the name set as a wordmark when there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// Company name (alt text, or the wordmark).
    pub name: String,
    /// Logo image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src: Option<ImageSrc>,
    /// Link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<Href>,
}

/// Pricing table block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// Heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// A sentence under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// The plans, 1-4.
    pub plans: Vec<Plan>,
}

/// One plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Plan name.
    pub name: String,
    /// Price as shown ("$29", "Free").
    pub price: String,
    /// Billing period ("per month").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Who it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What is included.
    #[serde(default)]
    pub features: Vec<String>,
    /// The plan's button.
    pub cta: Cta,
    /// Draw attention to this plan.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub highlighted: bool,
    /// Badge on a highlighted plan ("Most popular").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub badge: Option<String>,
}

/// FAQ block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    /// Heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Questions and answers.
    pub items: Vec<FaqItem>,
}

/// One question and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqItem {
    /// The question.
    pub question: String,
    /// The answer (plain text; blank lines separate paragraphs).
    pub answer: String,
}

/// Form block. Its block id is the form id in the submission URL `/f/{page_id}/{form_id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Heading over the form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// A sentence under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// The fields, in order.
    pub fields: Vec<Field>,
    /// Text of the submit button.
    pub submit_label: String,
    /// What happens after a successful submission.
    #[serde(default)]
    pub on_success: OnSuccess,
    /// Small print under the button (privacy notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
}

/// After a successful submission: show a message, or go to another page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OnSuccess {
    /// Show this message.
    Message(String),
    /// Redirect to this address.
    Redirect(Href),
}

impl Default for OnSuccess {
    fn default() -> Self {
        OnSuccess::Message("Thank you! We'll be in touch shortly.".into())
    }
}

/// Kind of a form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// An e-mail address.
    Email,
    /// A telephone number.
    Tel,
    /// Several lines of text.
    Textarea,
    /// One choice among `options`.
    Select,
    /// A yes/no box (consent, opt-in).
    Checkbox,
    /// A value sent with the form, not shown.
    Hidden,
}

/// One form field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Name as submitted.
    pub name: FieldName,
    /// Visible label (also its accessible name).
    pub label: String,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Must be filled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Example shown in an empty field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Choices of a `select`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Value of a `hidden` field, or the initial value of others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Help text under the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Maximum length in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
}

/// Video block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Video {
    /// YouTube or Vimeo address.
    pub url: VideoUrl,
    /// Title of the video (its accessible name).
    pub title: String,
    /// Caption under the video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

/// Countdown block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Countdown {
    /// The moment counted down to.
    pub target: DateTime,
    /// Text before the counter ("Doors open in").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Text shown once the moment has passed.
    #[serde(default = "Countdown::default_expired")]
    pub expired_text: String,
}

impl Countdown {
    fn default_expired() -> String {
        "It has started.".into()
    }
}

/// Line style of a divider.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStyle {
    /// Solid.
    #[default]
    Solid,
    /// Dashed.
    Dashed,
    /// Dotted.
    Dotted,
}

/// Divider block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Divider {
    /// Line style.
    #[serde(default)]
    pub style: LineStyle,
}

/// Spacer block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spacer {
    /// Height.
    #[serde(default)]
    pub size: Space,
}

/// Custom HTML block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomHtml {
    /// The HTML. Sanitised on render: scripts, event handlers, styles and frames are removed.
    pub html: String,
}

impl Document {
    /// Visits every block (depth first, in document order) with its JSON pointer.
    pub fn walk_blocks<'a>(&'a self, mut f: impl FnMut(&'a Block, &str)) {
        fn walk<'a>(blocks: &'a [Block], base: &str, f: &mut impl FnMut(&'a Block, &str)) {
            for (i, b) in blocks.iter().enumerate() {
                let ptr = format!("{base}/{i}");
                f(b, &ptr);
                if let BlockKind::Columns(c) = &b.kind {
                    for (k, col) in c.columns.iter().enumerate() {
                        walk(&col.blocks, &format!("{ptr}/props/columns/{k}/blocks"), f);
                    }
                }
            }
        }
        for (s, section) in self.sections.iter().enumerate() {
            walk(&section.blocks, &format!("/sections/{s}/blocks"), &mut f);
        }
    }

    /// Finds a form block by its id.
    pub fn form(&self, id: &str) -> Option<&Form> {
        let mut found = None;
        self.walk_blocks(|b, _| {
            if let BlockKind::Form(f) = &b.kind
                && b.id.as_str() == id
                && found.is_none()
            {
                found = Some(f);
            }
        });
        found
    }

    /// A minimal valid document with one empty section.
    pub fn blank(title: &str) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            settings: Settings {
                title: title.to_string(),
                slug: None,
                language: Language::default(),
                seo: Seo::default(),
            },
            theme: Theme::default(),
            sections: Vec::new(),
        }
    }
}
