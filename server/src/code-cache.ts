import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { crc32 } from './core/checksum';
import { ReadBuffer } from './core/read-buffer';

/**
 * V8's code cache of the main bundle (dist/server-main.js.cache): the bytecode of the functions
 * the language server ran in one session of the build's (start-up, the example headers' first
 * and complete analyses), made by `npm run build` (scripts/make-code-cache.mjs) with the node
 * that built it. Compiling the bundle's 450 KB and then each function as it first runs is a good
 * part of the server's start-up; with the cache V8 deserialises instead.
 *
 * V8 checks that a cache was made by the same V8 with the same flags, but of the source only its
 * length, and it does not check the data at all (node 20's V8 aborts the process on a damaged
 * cache). So the file starts with the CRC-32 of the bundle it was made from and of V8's data: a
 * cache made from another bundle, or damaged, is not handed to V8. (A CRC, not a cryptographic
 * digest: it guards against accident, and node's crypto would cost ~7 ms to load.) Another node
 * (VS Code's Electron) has V8 reject it, and the bundle is compiled as without one. The server
 * only reads it; it is written only when UAPI_LINT_WRITE_CODE_CACHE names the file, which the
 * build does.
 *
 * File: "uapi-lint code cache 3\n" <CRC-32 of the bundle, 8 hex digits> "\n" <CRC-32 of V8's data> "\n" <V8's data>
 */

const MAGIC = 'uapi-lint code cache 3\n';
const HEAD_BYTES = MAGIC.length + 2 * 9;

/** The wrapper `require` puts around a module's text, before and after it. */
const [WRAP_HEAD, WRAP_TAIL] = Module.wrap('\0').split('\0');

/** What became of the cache at start-up, for the server's log. */
export type CodeCacheUse =
  | 'used'
  | 'none'
  | 'made for another bundle'
  | 'damaged'
  | 'rejected by V8 (another node or other flags)'
  | 'not checkable on this node (no zlib.crc32)';

/** Kept on the global object: the entry (boot.ts) loads the bundle that reports it. */
const USE = Symbol.for('uapi-lint.code-cache');

/** What became of the code cache when this thread's bundle was loaded (undefined: not loaded so). */
export function codeCacheUse(): CodeCacheUse | undefined {
  return (globalThis as { [USE]?: CodeCacheUse })[USE];
}

/**
 * V8's data in the cache file, if the file was made from this bundle's source and is whole (in
 * `reads`, valid until its next read).
 */
function readCache(file: string, bundleCrc: string, reads: ReadBuffer): Buffer | 'none' | 'made for another bundle' | 'damaged' {
  let data: Buffer;
  try {
    data = reads.read(file);
  } catch {
    return 'none';
  }
  const head = data.toString('latin1', 0, HEAD_BYTES);
  if (!head.startsWith(`${MAGIC}${bundleCrc}\n`)) return 'made for another bundle';
  const v8Data = data.subarray(HEAD_BYTES);
  return head.endsWith(`\n${crc32(v8Data)}\n`) ? v8Data : 'damaged';
}

function writeCache(file: string, bundleCrc: string, v8Data: Buffer): void {
  // written whole under another name first: a build stopped halfway leaves no half a cache
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.concat([Buffer.from(`${MAGIC}${bundleCrc}\n${crc32(v8Data)}\n`, 'latin1'), v8Data]));
  fs.renameSync(partial, file);
}

/**
 * Load a CommonJS bundle as `require` would, compiled with the code cache `cacheFile` when it
 * was made from this bundle. `reads`: the buffer both files are read through.
 */
export function loadWithCodeCache(file: string, cacheFile: string, reads = new ReadBuffer()): CodeCacheUse {
  // read with room for the wrapper on either side, so that the wrapped source is made in one
  // piece rather than joined (and copied once more) as V8 compiles it
  const view = reads.read(file, WRAP_HEAD.length, WRAP_TAIL.length);
  const bytes = view.subarray(WRAP_HEAD.length, view.length - WRAP_TAIL.length);
  // of the bytes: a string would be encoded to UTF-8 first, which costs more than the CRC
  const bundleCrc = crc32(bytes);
  let source: string;
  if (isAscii(bytes)) {
    // esbuild writes ASCII (it escapes the rest), which reads faster as one byte per character
    view.write(WRAP_HEAD, 0, 'latin1');
    view.write(WRAP_TAIL, view.length - WRAP_TAIL.length, 'latin1');
    source = view.toString('latin1');
  } else {
    source = Module.wrap(bytes.toString('utf8'));
  }
  // the source is a string of its own now: the buffer can take the cache
  const cached = bundleCrc === undefined ? 'not checkable on this node (no zlib.crc32)' : readCache(cacheFile, bundleCrc, reads);
  const script = new vm.Script(source, {
    filename: file,
    cachedData: typeof cached === 'string' ? undefined : cached,
    // an import() in the bundle works as it would under require
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const use: CodeCacheUse = typeof cached === 'string' ? cached : script.cachedDataRejected ? 'rejected by V8 (another node or other flags)' : 'used';
  (globalThis as { [USE]?: CodeCacheUse })[USE] = use;
  const out = process.env.UAPI_LINT_WRITE_CODE_CACHE;
  if (out && bundleCrc !== undefined) {
    // at exit, the cache holds every function compiled by then: what the build's session ran
    process.once('exit', () => writeCache(out, bundleCrc, script.createCachedData()));
  }
  const module = new Module(file);
  module.filename = file;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return use;
}
