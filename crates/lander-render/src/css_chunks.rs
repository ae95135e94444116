//! The static parts of the stylesheet: the base every page gets, and one chunk per block kind
//! that a page only gets when it uses that kind. Written minified; every length that is not a
//! hairline comes from the theme's custom properties (spacing `--s*`, type `--f*`, radii `--r-*`).

/// Reset, typography, layout, alignment, buttons, sections and widths.
pub(crate) const BASE: &str = concat!(
    "*,::before,::after{box-sizing:border-box}",
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}",
    "body{margin:0;font-family:var(--fb);font-size:var(--f1);line-height:1.6;color:var(--fg);",
    "background:var(--bg);-webkit-font-smoothing:antialiased}",
    "h1,h2,h3,h4,h5,h6,p,figure,blockquote,ul,ol{margin:0}",
    "h1,h2,h3,h4,h5,h6{font-family:var(--fh);font-weight:var(--hw);line-height:1.15;",
    "letter-spacing:-.015em;text-wrap:balance}",
    "h1{font-size:var(--f5)}h2{font-size:var(--f4)}h3{font-size:var(--f3)}h4{font-size:var(--f2)}",
    "h5,h6{font-size:var(--f1)}p,li{text-wrap:pretty}",
    "img,svg{display:block;max-width:100%}img{height:auto}picture{display:contents}",
    "a{color:var(--lk);text-underline-offset:.2em}",
    ":focus-visible{outline:3px solid var(--lk);outline-offset:3px}",
    "[hidden]{display:none!important}",
    ".vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;",
    "clip:rect(0 0 0 0);white-space:nowrap;border:0}",
    ".sec{color:var(--fg)}",
    ".wrap{max-width:72rem;margin-inline:auto;padding-inline:var(--s3)}",
    ".w-narrow{max-width:48rem}.w-wide{max-width:90rem}.w-full{max-width:none}",
    ".wrap>*+*,.col>*+*{margin-top:var(--s5)}",
    ".tl{text-align:left;--ta:left;--jc:flex-start;--ml:0;--mr:auto}",
    ".tc{text-align:center;--ta:center;--jc:center;--ml:auto;--mr:auto}",
    ".tr{text-align:right;--ta:right;--jc:flex-end;--ml:auto;--mr:0}",
    ".eb{margin-bottom:var(--s2);font-size:var(--f0);font-weight:700;letter-spacing:.08em;",
    "text-transform:uppercase;color:var(--lk)}",
    ".sub{max-width:40rem;margin-top:var(--s2);margin-inline:var(--ml,0) var(--mr,auto);",
    "font-size:var(--f2);line-height:1.5;color:var(--mt)}",
    ".cap{margin-top:var(--s1);font-size:var(--f0);color:var(--mt)}.rd{border-radius:var(--r-l)}",
    ".btn{display:inline-flex;align-items:center;justify-content:center;gap:var(--s1);",
    "min-height:2.75rem;padding:var(--s1) var(--s3);border:2px solid transparent;",
    "border-radius:var(--r-b);font:inherit;font-weight:var(--bw);line-height:1.2;",
    "text-align:center;text-decoration:none;text-transform:var(--tt);letter-spacing:var(--ls);",
    "cursor:pointer}",
    ".btn-p{background:var(--bb);color:var(--bf)}",
    ".btn-p:hover{background:color-mix(in srgb,var(--bb) 86%,#000)}",
    ".btn-s{border-color:color-mix(in srgb,var(--fg) 30%,transparent);color:var(--fg)}",
    ".btn-s:hover{border-color:var(--fg)}",
    ".btn-g{padding-inline:0;color:var(--lk)}.btn-g:hover{text-decoration:underline}",
    ".btn-l{min-height:3.25rem;padding-inline:var(--s4)}",
    "@media (min-width:768px){:root{--k:1.6}.wrap{padding-inline:var(--s4)}}",
    "@media (prefers-reduced-motion:no-preference){html{scroll-behavior:smooth}",
    ".btn{transition:background-color .15s,border-color .15s,color .15s}}",
);

/// Hero: display headline, supporting sentence, calls to action, image beside on desktop.
pub(crate) const HERO: &str = concat!(
    ".hero{display:grid;grid-template-columns:minmax(0,1fr);gap:var(--s6);align-items:center}",
    ".hl{font-size:var(--f6);line-height:1.06;letter-spacing:-.025em}",
    ".hero .sub{max-width:38rem;margin-top:var(--s3)}",
    ".ctas{display:flex;flex-wrap:wrap;gap:var(--s2);justify-content:var(--jc,flex-start);",
    "margin-top:var(--s4)}",
    ".note{margin-top:var(--s2);font-size:var(--f0);color:var(--mt)}",
    ".hero-img img{margin-inline:auto;border-radius:var(--r-l);",
    "box-shadow:0 24px 48px -20px rgb(16 24 40/.3)}",
    "@media (min-width:1024px){.has-img{grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);",
    "gap:var(--s8)}}",
    "@media (max-width:479.98px){.ctas .btn{width:100%}}",
);

