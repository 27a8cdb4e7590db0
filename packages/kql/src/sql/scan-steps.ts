/**
 * SQL for a multi-step scan (Kusto's scan logic, https://learn.microsoft.com/kusto/query/scan-operator): a
 * recursive CTE walks the numbered rows; its one row per step holds the whole scan state as a STRUCT:
 *   cnt  the last match id given out,
 *   out  the records this row outputs (each row's columns, declared values and match id),
 *   s<k> the state of step k: a (an active sequence), m (its match id), v1..vk (the records that matched steps
 *        1..k in the sequence, each a STRUCT f0..fN of the row's columns and declared values).
 * A row is checked against the steps from last to first. Check 1 (k > 1): step k-1 is active and the row meets
 * step k's condition read against step k-1's state: the sequence moves to step k (step k-1 empties). Check 2:
 * step k is active (or is the first step) and the row meets the condition read against step k's own state: the
 * row replaces step k's record; on an empty first step this starts a sequence with the next match id. A match
 * outputs the row (extended by the step's assignments) unless the step says output=none.
 */
import type { Relation, ScalarExpr } from '../ir/ir.ts';
import { parseScanStepRef } from '../ir/ir.ts';
import { emitExpr } from './expressions.ts';
import type { SqlGenerator } from './relations.ts';

type ScanSteps = Extract<Relation, { kind: 'scan-steps' }>;

