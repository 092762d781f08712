import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Log, Region, ReportingDescriptor, Result, Run, ToolComponent } from 'sarif';
import { criteriaHref, packageRoot } from '../core/package-files';
import { ALL_RULES, SERIES_RULES } from '../rules/index';
import type { Rule, Severity } from '../rules/rule';
import type { JsonDiagnostic, JsonFile } from './format';

/**
 * SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format), built from the JSON
 * output's files, for GitHub code scanning and other SARIF viewers. A pure function of its
 * input (and of the package's own files: the criteria pages and package.json).
 *
 * Choices, and why:
 * - Columns: `run.columnKind` is `utf16CodeUnits` (SARIF's default, stated anyway). The JSON
 *   output's columns are 1-based offsets into the line of the JavaScript string the header was
 *   read into (core/source.ts `LineIndex`, which every finding's range comes from), so they count
 *   UTF-16 code units, not bytes and not code points. `endColumn` is the column after the last
 *   character, as in SARIF.
 * - Levels: error -> `error`, warning -> `warning`, info and hint -> `note`. SARIF's `none`
 *   means "severity does not apply" (results of kind pass/informational), and GitHub code
 *   scanning accepts only note, warning and error for a rule's default level: every finding of
 *   ours is something to look at, so the lowest two both become `note` (the result's
 *   `properties.severity` keeps which one it was).
 * - Fingerprints (`partialFingerprints`), stable across unrelated edits: no line or column
 *   numbers, no path, no message (messages quote other lines' numbers). The identity of a
 *   finding is its rule id, the names of the ioctls it concerns, and the text of its first line
 *   with the whitespace collapsed; findings with the same identity in a file are numbered in
 *   order (1, 2, ...). `uapiLint/v1` is a SHA-256 of identity and number; `primaryLocationLineHash`
 *   (the one key GitHub code scanning reads; it combines it with the path and the rule) is
 *   `<16 hex digits of the identity's hash>:<number>`, the form GitHub's own examples use.
 *   When the file's text is unknown, the message (with "line N" references made "line #") stands
 *   in for the line's text. A finding about the file as a whole sits on its first line and so
 *   takes that line's text: an edit of the first line changes its fingerprints.
 * - baselineState, only when `context.base` is given: the JSON diagnostic's `baselineState`
 *   (`unchanged` or `new`); one the comparison did not mark is `new`, so that CI looks at it.
 * - Snippets: `region.snippet` is the region's text, when the text is known and the region
 *   short (at most 4096 UTF-16 code units; a cut snippet would not be the region's text).
 * - Paths: a file under `root` gets a URI relative to it with forward slashes and uriBaseId
 *   `%SRCROOT%` (what GitHub matches against the repository); one outside it an absolute file:
 *   URI (which GitHub keeps as it is). A relative path in a JsonFile is relative to the working
 *   directory, as the command line writes them.
 * - `run.versionControlProvenance` is not written: it needs the repository's URI, which a base
 *   (ref and commit) does not give. The base is recorded in `run.properties['uapiLint/base']`.
 */

/** The rules about a series as a whole: their documents are patch series. */
const SERIES_RULE_IDS = new Set(SERIES_RULES.map((r) => r.id));

export interface SarifContext {
  /** the folder result URIs are relative to (uriBaseId %SRCROOT%), normally process.cwd() or the git work tree */
  root: string;
  /** the base the run was compared with, when there is one: results then carry baselineState */
  base?: { ref: string; commit: string };
  /** the text of a file as analysed, for fingerprints and snippets (undefined when unknown) */
  textOf(path: string): string | undefined;
  toolVersion: string;
}

/** The official schema of SARIF 2.1.0 (OASIS Standard with Errata 01). */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export const SRCROOT = '%SRCROOT%';

/** The key of our own fingerprint in `partialFingerprints` (bump the version if the scheme changes). */
export const FINGERPRINT_KEY = 'uapiLint/v1';

/**
 * GitHub code scanning's limits on an upload (docs.github.com, "SARIF support for code
 * scanning"): a file with more results per run, or longer rule ids, is rejected; longer
 * descriptions are not shown. Results over the limit are left out here, least severe first, with
 * a notification that says how many.
 */
