import type { CheckedCase, FuzzSession, Verdict } from './session';

/**
 * Reduce a failing input to fewer lines that fail the same way (delta debugging over lines):
 * a saved failure is then a few lines that show the bug, not a mutated copy of a kernel header.
 */
export async function reduceCase(
  session: FuzzSession,
  c: CheckedCase,
  kind: Verdict['kind'],
  budget: { attempts: number; ms: number },
): Promise<{ bytes: Buffer; attempts: number }> {
  let lines = splitKeepingEnds(c.bytes);
  const deadline = performance.now() + budget.ms;
  let attempts = 0;
  const stillFails = async (candidate: Buffer[]): Promise<boolean> => {
    attempts++;
    const v = await session.check({ ...c, bytes: Buffer.concat(candidate) });
    return v.kind === kind;
  };
  let chunk = Math.max(1, Math.ceil(lines.length / 2));
  while (attempts < budget.attempts && performance.now() < deadline) {
    let progress = false;
    for (let i = 0; i < lines.length && attempts < budget.attempts && performance.now() < deadline; ) {
      const candidate = [...lines.slice(0, i), ...lines.slice(i + chunk)];
      if (candidate.length < lines.length && (await stillFails(candidate))) {
        lines = candidate;
        progress = true;
      } else {
        i += chunk;
      }
    }
    if (!progress) {
      if (chunk === 1) break;
      chunk = Math.ceil(chunk / 2);
    }
  }
  return { bytes: Buffer.concat(lines), attempts };
}

function splitKeepingEnds(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) {
      out.push(b.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < b.length) out.push(b.subarray(start));
  return out;
}
