import type { CheckedCase, FuzzSession, Verdict } from './session';

/**
 * Reduce a failing input to a smaller one that fails the same way (delta debugging over lines,
 * then over the characters of long lines): a saved failure is then a few lines that show the
 * bug, not a mutated copy of a kernel header. Too slow and hung count as the same failure.
 */
export async function reduceCase(
  session: FuzzSession,
  c: CheckedCase,
  kind: Verdict['kind'],
  budget: { attempts: number; ms: number },
): Promise<{ bytes: Buffer; attempts: number }> {
  const slow = kind === 'slow' || kind === 'hang';
  const deadline = performance.now() + budget.ms;
  let attempts = 0;
  const more = () => attempts < budget.attempts && performance.now() < deadline;
  const stillFails = async (candidate: Buffer[]): Promise<boolean> => {
    attempts++;
    const v = await session.check({ ...c, bytes: Buffer.concat(candidate) }, slow);
    return slow ? v.kind === 'slow' || v.kind === 'hang' : v.kind === kind;
  };

  let lines = splitKeepingEnds(c.bytes);
  let chunk = Math.max(1, Math.ceil(lines.length / 2));
  while (more()) {
    let progress = false;
    for (let i = 0; i < lines.length && more(); ) {
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
  // a long line (a megabyte of one pattern): keep its first or second half while it fails
  for (let i = 0; i < lines.length && more(); i++) {
    while (lines[i].length > 256 && more()) {
      const half = lines[i].length >> 1;
      const end = lines[i][lines[i].length - 1] === 0x0a ? Buffer.from('\n') : Buffer.alloc(0);
      const first = Buffer.concat([lines[i].subarray(0, half), end]);
      const second = lines[i].subarray(half);
      if (await stillFails([...lines.slice(0, i), first, ...lines.slice(i + 1)])) lines[i] = first;
      else if (more() && (await stillFails([...lines.slice(0, i), second, ...lines.slice(i + 1)]))) lines[i] = second;
      else break;
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
