import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linuxSource } from './support/linux-source';
import { FIXTURES } from './support/paths';
import { readMaintainers, type MaintainersSection } from '../../server/out/core/maintainers/maintainers';
import { readMailmap } from '../../server/out/core/maintainers/mailmap';
import { getMaintainers, type MaintainersInput, type MaintainersTree } from '../../server/out/core/maintainers/recipients';
import { readTextInside } from '../../server/out/core/read-inside';
import { formatRecipients } from '../../server/out/cli/reviewers';

/**
 * uapi-lint's MAINTAINERS matching against its oracle, Linux 6.12's own
 * scripts/get_maintainer.pl, run by perl in the tree: over 300 files spread over the whole tree
 * (every Nth file of a sorted walk, and hand-picked hard cases) and the patches written for the
 * project in test/fixtures/maintainers-patches, each compared on the people and lists with
 * their roles (`--roles`) and the sections (`--subsystem`).
 *
 * Order. get_maintainer.pl adds a file's sections by descending depth, and sections of equal
 * depth in the order of a Perl hash (`keys %hash`), which changes from run to run. Every perl
 * run here gets its own PERL_HASH_SEED (deterministic, different per input) and
 * PERL_PERTURB_KEYS=0; uapi-lint is then run with the order perl's `--subsystem` lines show
 * for ties only (`sameDepthOrder`): sections of different depth, the keyword sections (a
 * string sort) and everything derived from them (people, lists, roles, deduplication) must come
 * out exactly as perl printed them. A section whose depth uapi-lint got wrong shows up as a
 * difference, since the tie order cannot move it past a section of another depth. The test also
 * checks that perl's order differed from MAINTAINERS order inside a tie somewhere, so that the
 * ties are real and handled.
 *
 * A sample is also compared byte for byte with `--no-rolestats` (uapi-lint's `text` format),
 * with the same seed as its `--roles` run so that ties come out the same.
 */

const TIMEOUT = { timeout: 170_000 };
const PERL_MS = 30_000;

/** Where uapi-lint and get_maintainer.pl differ because of an accident of perl's: input, and why. Empty: none found. */
const PERL_ACCIDENTS: Array<{ input: string; why: string }> = [];

/** How many files of the sorted walk to compare, at least. */
const SPREAD = 300;

/** Files and folders that exercise what is easy to get wrong. */
const HARD_CASES = [
  'drivers/misc/fastrpc.c', // QUALCOMM FASTRPC DRIVER, CHAR and MISC DRIVERS, THE REST
  'drivers/dma-buf/dma-buf.c',
  'drivers/dma-buf/', // a folder (-f dir/): the path is the pattern's own
  'drivers/dma-buf/heaps/cma_heap.c',
  'drivers/dma-buf/sync_file.c',
  'include/linux/dma-fence.h', // include/linux/*fence.h
  'include/uapi/drm/drm.h',
  'include/uapi/drm/msm_drm.h',
  'include/uapi/drm/',
  'include/uapi/linux/dma-buf.h',
  'include/uapi/misc/fastrpc.h',
  'drivers/accel/qaic/qaic_drv.c',
  'drivers/gpu/drm/msm/msm_gem.c',
  'drivers/tty/serial/8250/8250_core.c', // F: drivers/tty/serial/8250* is no folder (a `*`), so not below it
  'drivers/tty/serial/8250/8250_bcm7271.c',
  'drivers/md/dm-vdo/vdo.c', // F: drivers/md/dm*
  'drivers/cdx/controller/cdx_controller.c', // F: drivers/cdx/*
  'drivers/gpu/drm/nouveau/include/nvrm/535.113.01/common/shared/msgq/inc/msgq/msgq_priv.h', // dots in a folder's name
  'arch/arm/boot/dts/Makefile', // X: arch/arm/boot/dts/
  'arch/arm64/boot/dts/freescale/fsl-ls1028a.dtsi', // X: arch/arm64/boot/dts/freescale/fsl-*
  'drivers/input/touchscreen/atmel_mxt_ts.c', // X: in ARM/Microchip
  'drivers/cpufreq/vexpress-spc-cpufreq.c', // X: in ARM/VERSATILE EXPRESS
  'Documentation/devicetree/bindings/arm/arm,vexpress-juno.yaml', // X:, and e-mails in a .yaml
  'arch/riscv/net/bpf_jit_comp64.c', // X: in BPF JIT
  'arch/arm/mach-imx/cpu.c', // N: imx
  'drivers/clk/tegra/clk.c', // N: [^a-z]tegra
  'arch/powerpc/platforms/ps3/setup.c', // N: [^a-z]ps3
  'drivers/cache/sifive_ccache.c', // N: sifive
  'lib/vdso/getrandom.c', // N: ^.*/vdso/[^/]*getrandom[^/]+$
  'arch/x86/entry/vdso/vgetrandom.c',
  'include/linux/page-flags.h', // N: include/linux/page[-_]*
  'arch/x86/kernel/cpu/sgx/main.c',
  'arch/x86/include/uapi/asm/kvm.h',
  'Documentation/driver-api/dma-buf.rst',
  'Documentation/process/submitting-patches.rst',
  'Documentation/devicetree/bindings/gpu/arm,mali-bifrost.yaml',
  'Documentation/devicetree/bindings/',
  'tools/perf/builtin-record.c',
  'tools/testing/selftests/bpf/test_progs.c',
  'tools/include/uapi/linux/bpf.h',
  'rust/kernel/lib.rs',
  'scripts/get_maintainer.pl',
  'MAINTAINERS',
  'Makefile',
  'CREDITS',
  'kernel/sys.c',
  'init/main.c', // THE REST only
  'drivers/gpu/drm/drm_prime.c',
  'fs/smb/client/cifsfs.c', // R: lines with comments
  'sound/soc/codecs/da7219.c', // F: with [79] and ??
  'drivers/regulator/da9063-regulator.c',
  'net/core/dev.c',
  'drivers/net/ethernet/intel/e1000e/netdev.c',
];

