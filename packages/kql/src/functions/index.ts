/** The families of the function registry. A new family file is added here. */
import { aggregateFunctions } from './aggregates.ts';
import { conversionFunctions } from './conversion.ts';
import { datetimeFunctions } from './datetime.ts';
import { dynamicFunctions } from './dynamic.ts';
import { internalFunctions } from './internal.ts';
import { ipFunctions } from './ip.ts';
import { logicFunctions } from './logic.ts';
import { mathFunctions } from './math.ts';
import { operatorFunctions } from './operators.ts';
import { FunctionRegistry } from './registry.ts';
import { stringFunctions } from './strings.ts';
import { hashFunctions } from './hash.ts';
import { ipv6Functions } from './ipv6.ts';
import { unitFunctions } from './units.ts';
import { statisticsFunctions } from './statistics.ts';
import { binaryFunctions } from './binary.ts';
import { seriesFunctions } from './series.ts';
import { seriesDecomposeFunctions } from './series-decompose.ts';
import { geoFunctions } from './geo.ts';
import { punycodeFunctions } from './punycode.ts';
import { jsonFunctions } from './json.ts';
import { ipRangeFunctions } from './ip-ranges.ts';
import { windowFunctions } from './window.ts';

export const registry = new FunctionRegistry([
  operatorFunctions,
  conversionFunctions,
  stringFunctions,
  datetimeFunctions,
  dynamicFunctions,
  mathFunctions,
  logicFunctions,
  ipFunctions,
  aggregateFunctions,
  windowFunctions,
  hashFunctions,
  ipv6Functions,
  unitFunctions,
  statisticsFunctions,
  binaryFunctions,
  seriesFunctions,
  seriesDecomposeFunctions,
  geoFunctions,
  punycodeFunctions,
  jsonFunctions,
  ipRangeFunctions,
  internalFunctions,
]);

export type { FunctionDef, ArgInfo, EmitContext } from './registry.ts';
