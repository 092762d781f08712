// CommonJS bundles: dist/client.js for VS Code (with `vscode` external); dist/server-main.js,
// the language server and CLI in one standalone file; and dist/server.js, the small entry that
// loads it. The .wasm files and the upstream ioctl table are copied beside them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  // smaller bundles load faster, which the language server's start-up time feels directly
  // (NO_MINIFY=1 keeps names readable for profiling)
  minify: !process.env.NO_MINIFY,
  logLevel: 'warning',
  // esbuild would pick web-tree-sitter's ESM build, whose init needs import.meta.url;
  // require.resolve follows the package's "require" condition to the CommonJS build
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

// The LSP library takes node's crypto and child_process when it loads but uses them only for
// random pipe names, progress tokens and resolving modules with npm, none of which happens as
// the server starts; loading them costs ~10 ms of every start (node 20). Its requires of them get
// a module that loads the real one when a member is first read.
const LAZY_BUILTINS = ['crypto', 'child_process'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${LAZY_BUILTINS.join('|')})$`) }, (args) =>
      /[\\/]node_modules[\\/]vscode-(jsonrpc|languageserver)[\\/]/.test(args.importer) ? { path: args.path, namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:${args.path}'))[key] });`,
      loader: 'js',
    }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'client.js'), external: ['vscode'] }),
  // dist/server.js is the small entry editors and bin/ start; it loads dist/server-main.js
  build({ ...common, entryPoints: [join(root, 'server/src/boot.ts')], outfile: join(dist, 'server.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/main.ts')], outfile: join(dist, 'server-main.js'), plugins: [lazyBuiltins] }),
]);

copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-c/tree-sitter-c.wasm'), join(dist, 'tree-sitter-c.wasm'));
// the upstream ioctl table, read when first needed (server/src/knowledge/upstream.ts)
copyFileSync(join(root, 'server', 'src', 'knowledge', 'upstream-ioctls.jsonl'), join(dist, 'upstream-ioctls.jsonl'));
