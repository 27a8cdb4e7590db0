/**
 * The binder: resolves names against the caller's schema and let statements, types every expression,
 * reports diagnostics (and keeps going), and produces the plan (IR).
 */
import { closest, didYouMean, type DiagnosticBag, type Span } from '../diagnostics.ts';
import { registry } from '../functions/index.ts';
import { resultType } from '../functions/registry.ts';
import type { Column, Relation, ScalarExpr } from '../ir/ir.ts';
import type { Expr, Operator, QueryAst, Source, Statement, Tabular } from '../syntax/ast.ts';
import type { CompileOptions, ExternalDataRequirement, KustoType, RenderInfo } from '../types.ts';
import { argInfo, bindExpr, call, ERROR_EXPR, lit } from './expressions.ts';
import { typeFromName } from './literals.ts';
import { bindOperator } from './operators/index.ts';
import { bindSource } from './sources.ts';
import { Env, type Bound, type LetValue, type RowScope } from './scope.ts';

/** Kusto functions we know of but do not compile: reported as unsupported rather than unknown. */
const KNOWN_UNSUPPORTED_FUNCTIONS = new Set([
  'series_decompose_anomalies', 'series_decompose', 'series_stats_dynamic', 'series_outliers', 'series_fill_linear',
  'series_fill_forward', 'series_fill_backward', 'series_fill_const', 'series_iir', 'series_fir', 'series_periods_detect', 'series_add', 'series_subtract',
  'series_multiply', 'series_divide', 'series_abs', 'series_seasonal', 'geo_point_to_s2cell', 'geo_point_buffer', 'geo_polygon_lookup', 'geo_distance_2points',
  'hash', 'hash_xxhash64', 'hash_many', 'hash_combine', 'tdigest', 'tdigest_merge', 'merge_tdigest', 'percentile_tdigest', 'percentiles_array', 'percentilesw_array',
  'percentilesw', 'dcount_hll', 'hll_merge', 'current_principal', 'current_principal_details', 'current_principal_is_member_of', 'current_cluster_endpoint',
  'current_database', 'cursor_after', 'estimate_data_size', 'extent_id', 'extent_tags', 'gzip_compress_to_base64_string', 'gzip_decompress_from_base64_string',
  'zlib_compress_to_base64_string', 'zlib_decompress_from_base64_string', 'parse_xml', 'parse_ipv6', 'parse_ipv6_mask', 'ipv6_compare', 'ipv6_is_match',
  'ipv6_is_in_range', 'ipv6_is_in_any_range', 'punycode_from_string', 'punycode_to_string', 'punycode_domain_from_string', 'punycode_domain_to_string',
  'beta_cdf', 'beta_inv', 'beta_pdf', 'erf', 'erfc', 'welch_test', 'convert_energy', 'convert_force', 'convert_length', 'convert_mass', 'convert_speed',
  'convert_temperature', 'convert_volume', 'format_bytes', 'base64_encode_fromarray', 'base64_encode_fromguid', 'base64_decode_toguid',
  'column_names_of', 'ipv4_lookup', 'buildschema', 'rank_tdigest', 'clipped_average', 'FileProfile', 'DeviceFromIP', 'SeenBy', 'AssignedIPAddresses',
  'row_window_session', 'new_guid', 'toscalar', 'has_any_index', 'datatable', 'external_table', 'table', 'cluster', 'database', 'arg_max', 'arg_min',
  'percentiles', 'make_series', 'series_pearson_correlation', 'array_sort', 'bag_unpack', 'pivot', 'narrow', 'sequence_detect', 'autocluster', 'basket',
  'diffpatterns', 'rolling_percentile', 'sliding_window_counts', 'activity_counts_metrics', 'funnel_sequence', 'session_count', 'infer_storage_schema',
]);

