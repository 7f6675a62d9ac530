// Drives a real VS Code (code-server, with the gifthorse .vsix installed) in headless Chromium for
// tests/e2e/test_vscode.py, acting as a user: open demo.py, paste a risky block, wait for the
// squiggle and the Problems entry, hover it, apply the quick fix from the light bulb, then paste a
// second block and run "gifthorse: Mark as reviewed" from the Command Palette. With
// GH_E2E_MODE=start-failure it only opens demo.py and reads the notifications of a server that
// cannot start.
//
// It records what it saw as JSON in $GH_E2E_RESULT and leaves the judgement to the Python test.
// Exit code: 0 when every step ran, 1 when one failed or timed out (a screenshot of that moment is
// saved as failure.png next to the result), 2 on a crash of the driver itself.
//
// Inputs (environment): CS_URL, CHROMIUM, GH_E2E_RESULT, GH_E2E_SCREENSHOT, GH_E2E_FIX_BLOCK,
// GH_E2E_FIX_CODE, GH_E2E_FIX_TITLE (what the action's title starts with; "Suppress" picks the
// suppression), GH_E2E_REVIEW_BLOCK, GH_E2E_REVIEW_CODE, GH_E2E_TIMEOUT_MS, GH_E2E_MODE.
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const env = (name) => process.env[name] ?? "";
const TIMEOUT = Number(env("GH_E2E_TIMEOUT_MS")) || 30000;
const result = { steps: [] };
const SQUIGGLE = [".squiggly-error", ".squiggly-warning", ".squiggly-info"]
  .map((kind) => `.editor-instance .monaco-editor ${kind}`)
  .join(", ");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class StepFailure extends Error {}

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
  } catch (error) {
    result.failed = { step: name, message: error instanceof Error ? error.message : String(error) };
    throw new StepFailure(name);
  }
  result.steps.push({ name, ms: Date.now() - started });
}

async function chord(page, modifiers, key) {
  for (const modifier of modifiers) await page.keyboard.down(modifier);
  await page.keyboard.press(key);
  for (const modifier of [...modifiers].reverse()) await page.keyboard.up(modifier);
}

/** The editor's text, line by line in document order (the DOM keeps lines in render order). */
function editorText(page) {
  return page.$eval(".editor-instance .monaco-editor .view-lines", (element) =>
    [...element.querySelectorAll(".view-line")]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => line.textContent.replace(/\u00a0/g, " "))
      .join("\n"),
  );
}

function problemsText(page) {
  return page.$eval(".markers-panel", (e) => e.innerText.replace(/\s+/g, " ").trim()).catch(() => "");
}

function statusText(page) {
  return page
    .$$eval(".statusbar-item", (items) =>
      items.map((item) => item.innerText.trim()).filter((text) => text.includes("gifthorse")).join(" | "),
    )
    .catch(() => "");
}

async function waitUntil(page, what, predicate, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(250);
  }
}

