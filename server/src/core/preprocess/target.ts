import { MacroTable } from './macros';
import { tokenize } from './tokens';
import type { Abi } from '../abi/abis';

/**
 * The macros gcc predefines when it compiles userspace C for an ABI: the header's own
 * conditionals (`#ifdef __x86_64__`, `__BITS_PER_LONG`, ...) are followed as that compiler
 * would. `__KERNEL__` and `__cplusplus` are not defined: uAPI headers are read as a C program
 * sees them.
 */
const tables = new Map<Abi, MacroTable>();

export function predefinedMacros(abi: Abi): MacroTable {
  let table = tables.get(abi);
  if (!table) {
    table = new MacroTable();
    for (const [name, value] of Object.entries(abi.predefined)) {
      table.define({ name, body: tokenize(value), bodyText: value });
    }
    tables.set(abi, table);
  }
  return table;
}
