/**
 * What a uAPI struct member's name says about it, as botching-up-ioctls.rst describes such
 * members: padding and reserved space that must be zero today so it can be used tomorrow, and
 * flags whose unknown bits must be rejected.
 */

/** Padding and reserved members: `pad`, `__pad1`, `reserved[4]`, `rsvd_2`, `unused`, `spare`. */
export const RESERVED_MEMBER = /^_*(pad|padding|reserved|rsvd|resv|unused|spare)\d*(_\d+)?$/i;

/** Flags members: `flags`, `create_flags`, `in_flags`. */
export const FLAGS_MEMBER = /^(\w+_)?flags$/i;
