import { MacroTable } from './macros';
import { tokenize } from './tokens';
import { LP64, type IntModel } from './evaluate';

/**
 * The macros gcc predefines when it compiles userspace C for Linux, for the target whose
 * conditionals the analysis follows (x86_64: the machine's own). `__KERNEL__` and `__cplusplus`
 * are not defined: uAPI headers are read as a C program sees them.
 */

export interface Target {
  name: string;
  model: IntModel;
  predefined: Record<string, string>;
}

export const X86_64_LINUX: Target = {
  name: 'x86_64',
  model: LP64,
  predefined: {
    __STDC__: '1',
    __STDC_VERSION__: '201710L',
    __STDC_HOSTED__: '1',
    __GNUC__: '12',
    __GNUC_MINOR__: '2',
    __GNUC_PATCHLEVEL__: '0',
    __linux__: '1',
    __linux: '1',
    __gnu_linux__: '1',
    __unix__: '1',
    __unix: '1',
    __ELF__: '1',
    __x86_64__: '1',
    __x86_64: '1',
    __amd64__: '1',
    __amd64: '1',
    __LP64__: '1',
    _LP64: '1',
    __CHAR_BIT__: '8',
    __SIZEOF_INT__: '4',
    __SIZEOF_LONG__: '8',
    __SIZEOF_LONG_LONG__: '8',
    __SIZEOF_SHORT__: '2',
    __SIZEOF_POINTER__: '8',
    __SIZEOF_SIZE_T__: '8',
    __SIZEOF_INT128__: '16',
    __INT_MAX__: '0x7fffffff',
    __LONG_MAX__: '0x7fffffffffffffffL',
    __LONG_LONG_MAX__: '0x7fffffffffffffffLL',
    __SCHAR_MAX__: '0x7f',
    __SHRT_MAX__: '0x7fff',
    __ORDER_LITTLE_ENDIAN__: '1234',
    __ORDER_BIG_ENDIAN__: '4321',
    __ORDER_PDP_ENDIAN__: '3412',
    __BYTE_ORDER__: '__ORDER_LITTLE_ENDIAN__',
  },
};

const tables = new Map<Target, MacroTable>();

export function predefinedMacros(target: Target): MacroTable {
  let table = tables.get(target);
  if (!table) {
    table = new MacroTable();
    for (const [name, value] of Object.entries(target.predefined)) {
      table.define({ name, body: tokenize(value), bodyText: value });
    }
    tables.set(target, table);
  }
  return table;
}
