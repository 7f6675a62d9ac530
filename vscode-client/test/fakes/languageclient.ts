/**
 * A stand-in for `vscode-languageclient/node` that spawns the server for real (through the
 * extension's ServerOptions function) but fakes the LSP handshake: a process still alive after
 * `handshakeMs` counts as initialized, one that exits before counts as a failed start, as in the
 * real client. Requests and notifications are recorded for assertions.
 */
import type { ChildProcess } from "child_process";

export enum State {
  Stopped = 1,
  Running = 2,
  Starting = 3,
}
export enum CloseAction {
  DoNotRestart = 1,
  Restart = 2,
}
export enum ErrorAction {
  Continue = 1,
  Shutdown = 2,
}
export enum RevealOutputChannelOn {
  Debug = 0,
  Info = 1,
  Warn = 2,
  Error = 3,
  Never = 4,
}
export enum TransportKind {
  stdio = 0,
}

export interface CloseHandlerResult {
  action: CloseAction;
  message?: string;
  handled?: boolean;
}
export interface ErrorHandlerResult {
  action: ErrorAction;
  message?: string;
  handled?: boolean;
}
export type ServerOptions = () => Promise<ChildProcess>;
export interface LanguageClientOptions {
  [key: string]: unknown;
}

export const fake = {
  handshakeMs: 200,
  instances: [] as LanguageClient[],
  reset(): void {
    this.handshakeMs = 200;
    this.instances.length = 0;
  },
};

export class LanguageClient {
  state = State.Stopped;
  process: ChildProcess | undefined;
  readonly requests: { method: string; params: unknown }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly errors: { message: string; showNotification: unknown }[] = [];
  private stateListeners: ((event: { oldState: State; newState: State }) => void)[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
    readonly serverOptions: ServerOptions,
    readonly clientOptions: LanguageClientOptions,
  ) {
    fake.instances.push(this);
  }

  private setState(newState: State): void {
    const oldState = this.state;
    this.state = newState;
    for (const listener of this.stateListeners) {
      listener({ oldState, newState });
    }
  }

  onDidChangeState(listener: (event: { oldState: State; newState: State }) => void): { dispose(): void } {
    this.stateListeners.push(listener);
    return { dispose: () => undefined };
  }

  error(message: string, _data?: unknown, showNotification: boolean | "force" = true): void {
    this.errors.push({ message, showNotification });
  }

  async start(): Promise<void> {
    this.setState(State.Starting);
    try {
      this.process = await this.serverOptions();
    } catch (error) {
      this.error("couldn't create connection to server.", error, "force");
      this.setState(State.Stopped);
      throw error;
    }
    const child = this.process;
    const exited = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), fake.handshakeMs);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (exited) {
      this.error("couldn't create connection to server.", undefined, "force");
      this.setState(State.Stopped);
      throw new Error("Pending response rejected since connection got disposed");
    }
    this.setState(State.Running);
  }

  async sendRequest(method: string, params: unknown): Promise<null> {
    this.requests.push({ method, params });
    return Promise.resolve(null);
  }

  async sendNotification(method: string, params: unknown): Promise<void> {
    this.notifications.push({ method, params });
    return Promise.resolve();
  }

  async dispose(): Promise<void> {
    this.process?.kill();
    this.setState(State.Stopped);
    return Promise.resolve();
  }
}
