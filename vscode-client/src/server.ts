/**
 * Starting, restarting and stopping the gifthorse language server.
 *
 * The server is spawned by us rather than by vscode-languageclient so that a failed start can be
 * explained: we see the spawn error (command not found) and the last line the process wrote
 * before it exited (`No module named gifthorse`). Each candidate command is tried in turn, and
 * when none starts the user gets exactly one notification that says what was tried and how to
 * fix it, instead of the library's stack of "couldn't create connection" errors.
 */
import { ChildProcess, spawn } from "child_process";
import * as vscode from "vscode";
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  State,
} from "vscode-languageclient/node";

import {
  LaunchAttempt,
  LaunchCandidate,
  displayCommand,
  failureMessage,
  lastErrorLine,
  launchCandidates,
} from "./launch";
import { answerConfiguration, explicitAnalysisSettings } from "./settings";
import { ServerState } from "./status";

/** The dependency manifests the server analyses (see the server's manifests.py). */
export const MANIFEST_PATTERN =
  "**/{requirements*.txt,*requirements.txt,constraints*.txt,pyproject.toml,setup.cfg}";

export const SERVER_COMMAND_MARK_REVIEWED = "gifthorse.markReviewed";

/** How long a server may take to answer `initialize` before it counts as failed. */
const START_TIMEOUT_MS = 30_000;
/** Crashes tolerated within CRASH_WINDOW_MS before we stop restarting. */
const MAX_RESTARTS = 4;
const CRASH_WINDOW_MS = 3 * 60_000;

/** A spawned server process and what it said on stderr, for the failure message. */
class ServerProcess {
  stderr = "";
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.stderr?.on("data", (chunk: Buffer | string) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    // An 'error' without a listener would crash the extension host.
    child.on("error", () => undefined);
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
    });
  }

  static spawn(candidate: LaunchCandidate, cwd: string | undefined): Promise<ServerProcess> {
    return new Promise((resolve, reject) => {
      const child = spawn(candidate.command, [...candidate.args, "--stdio"], {
        cwd,
        env: process.env,
        stdio: "pipe",
      });
      const server = new ServerProcess(child);
      child.once("spawn", () => resolve(server));
      child.once("error", reject);
    });
  }

  kill(): void {
    if (this.exit === undefined) {
      this.child.kill();
    }
  }
}

/** The library's own notifications are silenced while starting: `ServerManager` explains. */
class GifthorseClient extends LanguageClient {
  starting = true;

  override error(message: string, data?: unknown, showNotification: boolean | "force" = true): void {
    super.error(message, data, this.starting ? false : showNotification);
  }
}

