import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './support/lsp-client';
import { runCli } from './support/cli';
import { FIXTURES } from './support/paths';

/**
 * "Show ioctls" (`uapiLint.listIoctls`, `uapiLint.listWorkspaceIoctls`) and the `uapiLint/status`
 * notification, over JSON-RPC against the built server. The table's numbers and finding counts
 * are checked against the command line's JSON for the same headers.
 */

interface Row {
  name: string;
  uri: string;
  line: number;
  column: number;
  macro: string | null;
  direction: string | null;
  size: { x86_64: number | null; i386: number | null };
  number: { x86_64: number | null; i386: number | null };
  purpose: string;
  subsystem: string | null;
  findings: number;
}
interface Table {
  markdown: string;
  rows: Row[];
}
interface CliJson {
  files: Array<{
    path: string;
    ioctls: Array<{ name: string; line: number; column: number; purpose: string; subsystem: string | null; abi: Record<string, { size: number | null; value: number | null }> }>;
    diagnostics: Array<{ ioctls: string[] }>;
  }>;
}

const uriOf = (file: string) => pathToFileURL(file).href;

/** Each test takes under 2 s (measured); each request has the client's 20 s. */
const LSP_TEST = { timeout: 60_000 };

function cliJson(target: string): CliJson {
  const r = runCli(['--format', 'json', '--fail-on', 'none', target]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as CliJson;
}

/** The rows agree with the CLI on every number, size, purpose and finding count. */
function assertRowsMatchCli(rows: Row[], file: CliJson['files'][number], absPath: string): void {
  const mine = rows.filter((r) => r.uri === uriOf(absPath));
  assert.deepEqual(mine.map((r) => r.name), file.ioctls.map((i) => i.name), absPath);
  for (const [k, r] of mine.entries()) {
    const cli = file.ioctls[k];
    assert.equal(r.line, cli.line, r.name);
    assert.equal(r.column, cli.column, r.name);
    assert.deepEqual(r.number, { x86_64: cli.abi.x86_64.value, i386: cli.abi.i386.value }, r.name);
    assert.deepEqual(r.size, { x86_64: cli.abi.x86_64.size, i386: cli.abi.i386.size }, r.name);
    assert.equal(r.purpose, cli.purpose, r.name);
    assert.equal(r.subsystem, cli.subsystem, r.name);
    assert.equal(r.findings, file.diagnostics.filter((d) => d.ioctls.includes(r.name)).length, r.name);
  }
}

test('listIoctls: the table of an open header, with links to the definitions', LSP_TEST, async () => {
  const file = path.join(FIXTURES, 'hover.h');
  const client = new LspClient();
  try {
    await client.initialize(uriOf(FIXTURES));
    // (the workspace index sends its own counts too, without a document)
    const status = new Promise<{ uri: string; ioctls: number }>((resolve) =>
      client.connection.onNotification('uapiLint/status', (p: { uri?: string; ioctls: number }) => {
        if (p.uri === uriOf(file)) resolve(p as { uri: string; ioctls: number });
      }),
    );
    await client.open(uriOf(file), fs.readFileSync(file, 'utf8'));
    const table = (await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.listIoctls', arguments: [uriOf(file)] })) as Table;

    assert.deepEqual(table.rows.map((r) => r.name), ['HV_IOCTL_SET', 'HV_IOCTL_ALIAS']);
    const set = table.rows[0];
    assert.deepEqual(set.number, { x86_64: 0xc0106810, i386: 0xc00c6810 });
    assert.deepEqual(set.size, { x86_64: 16, i386: 12 });
    assert.equal(set.direction, 'read/write');
    assert.equal(set.macro, '_IOWR');
    assert.ok(set.findings > 0, 'the 16/12-byte struct is reported');
    assertRowsMatchCli(table.rows, cliJson(file).files[0], file);

    assert.match(table.markdown, /^# ioctls in `hover\.h`\n/);
    assert.match(table.markdown, /\n\| ioctl \| x86_64 \| i386 \| direction \| size \| purpose \| subsystem \| findings \|\n/);
    const link = `[HV_IOCTL_SET](${uriOf(file)}#L23,9)`;
    assert.ok(
      table.markdown.includes(`| ${link} | \`0xC0106810\` | \`0xC00C6810\` | read/write | 16 (i386: 12) | ${set.purpose} | ${set.subsystem ?? 'none'} | ${set.findings} |`),
      table.markdown,
    );

    // the status notification counts the same ioctls
    const { uri, ioctls, index } = (await client.within(status, 'uapiLint/status for hover.h')) as { uri: string; ioctls: number; index: { headers: number; ioctls: number; pending: number } };
    assert.deepEqual({ uri, ioctls }, { uri: uriOf(file), ioctls: 2 });
    assert.equal(typeof index.pending, 'number', 'with the workspace index counts');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('listIoctls: a header that is not open is read from disk; bad arguments are refused', LSP_TEST, async () => {
  const file = path.join(FIXTURES, 'design', 'breaks_rules.h');
  const client = new LspClient();
  try {
    await client.initialize(uriOf(FIXTURES));
    const table = (await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.listIoctls', arguments: [uriOf(file)] })) as Table;
    assert.match(table.markdown, /^# ioctls in `design\/breaks_rules\.h`\n/);
    assert.ok(table.rows.length > 0);
    assertRowsMatchCli(table.rows, cliJson(file).files[0], file);
    for (const args of [[], [42], ['file:///tmp/not-a-header.c'], [uriOf(path.join(FIXTURES, 'no-such-header.h'))]]) {
      await assert.rejects(
        client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.listIoctls', arguments: args }),
        (e: { code: number }) => e.code === -32602,
        JSON.stringify(args),
      );
    }
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('listIoctls: a link to a header whose path has parentheses stays one Markdown link', LSP_TEST, async () => {
  // CommonMark ends a link destination at an unbalanced parenthesis: they are percent-encoded
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uapi-lint-table-'));
  const folder = path.join(dir, 'drivers (old)');
  fs.mkdirSync(folder);
  const file = path.join(folder, 'paren_dev.h');
  fs.writeFileSync(file, "#include <linux/ioctl.h>\n\n#define PAREN_IOCTL_PING _IO('p', 1)\n");
  const client = new LspClient();
  try {
    await client.initialize(uriOf(dir));
    const table = (await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.listIoctls', arguments: [uriOf(file)] })) as Table;
    assert.deepEqual(table.rows.map((r) => [r.name, r.line, r.column]), [['PAREN_IOCTL_PING', 3, 9]]);
    const target = `${uriOf(folder).replace('(', '%28').replace(')', '%29')}/paren_dev.h#L3,9`;
    assert.ok(table.markdown.includes(`| [PAREN_IOCTL_PING](${target}) |`), table.markdown);
    const workspace = (await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.listWorkspaceIoctls', arguments: [] })) as Table;
    assert.ok(workspace.markdown.includes(`\n## [drivers (old)/paren_dev.h](${target.replace(/#.*/, '')})\n`), workspace.markdown);
  } finally {
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('listWorkspaceIoctls: every header of the folder, open ones as edited, with work-done progress', LSP_TEST, async () => {
  const folder = path.join(FIXTURES, 'advisor');
  const headers = fs.readdirSync(folder).filter((f) => f.endsWith('.h')).sort();
  const client = new LspClient();
  const created: string[] = [];
  const progress: Array<{ token: string; value: { kind: string; message?: string; percentage?: number } }> = [];
  client.connection.onRequest('window/workDoneProgress/create', (p: { token: string }) => {
    created.push(p.token);
    return null;
  });
  client.connection.onNotification('$/progress', (p: (typeof progress)[number]) => {
    progress.push(p);
  });
  try {
    await client.initialize(uriOf(folder), { window: { workDoneProgress: true } });
    // an unsaved edit in an open header: the table shows the editor's text, not the file's
    const edited = path.join(folder, headers[0]);
    const text = fs.readFileSync(edited, 'utf8').replace(/(#endif[^\n]*\n?)$/, "#define TABLE_TEST_IOCTL _IOW('t', 7, __u32)\n$1");
    assert.ok(text.includes('TABLE_TEST_IOCTL'), 'the edit went in before the closing #endif');
    await client.open(uriOf(edited), text);

    const table = (await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.listWorkspaceIoctls', arguments: [] })) as Table;
    const cli = cliJson(folder);
    for (const h of headers) {
      const abs = path.join(folder, h);
      const onDisk = cli.files.find((f) => f.path.endsWith(h))!;
      const rows = table.rows.filter((r) => r.uri === uriOf(abs));
      if (abs === edited) {
        assert.deepEqual(rows.map((r) => r.name), [...onDisk.ioctls.map((i) => i.name), 'TABLE_TEST_IOCTL']);
      } else {
        assertRowsMatchCli(table.rows, onDisk, abs);
      }
      if (rows.length) assert.ok(table.markdown.includes(`\n## [${h}](${uriOf(abs)})\n`), h);
    }
    const added = table.rows.find((r) => r.name === 'TABLE_TEST_IOCTL')!;
    assert.deepEqual(added.number, { x86_64: 0x40047407, i386: 0x40047407 });
    assert.match(table.markdown, new RegExp(`^# ioctls in the workspace\\n\\n${table.rows.length} ioctls in \\d+ headers \\(${headers.length} headers analysed\\)\\.`));

    // one progress for the table (the workspace index has its own), begun, reported per header, ended
    const tableTokens = created.filter((t) => progress.some((p) => p.token === t && p.value.kind === 'begin' && (p.value as { title?: string }).title === 'uapi-lint: analysing headers'));
    assert.equal(tableTokens.length, 1);
    const mine = progress.filter((p) => p.token === tableTokens[0]).map((p) => p.value);
    assert.equal(mine[0].kind, 'begin');
    assert.equal(mine.at(-1)!.kind, 'end');
    const reports = mine.filter((v) => v.kind === 'report');
    assert.deepEqual(
      reports.map((v) => v.message!.replace(/^\d+\/\d+ /, '')),
      headers,
    );
    assert.deepEqual(reports.map((v) => v.percentage), headers.map((_, i) => Math.floor((i * 100) / headers.length)));
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('listWorkspaceIoctls: a client without work-done progress gets the table and no progress', LSP_TEST, async () => {
  const folder = path.join(FIXTURES, 'design');
  const client = new LspClient();
  let asked = 0;
  client.connection.onRequest('window/workDoneProgress/create', () => {
    asked++;
    return null;
  });
  try {
    await client.initialize(uriOf(folder));
    const table = (await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.listWorkspaceIoctls' })) as Table;
    const cli = cliJson(folder);
    for (const f of cli.files) assertRowsMatchCli(table.rows, f, path.resolve(f.path));
    assert.equal(asked, 0);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('listWorkspaceIoctls: the cancel button of the progress stops the analysis between two headers', LSP_TEST, async () => {
  const client = new LspClient();
  let reports = 0;
  client.connection.onRequest('window/workDoneProgress/create', () => null);
  client.connection.onNotification('$/progress', (p: { token: string; value: { kind: string } }) => {
    // what VS Code sends when the user clicks Cancel on the notification
    if (p.value.kind === 'report' && ++reports === 1) void client.connection.sendNotification('window/workDoneProgress/cancel', { token: p.token });
  });
  try {
    await client.initialize(uriOf(FIXTURES), { window: { workDoneProgress: true } });
    const table = (await client.connection.sendRequest('workspace/executeCommand', { command: 'uapiLint.listWorkspaceIoctls' })) as Table;
    const m = /_Cancelled after (\d+) of (\d+) headers\._/.exec(table.markdown);
    assert.ok(m, table.markdown.slice(0, 300));
    assert.ok(Number(m[1]) < Number(m[2]), m[0]);
    assert.ok(Number(m[2]) >= 10, 'every fixture header was to be analysed');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
