/** Clustering agreement, for measuring correlation against ground truth. */

/**
 * Adjusted Rand index of two labelings of the same items (1 = identical partitions, ~0 = chance agreement).
 * Hubert and Arabie (1985), computed from the contingency table.
 */
export function adjustedRandIndex<A, B>(truth: readonly A[], found: readonly B[]): number {
  if (truth.length !== found.length) throw new Error(`adjustedRandIndex: ${truth.length} labels against ${found.length}`);
  const n = truth.length;
  if (n < 2) return 1;
  const pairs = (k: number): number => (k * (k - 1)) / 2;
  const cells = new Map<string, number>();
  const rows = new Map<A, number>();
  const cols = new Map<B, number>();
  const rowIds = new Map<A, number>();
  const colIds = new Map<B, number>();
  for (let i = 0; i < n; i++) {
    const a = truth[i] as A;
    const b = found[i] as B;
    if (!rowIds.has(a)) rowIds.set(a, rowIds.size);
    if (!colIds.has(b)) colIds.set(b, colIds.size);
    const key = `${rowIds.get(a) ?? 0}:${colIds.get(b) ?? 0}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a, (rows.get(a) ?? 0) + 1);
    cols.set(b, (cols.get(b) ?? 0) + 1);
  }
  let index = 0;
  for (const c of cells.values()) index += pairs(c);
  let sumA = 0;
  for (const c of rows.values()) sumA += pairs(c);
  let sumB = 0;
  for (const c of cols.values()) sumB += pairs(c);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1; // both partitions trivial (all singletons or one cluster) and equal in that sense
  return (index - expected) / (max - expected);
}
