import type { DocumentModel } from '../core/document';
import { ABIS, type AbiName } from '../core/abi/abis';
import type { RecordLayout, MemberLayout } from '../core/layout/layout';
import type { RecordDecl } from '../core/model/declarations';

/** A record's layout on every ABI where it can be computed, the host (x86_64) first. */
export function layoutsOf(model: DocumentModel, rec: RecordDecl): Array<{ abi: AbiName; layout: RecordLayout }> {
  const out: Array<{ abi: AbiName; layout: RecordLayout }> = [];
  for (const abi of ABIS) {
    const r = model.unit(abi.name).layout.record(rec);
    if (r.ok) out.push({ abi: abi.name, layout: r.value });
  }
  return out;
}

// kept per model, not in one table of every layout: each edit's model has new layouts, and V8
// never shrinks a weak table grown to the most of them alive between two full collections
const flattened = new WeakMap<DocumentModel, Map<RecordLayout, Array<{ key: string; member: MemberLayout }>>>();

/**
 * Top-level members with the members of anonymous structs/unions in place, keyed by name (or
 * position). Made once per layout: several rules ask, and a struct may have thousands of members.
 */
export function flatMembers(model: DocumentModel, layout: RecordLayout): ReadonlyArray<{ key: string; member: MemberLayout }> {
  let ofModel = flattened.get(model);
  if (!ofModel) flattened.set(model, (ofModel = new Map()));
  const known = ofModel.get(layout);
  if (known) return known;
  const out: Array<{ key: string; member: MemberLayout }> = [];
  const walk = (members: MemberLayout[], prefix: string) => {
    members.forEach((m, i) => {
      const key = m.name ?? `${prefix}#${i}`;
      if (m.nested) walk(m.nested.members, `${key}.`);
      else out.push({ key, member: m });
    });
  };
  walk(layout.members, '');
  ofModel.set(layout, out);
  return out;
}

/** "16 on x86_64, arm64; 12 on i386": values grouped by ABI, in ABI order (`unit` follows each value). */
export function byValue(values: Array<{ abi: AbiName; value: number }>, unit = ''): string {
  const groups = new Map<number, AbiName[]>();
  for (const v of values) groups.set(v.value, [...(groups.get(v.value) ?? []), v.abi]);
  return [...groups].map(([value, abis]) => `${value}${unit} on ${abis.length > 4 ? `${abis.slice(0, 3).join(', ')} and ${abis.length - 3} more` : abis.join(', ')}`).join('; ');
}

export function recordTitle(rec: RecordDecl): string {
  return rec.tag ? `${rec.kind} ${rec.tag}` : `an anonymous ${rec.kind}`;
}
