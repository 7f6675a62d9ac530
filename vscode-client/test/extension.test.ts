import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import * as lc from "vscode-languageclient/node";

import * as extension from "../src/extension";
import { state } from "./fakes/vscode";
import { LanguageClient, State as FakeState, fake } from "./fakes/languageclient";

/** Things a test creates on disk and in the environment, undone afterwards. */
const scratch = { dir: "", path: process.env.PATH };

function script(name: string, body: string): string {
  const file = path.join(scratch.dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

interface Context {
  subscriptions: { dispose(): unknown }[];
}

async function activate(): Promise<Context> {
  const context: Context = { subscriptions: [] };
  await extension.activate(context as unknown as vscode.ExtensionContext);
  return context;
}

let context: Context | undefined;

function lastClient(): LanguageClient {
  const client = fake.instances[fake.instances.length - 1];
  assert.ok(client !== undefined, "no language client was created");
  return client;
}

function statusItem(): { text: string; command?: string; visible: boolean } {
  const item = state.statusItems[0];
  assert.ok(item !== undefined, "no status bar item");
  return item;
}

function pythonEditor(selections: vscode.Selection[]): void {
  (vscode.window as { activeTextEditor: unknown }).activeTextEditor = {
    document: { uri: vscode.Uri.file("/ws/demo.py"), languageId: "python" },
    selections,
  };
}

const at = (line: number, character: number): vscode.Position => new vscode.Position(line, character);

describe("extension: activation and the server's lifecycle", () => {
  beforeEach(() => {
    state.reset();
    fake.reset();
    scratch.dir = fs.mkdtempSync(path.join(os.tmpdir(), "gh-ext-"));
    process.env.PATH = `${scratch.dir}:/usr/bin:/bin`;
  });

  afterEach(async () => {
    await extension.deactivate();
    for (const subscription of context?.subscriptions ?? []) {
      subscription.dispose();
    }
    context = undefined;
    process.env.PATH = scratch.path;
    fs.rmSync(scratch.dir, { recursive: true, force: true });
  });

  it("starts `gifthorse serve --stdio` from PATH for Python documents", async () => {
    const argvFile = path.join(scratch.dir, "argv");
    script("gifthorse", `echo "$@" > ${argvFile}\nexec sleep 30`);
    context = await activate();
    const client = lastClient();
    assert.strictEqual(client.state, lc.State.Running);
    assert.strictEqual(fs.readFileSync(argvFile, "utf8").trim(), "serve --stdio");
    const selector = client.clientOptions.documentSelector as { language?: string; pattern?: string }[];
    assert.deepStrictEqual(
      selector.map((s) => s.language ?? s.pattern),
      ["python", "python", "**/{requirements*.txt,*requirements.txt,constraints*.txt,pyproject.toml,setup.cfg}"],
    );
    assert.deepStrictEqual(state.notifications, []);
    for (const id of ["gifthorse.markAsReviewed", "gifthorse.restartServer", "gifthorse.showOutput"]) {
      assert.ok(state.commands.has(id), `${id} is not registered`);
    }
    assert.ok(!state.commands.has("gifthorse.markReviewed"), "the server's command id is left to the language client");
  });

  it("shows ONE notification naming every attempt when nothing starts", async () => {
    // no gifthorse on PATH, and an interpreter without the package
    const python = script("python-without-gifthorse", "echo \"ModuleNotFoundError: No module named 'gifthorse'\" >&2\nexit 1");
    state.settings.set("gifthorse.server.python", python);
    context = await activate();
    assert.strictEqual(state.notifications.length, 1, JSON.stringify(state.notifications));
    const [notification] = state.notifications;
    assert.strictEqual(notification.kind, "error");
    assert.match(notification.message, /"gifthorse serve --stdio": no gifthorse executable on PATH/);
    assert.match(
      notification.message,
      new RegExp(`"${python} -m gifthorse.server --stdio": exited with code 1: ModuleNotFoundError: No module named 'gifthorse'`),
    );
    assert.deepStrictEqual(notification.items, ["Open Settings", "Show Output"]);
    // the library's own "couldn't create connection" errors were logged, not shown
    for (const client of fake.instances) {
      assert.ok(client.errors.every((e) => e.showNotification === false), JSON.stringify(client.errors));
    }
    pythonEditor([]);
    state.statusItems[0].show();
    await state.onDidChangeActiveTextEditor.fire(undefined);
    assert.strictEqual(statusItem().text, "$(error) gifthorse");
    assert.strictEqual(statusItem().command, "gifthorse.showOutput");
  });

  it("explains a command that does not exist", async () => {
    state.settings.set("gifthorse.server.command", [path.join(scratch.dir, "missing", "gifthorse"), "serve"]);
    context = await activate();
    assert.strictEqual(state.notifications.length, 1);
    assert.match(state.notifications[0].message, /missing\/gifthorse was not found/);
    assert.match(state.notifications[0].message, /Fix the gifthorse\.server\.command setting/);
    const output = state.outputChannels[0].lines.join("\n");
    assert.match(output, /did not start: .*was not found/);
  });

  it("falls back to python -m gifthorse.server when the PATH command dies", async () => {
    script("gifthorse", "echo 'gifthorse: error: invalid choice: serve' >&2\nexit 2");
    const argvFile = path.join(scratch.dir, "argv");
    const python = script("python-with-gifthorse", `echo "$@" > ${argvFile}\nexec sleep 30`);
    state.settings.set("gifthorse.python", python);
    context = await activate();
    assert.deepStrictEqual(state.notifications, []);
    assert.strictEqual(fs.readFileSync(argvFile, "utf8").trim(), "-m gifthorse.server --stdio");
    assert.strictEqual(fake.instances.length, 2);
    assert.strictEqual(lastClient().state, lc.State.Running);
  });

  it("restarts on demand and when a launch setting changes", async () => {
    script("gifthorse", "exec sleep 30");
    context = await activate();
    const first = lastClient();
    await vscode.commands.executeCommand("gifthorse.restartServer");
    const second = lastClient();
    assert.notStrictEqual(first, second);
    assert.strictEqual(first.state, lc.State.Stopped);
    assert.strictEqual(second.state, lc.State.Running);
    await state.onDidChangeConfiguration.fire({ affectsConfiguration: (s: string) => "gifthorse.server.command".startsWith(s) });
    assert.strictEqual(fake.instances.length, 3);
    assert.strictEqual(second.state, lc.State.Stopped);
  });
});

describe("extension: one lifecycle operation at a time", () => {
  beforeEach(() => {
    state.reset();
    fake.reset();
    state.settings.set("gifthorse.server.command", [process.execPath, "-e", "setTimeout(() => {}, 30000)", "--"]);
  });

  afterEach(async () => {
    await extension.deactivate();
    for (const subscription of context?.subscriptions ?? []) {
      subscription.dispose();
    }
  });

  it("leaves exactly one server running after overlapping restarts", async () => {
    context = await activate();
    await Promise.all([
      vscode.commands.executeCommand("gifthorse.restartServer"),
      vscode.commands.executeCommand("gifthorse.restartServer"),
    ]);
    assert.strictEqual(fake.instances.length, 3);
    assert.strictEqual(fake.instances.filter((c) => c.state === FakeState.Running).length, 1);
    assert.strictEqual(lastClient().state, lc.State.Running);
  });
});

describe("extension: talking to a running server", () => {
  beforeEach(async () => {
    state.reset();
    fake.reset();
    state.settings.set("gifthorse.server.command", [process.execPath, "-e", "setTimeout(() => {}, 30000)", "--"]);
    assert.deepStrictEqual(state.notifications, []);
    context = await activate();
  });

  afterEach(async () => {
    await extension.deactivate();
    for (const subscription of context?.subscriptions ?? []) {
      subscription.dispose();
    }
  });

  it("marks the selection as reviewed through the server's gifthorse.markReviewed", async () => {
    pythonEditor([new vscode.Selection(at(1, 0), at(3, 2))]);
    await vscode.commands.executeCommand("gifthorse.markAsReviewed");
    assert.deepStrictEqual(lastClient().requests, [
      {
        method: "workspace/executeCommand",
        params: {
          command: "gifthorse.markReviewed",
          arguments: ["file:///ws/demo.py", { start: { line: 1, character: 0 }, end: { line: 3, character: 2 } }],
        },
      },
    ]);
  });

  it("marks the whole file as reviewed when nothing is selected", async () => {
    pythonEditor([new vscode.Selection(at(2, 0), at(2, 0))]);
    await vscode.commands.executeCommand("gifthorse.markAsReviewed");
    assert.deepStrictEqual(lastClient().requests, [
      { method: "workspace/executeCommand", params: { command: "gifthorse.markReviewed", arguments: ["file:///ws/demo.py"] } },
    ]);
  });

  it("answers workspace/configuration with the explicit analysis settings only", async () => {
    state.settings.set("gifthorse.scope", "all");
    state.settings.set("gifthorse.server.python", "/somewhere/python");
    const middleware = lastClient().clientOptions.middleware as {
      workspace: {
        configuration: (p: unknown, t: unknown, next: () => unknown[]) => Promise<unknown[]>;
        didChangeConfiguration: (sections: string[] | undefined, next: () => Promise<void>) => Promise<void>;
      };
    };
    const answer = await middleware.workspace.configuration({ items: [{ section: "gifthorse" }] }, undefined, () => [{}]);
    assert.deepStrictEqual(answer, [{ scope: "all" }]);
    let libraryNotified = false;
    await middleware.workspace.didChangeConfiguration(["gifthorse"], () => {
      libraryNotified = true;
      return Promise.resolve();
    });
    assert.ok(!libraryNotified, "the library's unfiltered didChangeConfiguration is suppressed");
  });

  it("re-sends analysis settings when they change, without restarting", async () => {
    state.settings.set("gifthorse.ignore", ["GH100"]);
    await state.onDidChangeConfiguration.fire({ affectsConfiguration: (s: string) => s === "gifthorse" });
    assert.strictEqual(fake.instances.length, 1);
    assert.deepStrictEqual(lastClient().notifications, [
      { method: "workspace/didChangeConfiguration", params: { settings: { gifthorse: { ignore: ["GH100"] } } } },
    ]);
  });

  it("counts the active file's risky findings in the status bar", async () => {
    pythonEditor([]);
    const range = new vscode.Range(at(0, 0), at(0, 4));
    const risky = new vscode.Diagnostic(range, "eval", vscode.DiagnosticSeverity.Error);
    risky.source = "gifthorse";
    const hint = new vscode.Diagnostic(range, "old code", vscode.DiagnosticSeverity.Hint);
    hint.source = "gifthorse";
    state.diagnostics.set("file:///ws/demo.py", [risky, hint]);
    await state.onDidChangeDiagnostics.fire(undefined);
    assert.strictEqual(statusItem().text, "$(warning) gifthorse 1");
    assert.strictEqual(statusItem().command, "workbench.actions.view.problems");
    assert.ok(statusItem().visible);
    (vscode.window as { activeTextEditor: unknown }).activeTextEditor = {
      document: { uri: vscode.Uri.file("/ws/notes.txt"), languageId: "plaintext" },
      selections: [],
    };
    await state.onDidChangeActiveTextEditor.fire(undefined);
    assert.ok(!statusItem().visible, "hidden for non-Python files");
  });

  it("stops the server on deactivate", async () => {
    const client = lastClient();
    const child = client.process;
    assert.ok(child !== undefined);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await extension.deactivate();
    assert.strictEqual(client.state, lc.State.Stopped);
    await exited;
  });
});
