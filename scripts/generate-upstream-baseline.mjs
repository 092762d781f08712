// Regenerates server/src/knowledge/upstream-ioctls.jsonl: every ioctl command macro in the uAPI
// headers of a kernel source tree (include/uapi/**, and x86's arch/x86/include/uapi/asm/**,
// recorded as asm-x86/...), with its command numbers on x86_64 and i386. An ioctl found there
// already exists upstream, so uapi-lint reviews it as `info`, not as new.
//
// Usage: npm run build && node scripts/generate-upstream-baseline.mjs [KERNEL_TREE]
//   KERNEL_TREE defaults to Debian's linux-source-6.12 as scripts/unpack-linux-source.sh unpacks
//   it ($UAPI_LINT_LINUX_SOURCE, else ~/.cache/uapi-lint/linux-source-6.12). The table is
//   committed; rerun it on a newer kernel tree to follow upstream.
//
// The headers are linted where they sit, not headers_install'ed: the analysis reads a kernel
// tree's uAPI headers as they are (`__user`, `#include <linux/compiler.h>`, ...). What
// headers_install would add is the x86 `asm/X.h` wrappers of include/uapi/asm-generic/Kbuild's
// mandatory-y list (`#include <asm-generic/X.h>` for what arch/x86 lacks, such as asm/ioctl.h):
// they are written to a temporary folder, so no asm/ header of the machine's own linux-libc-dev
// is used. The C library's headers some uAPI headers include (<stdint.h>, <sys/time.h>) still
// come from /usr/include, with the tree's uAPI folders searched before it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const started = Date.now();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tree = resolve(process.argv[2] ?? process.env.UAPI_LINT_LINUX_SOURCE ?? join(homedir(), '.cache', 'uapi-lint', 'linux-source-6.12'));
const uapi = join(tree, 'include', 'uapi');
const x86 = join(tree, 'arch', 'x86', 'include', 'uapi');
const server = join(root, 'dist', 'server.js');

for (const [what, p] of [['a kernel source tree (no Makefile)', join(tree, 'Makefile')], ['a kernel source tree (no include/uapi)', uapi], ['a kernel source tree (no arch/x86/include/uapi/asm)', join(x86, 'asm')], ['built (npm run build)', server]]) {
  if (!existsSync(p)) {
    console.error(`generate-upstream-baseline: ${p.startsWith(root) ? 'uapi-lint is not' : `${tree} is not`} ${what}; for Debian's tree: apt-get install linux-source-6.12 && bash scripts/unpack-linux-source.sh`);
    process.exit(2);
  }
}

/** The tree's version from its Makefile: VERSION.PATCHLEVEL.SUBLEVEL and EXTRAVERSION (`6.12.118`). */
function kernelVersion() {
  const makefile = readFileSync(join(tree, 'Makefile'), 'utf8');
  const field = (name) => new RegExp(`^${name}\\s*=[ \\t]*(\\S*)`, 'm').exec(makefile)?.[1] ?? '';
  return { series: `${field('VERSION')}.${field('PATCHLEVEL')}`, release: `${field('VERSION')}.${field('PATCHLEVEL')}.${field('SUBLEVEL')}${field('EXTRAVERSION')}` };
}

function packageVersion(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

/** Where the header sits in the kernel's include/uapi tree; x86's asm/ is asm-x86/. */
function kernelPath(file) {
  if (file.startsWith(join(x86, 'asm') + '/')) return `asm-x86/${relative(join(x86, 'asm'), file)}`;
  return relative(uapi, file);
}

/** The x86 asm/ wrappers headers_install generates: mandatory-y headers arch/x86 does not have. */
function asmWrappers(dir) {
  const kbuild = readFileSync(join(uapi, 'asm-generic', 'Kbuild'), 'utf8');
  mkdirSync(join(dir, 'asm'));
  for (const [, name] of kbuild.matchAll(/^mandatory-y\s*\+=\s*(\S+\.h)\s*$/gm)) {
    if (!existsSync(join(x86, 'asm', name))) writeFileSync(join(dir, 'asm', name), `#include <asm-generic/${name}>\n`);
  }
}

function lint(paths, includes) {
  const out = execFileSync(
    process.execPath,
    [server, '--as-new', '--format', 'json', '--fail-on', 'none', '--no-sources', ...includes.flatMap((d) => ['-I', d]), ...paths],
    // the tree is the CLI's workspace folder: nothing outside it is searched before -I
    { cwd: tree, maxBuffer: 1 << 30 },
  );
  return JSON.parse(out.toString('utf8'));
}

const wrappers = mkdtempSync(join(tmpdir(), 'uapi-lint-asm-'));
let report;
try {
  asmWrappers(wrappers);
  // the wrappers first; then the tree's uAPI folders, so that what the wrappers and the C
  // library's headers include (<asm-generic/X.h>, <linux/X.h>, <asm/X.h>) is the tree's too
  report = lint([uapi, join(x86, 'asm')], [wrappers, uapi, x86]);
} finally {
  rmSync(wrappers, { recursive: true, force: true });
}

const ioctls = [];
const hex = (v) => (v === null ? null : '0x' + v.toString(16).toUpperCase().padStart(8, '0'));
for (const file of report.files) {
  for (const i of file.ioctls) {
    const x86_64 = i.abi?.x86_64?.value ?? null;
    const i386 = i.abi?.i386?.value ?? null;
    if (x86_64 !== null || i386 !== null) ioctls.push([i.name, kernelPath(file.path), hex(x86_64), hex(i386)]);
    // no number (its argument type is defined in a header it does not include): the decoded
    // fields still recognise it
    else if (i.dir !== null) ioctls.push([i.name, kernelPath(file.path), null, null, `${i.dir} ${i.type ?? '?'} ${i.nr ?? '?'}`]);
  }
}
ioctls.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));

// a header line, then one row per line, sorted by name: the server looks names up by a binary
// search over the lines (server/src/knowledge/upstream.ts)
const { series, release } = kernelVersion();
const debian = `linux-source-${series}`;
const debianVersion = packageVersion(debian);
const head = {
  description: 'ioctls that exist upstream, one per line after this one, sorted by name: [name, header in include/uapi (asm-x86/ for arch/x86/include/uapi/asm), x86_64 command number, i386 command number, and when neither is known: \"dir type nr\" (? for what is unknown too)]; generated by scripts/generate-upstream-baseline.mjs from a kernel source tree',
  // the Debian package only when the tree is that package's (its version is the Makefile's plus Debian's revision)
  sources: { linux: release, [debian]: debianVersion?.startsWith(`${release}-`) ? debianVersion : null },
};
const target = join(root, 'server', 'src', 'knowledge', 'upstream-ioctls.jsonl');
writeFileSync(target, [head, ...ioctls].map((line) => JSON.stringify(line)).join('\n') + '\n');
const fieldsOnly = ioctls.filter((r) => r.length === 5).length;
console.log(
  `${ioctls.length} ioctls (${fieldsOnly} by their fields only) from ${report.files.length} headers of Linux ${release} (${tree}) -> ${relative(root, target)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
