import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import {
  ANALYSIS_SETTING_KEYS,
  ConfigurationReader,
  SettingInspection,
  answerConfiguration,
  explicitAnalysisSettings,
} from "../src/settings";

interface Contributed {
  type?: string | string[];
  default?: unknown;
  enum?: string[];
  description?: string;
  markdownDescription?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
  contributes: { configuration: { properties: Record<string, Contributed> } };
};
const properties = manifest.contributes.configuration.properties;

/** A configuration whose explicit values are `explicit` and whose defaults come from package.json. */
function reader(explicit: Record<string, unknown>, where: keyof SettingInspection = "globalValue"): ConfigurationReader {
  return {
    get<T>(key: string): T | undefined {
      return (key in explicit ? explicit[key] : properties[`gifthorse.${key}`]?.default) as T | undefined;
    },
    inspect(key: string): SettingInspection {
      return key in explicit ? { [where]: explicit[key] } : {};
    },
  };
}

describe("settings: the contributed configuration", () => {
  it("contributes every analysis setting with a description and a default", () => {
    for (const key of ANALYSIS_SETTING_KEYS) {
      const property = properties[`gifthorse.${key}`];
      assert.ok(property !== undefined, `gifthorse.${key} is not contributed`);
      assert.ok((property.markdownDescription ?? property.description ?? "").length > 20, `${key} lacks a description`);
      assert.ok("default" in property, `${key} lacks a default`);
    }
  });

  it("declares the DESIGN §9 defaults and enums", () => {
    assert.deepStrictEqual(properties["gifthorse.scope"].enum, ["fresh", "all"]);
    assert.strictEqual(properties["gifthorse.scope"].default, "fresh");
    assert.deepStrictEqual(properties["gifthorse.baseline"].enum, ["git", "open"]);
    assert.strictEqual(properties["gifthorse.baseline"].default, "git");
    assert.strictEqual(properties["gifthorse.insertionMinLines"].default, 2);
    assert.strictEqual(properties["gifthorse.insertionMinChars"].default, 40);
    assert.strictEqual(properties["gifthorse.reviewOnSave"].default, false);
    assert.strictEqual(properties["gifthorse.indexUrl"].default, null, "no network unless asked for");
  });

  it("contributes the launch settings under gifthorse.server", () => {
    assert.deepStrictEqual(properties["gifthorse.server.command"].default, []);
    assert.strictEqual(properties["gifthorse.server.python"].default, "");
  });
});

describe("settings: what the server receives", () => {
  it("sends nothing when the user set nothing, so [tool.gifthorse] keeps its say", () => {
    assert.deepStrictEqual(explicitAnalysisSettings(reader({})), {});
  });

  it("sends explicit values from any scope, including values equal to the default", () => {
    const settings = explicitAnalysisSettings(
      reader({ scope: "fresh", select: ["GH1"], severity: { GH100: "warning" }, insertionMinLines: 5 }, "workspaceFolderValue"),
    );
    assert.deepStrictEqual(settings, {
      select: ["GH1"],
      severity: { GH100: "warning" },
      scope: "fresh",
      insertionMinLines: 5,
    });
  });

  it("never sends the client-side keys, and treats null or empty strings as unset", () => {
    const settings = explicitAnalysisSettings(
      reader({ server: { command: ["x"] }, trace: { server: "verbose" }, python: "", indexUrl: null, reviewOnSave: true }),
    );
    assert.deepStrictEqual(settings, { reviewOnSave: true });
  });

  it("answers workspace/configuration per scope for the gifthorse section only", () => {
    const scopes: (string | undefined)[] = [];
    const answer = answerConfiguration(
      [{ section: "gifthorse", scopeUri: "file:///ws/a.py" }, { section: "python" }, { section: "gifthorse" }],
      [{ everything: true }, { python: "defaults" }, { everything: true }],
      (scopeUri) => {
        scopes.push(scopeUri);
        return reader({ scope: "all", server: { python: "/x" } });
      },
    );
    assert.deepStrictEqual(answer, [{ scope: "all" }, { python: "defaults" }, { scope: "all" }]);
    assert.deepStrictEqual(scopes, ["file:///ws/a.py", undefined]);
  });

  it("passes an error from the default handler through", () => {
    const error = { code: -32603, message: "boom" };
    assert.strictEqual(answerConfiguration([{ section: "gifthorse" }], error, () => reader({})), error);
  });
});

describe("settings: launch settings and workspace trust", () => {
  it("ignores a workspace's choice of server program until the workspace is trusted", () => {
    const capabilities = (
      JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
        capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
      }
    ).capabilities;
    assert.strictEqual(capabilities.untrustedWorkspaces.supported, "limited");
    // every setting that names a program the extension runs
    assert.deepStrictEqual([...capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), [
      "gifthorse.python",
      "gifthorse.server.command",
      "gifthorse.server.python",
    ]);
  });
});
