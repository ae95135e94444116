//! The renderer's only inline scripts: fixed strings, never built from user data. A page gets
//! each at most once, and only when a block needs it. The CSP allows exactly these by hash.

/// Click-to-load video: replaces the facade link with a privacy-friendly embed. The video id
/// comes from a data attribute and is checked again before use; the iframe is built with DOM
/// calls, never from an HTML string. Modified clicks (new tab) keep the plain link behaviour.
pub const VIDEO: &str = concat!(
    "document.addEventListener(\"click\",function(e){",
    "var a=e.target.closest&&e.target.closest(\"a.video-facade\");",
    "if(!a||e.button||e.ctrlKey||e.metaKey||e.shiftKey||e.altKey)return;",
    "var p=a.getAttribute(\"data-provider\"),id=a.getAttribute(\"data-video-id\")||\"\";",
    "if(!/^[A-Za-z0-9_-]{1,32}$/.test(id))return;",
    "var u=p===\"youtube\"?\"https://www.youtube-nocookie.com/embed/\"+id+\"?autoplay=1\"",
    ":p===\"vimeo\"?\"https://player.vimeo.com/video/\"+id+\"?autoplay=1&dnt=1\":\"\";",
    "if(!u)return;e.preventDefault();",
    "var f=document.createElement(\"iframe\"),t=a.querySelector(\".video-title\");",
    "f.src=u;f.title=t?t.textContent:\"Video\";f.className=\"video-frame\";",
    "f.allow=\"autoplay; encrypted-media; fullscreen; picture-in-picture\";",
    "f.allowFullscreen=true;a.replaceWith(f);f.focus()});"
);

/// Countdown: fills days/hours/minutes/seconds every second (the visual part, hidden from
/// assistive technology), keeps a visually hidden minute-precision text for screen readers
/// (changed at most once a minute, not announced), and at the target swaps in the expired
/// text, announcing it through a polite live region when the page was open at that moment.
pub const COUNTDOWN: &str = concat!(
    "(function(){var cs=[].slice.call(document.querySelectorAll(\".cd[data-target]\"));",
    "function q(c,s){return c.querySelector(s)}",
    "function tick(){var now=Date.now();cs=cs.filter(function(c){",
    "var t=Date.parse(c.getAttribute(\"data-target\")),u=q(c,\".cd-units\");",
    "if(isNaN(t)||!u)return false;var s=Math.floor((t-now)/1000);",
    "if(s<=0){var d=q(c,\".cd-done\"),v=q(c,\".cd-live\"),r=q(c,\".cd-sr\");",
    "[u,q(c,\".cd-when\"),q(c,\".cd-label\")].forEach(function(x){if(x)x.hidden=true});",
    "if(r)r.textContent=\"\";",
    "if(d){d.hidden=false;if(v&&c.cdRan)v.textContent=d.textContent}return false}",
    "c.cdRan=1;var n=u.querySelectorAll(\".cd-n\"),l=u.querySelectorAll(\".cd-u\"),",
    "k=[Math.floor(s/86400),Math.floor(s/3600)%24,Math.floor(s/60)%60,s%60];",
    "for(var i=0;i<n.length&&i<4;i++)n[i].textContent=i&&k[i]<10?\"0\"+k[i]:\"\"+k[i];",
    "u.hidden=false;var r=q(c,\".cd-sr\");if(r&&l.length>2){",
    "var m=k[0]+\" \"+l[0].textContent+\", \"+k[1]+\" \"+l[1].textContent+\", \"",
    "+k[2]+\" \"+l[2].textContent;if(r.textContent!==m)r.textContent=m}return true});",
    "if(cs.length)setTimeout(tick,1000-Date.now()%1000)}tick()})();"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_cannot_break_out_of_their_element() {
        for s in [VIDEO, COUNTDOWN] {
            let lower = s.to_ascii_lowercase();
            assert!(!lower.contains("</script") && !lower.contains("<!--"));
            assert!(!lower.contains("innerhtml") && !lower.contains("eval("));
        }
    }
}
