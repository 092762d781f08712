import type { Rule } from './rule';
import { PASSTHROUGH_WORDS, PAYLOAD_MEMBERS, type PassthroughWord } from '../knowledge/passthrough';
import { splitWords } from '../core/ioctl/words';
import type { IoctlDefinition } from '../core/ioctl/extract';
import type { DocumentModel } from '../core/document';
import { explainSubsystem } from '../core/ioctl/subsystem';
import { existingWhere } from './ioctl-facts';
import { subsystemNamed } from './subsystem-facts';

/**
 * An ioctl that hands opaque command blobs to the device's firmware (`*_SEND_CMD`, mailbox
 * commands, SMM calls) or gives userspace raw register or memory access (peek and poke): the
 * kernel can neither check nor document what crosses it, and its meaning changes with the
 * firmware, which maintainers have called a backdoor around the kernel's interfaces. Reported
 * whatever the subsystem, except on a subsystem's own uAPI (NVMe's admin passthrough, SG_IO).
 */

const BY_FIRST = new Map<string, PassthroughWord[]>();
for (const w of PASSTHROUGH_WORDS) {
  const first = w.word.split('_')[0];
  BY_FIRST.set(first, [...(BY_FIRST.get(first) ?? []), w]);
}

/** Names already read (a header's names recur on every edit). Bounded; cleared when full. */
const byName = new Map<string, PassthroughWord | null>();

/** The longest passthrough word in the name, and whether it needs a payload to count. */
function passthroughWord(name: string): PassthroughWord | undefined {
  let w = byName.get(name);
  if (w === undefined) {
    if (byName.size >= 8192) byName.clear();
    byName.set(name, (w = passthroughWordAnew(name) ?? null));
  }
  return w ?? undefined;
}

function passthroughWordAnew(name: string): PassthroughWord | undefined {
  const words = splitWords(name);
  let found: PassthroughWord | undefined;
  words.forEach((w, i) => {
    for (const c of BY_FIRST.get(w) ?? []) {
      const parts = c.word.split('_');
      if (!parts.every((p, k) => words[i + k] === p)) continue;
      if (!found || (found.needsPayload && !c.needsPayload) || c.word.length > found.word.length) found = c;
    }
  });
  return found;
}

/** The argument's member that carries an opaque payload (`data`, `buf`, `payload`), if any. */
function payloadMember(model: DocumentModel, ioctl: IoctlDefinition): string | undefined {
  if (!ioctl.argType || !/^(struct|union) /.test(ioctl.argType)) return undefined;
  const [kind, tag] = ioctl.argType.split(/\s+/);
  const rec = model.file.recordMembers?.get(`${kind} ${tag}`)?.members ?? model.host.index.record(kind as 'struct' | 'union', tag)?.fields?.map((f) => f.name ?? '') ?? [];
  return rec.find((m) => m && (PAYLOAD_MEMBERS.has(m.toUpperCase()) || splitWords(m).some((w) => PAYLOAD_MEMBERS.has(w))));
}

export const firmwarePassthrough: Rule = {
  id: 'firmware-passthrough',
  defaultSeverity: 'warning',
  description: 'An ioctl that passes opaque command blobs to the firmware or gives raw register or memory access.',
  criteria: 'firmware-passthrough',
  check(model, report, options) {
    for (const ioctl of model.ioctls) {
      if (ioctl.file !== model.path || ioctl.type === null) continue;
      const word = passthroughWord(ioctl.name);
      if (!word) continue;
      const answer = model.subsystemOf(ioctl);
      if (answer.shared) continue;
      const payload = word.kind === 'command' ? payloadMember(model, ioctl) : undefined;
      if (word.needsPayload) {
        // a job submission of buffer objects is not a passthrough
        if (answer.subsystem === 'drm-accel' && model.purposeOf(ioctl).purpose === 'submit') continue;
        if (!payload) continue;
      }
      const existing = existingWhere(ioctl, options);
      const s = subsystemNamed(answer.subsystem);
      const what =
        word.kind === 'register'
          ? `gives userspace raw register or memory access (name ${word.word})`
          : `passes opaque commands to the device's firmware (name ${word.word}${payload ? `, payload member \`${payload}\`` : ''})`;
      const instead =
        word.kind === 'register'
          ? 'debugfs for debugging, typed ioctls or attributes for what production userspace needs'
          : 'one typed ioctl per operation, with arguments the kernel checks and documents';
      const home = s && s.id !== 'drm-accel' ? `; ${s.title} (${explainSubsystem(answer)}) is where this device's operations belong` : '';
      report({
        range: ioctl.nameRange,
        message:
          `${ioctl.name}${existing ? ` (${existing})` : ''} ${what}: the kernel can neither check nor document what crosses it, and its meaning ` +
          `changes with the firmware, which reviewers have called a backdoor around the kernel's interfaces. Use ${instead}${home}.`,
        ioctls: [ioctl.name],
        severity: existing ? 'info' : undefined,
        pages: s && s.id !== 'drm-accel' ? ['firmware-passthrough', s.family] : ['firmware-passthrough'],
      });
    }
  },
};
