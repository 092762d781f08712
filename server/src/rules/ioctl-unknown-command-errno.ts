import type { Rule } from './rule';
import { driverOf, rangeOf } from './driver-facts';

/**
 * An ioctl handler must answer a command it does not know with -ENOTTY (or -ENOIOCTLCMD, which
 * the VFS turns into -ENOTTY): Documentation/driver-api/ioctl.rst, "Return code", calls
 * -EINVAL and -ENOSYS there wrong. Userspace probes for features by calling an ioctl and
 * reading ENOTTY as "not supported"; EINVAL says "supported, but bad arguments". Read from the
 * `default:` arm of the dispatch switch, or from what a switch without one falls through to.
 */

const RIGHT = new Set(['ENOTTY', 'ENOIOCTLCMD']);

export const ioctlUnknownCommandErrno: Rule = {
  id: 'ioctl-unknown-command-errno',
  defaultSeverity: 'warning',
  description: 'An unknown ioctl command ends in something other than -ENOTTY or -ENOIOCTLCMD.',
  criteria: 'ioctl-handler',
  documents: ['source'],
  check(model, report) {
    const driver = driverOf(model);
    if (!driver) return;
    const seen = new Set<number>();
    for (const d of driver.dispatch.dispatchers) {
      const wrong = d.unknown.filter((u) => !RIGHT.has(u.errno));
      for (const u of wrong) {
        if (seen.has(u.span.start)) continue;
        seen.add(u.span.start);
        const result = u.errno === '0' ? '0 (success)' : `-${u.errno}`;
        const range = rangeOf(model, u.span);
        if (d.defaultCase && u.inArm) {
          report({
            range,
            message:
              `An unknown command reaching ${d.fn}()'s default: ends in ${result}; it must end in -ENOTTY (or -ENOIOCTLCMD), ` +
              'which userspace reads as "this ioctl does not exist here". -EINVAL says the command exists and its argument is wrong.',
            fixes: () => [{ title: 'Return -ENOTTY for an unknown command', edits: [{ range, newText: '-ENOTTY' }], preferred: true }],
          });
          continue;
        }
        if (d.defaultCase && d.fillDefault) {
          // `default: break;`: the command leaves the switch and ends in what follows it
          const fill = d.fillDefault;
          const pos = model.file.lines.position(fill.at);
          const stmt = fill.variable ? `${fill.variable} = -ENOTTY;` : 'return -ENOTTY;';
          report({
            range: rangeOf(model, { start: d.defaultCase.start, end: d.defaultCase.start + 'default'.length }),
            message:
              `An unknown command reaching ${d.fn}()'s default: leaves the switch and ends in ${result}; it must end in -ENOTTY ` +
              '(or -ENOIOCTLCMD), which userspace reads as "this ioctl does not exist here".',
            fixes: () => [{ title: 'Return -ENOTTY for an unknown command', edits: [{ range: { start: pos, end: pos }, newText: `\n${fill.indent}\t${stmt}` }], preferred: true }],
          });
          continue;
        }
        if (!d.insertDefault) continue;
        // no default: the command falls out of the switch with this value
        const at = d.insertDefault;
        const sw = rangeOf(model, { start: d.switch.start, end: d.switch.start + 'switch'.length });
        const pos = model.file.lines.position(at.at);
        const body = at.variable ? `${at.indent}\t${at.variable} = -ENOTTY;\n${at.indent}\tbreak;\n` : `${at.indent}\treturn -ENOTTY;\n`;
        // the last case must not fall into the new arm
        const before = at.breakFirst ? `${at.indent}\tbreak;\n` : '';
        // the closing brace's own line keeps its indentation: the new arm goes above it
        const lineStart = model.file.lines.offset({ row: pos.row, column: 0 });
        const onOwnLine = /^\s*$/.test(model.file.text.slice(lineStart, at.at));
        const insert = onOwnLine ? { row: pos.row, column: 0 } : pos;
        const newText = onOwnLine ? `${before}${at.indent}default:\n${body}` : `\n${before}${at.indent}default:\n${body}`;
        report({
          range: sw,
          message:
            `${d.fn}()'s switch on the command has no default:, so an unknown command falls through and ends in ${result}; ` +
            'it must end in -ENOTTY (or -ENOIOCTLCMD).',
          fixes: () => [{ title: 'Add a default: that returns -ENOTTY', edits: [{ range: { start: insert, end: insert }, newText }], preferred: true }],
        });
      }
    }
  },
};
