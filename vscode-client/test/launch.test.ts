import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import {
  commandArgv,
  displayCommand,
  failureMessage,
  findOnPath,
  launchCandidates,
  lastErrorLine,
  pythonFor,
} from "../src/launch";

const linux = { platform: "linux" as NodeJS.Platform, env: { PATH: "/usr/bin" } };
const unset = { command: [], serverPython: "", workspacePython: null };

describe("launch: which command starts the server", () => {
  it("reads gifthorse.server.command as an argv array or a whitespace-separated string", () => {
    assert.deepStrictEqual(commandArgv(["/venv/bin/gifthorse", "serve"]), ["/venv/bin/gifthorse", "serve"]);
    assert.deepStrictEqual(commandArgv("  /venv/bin/gifthorse   serve "), ["/venv/bin/gifthorse", "serve"]);
    assert.strictEqual(commandArgv([]), undefined);
    assert.strictEqual(commandArgv(""), undefined);
    assert.strictEqual(commandArgv([1, 2]), undefined);
    assert.strictEqual(commandArgv(undefined), undefined);
  });

  it("uses an explicit command alone, so that a typo is reported rather than papered over", () => {
    const candidates = launchCandidates(
      { ...unset, command: ["/opt/gh/bin/gifthorse", "serve"] },
      { ...linux, which: () => "/usr/bin/gifthorse" },
    );
    assert.deepStrictEqual(candidates, [
      { command: "/opt/gh/bin/gifthorse", args: ["serve"], origin: "the gifthorse.server.command setting" },
    ]);
  });

  it("defaults to `gifthorse serve` from PATH, then `python3 -m gifthorse.server`", () => {
    const candidates = launchCandidates(unset, { ...linux, which: () => "/usr/local/bin/gifthorse" });
    assert.deepStrictEqual(
      candidates.map((c) => [c.command, ...c.args]),
      [
        ["/usr/local/bin/gifthorse", "serve"],
        ["python3", "-m", "gifthorse.server"],
      ],
    );
    assert.ok(candidates.every((c) => c.unavailable === undefined));
  });

  it("marks the PATH candidate unavailable when gifthorse is not on PATH, without spawning it", () => {
    const [onPath, python] = launchCandidates(unset, { ...linux, which: () => undefined });
    assert.strictEqual(onPath.unavailable, "no gifthorse executable on PATH");
    assert.strictEqual(python.unavailable, undefined);
  });

  it("picks the fallback interpreter: server.python, then gifthorse.python, then the platform's", () => {
    assert.strictEqual(pythonFor({ ...unset, serverPython: "/a/python", workspacePython: "/b/python" }, "linux"), "/a/python");
    assert.strictEqual(pythonFor({ ...unset, serverPython: "  ", workspacePython: "/b/python" }, "linux"), "/b/python");
    assert.strictEqual(pythonFor(unset, "linux"), "python3");
    assert.strictEqual(pythonFor(unset, "win32"), "python");
  });

  it("finds an executable on PATH, skipping directories and non-executable files", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "gh-path-"));
    const [a, b, c] = ["a", "b", "c"].map((d) => path.join(root, d));
    [a, b, c].forEach((d) => fs.mkdirSync(d));
    fs.mkdirSync(path.join(a, "gifthorse")); // a directory of that name
    fs.writeFileSync(path.join(b, "gifthorse"), "#!/bin/sh\n", { mode: 0o644 }); // not executable
    fs.writeFileSync(path.join(c, "gifthorse"), "#!/bin/sh\n", { mode: 0o755 });
    const env = { PATH: [a, b, c].join(":") };
    try {
      assert.strictEqual(findOnPath("gifthorse", env, "linux"), path.join(c, "gifthorse"));
      assert.strictEqual(findOnPath("gifthorse", { PATH: [a, b].join(":") }, "linux"), undefined);
      assert.strictEqual(findOnPath("gifthorse", {}, "linux"), undefined);
    } finally {
      fs.rmSync(root, { recursive: true });
    }
  });
});

describe("launch: explaining a failed start", () => {
  it("shows the command line as typed, with --stdio and quoting", () => {
    assert.strictEqual(
      displayCommand({ command: "/my venv/bin/python", args: ["-m", "gifthorse.server"], origin: "x" }),
      '"/my venv/bin/python" -m gifthorse.server --stdio',
    );
  });

  it("keeps the last line the server wrote to stderr", () => {
    const stderr = "Traceback (most recent call last):\n  File x\nModuleNotFoundError: No module named 'gifthorse'\n\n";
    assert.strictEqual(lastErrorLine(stderr), "ModuleNotFoundError: No module named 'gifthorse'");
    assert.strictEqual(lastErrorLine("\n \n"), undefined);
  });

  it("names every attempt and how to fix the default launch", () => {
    const message = failureMessage([
      { candidate: { command: "gifthorse", args: ["serve"], origin: "PATH" }, reason: "no gifthorse executable on PATH" },
      {
        candidate: { command: "python3", args: ["-m", "gifthorse.server"], origin: "the fallback" },
        reason: "exited with code 1: No module named gifthorse",
      },
    ]);
    assert.match(message, /could not be started/);
    assert.match(message, /\(1\) "gifthorse serve --stdio": no gifthorse executable on PATH/);
    assert.match(message, /\(2\) "python3 -m gifthorse.server --stdio": exited with code 1: No module named gifthorse/);
    assert.match(message, /pip install gifthorse/);
    assert.match(message, /gifthorse\.server\.python/);
    assert.doesNotMatch(message, /\n|at Object\.|Error:/, "one readable paragraph, no stack trace");
  });

  it("tells a user with an explicit command to fix that setting", () => {
    const message = failureMessage([
      {
        candidate: { command: "/nope/gifthorse", args: ["serve"], origin: "the gifthorse.server.command setting" },
        reason: "/nope/gifthorse was not found",
      },
    ]);
    assert.match(message, /Fix the gifthorse\.server\.command setting/);
    assert.doesNotMatch(message, /pip install/);
  });
});
