import { memberRule } from './struct-members';

/** `bool` (size and representation are the compiler's) and plain `char` (signed or not by ABI). */
export const uapiBoolOrCharMember = memberRule({
  id: 'uapi-bool-or-char-member',
  defaultSeverity: 'warning',
  description: 'A bool member, or a plain char used as a number (its signedness differs between ABIs).',
  // char arrays are strings, where signedness does not matter
  applies: (v, site) => v.category === 'bool' || (v.category === 'char' && site.field.type.kind !== 'array'),
  message: (_s, spelled, v, where) =>
    v.category === 'bool'
      ? `${where}: bool has no fixed size or representation in the uAPI; use ${v.replacement} (0 or 1).`
      : `${where}: plain char is signed on x86 and unsigned on arm, powerpc and s390; use ${v.replacement} or __s8.`,
  fixTitle: (spelled, v) => `Change ${spelled} to ${v.replacement}`,
});
