import * as v8 from 'node:v8';
import type { Connection } from 'vscode-languageserver';

/**
 * `uapiLint/memoryUsage`: the server's memory, after a full garbage collection when node runs
 * with `--expose-gc`. For measuring leaks (the resilience test does); the request exists only
 * when the environment sets UAPI_LINT_MEMORY_REQUEST=1, so editors never see it.
 */
export const MEMORY_REQUEST = 'uapiLint/memoryUsage';

export interface MemoryUsageResponse extends NodeJS.MemoryUsage {
  /** A full collection ran first. */
  collected: boolean;
  /**
   * Of `heapUsed`, what V8's compiled code takes: it grows as V8 optimises the functions a
   * session runs hot, which is no leak of the server's.
   */
  codeUsed: number;
}

export function registerMemoryRequest(connection: Connection): void {
  if (process.env.UAPI_LINT_MEMORY_REQUEST !== '1') return;
  connection.onRequest(MEMORY_REQUEST, (): MemoryUsageResponse => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const codeUsed = v8
      .getHeapSpaceStatistics()
      .filter((s) => s.space_name.startsWith('code_'))
      .reduce((sum, s) => sum + s.space_used_size, 0);
    return { ...process.memoryUsage(), collected: gc !== undefined, codeUsed };
  });
}
