// Loads editors/vscode/extension.js under Node with stand-ins for the `vscode` API and for
// vscode-languageclient (neither can be installed here), and checks what the extension does:
// it starts `<anno.serverPath> lsp` for anno documents, and the server it starts answers
// `initialize`; a missing binary gives a clear error pointing at the setting; changing the
// setting restarts the server.
// Usage: node extension.test.js /path/to/anno
'use strict';

const Module = require('module');
const path = require('path');
const fs = require('fs');
const os = require('os');
const { spawn } = require('child_process');

const annoBin = path.resolve(process.argv[2] || process.env.ANNO_BIN || '');
const extensionPath = path.resolve(__dirname, '..', '..', 'vscode', 'extension.js');
let passed = 0;
let failed = 0;
function check(ok, name, detail) {
  if (ok) { passed++; console.log(`ok - vscode-client: ${name}`); }
  else { failed++; console.log(`not ok - vscode-client: ${name}${detail ? ': ' + detail : ''}`); }
}

// --- stand-ins -----------------------------------------------------------------------------
const log = { errors: [], clients: [], commands: {}, configListeners: [] };
let settings = {};

/** Speaks just enough LSP to start the real server and ask it to initialize. */
function initializeServer(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => { child.kill(); reject(new Error('no initialize response in 10 s')); }, 10000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.stdin.on('error', (e) => { clearTimeout(timer); reject(new Error(`the server closed its input: ${e.message}`)); });
    child.on('exit', (code) => { clearTimeout(timer); if (!log.lastCapabilities) reject(new Error(`the server exited with ${code} before answering initialize`)); });
    const send = (msg) => {
      const body = Buffer.from(JSON.stringify(msg), 'utf8');
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    child.stdout.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const headerEnd = buf.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const m = /content-length:\s*(\d+)/i.exec(buf.slice(0, headerEnd).toString());
        const len = m ? Number(m[1]) : 0;
        if (buf.length < headerEnd + 4 + len) return;
        const msg = JSON.parse(buf.slice(headerEnd + 4, headerEnd + 4 + len).toString('utf8'));
        buf = buf.slice(headerEnd + 4 + len);
        if (msg.id === 1) {
          send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
        } else if (msg.id === 2) {
          send({ jsonrpc: '2.0', method: 'exit' });
          clearTimeout(timer);
          child.on('exit', (code) => resolve({ capabilities: log.lastCapabilities, exitCode: code }));
        }
        if (msg.id === 1) log.lastCapabilities = msg.result && msg.result.capabilities;
      }
    });
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  });
}

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, state: 1, started: false });
    log.clients.push(this);
  }
  async start() {
    this.started = true;
    try {
      this.initialized = await initializeServer(this.serverOptions.command, this.serverOptions.args);
    } catch (e) {
      this.initialized = { error: e.message };
    }
    this.state = 2;
  }
  async stop() { this.state = 1; this.stopped = true; }
}

const vscodeStub = {
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: (section) => ({
      get: (key, dflt) => (settings[`${section}.${key}`] !== undefined ? settings[`${section}.${key}`] : dflt),
    }),
    onDidChangeConfiguration: (fn) => { log.configListeners.push(fn); return { dispose() {} }; },
  },
  window: {
    createOutputChannel: () => ({ appendLine() {}, show() {}, dispose() {} }),
    showErrorMessage: async (msg) => { log.errors.push(msg); return undefined; },
  },
  commands: {
    registerCommand: (name, fn) => { log.commands[name] = fn; return { dispose() {} }; },
    executeCommand: async () => undefined,
  },
};

const realResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'vscode' || request === 'vscode-languageclient/node') return request;
  return realResolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscodeStub };
require.cache['vscode-languageclient/node'] = {
  id: 'vscode-languageclient/node', filename: 'vscode-languageclient/node', loaded: true,
  exports: { LanguageClient, State: { Stopped: 1, Running: 2, Starting: 3 } },
};

// --- checks ----------------------------------------------------------------------------------
async function main() {
  const ext = require(extensionPath);
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(extensionPath), 'package.json'), 'utf8'));
  check(path.resolve(path.dirname(extensionPath), pkg.main) === extensionPath, 'package.json "main" is extension.js');

  // 1. A missing binary: a clear error naming the setting, and no client.
  settings = { 'anno.serverPath': 'anno-binary-that-does-not-exist' };
  const context = { subscriptions: [] };
  await ext.activate(context);
  check(log.clients.length === 0, 'no client is started when the binary is missing');
  const err = log.errors[0] || '';
  check(/cannot find/.test(err) && err.includes('anno.serverPath') && err.includes('anno-binary-that-does-not-exist'),
    'a missing binary gives a clear error naming anno.serverPath', JSON.stringify(err));
  check(typeof log.commands['anno.restartServer'] === 'function', 'the command anno.restartServer is registered');

  // 2. The setting changes to the real binary: the client restarts with `<path> lsp`.
  settings = { 'anno.serverPath': annoBin, 'anno.catalogues': ['extra.json'] };
  for (const fn of log.configListeners) fn({ affectsConfiguration: (s) => s === 'anno.serverPath' });
  for (let i = 0; i < 200 && !(log.clients[0] && log.clients[0].state === 2); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const client = log.clients[0];
  check(client && client.id === 'anno', 'changing anno.serverPath starts a client with id "anno" (so anno.trace.server applies)');
  if (client) {
    check(client.serverOptions.command === annoBin && JSON.stringify(client.serverOptions.args) === '["lsp"]',
      'the client runs "<anno.serverPath> lsp"', JSON.stringify(client.serverOptions));
    const selector = client.clientOptions.documentSelector || [];
    check(selector.some((s) => s.language === 'anno' && s.scheme === 'file'), 'the document selector is language anno');
    check(JSON.stringify(client.clientOptions.initializationOptions) === '{"catalogues":["extra.json"]}'
      && client.clientOptions.synchronize.configurationSection === 'anno',
    'anno.catalogues goes to initializationOptions, and the anno section is synchronized',
    JSON.stringify(client.clientOptions.initializationOptions));
    const caps = client.initialized && client.initialized.capabilities;
    check(!!caps && !!caps.completionProvider && !!caps.hoverProvider,
      'the server it starts answers initialize with completion and hover',
      JSON.stringify(caps || (client.initialized && client.initialized.error)));
    check(client.initialized && client.initialized.exitCode === 0, 'the server exits 0 after shutdown and exit',
      String(client.initialized && client.initialized.exitCode));
  }

  // 3. A bare name is looked up in PATH; ~ and relative paths are resolved.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anno-vscode-'));
  const fake = path.join(dir, 'anno');
  fs.writeFileSync(fake, '#!/bin/sh\n');
  fs.chmodSync(fake, 0o755);
  check(ext.resolveExecutable('anno', { PATH: `/nonexistent${path.delimiter}${dir}` }, 'linux') === fake,
    'a bare "anno" is found in PATH');
  check(ext.resolveExecutable('anno', { PATH: '/nonexistent' }, 'linux') === undefined, 'nothing in PATH gives undefined');
  fs.writeFileSync(path.join(dir, 'not-exec'), '');
  check(ext.resolveExecutable(path.join(dir, 'not-exec'), {}, 'linux') === undefined, 'a file that is not executable is refused');
  await ext.deactivate();
  check(client && client.stopped === true, 'deactivate stops the client');
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => { check(false, 'test script error', e && e.stack); }).finally(() => {
  console.log(`vscode-client: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
});