export class Binder {
  /** Names of CTEs for materialize(), with their relations. */
  /** Shared subqueries: materialize() results and let-bound tabular values (written once, referenced by name). */
  readonly ctes: { name: string; relation: Relation; materialized: boolean }[] = [];
  private readonly letCtes = new WeakMap<object, string>();
  render: RenderInfo | undefined;
  /** The provider's hidden ingestion-time column, once ingestion_time() is used (the SQL then carries it). */
  ingestionColumn: string | undefined;
  /** The operators after the one being bound in the current pipeline (bag_unpack looks ahead). */
  laterOps: readonly Operator[] = [];
  readonly externalData: ExternalDataRequirement[] = [];
  private cteCounter = 0;
  private depth = 0;

  constructor(
    readonly options: CompileOptions,
    readonly diags: DiagnosticBag,
  ) {}

  /** Binds all statements; returns the relation of the last tabular statement. */
  bindQuery(ast: QueryAst): Bound | undefined {
    const env = new Env();
    let result: Bound | undefined;
    let resultSpan: Span | undefined;
    for (const st of ast.statements) {
      const r = this.bindStatement(st, env);
      if (r) {
        if (result && resultSpan) this.diags.warning('multiple-results', 'Only the last query statement produces the result; earlier ones are ignored.', resultSpan);
        result = r;
        resultSpan = st.span;
      }
    }
    return result;
  }

  bindStatement(st: Statement, env: Env): Bound | undefined {
    switch (st.kind) {
      case 'let': {
        const root: RowScope = { env, columns: [], aggregates: false };
        if (st.value.kind === 'name' || st.value.kind === 'call') {
          // `let T = SomeTable;` or `let T = SomeFunction(...)`: tabular if it names a table or tabular function
          const isTab = st.value.kind === 'name' ? this.isTabularName(st.value.name, env) : this.isTabularCall(st.value, env);
          if (isTab) {
            const tab: Tabular = { source: st.value.kind === 'name' ? { kind: 'table', name: st.value.name, span: st.value.span } : { kind: 'call', call: st.value, span: st.value.span }, ops: [], span: st.value.span };
            env.set(st.name, { kind: 'tabular', bound: this.bindTabular(tab, env) });
            return undefined;
          }
        }
        env.set(st.name, { kind: 'scalar', expr: bindExpr(this, st.value, root) });
        return undefined;
      }
      case 'let-tabular':
        env.set(st.name, { kind: 'tabular', bound: this.bindTabular(st.value, env) });
        return undefined;
      case 'let-function':
        env.set(st.name, { kind: 'function', params: st.params, body: st.body, env, view: st.view });
        return undefined;
      case 'pattern':
        env.set(st.name, { kind: 'pattern', pattern: st, env });
        return undefined;
      case 'query':
        return this.bindTabular(st.tabular, env);
      case 'set':
        return undefined;
      case 'declare':
        for (const p of st.params) {
          if (p.default) env.set(p.name, { kind: 'scalar', expr: bindExpr(this, p.default, { env, columns: [], aggregates: false }) });
          else {
            this.diags.error('unsupported-syntax', `Query parameter '${p.name}' has no value.`, p.span);
            env.set(p.name, { kind: 'scalar', expr: lit(null, typeFromName(p.type ?? 'string') ?? 'string') });
          }
        }
        return undefined;
      case 'expr':
        this.diags.error('syntax-error', 'A query must end with a tabular expression.', st.span);
        return undefined;
    }
  }

  isTabularName(name: string, env: Env): boolean {
    const v = env.get(name);
    if (v) return v.kind === 'tabular';
    return this.options.schema.tables[name] !== undefined;
  }

  isTabularCall(e: Expr & { kind: 'call' }, env: Env): boolean {
    const v = env.get(e.name);
    if (v?.kind === 'function') return functionIsTabular(v);
    if (v?.kind === 'pattern') return true;
    return e.name === 'materialize' || e.name === 'view' || e.name === 'table';
  }

