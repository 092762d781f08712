import { initParser, parseC } from '../../../server/out/core/parse/parser';
import { blankAnnotations } from '../../../server/out/core/parse/annotations';
import { prepareKernelSource } from '../../../server/out/core/parse/kernel-source';

/** How tree-sitter reads a driver source as the server does: the count of ERROR and MISSING nodes. */
export async function parseTree(text: string): Promise<{ errors: number }> {
  await initParser();
  const tree = parseC(prepareKernelSource(blankAnnotations(text).text));
  try {
    let errors = 0;
    const cursor = tree.walk();
    const visit = (): void => {
      if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) errors++;
      if (cursor.gotoFirstChild()) {
        do visit();
        while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
    };
    visit();
    return { errors };
  } finally {
    tree.delete();
  }
}
