import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './support/cli';
import { EditorProcess } from './support/editor-process';
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
    init_options = cfg.init_options,
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

/** Visible in the result: one rule raised to error, one turned off. */
const SETTINGS_RULES = { 'custom-ioctl': 'error', 'ioctl-nonportable-arg-type': 'off' };

interface VimDiagnostic {
  lnum: number;
  col: number;
  severity: number;
  code: string;
  source: string;
  message: string;
}

// 1.3 s on an idle machine (measured); each wait below has a limit of its own, the start-up's
// (the editor, then the server it starts) the longest
test('neovim 0.7 built-in LSP client: diagnostics and hover from the server over stdio', { timeout: 120_000 }, async () => {
  assert.equal(spawnSync('nvim', ['--version'], { timeout: 30_000 }).status, 0, 'neovim is installed (.ci/run installs Debian\'s neovim)');
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
      // neovim 0.7 does not offer workspace/configuration: settings go in initializationOptions
      // baseRef none: the fixtures live in this repository, whose git base would make them all existing
      init_options: { uapiLint: { rules: SETTINGS_RULES, baseRef: 'none' } },
      hover: { line, character: '#define HV_'.length },
    }),
  );
  // a private home: no user configuration, no shada, no log in the real home
  const env: NodeJS.ProcessEnv = { ...process.env, UAPI_LINT_NVIM_CONFIG: path.join(tmp, 'config.json') };
  for (const x of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME']) env[x] = path.join(tmp, x.toLowerCase());
  const nvim = new EditorProcess('nvim', ['--headless', '--noplugin', '-n', '-i', 'NONE', '-u', path.join(tmp, 'init.lua')], env);
  try {
    // what the command line reports for the same header with the same setting, to wait for
    const rules = Object.entries(SETTINGS_RULES).flatMap(([rule, severity]) => ['--rule', `${rule}=${severity}`]);
    const cli = JSON.parse(runCli(['--format', 'json', '--fail-on', 'none', ...rules, header], undefined, 30_000).stdout) as {
      files: Array<{ diagnostics: Array<{ rule: string; line: number; message: string }> }>;
    };
    const expected = cli.files[0].diagnostics.map((d) => `${d.line - 1} ${d.rule} ${d.message}`).sort();
    assert.ok(expected.length > 0);
    // the server publishes twice (without, then with struct layouts): wait for the complete set
    const shown = await nvim.waitForJson<{ diagnostics: VimDiagnostic[] }>(
      out,
      'diagnostics.json',
      (v) => JSON.stringify(v.diagnostics.map((d) => `${d.lnum} ${d.code} ${d.message}`).sort()) === JSON.stringify(expected),
      30_000,
    );
    const shownRules = new Set(shown.diagnostics.map((d) => d.code));
    for (const r of ['custom-ioctl', 'uapi-implicit-padding', 'uapi-abi-layout-mismatch']) assert.ok(shownRules.has(r), r);
    assert.ok(!shownRules.has('ioctl-nonportable-arg-type'), 'the setting from neovim turned the rule off');
    const custom = shown.diagnostics.find((d) => d.code === 'custom-ioctl')!;
    assert.equal(custom.lnum, line);
    assert.equal(custom.col, '#define '.length);
    assert.equal(custom.source, 'uapi-lint');
    assert.equal(custom.severity, 1, 'raised to vim.diagnostic.severity.ERROR by the setting');
    assert.ok(shown.diagnostics.filter((d) => d.code !== 'custom-ioctl').every((d) => d.severity === 2), 'the others are WARN');
    assert.match(custom.message, /^HV_IOCTL_SET .*magic 'h' \(0x68\), nr 16 \(0x10\), argument struct hv_args/);

    const hover = await nvim.waitForJson<{ error: unknown; lines: string[] }>(out, 'hover.json', () => true, 20_000);
    assert.equal(hover.error, null);
    const text = hover.lines.join('\n');
    assert.match(text, /\*\*HV_IOCTL_SET\*\*/);
    assert.match(text, /\| x86_64 \| `0xC0106810` \| 16 bytes \|/);
    assert.match(text, /\| i386 \| `0xC00C6810` \| 12 bytes \|/);

    // a clean shutdown: the server answers shutdown/exit and exits 0, then neovim quits
    fs.writeFileSync(path.join(out, 'quit'), '');
    const exit = await nvim.waitForJson<{ code: number; signal: number }>(out, 'exit.json', () => true, 20_000);
    assert.deepEqual(exit, { code: 0, signal: 0 });
    assert.equal(await nvim.exited(20_000), 0);
  } finally {
    nvim.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