/// Heading block: the subtitle steps down with the heading level (body-large under `h1`/`h2`,
/// body under `h3`/`h4`, small under `h5`/`h6`); see [`crate::css::subtitle_step`].
pub(crate) const HEADING: &str =
    ".hd h3+.sub,.hd h4+.sub{font-size:var(--f1)}.hd h5+.sub,.hd h6+.sub{font-size:var(--f0)}";

/// The heading + intro over card blocks.
pub(crate) const BLOCK_HEAD: &str = ".bh{margin-bottom:var(--s5)}";

/// Paragraphs and lists at a readable measure.
pub(crate) const RICH_TEXT: &str = concat!(
    ".rt{max-width:68ch;margin-inline:var(--ml,0) var(--mr,auto)}",
    ".rt>*+*{margin-top:var(--s2)}.rt ul,.rt ol{padding-left:1.4em}",
    ".rt li+li{margin-top:var(--sh)}.rt li::marker{color:var(--lk)}.hd+.rt{margin-top:var(--s3)}",
);

/// Image block.
pub(crate) const IMAGE: &str = ".img img{margin-inline:var(--ml,0) var(--mr,auto)}";

/// Columns: stacked on phones, side by side (templates per pattern) from 768 px.
pub(crate) const COLUMNS: &str = concat!(
    ".cols{display:grid;grid-template-columns:minmax(0,1fr);gap:max(var(--g),var(--s4)) var(--g)}",
    ".cv{align-items:center}",
);

/// Card grids shared by features, testimonials and pricing.
pub(crate) const GRID: &str = concat!(
    ".grid{display:grid;grid-template-columns:minmax(0,1fr);gap:var(--s3)}",
    ".card{padding:var(--s4);border:1px solid var(--bd);border-radius:var(--r-m);",
    "background:var(--cd);box-shadow:0 1px 3px rgb(16 24 40/.06)}",
    ".ct{font-size:var(--f2)}",
    "@media (min-width:640px){.c2,.c3,.c4{grid-template-columns:repeat(2,minmax(0,1fr))}}",
    "@media (min-width:640px) and (max-width:1023.98px){",
    ".c3>:last-child:nth-child(odd),.c4>:last-child:nth-child(odd){grid-column:1/-1}}",
    "@media (min-width:1024px){.c3{grid-template-columns:repeat(3,minmax(0,1fr))}",
    ".c4{grid-template-columns:repeat(4,minmax(0,1fr))}}",
);

/// Inline SVG icons.
pub(crate) const ICON: &str = concat!(
    ".ic{width:1.5rem;height:1.5rem;flex:none;fill:none;stroke:currentColor;stroke-width:1.75;",
    "stroke-linecap:round;stroke-linejoin:round}",
);

/// Features grid.
pub(crate) const FEATURES: &str = concat!(
    ".fi{display:inline-grid;place-items:center;width:3rem;height:3rem;margin-bottom:var(--s2);",
    "border-radius:var(--r-m);background:color-mix(in srgb,var(--lk) 12%,transparent);",
    "color:var(--lk)}",
    ".feat .card p{margin-top:var(--s1);color:var(--mt)}",
);

/// Testimonials.
pub(crate) const TESTIMONIALS: &str = concat!(
    ".q{display:flex;flex-direction:column;gap:var(--s3);text-align:left}",
    ".q blockquote p+p{margin-top:var(--s2)}",
    ".q figcaption{display:flex;align-items:center;gap:var(--s2);margin-top:auto;",
    "font-size:var(--f0);line-height:1.4}",
    ".av{display:grid;place-items:center;flex:none;width:3rem;height:3rem;border-radius:50%;",
    "object-fit:cover;background:color-mix(in srgb,var(--lk) 14%,transparent);color:var(--lk);",
    "font-weight:700}",
    ".who{display:block;font-weight:700}.role{display:block;color:var(--mt)}",
    ".stars{color:var(--lk);letter-spacing:.15em}.off{opacity:.3}",
    ".one .grid{max-width:48rem;margin-inline:auto}",
    ".one blockquote{font-family:var(--fh);font-size:var(--f3);line-height:1.35}",
);

