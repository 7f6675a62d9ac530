/**
 * gifthorse for VS Code: a thin client for the `gifthorse serve` language server.
 *
 * All analysis happens in the server; this file wires it into the editor: the commands, the
 * status bar count, and settings changes (launch settings restart the server, analysis settings
 * are re-sent to it).
 */
import * as vscode from "vscode";

import { ServerManager } from "./server";
import { StatusItem } from "./status";

let manager: ServerManager | undefined;

/** The ranges "Mark as reviewed" applies to: the selections, or the whole file when none. */
export function reviewRanges(selections: readonly vscode.Selection[]): (vscode.Range | undefined)[] {
  const nonEmpty = selections.filter((selection) => !selection.isEmpty);
  return nonEmpty.length > 0 ? nonEmpty.map((s) => new vscode.Range(s.start, s.end)) : [undefined];
}

async function markAsReviewed(servers: ServerManager): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== "python") {
    void vscode.window.showInformationMessage("gifthorse: open a Python file to mark its code as reviewed.");
    return;
  }
  if (servers.running === undefined) {
    void vscode.window.showWarningMessage(
      'gifthorse: the language server is not running; run "gifthorse: Restart server" first.',
    );
    return;
  }
  for (const range of reviewRanges(editor.selections)) {
    await servers.markReviewed(editor.document.uri, range);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("gifthorse");
  const status = new StatusItem();
  const servers = new ServerManager(output, (state) => status.setState(state));
  manager = servers;
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("gifthorse.markAsReviewed", () => markAsReviewed(servers)),
    vscode.commands.registerCommand("gifthorse.restartServer", () => servers.restart()),
    vscode.commands.registerCommand("gifthorse.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("gifthorse.server")) {
        output.appendLine("[gifthorse] launch settings changed; restarting the server");
        await servers.restart();
      } else if (event.affectsConfiguration("gifthorse")) {
        await servers.settingsChanged();
      }
    }),
    { dispose: () => void servers.dispose() },
  );
  await servers.start();
}

export async function deactivate(): Promise<void> {
  const servers = manager;
  manager = undefined;
  await servers?.stop();
}
