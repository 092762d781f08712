import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Debian's linux-source-6.12, unpacked by .ci/run (scripts/unpack-linux-source.sh) into a
 * cache folder: the real driver sources and kernel tree the driver tests read. Never copied
 * into the repository.
 */
export const LINUX_SOURCE = process.env.UAPI_LINT_LINUX_SOURCE ?? path.join(os.homedir(), '.cache', 'uapi-lint', 'linux-source-6.12');

/** The unpacked tree, or a failure that says how to get it. */
export function linuxSource(): string {
  if (!fs.existsSync(path.join(LINUX_SOURCE, '.unpacked')) || !fs.existsSync(path.join(LINUX_SOURCE, 'MAINTAINERS'))) {
    throw new Error(`${LINUX_SOURCE} is not an unpacked linux-source-6.12: run 'apt-get install linux-source-6.12 && bash scripts/unpack-linux-source.sh' (.ci/run does)`);
  }
  return LINUX_SOURCE;
}
