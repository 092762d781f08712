/**
 * What a uAPI struct member's name says about it, as botching-up-ioctls.rst describes such
 * members: padding and reserved space that must be zero today so it can be used tomorrow, and
 * flags whose unknown bits must be rejected.
 */

/** Padding and reserved members: `pad`, `__pad1`, `reserved[4]`, `rsvd_2`, `unused`, `spare`. */
export const RESERVED_MEMBER = /^_*(pad|padding|reserved|rsvd|resv|unused|spare)\d*(_\d+)?$/i;

/**
 * Any name that only holds room (`reserved2`, `pad_to_64`, `mbz`, `rsv`): the wider match for
 * telling apart new uAPI from room put to use, where a missed name would call a reserved member
 * new or its reuse a break.
 */
export const RESERVED_ROOM = /^_*(pad|padding|reserved|rsvd|resv|rsv|unused|spare|mbz)\w*$/i;

/** Flags members: `flags`, `create_flags`, `in_flags`. */
export const FLAGS_MEMBER = /^(\w+_)?flags$/i;
