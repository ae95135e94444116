// Drives Debian's Chromium (never a downloaded browser) through Lander's screens: sign-in with a
// wrong then the right password, the pages list, the account page, a refused weak password, a
// password change, signing out, signing in again back to the screen that asked, and a page made
// from a template, duplicated and deleted.
// Usage: node account.mjs <base-url> <email> <password> <shots-dir>
// Prints one line per step; exits non-zero with the reason on the first failed expectation.
import { chromium } from "playwright-core";

const [base, email, password, shots] = process.argv.slice(2);
if (!base || !email || !password || !shots) {
  console.error("usage: node account.mjs <base-url> <email> <password> <shots-dir>");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const step = (s) => console.log(`ok: ${s}`);
const fail = async (why) => {
  console.error(`FAILED: ${why}`);
  await browser.close();
  process.exit(1);
};
const expect = async (cond, why) => { if (!cond) await fail(why); };

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Refused requests (401 before signing in, the wrong password) are logged by Chromium as
  // "Failed to load resource"; they are expected. Anything else is a script error.
  page.on("console", (m) => {
    // Thumbnails are sandboxed frames without scripts: Chromium reports the page scripts it
    // did not run (countdown, video) as blocked, which is the point.
    const expected = m.text().startsWith("Failed to load resource")
      || /^Blocked script execution in '.*' because the document's frame is sandboxed/.test(m.text());
    if (m.type() === "error" && !expected) errors.push(m.text());
  });

  await page.goto(`${base}/app`);
  await page.waitForURL("**/app/signin");
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  step("an anonymous visit to /app lands on the sign-in screen");

  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  await expect((await alert.textContent()).includes("e-mail address or the password is wrong"),
    `a wrong password shows the server's message, got: ${await alert.textContent()}`);
  step("a wrong password is refused with a clear message");

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/app$/);
  await page.getByRole("heading", { name: "Pages", exact: true }).waitFor();
  await page.getByRole("heading", { name: "No pages yet" }).waitFor();
  await page.screenshot({ path: `${shots}/pages-empty.png`, fullPage: true });
  step("the right password opens the pages list, empty with a way to the first page");

  await page.getByRole("link", { name: "Account", exact: true }).click();
  await page.waitForURL(/\/app\/account$/);
  await page.getByRole("heading", { name: "Your account" }).waitFor();
  await page.getByRole("cell", { name: "Default workspace" }).waitFor();
  await page.getByText("This browser").waitFor();
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "lander_session");
  await expect(session && session.httpOnly && session.sameSite === "Lax",
    `the session cookie is HttpOnly and SameSite=Lax: ${JSON.stringify(session)}`);
  await expect(await page.evaluate(() => document.cookie) === "",
    "scripts cannot read the session cookie");
  await page.screenshot({ path: `${shots}/account.png`, fullPage: true });
  step("the right password opens the account page with the workspace and this session");

  const admin = page.locator("#workspace-admin");
  await admin.getByRole("heading", { name: "Workspace: Default workspace" }).waitFor();
  await admin.getByRole("cell", { name: email }).waitFor();
  await page.locator("#invite-email").fill("new.editor@example.com");
  await page.locator("#invite-role").selectOption("editor");
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await admin.getByText("An invitation is on its way to new.editor@example.com").waitFor();
  await admin.getByRole("cell", { name: "new.editor@example.com" }).waitFor();
  step("an admin invites someone by e-mail with a role from the browser");

  await page.getByLabel("Token name").fill("ci deploys");
  await page.locator("#token-role").selectOption("viewer");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.locator("#new-token").textContent()).trim();
  await expect(secret.startsWith("lnd_") && secret.length > 40, `a token is shown once: ${secret}`);
  await admin.getByRole("cell", { name: "ci deploys" }).waitFor();
  const asToken = () => fetch(`${base}/api/v1/workspace`, { headers: { Authorization: `Bearer ${secret}` } });
  let res = await asToken();
  await expect(res.status === 200 && (await res.json()).role === "viewer",
    "the browser-made token works at the role chosen");
  const row = admin.getByRole("row").filter({ hasText: "ci deploys" });
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.waitFor({ state: "detached" });
  res = await asToken();
  await expect(res.status === 401, `a revoked token stops at once, got ${res.status}`);
  await page.screenshot({ path: `${shots}/workspace.png`, fullPage: true });
  step("an API token is created in the browser, shown once, works, and is revoked");

  await page.getByLabel("Current password").fill(password);
  await page.getByLabel("New password").fill("password1234");
  await page.getByRole("button", { name: "Change password" }).click();
  const fieldError = page.locator("#f-new_password-error");
  await fieldError.waitFor({ state: "visible" });
  await expect((await fieldError.textContent()).includes("too common"),
    `a common password is refused at the field: ${await fieldError.textContent()}`);
  step("a common new password is refused next to its field");

  const newPassword = "violet harbour lantern 42";
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByText("Your password was changed").waitFor();
  step("the password change is accepted (the browser passed the Origin and CSRF checks)");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/app/signin");
  await page.goto(`${base}/app`);
  await page.waitForURL("**/app/signin");
  step("signing out ends the session");

  await page.goto(`${base}/app/account`);
  await page.waitForURL("**/app/signin?next=%2Fapp%2Faccount");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your account" }).waitFor();
  await page.waitForURL(/\/app\/account$/);
  step("the new password signs in, back on the screen that asked for it");

  await page.getByRole("link", { name: "Pages", exact: true }).click();
  await page.getByRole("link", { name: "Create your first page" }).click();
  await page.waitForURL(/\/app\/new$/);
  const gallery = page.getByRole("list", { name: "Templates" });
  const firstTemplate = gallery.getByRole("listitem").first();
  await firstTemplate.waitFor();
  await page.screenshot({ path: `${shots}/gallery.png`, fullPage: true });
  await firstTemplate.getByRole("button", { name: "Use this template" }).click();
  const create = page.getByRole("dialog");
  await create.getByLabel("Title").fill("Spring launch");
  await create.getByLabel("Address (optional)").fill("Not A Slug");
  await create.getByRole("button", { name: "Create page" }).click();
  await page.locator("#new-slug-error").waitFor({ state: "visible" });
  await create.getByLabel("Address (optional)").fill("spring-launch");
  await create.getByRole("button", { name: "Create page" }).click();
  await page.waitForURL(/\/app\/pages\/[^/]+$/);
  await page.getByRole("heading", { name: "Spring launch" }).waitFor();
  await page.getByText("The editor is coming").waitFor();
  step("a page is made from a template in the gallery (a bad address is refused at its field)");

  await page.getByRole("link", { name: "All pages" }).click();
  const cards = page.getByRole("list", { name: "Pages" }).getByRole("listitem");
  await cards.filter({ hasText: "Spring launch" }).getByRole("button", { name: /Duplicate/ }).click();
  await page.getByText("“Spring launch (copy)” was created").waitFor();
  await expect(await cards.count() === 2, `two pages after duplicating, got ${await cards.count()}`);
  await page.screenshot({ path: `${shots}/pages.png`, fullPage: true });
  const copy = cards.filter({ hasText: "Spring launch (copy)" });
  await copy.getByRole("button", { name: /Delete/ }).click();
  const confirm = page.getByRole("dialog", { name: "Delete “Spring launch (copy)”?" });
  await confirm.waitFor();
  await page.keyboard.press("Escape");
  await confirm.waitFor({ state: "hidden" });
  await expect(await cards.count() === 2, "Escape deletes nothing");
  await copy.getByRole("button", { name: /Delete/ }).click();
  await confirm.getByRole("button", { name: "Delete page" }).click();
  await copy.waitFor({ state: "detached" });
  await page.getByText("“Spring launch (copy)” was deleted.").waitFor();
  step("a page is duplicated, and deleted only once the dialog is confirmed");

  await page.getByRole("link", { name: "Images" }).click();
  await page.getByRole("heading", { name: "Images" }).waitFor();
  const png = await page.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 800;
    c.height = 500;
    const g = c.getContext("2d");
    g.fillStyle = "#4338ca";
    g.fillRect(0, 0, 800, 500);
    g.fillStyle = "#f59e0b";
    g.fillRect(100, 100, 300, 200);
    return c.toDataURL("image/png").split(",")[1];
  });
  await page.locator("#asset-file").setInputFiles({
    name: "brand.png",
    mimeType: "image/png",
    buffer: Buffer.from(png, "base64"),
  });
  await page.getByText("Uploaded brand.png.").waitFor();
  const card = page.getByRole("listitem").filter({ hasText: "brand.png" });
  await card.getByText(/800 × 500/).waitFor();
  const src = await card.locator("img").getAttribute("src");
  const served = await fetch(`${base}${src}`);
  await expect(served.status === 200 && served.headers.get("content-type") === "image/png"
    && (served.headers.get("cache-control") || "").includes("immutable"),
    `the uploaded image is served, immutable: ${served.status} ${served.headers.get("content-type")}`);
  await page.screenshot({ path: `${shots}/images.png`, fullPage: true });
  step("an image is uploaded with the file picker and served from an immutable address");

  await page.goto(`${base}/app/signup`);
  await page.getByRole("heading", { name: "Create your account" }).waitFor();
  await page.screenshot({ path: `${shots}/signup.png` });
  await expect(errors.length === 0, `no script errors: ${errors.join(" | ")}`);
  step("no script errors on any screen");
} catch (e) {
  await fail(e && e.stack ? e.stack : String(e));
}
await browser.close();
