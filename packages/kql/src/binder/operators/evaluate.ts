import { orderArgs } from '../binder.ts';
/** evaluate (plugins) and invoke (let-defined functions over the piped table). */
import type { Column, NamedScalar, Relation, ScalarExpr } from '../../ir/ir.ts';
import { bindExpr, lit } from '../expressions.ts';
import { typeFromName } from '../literals.ts';
import { colRef, rowScope } from './columns.ts';
import type { Expr, Operator } from '../../syntax/ast.ts';
import type { ProviderTable, Providers } from '../../types.ts';
import type { Binder } from '../binder.ts';
import type { Bound, Env } from '../scope.ts';
import { constantColumn } from './constant-rows.ts';
import { bindNarrow, bindPivot } from './pivot.ts';

export function bindEvaluate(b: Binder, input: Bound, op: Extract<Operator, { kind: 'evaluate' }>, env: Env): Bound {
  const name = op.call.kind === 'call' ? op.call.name : 'evaluate';
  if (op.call.kind === 'call' && name === 'bag_unpack') {
    const schema = op.schema ?? inferBagSchema(input, op.call, b.ctes) ?? schemaFromLaterOps(b, input, op.call, env);
    if (!schema) {
      // the output columns depend on the data: known at compile time only for constant input or a declared schema
      b.diags.error('unsupported-operator', 'evaluate bag_unpack needs an output schema here, e.g. evaluate bag_unpack(d) : (*, Name:string).', op.span);
      return { rel: { kind: 'empty', columns: input.rel.columns } };
    }
    return bindBagUnpack(b, input, op.call, op.schema ? { ...schema, declared: true } : schema, env);
  }
  if (op.call.kind === 'call' && name === 'pivot') return bindPivot(b, input, op.call, op.schema, env, op.span);
  if (op.call.kind === 'call' && name === 'narrow' && op.call.args.length === 0) return bindNarrow(b, input);
  if (op.call.kind === 'call' && (name === 'ipv4_lookup' || name === 'ipv6_lookup')) return bindIpLookup(b, input, op.call, env);
  b.diags.error('unsupported-operator', `The plugin 'evaluate ${name}' is not supported yet.`, op.span);
  return { rel: { kind: 'empty', columns: input.rel.columns } };
}

/**
 * evaluate ipv4_lookup(LookupTable, SourceIP, LookupRange [, ExtraKey...] [, return_unmatched]): a join on
 * "the address is in the range" (and equal extra keys); unmatched rows are kept with return_unmatched=true.
 */
function bindIpLookup(b: Binder, input: Bound, c: Expr & { kind: 'call' }, env: Env): Bound {
  const v6 = c.name === 'ipv6_lookup';
  const positional = c.args.filter((a) => a.name === undefined).map((a) => a.value);
  const named = c.args.find((a) => a.name === 'return_unmatched')?.value;
  const [tableArg, srcArg, rangeArg, ...rest] = positional;
  let unmatchedExpr = named;
  const last = rest[rest.length - 1];
  if (!named && last && last.kind === 'bool') {
    unmatchedExpr = last;
    rest.pop();
  }
  if (!tableArg || srcArg?.kind !== 'name' || rangeArg?.kind !== 'name') {
    b.diags.error('invalid-argument', `${c.name}(LookupTable, SourceIP, IPRange [, ExtraKey...] [, return_unmatched]) needs a table and two column names.`, c.span);
    return input;
  }
  const tab = tableArg.kind === 'tabular' ? tableArg.tabular : { source: tableArg.kind === 'call' ? { kind: 'call' as const, call: tableArg, span: tableArg.span } : { kind: 'table' as const, name: tableArg.kind === 'name' ? tableArg.name : '', span: tableArg.span }, ops: [], span: tableArg.span };
  const right = b.bindTabular(tab, env);
  const L = input.rel.columns;
  const R = right.rel.columns;
  const src = L.find((x) => x.name === srcArg.name);
  const range = R.find((x) => x.name === rangeArg.name);
  if (!src || !range) {
    b.diags.error('unknown-column', `${c.name}: unknown column '${!src ? srcArg.name : rangeArg.name}'.`, c.span);
    return input;
  }
  const keys: { left: ScalarExpr; right: ScalarExpr }[] = [];
  for (const k of rest) {
    if (k.kind !== 'name') continue;
    const l = L.find((x) => x.name === k.name);
    const r = R.find((x) => x.name === k.name);
    if (l && r) keys.push({ left: { kind: 'column', name: l.name, type: l.type, side: 'left' }, right: { kind: 'column', name: r.name, type: r.type, side: 'right' } });
  }
  const condition = b.callFunction(v6 ? 'ipv6_is_in_range' : 'ipv4_is_in_range', [{ kind: 'column', name: src.name, type: src.type, side: 'left' }, { kind: 'column', name: range.name, type: range.type, side: 'right' }], c.span);
  const unmatched = unmatchedExpr?.kind === 'bool' && unmatchedExpr.value;
  const taken = new Set(L.map((x) => x.name));
  const rightOut = R.filter((x) => !keys.some((k) => k.right.kind === 'column' && k.right.name === x.name)).map((x) => {
    let n = x.name;
    for (let i = 1; taken.has(n); i++) n = `${x.name}${i}`;
    taken.add(n);
    return { name: n, side: 'right' as const, source: x.name, type: x.type };
  });
  const leftOut = L.map((x) => ({ name: x.name, side: 'left' as const, source: x.name, type: x.type }));
  // ipv6_lookup lists the lookup table's columns first
  const output = v6 ? [...rightOut, ...leftOut] : [...leftOut, ...rightOut];
  const rel: Relation = {
    kind: 'join',
    joinKind: unmatched ? 'leftouter' : 'inner',
    left: input.rel,
    right: right.rel,
    keys,
    condition,
    output: output.map((o) => ({ name: o.name, side: o.side, source: o.source })),
    columns: output.map((o) => ({ name: o.name, type: o.type })),
  };
  return { rel };
}

