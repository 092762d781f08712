import * as path from 'node:path';

/** The repository root (tests run from test/out/...). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const EXAMPLES = path.join(ROOT, 'examples');
/** What editors start: the small entry that loads the main bundle. */
export const SERVER_BUNDLE = path.join(ROOT, 'dist', 'server.js');
/** The main bundle: the program itself, also what its worker threads run. */
export const SERVER_MAIN_BUNDLE = path.join(ROOT, 'dist', 'server-main.js');
export const CLI = path.join(ROOT, 'bin', 'uapi-lint.js');

/** The corpus the acceptance tests name: Debian's linux-libc-dev headers. */
export const SYSTEM_INCLUDE = '/usr/include';
export const CORPUS_DIRS = ['linux', 'misc', 'sound', 'rdma', 'mtd', 'scsi', 'video', 'xen'];
