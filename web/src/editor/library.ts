// The block library: for each of the 17 block types, a name and description for the library
// panel and the props a new block starts with. Every default is valid as the server checks it
// (parse.rs), so a freshly added block never makes the draft unsavable.
import {
  BLOCK_TYPES,
  IdGenerator,
  type Block,
  type BlockOf,
  type BlockPropsMap,
  type BlockType,
  type Document,
} from "./model";

export type LibraryGroup = "text" | "media" | "layout" | "marketing" | "conversion" | "advanced";

export interface LibraryEntry {
  type: BlockType;
  label: string;
  description: string;
  group: LibraryGroup;
}

/** The library panel's entries, in the order of BLOCK_TYPES. */
export const LIBRARY: readonly LibraryEntry[] = [
  {
    type: "hero",
    label: "Hero",
    description: "Headline, supporting sentence and calls to action",
    group: "marketing",
  },
  {
    type: "heading",
    label: "Heading",
    description: "A heading with optional eyebrow and subtitle",
    group: "text",
  },
  {
    type: "rich_text",
    label: "Text",
    description: "Paragraphs and lists with bold, italic and links",
    group: "text",
  },
  { type: "image", label: "Image", description: "One image with a caption", group: "media" },
  { type: "button", label: "Button", description: "A single call to action", group: "conversion" },
  { type: "columns", label: "Columns", description: "Blocks side by side", group: "layout" },
  {
    type: "features",
    label: "Features",
    description: "A grid of benefits with icons",
    group: "marketing",
  },
  {
    type: "testimonials",
    label: "Testimonials",
    description: "Quotes from customers",
    group: "marketing",
  },
  { type: "logos", label: "Logos", description: "A strip of customer logos", group: "marketing" },
  { type: "pricing", label: "Pricing", description: "Plans side by side", group: "conversion" },
  { type: "faq", label: "FAQ", description: "Questions and answers", group: "text" },
  { type: "form", label: "Form", description: "Collect leads and sign-ups", group: "conversion" },
  { type: "video", label: "Video", description: "A YouTube or Vimeo video", group: "media" },
  {
    type: "countdown",
    label: "Countdown",
    description: "Time left until a date",
    group: "conversion",
  },
  { type: "divider", label: "Divider", description: "A horizontal line", group: "layout" },
  { type: "spacer", label: "Spacer", description: "Vertical space", group: "layout" },
  {
    type: "custom_html",
    label: "Custom HTML",
    description: "Your own HTML, sanitised on publish",
    group: "advanced",
  },
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Two weeks from `now`, on the hour, in the RFC 3339 form the server accepts. */
function inTwoWeeks(now: Date): string {
  const t = new Date(now.getTime() + 14 * DAY_MS);
  t.setUTCMinutes(0, 0, 0);
  return t.toISOString().replace(/\.\d{3}Z$/, "Z");
}

type PropsFactory = { [T in BlockType]: (now: Date) => BlockPropsMap[T] };

// `columns` is missing here: its props hold blocks, which need ids (see createBlock).
const DEFAULT_PROPS: Omit<PropsFactory, "columns"> = {
  hero: () => ({
    eyebrow: "New",
    headline: "Launch your idea in an afternoon",
    subheadline: "Say what you offer and who it is for in one clear sentence.",
    primary: { label: "Get started", href: "#signup" },
    secondary: { label: "Learn more", href: "#features" },
  }),
  heading: () => ({
    text: "Why teams choose us",
    level: 2,
    subtitle: "A short line that supports the heading.",
  }),
  rich_text: () => ({
    content: [
      {
        type: "paragraph",
        content: [
          { text: "Tell your story here. Use " },
          { text: "bold", bold: true },
          { text: " for what matters and keep paragraphs short." },
        ],
      },
      {
        type: "list",
        items: [[{ text: "A first point" }], [{ text: "A second point" }]],
      },
    ],
  }),
  // An address on this site: the image picker replaces it with an uploaded asset.
  image: () => ({ src: "/assets/placeholder.svg", alt: "Describe the image", rounded: true }),
  button: () => ({ label: "Get started", href: "#signup", variant: "primary" }),
  features: () => ({
    heading: "Everything you need",
    columns: 3,
    items: [
      { icon: "bolt", title: "Fast", text: "Pages load in a blink on any connection." },
      { icon: "shield", title: "Secure", text: "Your data stays on your own server." },
      { icon: "users", title: "Collaborative", text: "Invite your team and edit together." },
    ],
  }),
  testimonials: () => ({
    heading: "What customers say",
    items: [
      {
        quote: "We launched in a day and doubled our sign-ups.",
        name: "Alex Morgan",
        role: "Founder, Brightpath",
        rating: 5,
      },
      {
        quote: "The simplest tool our marketing team has used.",
        name: "Sam Lee",
        role: "Marketing lead, Copperleaf",
      },
    ],
  }),
  logos: () => ({
    heading: "Trusted by teams at",
    items: ["Halcyon", "Brightpath", "Orbital", "Copperleaf"].map((name) => ({ name })),
  }),
  pricing: () => ({
    heading: "Simple pricing",
    plans: [
      {
        name: "Starter",
        price: "Free",
        description: "For trying things out.",
        features: ["1 page", "Community support"],
        cta: { label: "Start free", href: "#signup" },
      },
      {
        name: "Pro",
        price: "$19",
        period: "per month",
        description: "For growing teams.",
        features: ["Unlimited pages", "Custom domain", "Priority support"],
        cta: { label: "Choose Pro", href: "#signup" },
        highlighted: true,
        badge: "Most popular",
      },
    ],
  }),
  faq: () => ({
    heading: "Questions, answered",
    items: [
      {
        question: "Can I cancel any time?",
        answer: "Yes. There is no lock-in and no fee to leave.",
      },
      {
        question: "Do you offer a free trial?",
        answer: "Yes, 14 days with every feature included.",
      },
    ],
  }),
  form: () => ({
    heading: "Get early access",
    fields: [
      {
        name: "email",
        label: "E-mail",
        type: "email",
        required: true,
        placeholder: "you@example.com",
      },
      { name: "name", label: "Name", type: "text" },
    ],
    submit_label: "Sign me up",
    on_success: { message: "Thank you! We'll be in touch shortly." },
  }),
  video: () => ({ url: "https://vimeo.com/76979871", title: "Product tour" }),
  countdown: (now) => ({
    target: inTwoWeeks(now),
    label: "Starts in",
    expired_text: "It has started.",
  }),
  divider: () => ({ style: "solid" }),
  spacer: () => ({ size: "m" }),
  custom_html: () => ({ html: "<p>Your HTML here.</p>" }),
};

function block<T extends BlockType>(type: T, id: string, props: BlockPropsMap[T]): BlockOf<T> {
  return { id, type, props };
}

/** A columns block of two columns, each with a heading and a paragraph. */
function columnsBlock(ids: IdGenerator): BlockOf<"columns"> {
  const id = ids.next("columns");
  const column = () => ({
    span: 1,
    blocks: [
      block("heading", ids.next("heading"), { text: "A column heading", level: 3 }),
      block("rich_text", ids.next("rich_text"), {
        content: [{ type: "paragraph", content: [{ text: "A few words about this point." }] }],
      }),
    ] as Block[],
  });
  return block("columns", id, { columns: [column(), column()], gap: "m" });
}

/**
 * A new block of `type` with the library's defaults and ids fresh for `ids` (which records
 * them, so several new blocks can be made for one document).
 */
export function createBlock(type: BlockType, ids: IdGenerator, now: Date = new Date()): Block {
  if (type === "columns") return columnsBlock(ids);
  const make = DEFAULT_PROPS[type] as (now: Date) => BlockPropsMap[typeof type];
  return { id: ids.next(type), type, props: make(now) } as Block;
}

/** A new block of `type` whose ids are free in `doc`. */
export function newBlock(doc: Document, type: BlockType, now?: Date): Block {
  return createBlock(type, IdGenerator.for(doc), now);
}

/** Whether `s` names a block type. */
export function isBlockType(s: string): s is BlockType {
  return (BLOCK_TYPES as readonly string[]).includes(s);
}