/// Logo strip.
pub(crate) const LOGOS: &str = concat!(
    ".lh{margin-bottom:var(--s4);text-align:var(--ta,center);",
    "font-family:var(--fb);font-size:var(--f0);font-weight:700;letter-spacing:.08em;",
    "text-transform:uppercase;color:var(--mt)}",
    ".lg{display:flex;flex-wrap:wrap;align-items:center;justify-content:var(--jc,center);",
    "gap:var(--s3) var(--s5);padding:0;list-style:none}",
    ".lg img{width:auto;height:2rem;max-width:10rem;object-fit:contain}",
    ".lg a{display:block;color:inherit;text-decoration:none}",
    ".wm{font-family:var(--fh);font-size:var(--f1);font-weight:800;letter-spacing:-.03em;",
    "color:var(--mt);white-space:nowrap}",
    "@media (min-width:768px){.lg{column-gap:var(--s6)}.wm{font-size:var(--f2)}}",
);

/// Pricing table.
pub(crate) const PRICING: &str = concat!(
    ".pricing .c2{max-width:52rem;margin-inline:auto}",
    ".plan{position:relative;display:flex;flex-direction:column;text-align:left}",
    ".pop{padding:calc(var(--s4) - 1px);border:2px solid var(--lk);",
    "box-shadow:0 20px 40px -20px color-mix(in srgb,var(--lk) 50%,transparent)}",
    ".badge{position:absolute;top:0;left:var(--s4);max-width:calc(100% - 2*var(--s4));",
    "padding:.125rem .75rem;border-radius:999px;background:var(--bb);color:var(--bf);",
    "font-size:var(--f0);font-weight:700;transform:translateY(-50%)}",
    ".pd{margin-top:var(--s1);font-size:var(--f0);color:var(--mt)}",
    ".price{display:flex;flex-wrap:wrap;align-items:baseline;gap:var(--s1);margin-top:var(--s3)}",
    ".amt{font-family:var(--fh);font-size:var(--f5);font-weight:var(--hw);line-height:1;",
    "letter-spacing:-.02em}.per{font-size:var(--f0);color:var(--mt)}",
    ".pf{display:grid;align-content:start;gap:var(--s1);margin-top:var(--s3);padding:0;list-style:none;",
    "font-size:var(--f0)}.pf li{display:flex;gap:var(--s1)}",
    ".pf .ic{width:1.25rem;height:1.25rem;margin-top:.1em;color:var(--lk)}",
    ".pc{margin-top:auto;padding-top:var(--s4)}.pc .btn{width:100%}",
    // Cards share the rows of the grid, so names, descriptions, prices and feature lists line
    // up across plans whatever the length of each. The grid's row gap would stay open where a
    // row is empty in every card, so cards are spaced by a margin instead.
    "@supports (grid-template-rows:subgrid){.pricing .grid{row-gap:0;",
    "margin-bottom:calc(0px - var(--s3))}.plan{display:grid;grid-row:span 5;",
    "grid-template-rows:subgrid;row-gap:0;margin-bottom:var(--s3)}.plan .ct{grid-row:1}",
    ".pd{grid-row:2}.price{grid-row:3}.pf{grid-row:4}.pc{grid-row:5}}",
);

/// FAQ disclosures.
pub(crate) const FAQ: &str = concat!(
    ".qa{max-width:48rem;margin-inline:var(--ml,0) var(--mr,auto);",
    "border-top:1px solid var(--bd);text-align:left}",
    ".qa details{border-bottom:1px solid var(--bd)}",
    ".qa summary{display:flex;justify-content:space-between;align-items:center;gap:var(--s2);",
    "padding-block:var(--s3);font-weight:700;cursor:pointer;list-style:none}",
    ".qa summary::-webkit-details-marker{display:none}",
    ".qa summary::after{content:\"\";flex:none;width:.55em;height:.55em;",
    "border-right:2px solid var(--lk);border-bottom:2px solid var(--lk);",
    "transform:translateY(-25%) rotate(45deg)}",
    ".qa [open] summary::after{transform:translateY(25%) rotate(225deg)}",
    ".ans{max-width:68ch;padding-bottom:var(--s3);color:var(--mt)}.ans p+p{margin-top:var(--s2)}",
    "@media (prefers-reduced-motion:no-preference){.qa summary::after{transition:transform .2s}}",
);

