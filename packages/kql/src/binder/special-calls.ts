/** Calls the binder handles itself: they need names, relations or providers rather than plain values. */
import { registry } from '../functions/index.ts';
import type { ScalarExpr } from '../ir/ir.ts';
import type { Expr } from '../syntax/ast.ts';
import type { Binder } from './binder.ts';
import { bindExpr, call, ERROR_EXPR, lit } from './expressions.ts';
import type { RowScope } from './scope.ts';

const SPECIAL = new Set(['column_names_of', 'dynamic', 'toscalar', 'column_ifexists', 'pack_all', 'ingestion_time', 'geo_info_from_ip_address', 'materialize', 'bag_pack_columns', 'row_window_session']);

export function isSpecialCall(name: string): boolean {
  return SPECIAL.has(name);
}

export function bindSpecialCall(b: Binder, e: Expr & { kind: 'call' }, scope: RowScope): ScalarExpr {
  const a0 = e.args[0]?.value;
  switch (e.name) {
    case 'dynamic': {
      if (!a0) return lit(null, 'dynamic');
      const x = bindExpr(b, a0, scope);
      if (x.kind === 'literal') {
        if (x.type === 'dynamic') return x;
        return lit(x.value === null ? null : JSON.stringify(x.value), 'dynamic');
      }
      b.diags.error('invalid-literal', 'dynamic(...) takes a constant.', e.span);
      return ERROR_EXPR;
    }
    case 'toscalar': {
      if (!a0) break;
      if (a0.kind === 'tabular') {
        const r = b.bindTabular(a0.tabular, scope.env);
        return { kind: 'subquery', relation: r.rel, type: r.rel.columns[0]?.type ?? 'dynamic' };
      }
      // toscalar() of a scalar name (partition's key in a legacy subquery, a scalar let) is that scalar
      if (a0.kind === 'name' && !scope.columns.some((c) => c.name === a0.name) && scope.env.get(a0.name)?.kind === 'scalar') return bindExpr(b, a0, scope);
      // toscalar() of a scalar function call (toscalar(array_length(L))) is that value
      if (a0.kind === 'call' && scope.env.get(a0.name) === undefined && registry.get(a0.name) !== undefined && registry.get(a0.name)?.kind !== 'aggregate') return bindExpr(b, a0, scope);
      if (a0.kind === 'name' || a0.kind === 'call') {
        const r = b.bindTabular({ source: a0.kind === 'name' ? { kind: 'table', name: a0.name, span: a0.span } : { kind: 'call', call: a0, span: a0.span }, ops: [], span: a0.span }, scope.env);
        return { kind: 'subquery', relation: r.rel, type: r.rel.columns[0]?.type ?? 'dynamic' };
      }
      return bindExpr(b, a0, scope);
    }
    case 'column_ifexists': {
      const def = e.args[1]?.value;
      if (!a0 || !def) break;
      const nameExpr = bindExpr(b, a0, scope);
      if (nameExpr.kind !== 'literal' || typeof nameExpr.value !== 'string') break;
      const wanted = nameExpr.value;
      const c = scope.columns.find((x) => x.name === wanted);
      if (c) return { kind: 'column', name: c.name, type: c.type };
      return bindExpr(b, def, scope);
    }
    case 'pack_all':
    case 'bag_pack_columns': {
      const rowColumns = scope.inputColumns ?? scope.columns;
      const cols = e.name === 'pack_all' ? rowColumns : e.args.map((a) => bindExpr(b, a.value, scope));
      const args: ScalarExpr[] = [];
      if (e.name === 'pack_all') {
        for (const c of rowColumns) args.push(lit(c.name, 'string'), { kind: 'column', name: c.name, type: c.type });
        if (a0) {
          const ignore = bindExpr(b, a0, scope);
          if (ignore.kind === 'literal' && ignore.value === true) return call('__pack_nonempty', args, 'dynamic');
        }
      } else {
        e.args.forEach((a, i) => {
          const v = (cols as ScalarExpr[])[i];
          if (a.value.kind === 'name' && v) args.push(lit(a.value.name, 'string'), v);
        });
      }
      return call('bag_pack', args, 'dynamic');
    }
    case 'ingestion_time': {
      const p = b.options.providers?.ingestionTime;
      if (!p) {
        b.diags.error('missing-provider', 'ingestion_time() needs an ingestion-time provider; none was configured.', e.span);
        return ERROR_EXPR;
      }
      b.ingestionColumn = p.columnName;
      return { kind: 'column', name: p.columnName, type: 'datetime' };
    }
    case 'geo_info_from_ip_address': {
      const p = b.options.providers?.geoInfoFromIp;
      if (!p) {
        b.diags.error('missing-provider', 'geo_info_from_ip_address() needs a geo-IP provider; none was configured.', e.span);
        return ERROR_EXPR;
      }
      if (!a0) break;
      const ip = bindExpr(b, a0, scope);
      if (p.sqlFunction === undefined) {
        b.diags.warning('missing-provider', 'No geo-IP database is configured: geo_info_from_ip_address() returns null.', e.span);
        return lit(null, 'dynamic');
      }
      return call('provider:geo', [ip, lit(p.sqlFunction, 'string')], 'dynamic');
    }
    case 'materialize':
      if (a0) return bindExpr(b, a0, scope);
      break;
    case 'column_names_of': {
      // the column names of a tabular expression, known at compile time
      if (!a0) break;
      const tab = a0.kind === 'tabular' ? a0.tabular : a0.kind === 'name' ? { source: { kind: 'table' as const, name: a0.name, span: a0.span }, ops: [], span: a0.span } : a0.kind === 'call' ? { source: { kind: 'call' as const, call: a0, span: a0.span }, ops: [], span: a0.span } : undefined;
      if (!tab) break;
      const r = b.bindTabular(tab, scope.env);
      return lit(JSON.stringify(r.rel.columns.map((c) => c.name)), 'dynamic');
    }
    default:
      break;
  }
  b.diags.error('unsupported-function', `Unsupported use of ${e.name}().`, e.span);
  return ERROR_EXPR;
}
