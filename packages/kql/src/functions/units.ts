/**
 * Unit conversions (convert_length, convert_mass, ... as in the Kusto docs' "Conversion units" lists; the
 * factors are those of the UnitsNet definitions Kusto names its units after) and format_bytes().
 * Unit names match case-insensitively; an unknown unit gives null.
 */
import type { SqlArg } from '../dialect/dialect.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, constString, long, real, str } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

/** Factors to the SI unit of each quantity. */
const LENGTH: Record<string, number> = {
  Angstrom: 1e-10, AstronomicalUnit: 1.495978707e11, Centimeter: 1e-2, Chain: 20.1168, DataMile: 1828.8, Decameter: 10, Decimeter: 0.1,
  DtpPica: 1 / 236.220472441, DtpPoint: 2.54e-2 / 72, Fathom: 1.8288, Foot: 0.3048, Hand: 0.1016, Hectometer: 100, Inch: 0.0254,
  KilolightYear: 9.46073047258e18, Kilometer: 1000, Kiloparsec: 3.08567758128e19, LightYear: 9.46073047258e15, MegalightYear: 9.46073047258e21,
  Megaparsec: 3.08567758128e22, Meter: 1, Microinch: 2.54e-8, Micrometer: 1e-6, Mil: 2.54e-5, Mile: 1609.34, Millimeter: 1e-3, Nanometer: 1e-9,
  NauticalMile: 1852, Parsec: 3.08567758128e16, PrinterPica: 1 / 237.106301584, PrinterPoint: 2.54e-2 / 72.27, Shackle: 27.432,
  SolarRadius: 6.9551e8, Twip: 1 / 56692.913385826, UsSurveyFoot: 1200 / 3937, Yard: 0.9144,
};

const MASS: Record<string, number> = {
  Centigram: 1e-5, Decagram: 1e-2, Decigram: 1e-4, EarthMass: 5.9722e24, Grain: 64.79891e-6, Gram: 1e-3, Hectogram: 0.1, Kilogram: 1,
  Kilopound: 453.59237, Kilotonne: 1e6, LongHundredweight: 50.80234544, LongTon: 1016.0469088, Megapound: 453592.37, Megatonne: 1e9,
  Microgram: 1e-9, Milligram: 1e-6, Nanogram: 1e-12, Ounce: 0.028349523125, Pound: 0.45359237, ShortHundredweight: 45.359237,
  ShortTon: 907.18474, Slug: 14.593903, SolarMass: 1.98947e30, Stone: 6.35029318, Tonne: 1000,
};

/** Factors to the degree. Tilt (the sine of the angle) is not linear and is not converted (null, as an unknown unit). */
const RAD = 180 / Math.PI;
const ANGLE: Record<string, number> = {
  Arcminute: 1 / 60, Arcsecond: 1 / 3600, Centiradian: 1e-2 * RAD, Deciradian: 1e-1 * RAD, Degree: 1, Gradian: 0.9, Microdegree: 1e-6,
  Microradian: 1e-6 * RAD, Millidegree: 1e-3, Milliradian: 1e-3 * RAD, Nanodegree: 1e-9, Nanoradian: 1e-9 * RAD, NatoMil: 360 / 6400,
  Radian: RAD, Revolution: 360,
};

const BTU = 1055.05585262;
const EV = 1.602176565e-19;
const ENERGY: Record<string, number> = {
  BritishThermalUnit: BTU, Calorie: 4.184, DecathermEc: 1.05505585262e9, DecathermImperial: 1.05505585257348e9, DecathermUs: 1.054804e9,
  ElectronVolt: EV, Erg: 1e-7, FootPound: 1.355817948, GigabritishThermalUnit: BTU * 1e9, GigaelectronVolt: EV * 1e9, Gigajoule: 1e9,
  GigawattDay: 8.64e13, GigawattHour: 3.6e12, HorsepowerHour: 2.6845195377e6, Joule: 1, KilobritishThermalUnit: BTU * 1e3, Kilocalorie: 4184,
  KiloelectronVolt: EV * 1e3, Kilojoule: 1e3, KilowattDay: 8.64e7, KilowattHour: 3.6e6, MegabritishThermalUnit: BTU * 1e6, Megacalorie: 4.184e6,
  MegaelectronVolt: EV * 1e6, Megajoule: 1e6, MegawattDay: 8.64e10, MegawattHour: 3.6e9, Millijoule: 1e-3, TeraelectronVolt: EV * 1e12,
  TerawattDay: 8.64e16, TerawattHour: 3.6e15, ThermEc: 1.05505585262e8, ThermImperial: 1.05505585257348e8, ThermUs: 1.054804e8,
  WattDay: 86400, WattHour: 3600,
};

