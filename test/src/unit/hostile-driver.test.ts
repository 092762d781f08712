import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { initAnalysis, analyzeDocument } from '../../../server/out/analysis/pipeline';
import { HeaderCache } from '../../../server/out/core/include/header-cache';
import { jsonFile } from '../../../server/out/cli/format';

/**
 * Driver sources a fuzzer or an attacker would write: each is analysed (every rule, the JSON
 * with the driver model) without a throw, within a time bound, and to the same answer twice.
 */

const SWITCH_HEAD = 'static long f_ioctl(struct file *f, unsigned int cmd, unsigned long arg)\n{\n\tswitch (cmd) {\n';
const FOPS = 'static const struct file_operations fops = { .unlocked_ioctl = f_ioctl };\nstatic struct miscdevice m = { .fops = &fops };\nmodule_misc_device(m);\n';

const CASES: Array<{ name: string; text: () => string; seconds: number }> = [
  { name: '10,000 nested parentheses in a handler', text: () => `${SWITCH_HEAD}\tcase 1: return ${'('.repeat(10000)}0${')'.repeat(10000)};\n\t}\n}\n${FOPS}`, seconds: 20 },
  { name: '10,000 nested blocks in a handler', text: () => `${SWITCH_HEAD}\tcase 1: ${'{'.repeat(10000)}${'}'.repeat(10000)} break;\n\tdefault: return -EINVAL;\n\t}\n}\n${FOPS}`, seconds: 20 },
  { name: '20,000 case labels', text: () => `${SWITCH_HEAD}${Array.from({ length: 20000 }, (_, i) => `\tcase ${i}: return ${i};\n`).join('')}\tdefault: return -EINVAL;\n\t}\n}\n${FOPS}`, seconds: 30 },
  { name: '5,000 helpers calling each other in a chain', text: () => `${Array.from({ length: 5000 }, (_, i) => `static int h${i}(struct x *a) { return h${i + 1}(a); }\n`).join('')}${SWITCH_HEAD}\tcase 1: { struct x a; if (copy_from_user(&a, (void __user *)arg, sizeof(a))) return -EFAULT; return h0(&a); }\n\t}\n\treturn -ENOTTY;\n}\n${FOPS}`, seconds: 30 },
  { name: 'a recursive wrapper macro in an ioctl table', text: () => `#define W(n, f) W(n, f)\n#define V(n, f) V(n, f) V(n, f)\nstatic const struct drm_ioctl_desc t[] = { W(A, a), V(B, b), DRM_IOCTL_DEF_DRV(${'X'.repeat(5000)}, g, 0) };\nstatic const struct drm_driver d = { .ioctls = t };\n`, seconds: 20 },
  { name: 'a macro bomb in a case label', text: () => `#define A0 1\n${Array.from({ length: 40 }, (_, i) => `#define A${i + 1} A${i} + A${i}`).join('\n')}\n${SWITCH_HEAD}\tcase A40: return 0;\n\t}\n\treturn -EINVAL;\n}\n${FOPS}`, seconds: 20 },
  { name: 'an initializer of 50,000 entries', text: () => `static const struct file_operations fops = { ${Array.from({ length: 50000 }, (_, i) => `.x${i} = f${i}`).join(', ')} };\n`, seconds: 30 },
  { name: 'invalid UTF-8 and NUL-free binary noise around a driver', text: () => `\uFFFD\uFFFD${'\u0001\u0002\u00ff'.repeat(2000)}\n${SWITCH_HEAD}\tcase 1: return 1;\n\t}\n}\n${FOPS}`, seconds: 20 },
  { name: 'a 1 MB function body', text: () => `${SWITCH_HEAD}\tcase 1:\n${'\t\tx = x + 1;\n'.repeat(90000)}\t\tbreak;\n\t}\n\treturn -EINVAL;\n}\n${FOPS}`, seconds: 60 },
  // each conditional line was walked back over all the directive lines before it: 10,000 took 6 s
  { name: '40,000 conditional lines in a row in an initializer list', text: () => `static const struct file_operations fops = {\n\t.open = f_open,\n${'#if 1\n'.repeat(20000)}\t.unlocked_ioctl = f_ioctl,\n${'#endif\n'.repeat(20000)}};\n`, seconds: 20 },
  { name: 'unbalanced conditionals inside initializer lists', text: () => `static const struct file_operations fops = {\n\t.unlocked_ioctl = f_ioctl,\n#ifdef A\n#else\n#elif B\n\t.compat_ioctl = x,\n#endif\n#endif\n};\n${'#if 1,\n'.repeat(500)}`, seconds: 20 },
];

for (const c of CASES) {
  test(`hostile driver source: ${c.name}`, { timeout: (c.seconds + 30) * 1000 }, async () => {
    await initAnalysis();
    const text = c.text();
    const run = () => {
      const r = analyzeDocument('/tmp/uapi-lint-hostile/drivers/misc/h.c', text, { cache: new HeaderCache() });
      return JSON.stringify(jsonFile('h.c', r));
    };
    const t0 = performance.now();
    const first = run();
    const took = (performance.now() - t0) / 1000;
    assert.ok(took < c.seconds, `${c.name}: ${took.toFixed(1)} s, over ${c.seconds} s`);
    assert.equal(run(), first, 'the same answer twice');
    assert.ok(JSON.parse(first).driver, 'a driver entry');
  });
}
