import type { DocumentModel } from './document';
import type { IoctlDefinition } from './ioctl/extract';
import { describeDir, describeMagic } from './ioctl/forms';
import { ABIS, type AbiName } from './abi/abis';
import type { MemberLayout, RecordLayout } from './layout/layout';
import type { RecordDecl } from './model/declarations';
import { explain } from './ioctl/classify';
import { suggestionsFor } from '../knowledge/catalogue';
import { explainEvidence, explainSubsystem, subsystemTitle, type SubsystemAnswer } from './ioctl/subsystem';
import { kernelDocAbove } from './parse/kernel-doc';

/**
 * Text descriptions of ioctls and structs (Markdown), shared by the hover and the CLI so that
 * both say the same thing the same way.
 */

export function hex(n: number, width = 8): string {
  return '0x' + (n >>> 0).toString(16).toUpperCase().padStart(width, '0');
}

/** Direction in words from the caller's point of view, with the form. */
function directionLine(i: IoctlDefinition): string {
  if (!i.dir) return i.macro ?? 'unknown form';
  const words: Record<string, string> = {
    none: 'no data is passed',
    r: 'the kernel writes the argument back to userspace',
    w: 'userspace passes the argument to the kernel',
    rw: 'the argument goes to the kernel and comes back',
  };
  return `\`${i.macro}\`: ${describeDir(i.dir)} (${words[i.dir]})`;
}

/** ABIs grouped by identical value, x86_64 and i386 always shown first. */
function numberRows(values: Record<AbiName, { value: number | null; size: number | null; unresolved: string | null }>): string[] {
  const rows: string[] = [];
  const host = values.x86_64;
  const shown = new Set<AbiName>();
  const row = (abis: AbiName[], v: (typeof values)[AbiName]) => {
    const abiText = abis.join(', ');
    if (v.value === null) rows.push(`| ${abiText} | unresolved | ${v.unresolved ?? ''} |`);
    else rows.push(`| ${abiText} | \`${hex(v.value)}\` | ${v.size ?? '?'} bytes |`);
    abis.forEach((a) => shown.add(a));
  };
  row(['x86_64'], host);
  row(['i386'], values.i386);
  // the others only where they differ from x86_64, grouped by value
  const groups = new Map<string, AbiName[]>();
  for (const abi of ABIS) {
    if (shown.has(abi.name)) continue;
    const v = values[abi.name];
    if (v.value === host.value && v.size === host.size && v.value !== null) continue;
    const key = `${v.value}/${v.size}/${v.unresolved}`;
    groups.set(key, [...(groups.get(key) ?? []), abi.name]);
  }
  for (const abis of groups.values()) row(abis, values[abis[0]]);
  const same = ABIS.filter((a) => !shown.has(a.name)).map((a) => a.name);
  if (same.length) rows.push(`| ${same.join(', ')} | same as x86_64 | |`);
  return rows;
}

/**
 * Lines of a layout table, up to `out.max` lines. Past them, each level of the table says how
 * many of its members are left out, and nothing more is looked at.
 * Returns false when the table was cut.
 */
function memberLines(layout: RecordLayout, indent: string, base: number, out: { lines: string[]; max: number }): boolean {
  // each hole is shown once, above the member it ends at (holes and members come in offset order)
  const holes = layout.holes.filter((h) => h.size > 0);
  let h = 0;
  for (let k = 0; k < layout.members.length; k++) {
    if (out.lines.length >= out.max) {
      out.lines.push(`${indent}/* ... ${layout.members.length - k} more member${layout.members.length - k > 1 ? 's' : ''} */`);
      return false;
    }
    const m = layout.members[k];
    const off = base + m.offset;
    while (h < holes.length && holes[h].offset + holes[h].size < m.offset) h++;
    const hole = holes[h];
    if (hole && hole.offset + hole.size === m.offset) {
      out.lines.push(`${indent}/* XXX ${hole.size} byte${hole.size > 1 ? 's' : ''} hole */`);
      h++;
    }
    if (m.nested) {
      out.lines.push(`${indent}${m.nested.record.kind} {${' '.repeat(Math.max(1, 40 - indent.length - 8))}/* ${String(off).padStart(4)} ${String(m.nested.size).padStart(4)} */`);
      const whole = memberLines(m.nested, indent + '    ', off, out);
      out.lines.push(`${indent}};`);
      if (!whole) {
        if (k + 1 < layout.members.length) out.lines.push(`${indent}/* ... ${layout.members.length - k - 1} more member${layout.members.length - k - 1 > 1 ? 's' : ''} */`);
        return false;
      }
      continue;
    }
    out.lines.push(memberLine(m, indent, off));
  }
  return true;
}

function memberLine(m: MemberLayout, indent: string, off: number): string {
  const decl = `${indent}${m.typeName} ${m.name ?? ''}${m.bitWidth !== undefined ? `:${m.bitWidth}` : ''};`;
  const where = m.bitWidth !== undefined ? `${off}:${m.bitOffset}` : String(off);
  return `${decl.padEnd(40)} /* ${where.padStart(4)} ${String(m.size).padStart(4)} */`;
}

