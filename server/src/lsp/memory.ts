import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * Give memory back after a burst of work (indexing a whole tree): V8 keeps the heap it grew
 * to until a full collection shrinks it, which an idle server may not get for a long time.
 */
let collect: (() => void) | undefined;

export function compactMemory(): void {
  if (!collect) {
    // the collector is not exposed to programs by default; expose it for this one call site
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}
