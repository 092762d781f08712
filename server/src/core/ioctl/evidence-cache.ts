/**
 * Answers kept by an ioctl's evidence key (its argument type, members and comment as one string,
 * classify's evidenceKeyOf) and a short key of the rest (its name, direction...). Two levels, so
 * a lookup while typing hashes the evidence key as it is instead of copying it into a longer
 * string for every ioctl of every version. Bounded: when full it starts again.
 */
export class EvidenceCache<V> {
  private readonly byEvidence = new Map<string, Map<string, V>>();
  private size = 0;

  constructor(private readonly max: number) {}

  get(evidenceKey: string, rest: string): V | undefined {
    return this.byEvidence.get(evidenceKey)?.get(rest);
  }

  set(evidenceKey: string, rest: string, value: V): void {
    if (this.size >= this.max) {
      this.byEvidence.clear();
      this.size = 0;
    }
    let inner = this.byEvidence.get(evidenceKey);
    if (!inner) this.byEvidence.set(evidenceKey, (inner = new Map()));
    if (!inner.has(rest)) this.size++;
    inner.set(rest, value);
  }
}