// A hover is read, not searched: a struct of thousands of members shows its first ones.
const MAX_TABLE_LINES = 500;

/** A pahole-like table of a record's layout on one ABI. */
export function layoutTable(layout: RecordLayout): string {
  const r = layout.record;
  const table = { lines: [`${r.kind} ${r.tag ?? '(anonymous)'} {`], max: MAX_TABLE_LINES };
  memberLines(layout, '    ', 0, table);
  const out = table.lines;
  if (layout.tailPadding > 0) out.push(`    /* ${layout.tailPadding} byte${layout.tailPadding > 1 ? 's' : ''} tail padding */`);
  out.push(`};  /* size ${layout.size}, align ${layout.align} */`);
  return out.join('\n');
}

/** The record's layout on every ABI, grouped where they are the same. */
export function recordLayouts(model: DocumentModel, rec: RecordDecl): string {
  const groups: Array<{ abis: AbiName[]; text: string }> = [];
  for (const abi of ABIS) {
    const unit = model.unit(abi.name);
    const r = unit.layout.record(rec);
    const text = r.ok ? layoutTable(r.value) : `/* cannot be laid out: ${r.reason} */`;
    const same = groups.find((g) => g.text === text);
    if (same) same.abis.push(abi.name);
    else groups.push({ abis: [abi.name], text });
  }
  const label = (abis: AbiName[]): string => {
    if (groups.length === 1) return '';
    if (abis.length === ABIS.length - 1) return `**all ABIs except ${ABIS.find((a) => !abis.includes(a.name))!.name}**\n`;
    return `**${abis.join(', ')}**\n`;
  };
  return groups.map((g) => `${label(g.abis)}\`\`\`c\n${g.text}\n\`\`\``).join('\n');
}

/** A kernel-doc comment as Markdown: the summary line, then `@member: text` as a list. */
export function kernelDocMarkdown(doc: string): string {
  return doc
    .split('\n')
    .map((l) => {
      const m = /^@(\w+):\s*(.*)$/.exec(l);
      return m ? `- \`${m[1]}\`: ${m[2]}` : l;
    })
    .join('\n');
}

/** "**Subsystem:** IIO (`iio`): member `lux`, name ALS" */
function subsystemLine(a: SubsystemAnswer): string {
  if (a.subsystem === null && a.declined) {
    // the device is a subsystem's, but the subsystem has nothing for this command
    return `**Subsystem:** none fits: the device is ${subsystemTitle(a.declined)}'s (${explainEvidence(a)}), but ${a.cover?.advice ?? 'it has no interface for this'}.`;
  }
  if (a.subsystem === null) return '**Subsystem:** none fits (no evidence of a device class in its name, argument, comment or file name).';
  const title = subsystemTitle(a.subsystem);
  if (a.shared) return `**Subsystem:** ${title}'s own uAPI (\`${a.shared.header}\`: ${a.shared.note}), not a private interface.`;
  return `**Subsystem:** ${title} (${explainSubsystem(a)}).`;
}

/** The whole description of an ioctl, as Markdown. */
export function describeIoctl(model: DocumentModel, i: IoctlDefinition): string {
  const parts: string[] = [];
  parts.push(`**${i.name}**${i.via.length ? ` (through ${i.via.map((v) => `\`${v}\``).join(', ')})` : ''}`);
  const fields = [
    directionLine(i),
    i.type !== null ? `magic ${describeMagic(i.type)}` : 'magic unknown',
    i.nr !== null ? `nr ${i.nr} (${hex(i.nr, 2)})` : 'nr unknown',
    i.argType ? `argument \`${i.argType}\`` : 'no argument',
  ];
  parts.push(fields.join(' · '));
  if (i.unresolved) parts.push(`*Cannot be decoded exactly:* ${i.unresolved}`);
  const purpose = model.purposeOf(i);
  const covered = suggestionsFor(purpose.purpose).map((e) => e.title);
  parts.push(
    `**Purpose:** ${purpose.purpose} (${explain(purpose)}). Existing interfaces: ${covered.join('; ')}.`,
  );
  parts.push(subsystemLine(model.subsystemOf(i)));
  const doc = kernelDocAbove(model.file.text, model.file.lines.offset(i.range.start));
  if (doc && i.file === model.path) parts.push(kernelDocMarkdown(doc));
  const values = model.abiValues(i);
  parts.push(['| ABI | number | argument |', '|---|---|---|', ...numberRows(values)].join('\n'));
  if (i.argType && /^(struct|union) /.test(i.argType)) {
    const [kind, tag] = i.argType.split(/\s+/);
    const rec = model.host.index.record(kind as 'struct' | 'union', tag);
    if (rec?.fields) {
      parts.push(recordLayouts(model, rec));
      const recDoc = rec.file === model.path ? kernelDocAbove(model.file.text, rec.start) : null;
      if (recDoc) parts.push(kernelDocMarkdown(recDoc));
    }
  }
  return parts.join('\n\n');
}
