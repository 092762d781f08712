import * as path from 'node:path';
import type { DocumentModel } from './document';
import type { DispatchedIoctl } from './driver/dispatch';
import type { DriverModel } from './driver/model';
import type { Registration } from './driver/registration';
import { compatKind } from './driver/registration';
import { findKernelTree } from './include/roots';
import { fileSections, keywordSections, readMaintainers, values, type MaintainersSection } from './maintainers/maintainers';
import { FALLBACK_DMA_BUF_SECTION, SHARED_APIS } from '../knowledge/driver-apis';

/**
 * Text descriptions of a driver source (Markdown) for the hover: the driver as a whole (how it
 * is exposed, its ioctls with their purposes and handlers, the shared APIs it uses, who reviews
 * it), and what one dispatched ioctl's handler does with its argument.
 */

const KIND_WORDS: Record<Registration['kind'], string> = {
  misc: 'a misc device',
  cdev: 'a character device',
  drm: 'a DRM device',
  accel: 'an accel device (/dev/accel/accel*)',
};

function line(model: DocumentModel, offset: number): number {
  return model.file.lines.position(offset).row + 1;
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

/** What the handler of one ioctl does with its argument, in a sentence or two. */
export function describeHandling(model: DocumentModel, driver: DriverModel, d: DispatchedIoctl): string {
  const where =
    d.via === 'switch'
      ? `dispatched by ${code(`${d.dispatcher}()`)}'s switch (line ${line(model, d.span.start)})`
      : `in the ioctl table ${code(d.dispatcher)} (line ${line(model, d.span.start)})${d.flags.length ? `, flags ${d.flags.map(code).join(' | ')}` : ''}`;
  const parts = [`**Dispatch:** ${where}${d.handler ? `, handled by ${code(`${d.handler}()`)}` : ', handled in the case itself'}.`];
  const facts = driver.handler(d);
  const arg = facts.argument;
  if (arg) {
    const how = arg.copy ? `${code(arg.copy.call.name)} copies ${code(`${arg.kind} ${arg.tag}`)} into ${code(arg.name)}${arg.copy.size ? ` (${code(arg.copy.size.text)})` : ''}` : `the core copied ${code(`${arg.kind} ${arg.tag}`)}; the handler reads it as ${code(arg.name)}`;
    const members = [...arg.members];
    const read = members.filter(([, m]) => m.read).map(([k]) => k);
    const checked = members.filter(([, m]) => m.tested || m.unknownBits).map(([k]) => k);
    const written = members.filter(([, m]) => m.written && !m.read).map(([k]) => k);
    const list = (xs: string[]) => (xs.length ? xs.map(code).join(', ') : 'none');
    parts.push(
      `**Argument:** ${how}. Reads ${list(read)}; checks ${list(checked)}${written.length ? `; fills ${list(written)}` : ''}` +
        `${arg.escapes ? `; hands the whole struct to ${code(`${arg.escapes}()`)} in another file` : ''}.`,
    );
  }
  const back = facts.copies.filter((c) => c.call.direction === 'to-user' && c.fromArgument);
  if (back.length) parts.push(`**Copies back:** ${back.map((c) => `${code(c.call.name)} (line ${line(model, c.start)})`).join(', ')}.`);
  return parts.join('\n\n');
}

function sectionText(s: MaintainersSection): string {
  const people = [...values(s, 'M'), ...values(s, 'R')];
  const lists = values(s, 'L');
  return `**${s.name}**: ${[...people, ...lists].join(', ') || 'no one listed'}`;
}

/** Who reviews the file: its MAINTAINERS sections by path, and the API sections its content pulls in. */
function reviewers(model: DocumentModel, driver: DriverModel): string[] {
  const tree = path.isAbsolute(model.path) ? findKernelTree(path.dirname(model.path)) : undefined;
  const m = tree ? readMaintainers(tree) : undefined;
  if (m && tree) {
    const rel = path.relative(tree, model.path).split(path.sep).join('/');
    const byPath = fileSections(m, rel, tree).filter((s) => s.name !== 'THE REST');
    const byKeyword = keywordSections(m, model.file.text).map((k) => k.section).filter((s) => !byPath.includes(s));
    return [
      ...byPath.map((s) => `- ${sectionText(s)} (F: matches ${code(rel)})`),
      ...byKeyword.map((s) => `- ${sectionText(s)} (its K: pattern matches this file)`),
    ];
  }
  if (driver.sharedApis.some((u) => SHARED_APIS.find((a) => a.id === u.api)?.needsReview)) {
    const s = FALLBACK_DMA_BUF_SECTION;
    return [`- **${s.name}** (MAINTAINERS, ${s.release}): ${[...s.maintainers, ...s.lists].join(', ')} (the driver uses dma-buf)`];
  }
  return [];
}

/** The driver as a whole: the hover of its registration call. */
export function describeDriver(model: DocumentModel, driver: DriverModel): string {
  const parts: string[] = [`**${path.basename(model.path)}: the driver's uAPI**`];
  const exposed = driver.registrations.map((r) => {
    const fops = driver.fops.find((f) => f.name === r.fops);
    const ops = fops
      ? `; file operations ${code(fops.name)}${fops.drmMacro ? ` (${code(fops.drmMacro)})` : ''}: unlocked_ioctl ${fops.unlockedIoctl ? code(fops.unlockedIoctl) : 'none'}, compat_ioctl ${fops.compatIoctl ? code(fops.compatIoctl) : 'none'}${compatKind(fops) === 'native' ? ' (the native handler)' : ''}`
      : '';
    const drm = driver.drmDrivers.find((d) => d.name === r.drmDriver);
    const features = drm?.features.length ? `; ${code(drm.name)} features ${drm.features.map(code).join(' | ')}` : '';
    return `- ${KIND_WORDS[r.kind]}: ${code(r.call)} (line ${line(model, r.span.start)})${ops}${features}`;
  });
  parts.push(exposed.length ? `**Exposed as**\n${exposed.join('\n')}` : '**Exposed as**: no registration in this file');

  const dispatched = driver.dispatch.dispatched;
  if (dispatched.length) {
    const rows = dispatched.slice(0, 100).map((d) => {
      const purpose = d.ioctl ? model.purposeOf(d.ioctl).purpose : 'unresolved';
      const arg = d.ioctl?.argType ? code(d.ioctl.argType) : d.ioctl ? 'none' : '?';
      return `| ${code(d.name)} | ${purpose} | ${d.handler ? code(`${d.handler}()`) : 'in the case'} | ${arg} |`;
    });
    if (dispatched.length > 100) rows.push(`| ... ${dispatched.length - 100} more | | | |`);
    parts.push([`**ioctls** (${dispatched.length})`, '', '| ioctl | purpose | handler | argument |', '|---|---|---|---|', ...rows].join('\n'));
  }
  const unknown = driver.dispatch.dispatchers.flatMap((d) => d.unknown.map((u) => `${u.errno === '0' ? '0' : `-${u.errno}`} (${code(`${d.fn}()`)}, line ${line(model, u.span.start)})`));
  if (unknown.length) parts.push(`**Unknown commands** end in ${[...new Set(unknown)].join(', ')}.`);
  const apis = new Map<string, Set<string>>();
  for (const u of driver.sharedApis) apis.set(u.api, (apis.get(u.api) ?? new Set()).add(u.name));
  if (apis.size) {
    parts.push(`**Shared APIs**\n${[...apis].map(([api, names]) => `- ${SHARED_APIS.find((a) => a.id === api)?.title ?? api}: ${[...names].slice(0, 8).map(code).join(', ')}${names.size > 8 ? ', ...' : ''}`).join('\n')}`);
  }
  const who = reviewers(model, driver);
  if (who.length) parts.push(`**Reviewers** (MAINTAINERS, as get_maintainer.pl reads it)\n${who.join('\n')}`);
  return parts.join('\n\n');
}
