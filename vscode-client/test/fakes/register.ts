/**
 * Routes `require("vscode")` and `require("vscode-languageclient/node")` to the fakes, so that the
 * extension's compiled modules load unchanged under mocha, outside an editor.
 */
import Module from "module";
import * as path from "path";

const fakes: Record<string, string> = {
  vscode: path.join(__dirname, "vscode.js"),
  "vscode-languageclient/node": path.join(__dirname, "languageclient.js"),
};

type Resolver = (request: string, ...rest: unknown[]) => string;
const internals = Module as unknown as { _resolveFilename: Resolver };
const original = internals._resolveFilename;
internals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  return fakes[request] ?? original.call(this, request, ...rest);
};