/** bag_unpack(col [, prefix]) : (*, A:type, ...): the declared properties become columns. */
interface BagSchema {
  star: boolean;
  columns: { name: string; type: string }[];
  /** declared by the query (`: (...)`) rather than inferred from constant data */
  declared?: boolean;
}

/**
 * The bag's keys when every row of the input is a compile-time constant (datatable, print): sorted by name,
 * typed from their values, with the prefix applied.
 */
function inferBagSchema(input: Bound, call: Expr & { kind: 'call' }, ctes: Binder['ctes']): BagSchema | undefined {
  const a0 = call.args[0]?.value;
  if (a0?.kind !== 'name') return undefined;
  const values = constantColumn(input.rel, a0.name, ctes);
  if (!values) return undefined;
  const prefixArg = call.args.find((a, i) => i > 0 && a.name === undefined)?.value;
  const prefix = prefixArg?.kind === 'string' ? prefixArg.value : '';
  const types = new Map<string, Set<string>>();
  for (const v of values) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    for (const [k, x] of Object.entries(v)) {
      const t = x === null ? 'null' : typeof x === 'number' ? (Number.isInteger(x) ? 'long' : 'real') : typeof x === 'boolean' ? 'bool' : typeof x === 'string' ? 'string' : 'dynamic';
      const set = types.get(k) ?? new Set<string>();
      set.add(t);
      types.set(k, set);
    }
  }
  const columns = [...types.keys()].sort().map((k) => {
    const ts = [...(types.get(k) ?? [])].filter((t) => t !== 'null');
    const type = ts.length === 1 ? (ts[0] ?? 'dynamic') : ts.every((t) => t === 'long' || t === 'real') && ts.length > 0 ? 'real' : 'dynamic';
    return { name: prefix + k, type };
  });
  return { star: true, columns };
}

