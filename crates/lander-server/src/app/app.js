// Lander's account screens: sign in, sign up, password reset, e-mail confirmation, invitations
// and the account page. Plain DOM, no dependencies; text is always set as text, never as HTML.
"use strict";

const main = document.getElementById("main");
const nav = document.getElementById("nav");
let csrf = null;

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c);
  }
  return el;
}

class Problem extends Error {
  constructor(status, body) {
    super(body.detail || `The server answered ${status}.`);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (csrf && method !== "GET") headers["X-CSRF-Token"] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new Problem(0, { detail: "Lander cannot be reached. Check your connection and try again." });
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (!res.ok) throw new Problem(res.status, data || {});
  if (data && data.csrf_token) csrf = data.csrf_token;
  return data;
}

function tokenFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  return params.get("token") || "";
}

function go(path) {
  history.pushState(null, "", path);
  route();
}

function link(path, text) {
  return h("a", { href: path, onclick: (e) => { e.preventDefault(); go(path); } }, text);
}

function page(title, lead, ...content) {
  main.className = "";
  main.replaceChildren(h("div", { class: "card" },
    h("h1", { text: title }),
    lead ? h("p", { class: "muted", text: lead }) : null,
    ...content));
  document.title = `${title} · Lander`;
  const heading = main.querySelector("h1");
  if (heading) { heading.tabIndex = -1; heading.focus(); }
}

function alertBox(kind, text) {
  return h("div", { class: `alert ${kind}`, role: kind === "error" ? "alert" : "status", text });
}

// A form whose fields are named after the API's body members, so that problem pointers
// (`/email`) land on the right input.
function form(fields, submitText, onSubmit, prefix = "f") {
  const status = h("div");
  const inputs = {};
  const rows = fields.map((f) => {
    const id = `${prefix}-${f.name}`;
    const described = f.hint ? `${id}-hint` : null;
    const input = f.options
      ? h("select", { id, name: f.name, "aria-describedby": described },
        f.options.map((o) => h("option", { value: o, selected: o === f.value, text: o })))
      : h("input", {
        id, name: f.name, type: f.type || "text", autocomplete: f.autocomplete,
        required: f.required !== false, minlength: f.minlength, min: f.min, max: f.max, value: f.value,
        placeholder: f.placeholder, "aria-describedby": described,
      });
    inputs[f.name] = input;
    return h("div", {},
      h("label", { for: id, text: f.label }), input,
      f.hint ? h("p", { class: "hint", id: `${id}-hint`, text: f.hint }) : null,
      h("p", { class: "field-error", id: `${id}-error`, hidden: true }));
  });
  const button = h("button", { type: "submit", class: "full", text: submitText });
  const el = h("form", { novalidate: true }, status, ...rows, button);
  el.addEventListener("submit", async (e) => {
    e.preventDefault();
    status.replaceChildren();
    for (const input of Object.values(inputs)) {
      input.removeAttribute("aria-invalid");
      const err = document.getElementById(`${input.id}-error`);
      err.hidden = true;
      err.textContent = "";
    }
    const values = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value]));
    button.disabled = true;
    const label = button.textContent;
    button.textContent = "Please wait…";
    try {
      await onSubmit(values, status);
    } catch (err) {
      showProblem(err, status, inputs);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
  return el;
}

