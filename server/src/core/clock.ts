/**
 * Milliseconds on a monotonic clock, for budgets and costs. process.hrtime rather than
 * performance.now(): the first use of the global `performance` loads node's perf_hooks, about
 * 3 ms of the language server's start-up, in the middle of its first analysis.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
