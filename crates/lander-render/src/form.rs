//! Lead forms: labelled fields with autocomplete and input-mode hints, required markers,
//! help text tied by `aria-describedby`, the `_hp` honeypot, and the post target
//! `/f/{page_id}/{form_id}`.

use crate::blocks::{block_head, nonempty, opt_text};
use crate::ctx::{Ctx, chunk};
use crate::escape::{attr, push_attr, text};
use lander_doc::{Field, FieldKind, Form};

/// The `autocomplete` token for a field, from its kind and its name.
fn autocomplete(f: &Field) -> Option<&'static str> {
    match f.kind {
        FieldKind::Email => return Some("email"),
        FieldKind::Tel => return Some("tel"),
        FieldKind::Text | FieldKind::Select => {}
        _ => return None,
    }
    Some(match f.name.as_str() {
        "name" | "full_name" | "fullname" | "your_name" => "name",
        "first_name" | "firstname" | "given_name" => "given-name",
        "last_name" | "lastname" | "family_name" | "surname" => "family-name",
        "company" | "company_name" | "organization" | "organisation" => "organization",
        "job_title" | "title" | "role" | "position" => "organization-title",
        "website" | "url" | "homepage" | "site" => "url",
        "country" => "country-name",
        "city" | "town" => "address-level2",
        "zip" | "postcode" | "postal_code" | "zip_code" => "postal-code",
        "address" | "street" | "street_address" => "street-address",
        _ => return None,
    })
}

/// The `inputmode` hint for a field.
fn inputmode(f: &Field, autocomplete: Option<&str>) -> Option<&'static str> {
    match (f.kind, autocomplete) {
        (FieldKind::Email, _) => Some("email"),
        (FieldKind::Tel, _) => Some("tel"),
        (FieldKind::Text, Some("url")) => Some("url"),
        _ => None,
    }
}

/// Whether a checkbox's initial value means "checked".
fn checked(v: &Option<String>) -> bool {
    matches!(
        v.as_deref().map(str::trim),
        Some("true" | "yes" | "on" | "1")
    )
}

/// Writes the label's text with the required marker.
fn label_text(out: &mut String, f: &Field) {
    text(out, &f.label);
    if f.required {
        out.push_str("<span class=\"req\" aria-hidden=\"true\"> *</span><span class=\"vh\"> (required)</span>");
    }
}

fn field(out: &mut String, form_id: &str, f: &Field) {
    let name = f.name.as_str();
    if f.kind == FieldKind::Hidden {
        out.push_str("<input type=\"hidden\"");
        push_attr(out, "name", name);
        push_attr(out, "value", f.value.as_deref().unwrap_or(""));
        out.push('>');
        return;
    }
    let fid = format!("{form_id}-F-{name}");
    let help_id = nonempty(&f.help).map(|_| format!("{fid}-help"));
    let common = |out: &mut String| {
        push_attr(out, "id", &fid);
        push_attr(out, "name", name);
        if f.required {
            out.push_str(" required aria-required=\"true\"");
        }
        if let Some(h) = &help_id {
            push_attr(out, "aria-describedby", h);
        }
    };
    if f.kind == FieldKind::Checkbox {
        out.push_str("<div class=\"fld chk\"><input type=\"checkbox\" value=\"yes\"");
        common(out);
        if checked(&f.value) {
            out.push_str(" checked");
        }
        out.push_str("><label");
        push_attr(out, "for", &fid);
        out.push('>');
        label_text(out, f);
        out.push_str("</label>");
    } else {
        out.push_str("<div class=\"fld\"><label");
        push_attr(out, "for", &fid);
        out.push('>');
        label_text(out, f);
        out.push_str("</label>");
        let auto = autocomplete(f);
        match f.kind {
            FieldKind::Select => {
                out.push_str("<select");
                common(out);
                if let Some(a) = auto {
                    push_attr(out, "autocomplete", a);
                }
                out.push('>');
                let current = f.value.as_deref();
                let placeholder = nonempty(&f.placeholder).unwrap_or("Choose…");
                out.push_str("<option value=\"\"");
                if current.is_none() {
                    out.push_str(" selected");
                }
                if f.required {
                    out.push_str(" disabled");
                }
                out.push('>');
                text(out, placeholder);
                out.push_str("</option>");
                for o in &f.options {
                    out.push_str("<option");
                    if current == Some(o.as_str()) {
                        out.push_str(" selected");
                    }
                    out.push('>');
                    text(out, o);
                    out.push_str("</option>");
                }
                out.push_str("</select>");
            }
            FieldKind::Textarea => {
                out.push_str("<textarea rows=\"4\"");
                common(out);
                extra_attrs(out, f);
                out.push('>');
                // A newline right after <textarea> is dropped by parsers; keep a leading one.
                if let Some(v) = &f.value {
                    if v.starts_with('\n') {
                        out.push('\n');
                    }
                    text(out, v);
                }
                out.push_str("</textarea>");
            }
            _ => {
                out.push_str("<input type=\"");
                out.push_str(match f.kind {
                    FieldKind::Email => "email",
                    FieldKind::Tel => "tel",
                    _ if auto == Some("url") => "url",
                    _ => "text",
                });
                out.push('"');
                common(out);
                if let Some(a) = auto {
                    push_attr(out, "autocomplete", a);
                }
                if let Some(m) = inputmode(f, auto) {
                    push_attr(out, "inputmode", m);
                }
                extra_attrs(out, f);
                if let Some(v) = &f.value {
                    push_attr(out, "value", v);
                }
                out.push('>');
            }
        }
    }
    if let (Some(h), Some(help)) = (&help_id, nonempty(&f.help)) {
        out.push_str("<p class=\"help\" id=\"");
        attr(out, h);
        out.push_str("\">");
        text(out, help);
        out.push_str("</p>");
    }
    out.push_str("</div>");
}