function bindBagUnpack(b: Binder, input: Bound, call: Expr & { kind: 'call' }, schema: BagSchema, env: Env): Bound {
  const a0 = call.args[0]?.value;
  const bag = a0 ? bindExpr(b, a0, rowScope(input, env)) : undefined;
  if (!bag || !a0) {
    b.diags.error('wrong-arity', 'bag_unpack needs a dynamic column.', call.span);
    return input;
  }
  const prefixArg = call.args.find((a, i) => i > 0 && a.name === undefined)?.value;
  const prefix = prefixArg?.kind === 'string' ? prefixArg.value : '';
  const conflict = call.args.find((a) => a.name === 'columnsConflict')?.value;
  const policy = conflict?.kind === 'string' ? conflict.value : 'error';
  const bagName = a0.kind === 'name' ? a0.name : undefined;
  const items: NamedScalar[] = [];
  const declared = new Set(schema.columns.map((c) => c.name));
  if (schema.star) {
    for (const c of input.rel.columns) {
      if (c.name === bagName) continue;
      if (declared.has(c.name) && policy === 'replace_source') {
        items.push({ name: c.name, expr: colRef(c) }); // replaced below, in place
        continue;
      }
      if (declared.has(c.name) && policy !== 'keep_source') continue;
      items.push({ name: c.name, expr: colRef(c) });
    }
  }
  for (const c of schema.columns) {
    if (policy === 'keep_source' && input.rel.columns.some((x) => x.name === c.name && x.name !== bagName)) continue;
    const t = typeFromName(c.type) ?? 'dynamic';
    const key = prefix && c.name.startsWith(prefix) ? c.name.slice(prefix.length) : c.name;
    const inputCol = schema.declared ? input.rel.columns.find((x) => x.name === c.name && x.name !== bagName) : undefined;
    const v = inputCol ? colRef(inputCol) : b.callFunction('dynamic_member', [bag, lit(key, 'string')], call.span);
    const value = t === 'dynamic' ? v : b.callFunction(convertFn(t), [v], call.span);
    const at = items.findIndex((x) => x.name === c.name);
    if (at >= 0) items[at] = { name: c.name, expr: value };
    else items.push({ name: c.name, expr: value });
  }
  return { rel: { kind: 'project', input: input.rel, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) } };
}

function convertFn(t: string): string {
  return t === 'string' ? 'tostring' : t === 'int' ? 'toint' : t === 'long' ? 'tolong' : t === 'real' ? 'todouble' : t === 'bool' ? 'tobool' : t === 'datetime' ? 'todatetime' : t === 'timespan' ? 'totimespan' : t === 'guid' ? 'toguid' : t === 'decimal' ? 'todecimal' : 'todynamic';
}

export function bindInvoke(b: Binder, input: Bound, op: Extract<Operator, { kind: 'invoke' }>, env: Env): Bound {
  const c = op.call;
  if (c.kind !== 'call') {
    b.diags.error('syntax-error', 'invoke needs a function call.', op.span);
    return input;
  }
  const fnv = env.get(c.name);
  if (fnv?.kind === 'function') return b.invokeTabularFunction(fnv, orderArgs(fnv.params, c.args), c.span, env, input);
  const provider = PROVIDERS[c.name];
  if (provider) return bindProvider(b, input, c, provider);
  b.reportUnknownFunction(c.name, c.nameSpan);
  return { rel: { kind: 'empty', columns: input.rel.columns } };
}

/** Functions that read other data, with the provider that serves them and their default key column. */
const PROVIDERS: Record<string, { option: keyof Providers; defaultKey: string }> = {
  FileProfile: { option: 'fileProfile', defaultKey: 'SHA1' },
  SeenBy: { option: 'seenBy', defaultKey: 'DeviceId' },
  DeviceFromIP: { option: 'deviceFromIp', defaultKey: 'IPAddress' },
};

/** `T | invoke FileProfile(SHA1, 1000)`: a left lookup of the provider's table on the key column. */
function bindProvider(b: Binder, input: Bound, c: Expr & { kind: 'call' }, spec: { option: keyof Providers; defaultKey: string }): Bound {
  const p = b.options.providers?.[spec.option] as ProviderTable | undefined;
  if (!p) {
    b.diags.error('missing-provider', `${c.name}() needs a provider; none was configured.`, c.span);
    return { rel: { kind: 'empty', columns: input.rel.columns } };
  }
  const a0 = c.args[0]?.value;
  const keyName = a0?.kind === 'name' ? a0.name : a0?.kind === 'string' ? a0.value : spec.defaultKey;
  const inputKey = input.rel.columns.find((x) => x.name === keyName);
  if (!inputKey) {
    b.diags.error('unknown-column', `${c.name}(): the input has no column '${keyName}'.`, a0?.span ?? c.span);
    return { rel: { kind: 'empty', columns: input.rel.columns } };
  }
  const providerKey = spec.option === 'fileProfile' && /sha256/i.test(keyName) && p.columns.some((x) => x.name === 'SHA256') ? 'SHA256' : p.key;
  const keyType = p.columns.find((x) => x.name === providerKey)?.type ?? 'string';
  const right: Relation = { kind: 'table', table: p.table, columns: p.columns.map((x) => ({ name: x.name, type: x.type })) };
  const added: Column[] = right.columns.filter((x) => !input.rel.columns.some((y) => y.name === x.name));
  const output = [...input.rel.columns.map((x) => ({ name: x.name, side: 'left' as const, source: x.name })), ...added.map((x) => ({ name: x.name, side: 'right' as const, source: x.name }))];
  const rel: Relation = {
    kind: 'join',
    joinKind: 'leftouter',
    left: input.rel,
    right,
    keys: [{ left: { kind: 'column', name: inputKey.name, type: inputKey.type, side: 'left' }, right: { kind: 'column', name: providerKey, type: keyType, side: 'right' } }],
    output,
    columns: [...input.rel.columns, ...added],
  };
  return { rel };
}

