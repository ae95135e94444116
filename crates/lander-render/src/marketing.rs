//! The marketing blocks: hero, features, testimonials, logos, pricing and FAQ.

use crate::blocks::{
    Loading, block_head, button, figure, heading_el, href_attrs, img, nonempty, opt_text,
    paragraphs,
};
use crate::ctx::{Ctx, align_class, chunk};
use crate::escape::{push_attr, text};
use crate::icons;
use lander_doc::{
    Align, ButtonVariant, Faq, Features, Hero, Icon, Image, Logos, Pricing, Testimonials,
};

pub(crate) fn hero(ctx: &mut Ctx, id: &str, h: &Hero) {
    ctx.need.add(chunk::HERO);
    let first = ctx.first_hero();
    let level = ctx.heading_level(true, 1);
    // Centred by default; with an image beside the text, start-aligned reads better.
    let default_align = if h.image.is_some() {
        Align::Left
    } else {
        Align::Center
    };
    let align = align_class(Some(h.align.unwrap_or(default_align)));
    let class = if h.image.is_some() {
        "hero has-img"
    } else {
        "hero"
    };
    let out = &mut ctx.out;
    crate::blocks::open(out, "div", id, class, align);
    out.push_str("<div class=\"hero-txt\">");
    opt_text(out, "p", "eb", &h.eyebrow);
    heading_el(out, level, id, "hl", &h.headline);
    opt_text(out, "p", "sub", &h.subheadline);
    if h.primary.is_some() || h.secondary.is_some() {
        out.push_str("<div class=\"ctas\">");
        if let Some(c) = &h.primary {
            button(out, &c.label, &c.href, ButtonVariant::Primary, true);
        }
        if let Some(c) = &h.secondary {
            button(out, &c.label, &c.href, ButtonVariant::Secondary, true);
        }
        out.push_str("</div>");
    }
    opt_text(out, "p", "note", &h.note);
    out.push_str("</div>");
    if let Some(im) = &h.image {
        let loading = if first { Loading::Eager } else { Loading::Lazy };
        figure(out, None, "hero-img", im, loading);
    }
    out.push_str("</div>");
}

/// Grid class for `n` cards: at most `max` per row on desktop.
fn grid_class(n: usize, max: usize) -> &'static str {
    match n.min(max) {
        0 | 1 => "grid",
        2 => "grid c2",
        3 => "grid c3",
        _ => "grid c4",
    }
}

pub(crate) fn features(ctx: &mut Ctx, id: &str, f: &Features) {
    ctx.need.add(chunk::FEATURES | chunk::GRID);
    crate::blocks::open(&mut ctx.out, "div", id, "feat", "");
    block_head(ctx, id, &f.heading, &f.intro);
    let cols = usize::from(f.columns.clamp(2, 4));
    let out = &mut ctx.out;
    out.push_str("<div class=\"");
    out.push_str(grid_class(cols, 4));
    out.push_str("\">");
    for item in &f.items {
        out.push_str("<div class=\"card\">");
        if let Some(icon) = item.icon {
            ctx.need.add(chunk::ICON);
            out.push_str("<span class=\"fi\">");
            icons::write(out, icon);
            out.push_str("</span>");
        }
        out.push_str("<h3 class=\"ct\">");
        text(out, &item.title);
        out.push_str("</h3>");
        if !item.text.trim().is_empty() {
            out.push_str("<p>");
            text(out, &item.text);
            out.push_str("</p>");
        }
        out.push_str("</div>");
    }
    out.push_str("</div></div>");
}

/// Up to two initials of a name ("Ada Lovelace" -> "AL").
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

pub(crate) fn testimonials(ctx: &mut Ctx, id: &str, t: &Testimonials) {
    ctx.need.add(chunk::TESTIMONIALS | chunk::GRID);
    let one = t.items.len() == 1;
    crate::blocks::open(
        &mut ctx.out,
        "div",
        id,
        "tst",
        if one { " one" } else { "" },
    );
    block_head(ctx, id, &t.heading, &None);
    let out = &mut ctx.out;
    out.push_str("<div class=\"");
    out.push_str(grid_class(t.items.len(), 3));
    out.push_str("\">");
    for q in &t.items {
        out.push_str("<figure class=\"card q\">");
        if let Some(r) = q.rating {
            let r = r.clamp(1, 5);
            out.push_str("<p class=\"stars\"><span aria-hidden=\"true\">");
            for i in 1..=5 {
                out.push_str(if i <= r {
                    "★"
                } else {
                    "<span class=\"off\">★</span>"
                });
            }
            out.push_str(&format!(
                "</span><span class=\"vh\">Rated {r} out of 5</span></p>"
            ));
        }
        out.push_str("<blockquote>");
        paragraphs(out, &q.quote);
        out.push_str("</blockquote><figcaption>");
        if let Some(src) = &q.avatar {
            out.push_str("<img class=\"av\"");
            push_attr(out, "src", src.as_str());
            out.push_str(
                " alt=\"\" width=\"48\" height=\"48\" loading=\"lazy\" decoding=\"async\">",
            );
        } else {
            out.push_str("<span class=\"av\" aria-hidden=\"true\">");
            text(out, &initials(&q.name));
            out.push_str("</span>");
        }
        out.push_str("<span><span class=\"who\">");
        text(out, &q.name);
        out.push_str("</span>");
        opt_text(out, "span", "role", &q.role);
        out.push_str("</span></figcaption></figure>");
    }
    out.push_str("</div></div>");
}

