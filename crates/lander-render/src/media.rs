//! Blocks that need a script: the click-to-load video facade and the countdown. Both read
//! correctly without JavaScript: the facade is a link to the video, the countdown states its
//! target date in a `<time>` element.

use crate::blocks::opt_text;
use crate::ctx::{Ctx, chunk};
use crate::escape::{push_attr, text};
use crate::icons;
use lander_doc::types::VideoProvider;
use lander_doc::{Countdown, Video};

pub(crate) fn video(ctx: &mut Ctx, id: &str, v: &Video) {
    ctx.need.add(chunk::VIDEO);
    let (provider, vid) = v.url.provider_and_id();
    let out = &mut ctx.out;
    crate::blocks::open(out, "figure", id, "video", "");
    out.push_str("<a class=\"video-facade\"");
    push_attr(out, "href", v.url.as_str());
    push_attr(
        out,
        "data-provider",
        match provider {
            VideoProvider::YouTube => "youtube",
            VideoProvider::Vimeo => "vimeo",
        },
    );
    push_attr(out, "data-video-id", &vid);
    out.push_str("><span class=\"play\">");
    out.push_str(icons::PLAY);
    out.push_str("</span><span class=\"vh\">Play video: </span><span class=\"video-title\">");
    text(out, &v.title);
    out.push_str("</span></a>");
    opt_text(out, "figcaption", "cap", &v.caption);
    out.push_str("</figure>");
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A readable form of an RFC 3339 date and time: "31 December 2026, 18:00 UTC" in English,
/// "2026-12-31 18:00 UTC" otherwise. The input is validated (`DateTime`); anything unexpected
/// falls back to the raw string.
pub(crate) fn readable_datetime(s: &str, english: bool) -> String {
    let (Some(date), Some(hm), Some(rest)) = (s.get(..10), s.get(11..16), s.get(19..)) else {
        return s.to_string();
    };
    let zone = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let zone = match zone {
        "Z" | "z" | "+00:00" | "-00:00" => "UTC".to_string(),
        z => format!("UTC{z}"),
    };
    let month = date.get(5..7).and_then(|m| m.parse::<usize>().ok());
    let day = date.get(8..10).and_then(|d| d.parse::<u32>().ok());
    match (english, month, day, date.get(..4)) {
        (true, Some(m @ 1..=12), Some(d), Some(y)) => {
            format!("{d} {} {y}, {hm} {zone}", MONTHS[m - 1])
        }
        _ => format!("{date} {hm} {zone}"),
    }
}

pub(crate) fn countdown(ctx: &mut Ctx, id: &str, c: &Countdown) {
    ctx.need.add(chunk::COUNTDOWN);
    let when = readable_datetime(c.target.as_str(), ctx.english);
    let out = &mut ctx.out;
    out.push_str("<div");
    push_attr(out, "id", id);
    out.push_str(" class=\"cd\"");
    push_attr(out, "data-target", c.target.as_str());
    out.push('>');
    // Label, then the counter it introduces (filled in by the script), then the date as a
    // smaller line; without JavaScript the label reads straight into the date.
    opt_text(out, "p", "cd-label", &c.label);
    out.push_str("<div class=\"cd-units\" aria-hidden=\"true\" hidden>");
    for unit in ["days", "hours", "minutes", "seconds"] {
        out.push_str("<span><span class=\"cd-n\">00</span><span class=\"cd-u\">");
        out.push_str(unit);
        out.push_str("</span></span>");
    }
    out.push_str("</div><p class=\"cd-when\"><time");
    push_attr(out, "datetime", c.target.as_str());
    out.push('>');
    text(out, &when);
    out.push_str("</time></p><p class=\"cd-sr vh\"></p><p class=\"cd-done\" hidden>");
    let done = c.expired_text.trim();
    text(
        out,
        if done.is_empty() {
            "It has started."
        } else {
            done
        },
    );
    out.push_str("</p><p class=\"cd-live vh\" aria-live=\"polite\"></p></div>");
}

#[cfg(test)]
mod tests {
    use super::readable_datetime;

    #[test]
    fn dates_read_well() {
        assert_eq!(
            readable_datetime("2026-12-31T18:00:00Z", true),
            "31 December 2026, 18:00 UTC"
        );
        assert_eq!(
            readable_datetime("2026-03-05T09:30:00.250+01:00", true),
            "5 March 2026, 09:30 UTC+01:00"
        );
        assert_eq!(
            readable_datetime("2026-12-31T18:00:00Z", false),
            "2026-12-31 18:00 UTC"
        );
    }
}
