import type { Rule, Fix } from './rule';
import { ownIoctls } from './ioctl-args';
import { existingSeverity } from './ioctl-facts';
import type { MacroDef } from '../core/preprocess/macros';
import type { DocumentModel } from '../core/document';

/**
 * `_IOW('x', 1, sizeof(struct foo))`: the macro takes the type and applies sizeof itself, so the
 * number encodes sizeof(sizeof(struct foo)), the size of size_t (8 bytes on 64-bit ABIs, 4 on
 * 32-bit ones), instead of the struct's size.
 */

/** Replace `sizeof(T)` (or `sizeof T`) in the define's body with `T`. */
function dropSizeofFix(model: DocumentModel, def: MacroDef): Fix | undefined {
  const body = def.body;
  const k = body.findIndex((t) => t.text === 'sizeof');
  if (k < 0 || body[k + 1]?.text !== '(') return undefined;
  let depth = 0;
  let close = -1;
  for (let i = k + 1; i < body.length; i++) {
    if (body[i].text === '(') depth++;
    else if (body[i].text === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0 || close === k + 2) return undefined;
  const text = model.file.text;
  const inner = text.slice(body[k + 2].offset, body[close - 1].offset + body[close - 1].text.length);
  return {
    title: `Pass the type: ${inner}`,
    edits: [{ range: model.file.lines.range(body[k].offset, body[close].offset + 1), newText: inner }],
    preferred: true,
    fixAll: true,
  };
}

export const ioctlSizeofArg: Rule = {
  id: 'ioctl-sizeof-arg',
  defaultSeverity: 'warning',
  description: 'sizeof(...) as the argument of _IOR/_IOW/_IOWR, which take the type and apply sizeof themselves.',
  criteria: 'ioctl-design-rules',
  check(model, report, options) {
    for (const { ioctl, def } of ownIoctls(model)) {
      if (ioctl.macro === '_IOC' || ioctl.macro === '_IO' || !ioctl.argType || !/^sizeof\b/.test(ioctl.argType.trim())) continue;
      const written = def.body.some((t) => t.text === 'sizeof');
      report({
        range: ioctl.nameRange,
        message:
          `${ioctl.name} passes ${ioctl.argType.trim()} to ${ioctl.macro}, which applies sizeof to its argument itself, ` +
          'so the number encodes the size of size_t (8 bytes on 64-bit ABIs, 4 on 32-bit ones) rather than the argument\'s: pass the type.',
        ioctls: [ioctl.name],
        severity: existingSeverity(ioctl, options),
        pages: ['ioctl-design-rules'],
        fixes: written ? () => [dropSizeofFix(model, def)].filter((f) => f !== undefined) : undefined,
      });
    }
  },
};