pub(crate) fn logos(ctx: &mut Ctx, id: &str, l: &Logos) {
    ctx.need.add(chunk::LOGOS);
    crate::blocks::open(&mut ctx.out, "div", id, "logos", "");
    if let Some(h) = nonempty(&l.heading) {
        let level = ctx.heading_level(false, 2);
        heading_el(&mut ctx.out, level, id, "lh", h);
    }
    let out = &mut ctx.out;
    out.push_str("<ul class=\"lg\" role=\"list\">");
    for logo in &l.items {
        out.push_str("<li>");
        if let Some(h) = &logo.href {
            out.push_str("<a");
            href_attrs(out, h);
            out.push('>');
        }
        match &logo.src {
            Some(src) => {
                let im = Image {
                    src: src.clone(),
                    alt: logo.name.clone(),
                    width: None,
                    height: None,
                    caption: None,
                    href: None,
                    rounded: false,
                };
                img(out, &im, "", Loading::Lazy);
            }
            None => {
                out.push_str("<span class=\"wm\">");
                text(out, &logo.name);
                out.push_str("</span>");
            }
        }
        if logo.href.is_some() {
            out.push_str("</a>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></div>");
}

pub(crate) fn pricing(ctx: &mut Ctx, id: &str, p: &Pricing) {
    ctx.need.add(chunk::PRICING | chunk::GRID);
    crate::blocks::open(&mut ctx.out, "div", id, "pricing", "");
    block_head(ctx, id, &p.heading, &p.intro);
    if p.plans.iter().any(|pl| !pl.features.is_empty()) {
        ctx.need.add(chunk::ICON);
    }
    let out = &mut ctx.out;
    out.push_str("<div class=\"");
    out.push_str(grid_class(p.plans.len(), 4));
    out.push_str("\">");
    for plan in &p.plans {
        out.push_str(if plan.highlighted {
            "<div class=\"card plan pop\">"
        } else {
            "<div class=\"card plan\">"
        });
        opt_text(out, "p", "badge", &plan.badge);
        out.push_str("<h3 class=\"ct\">");
        text(out, &plan.name);
        out.push_str("</h3>");
        opt_text(out, "p", "pd", &plan.description);
        out.push_str("<p class=\"price\"><span class=\"amt\">");
        text(out, &plan.price);
        out.push_str("</span>");
        if let Some(per) = nonempty(&plan.period) {
            out.push_str(" <span class=\"per\">");
            text(out, per);
            out.push_str("</span>");
        }
        out.push_str("</p>");
        if !plan.features.is_empty() {
            out.push_str("<ul class=\"pf\" role=\"list\">");
            for f in &plan.features {
                out.push_str("<li>");
                icons::write(out, Icon::Check);
                text(out, f);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("<div class=\"pc\">");
        let variant = if plan.highlighted {
            ButtonVariant::Primary
        } else {
            ButtonVariant::Secondary
        };
        button(out, &plan.cta.label, &plan.cta.href, variant, false);
        out.push_str("</div></div>");
    }
    out.push_str("</div></div>");
}

pub(crate) fn faq(ctx: &mut Ctx, id: &str, f: &Faq) {
    ctx.need.add(chunk::FAQ);
    crate::blocks::open(&mut ctx.out, "div", id, "faq", "");
    block_head(ctx, id, &f.heading, &None);
    let out = &mut ctx.out;
    out.push_str("<div class=\"qa\">");
    for item in &f.items {
        out.push_str("<details><summary>");
        text(out, &item.question);
        out.push_str("</summary><div class=\"ans\">");
        paragraphs(out, &item.answer);
        out.push_str("</div></details>");
    }
    out.push_str("</div></div>");
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("  grace  brewster hopper"), "GB");
        assert_eq!(initials("Émile"), "É");
        assert_eq!(initials("<>"), "");
    }
}
