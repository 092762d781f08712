/**
 * Time limits for what tests wait on. node:test's `timeout` fails a test without saying what
 * it was waiting for, and stops nothing the test started; these fail the wait itself, with a
 * message that names it, so that the test's `finally` still runs and stops its processes.
 */

/**
 * `promise`, or a rejection once `ms` have passed: "no <what> within <ms> ms" and, when given,
 * what `detail` says then (what was seen so far, a process's output).
 */
export function within<T>(promise: Promise<T>, ms: number, what: string, detail?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const more = detail?.();
      reject(new Error(`no ${what} within ${ms} ms${more ? `\n${more}` : ''}`));
    }, ms);
  });
  const guarded = Promise.race([promise, expired]).finally(() => clearTimeout(timer));
  // the caller awaits it; a wait the caller gave up on (its test failed first) is no unhandled rejection
  guarded.catch(() => undefined);
  return guarded;
}