  bindTabular(t: Tabular, env: Env): Bound {
    if (++this.depth > 200) {
      this.depth--;
      this.diags.error('unsupported-syntax', 'The query nests too deeply.', t.span);
      return { rel: { kind: 'empty', columns: [] } };
    }
    try {
      let cur = this.bindSourceNode(t.source, env);
      const saved = this.laterOps;
      t.ops.forEach((op, i) => {
        this.laterOps = t.ops.slice(i + 1);
        cur = this.bindOp(cur, op, env);
      });
      this.laterOps = saved;
      return cur;
    } finally {
      this.depth--;
    }
  }

  bindSourceNode(s: Source, env: Env): Bound {
    return bindSource(this, s, env);
  }

  bindOp(input: Bound, op: Operator, env: Env): Bound {
    return bindOperator(this, input, op, env);
  }

  /** A tabular let value or schema table by name. */
  lookupTable(name: string, span: Span, env: Env): Bound {
    const v = env.get(name);
    if (v?.kind === 'tabular') return { ...this.shared(v), name: v.bound.name ?? name };
    if (v?.kind === 'function' && v.params.length === 0) return this.invokeTabularFunction(v, [], span, env);
    if (v?.kind === 'scalar') {
      // a scalar in tabular position, e.g. a function body that is just a parameter
      return { rel: { kind: 'project', input: oneRow(), items: [{ name: 'print_0', expr: v.expr }], columns: [{ name: 'print_0', type: v.expr.type }] } };
    }
    const t = this.options.schema.tables[name];
    if (t) return { rel: { kind: 'table', table: name, columns: t.columns.map((c) => ({ name: c.name, type: c.type })) }, name };
    const candidates = [...Object.keys(this.options.schema.tables), ...env.names()];
    this.diags.error('unknown-table', `Unknown table or tabular expression '${name}'.${didYouMean(name, candidates)}`, span);
    return { rel: { kind: 'empty', columns: [] } };
  }

  tableNames(): string[] {
    return Object.keys(this.options.schema.tables);
  }

  /** Binds arguments of a let-function and its body in a new environment; the body's last statement is the result. */
  private enterFunction(fnv: LetValue & { kind: 'function' }, args: (Expr | undefined)[], span: Span, callerEnv: Env, scope?: RowScope): { env: Env; body: Statement[] } | undefined {
    const env = new Env(fnv.env);
    const params = fnv.params;
    if (args.length > params.length || params.some((p, i) => !p.default && args[i] === undefined)) {
      this.diags.error('wrong-arity', `The function takes ${params.length} argument(s) but got ${args.length}.`, span);
      return undefined;
    }
    params.forEach((p, i) => {
      const a = args[i];
      if (p.columns !== undefined) {
        if (!a) return;
        const tab: Tabular = a.kind === 'tabular' ? a.tabular : a.kind === 'name' ? { source: { kind: 'table', name: a.name, span: a.span }, ops: [], span: a.span } : a.kind === 'call' ? { source: { kind: 'call', call: a, span: a.span }, ops: [], span: a.span } : { source: { kind: 'unsupported', name: 'argument', span: a.span }, ops: [], span: a.span };
        env.set(p.name, { kind: 'tabular', bound: this.bindTabular(tab, callerEnv) });
        return;
      }
      const rowScope: RowScope = scope ?? { env: callerEnv, columns: [], aggregates: false };
      const v = a ? bindExpr(this, a, rowScope) : p.default ? bindExpr(this, p.default, { env: fnv.env, columns: [], aggregates: false }) : lit(null, 'string');
      const t = typeFromName(p.type ?? '') ?? v.type;
      env.set(p.name, { kind: 'scalar', expr: v.type === t || v.kind !== 'literal' ? v : this.convertLiteral(v, t) });
    });
    return { env, body: fnv.body };
  }

  private convertLiteral(v: ScalarExpr, t: KustoType): ScalarExpr {
    if (v.kind === 'literal' && v.value !== null && (t === 'int' || t === 'long' || t === 'real') && typeof v.value === 'number') return lit(v.value, t);
    if (v.kind === 'literal' && v.value === null) return lit(null, t);
    return v;
  }

