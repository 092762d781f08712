/** Kernel-doc comments (`/** ... *\/` right above a declaration or a `#define`), read as plain text. */

const KERNEL_DOC_REACH = 64 * 1024;

/** The `/** ... *\/` comment right above `offset` (only blank space between), as plain text. */
export function kernelDocAbove(text: string, offset: number): string | null {
  let end = text.lastIndexOf('\n', offset - 1);
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (!text.startsWith('*/', end - 2)) return null;
  // looked for only as far as a doc comment plausibly reaches: a stray '*/' in a megabyte of
  // text must not cost a scan of all of it for every ioctl
  const from = Math.max(0, end - 2 - KERNEL_DOC_REACH);
  const opening = text.slice(from, end - 2).lastIndexOf('/**');
  const start = opening < 0 ? -1 : from + opening;
  if (start < 0 || text.slice(start + 3, end - 2).includes('*/')) return null;
  return text
    .slice(start + 3, end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\*( |$)/, '').trimEnd())
    .join('\n')
    .trim();
}
