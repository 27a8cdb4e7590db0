/** make-series as SQL: aggregate per (keys, bin), then one array per series over all bins. */
import type { Relation } from '../ir/ir.ts';
import type { SqlGenerator } from './relations.ts';

export function makeSeriesSql(g: SqlGenerator, rel: Extract<Relation, { kind: 'make-series' }>): string {
  void g;
  void rel;
  throw new Error('make-series is not compiled yet');
}
