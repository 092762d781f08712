import type { DocumentModel } from '../document';
import { ABIS, type AbiName } from '../abi/abis';
import { decode } from '../abi/encoding';
import type { IoctlDefinition } from '../ioctl/extract';
import { DRM_MAGIC } from '../ioctl/forms';
import type { MemberLayout, RecordLayout } from '../layout/layout';
import type { RecordDecl } from '../model/declarations';
import type { SourceRange } from '../source';
import { RESERVED_ROOM } from '../../knowledge/member-names';

/**
 * What a header's uAPI became between the base and now, on every ABI: ioctls added, removed or
 * renumbered, structs an ioctl reaches that were extended or broken, and enum constants whose
 * values changed. It is what `uapi-abi-break`, `uapi-abi-extension` and `uapi-lint diff` report.
 *
 * A break is what makes a binary built against the base header fail with the kernel built from
 * the new one (Documentation/process/adding-syscalls.rst, Documentation/driver-api/ioctl.rst):
 * a command number that is no longer the same, a member that moved, changed size, width or
 * signedness, or went away, a struct that shrank, a constant with another value. Not breaks:
 * a reserved or pad member put to use at the same offset and size (whole, or split into members
 * that cover it exactly), a member renamed at the same offset and type, a trailing `[0]` or
 * `[1]` array that became a flexible one, and members appended to a struct whose ioctl the
 * kernel copies by size (every DRM ioctl: drm_ioctl() copies what userspace gave and zeroes the
 * rest, Documentation/gpu/drm-uapi.rst "IOCTL Support on Device Nodes"), which is an extension.
 */

export type UapiChangeKind = 'ioctl-added' | 'ioctl-removed' | 'ioctl-renumbered' | 'struct-extended' | 'struct-broken' | 'constant-changed';

export interface UapiChange {
  kind: UapiChangeKind;
  /** `break`: old binaries stop working; `extension`: the kernel's copy by size absorbs it; `addition`: new uAPI. */
  verdict: 'break' | 'extension' | 'addition';
  /** `DRM_IOCTL_FOO`, `struct foo`, `FOO_FLAG`. */
  subject: string;
  /** Where in the current document (its first line when the subject is gone). */
  range: SourceRange;
  /** The ioctls it concerns. */
  ioctls: string[];
  /** The ABIs on which it was found. */
  abis: AbiName[];
  /** What changed, on the first of those ABIs (`member flags moved from offset 8 to 16`). */
  details: string[];
  /** Both layouts on that ABI, for hovers and reports (`24 bytes: a @0 (4), b @8 (8)`). */
  layouts?: { abi: AbiName; base: string; current: string };
}

/** Counters and sentinels that are meant to change when an enum grows (abidiff filters them too). */
const SENTINEL = /(^__|^(MAX|NUM|NR|LAST)_|_(MAX|NUM|NR|LAST|COUNT|END)(_[A-Z]+)?$|_NUMBER$|_LIMIT$|_ALL$|_MASK$)/;

const FILE_START: SourceRange = { start: { row: 0, column: 0 }, end: { row: 0, column: 0 } };

/** The ioctls a header's definitions reach, by name (an ioctl defined twice counts once). */
function ownIoctls(model: DocumentModel): Map<string, IoctlDefinition> {
  const m = new Map<string, IoctlDefinition>();
  for (const i of model.ioctls) if (!m.has(i.name)) m.set(i.name, i);
  return m;
}

function recordOf(model: DocumentModel, typeName: string | null): RecordDecl | undefined {
  const m = /^(struct|union)\s+(\w+)/.exec(typeName ?? '');
  if (!m) return undefined;
  const rec = model.host.index.record(m[1] as 'struct' | 'union', m[2]);
  return rec?.fields ? rec : undefined;
}

/** Bytes, then every member with its offset and size: one line per layout. */
export function layoutLine(l: RecordLayout): string {
  const members = flat(l).map(({ key, member: m }) => `${key} @${m.offset}${m.bitWidth !== undefined ? `.${m.bitOffset}:${m.bitWidth}` : ''} (${m.size})`);
  return `${l.size} bytes: ${members.join(', ') || 'no members'}`;
}

/** Every member, those of nested anonymous records in place, with offsets from the start of the outer record. */
function flat(l: RecordLayout): Array<{ key: string; member: MemberLayout }> {
  const out: Array<{ key: string; member: MemberLayout }> = [];
  const walk = (members: MemberLayout[], prefix: string, at: number) =>
    members.forEach((m, i) => {
      const key = m.name ?? `${prefix}#${i}`;
      // a nested record's members count from its own start
      if (m.nested) walk(m.nested.members, m.name ? `${key}.` : prefix, at + m.offset);
      else out.push({ key: m.name ? `${prefix}${m.name}` : key, member: at ? { ...m, offset: at + m.offset } : m });
    });
  walk(l.members, '', 0);
  return out;
}