/** Every regular file of the tree, sorted (the walk is by sorted names, so the order is the same on every machine). */
function walk(tree: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    const names = fs.readdirSync(path.join(tree, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) visit(r);
      else if (d.isFile() && r !== '.unpacked') out.push(r);
    }
  };
  visit('');
  return out;
}

interface OracleCase {
  /** What the test calls it. */
  label: string;
  /** get_maintainer.pl's arguments after the options. */
  perlArgs: string[];
  inputs: MaintainersInput[];
  /** --keywords-in-file. */
  keywordsInFile?: boolean;
  /** Also compared with --no-rolestats byte for byte. */
  plain: boolean;
}

function runPerl(tree: string, args: string[], seed: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'perl',
      ['scripts/get_maintainer.pl', '--no-git', '--no-git-fallback', ...args],
      {
        cwd: tree,
        // no ~/.get_maintainer.conf of the machine's; one hash order per input
        env: { PATH: process.env.PATH, HOME: os.tmpdir(), LANG: 'C.UTF-8', PERL_HASH_SEED: String(seed), PERL_PERTURB_KEYS: '0' },
        timeout: PERL_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`perl get_maintainer.pl ${args.join(' ')}: ${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Run `work` on every item, `width` at a time, results in the items' order. */
async function inParallel<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return out;
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

test('get_maintainer.pl (Linux 6.12) and uapi-lint agree on 300+ files and every fixture patch', TIMEOUT, async () => {
  const started = Date.now();
  const tree = linuxSource();
  const perl = spawnSync('perl', ['-MFile::Find', '-MGetopt::Long', '-e', '1'], { timeout: 10_000 });
  assert.equal(perl.status, 0, `perl with File::Find and Getopt::Long runs the oracle (apt-get install perl): ${perl.stderr}`);

  const maintainers = readMaintainers(tree);
  assert.ok(maintainers, 'the tree has a MAINTAINERS');
  const source: MaintainersTree = { maintainers, mailmap: readMailmap(tree), readFile: (rel) => readTextInside(path.join(tree, rel), tree, 16 * 1024 * 1024)?.text };
  const titles = new Set(maintainers.sections.map((s) => s.name));

  const all = walk(tree);
  const step = Math.floor(all.length / SPREAD);
  const spread = all.filter((_, i) => i % step === 0);
  const files = [...new Set([...spread, ...HARD_CASES])];
  for (const f of HARD_CASES) assert.ok(fs.existsSync(path.join(tree, f)), `${f} is in the tree`);
  const patchDir = path.join(FIXTURES, 'maintainers-patches');
  const patches = fs.readdirSync(patchDir).filter((f) => f.endsWith('.patch')).sort();
  assert.ok(patches.length >= 30, `${patches.length} patches`);

  const fileInput = (f: string): MaintainersInput => ({ kind: 'file', path: f });
  const patchInput = (p: string): MaintainersInput => ({ kind: 'patch', name: p, text: fs.readFileSync(path.join(patchDir, p), 'utf8') });
  const cases: OracleCase[] = [
    ...files.map((f, i): OracleCase => ({ label: f, perlArgs: ['-f', f], inputs: [fileInput(f)], plain: i % 15 === 0 })),
    ...patches.map((p, i): OracleCase => ({ label: p, perlArgs: [path.join(patchDir, p)], inputs: [patchInput(p)], plain: i % 5 === 0 })),
    // the hard cases' sources again with --keywords-in-file: every K: on the whole text
    ...HARD_CASES.filter((f) => /\.[chS]$|\.rs$/.test(f)).map((f, i): OracleCase => ({ label: `${f} --keywords-in-file`, perlArgs: ['--keywords-in-file', '-f', f], inputs: [fileInput(f)], keywordsInFile: true, plain: i % 10 === 0 })),
    // several arguments in one run: files in order, patches each with its own prefix
    { label: 'three files', perlArgs: ['-f', 'drivers/misc/fastrpc.c', 'include/uapi/drm/drm.h', 'drivers/dma-buf/dma-fence.c'], inputs: ['drivers/misc/fastrpc.c', 'include/uapi/drm/drm.h', 'drivers/dma-buf/dma-fence.c'].map(fileInput), plain: true },
    { label: 'every patch at once', perlArgs: patches.map((p) => path.join(patchDir, p)), inputs: patches.map(patchInput), plain: true },
  ];

  const differences: string[] = [];
  let ties = 0;
  let tiesReordered = 0;
  const results = await inParallel(cases, 2, async (c, i) => {
    const roles = await runPerl(tree, ['--roles', '--subsystem', ...c.perlArgs], i + 1);
    const plain = c.plain ? await runPerl(tree, ['--no-rolestats', ...c.perlArgs], i + 1) : undefined;
    return { roles, plain };
  });
  for (const [i, c] of cases.entries()) {
    const { roles, plain } = results[i];
    // perl prints the recipients, then the titles (a recipient line ends in its role: never a title)
    const out = lines(roles.stdout);
    let split = out.length;
    while (split > 0 && titles.has(out[split - 1])) split--;
    const perlRecipients = out.slice(0, split);
    const perlSections = out.slice(split);
    const rank = new Map(perlSections.map((t, k) => [t, k]));
    const rankOf = (s: MaintainersSection) => rank.get(s.name) ?? Number.MAX_SAFE_INTEGER;
    const ours = getMaintainers(source, c.inputs, { keywordsInFile: c.keywordsInFile, sameDepthOrder: (a, b) => rankOf(a) - rankOf(b) || a.line - b.line });
    const ourRecipients = ours.recipients.map((r) => `${r.formatted} (${r.role})`);
    const ourSections = [...new Set(ours.sections.map((s) => s.section.name))];
    const accident = PERL_ACCIDENTS.find((a) => a.input === c.label);
    const differ = (what: string, a: string[], b: string[]) => {
      if (JSON.stringify(a) === JSON.stringify(b)) return;
      differences.push(`${c.label}: ${what} differ${accident ? ` (documented: ${accident.why})` : ''}\n  perl:      ${a.join('\n             ')}\n  uapi-lint: ${b.join('\n             ')}`);
    };
    differ('recipients', perlRecipients, ourRecipients);
    differ('sections', perlSections, ourSections);
    if (plain) differ('--no-rolestats text', [plain.stdout], [formatRecipients(ours, { roles: false })]);

    // ties: did perl's hash order differ from MAINTAINERS order somewhere?
    for (const file of ours.files) {
      const byDepth = new Map<number, MaintainersSection[]>();
      for (const s of ours.sections) for (const f of s.files) if (f.file === file) byDepth.set(f.depth, [...(byDepth.get(f.depth) ?? []), s.section]);
      for (const group of byDepth.values()) {
        if (group.length < 2) continue;
        ties++;
        if (group.some((s, k) => k > 0 && s.line < group[k - 1].line)) tiesReordered++;
      }
    }
  }
  const documented = differences.filter((d) => d.includes('(documented:'));
  const real = differences.filter((d) => !d.includes('(documented:'));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `maintainers oracle: ${files.length} files and ${patches.length} patches (+2 multi-input runs, ${cases.filter((c) => c.keywordsInFile).length} files again with --keywords-in-file), ` +
      `${cases.filter((c) => c.plain).length} also as plain text; ${ties} tie groups, ${tiesReordered} in another order than MAINTAINERS'; ` +
      `${real.length} differences, ${documented.length} documented; ${seconds} s`,
  );
  assert.deepEqual(real, [], real.join('\n\n'));
  assert.ok(files.length >= 300, `${files.length} files`);
  assert.ok(tiesReordered > 0, 'perl ordered some tie differently from MAINTAINERS (the ties are real and handled)');
  assert.equal(documented.length, PERL_ACCIDENTS.length, 'every documented accident still happens');
});