  invokeTabularFunction(fnv: LetValue & { kind: 'function' }, args: (Expr | undefined)[], span: Span, callerEnv: Env, pipedInput?: Bound): Bound {
    if (++this.depth > 50) {
      this.depth--;
      this.diags.error('unsupported-syntax', 'Function calls nest too deeply (recursion is not allowed).', span);
      return { rel: { kind: 'empty', columns: [] } };
    }
    try {
      const allArgs = pipedInput ? args : args;
      const entered = this.enterFunctionWithInput(fnv, allArgs, span, callerEnv, pipedInput);
      if (!entered) return { rel: { kind: 'empty', columns: [] } };
      let result: Bound | undefined;
      for (const st of entered.body) {
        const r = this.bindStatement(st, entered.env);
        if (r) result = r;
        else if (st.kind === 'expr') {
          /* reported by bindStatement */
        }
      }
      if (!result) {
        this.diags.error('syntax-error', 'The function does not return a tabular result.', span);
        return { rel: { kind: 'empty', columns: [] } };
      }
      return result;
    } finally {
      this.depth--;
    }
  }

  private enterFunctionWithInput(fnv: LetValue & { kind: 'function' }, args: (Expr | undefined)[], span: Span, callerEnv: Env, pipedInput?: Bound): { env: Env; body: Statement[] } | undefined {
    if (!pipedInput) return this.enterFunction(fnv, args, span, callerEnv);
    // `T | invoke f(x)`: the piped table is the first (tabular) parameter
    const first = fnv.params[0];
    if (!first || first.columns === undefined) {
      this.diags.error('invalid-argument', 'invoke needs a function whose first parameter is tabular.', span);
      return undefined;
    }
    const rest = { ...fnv, params: fnv.params.slice(1) };
    const entered = this.enterFunction(rest, args, span, callerEnv);
    if (!entered) return undefined;
    entered.env.set(first.name, { kind: 'tabular', bound: pipedInput });
    return entered;
  }

  invokeScalarFunction(fnv: LetValue & { kind: 'function' }, e: Expr & { kind: 'call' }, scope: RowScope): ScalarExpr {
    if (++this.depth > 50) {
      this.depth--;
      this.diags.error('unsupported-syntax', 'Function calls nest too deeply (recursion is not allowed).', e.span);
      return ERROR_EXPR;
    }
    try {
      const entered = this.enterFunction(fnv, orderArgs(fnv.params, e.args), e.span, scope.env, scope);
      if (!entered) return ERROR_EXPR;
      const bodyScope: RowScope = { ...scope, env: entered.env };
      let result: ScalarExpr | undefined;
      for (const st of entered.body) {
        if (st.kind === 'expr') result = bindExpr(this, st.expr, bodyScope);
        else if (st.kind === 'query' && st.tabular.ops.length === 0 && st.tabular.source.kind === 'table') {
          result = bindExpr(this, { kind: 'name', name: st.tabular.source.name, span: st.tabular.source.span }, bodyScope);
        } else if (st.kind === 'query' && st.tabular.ops.length === 0 && st.tabular.source.kind === 'call' && !this.isTabularCall(st.tabular.source.call, entered.env)) {
          result = bindExpr(this, st.tabular.source.call, bodyScope);
        } else if (st.kind === 'query') {
          const r = this.bindTabular(st.tabular, entered.env);
          result = { kind: 'subquery', relation: r.rel, type: r.rel.columns[0]?.type ?? 'dynamic' };
        } else this.bindStatement(st, entered.env);
      }
      if (bodyScope.usedAggregate) scope.usedAggregate = true;
      if (bodyScope.usedWindow) scope.usedWindow = true;
      return result ?? ERROR_EXPR;
    } finally {
      this.depth--;
    }
  }