const FORCE: Record<string, number> = {
  Decanewton: 10, Dyn: 1e-5, KilogramForce: 9.80665, Kilonewton: 1e3, KiloPond: 9.80665, KilopoundForce: 4448.2216152605, Meganewton: 1e6,
  Micronewton: 1e-6, Millinewton: 1e-3, Newton: 1, OunceForce: 0.278013850953781, Poundal: 0.138254954376, PoundForce: 4.4482216152605,
  ShortTonForce: 8896.443230521, TonneForce: 9806.65,
};

const SPEED: Record<string, number> = {};
for (const [name, m] of Object.entries({ Centimeter: 1e-2, Decimeter: 0.1, Foot: 0.3048, Inch: 0.0254, Kilometer: 1000, Meter: 1, Micrometer: 1e-6, Millimeter: 1e-3, Nanometer: 1e-9, UsSurveyFoot: 1200 / 3937, Yard: 0.9144 })) {
  SPEED[`${name}PerSecond`] = m;
  SPEED[`${name}PerMinute`] = m / 60;
  SPEED[`${name}PerHour`] = m / 3600;
}
SPEED['Knot'] = 1852 / 3600;
SPEED['MilePerHour'] = 0.44704;
SPEED['Mach'] = 340.29;

const VOLUME: Record<string, number> = {
  AcreFoot: 1 / 0.000810714, AuTablespoon: 2e-5, BoardFoot: 2.3597372158e-3, Centiliter: 1e-5, CubicCentimeter: 1e-6, CubicDecimeter: 1e-3,
  CubicFoot: 0.0283168, CubicHectometer: 1e6, CubicInch: 1.6387e-5, CubicKilometer: 1e9, CubicMeter: 1, CubicMicrometer: 1e-18,
  CubicMile: 4.16818182544058e9, CubicMillimeter: 1e-9, CubicYard: 0.764554858, Decaliter: 1e-2, DecausGallon: 3.785411784e-2, Deciliter: 1e-4,
  DeciusGallon: 3.785411784e-4, HectocubicFoot: 2.83168, HectocubicMeter: 100, Hectoliter: 0.1, HectousGallon: 0.3785411784,
  ImperialBeerBarrel: 0.16365924, ImperialGallon: 0.00454609, ImperialOunce: 2.84130625e-5, ImperialPint: 5.6826125e-4, KilocubicFoot: 28.3168,
  KilocubicMeter: 1e3, KiloimperialGallon: 4.54609, Kiloliter: 1, KilousGallon: 3.785411784, Liter: 1e-3, MegacubicFoot: 28316.8,
  MegaimperialGallon: 4546.09, Megaliter: 1e3, MegausGallon: 3785.411784, MetricCup: 2.5e-4, MetricTeaspoon: 0.5e-5, Microliter: 1e-9,
  Milliliter: 1e-6, OilBarrel: 0.158987294928, UkTablespoon: 1.5e-5, UsBeerBarrel: 0.1173477658, UsCustomaryCup: 2.365882365e-4,
  UsGallon: 3.785411784e-3, UsLegalCup: 2.4e-4, UsOunce: 2.95735295625e-5, UsPint: 4.73176473e-4, UsQuart: 9.46352946e-4,
  UsTablespoon: 1.478676478125e-5, UsTeaspoon: 4.92892159375e-6,
};

/** Temperature: [to kelvin, from kelvin] as SQL over x. */
const TEMPERATURE: Record<string, [(x: string) => string, (x: string) => string]> = {
  DegreeCelsius: [(x) => `(${x} + 273.15)`, (k) => `(${k} - 273.15)`],
  DegreeDelisle: [(x) => `(373.15 - ${x} * 2.0 / 3.0)`, (k) => `((373.15 - ${k}) * 3.0 / 2.0)`],
  DegreeFahrenheit: [(x) => `((${x} + 459.67) * 5.0 / 9.0)`, (k) => `(${k} * 9.0 / 5.0 - 459.67)`],
  DegreeNewton: [(x) => `(${x} * 100.0 / 33.0 + 273.15)`, (k) => `((${k} - 273.15) * 33.0 / 100.0)`],
  DegreeRankine: [(x) => `(${x} * 5.0 / 9.0)`, (k) => `(${k} * 9.0 / 5.0)`],
  DegreeReaumur: [(x) => `(${x} * 5.0 / 4.0 + 273.15)`, (k) => `((${k} - 273.15) * 4.0 / 5.0)`],
  DegreeRoemer: [(x) => `((${x} - 7.5) * 40.0 / 21.0 + 273.15)`, (k) => `((${k} - 273.15) * 21.0 / 40.0 + 7.5)`],
  Kelvin: [(x) => x, (k) => k],
  MillidegreeCelsius: [(x) => `(${x} / 1000.0 + 273.15)`, (k) => `((${k} - 273.15) * 1000.0)`],
  SolarTemperature: [(x) => `(${x} * 5778.0)`, (k) => `(${k} / 5778.0)`],
};

