/**
 * The fixed choices of scripts/get_maintainer.pl (version 0.26, as in Linux 6.12) that shape
 * what it prints, as data: the word a section's S: status gives its maintainers' role, whom it
 * leaves out, and how long a section's title may be in a role.
 */

/** `get_maintainer_role`: the role of an M: line by its section's status (lower-cased); any other status is kept as written. */
export const STATUS_ROLES: Readonly<Record<string, string>> = {
  supported: 'supporter',
  maintained: 'maintainer',
  'odd fixes': 'odd fixer',
  orphan: 'orphan minder',
  obsolete: 'obsolete minder',
  'buried alive in reporters': 'chief penguin',
};

/** `@penguin_chief`: removed from the recipients unless --git-chief-penguins. */
export const PENGUIN_CHIEFS: ReadonlyArray<readonly [name: string, address: string]> = [['Linus Torvalds', 'torvalds@linux-foundation.org']];

/** `$output_section_maxlen`: a longer title is cut to this many characters, `...` included, in roles. */
export const SECTION_TITLE_MAXLEN = 50;
