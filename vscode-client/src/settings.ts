/**
 * The analysis settings that travel to the server through `workspace/configuration`.
 *
 * Only values the user actually set are sent. The server merges what it receives over the
 * workspace's `[tool.gifthorse]`, so sending VS Code's defaults would silently override a
 * project's pyproject.toml. Launch settings (`gifthorse.server.*`) and `gifthorse.trace.*` are
 * client-side: the server reports unknown keys, so they are never sent.
 */

/** DESIGN §9: the keys shared by `[tool.gifthorse]` and the LSP `gifthorse` section. */
export const ANALYSIS_SETTING_KEYS = [
  "select",
  "ignore",
  "severity",
  "scope",
  "baseline",
  "insertionMinLines",
  "insertionMinChars",
  "reviewOnSave",
  "allowedHosts",
  "knownPackages",
  "python",
  "indexUrl",
] as const;

export type AnalysisSettingKey = (typeof ANALYSIS_SETTING_KEYS)[number];

/** Where a setting's value came from; the subset of `vscode.WorkspaceConfiguration.inspect`. */
export interface SettingInspection {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

/** The part of `vscode.WorkspaceConfiguration` these helpers need (and the tests fake). */
export interface ConfigurationReader {
  get<T>(key: string): T | undefined;
  inspect(key: string): SettingInspection | undefined;
}

function isExplicit(inspection: SettingInspection | undefined): boolean {
  if (inspection === undefined) {
    return false;
  }
  return [
    inspection.globalValue,
    inspection.workspaceValue,
    inspection.workspaceFolderValue,
    inspection.globalLanguageValue,
    inspection.workspaceLanguageValue,
    inspection.workspaceFolderLanguageValue,
  ].some((value) => value !== undefined);
}

/**
 * The user's explicit analysis settings, ready to answer `workspace/configuration` for the
 * `gifthorse` section. `null` and empty strings mean "unset" and are left out.
 */
export function explicitAnalysisSettings(config: ConfigurationReader): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of ANALYSIS_SETTING_KEYS) {
    if (!isExplicit(config.inspect(key))) {
      continue;
    }
    const value = config.get<unknown>(key);
    if (value === undefined || value === null || value === "") {
      continue;
    }
    settings[key] = value;
  }
  return settings;
}

/** One item of a `workspace/configuration` request. */
export interface ConfigurationItem {
  section?: string;
  scopeUri?: string;
}

/**
 * Answers `workspace/configuration`: items for the `gifthorse` section get the explicit analysis
 * settings of their scope; any other section keeps the library's default answer.
 */
export function answerConfiguration<E>(
  items: readonly ConfigurationItem[],
  defaults: unknown[] | E,
  read: (scopeUri: string | undefined) => ConfigurationReader,
): unknown[] | E {
  if (!Array.isArray(defaults)) {
    return defaults; // an error from the default handler: pass it on
  }
  return items.map((item, index) =>
    item.section === "gifthorse" ? explicitAnalysisSettings(read(item.scopeUri)) : defaults[index],
  );
}
