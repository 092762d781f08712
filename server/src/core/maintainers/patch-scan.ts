import { patchRegex, type KeywordPattern } from './maintainers';
import { perlRegexOf } from './perl-regex';

/**
 * get_maintainer.pl's loop over the lines of one patch (a mail from git format-patch, or a bare
 * diff): the files it names, and the K: patterns its lines match. Each line is taken whole, with
 * its newline, and tested in this order: ` mode change ... FILE`, `rename from|to FILE`,
 * `diff --git a/X b/Y`, `Fixes: <sha>`, `+++ X`/`--- X` (first path component dropped, so
 * `/dev/null` becomes `dev/null`; from here on only lines starting with `+` or `-` are searched
 * for keywords), `@@ -N,M`; any other line is searched with every K:. Before the first
 * `---`/`+++` line, the mail headers, Subject, commit message and diffstat are searched
 * anywhere in the line; a `--- ` line in the commit message counts as a file.
 */

export interface KeywordHit {
  keyword: KeywordPattern;
  /** 1-based line of the first line it matched. */
  line: number;
  /** That line, without its newline. */
  text: string;
  /** How many lines it matched. */
  count: number;
}

export interface PatchScan {
  /** The files, in the order the patch names them (with repeats, as get_maintainer.pl collects them). */
  files: string[];
  /** The K: patterns that matched, in MAINTAINERS order. */
  keywords: KeywordHit[];
  /** Commits named by `Fixes:` (get_maintainer.pl asks git for their signers; uapi-lint does not run git on the tree). */
  fixes: string[];
}

let forms: Record<'mode' | 'rename' | 'diff' | 'fixes' | 'plus' | 'minus' | 'hunk', RegExp> | undefined;

export function scanPatch(text: string, keywords: readonly KeywordPattern[]): PatchScan {
  forms ??= {
    mode: perlRegexOf('^ mode change [0-7]+ => [0-7]+ (\\S+)\\s*$'),
    rename: perlRegexOf('^rename (?:from|to) (\\S+)\\s*$'),
    diff: perlRegexOf('^diff --git a\\/(\\S+) b\\/(\\S+)\\s*$'),
    fixes: perlRegexOf('^Fixes:\\s+([0-9a-fA-F]{6,40})'),
    plus: perlRegexOf('^\\+\\+\\+\\s+(\\S+)'),
    minus: perlRegexOf('^---\\s+(\\S+)'),
    hunk: perlRegexOf('^\\@\\@ -(\\d+),(\\d+)'),
  };
  const f = forms;
  const files: string[] = [];
  const fixes: string[] = [];
  const hits = new Map<KeywordPattern, KeywordHit>();
  let inDiff = false;
  let number = 0;
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.slice(start, end);
    start = end;
    number++;
    let m: RegExpExecArray | null;
    if ((m = f.mode.exec(line)) || (m = f.rename.exec(line))) files.push(m[1]);
    else if ((m = f.diff.exec(line))) files.push(m[1], m[2]);
    else if ((m = f.fixes.exec(line))) fixes.push(m[1]);
    else if ((m = f.plus.exec(line) ?? f.minus.exec(line))) {
      files.push(m[1].replace(/^[^/]*\//, '').replace(/\n/g, ''));
      inDiff = true;
    } else if (f.hunk.test(line)) {
      // only --git-blame reads the ranges
    } else {
      for (const k of keywords) {
        const re = inDiff ? patchRegex(k) : k.re;
        if (!re?.test(line)) continue;
        const known = hits.get(k);
        if (known) known.count++;
        else hits.set(k, { keyword: k, line: number, text: line.replace(/\n$/, ''), count: 1 });
      }
    }
  }
  return { files, keywords: keywords.filter((k) => hits.has(k)).map((k) => hits.get(k)!), fixes };
}
