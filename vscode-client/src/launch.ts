/**
 * Which command starts the server, and how to explain it when none does.
 *
 * Kept free of the `vscode` API so that the decisions a user can get wrong (a bad setting, an
 * interpreter without gifthorse, nothing on PATH) are unit-tested without an editor.
 */
import * as fs from "fs";
import * as path from "path";

/** One way of starting the server; `--stdio` is appended when it is spawned. */
export interface LaunchCandidate {
  command: string;
  args: string[];
  /** Where this candidate came from, for the failure notification. */
  origin: string;
  /** Set when it is known not to work without spawning it (e.g. not on PATH). */
  unavailable?: string;
}

/** A candidate that was tried, and why it did not work. */
export interface LaunchAttempt {
  candidate: LaunchCandidate;
  reason: string;
}

export interface LaunchSettings {
  /** `gifthorse.server.command`: argv (an array, or a string split on whitespace). */
  command: unknown;
  /** `gifthorse.server.python` */
  serverPython: unknown;
  /** `gifthorse.python`: the workspace interpreter, a sensible place to find gifthorse too. */
  workspacePython: unknown;
}

export interface LaunchEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Resolves a bare command name on PATH; injectable for tests. */
  which?: (name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform) => string | undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** `gifthorse.server.command` as argv; `undefined` when it is unset or unusable. */
export function commandArgv(value: unknown): string[] | undefined {
  if (typeof value === "string") {
    const argv = value.trim().split(/\s+/).filter((part) => part !== "");
    return argv.length > 0 ? argv : undefined;
  }
  if (Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === "string")) {
    const argv = value.filter((part) => part !== "");
    return argv.length > 0 ? argv : undefined;
  }
  return undefined;
}

/** The interpreter for the `python -m gifthorse.server` fallback. */
export function pythonFor(settings: LaunchSettings, platform: NodeJS.Platform): string {
  return (
    nonEmptyString(settings.serverPython) ??
    nonEmptyString(settings.workspacePython) ??
    (platform === "win32" ? "python" : "python3")
  );
}

/** Finds an executable on PATH the way a shell would (PATHEXT on Windows). */
export function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): string | undefined {
  const pathVar = env.PATH ?? env.Path ?? "";
  const separator = platform === "win32" ? ";" : ":";
  const extensions =
    platform === "win32" ? (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";") : [""];
  for (const dir of pathVar.split(separator)) {
    if (dir === "") {
      continue;
    }
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension.toLowerCase());
      try {
        fs.accessSync(candidate, platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) {
          return candidate;
        }
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/**
 * The commands to try, in order. An explicit `gifthorse.server.command` is the only candidate:
 * a user who set it wants exactly that, and silently running something else would hide a typo.
 */
export function launchCandidates(settings: LaunchSettings, environment: LaunchEnvironment): LaunchCandidate[] {
  const explicit = commandArgv(settings.command);
  if (explicit !== undefined) {
    const [command, ...args] = explicit;
    return [{ command, args, origin: "the gifthorse.server.command setting" }];
  }
  const which = environment.which ?? findOnPath;
  const candidates: LaunchCandidate[] = [];
  const onPath = which("gifthorse", environment.env, environment.platform);
  candidates.push({
    command: onPath ?? "gifthorse",
    args: ["serve"],
    origin: "PATH",
    ...(onPath === undefined ? { unavailable: "no gifthorse executable on PATH" } : {}),
  });
  candidates.push({
    command: pythonFor(settings, environment.platform),
    args: ["-m", "gifthorse.server"],
    origin: "the fallback with gifthorse.server.python",
  });
  return candidates;
}

/** The command line as a user would type it. */
export function displayCommand(candidate: LaunchCandidate): string {
  const quote = (part: string): string => (/[\s"']/.test(part) ? JSON.stringify(part) : part);
  return [candidate.command, ...candidate.args, "--stdio"].map(quote).join(" ");
}

/** The last meaningful line a failed server wrote (e.g. `No module named gifthorse`). */
export function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return lines.length > 0 ? lines[lines.length - 1] : undefined;
}

/**
 * The one notification shown when no candidate started: what was tried, why each failed, and
 * the two ways to fix it. Plain text: notifications do not render Markdown.
 */
export function failureMessage(attempts: LaunchAttempt[]): string {
  const tried = attempts
    .map((attempt, index) => `(${index + 1}) "${displayCommand(attempt.candidate)}": ${attempt.reason}`)
    .join("; ");
  const explicit = attempts.some((attempt) => attempt.candidate.origin.includes("server.command"));
  const fix = explicit
    ? "Fix the gifthorse.server.command setting, or clear it to let gifthorse look on PATH."
    : 'Install it into the Python environment you use ("pip install gifthorse"), ' +
      "or point gifthorse.server.python (or gifthorse.server.command) at an environment that has it.";
  return `gifthorse: the language server could not be started. Tried ${tried}. ${fix}`;
}