/// Placeholder and maximum length.
fn extra_attrs(out: &mut String, f: &Field) {
    if let Some(p) = nonempty(&f.placeholder) {
        push_attr(out, "placeholder", p);
    }
    if let Some(m) = f.max_length {
        out.push_str(&format!(" maxlength=\"{m}\""));
    }
}

pub(crate) fn form(ctx: &mut Ctx, id: &str, f: &Form) {
    ctx.need.add(chunk::FORM);
    crate::blocks::open(&mut ctx.out, "div", id, "fm", "");
    block_head(ctx, id, &f.heading, &f.intro);
    let out = &mut ctx.out;
    out.push_str("<form method=\"post\" action=\"");
    attr(out, &ctx.form_prefix);
    attr(out, id);
    out.push('"');
    if nonempty(&f.heading).is_some() {
        out.push_str(" aria-labelledby=\"");
        out.push_str(id);
        out.push_str("-H\"");
    }
    out.push('>');
    for fl in &f.fields {
        field(out, id, fl);
    }
    // Honeypot: people never see or reach it; naive bots fill it in and are dropped.
    out.push_str("<div class=\"hp\" aria-hidden=\"true\"><label for=\"");
    out.push_str(id);
    out.push_str("-HP\">Leave this field empty</label><input type=\"text\" id=\"");
    out.push_str(id);
    out.push_str(
        "-HP\" name=\"_hp\" tabindex=\"-1\" autocomplete=\"off\" aria-hidden=\"true\"></div>",
    );
    out.push_str("<button type=\"submit\" class=\"btn btn-p btn-l\">");
    text(out, &f.submit_label);
    out.push_str("</button>");
    opt_text(out, "p", "consent", &f.consent);
    out.push_str("</form></div>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use lander_doc::FieldName;

    fn f(name: &str, kind: FieldKind) -> Field {
        Field {
            name: FieldName::parse(name).unwrap(),
            label: "L".into(),
            kind,
            required: false,
            placeholder: None,
            options: vec![],
            value: None,
            help: None,
            max_length: None,
        }
    }

    #[test]
    fn autocomplete_tokens() {
        assert_eq!(
            autocomplete(&f("work_email", FieldKind::Email)),
            Some("email")
        );
        assert_eq!(autocomplete(&f("mobile", FieldKind::Tel)), Some("tel"));
        assert_eq!(
            autocomplete(&f("first_name", FieldKind::Text)),
            Some("given-name")
        );
        assert_eq!(
            autocomplete(&f("company", FieldKind::Text)),
            Some("organization")
        );
        assert_eq!(autocomplete(&f("notes", FieldKind::Textarea)), None);
        assert_eq!(autocomplete(&f("favourite", FieldKind::Text)), None);
    }
}