function lookup<T>(table: Record<string, T>, name: string): T | undefined {
  const key = Object.keys(table).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : table[key];
}

/** A DuckDB double literal (factors are finite constants of this file). */
function num(n: number): string {
  return `CAST(${String(n)} AS DOUBLE)`;
}

/** SQL for the factor of a (possibly non-constant) unit name. */
function factorSql(ctx: EmitContext, table: Record<string, number>, a: SqlArg): string {
  const c = constString(a);
  if (c !== undefined) {
    const f = lookup(table, c);
    return f === undefined ? 'CAST(NULL AS DOUBLE)' : num(f);
  }
  return `(CASE lower(${str(ctx, a)}) ${Object.entries(table).map(([k, f]) => `WHEN ${ctx.d.stringLiteral(k.toLowerCase())} THEN ${num(f)}`).join(' ')} END)`;
}

function converter(name: string, table: Record<string, number>): FunctionDef {
  return fn(name, 3, 'real', (a, ctx) => `(${real(ctx, arg(a, 0))} * ${factorSql(ctx, table, arg(a, 1))} / ${factorSql(ctx, table, arg(a, 2))})`);
}

function temperature(ctx: EmitContext, a: SqlArg[]): string {
  const x = real(ctx, arg(a, 0));
  const from = constString(a[1]);
  const to = constString(a[2]);
  if (from !== undefined && to !== undefined) {
    const f = lookup(TEMPERATURE, from);
    const t = lookup(TEMPERATURE, to);
    if (!f || !t) return 'CAST(NULL AS DOUBLE)';
    return letIn(f[0](x), '_k', t[1]('_k'));
  }
  const toK = `(CASE lower(${str(ctx, arg(a, 1))}) ${Object.entries(TEMPERATURE).map(([k, [f]]) => `WHEN ${ctx.d.stringLiteral(k.toLowerCase())} THEN ${f('_x')}`).join(' ')} END)`;
  const fromK = `(CASE lower(${str(ctx, arg(a, 2))}) ${Object.entries(TEMPERATURE).map(([k, [, t]]) => `WHEN ${ctx.d.stringLiteral(k.toLowerCase())} THEN ${t('_k')}`).join(' ')} END)`;
  return letIn(`CAST(${x} AS DOUBLE)`, '_x', letIn(toK, '_k', fromK));
}

const BYTE_UNITS = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** format_bytes(size [, precision [, units]]): size in 1024-based units, rounded to precision digits. */
function formatBytes(ctx: EmitContext, a: SqlArg[]): string {
  const size = real(ctx, arg(a, 0));
  const precision = a[1] ? `CAST(${long(ctx, arg(a, 1))} AS INTEGER)` : '0';
  const unitList = `[${BYTE_UNITS.map((u) => ctx.d.stringLiteral(u)).join(', ')}]`;
  const fixed = constString(a[2]);
  let exp: string;
  if (a[2] && fixed !== undefined) {
    const i = BYTE_UNITS.findIndex((u) => u.toLowerCase() === fixed.toLowerCase());
    exp = i < 0 ? 'CAST(NULL AS INTEGER)' : String(i);
  } else if (a[2]) {
    exp = `(list_position(list_transform(${unitList}, _u -> lower(_u)), lower(${str(ctx, arg(a, 2))})) - 1)`;
  } else {
    exp = `CAST(CASE WHEN abs(_s) < 1024 THEN 0 ELSE least(floor(log2(abs(_s)) / 10), ${BYTE_UNITS.length - 1}) END AS INTEGER)`;
  }
  const value = `round(_s / pow(1024, _e), ${precision})`;
  const text = `(CASE WHEN ${value} = trunc(${value}) THEN CAST(CAST(${value} AS BIGINT) AS VARCHAR) ELSE CAST(${value} AS VARCHAR) END)`;
  return letIn(`CAST(${size} AS DOUBLE)`, '_s', letIn(exp, '_e', `CASE WHEN _s IS NULL OR _e IS NULL THEN NULL ELSE ${text} || ' ' || ${unitList}[_e + 1] END`));
}

export const unitFunctions: FunctionDef[] = [
  converter('convert_length', LENGTH),
  converter('convert_mass', MASS),
  converter('convert_energy', ENERGY),
  converter('convert_force', FORCE),
  converter('convert_speed', SPEED),
  converter('convert_volume', VOLUME),
  converter('convert_angle', ANGLE),
  fn('convert_temperature', 3, 'real', (a, ctx) => temperature(ctx, a)),
  fn('format_bytes', [1, 3], 'string', (a, ctx) => formatBytes(ctx, a)),
];
