/** Dispatch of tabular operators to their binders, one file per family. */
import type { Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import type { Bound, Env } from '../scope.ts';
import { bindCount, bindDistinct, bindGetschema, bindSort, bindTake, bindTop } from './rows.ts';
import { bindExtend, bindProject, bindProjectAway, bindProjectRename, bindProjectReorder, bindSerialize, bindWhere } from './columns.ts';
import { bindSummarize } from './summarize.ts';
import { bindJoin, bindLookup } from './join.ts';
import { bindUnion } from './union.ts';
import { bindMvExpand } from './mv-expand.ts';
import { bindMvApply } from './mv-apply.ts';
import { bindParse, bindParseKv } from './parse.ts';
import { bindProjectByNames } from './columns.ts';
import { bindMakeSeries } from './make-series.ts';
import { bindEvaluate, bindInvoke } from './evaluate.ts';
import { bindTopNested } from './top-nested.ts';
import { bindSearch } from './search.ts';
import { bindScan } from './scan.ts';
import { bindPartition } from './partition.ts';

export function bindOperator(b: Binder, input: Bound, op: Operator, env: Env): Bound {
  switch (op.kind) {
    case 'where':
      return bindWhere(b, input, op, env);
    case 'extend':
      return bindExtend(b, input, op.items, env, false);
    case 'project':
      return bindProject(b, input, op, env);
    case 'project-away':
      return bindProjectAway(b, input, op.patterns, env, false);
    case 'project-keep':
      return bindProjectAway(b, input, op.patterns, env, true);
    case 'project-rename':
      return bindProjectRename(b, input, op);
    case 'project-reorder':
      return bindProjectReorder(b, input, op);
    case 'summarize':
      return bindSummarize(b, input, op, env);
    case 'distinct':
      return bindDistinct(b, input, op, env);
    case 'sort':
      return bindSort(b, input, op.keys, env);
    case 'top':
      return bindTop(b, input, op, env);
    case 'take':
    case 'sample':
      return bindTake(b, input, op.count, env);
    case 'count':
      return bindCount(input);
    case 'join':
      return bindJoin(b, input, op, env);
    case 'lookup':
      return bindLookup(b, input, op, env);
    case 'union':
      return bindUnion(b, input, op.options, op.legs, env, op.span);
    case 'mv-expand':
      return bindMvExpand(b, input, op, env);
    case 'mv-apply':
      return bindMvApply(b, input, op, env);
    case 'parse':
      return bindParse(b, input, op, env);
    case 'parse-kv':
      return bindParseKv(b, input, op, env);
    case 'project-by-names':
      return bindProjectByNames(b, input, op, env);
    case 'make-series':
      return bindMakeSeries(b, input, op, env);
    case 'render':
      b.render = { visualization: op.visualization, properties: op.properties };
      return input;
    case 'evaluate':
      return bindEvaluate(b, input, op, env);
    case 'invoke':
      return bindInvoke(b, input, op, env);
    case 'serialize':
      return bindSerialize(b, input, op.items, env);
    case 'as':
      env.set(op.name, { kind: 'tabular', bound: { ...input, name: op.name } });
      return { ...input, name: op.name };
    case 'search':
      return bindSearch(b, input, undefined, op.predicate, op.caseSensitive, env);
    case 'scan':
      return bindScan(b, input, op, env);
    case 'getschema':
      return bindGetschema(input);
    case 'top-nested':
      return bindTopNested(b, input, op, env);
    case 'partition':
      return bindPartition(b, input, op, env);
    case 'unsupported':
      if (op.name !== '') b.diags.error('unsupported-operator', `The operator '${op.name}' is not supported yet.`, op.span);
      return { rel: { kind: 'empty', columns: input.rel.columns } };
  }
}
