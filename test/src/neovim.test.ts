import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from './support/cli';
import { FIXTURES, SERVER_BUNDLE } from './support/paths';

/**
 * A real LSP client nobody on the project wrote: Debian's neovim (0.7.2) runs headless with a
 * Lua init written here, starts the built server over stdio with its built-in client
 * (`vim.lsp.start_client` + `vim.lsp.buf_attach_client`), and writes what a user would see
 * (`vim.diagnostic.get()`, the hover's lines) to JSON files that the test waits for.
 */

const INIT_LUA = String.raw`
local cfg = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('UAPI_LINT_NVIM_CONFIG')), '\n'))
local out = cfg.out

-- write to a temporary name and rename: the test never reads half a file
local function write_json(name, value)
  local tmp = out .. '/' .. name .. '.tmp'
  vim.fn.writefile({ vim.fn.json_encode(value) }, tmp)
  vim.loop.fs_rename(tmp, out .. '/' .. name)
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(cfg.header))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id
  local snapshots = 0

  local function request_hover()
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = cfg.hover }
    vim.lsp.get_client_by_id(client_id).request('textDocument/hover', params, function(herr, result)
      local lines = {}
      if result and result.contents then
        lines = vim.lsp.util.trim_empty_lines(vim.lsp.util.convert_input_to_markdown_lines(result.contents))
      end
      write_json('hover.json', { error = herr and herr.message or vim.NIL, lines = lines })
    end, bufnr)
  end

  client_id = vim.lsp.start_client({
    name = 'uapi-lint',
    cmd = cfg.cmd,
    root_dir = cfg.root,
    settings = cfg.settings,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(perr, result, ctx, config)
        vim.lsp.diagnostic.on_publish_diagnostics(perr, result, ctx, config)
        snapshots = snapshots + 1
        local list = {}
        for _, d in ipairs(vim.diagnostic.get(bufnr)) do
          table.insert(list, { lnum = d.lnum, col = d.col, severity = d.severity, code = d.code, source = d.source, message = d.message })
        end
        write_json('diagnostics.json', { snapshot = snapshots, version = result.version, diagnostics = list })
        if snapshots == 1 then request_hover() end
      end,
    },
    on_exit = function(code, signal)
      vim.schedule(function()
        write_json('exit.json', { code = code, signal = signal })
        vim.cmd('qall!')
      end)
    end,
  })
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- the test asks for a clean shutdown by creating the file "quit"
  local watcher = vim.loop.new_fs_event()
  watcher:start(out, {}, vim.schedule_wrap(function(_, fname)
    if fname == 'quit' then
      watcher:stop()
      vim.lsp.stop_client(client_id)
    end
  end))
end)
if not ok then
  write_json('error.json', { error = tostring(err) })
end
`;

/** Resolves with the JSON in `dir/name` once `accept` takes it; rejects on timeout or when nvim exits first. */
function waitForJson<T>(dir: string, name: string, accept: (v: T) => boolean, nvim: Nvim, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let last: T | undefined;
    const finish = (e: Error | null, v?: T) => {
      watcher.close();
      clearTimeout(timer);
      nvim.exited.off('exit', onExit);
      if (e) reject(e);
      else resolve(v!);
    };
    const check = () => {
      for (const file of [name, 'error.json']) {
        let v: T;
        try {
          v = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;
        } catch {
          continue; // not written yet
        }
        if (file === 'error.json') return finish(new Error(`the Lua init failed: ${JSON.stringify(v)}`));
        last = v;
        if (accept(v)) return finish(null, v);
      }
    };
    const onExit = () => finish(new Error(`nvim exited before ${name} was ready; stderr: ${nvim.stderr()}`));
    const watcher = fs.watch(dir, check);
    const timer = setTimeout(
      () => finish(new Error(`no acceptable ${name} within ${timeoutMs} ms; last: ${JSON.stringify(last)}; nvim stderr: ${nvim.stderr()}`)),
      timeoutMs,
    );
    nvim.exited.on('exit', onExit);
    check();
  });
}

interface Nvim {
  exited: import('node:events').EventEmitter;
  code: Promise<number | null>;
  stderr(): string;
}

interface VimDiagnostic {
  lnum: number;
  col: number;
  severity: number;
  code: string;
  source: string;
  message: string;
}

