/**
 * The status bar item: how many risky findings sit in the fresh code of the active file.
 *
 * Hints are not counted: with `scope = "all"` the server reports findings in old code as hints,
 * and those are context, not something that just arrived and needs a look.
 */
import * as vscode from "vscode";

export const DIAGNOSTIC_SOURCE = "gifthorse";

/** The server's lifecycle as the status item shows it. */
export type ServerState = "starting" | "running" | "failed" | "stopped";

export function countRiskyFindings(diagnostics: readonly vscode.Diagnostic[]): number {
  return diagnostics.filter(
    (diagnostic) =>
      diagnostic.source === DIAGNOSTIC_SOURCE &&
      diagnostic.severity !== vscode.DiagnosticSeverity.Hint,
  ).length;
}

export interface StatusView {
  text: string;
  tooltip: string;
  command: string;
  warning: boolean;
}

/** Pure: what the item says for a state, a count and a file name. */
export function statusView(state: ServerState, count: number, fileName: string): StatusView {
  if (state === "starting") {
    return {
      text: "$(sync~spin) gifthorse",
      tooltip: "gifthorse: starting the language server",
      command: "gifthorse.showOutput",
      warning: false,
    };
  }
  if (state === "failed" || state === "stopped") {
    return {
      text: "$(error) gifthorse",
      tooltip:
        state === "failed"
          ? "gifthorse: the language server is not running. Click to see its output."
          : "gifthorse: the language server is stopped. Click to see its output.",
      command: "gifthorse.showOutput",
      warning: true,
    };
  }
  const findings = count === 1 ? "1 risky finding" : `${count} risky findings`;
  return {
    text: count > 0 ? `$(warning) gifthorse ${count}` : "$(shield) gifthorse 0",
    tooltip: `gifthorse: ${findings} in fresh code of ${fileName}. Click to open the Problems view.`,
    command: "workbench.actions.view.problems",
    warning: count > 0,
  };
}

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = "starting";

  constructor() {
    this.item = vscode.window.createStatusBarItem("gifthorse.status", vscode.StatusBarAlignment.Left, 50);
    this.item.name = "gifthorse";
    this.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
    );
    this.refresh();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.refresh();
  }

  refresh(): void {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || editor.document.languageId !== "python") {
      this.item.hide();
      return;
    }
    const document = editor.document;
    const count = countRiskyFindings(vscode.languages.getDiagnostics(document.uri));
    const fileName = document.uri.path.split("/").pop() ?? document.uri.path;
    const view = statusView(this.state, count, fileName);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.warning
      ? new vscode.ThemeColor("statusBarItem.warningBackground")
      : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.item.dispose();
  }
}
