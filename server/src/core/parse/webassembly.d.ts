/**
 * The part of the WebAssembly JavaScript API the parser set-up uses. Node has all of it, but
 * its type definitions (for Node 20) leave the namespace to TypeScript's DOM library, which a
 * server has no business including.
 */
declare namespace WebAssembly {
  interface Module {
    readonly __brand?: 'WebAssembly.Module';
  }
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  type Imports = Record<string, Record<string, unknown>>;
  function compile(bytes: Uint8Array): Promise<Module>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
}