test('neovim 0.7 built-in LSP client: diagnostics and hover from the server over stdio', { timeout: 120_000 }, async () => {
  assert.equal(spawnSync('nvim', ['--version']).status, 0, 'neovim is installed (.ci/run installs Debian\'s neovim)');
  const header = path.join(FIXTURES, 'hover.h');
  const lines = fs.readFileSync(header, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.startsWith('#define HV_IOCTL_SET'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-nvim-'));
  const out = path.join(tmp, 'out');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(tmp, 'init.lua'), INIT_LUA);
  fs.writeFileSync(
    path.join(tmp, 'config.json'),
    JSON.stringify({
      cmd: [process.execPath, SERVER_BUNDLE, '--stdio'],
      header,
      root: FIXTURES,
      out,
      // pulled by the server with workspace/configuration, which neovim answers from here
      settings: { uapiLint: { rules: { 'uapi-c90-hygiene': 'off' } } },
      hover: { line, character: '#define HV_'.length },
    }),
  );
  // a private home: no user configuration, no shada, no log in the real home
  const env: NodeJS.ProcessEnv = { ...process.env, UAPI_LINT_NVIM_CONFIG: path.join(tmp, 'config.json') };
  for (const x of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME']) env[x] = path.join(tmp, x.toLowerCase());
  const child = spawn('nvim', ['--headless', '--noplugin', '-n', '-i', 'NONE', '-u', path.join(tmp, 'init.lua')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', () => undefined);
  const nvim: Nvim = {
    exited: child,
    code: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    stderr: () => stderr,
  };
  try {
    // what the command line reports for the same header with the same setting, to wait for
    const cli = JSON.parse(runCli(['--format', 'json', '--fail-on', 'none', '--rule', 'uapi-c90-hygiene=off', header]).stdout) as {
      files: Array<{ diagnostics: Array<{ rule: string; line: number; message: string }> }>;
    };
    const expected = cli.files[0].diagnostics.map((d) => `${d.line - 1} ${d.rule} ${d.message}`).sort();
    assert.ok(expected.length > 0);
    // the server publishes twice (without, then with struct layouts): wait for the complete set
    const shown = await waitForJson<{ diagnostics: VimDiagnostic[] }>(
      out,
      'diagnostics.json',
      (v) => JSON.stringify(v.diagnostics.map((d) => `${d.lnum} ${d.code} ${d.message}`).sort()) === JSON.stringify(expected),
      nvim,
      60_000,
    );
    const rules = new Set(shown.diagnostics.map((d) => d.code));
    for (const r of ['custom-ioctl', 'uapi-implicit-padding', 'uapi-abi-layout-mismatch']) assert.ok(rules.has(r), r);
    assert.ok(!rules.has('uapi-c90-hygiene'), 'the setting from neovim turned the rule off');
    const custom = shown.diagnostics.find((d) => d.code === 'custom-ioctl')!;
    assert.equal(custom.lnum, line);
    assert.equal(custom.col, '#define '.length);
    assert.equal(custom.source, 'uapi-lint');
    assert.equal(custom.severity, 2); // vim.diagnostic.severity.WARN
    assert.match(custom.message, /^HV_IOCTL_SET .*magic 'h' \(0x68\), nr 16 \(0x10\), argument struct hv_args/);

    const hover = await waitForJson<{ error: unknown; lines: string[] }>(out, 'hover.json', () => true, nvim, 60_000);
    assert.equal(hover.error, null);
    const text = hover.lines.join('\n');
    assert.match(text, /\*\*HV_IOCTL_SET\*\*/);
    assert.match(text, /\| x86_64 \| `0xC0106810` \| 16 bytes \|/);
    assert.match(text, /\| i386 \| `0xC00C6810` \| 12 bytes \|/);

    // a clean shutdown: the server answers shutdown/exit and exits 0, then neovim quits
    fs.writeFileSync(path.join(out, 'quit'), '');
    const exit = await waitForJson<{ code: number; signal: number }>(out, 'exit.json', () => true, nvim, 30_000);
    assert.deepEqual(exit, { code: 0, signal: 0 });
    assert.equal(await nvim.code, 0);
  } finally {
    if (child.exitCode === null) child.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