/** Operators after which the columns are exactly the ones they name. */
const CLOSING = new Set(['project', 'summarize', 'count', 'make-series', 'distinct']);

/**
 * Without constant input or a declared schema, the unpacked columns are the names the rest of the pipeline
 * reads that nothing else defines, provided a later project/summarize fixes the output columns (so that keys
 * nobody names cannot be missing from the result). They are typed dynamic.
 */
function schemaFromLaterOps(b: Binder, input: Bound, call: Expr & { kind: 'call' }, env: Env): BagSchema | undefined {
  const later = b.laterOps;
  const closeAt = later.findIndex((o) => CLOSING.has(o.kind) && !(o.kind === 'distinct' && o.star) && !(o.kind === 'summarize' && keepsAllColumns(o.aggs)));
  if (closeAt < 0) return undefined;
  const used = new Set<string>();
  const defined = new Set<string>(input.rel.columns.map((c) => c.name));
  const a0 = call.args[0]?.value;
  if (a0?.kind === 'name') defined.delete(a0.name);
  for (const o of later.slice(0, closeAt + 1)) collectNames(o, used, defined);
  const prefixArg = call.args.find((a, i) => i > 0 && a.name === undefined)?.value;
  const prefix = prefixArg?.kind === 'string' ? prefixArg.value : '';
  // `used` holds names read before anything defined them (a later extend may reuse a name the bag provided)
  const keys = [...used].filter((n) => env.get(n) === undefined && (prefix === '' || n.startsWith(prefix)));
  return { star: true, columns: keys.map((k) => ({ name: k, type: 'dynamic' })) };
}

/** summarize arg_max(X, *) / arg_min(X, *) / take_any(*) passes every column through: it does not fix the columns. */
function keepsAllColumns(aggs: readonly { expr: Expr }[]): boolean {
  return aggs.some((a) => a.expr.kind === 'call' && ['arg_max', 'arg_min', 'argmax', 'argmin', 'take_any', 'any'].includes(a.expr.name) && a.expr.args.some((x) => x.value.kind === 'star'));
}

/** Names an operator reads (into `used`) and defines (into `defined`), in order. */
function collectNames(o: Operator, used: Set<string>, defined: Set<string>): void {
  const expr = (e: Expr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'name':
        if (!defined.has(e.name)) used.add(e.name);
        return;
      case 'binary':
        expr(e.left);
        expr(e.right);
        return;
      case 'unary':
        expr(e.operand);
        return;
      case 'between':
        expr(e.left);
        expr(e.low);
        expr(e.high);
        return;
      case 'inlist':
        expr(e.left);
        e.items.forEach(expr);
        return;
      case 'member':
        expr(e.target);
        return;
      case 'index':
        expr(e.target);
        expr(e.index);
        return;
      case 'call':
        e.args.forEach((a) => expr(a.value));
        return;
      default:
        return;
    }
  };
  const named = (items: { name?: string; expr: Expr }[]): void => {
    for (const it of items) {
      expr(it.expr);
      if (it.name !== undefined) defined.add(it.name);
    }
  };
  switch (o.kind) {
    case 'where':
      expr(o.predicate);
      return;
    case 'extend':
    case 'project':
      named(o.items);
      return;
    case 'summarize':
      named(o.aggs);
      named(o.by);
      return;
    case 'distinct':
      named(o.items);
      return;
    case 'sort':
    case 'top':
      o.keys.forEach((k) => expr(k.expr));
      return;
    case 'project-rename':
      for (const it of o.items) {
        if (!defined.has(it.from)) used.add(it.from);
        defined.add(it.name);
      }
      return;
    default:
      return;
  }
}