export function scanStepsSql(g: SqlGenerator, rel: ScanSteps): string {
  const d = g.d;
  const rowCols = [...rel.input.columns, ...rel.declared.map((x) => ({ name: x.name, type: x.expr.type }))];
  const nIn = rel.input.columns.length;
  const n = rel.steps.length;
  const rowType = `STRUCT(${rowCols.map((c, i) => `f${i} ${d.sqlType(c.type)}`).join(', ')})`;
  const outType = `STRUCT(${rowCols.map((c, i) => `f${i} ${d.sqlType(c.type)}`).join(', ')}, mid BIGINT)`;
  const stepType = (k: number): string => `STRUCT(a BOOLEAN, m BIGINT${Array.from({ length: k }, (_x, j) => `, v${j + 1} ${rowType}`).join('')})`;
  const stateType = `STRUCT(cnt BIGINT, out ${outType}[]${Array.from({ length: n }, (_x, k) => `, s${k + 1} ${stepType(k + 1)}`).join('')})`;
  const emptyStep = (k: number): string => `{'a': FALSE, 'm': CAST(NULL AS BIGINT)${Array.from({ length: k }, (_x, j) => `, 'v${j + 1}': CAST(NULL AS ${rowType})`).join('')}}`;
  const defaults = rel.declared.map((x) => g.expr(x.expr));
  const fieldOf = new Map(rowCols.map((c, i) => [c.name, i]));

  /** Expression SQL where `<step>.<name>` reads `state` (holding steps 0..visible-1) and declared names their defaults. */
  const emit = (e: ScalarExpr, state: string, visible: number): string =>
    emitExpr(e, {
      ...g.ctx(),
      columnSql: (name) => {
        const ref = parseScanStepRef(name);
        if (ref) {
          const f = fieldOf.get(ref.name);
          const type = rowCols[f ?? 0]?.type ?? 'string';
          return ref.step < visible && f !== undefined ? `${state}.v${ref.step + 1}.f${f}` : d.nullOf(type);
        }
        const f = fieldOf.get(name);
        if (f === undefined) return undefined;
        return f < nIn ? `_src.${d.quoteIdent(name)}` : (defaults[f - nIn] ?? d.nullOf(rowCols[f]?.type ?? 'string'));
      },
    });
  /** The row extended by step k's assignments (0-based k), read against `state`. */
  const extended = (k: number, state: string, visible: number): string[] => {
    const step = rel.steps[k];
    return rowCols.map((c, i) => {
      if (i < nIn) return `_src.${d.quoteIdent(c.name)}`;
      const a = step?.assigns.find((x) => x.name === c.name);
      return a ? emit(a.expr, state, visible) : (defaults[i - nIn] ?? d.nullOf(c.type));
    });
  };
  const rowStruct = (fields: string[]): string => `CAST({${fields.map((f, i) => `'f${i}': ${f}`).join(', ')}} AS ${rowType})`;
  const outItem = (fields: string[], mid: string): string => `CAST({${fields.map((f, i) => `'f${i}': ${f}`).join(', ')}, 'mid': ${mid}} AS ${outType})`;
  const state = (q: string, over: Record<string, string>): string => {
    const parts = [`'cnt': ${over.cnt ?? `${q}.cnt`}`, `'out': ${over.out ?? `${q}.out`}`];
    for (let k = 1; k <= n; k++) parts.push(`'s${k}': ${over[`s${k}`] ?? `${q}.s${k}`}`);
    return `CAST({${parts.join(', ')}} AS ${stateType})`;
  };

  const reset = (s: string): string => state(s, { out: `CAST([] AS ${outType}[])` });
  // the transition for one row (which starts with an empty output list): steps from last (k = n) to first, each
  // reading the state the later ones left
  let cur = reset(`_scan."__st"`);
  for (let k = n; k >= 1; k--) {
    const q = `_q${k}`;
    const step = rel.steps[k - 1];
    if (!step) continue;
    const branches: string[] = [];
    if (k > 1) {
      const prev = `${q}.s${k - 1}`;
      const cond = `(${prev}.a AND coalesce(${emit(step.condition, prev, k - 1)}, FALSE))`;
      const fields = extended(k - 1, prev, k - 1);
      const moved = `{'a': TRUE, 'm': ${prev}.m${Array.from({ length: k - 1 }, (_x, j) => `, 'v${j + 1}': ${prev}.v${j + 1}`).join('')}, 'v${k}': ${rowStruct(fields)}}`;
      const out = step.output === 'all' ? `list_append(${q}.out, ${outItem(fields, `${prev}.m`)})` : `${q}.out`;
      branches.push(`WHEN ${cond} THEN ${state(q, { out, [`s${k - 1}`]: emptyStep(k - 1), [`s${k}`]: moved })}`);
    }
    const own = `${q}.s${k}`;
    const cond2 = `(${k === 1 ? 'TRUE' : `${own}.a`} AND coalesce(${emit(step.condition, own, k)}, FALSE))`;
    const fields2 = extended(k - 1, own, k);
    const mid = k === 1 ? `CASE WHEN ${own}.a THEN ${own}.m ELSE ${q}.cnt + 1 END` : `${own}.m`;
    const cnt = k === 1 ? `CASE WHEN ${own}.a THEN ${q}.cnt ELSE ${q}.cnt + 1 END` : `${q}.cnt`;
    const replaced = `{'a': TRUE, 'm': ${mid}${Array.from({ length: k - 1 }, (_x, j) => `, 'v${j + 1}': ${own}.v${j + 1}`).join('')}, 'v${k}': ${rowStruct(fields2)}}`;
    const out2 = step.output === 'all' ? `list_append(${q}.out, ${outItem(fields2, mid)})` : `${q}.out`;
    branches.push(`WHEN ${cond2} THEN ${state(q, { cnt, out: out2, [`s${k}`]: replaced })}`);
    cur = `list_transform([${cur}], lambda ${q}: CASE ${branches.join(' ')} ELSE ${q} END)[1]`;
  }
  const transition = cur;
  const initSteps: Record<string, string> = { cnt: 'CAST(-1 AS BIGINT)', out: `CAST([] AS ${outType}[])` };
  for (let k = 1; k <= n; k++) initSteps[`s${k}`] = emptyStep(k);
  const init = `CAST({${Object.entries(initSteps).map(([key, v]) => `'${key}': ${v}`).join(', ')}} AS ${stateType})`;
  const order = rel.order.length > 0 ? `ORDER BY ${g.orderBy(rel.order)}` : '';
  const src = `SELECT *, row_number() OVER (${order}) AS "__i" FROM (${g.relation(rel.input)}) AS _s`;
  const scan = `SELECT CAST(0 AS BIGINT) AS "__i", ${init} AS "__st" UNION ALL SELECT _src."__i", ${transition} AS "__st" FROM _scan JOIN _src ON _src."__i" = _scan."__i" + 1`;
  const cols = rowCols.map((c, i) => `_o.f${i} AS ${d.quoteIdent(c.name)}`);
  if (rel.matchId !== undefined) cols.push(`_o.mid AS ${d.quoteIdent(rel.matchId)}`);
  const outs = `SELECT "__i", unnest("__st".out) AS _o, generate_subscripts("__st".out, 1) AS "__k" FROM _scan`;
  return `WITH RECURSIVE _src AS MATERIALIZED (${src}), _scan AS (${scan}) SELECT ${cols.join(', ')} FROM (${outs}) AS _u ORDER BY "__i", "__k"`;
}
