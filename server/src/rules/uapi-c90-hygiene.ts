import * as path from 'node:path';
import type { Rule, FindingDraft } from './rule';
import { isExisting } from './ioctl-facts';

/**
 * What a header installed for userspace must be: C90-clean (no `//` comments), guarded against
 * double inclusion, free of kernel configuration (`CONFIG_*` is not visible to userspace), including
 * its siblings without the `uapi/` prefix (headers_install removes it), and licensed with the
 * Linux-syscall-note. Checked only in headers that define ioctls or live under include/uapi.
 */
/** Where a `//` comment starts in text[start, end), outside literals and block comments; -1 if none. */
function lineCommentIn(text: string, start: number, end: number): number {
  for (let i = start; i < end - 1; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < end && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close >= end) return -1;
      i = close + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      return i;
    }
  }
  return -1;
}

export const uapiC90Hygiene: Rule = {
  id: 'uapi-c90-hygiene',
  defaultSeverity: 'warning',
  description: 'Header hygiene for userspace: // comments, include guard, uapi/ include prefix, CONFIG_ references, SPDX line.',
  criteria: 'ioctl-design-rules',
  check(model, report, options) {
    const file = model.file;
    const own = model.ioctls.some((i) => i.file === model.path);
    if (!own && !/(^|\/)include\/uapi\//.test(model.path)) return;
    if (model.skipped) return;
    const text = file.text;
    const range = (start: number, end: number) => file.lines.range(start, end);
    // a header whose ioctls are all upstream already is reviewed, not written: info only
    const mine = model.ioctls.filter((i) => i.file === model.path);
    const upstream = mine.length > 0 && mine.every((i) => isExisting(i, options));
    const out = (d: FindingDraft) => report({ pages: ['ioctl-design-rules'], severity: upstream ? 'info' : undefined, ...d });

    // tree-sitter keeps a `//` comment at the end of a #define inside the directive's text
    const comments = [...(file.lineComments ?? [])];
    for (const d of file.directives) {
      const at = lineCommentIn(text, d.start, d.end);
      if (at >= 0 && !comments.some((c) => c.start === at)) comments.push({ start: at, end: d.end });
    }
    comments.sort((a, b) => a.start - b.start);
    for (const c of comments) {
      const body = text.slice(c.start + 2, c.end).replace(/\s+$/, '');
      out({
        range: range(c.start, c.end),
        message: '// comments are not C90: userspace may build this header with -std=c89 or -ansi. Use /* */.',
        fixes: body.includes('*/') || body.endsWith('\\')
          ? undefined
          : () => [{ title: 'Make it a /* */ comment', edits: [{ range: range(c.start, c.end), newText: `/*${body.startsWith(' ') ? '' : ' '}${body} */` }], preferred: true, fixAll: true }],
      });
    }

    // include guard: the first directive is #ifndef X, the next #define X, the last #endif
    const ds = file.directives;
    const first = ds[0];
    const guarded =
      ds.some((d) => d.kind === 'other' && /^\s*pragma\s+once\b/.test(text.slice(d.start + 1, d.end))) ||
      (first?.kind === 'ifndef' && ds[1]?.kind === 'define' && ds[1].tokens[0]?.text === first.tokens[0]?.text && ds[ds.length - 1].kind === 'endif');
    if (ds.length > 0 && !guarded) {
      const guard = `_UAPI_${path.basename(model.path).replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
      const at = first.start;
      const top = file.lines.position(at);
      const end = file.lines.position(text.length);
      out({
        range: range(first.start, first.end),
        fileLevel: true,
        message: `the header has no include guard (#ifndef ${guard} / #define ${guard} ... #endif): including it twice redefines its structs.`,
        fixes: () => [{
          title: `Add the include guard ${guard}`,
          fixAll: true,
          edits: [
            { range: { start: top, end: top }, newText: `#ifndef ${guard}\n#define ${guard}\n\n` },
            { range: { start: end, end }, newText: `${text.endsWith('\n') || text === '' ? '' : '\n'}\n#endif /* ${guard} */\n` },
          ],
        }],
      });
    }

    for (const inc of model.tu.files.get(model.tu.main)?.includes ?? []) {
      if (!/^uapi\//.test(inc.spec)) continue;
      out({
        range: inc.range,
        message: `#include of ${inc.spec}: headers_install removes the uapi/ folder, so userspace has ${inc.spec.slice(5)}; include that.`,
      });
    }

    for (const d of ds) {
      const config = d.tokens.find((t) => t.kind === 'identifier' && /^CONFIG_/.test(t.text));
      if (!config || d.kind === 'other') continue;
      out({
        range: range(config.offset, config.offset + config.text.length),
        message: `${config.text}: kernel configuration is not visible to userspace, so the uAPI cannot depend on it.`,
      });
    }

    const spdx = /SPDX-License-Identifier:\s*([^*\n]*?)\s*(\*\/|$)/m.exec(text.slice(0, 400));
    if (!spdx) {
      out({ range: range(0, 0), fileLevel: true, message: 'no SPDX-License-Identifier line; uAPI headers use "GPL-2.0 WITH Linux-syscall-note" (or a permissive licence).' });
    } else if (/GPL/.test(spdx[1]) && !/Linux-syscall-note/.test(spdx[1]) && !/\b(OR|or)\b\s*(MIT|BSD|Apache)/.test(spdx[1])) {
      const start = spdx.index;
      out({
        range: range(start, start + spdx[0].length),
        message: `${spdx[1]} without Linux-syscall-note: programs that include this header would fall under the GPL; uAPI headers add "WITH Linux-syscall-note".`,
      });
    }
  },
};