export const GITHUB_LIMITS = {
  runsPerFile: 20,
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  locationsPerResult: 1_000,
  ruleIdChars: 255,
  ruleNameChars: 255,
  descriptionChars: 1024,
} as const;

/**
 * message.text is kept to this many UTF-16 code units. The engine bounds messages at about
 * 1000 already; this is the same bound GitHub documents for descriptions.
 */
export const MAX_MESSAGE_CHARS = 1024;

/** A snippet longer than this is left out (a truncated one would not be the region's text). */
const MAX_SNIPPET_CHARS = 4096;

/** The field another part of the CLI adds to JsonDiagnostic when it compares with a base. */
type Diagnostic = JsonDiagnostic & { baselineState?: string };

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
/** Which results go first when some must be left out: the most severe (hints after infos). */
const RANK: Record<string, number> = { error: 0, warning: 1, info: 2, hint: 3 };

function levelOf(severity: string): 'error' | 'warning' | 'note' {
  return LEVEL[severity as Severity] ?? 'warning';
}

/** `text` cut to `max` UTF-16 code units, ending in " ..." when cut, never inside a surrogate pair. */
function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 4;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)} ...`;
}

function sha256(text: string): string {
  // loaded when SARIF is asked for, not with the rest of the CLI and server
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(text).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// rules

interface Repository {
  /** https URL of the repository's web page */
  web: string;
  /** URL of a file of the default branch, from the path in the repository */
  blob: (file: string) => string;
}

/**
 * A package.json `repository` (a string, `github:owner/repo`, or `{ url, directory }`) as web
 * URLs, for GitHub and GitLab; undefined for anything else (the file: URIs are used then).
 */
export function repositoryUrls(repository: unknown): Repository | undefined {
  const url = typeof repository === 'string' ? repository : (repository as { url?: unknown } | null)?.url;
  const directory = typeof repository === 'object' && repository !== null ? (repository as { directory?: unknown }).directory : undefined;
  if (typeof url !== 'string') return undefined;
  let host: string;
  let where: string;
  const shorthand = /^(?:(github|gitlab):)?([\w.-]+(?:\/[\w.-]+)+)$/.exec(url);
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(url);
  if (shorthand) [host, where] = [`${shorthand[1] ?? 'github'}.com`, shorthand[2]];
  else if (scp) [host, where] = [scp[1], scp[2]];
  else {
    try {
      const u = new URL(url.replace(/^git\+/, ''));
      [host, where] = [u.hostname, u.pathname];
    } catch {
      return undefined;
    }
  }
  const parts = where.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/');
  if (parts.some((p) => !/^[\w.-]+$/.test(p))) return undefined;
  const prefix = typeof directory === 'string' && directory ? `${directory.replace(/^\/+|\/+$/g, '')}/` : '';
  if (host === 'github.com' && parts.length === 2) {
    const web = `https://github.com/${parts.join('/')}`;
    return { web, blob: (file) => `${web}/blob/HEAD/${prefix}${file}` };
  }
  if (host === 'gitlab.com' && parts.length >= 2) {
    const web = `https://gitlab.com/${parts.join('/')}`;
    return { web, blob: (file) => `${web}/-/blob/HEAD/${prefix}${file}` };
  }
  return undefined;
}

let packageJson: { repository?: unknown } | null | undefined;

function ownPackageJson(): { repository?: unknown } | null {
  if (packageJson === undefined) {
    packageJson = null;
    const r = packageRoot();
    try {
      if (r) packageJson = JSON.parse(fs.readFileSync(path.join(r, 'package.json'), 'utf8'));
    } catch {
      /* no package.json: no repository */
    }
  }
  return packageJson ?? null;
}

/**
 * Where a criteria page can be read: in the repository on the web when package.json names one,
 * else the page shipped with the package (the file: URI findings' `href` has), else undefined.
 */
