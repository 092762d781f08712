import type { DocumentModel } from '../../core/document';
import type { IoctlDefinition } from '../../core/ioctl/extract';
import { lastObjectLikeDefines, type MacroDef } from '../../core/preprocess/macros';
import { DRM_COMMAND_BASE, DRM_COMMAND_END, isDrmDriverIoctl } from '../ioctl-facts';
import type { Fix, TextEdit } from '../rule';

/**
 * "Convert to an accel/DRM driver ioctl": `#define MYDEV_IOCTL_ALLOC _IOWR('M', 0x01, struct a)`
 * becomes a driver offset and a DRM command, as accel drivers write them:
 *
 *   #define DRM_MYDEV_ALLOC		0x00
 *   #define DRM_IOCTL_MYDEV_ALLOC DRM_IOWR(DRM_COMMAND_BASE + DRM_MYDEV_ALLOC, struct a)
 *
 * Offsets are numbered in order after the driver's existing ones and kept together; the
 * include of drm/drm.h (which defines DRM_IOWR and DRM_COMMAND_BASE) is added when missing.
 */

const DRM_FORMS: Record<string, string> = { _IO: 'DRM_IO', _IOR: 'DRM_IOR', _IOW: 'DRM_IOW', _IOWR: 'DRM_IOWR' };

/** `MYDEV_IOCTL_ALLOC_BUF` -> driver MYDEV, operation ALLOC_BUF. */
export function drmNames(name: string): { driver: string; operation: string; offset: string; command: string } {
  const words = name.split('_').filter(Boolean);
  const k = words.indexOf('IOCTL');
  let driver: string[];
  let operation: string[];
  if (k > 0) [driver, operation] = [words.slice(0, k), words.slice(k + 1)];
  else if (k === 0) [driver, operation] = [words.slice(1, 2), words.slice(2)];
  else [driver, operation] = [words.slice(0, 1), words.slice(1)];
  if (operation.length === 0) operation = driver;
  const d = driver.join('_');
  const op = operation.join('_');
  return { driver: d, operation: op, offset: `DRM_${d}_${op}`, command: `DRM_IOCTL_${d}_${op}` };
}

function defineOf(model: DocumentModel, name: string): MacroDef | undefined {
  return lastObjectLikeDefines(model.tu.files.get(model.tu.main)?.defines ?? []).get(name);
}

// a driver name is the words before IOCTL; longer ones are not looked for among the offsets
const MAX_DRIVER_WORDS = 16;

/**
 * What every conversion in a header reads, worked out once (a header may have thousands of
 * ioctls): the next free driver offset, and the last `DRM_<DRIVER>_*` offset define of each
 * driver prefix.
 */
const numbering = new WeakMap<DocumentModel, { next: number; lastOffset: Map<string, MacroDef> }>();

function numberingOf(model: DocumentModel): { next: number; lastOffset: Map<string, MacroDef> } {
  let n = numbering.get(model);
  if (!n) {
    let next = 0;
    for (const i of model.ioctls) if (i.file === model.path && isDrmDriverIoctl(i)) next = Math.max(next, i.nr! - DRM_COMMAND_BASE + 1);
    const lastOffset = new Map<string, MacroDef>();
    for (const d of model.tu.files.get(model.tu.main)?.defines ?? []) {
      if (!d.name.startsWith('DRM_') || d.name.startsWith('DRM_IOCTL_') || d.params !== undefined || d.body.length !== 1 || d.body[0].kind !== 'number') continue;
      // under every prefix `DRM_<word>_..._` it can belong to
      const words = d.name.slice(4).split('_', MAX_DRIVER_WORDS + 1);
      let prefix = '';
      for (let k = 0; k + 1 < words.length && k < MAX_DRIVER_WORDS; k++) {
        prefix += `${words[k]}_`;
        lastOffset.set(prefix, d);
      }
    }
    n = { next, lastOffset };
    numbering.set(model, n);
  }
  return n;
}

/** Where to add `#include <drm/drm.h>`: after the last include, else after the include guard, else at the top. */
function includeEdit(model: DocumentModel): TextEdit | undefined {
  const main = model.tu.files.get(model.tu.main);
  const drm = model.tu.macros.get('DRM_IOWR');
  if (drm && !drm.fallback) return undefined;
  if (main?.includes.some((i) => /(^|\/)drm\.h$/.test(i.spec))) return undefined;
  const lastInclude = main?.includes[main.includes.length - 1];
  let row = 0;
  if (lastInclude) row = lastInclude.range.start.row + 1;
  else {
    const guard = main?.defines[0];
    if (guard && guard.body.length === 0 && guard.range) row = guard.range.end.row + 1;
  }
  return { range: { start: { row, column: 0 }, end: { row, column: 0 } }, newText: lastInclude ? '#include <drm/drm.h>\n' : '\n#include <drm/drm.h>\n' };
}

export function convertToDrmFix(model: DocumentModel, ioctl: IoctlDefinition): Fix | undefined {
  const form = ioctl.macro && DRM_FORMS[ioctl.macro];
  const def = defineOf(model, ioctl.name);
  if (!form || !def || ioctl.file !== model.path || !def.body.length || !def.range) return undefined;
  if (ioctl.macro !== '_IO' && !ioctl.argType) return undefined;
  const names = drmNames(ioctl.name);
  // the new names must not mean something already
  if (model.tu.macros.has(names.offset) || (names.command !== ioctl.name && model.tu.macros.has(names.command))) return undefined;

  const { next: n, lastOffset: offsets } = numberingOf(model);
  if (DRM_COMMAND_BASE + n >= DRM_COMMAND_END) return undefined;
  const hex = '0x' + n.toString(16).padStart(2, '0');

  const lines = model.file.lines;
  const nameStart = lines.offset(def.nameRange!.start);
  const last = def.body[def.body.length - 1];
  const bodyEnd = last.offset + last.text.length;
  const arg = ioctl.macro === '_IO' ? '' : `, ${ioctl.argType}`;
  const edits: TextEdit[] = [];

  // keep the driver's offsets together: after the last DRM_<DRIVER>_* offset, else above this ioctl
  const lastOffset = offsets.get(`${names.driver}_`);
  if (lastOffset?.range) {
    const at = lastOffset.range.end.row + 1;
    edits.push({ range: { start: { row: at, column: 0 }, end: { row: at, column: 0 } }, newText: `#define ${names.offset}\t\t${hex}\n` });
  } else {
    const row = def.range.start.row;
    edits.push({ range: { start: { row, column: 0 }, end: { row, column: 0 } }, newText: `#define ${names.offset}\t\t${hex}\n` });
  }
  edits.push({
    range: lines.range(nameStart, bodyEnd),
    newText: `${names.command}\t${form}(DRM_COMMAND_BASE + ${names.offset}${arg})`,
  });
  const include = includeEdit(model);
  if (include) edits.push(include);
  return { title: `Convert to an accel/DRM driver ioctl: ${names.command} at DRM_COMMAND_BASE + ${hex}`, edits, preferred: true };
}