type Signedness = 'signed' | 'unsigned' | undefined;

/** What an integer type's name says of its sign (`__s32`, `int`: signed; `__u32`, `__le32`: unsigned). */
function signOf(typeName: string): Signedness {
  const t = typeName.replace(/\b(const|volatile)\b/g, '').trim();
  if (/^(__)?u\d+$|^__(le|be)\d+$|^__aligned_u64$|^unsigned\b|^uint\d+_t$|^size_t$|^_Bool$|^bool$/.test(t)) return 'unsigned';
  if (/^(__)?s\d+$|^int\d+_t$|^(signed\s+)?(char|short|int|long|long long)(\s+int)?$|^signed\b|^ssize_t$/.test(t)) return 'signed';
  return undefined;
}

interface RecordDiff {
  verdict: 'break' | 'extension' | undefined;
  details: string[];
  /** Pairs of nested records to compare too. */
  nested: Array<[string, string]>;
}

/** Compare one record's layouts on one ABI. */
function compareLayouts(b: RecordLayout, c: RecordLayout): RecordDiff {
  const details: string[] = [];
  const nested: Array<[string, string]> = [];
  let broken = false;
  const bm = flat(b);
  const cm = flat(c);
  const byKey = new Map(cm.map((x) => [x.key, x.member]));
  const baseKeys = new Set(bm.map((x) => x.key));
  const matched = new Set<MemberLayout>();
  const lastB = bm[bm.length - 1];
  const lastC = cm[cm.length - 1];
  // a trailing [0] or [1] array that became a flexible array: the same member, not a change
  const flexMigration =
    lastB && lastC && lastB.key === lastC.key && /\[[01]\]$/.test(lastB.member.typeName) && lastC.member.size === 0 && /\[\]$/.test(lastC.member.typeName) && lastB.member.offset === lastC.member.offset;
  for (const { key, member: m } of bm) {
    const now = byKey.get(key);
    // a reserved member put to use: what lies in its bytes now is new members, or what is left of it
    if (RESERVED_ROOM.test(key.replace(/^.*\./, '')) && m.bitWidth === undefined && (!now || now.offset !== m.offset || now.size !== m.size)) {
      const end = m.offset + m.size;
      const inside = cm.filter((x) => (x.key === key || !baseKeys.has(x.key)) && x.member.offset >= m.offset && x.member.offset + x.member.size <= end);
      const overlapping = cm.some((x) => !inside.includes(x) && x.member.size > 0 && x.member.offset < end && x.member.offset + x.member.size > m.offset);
      if (inside.length && !overlapping) {
        for (const x of inside) matched.add(x.member);
        continue;
      }
    }
    if (now) {
      matched.add(now);
      if (flexMigration && key === lastB.key) continue;
      if (now.offset !== m.offset || (now.bitOffset ?? 0) !== (m.bitOffset ?? 0)) {
        details.push(`member ${key} moved from offset ${m.offset}${m.bitWidth !== undefined ? ` bit ${m.bitOffset}` : ''} to ${now.offset}${now.bitWidth !== undefined ? ` bit ${now.bitOffset}` : ''}`);
        broken = true;
        continue;
      }
      // a record member, or an array of records: compared as records of their own
      const recordType = (t: string) => (/^(struct|union) \w+(\[\d*\])*$/.test(t) ? t.replace(/(\[\d*\])+$/, '') : undefined);
      const bRec = recordType(m.typeName);
      const cRec = recordType(now.typeName);
      if (bRec && cRec) {
        // compared as records of their own; a size change shows there
        nested.push([bRec, cRec]);
        if (now.size < m.size) {
          details.push(`member ${key} (${m.typeName}) shrank from ${m.size} to ${now.size} bytes`);
          broken = true;
        }
        continue;
      }
      if (now.size !== m.size || (now.bitWidth ?? -1) !== (m.bitWidth ?? -1)) {
        details.push(`member ${key} resized from ${m.bitWidth !== undefined ? `${m.bitWidth} bits` : `${m.size} bytes`} (${m.typeName}) to ${now.bitWidth !== undefined ? `${now.bitWidth} bits` : `${now.size} bytes`} (${now.typeName})`);
        broken = true;
        continue;
      }
      // the same offset and size: only a change of signedness changes what the bytes mean to
      // both sides (a typedef replaced by an array of the same bytes, `guid_t` to `__u8[16]`, does not)
      const sb = signOf(m.typeName);
      const sc = signOf(now.typeName);
      if (now.typeName !== m.typeName && sb && sc && sb !== sc) {
        details.push(`member ${key} changed from ${sb} (${m.typeName}) to ${sc} (${now.typeName})`);
        broken = true;
      }
      continue;
    }
    // gone by name: renamed in place, or a reserved member put to use
    const end = m.offset + m.size;
    const inPlace = cm.filter((x) => !baseKeys.has(x.key)).filter((x) => x.member.offset >= m.offset && x.member.offset + x.member.size <= end && x.member.size > 0);
    const sameBits = (x: MemberLayout) => (x.bitOffset ?? 0) === (m.bitOffset ?? 0) && (x.bitWidth ?? -1) === (m.bitWidth ?? -1);
    if (inPlace.length === 1 && inPlace[0].member.offset === m.offset && inPlace[0].member.size === m.size && sameBits(inPlace[0].member)) {
      const x = inPlace[0].member;
      matched.add(x);
      const sb = signOf(m.typeName);
      const sc = signOf(x.typeName);
      // renamed in place: a break only where the sign of the bytes changed
      if (!sb || !sc || sb === sc || RESERVED_ROOM.test(key.replace(/^.*\./, ''))) continue;
      details.push(`member ${key} became ${inPlace[0].key}, ${sc} where it was ${sb} (${m.typeName} to ${x.typeName})`);
      broken = true;
      continue;
    }
    details.push(`member ${key} (${m.typeName} at offset ${m.offset}) removed`);
    broken = true;
  }
  let grew = false;
  const flexSlack = flexMigration ? lastB.member.size + (b.size - (lastB.member.offset + lastB.member.size)) : 0;
  if (c.size < b.size - flexSlack) {
    details.push(`size shrank from ${b.size} to ${c.size} bytes`);
    broken = true;
  } else if (c.size > b.size) {
    const appended = cm.filter((x) => !matched.has(x.member) && x.member.offset >= b.size - (b.tailPadding ?? 0)).map((x) => x.key);
    details.push(`size grew from ${b.size} to ${c.size} bytes${appended.length ? ` (${appended.join(', ')} appended)` : ''}`);
    grew = true;
  }
  return { verdict: broken ? 'break' : grew ? 'extension' : undefined, details, nested };
}

