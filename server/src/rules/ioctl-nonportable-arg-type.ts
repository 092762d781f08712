import type { Rule } from './rule';
import { hex } from '../core/describe';
import { elementType, typeVerdict } from './struct-members';
import { argumentSizes, ownIoctls } from './ioctl-args';
import { byValue } from './abi-layouts';
import { existingSeverity } from './ioctl-facts';

/**
 * The type in the command macro is part of the command number (its size is encoded). A pointer,
 * a long or a struct whose size differs by ABI gives 32-bit userspace another number, which
 * the driver must then handle as a compat ioctl; bool's size is the compiler's choice.
 */
export const ioctlNonportableArgType: Rule = {
  id: 'ioctl-nonportable-arg-type',
  defaultSeverity: 'warning',
  description: 'An ioctl whose argument type (pointer, long, bool, or a struct laid out differently by ABI) makes its number differ between ABIs.',
  criteria: 'ioctl-design-rules',
  usesLayouts: true,
  check(model, report, options) {
    for (const { ioctl, arg } of ownIoctls(model)) {
      // sizeof(...) as the argument is ioctl-sizeof-arg's finding: the number encodes size_t then
      if (!arg || ioctl.macro === '_IOC' || /^sizeof\b/.test(ioctl.argType?.trim() ?? '')) continue;
      const v = typeVerdict(elementType(arg).type);
      const sizes = argumentSizes(model, arg);
      const differs = new Set(sizes.map((s) => s.value)).size > 1;
      const category = v && ['pointer', 'long', 'bool'].includes(v.category) ? v.category : undefined;
      if (!category && !differs) continue;
      let why: string;
      if (category === 'pointer') why = `a pointer (${ioctl.argType}) is the size of the ABI's pointers: pass a struct with a __u64 member, or a __u64`;
      else if (category === 'long') why = `${ioctl.argType} is 8 bytes on 64-bit ABIs and 4 on 32-bit ones: use ${v!.replacement}`;
      else if (category === 'bool') why = 'bool has no fixed size or representation in the uAPI: use __u32 (or __u8)';
      else why = `${ioctl.argType} is ${byValue(sizes, ' bytes')}: make its layout the same on every ABI`;
      let numbers = '';
      if (differs) {
        const values = model.abiValues(ioctl);
        const x86 = values.x86_64.value;
        const i386 = values.i386.value;
        numbers = x86 !== null && i386 !== null && x86 !== i386 ? ` The number is ${hex(x86, 8)} on x86_64 and ${hex(i386, 8)} on i386.` : ' The number differs between ABIs.';
      }
      report({
        range: ioctl.nameRange,
        message: `${ioctl.name}: ${why}.${numbers}`,
        ioctls: [ioctl.name],
        severity: existingSeverity(ioctl, options),
        pages: ['ioctl-design-rules'],
      });
    }
  },
};
