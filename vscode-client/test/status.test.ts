import * as assert from "assert";
import * as vscode from "vscode";

import { countRiskyFindings, statusView } from "../src/status";

function diagnostic(source: string, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const range = new vscode.Range(new vscode.Position(0, 0), new vscode.Position(0, 4));
  const d = new vscode.Diagnostic(range, "x", severity);
  d.source = source;
  return d;
}

describe("status: the count in the status bar", () => {
  it("counts gifthorse errors, warnings and information, not hints or other tools", () => {
    const S = vscode.DiagnosticSeverity;
    const diagnostics = [
      diagnostic("gifthorse", S.Error),
      diagnostic("gifthorse", S.Warning),
      diagnostic("gifthorse", S.Information),
      diagnostic("gifthorse", S.Hint),
      diagnostic("ruff", S.Error),
    ];
    assert.strictEqual(countRiskyFindings(diagnostics), 3);
    assert.strictEqual(countRiskyFindings([]), 0);
  });

  it("shows the count and opens the Problems view while the server runs", () => {
    const view = statusView("running", 2, "demo.py");
    assert.strictEqual(view.text, "$(warning) gifthorse 2");
    assert.strictEqual(view.command, "workbench.actions.view.problems");
    assert.match(view.tooltip, /2 risky findings in fresh code of demo\.py/);
    assert.ok(view.warning);
    const clean = statusView("running", 0, "demo.py");
    assert.strictEqual(clean.text, "$(shield) gifthorse 0");
    assert.ok(!clean.warning);
    assert.match(statusView("running", 1, "a.py").tooltip, /1 risky finding in/);
  });

  it("points at the output when the server is not running", () => {
    for (const state of ["failed", "stopped"] as const) {
      const view = statusView(state, 3, "demo.py");
      assert.strictEqual(view.text, "$(error) gifthorse");
      assert.strictEqual(view.command, "gifthorse.showOutput");
    }
    assert.match(statusView("starting", 0, "demo.py").text, /sync~spin/);
  });
});