/// Lead forms.
pub(crate) const FORM: &str = concat!(
    ".fm{max-width:34rem;margin-inline:var(--ml,0) var(--mr,auto)}.fm .bh{margin-bottom:var(--s4)}",
    ".fm form{--fg:var(--text);--mt:var(--muted);--lk:var(--brand);--bd:var(--border);",
    "--bb:var(--brand);--bf:var(--on-brand);display:grid;gap:var(--s3);padding:var(--s4);",
    "border:1px solid var(--bd);border-radius:var(--r-l);background:var(--bg);color:var(--fg);",
    "text-align:left;box-shadow:0 16px 40px -20px rgb(16 24 40/.35)}",
    ".fld label{display:block;margin-bottom:var(--sh);font-size:var(--f0);font-weight:700}",
    ".fld input:not([type=checkbox]),.fld select,.fld textarea{display:block;width:100%;",
    "min-height:2.75rem;padding:var(--s1) .75rem;border:1px solid var(--muted);",
    "border-radius:var(--r-s);background:var(--bg);color:var(--text);font:inherit}",
    ".fld textarea{resize:vertical}.req{color:var(--lk)}",
    ".help{margin-top:var(--sh);font-size:var(--f0);color:var(--mt)}",
    ".chk{display:flex;flex-wrap:wrap;align-items:flex-start;gap:var(--s1)}",
    ".chk input{flex:none;width:1.25rem;height:1.25rem;margin:.2em 0 0;accent-color:var(--brand)}",
    ".chk label{flex:1;margin:0;font-weight:400}.chk .help{width:100%;padding-left:1.75rem}",
    ".hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}",
    ".fm .btn{width:100%}.consent{font-size:var(--f0);color:var(--mt)}",
    "@media (min-width:768px){.fm form{padding:var(--s5)}}",
);

/// Click-to-load video facade.
pub(crate) const VIDEO: &str = concat!(
    ".video{max-width:56rem;margin-inline:var(--ml,0) var(--mr,auto)}",
    ".video-facade,.video-frame{display:block;position:relative;width:100%;aspect-ratio:16/9;",
    "border:0;border-radius:var(--r-l);overflow:hidden}",
    ".video-facade{display:flex;align-items:flex-end;padding:var(--s3);color:var(--on-dark);",
    "background:radial-gradient(circle at 80% 10%,",
    "color-mix(in srgb,var(--brand) 85%,transparent),transparent 60%),",
    "radial-gradient(circle at 10% 0,color-mix(in srgb,var(--accent) 50%,transparent),",
    "transparent 45%),var(--dark);",
    "box-shadow:0 0 0 1px color-mix(in srgb,var(--on-dark) 14%,transparent),",
    "0 24px 48px -24px rgb(0 0 0/.5);text-align:left;text-decoration:none}",
    ".play{position:absolute;inset:0;display:grid;place-items:center;width:4.5rem;height:4.5rem;",
    "margin:auto;border-radius:50%;background:var(--on-dark);color:var(--dark);",
    "box-shadow:0 8px 24px rgb(0 0 0/.3)}",
    ".play-ic{width:2rem;height:2rem;margin-left:.2rem;fill:currentColor}",
    ".video-title{position:relative;font-size:var(--f0);font-weight:700}",
    "@media (max-width:639.98px){.video-facade{padding:var(--s2)}.play{width:3.5rem;height:3.5rem}}",
    "@media (min-width:640px){.video-title{font-size:var(--f1)}}",
    ".video-facade:hover .play{transform:scale(1.06)}",
    "@media (prefers-reduced-motion:no-preference){.play{transition:transform .2s}}",
);

/// Countdown.
pub(crate) const COUNTDOWN: &str = concat!(
    ".cd{text-align:center;--ml:auto;--mr:auto}.tl .cd{text-align:left;--ml:0;--mr:auto}",
    ".tr .cd{text-align:right;--ml:auto;--mr:0}.cd-label{font-weight:700;color:var(--mt)}",
    ".cd-units{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:var(--s1);",
    "max-width:32rem;margin:var(--s2) var(--mr) 0 var(--ml)}",
    ".cd-units>span{display:flex;flex-direction:column;align-items:center;",
    "padding:var(--s2) var(--sh);border:1px solid var(--bd);border-radius:var(--r-m);",
    "background:var(--cd)}",
    ".cd-when{margin-top:var(--s2);font-size:var(--f0);color:var(--mt)}",
    ".cd-n{font-family:var(--fh);font-size:var(--f5);font-weight:var(--hw);line-height:1.1;",
    "font-variant-numeric:tabular-nums}.cd-u{font-size:var(--f0);color:var(--mt)}",
    ".cd-done{font-family:var(--fh);font-size:var(--f3);font-weight:var(--hw)}",
    "@media (min-width:640px){.cd-units{gap:var(--s2)}}",
);

/// Divider.
pub(crate) const DIVIDER: &str = concat!(
    ".hr{height:0;margin-inline:0;margin-bottom:0;border:0;border-top:1px solid var(--bd)}",
    ".dashed{border-top-style:dashed}.dotted{border-top:2px dotted var(--bd)}",
);

/// Custom HTML.
pub(crate) const CUSTOM_HTML: &str = concat!(
    ".html>*+*{margin-top:var(--s2)}.html table{border-collapse:collapse}",
    ".html td,.html th{padding:var(--s1);border:1px solid var(--bd)}",
);