/** Whether the kernel copies this ioctl's argument by the size userspace passed (so appending is an extension). */
export function copiedBySize(ioctl: IoctlDefinition): boolean {
  // drm_ioctl(): any command of the DRM magic, core or driver, is copied by size and zero-extended
  return ioctl.type === DRM_MAGIC;
}

/** Every uAPI change between two versions of one header. */
export function compareModels(base: DocumentModel, current: DocumentModel): UapiChange[] {
  const out: UapiChange[] = [];
  const before = ownIoctls(base);
  const after = ownIoctls(current);

  // ioctls: gone, added, and numbers that changed in more than the size
  for (const [name, was] of before) {
    if (!after.has(name) && was.file === base.path) {
      out.push({ kind: 'ioctl-removed', verdict: 'break', subject: name, range: FILE_START, ioctls: [name], abis: ABIS.map((a) => a.name), details: [`${name} (${was.macro ?? 'defined'} at line ${was.nameRange.start.row + 1} of the base) is no longer defined`] });
    }
  }
  for (const [name, now] of after) {
    if (now.file !== current.path) continue;
    const was = before.get(name);
    if (!was) {
      out.push({ kind: 'ioctl-added', verdict: 'addition', subject: name, range: now.nameRange, ioctls: [name], abis: ABIS.map((a) => a.name), details: [`${name} is new`] });
      continue;
    }
    const wasValues = base.abiValues(was);
    const nowValues = current.abiValues(now);
    const renumbered: AbiName[] = [];
    let first: string | undefined;
    for (const abi of ABIS) {
      const b = wasValues[abi.name];
      const c = nowValues[abi.name];
      if (b.value === null || c.value === null || b.value === c.value) continue;
      const db = decode(b.value, abi.family);
      const dc = decode(c.value, abi.family);
      const fields = db.dir !== dc.dir || db.type !== dc.type || db.nr !== dc.nr;
      // a size change alone comes from the argument struct, reported with it when it is one
      if (!fields && recordOf(current, now.argType) && recordOf(base, was.argType)) continue;
      renumbered.push(abi.name);
      first ??= `0x${(b.value >>> 0).toString(16).toUpperCase()} became 0x${(c.value >>> 0).toString(16).toUpperCase()} on ${abi.name}${db.dir !== dc.dir ? ` (direction ${db.dir} to ${dc.dir})` : ''}${db.type !== dc.type ? ` (type 0x${db.type.toString(16)} to 0x${dc.type.toString(16)})` : ''}${db.nr !== dc.nr ? ` (nr ${db.nr} to ${dc.nr})` : ''}${db.size !== dc.size ? ` (size ${db.size} to ${dc.size}${was.argType !== now.argType ? `: ${was.argType ?? 'no argument'} to ${now.argType ?? 'no argument'}` : ''})` : ''}`;
    }
    if (renumbered.length) out.push({ kind: 'ioctl-renumbered', verdict: 'break', subject: name, range: now.nameRange, ioctls: [name], abis: renumbered, details: [first!] });
  }

  // the records the base's ioctls reach, paired with what they are now
  const users = new Map<string, Set<IoctlDefinition>>();
  const pairs: Array<{ b: RecordDecl; c: RecordDecl; key: string }> = [];
  const queued = new Set<string>();
  const queue = (bt: string | null, ct: string | null, ioctl: IoctlDefinition) => {
    const b = recordOf(base, bt);
    const c = recordOf(current, ct);
    if (!b || !c) return;
    const key = `${bt} ${ct}`;
    users.set(key, (users.get(key) ?? new Set()).add(ioctl));
    if (queued.has(key)) return;
    queued.add(key);
    pairs.push({ b, c, key });
  };
  for (const [name, now] of after) {
    const was = before.get(name);
    if (was) queue(was.argType, now.argType, now);
  }
  for (let k = 0; k < pairs.length; k++) {
    const { b, c, key } = pairs[k];
    const ioctls = [...users.get(key)!];
    // compared on every ABI; reported once, with the details of the first ABI that shows them
    const broken: AbiName[] = [];
    const extended: AbiName[] = [];
    let shown: { abi: AbiName; diff: RecordDiff; bl: RecordLayout; cl: RecordLayout } | undefined;
    for (const abi of ABIS) {
      const bl = base.unit(abi.name).layout.record(b);
      const cl = current.unit(abi.name).layout.record(c);
      if (!bl.ok || !cl.ok) continue;
      const diff = compareLayouts(bl.value, cl.value);
      for (const [bt, ct] of diff.nested) {
        for (const i of ioctls) queue(bt, ct, i);
      }
      if (!diff.verdict) continue;
      (diff.verdict === 'break' ? broken : extended).push(abi.name);
      if (!shown || (diff.verdict === 'break' && shown.diff.verdict !== 'break')) shown = { abi: abi.name, diff, bl: bl.value, cl: cl.value };
    }
    if (!shown || c.file !== current.path) continue;
    const subject = c.tag ? `${c.kind} ${c.tag}` : `(anonymous ${c.kind})`;
    const range = current.file.lines.range(c.nameStart, c.nameEnd);
    const layouts = { abi: shown.abi, base: layoutLine(shown.bl), current: layoutLine(shown.cl) };
    const names = ioctls.map((i) => i.name);
    if (broken.length) {
      out.push({ kind: 'struct-broken', verdict: 'break', subject, range, ioctls: names, abis: broken, details: shown.diff.details, layouts });
    } else {
      // appended members: an extension where the kernel copies by size, else the command number changes
      const bySize = ioctls.every(copiedBySize);
      out.push({ kind: 'struct-extended', verdict: bySize ? 'extension' : 'break', subject, range, ioctls: names, abis: extended, details: shown.diff.details, layouts });
    }
  }

  // enum constants with another value (counters and sentinels excepted), in a header of ioctls:
  // the values its ioctls carry (a header of netlink attributes or /proc fields is no ioctl's)
  const own = (m: DocumentModel) => new Map(m.file.enumerators.map((e) => [e.name, e]));
  const beforeEnums = own(base);
  const hasIoctls = [...before.values()].some((i) => i.file === base.path);
  for (const e of hasIoctls ? current.file.enumerators : []) {
    if (!beforeEnums.has(e.name) || SENTINEL.test(e.name)) continue;
    const b = base.host.enums.get(e.name);
    const c = current.host.enums.get(e.name);
    if (!b?.ok || !c?.ok || b.value.value === c.value.value) continue;
    out.push({ kind: 'constant-changed', verdict: 'break', subject: e.name, range: current.file.lines.range(e.start, e.end), ioctls: [], abis: ABIS.map((a) => a.name), details: [`${e.name} was ${b.value.value} and is now ${c.value.value}`] });
  }
  return out;
}

/**
 * The structs and unions a header's own ioctls reach: their argument types and, through their
 * members (arrays and nested records included), the records inside them (`struct foo`).
 */
export function recordsReachedByIoctls(model: DocumentModel): Set<string> {
  const out = new Set<string>();
  const visit = (typeName: string | null) => {
    const rec = recordOf(model, typeName);
    if (!rec || out.has(`${rec.kind} ${rec.tag}`)) return;
    out.add(`${rec.kind} ${rec.tag}`);
    const layout = model.host.layout.record(rec);
    if (!layout.ok) return;
    for (const { member } of flat(layout.value)) visit(member.typeName.replace(/(\[\d*\])+$/, ''));
  };
  for (const i of ownIoctls(model).values()) if (i.file === model.path) visit(i.argType);
  return out;
}