export function criteriaPageUri(page: string, repository: unknown = ownPackageJson()?.repository): string | undefined {
  const shipped = criteriaHref(page);
  if (!shipped) return undefined;
  return repositoryUrls(repository)?.blob(`docs/criteria/${page}.md`) ?? shipped;
}

/** The tool's home: the repository on the web, else the shipped README, else undefined. */
function informationUri(): string | undefined {
  const repo = repositoryUrls(ownPackageJson()?.repository);
  if (repo) return repo.web;
  const r = packageRoot();
  const readme = r ? path.join(r, 'README.md') : '';
  return readme && fs.existsSync(readme) ? pathToFileURL(readme).href : undefined;
}

/** `custom-ioctl` -> `CustomIoctl` (SARIF's reportingDescriptor.name is an identifier-like name). */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function reportingDescriptor(rule: Pick<Rule, 'id' | 'defaultSeverity' | 'description' | 'criteria' | 'documents'>): ReportingDescriptor {
  const helpUri = criteriaPageUri(rule.criteria);
  const description = bounded(rule.description, GITHUB_LIMITS.descriptionChars);
  const descriptor: ReportingDescriptor = {
    id: rule.id,
    name: bounded(pascalCase(rule.id), GITHUB_LIMITS.ruleNameChars),
    shortDescription: { text: description },
    fullDescription: { text: description },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    help: helpUri
      ? {
          text: `${rule.description} Explained in docs/criteria/${rule.criteria}.md of uapi-lint: ${helpUri}`,
          markdown: `${rule.description}\n\nExplained in [docs/criteria/${rule.criteria}.md](${helpUri}).`,
        }
      : { text: rule.description },
    properties: { criteria: rule.criteria, documents: [...(rule.documents ?? (SERIES_RULE_IDS.has(rule.id) ? ['series'] : ['header']))] },
  };
  if (helpUri) descriptor.helpUri = helpUri;
  return descriptor;
}

// ---------------------------------------------------------------------------------------------
// locations

/** The start offset of every line of a text (lines end at '\n', as in core/source.ts). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return starts;
}

/** A line's text without its line break. */
function lineText(text: string, starts: number[], line: number): string | undefined {
  if (line < 1 || line > starts.length) return undefined;
  const end = line < starts.length ? starts[line] - 1 : text.length;
  return text.slice(starts[line - 1], end).replace(/\r$/, '');
}

/** artifactLocation of a file: relative to root (uriBaseId %SRCROOT%) when under it, else an absolute file: URI. */
export function artifactLocationOf(file: string, root: string): ArtifactLocation {
  const absolute = path.resolve(file);
  const relative = path.relative(path.resolve(root), absolute);
  if (relative && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(absolute).href };
}