/** Why a candidate did not start, in words a user can act on. */
export function explainSpawnError(candidate: LaunchCandidate, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") {
    return `${candidate.command} was not found`;
  }
  if (code === "EACCES") {
    return `${candidate.command} is not executable`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function explainEarlyExit(
  exit: { code: number | null; signal: NodeJS.Signals | null },
  stderr: string,
): string {
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const said = lastErrorLine(stderr);
  return said === undefined ? how : `${how}: ${said}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref?.());
}

export class ServerManager implements vscode.Disposable {
  private client: GifthorseClient | undefined;
  private process: ServerProcess | undefined;
  private crashes: number[] = [];
  private stopping = false;
  /** Starts, stops and restarts run one at a time: a settings change during a start waits. */
  private lifecycle: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly onState: (state: ServerState) => void,
  ) {}

  get running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.lifecycle.then(work, work);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  /** Tries each candidate command; returns whether one of them started. */
  start(): Promise<boolean> {
    return this.serialize(() => this.startNow());
  }

  stop(): Promise<void> {
    return this.serialize(() => this.stopNow());
  }

  restart(): Promise<boolean> {
    return this.serialize(async () => {
      await this.stopNow();
      return this.startNow();
    });
  }

  private async startNow(): Promise<boolean> {
    this.onState("starting");
    const gifthorse = vscode.workspace.getConfiguration("gifthorse");
    const candidates = launchCandidates(
      {
        command: gifthorse.get("server.command"),
        serverPython: gifthorse.get("server.python"),
        workspacePython: gifthorse.get("python"),
      },
      { platform: process.platform, env: process.env },
    );
    const attempts: LaunchAttempt[] = [];
    for (const candidate of candidates) {
      if (candidate.unavailable !== undefined) {
        this.output.appendLine(`[gifthorse] skipped "${displayCommand(candidate)}": ${candidate.unavailable}`);
        attempts.push({ candidate, reason: candidate.unavailable });
        continue;
      }
      const reason = await this.tryStart(candidate);
      if (reason === undefined) {
        this.onState("running");
        return true;
      }
      this.output.appendLine(`[gifthorse] "${displayCommand(candidate)}" did not start: ${reason}`);
      attempts.push({ candidate, reason });
    }
    this.onState("failed");
    const message = failureMessage(attempts);
    this.output.appendLine(`[gifthorse] ${message}`);
    void vscode.window.showErrorMessage(message, "Open Settings", "Show Output").then((choice) => {
      if (choice === "Open Settings") {
        void vscode.commands.executeCommand("workbench.action.openSettings", "gifthorse.server");
      } else if (choice === "Show Output") {
        this.output.show(true);
      }
    });
    return false;
  }

  /** Starts one candidate; `undefined` on success, else why it failed. */
  private async tryStart(candidate: LaunchCandidate): Promise<string | undefined> {
    this.output.appendLine(`[gifthorse] starting "${displayCommand(candidate)}" (from ${candidate.origin})`);
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    let spawned: ServerProcess | undefined;
    let spawnError: unknown;
    const client = new GifthorseClient(
      "gifthorse",
      "gifthorse",
      async () => {
        try {
          spawned = await ServerProcess.spawn(candidate, cwd);
        } catch (error) {
          spawnError = error;
          throw error;
        }
        if (this.client === client) {
          // a restart after a crash: the new process replaces the dead one
          this.process = spawned;
        }
        return spawned.child;
      },
      this.clientOptions(),
    );
    try {
      await Promise.race([
        client.start(),
        timeout(START_TIMEOUT_MS, `no answer to initialize within ${START_TIMEOUT_MS / 1000} s`),
      ]);
    } catch (error) {
      let reason: string;
      if (spawnError !== undefined || spawned === undefined) {
        reason = explainSpawnError(candidate, spawnError ?? error);
      } else {
        // The exit status usually lands a moment after the broken connection.
        await Promise.race([spawned.exited, delay(1000)]);
        reason =
          spawned.exit !== undefined
            ? explainEarlyExit(spawned.exit, spawned.stderr)
            : `did not complete the LSP handshake (${error instanceof Error ? error.message : String(error)})`;
      }
      await client.dispose(2000).catch(() => undefined);
      spawned?.kill();
      return reason;
    }
    client.starting = false;
    this.client = client;
    this.process = spawned;
    this.crashes = [];
    client.onDidChangeState((event) => {
      if (event.newState === State.Stopped && !this.stopping && this.client === client) {
        this.onState("stopped");
      } else if (event.newState === State.Running && this.client === client) {
        this.onState("running");
      }
    });
    return undefined;
  }

  private async stopNow(): Promise<void> {
    const client = this.client;
    const spawned = this.process;
    this.client = undefined;
    this.process = undefined;
    if (client === undefined) {
      return;
    }
    this.stopping = true;
    try {
      await client.dispose(3000);
    } catch (error) {
      this.output.appendLine(`[gifthorse] stopping the server: ${String(error)}`);
    } finally {
      this.stopping = false;
      spawned?.kill();
    }
  }

  /** Tells a running server that its settings changed; it pulls them again if it wants to. */
  async settingsChanged(): Promise<void> {
    const client = this.running;
    if (client === undefined) {
      return;
    }
    const settings = explicitAnalysisSettings(vscode.workspace.getConfiguration("gifthorse"));
    await client.sendNotification("workspace/didChangeConfiguration", { settings: { gifthorse: settings } });
  }

  /** Runs the server's `gifthorse.markReviewed` for a document and, optionally, a range. */
  async markReviewed(uri: vscode.Uri, range: vscode.Range | undefined): Promise<boolean> {
    const client = this.running;
    if (client === undefined) {
      return false;
    }
    const args: unknown[] = [uri.toString()];
    if (range !== undefined) {
      args.push({
        start: { line: range.start.line, character: range.start.character },
        end: { line: range.end.line, character: range.end.character },
      });
    }
    await client.sendRequest("workspace/executeCommand", {
      command: SERVER_COMMAND_MARK_REVIEWED,
      arguments: args,
    });
    return true;
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: [
        { scheme: "file", language: "python" },
        { scheme: "untitled", language: "python" },
        // dependency manifests: the server checks their fresh entries (whatever language
        // the editor gave them: pip-requirements, toml, ini or plaintext)
        { scheme: "file", pattern: MANIFEST_PATTERN },
      ],
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      // A failed initialize is reported by start(), once, with what was tried.
      initializationFailedHandler: () => false,
      errorHandler: {
        error: (_error, _message, count): ErrorHandlerResult => ({
          action: count !== undefined && count > 3 ? ErrorAction.Shutdown : ErrorAction.Continue,
          handled: true,
        }),
        closed: (): CloseHandlerResult => this.serverClosed(),
      },
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const defaults = await next(params, token);
            return answerConfiguration(params.items, defaults, (scopeUri) =>
              vscode.workspace.getConfiguration(
                "gifthorse",
                scopeUri === undefined ? undefined : vscode.Uri.parse(scopeUri),
              ),
            );
          },
          // Our own didChangeConfiguration (settingsChanged) carries only the explicit analysis
          // settings; the library's would send every default and the client-side keys.
          didChangeConfiguration: () => Promise.resolve(),
        },
      },
    };
  }

  /** After a crash: restart a few times, then say so once and stay down. */
  private serverClosed(): CloseHandlerResult {
    if (this.client === undefined || this.stopping) {
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((time) => now - time < CRASH_WINDOW_MS), now];
    if (this.crashes.length <= MAX_RESTARTS) {
      this.output.appendLine("[gifthorse] the server stopped unexpectedly; restarting it");
      return { action: CloseAction.Restart, handled: true };
    }
    this.onState("failed");
    return {
      action: CloseAction.DoNotRestart,
      message:
        `gifthorse: the language server stopped ${this.crashes.length} times in 3 minutes and was not ` +
        'restarted. Its output ("gifthorse: Show output") says why; "gifthorse: Restart server" tries again.',
    };
  }

  async dispose(): Promise<void> {
    await this.stop();
  }
}
