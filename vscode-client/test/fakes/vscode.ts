/**
 * A small in-memory stand-in for the `vscode` API: just what the extension touches, with the
 * state (settings, diagnostics, notifications, commands) exposed for assertions.
 */

export type Listener<T> = (value: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  async fire(value: T): Promise<void> {
    for (const listener of [...this.listeners]) {
      await listener(value);
    }
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

export class Selection extends Range {}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(path: string): Uri {
    return new Uri("file", path);
  }
  static parse(value: string): Uri {
    const match = /^([a-z]+):\/\/(.*)$/.exec(value);
    return match === null ? new Uri("file", value) : new Uri(match[1], match[2]);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class Diagnostic {
  source?: string;
  code?: string;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export interface FakeStatusBarItem {
  id: string;
  name?: string;
  text: string;
  tooltip?: string;
  command?: string;
  backgroundColor?: ThemeColor;
  visible: boolean;
  show(): void;
  hide(): void;
  dispose(): void;
}

export interface FakeOutputChannel {
  name: string;
  lines: string[];
  shown: number;
  append(text: string): void;
  appendLine(text: string): void;
  show(preserveFocus?: boolean): void;
  dispose(): void;
}

export interface Notification {
  kind: "error" | "warning" | "information";
  message: string;
  items: string[];
}

/** Everything a test may set up or inspect; `reset()` restores a fresh editor. */
export const state = {
  /** full keys ("gifthorse.scope") → explicit (user/workspace) values */
  settings: new Map<string, unknown>(),
  /** full keys → contributed defaults, as package.json declares them */
  defaults: new Map<string, unknown>(),
  diagnostics: new Map<string, object[]>(),
  notifications: [] as Notification[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as { command: string; args: unknown[] }[],
  statusItems: [] as FakeStatusBarItem[],
  outputChannels: [] as FakeOutputChannel[],
  onDidChangeDiagnostics: new EventEmitter<unknown>(),
  onDidChangeActiveTextEditor: new EventEmitter<unknown>(),
  onDidChangeConfiguration: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  reset(): void {
    this.settings.clear();
    this.diagnostics.clear();
    this.notifications.length = 0;
    this.commands.clear();
    this.executed.length = 0;
    this.statusItems.length = 0;
    this.outputChannels.length = 0;
    window.activeTextEditor = undefined;
  },
};

function notify(kind: Notification["kind"]) {
  return (message: string, ...items: string[]): Promise<string | undefined> => {
    state.notifications.push({ kind, message, items });
    return Promise.resolve(undefined);
  };
}

export interface FakeEditor {
  document: { uri: Uri; languageId: string };
  selections: Selection[];
}

export const window = {
  activeTextEditor: undefined as FakeEditor | undefined,
  onDidChangeActiveTextEditor: state.onDidChangeActiveTextEditor.event,
  showErrorMessage: notify("error"),
  showWarningMessage: notify("warning"),
  showInformationMessage: notify("information"),
  createOutputChannel(name: string): FakeOutputChannel {
    const channel: FakeOutputChannel = {
      name,
      lines: [],
      shown: 0,
      append(text: string) {
        this.lines.push(text);
      },
      appendLine(text: string) {
        this.lines.push(text);
      },
      show() {
        this.shown += 1;
      },
      dispose() {},
    };
    state.outputChannels.push(channel);
    return channel;
  },
  createStatusBarItem(id: string): FakeStatusBarItem {
    const item: FakeStatusBarItem = {
      id,
      text: "",
      visible: false,
      show() {
        this.visible = true;
      },
      hide() {
        this.visible = false;
      },
      dispose() {
        this.visible = false;
      },
    };
    state.statusItems.push(item);
    return item;
  },
};

function inspectionFor(key: string): { defaultValue?: unknown; globalValue?: unknown } {
  return state.settings.has(key)
    ? { defaultValue: state.defaults.get(key), globalValue: state.settings.get(key) }
    : { defaultValue: state.defaults.get(key) };
}

export const workspace = {
  workspaceFolders: [{ uri: Uri.file(process.cwd()), name: "workspace", index: 0 }],
  onDidChangeConfiguration: state.onDidChangeConfiguration.event,
  getConfiguration(section: string) {
    const full = (key: string): string => `${section}.${key}`;
    return {
      get<T>(key: string, fallback?: T): T | undefined {
        const k = full(key);
        if (state.settings.has(k)) {
          return state.settings.get(k) as T;
        }
        return state.defaults.has(k) ? (state.defaults.get(k) as T) : fallback;
      },
      inspect(key: string) {
        return inspectionFor(full(key));
      },
    };
  },
};

export const languages = {
  onDidChangeDiagnostics: state.onDidChangeDiagnostics.event,
  getDiagnostics(uri: Uri): object[] {
    return state.diagnostics.get(uri.toString()) ?? [];
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): { dispose(): void } {
    if (state.commands.has(id)) {
      throw new Error(`command '${id}' already exists`);
    }
    state.commands.set(id, handler);
    return { dispose: () => state.commands.delete(id) };
  },
  executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    state.executed.push({ command: id, args });
    const handler = state.commands.get(id);
    return Promise.resolve(handler === undefined ? undefined : handler(...args));
  },
};
