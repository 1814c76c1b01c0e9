// Anno for VS Code: starts `anno lsp` for .anno notes through vscode-languageclient.
// Plain JavaScript (CommonJS) so the extension needs no build step: `npm install` then
// `npx vsce package` (see README.md).
'use strict';

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, State } = require('vscode-languageclient/node');

const SECTION = 'anno';
const OUTPUT_NAME = 'Anno Language Server';

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;

/**
 * Resolves the configured server command to an executable file, the way a shell would:
 * a path (absolute, `~/…`, or relative to the first workspace folder) is checked as is;
 * a bare name is looked up in PATH (with PATHEXT on Windows).
 * Returns the absolute path, or undefined when nothing executable is there.
 */
function resolveExecutable(command, env = process.env, platform = process.platform) {
  if (!command) return undefined;
  let candidate = command;
  if (candidate.startsWith('~/') || candidate === '~') {
    candidate = path.join(env.HOME || env.USERPROFILE || '', candidate.slice(1));
  }
  const exts = platform === 'win32'
    ? ['', ...(env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)]
    : [''];
  const isExecutable = (file) => {
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) return false;
      if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch (_) {
      return false;
    }
  };
  const hasSeparator = candidate.includes('/') || (platform === 'win32' && candidate.includes('\\'));
  if (hasSeparator || path.isAbsolute(candidate)) {
    let base = candidate;
    if (!path.isAbsolute(base)) {
      const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
      base = path.resolve(folder ? folder.uri.fsPath : process.cwd(), base);
    }
    return exts.map((e) => base + e).find(isExecutable);
  }
  const dirs = (env.PATH || env.Path || '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const found = exts.map((e) => path.join(dir, candidate + e)).find(isExecutable);
    if (found) return found;
  }
  return undefined;
}

function serverPathSetting() {
  return vscode.workspace.getConfiguration(SECTION).get('serverPath', 'anno') || 'anno';
}

async function reportMissingServer(configured) {
  const message =
    `Anno: cannot find the language server "${configured}". ` +
    'Build it with `swift build -c release` in the Anno checkout and put `.build/release/anno` ' +
    'on your PATH, or set "anno.serverPath" to the full path of the anno binary.';
  output.appendLine(message);
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Log');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'anno.serverPath');
  } else if (choice === 'Show Log') {
    output.show(true);
  }
}

async function startClient() {
  const configured = serverPathSetting();
  const command = resolveExecutable(configured);
  if (!command) {
    await reportMissingServer(configured);
    return;
  }
  /** @type {import('vscode-languageclient/node').ServerOptions} */
  const serverOptions = { command, args: ['lsp'] };
  /** @type {import('vscode-languageclient/node').LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'anno' },
      { scheme: 'untitled', language: 'anno' },
    ],
    outputChannel: output,
    // Extra catalogues from the settings; later changes reach the server as
    // workspace/didChangeConfiguration with {"anno": {...}} (spec/lsp.md).
    initializationOptions: {
      catalogues: vscode.workspace.getConfiguration(SECTION).get('catalogues', []),
    },
    synchronize: { configurationSection: SECTION },
    // anno.json and catalogue files are watched by the server itself through dynamic
    // registration of workspace/didChangeWatchedFiles, which this client supports.
  };
  // The id "anno" makes vscode-languageclient read the "anno.trace.server" setting.
  client = new LanguageClient('anno', 'Anno', serverOptions, clientOptions);
  try {
    await client.start();
    output.appendLine(`Anno: started ${command} lsp`);
  } catch (err) {
    const detail = err && err.message ? err.message : String(err);
    output.appendLine(`Anno: the language server failed to start: ${detail}`);
    vscode.window.showErrorMessage(
      `Anno: "${command} lsp" failed to start (${detail}). See the "${OUTPUT_NAME}" output for details.`);
    client = undefined;
  }
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running && running.state !== State.Stopped) {
    try {
      await running.stop();
    } catch (_) {
      // A server that already died cannot be stopped; nothing is left to clean up.
    }
  }
}

async function restartClient() {
  await stopClient();
  await startClient();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  output = vscode.window.createOutputChannel(OUTPUT_NAME);
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('anno.restartServer', restartClient),
    vscode.commands.registerCommand('anno.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('anno.serverPath')) restartClient();
    }),
  );
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate, resolveExecutable };