/** The root as SARIF wants a uriBaseId's value: an absolute file: URI ending in '/'. */
function rootUri(root: string): string {
  const href = pathToFileURL(path.resolve(root)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function regionOf(d: Diagnostic, text: string | undefined, starts: number[] | undefined): Region {
  const startLine = Math.max(1, d.line);
  const startColumn = Math.max(1, d.column);
  let endLine = Math.max(startLine, d.endLine);
  let endColumn = Math.max(1, d.endColumn);
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  if (!Number.isFinite(endLine)) endLine = startLine;
  const region: Region = { startLine, startColumn, endLine, endColumn };
  if (text !== undefined && starts && endLine <= starts.length) {
    const from = starts[startLine - 1] + startColumn - 1;
    const to = starts[endLine - 1] + endColumn - 1;
    const lineEnd = (line: number) => (line < starts.length ? starts[line] : text.length + 1);
    // the columns must lie on their lines (the text is the one analysed, but be sure)
    if (from < lineEnd(startLine) && to < lineEnd(endLine) && to >= from && to - from <= MAX_SNIPPET_CHARS) {
      region.snippet = { text: text.slice(from, to) };
    }
  }
  return region;
}

// ---------------------------------------------------------------------------------------------
// fingerprints

/** What identifies a finding in its file, whatever moves around it (see the top of the file). */
function identity(d: Diagnostic, text: string | undefined, starts: number[] | undefined): string {
  const line = text !== undefined && starts ? lineText(text, starts, d.line) : undefined;
  const where = line !== undefined ? `line:${line.trim().replace(/\s+/g, ' ')}` : `message:${d.message.replace(/\bline \d+/g, 'line #')}`;
  return [d.rule, [...d.ioctls].sort().join(','), where].join('\0');
}

/** Fingerprints of a file's diagnostics, in their order. */
function fingerprints(diagnostics: readonly Diagnostic[], text: string | undefined): Array<Record<string, string>> {
  const starts = text !== undefined ? lineStarts(text) : undefined;
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const id = identity(d, text, starts);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return {
      [FINGERPRINT_KEY]: sha256(`${id}\0${n}`).slice(0, 32),
      primaryLocationLineHash: `${sha256(id).slice(0, 16)}:${n}`,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// the log

export function sarifLog(files: JsonFile[], context: SarifContext): Log {
  const ruleIndex = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const artifacts: NonNullable<Run['artifacts']> = [];
  const results: Array<{ result: Result; rank: number; order: number }> = [];

  for (const file of files) {
    const location = artifactLocationOf(file.path, context.root);
    const index = artifacts.length;
    artifacts.push({ location, roles: ['analysisTarget'], sourceLanguage: 'c' });
    const diagnostics = file.diagnostics as Diagnostic[];
    if (!diagnostics.length) continue;
    const text = context.textOf(file.path);
    const starts = text !== undefined ? lineStarts(text) : undefined;
    const prints = fingerprints(diagnostics, text);
    diagnostics.forEach((d, i) => {
      const level = levelOf(d.severity);
      const rule = ruleIndex.get(d.rule);
      const result: Result = {
        ruleId: d.rule,
        ...(rule !== undefined ? { ruleIndex: rule } : {}),
        level,
        // GitHub wants a message on every result; the engine always writes one
        message: { text: bounded(d.message || (rule !== undefined ? ALL_RULES[rule].description : d.rule), MAX_MESSAGE_CHARS) },
        locations: [{ physicalLocation: { artifactLocation: { ...location, index }, region: regionOf(d, text, starts) } }],
        partialFingerprints: prints[i],
      };
      if (context.base) {
        // a finding the comparison did not mark is new: CI then looks at it
        result.baselineState = d.baselineState === 'unchanged' ? 'unchanged' : 'new';
      }
      result.properties = { severity: d.severity, ...(d.ioctls.length ? { ioctls: [...d.ioctls] } : {}) };
      results.push({ result, rank: RANK[d.severity] ?? RANK.warning, order: results.length });
    });
  }

  // over GitHub's limit the upload is rejected whole: keep the most severe, in their order
  let kept = results;
  const left = results.length - GITHUB_LIMITS.resultsPerRun;
  if (left > 0) {
    kept = [...results].sort((a, b) => a.rank - b.rank || a.order - b.order).slice(0, GITHUB_LIMITS.resultsPerRun).sort((a, b) => a.order - b.order);
  }

  const driver: ToolComponent = {
    name: 'uapi-lint',
    version: context.toolVersion,
    rules: ALL_RULES.map(reportingDescriptor),
  };
  // semanticVersion must be SemVer 2.0 ("unknown" when the package.json could not be read)
  if (/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(context.toolVersion)) driver.semanticVersion = context.toolVersion;
  const info = informationUri();
  if (info) driver.informationUri = info;

  const run: Run = {
    tool: { driver },
    originalUriBaseIds: { [SRCROOT]: { uri: rootUri(context.root) } },
    artifacts,
    results: kept.map((r) => r.result),
    columnKind: 'utf16CodeUnits',
  };
  if (left > 0) {
    run.invocations = [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'warning',
            message: {
              text: `${left} of ${results.length} results left out, the least severe: GitHub code scanning rejects more than ${GITHUB_LIMITS.resultsPerRun} results in a run.`,
            },
          },
        ],
      },
    ];
  }
  if (context.base) run.properties = { 'uapiLint/base': { ref: context.base.ref, commit: context.base.commit } };

  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}