function showProblem(err, status, inputs) {
  const body = (err && err.body) || {};
  let placed = false;
  for (const fe of body.errors || []) {
    const name = (fe.pointer || "").replace(/^\//, "");
    const input = inputs && inputs[name];
    if (input) {
      input.setAttribute("aria-invalid", "true");
      const out = document.getElementById(`${input.id}-error`);
      out.textContent = fe.detail;
      out.hidden = false;
      if (!placed) input.focus();
      placed = true;
    }
  }
  if (!placed || !(body.errors || []).length) {
    let text = err.message || "Something went wrong.";
    if (err.status === 429) text = body.detail || "Too many attempts; wait a moment and try again.";
    status.replaceChildren(alertBox("error", text));
  }
}

async function ssoButtons() {
  try {
    const providers = await api("GET", "/api/v1/auth/providers");
    if (!providers.length) return null;
    return h("div", {},
      h("div", { class: "or", text: "or" }),
      h("div", { class: "sso" }, providers.map((p) =>
        h("a", { class: "button secondary", href: p.start_url, text: `Continue with ${p.display_name}` }))));
  } catch {
    return null;
  }
}

async function signIn() {
  page("Sign in", "Welcome back. Sign in to build and publish your pages.",
    form([
      { name: "email", label: "E-mail address", type: "email", autocomplete: "username" },
      { name: "password", label: "Password", type: "password", autocomplete: "current-password" },
    ], "Sign in", async (v) => {
      await api("POST", "/api/v1/auth/signin", v);
      go("/app");
    }),
    h("div", { class: "links" }, link("/app/forgot", "Forgot your password?"), link("/app/signup", "Create an account")));
  const sso = await ssoButtons();
  if (sso) main.querySelector(".card").append(sso);
}

function signUp() {
  page("Create your account", "Start building landing pages in minutes.",
    form([
      { name: "email", label: "Work e-mail", type: "email", autocomplete: "email" },
      { name: "password", label: "Password", type: "password", autocomplete: "new-password", minlength: 12,
        hint: "At least 12 characters. A short phrase of your own works well." },
    ], "Create account", async (v, status) => {
      const r = await api("POST", "/api/v1/auth/signup", v);
      main.querySelector("form").replaceWith(alertBox("ok", r.detail));
      status.replaceChildren();
    }),
    h("div", { class: "links" }, h("span", { class: "muted", text: "Already have an account?" }), link("/app/signin", "Sign in")));
}

function forgot() {
  page("Reset your password", "We'll e-mail you a link to choose a new password.",
    form([{ name: "email", label: "E-mail address", type: "email", autocomplete: "email" }],
      "Send the link", async (v) => {
        const r = await api("POST", "/api/v1/auth/password-reset", v);
        main.querySelector("form").replaceWith(alertBox("ok", r.detail));
      }),
    h("div", { class: "links" }, link("/app/signin", "Back to sign in")));
}

function reset() {
  const token = tokenFromHash();
  if (!token) return page("Reset your password", "This link is incomplete. Open the link from the e-mail again, or ask for a new one.", link("/app/forgot", "Ask for a new link"));
  page("Choose a new password", "You'll be signed in, and signed out everywhere else.",
    form([{ name: "new_password", label: "New password", type: "password", autocomplete: "new-password", minlength: 12,
      hint: "At least 12 characters, not a common password." }],
      "Save and sign in", async (v) => {
        await api("POST", "/api/v1/auth/password-reset/confirm", { token, new_password: v.new_password });
        history.replaceState(null, "", "/app/reset");
        go("/app");
      }),
    h("div", { class: "links" }, link("/app/forgot", "Ask for a new link")));
}

async function verify() {
  const token = tokenFromHash();
  page("Confirming your e-mail…", null);
  try {
    await api("POST", "/api/v1/auth/verify-email", { token });
    history.replaceState(null, "", "/app/verify");
    go("/app");
  } catch (err) {
    page("This link did not work", err.message, link("/app/signin", "Sign in to get a new link"));
  }
}

async function invitation() {
  const token = tokenFromHash();
  if (!token) return page("Invitation", "This invitation link is incomplete. Open it from the e-mail again.");
  const accept = async (body) => {
    await api("POST", "/api/v1/auth/invitations/accept", { token, ...body });
    history.replaceState(null, "", "/app/invitation");
    go("/app");
  };
  const me = await session();
  if (me) {
    const box = h("div");
    page("Join the workspace", `You're signed in as ${me.account.email}.`, box,
      h("button", { class: "full", onclick: async (e) => {
        e.target.disabled = true;
        try { await accept({}); } catch (err) { showProblem(err, box); e.target.disabled = false; }
      }, text: "Accept the invitation" }));
    return;
  }
  page("Join the workspace", "Choose a password to create your account. Already have one? Sign in first, then open the link again.",
    form([{ name: "password", label: "Password", type: "password", autocomplete: "new-password", minlength: 12,
      hint: "At least 12 characters, not a common password." }],
      "Accept and create account", async (v) => accept({ password: v.password })),
    h("div", { class: "links" }, link("/app/signin", "Sign in instead")));
}

async function session() {
  try { return await api("GET", "/api/v1/auth/session"); } catch { return null; }
}

// "Chrome on Linux" from a user agent string.
function describeBrowser(ua) {
  if (!ua) return "Unknown browser";
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox"
    : /Chrome\/|Chromium\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : null;
  const os = /Windows/.test(ua) ? "Windows" : /iPhone|iPad/.test(ua) ? "iOS"
    : /Mac OS X/.test(ua) ? "macOS" : /Android/.test(ua) ? "Android" : /Linux/.test(ua) ? "Linux" : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser || os || ua.slice(0, 60);
}

function when(iso) {
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

async function account() {
  const me = await session();
  if (!me) return go("/app/signin");
  main.className = "wide";
  nav.replaceChildren(h("span", { class: "muted", text: me.account.email }),
    h("button", { class: "secondary", onclick: async () => { await api("POST", "/api/v1/auth/signout"); csrf = null; nav.replaceChildren(); go("/app/signin"); }, text: "Sign out" }));

  const workspaces = h("div", { class: "card" }, h("h2", { text: "Your workspaces" }),
    me.workspaces.length
      ? h("table", {}, h("thead", {}, h("tr", {}, h("th", { text: "Workspace" }), h("th", { text: "Your role" }))),
        h("tbody", {}, me.workspaces.map((w) => h("tr", {}, h("td", { text: w.name }), h("td", {}, h("span", { class: "badge", text: w.role }))))))
      : h("p", { class: "muted", text: "You're not in a workspace yet. Ask an admin for an invitation." }));

  const sessionsBox = h("div", { class: "card" }, h("h2", { text: "Where you're signed in" }));
  const renderSessions = async () => {
    const list = await api("GET", "/api/v1/auth/sessions");
    sessionsBox.replaceChildren(h("h2", { text: "Where you're signed in" }),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", { text: "Browser" }), h("th", { text: "Address" }), h("th", { text: "Last active" }), h("th", {}))),
        h("tbody", {}, list.map((s) => h("tr", {},
          h("td", { text: describeBrowser(s.user_agent), title: s.user_agent || "" }),
          h("td", { text: s.ip || "—" }),
          h("td", { text: when(s.last_seen_at) }),
          h("td", {}, s.current ? h("span", { class: "badge", text: "This browser" })
            : h("button", { class: "link", onclick: async () => { await api("DELETE", `/api/v1/auth/sessions/${s.id}`); renderSessions(); }, text: "Sign out" })))))));
  };

  const password = h("div", { class: "card" }, h("h2", { text: "Change your password" }),
    h("p", { class: "muted", text: "You'll stay signed in here and be signed out everywhere else." }),
    form([
      me.account.has_password ? { name: "current_password", label: "Current password", type: "password", autocomplete: "current-password" } : null,
      { name: "new_password", label: "New password", type: "password", autocomplete: "new-password", minlength: 12, hint: "At least 12 characters, not a common password." },
    ].filter(Boolean), "Change password", async (v, status) => {
      await api("POST", "/api/v1/auth/password", v);
      status.replaceChildren(alertBox("ok", "Your password was changed. Other browsers were signed out."));
      renderSessions();
    }));

  const data = h("div", { class: "card" }, h("h2", { text: "Your data" }),
    h("p", { class: "muted", text: "Download everything Lander holds about you, or delete your account." }),
    h("div", { class: "row" },
      h("a", { class: "button secondary", href: "/api/v1/account/export", download: "lander-account.json", text: "Download my data" })),
    h("details", {}, h("summary", { text: "Delete my account" }),
      h("p", { class: "muted", text: "Your pages stay with their workspaces. The audit log keeps what happened, without your name, address or browser. This cannot be undone." }),
      form(me.account.has_password ? [{ name: "password", label: "Your password", type: "password", autocomplete: "current-password" }] : [],
        "Delete my account for good", async (v) => {
          await api("DELETE", "/api/v1/account", me.account.has_password ? { password: v.password } : {});
          nav.replaceChildren();
          page("Your account was deleted", "Thank you for using Lander.");
        })));
  data.querySelector("details button").classList.add("danger");

  const current = me.workspaces.find((w) => w.id === me.workspace_id);
  if (me.workspaces.length > 1) {
    const select = h("select", { id: "workspace-switch", "aria-label": "Current workspace" },
      me.workspaces.map((w) => h("option", { value: w.id, selected: w.id === me.workspace_id, text: w.name })));
    select.addEventListener("change", async () => {
      await api("PUT", "/api/v1/auth/session/workspace", { workspace_id: select.value });
      account();
    });
    workspaces.append(h("label", { for: "workspace-switch", text: "Work in" }), select);
  }
  const admin = current && ["admin", "owner"].includes(current.role)
    ? workspaceAdmin(current) : null;

  main.replaceChildren(h("h1", { text: "Your account" }), workspaces, admin, sessionsBox, password, data);
  document.title = "Your account · Lander";
  renderSessions().catch((err) => sessionsBox.append(alertBox("error", err.message)));
}

const ROLES = ["viewer", "editor", "publisher", "admin", "owner"];
const rolesUpTo = (role) => ROLES.slice(0, ROLES.indexOf(role) + 1);

// Members, invitations and API tokens of the current workspace, for its admins and owners.
function workspaceAdmin(ws) {
  const box = h("div", { class: "card", id: "workspace-admin" });
  const status = h("div");
  const members = h("div");
  const invites = h("div");
  const tokens = h("div");
  const act = (fn) => async (e) => {
    status.replaceChildren();
    if (e && e.target) e.target.disabled = true;
    try { await fn(); } catch (err) { showProblem(err, status); } finally { if (e && e.target) e.target.disabled = false; }
  };

  const renderMembers = async () => {
    const list = await api("GET", "/api/v1/members");
    members.replaceChildren(h("h3", { text: "Members" }),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", { text: "E-mail" }), h("th", { text: "Role" }), h("th", {}))),
        h("tbody", {}, list.map((m) => {
          const select = h("select", { "aria-label": `Role of ${m.email}` },
            ROLES.map((r) => h("option", { value: r, selected: r === m.role, text: r })));
          select.addEventListener("change", act(async () => {
            try {
              await api("PATCH", `/api/v1/members/${m.account_id}`, { role: select.value });
              status.replaceChildren(alertBox("ok", `${m.email} is now ${select.value}.`));
            } finally { renderMembers(); }
          }));
          return h("tr", {}, h("td", { text: m.email }), h("td", {}, select),
            h("td", {}, h("button", { class: "link", onclick: act(async () => {
              await api("DELETE", `/api/v1/members/${m.account_id}`);
              status.replaceChildren(alertBox("ok", `${m.email} was removed.`));
              renderMembers();
            }), text: "Remove" })));
        }))));
  };

  const renderInvites = async () => {
    const list = await api("GET", "/api/v1/invitations");
    invites.replaceChildren(h("h3", { text: "Invite someone" }),
      form([
        { name: "email", label: "E-mail address", type: "email", autocomplete: "off" },
        { name: "role", label: "Role", options: rolesUpTo(ws.role), value: "editor" },
      ], "Send the invitation", async (v) => {
        await api("POST", "/api/v1/invitations", v);
        status.replaceChildren(alertBox("ok", `An invitation is on its way to ${v.email}.`));
        renderInvites();
      }, "invite"),
      list.length ? h("table", {}, h("thead", {}, h("tr", {}, h("th", { text: "Invited" }), h("th", { text: "Role" }), h("th", { text: "Until" }), h("th", {}))),
        h("tbody", {}, list.map((i) => h("tr", {}, h("td", { text: i.email }), h("td", { text: i.role || "" }),
          h("td", { text: when(i.expires_at) }),
          h("td", {}, h("button", { class: "link", onclick: act(async () => { await api("DELETE", `/api/v1/invitations/${i.id}`); renderInvites(); }), text: "Withdraw" })))))) : null);
  };

  const renderTokens = async () => {
    const list = (await api("GET", "/api/v1/tokens")).filter((t) => !t.revoked_at);
    const secret = h("div", { class: "token-secret" });
    tokens.replaceChildren(h("h3", { text: "API tokens" }),
      h("p", { class: "muted", text: "Tokens let programs use Lander's API in this workspace, as you, at a role up to yours." }),
      secret,
      form([
        { name: "name", label: "Token name", placeholder: "e.g. CI deploys" },
        { name: "role", label: "Role", options: rolesUpTo(ws.role), value: "editor" },
        { name: "days", label: "Expires after (days, empty for never)", type: "number", min: 1, max: 3650, required: false },
      ], "Create token", async (v) => {
        const body = { name: v.name, role: v.role };
        if (v.days) body.expires_at = new Date(Date.now() + Number(v.days) * 86400000).toISOString();
        const created = await api("POST", "/api/v1/tokens", body);
        await renderTokens();
        tokens.querySelector(".token-secret").replaceChildren(h("div", { class: "alert ok", role: "status" },
          h("p", { text: "Copy this token now; it is shown only once:" }),
          h("code", { id: "new-token", text: created.token })));
      }, "token"),
      list.length ? h("table", {}, h("thead", {}, h("tr", {}, h("th", { text: "Name" }), h("th", { text: "Role" }), h("th", { text: "Last used" }), h("th", { text: "Expires" }), h("th", {}))),
        h("tbody", {}, list.map((t) => h("tr", {}, h("td", { text: t.name }), h("td", { text: t.role }),
          h("td", { text: t.last_used_at ? when(t.last_used_at) : "never" }),
          h("td", { text: t.expires_at ? when(t.expires_at) : "never" }),
          h("td", {}, h("button", { class: "link", onclick: act(async () => { await api("DELETE", `/api/v1/tokens/${t.id}`); renderTokens(); }), text: "Revoke" })))))) : null);
  };

  box.append(h("h2", { text: `Workspace: ${ws.name}` }), status, members, invites, tokens);
  Promise.all([renderMembers(), renderInvites(), renderTokens()])
    .catch((err) => status.replaceChildren(alertBox("error", err.message)));
  return box;
}

const routes = {
  "/app": account,
  "/app/": account,
  "/app/signin": signIn,
  "/app/signup": signUp,
  "/app/forgot": forgot,
  "/app/reset": reset,
  "/app/verify": verify,
  "/app/invitation": invitation,
};

function route() {
  const screen = routes[location.pathname];
  if (!screen) return page("Not found", "There is no such screen.", link("/app", "Go to your account"));
  Promise.resolve(screen()).catch((err) => page("Something went wrong", err.message, link("/app", "Try again")));
}

window.addEventListener("popstate", route);
route();