  /** A registered function call, with arity checks and typing. */
  callFunction(name: string, args: ScalarExpr[], span: Span | undefined): ScalarExpr {
    const def = registry.get(name);
    const at = span ?? { start: 0, end: 0 };
    if (!def) {
      this.reportUnknownFunction(name, at);
      return ERROR_EXPR;
    }
    if (args.length < def.minArgs || args.length > def.maxArgs) {
      const expected = def.minArgs === def.maxArgs ? `${def.minArgs}` : `${def.minArgs} to ${def.maxArgs}`;
      this.diags.error('wrong-arity', `${name}() takes ${expected} argument(s) but got ${args.length}.`, at);
      return ERROR_EXPR;
    }
    if (args.some((a) => a === ERROR_EXPR)) return ERROR_EXPR;
    const infos = args.map(argInfo);
    const problem = def.check?.(infos);
    if (problem) {
      this.diags.error('invalid-argument', problem, at);
      return ERROR_EXPR;
    }
    return call(def.name === name ? name : def.name, args, resultType(def, infos));
  }

  reportUnknownFunction(name: string, span: Span): void {
    if (KNOWN_UNSUPPORTED_FUNCTIONS.has(name) || name.startsWith('series_') || name.startsWith('geo_')) {
      this.diags.error('unsupported-function', `The function '${name}' is not supported yet.`, span);
      return;
    }
    const c = closest(name, registry.names());
    this.diags.error('unknown-function', `Unknown function '${name}'.${c ? ` Did you mean '${c}'?` : ''}`, span);
  }

  /** A relation of one dynamic column holding the first column of `rel` as an array (for has_any(T)). */
  listOfFirstColumn(rel: Relation): Relation {
    const first = rel.columns[0];
    if (!first) return { kind: 'empty', columns: [{ name: 'list', type: 'dynamic' }] };
    return {
      kind: 'aggregate',
      input: rel,
      keys: [],
      aggs: [{ name: 'list', expr: call('make_list', [{ kind: 'column', name: first.name, type: first.type }], 'dynamic') }],
      columns: [{ name: 'list', type: 'dynamic' }],
    };
  }

  /** A let-bound tabular value as a reference to one CTE, so that several uses do not repeat its SQL. */
  private shared(v: LetValue & { kind: 'tabular' }): Bound {
    const rel = v.bound.rel;
    if (rel.kind === 'table' || rel.kind === 'cte-ref' || rel.kind === 'external' || rel.kind === 'empty') return v.bound;
    let name = this.letCtes.get(v);
    if (name === undefined) {
      name = this.newCteName();
      this.letCtes.set(v, name);
      this.ctes.push({ name, relation: rel, materialized: false });
    }
    return { ...v.bound, rel: { kind: 'cte-ref', name, columns: rel.columns } };
  }

  newCteName(): string {
    return `_m${this.cteCounter++}`;
  }
}

export function oneRow(): Relation {
  return { kind: 'values', rows: [[]], columns: [] };
}

function functionIsTabular(v: LetValue & { kind: 'function' }): boolean {
  const last = v.body[v.body.length - 1];
  return last?.kind === 'query';
}

export function columnsOf(b: Bound): Column[] {
  return b.rel.columns;
}

/** Call arguments in parameter order: positional first, then `name = value` by name (holes take defaults). */
export function orderArgs(params: readonly { name: string }[], args: readonly { name?: string; value: Expr }[]): (Expr | undefined)[] {
  if (!args.some((a) => a.name !== undefined && params.some((p) => p.name === a.name))) return args.map((a) => a.value);
  const out: (Expr | undefined)[] = params.map(() => undefined);
  for (const a of args) {
    if (a.name === undefined) continue;
    const i = params.findIndex((p) => p.name === a.name);
    if (i >= 0) out[i] = a.value;
  }
  for (const a of args) {
    if (a.name !== undefined) continue;
    const i = out.findIndex((x) => x === undefined);
    if (i >= 0) out[i] = a.value;
  }
  let last = out.length;
  while (last > 0 && out[last - 1] === undefined) last--;
  return out.slice(0, last);
}