/** Pastes text the way the browser does: a paste event with clipboard data on the focused input. */
async function paste(page, text) {
  await page.evaluate((content) => {
    const target = document.activeElement;
    const data = new DataTransfer();
    data.setData("text/plain", content);
    target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function focusEditorEnd(page) {
  await page.click(".editor-instance .monaco-editor .view-lines");
  await chord(page, ["Control"], "End");
}

async function runCommand(page, title) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input", { visible: true, timeout: TIMEOUT });
  await page.keyboard.type(title);
  await waitUntil(page, `"${title}" in the Command Palette`, () =>
    page.$$eval(".quick-input-list .monaco-list-row", (rows, t) => rows.some((r) => r.innerText.includes(t)), title),
  );
  await page.keyboard.press("Enter");
}

async function openDemo(page) {
  await waitUntil(page, "the Explorer to list demo.py", () =>
    page.$$eval(".explorer-folders-view .monaco-list-row", (rows) => rows.some((r) => r.innerText.includes("demo.py"))),
  );
  await chord(page, ["Control"], "KeyP");
  await page.waitForSelector(".quick-input-widget input", { visible: true, timeout: TIMEOUT });
  await page.keyboard.type("demo.py");
  await waitUntil(page, "demo.py in Quick Open", () =>
    page.$$eval(".quick-input-list .monaco-list-row", (rows) => rows.some((r) => r.innerText.includes("demo.py"))),
  );
  await page.keyboard.press("Enter");
  await waitUntil(page, "demo.py in the editor", async () => (await editorText(page).catch(() => "")).includes("import os"));
}

function notifications(page) {
  return page
    .$$eval(".notifications-toasts .notification-toast, .notifications-center .notification-list-item", (items) =>
      items.map((item) => item.innerText.replace(/\s+/g, " ").trim()),
    )
    .catch(() => []);
}

/** The server cannot start: expect one explanatory notification and a status item saying so. */
async function startFailure(page) {
  await step("notification", async () => {
    await waitUntil(page, "a gifthorse notification", async () =>
      (await notifications(page)).some((text) => text.includes("gifthorse")),
    );
    await sleep(5000); // a second notification, if any, would arrive now
    result.notifications = (await notifications(page)).filter((text) => text.includes("gifthorse"));
    result.status_after_failure = await statusText(page);
    result.status_tooltip = await page
      .$$eval(".statusbar-item", (items) =>
        items.filter((i) => i.innerText.includes("gifthorse")).map((i) => i.getAttribute("aria-label") ?? ""),
      )
      .catch(() => []);
    await page.screenshot({ path: env("GH_E2E_SCREENSHOT") });
  });
}

/** The user flow: paste, squiggle, Problems, hover, quick fix, mark as reviewed. */
async function flow(page) {
  const fixCode = env("GH_E2E_FIX_CODE");
  const reviewCode = env("GH_E2E_REVIEW_CODE");
  await step("server_running", async () => {
    // The server must have the file before the paste, as it would by the time a user pastes:
    // the item shows a count only once the server runs (a spinner while it starts).
    // Starting Python and compiling the rules can take a while on a busy CI machine.
    const startup = 3 * TIMEOUT;
    result.status_after_open = await waitUntil(
      page,
      "the gifthorse server to run",
      async () => {
        const text = await statusText(page);
        return /gifthorse \d/.test(text) ? text : "";
      },
      startup,
    );
  });

  await step("paste", async () => {
    await focusEditorEnd(page);
    await paste(page, env("GH_E2E_FIX_BLOCK"));
    const firstLine = env("GH_E2E_FIX_BLOCK").split("\n").find((line) => line.trim() !== "");
    await waitUntil(page, "the pasted block in the editor", async () => (await editorText(page)).includes(firstLine));
    result.text_after_paste = await editorText(page);
  });

  await step("squiggle", async () => {
    await page.waitForSelector(SQUIGGLE, { timeout: TIMEOUT });
    result.squiggles = await page.$$eval(SQUIGGLE, (elements) => elements.map((e) => e.className));
    result.status_with_finding = await waitUntil(page, "a count in the status bar", async () => {
      const text = await statusText(page);
      return /gifthorse [1-9]/.test(text) ? text : "";
    });
  });

  await step("problems", async () => {
    await chord(page, ["Control", "Shift"], "KeyM");
    result.problems = await waitUntil(page, `${fixCode} in the Problems view`, async () => {
      const text = await problemsText(page);
      return text.includes(fixCode) ? text : "";
    });
  });

  await step("hover", async () => {
    // the pasted block holds the only finding, so the first squiggle is it
    const squiggle = await page.$(SQUIGGLE);
    const box = await squiggle.boundingBox();
    await page.mouse.move(box.x + Math.min(box.width / 2, 30), box.y + box.height / 2);
    result.hover = await waitUntil(page, "the hover", async () => {
      const text = await page
        .$$eval(".monaco-hover:not(.hidden)", (hovers) => hovers.map((h) => h.innerText).join("\n"))
        .catch(() => "");
      return text.includes(fixCode) && text.length > 120 ? text : "";
    });
    await sleep(500); // let the hover finish rendering before the picture
    await page.screenshot({ path: env("GH_E2E_SCREENSHOT") });
  });

  await step("quick_fix", async () => {
    await page.mouse.move(5, 400); // leave the hover
    await page.keyboard.press("Escape");
    const squiggle = await page.$(SQUIGGLE);
    const box = await squiggle.boundingBox();
    await page.mouse.click(box.x + Math.min(box.width / 2, 30), box.y + box.height / 2); // caret into the finding
    // the editor's light bulb, once it shows an icon (it is in the DOM, hidden, before that)
    const bulbSelector = '.editor-instance .lightBulbWidget[class*="codicon-light"]';
    const bulbBox = await waitUntil(page, "the light bulb", async () => {
      const bulb = await page.$(bulbSelector);
      return bulb === null ? undefined : await bulb.boundingBox();
    });
    result.light_bulb = await page.$eval(bulbSelector, (e) => e.className);
    await page.mouse.click(bulbBox.x + bulbBox.width / 2, bulbBox.y + bulbBox.height / 2);
    result.actions = await waitUntil(page, "the code action menu", async () => {
      const titles = await page
        .$$eval(".action-widget .monaco-list-row", (rows) => rows.map((r) => r.innerText.trim()))
        .catch(() => []);
      return titles.length > 0 ? titles : undefined;
    });
    const wanted = env("GH_E2E_FIX_TITLE");
    const rows = await page.$$(".action-widget .monaco-list-row");
    let chosen;
    for (const row of rows) {
      const title = await row.evaluate((r) => r.innerText.trim());
      // the server may decorate the engine's fix title, e.g. with the rule code
      if ((wanted === "Suppress" ? title.includes("Suppress") : title.startsWith(wanted)) && chosen === undefined) {
        chosen = row;
        result.applied = title;
      }
    }
    if (chosen === undefined) throw new Error(`no action titled ${wanted} in ${JSON.stringify(result.actions)}`);
    await chosen.click();
    const before = result.text_after_paste;
    result.text_after_fix = await waitUntil(page, "the fix to change the text", async () => {
      const text = await editorText(page);
      return text !== before ? text : "";
    });
  });

  await step("fix_cleared", async () => {
    result.problems_after_fix = await waitUntil(page, `${fixCode} to leave the Problems view`, async () => {
      const text = await problemsText(page);
      return text.includes(fixCode) ? "" : text || "(empty)";
    });
    await sleep(500); // the edit settles (format, re-publish) before we read the final text
    result.text_after_fix = await editorText(page);
  });

  await step("mark_reviewed", async () => {
    await focusEditorEnd(page);
    await paste(page, env("GH_E2E_REVIEW_BLOCK"));
    result.problems_before_review = await waitUntil(page, `${reviewCode} in the Problems view`, async () => {
      const text = await problemsText(page);
      return text.includes(reviewCode) ? text : "";
    });
    await runCommand(page, "gifthorse: Mark as reviewed");
    result.problems_after_review = await waitUntil(page, "the Problems view to clear", async () => {
      const text = await problemsText(page);
      return text.includes(reviewCode) ? "" : text || "(empty)";
    });
    result.status_after_review = await waitUntil(page, "a zero count in the status bar", async () => {
      const text = await statusText(page);
      return /gifthorse 0/.test(text) ? text : "";
    });
  });
}

async function main() {
  const browser = await puppeteer.launch({
    headless: true,
    executablePath: env("CHROMIUM"),
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"], // --no-sandbox: CI runs as root
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  const resultDir = path.dirname(env("GH_E2E_RESULT"));
  try {
    await step("workbench", async () => {
      await page.goto(env("CS_URL"), { waitUntil: "domcontentloaded", timeout: 60000 });
      await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
    });

    await step("open", () => openDemo(page));
    await (env("GH_E2E_MODE") === "start-failure" ? startFailure(page) : flow(page));
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    result.status_at_failure = await statusText(page);
    result.problems_at_failure = await problemsText(page);
    await page.screenshot({ path: path.join(resultDir, "failure.png") }).catch(() => undefined);
  } finally {
    fs.writeFileSync(env("GH_E2E_RESULT"), JSON.stringify(result, null, 2));
    await browser.close();
  }
  return result.failed === undefined ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error("driver crashed:", error);
    process.exit(2);
  },
);
