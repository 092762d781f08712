import { memberRule } from './struct-members';

/** A pointer in an ioctl struct: 4 or 8 bytes by ABI, and compat code to translate it. */
export const uapiPointerMember = memberRule({
  id: 'uapi-pointer-member',
  defaultSeverity: 'warning',
  description: 'A pointer member in an ioctl struct; pass user pointers as __u64.',
  applies: (v) => v.category === 'pointer',
  message: (_s, spelled, _v, where) =>
    `${where}: a pointer (${spelled.trim()}) is 4 bytes on 32-bit ABIs and 8 on 64-bit ones; carry user pointers in a __u64 ` +
    '(the kernel reads it with u64_to_user_ptr()).',
  fixTitle: () => 'Change the pointer to __u64 (the kernel side uses u64_to_user_ptr())',
});
