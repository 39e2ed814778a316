/**
 * The unit_convert tool: length, mass and temperature.
 * Units are matched by symbol or common name ("km", "kilometers", "kilometres"...);
 * converting between kinds (km → kg) or an unknown unit is a tool error.
 */

export class UnitError extends Error {
  override name = 'UnitError';
}

type Kind = 'length' | 'mass' | 'temperature';

interface Unit {
  symbol: string;
  kind: Kind;
  /** Linear units: size in the kind's base unit (metre, gram). */
  factor?: number;
  names: readonly string[];
}

const UNITS: readonly Unit[] = [
  { symbol: 'mm', kind: 'length', factor: 0.001, names: ['mm', 'millimeter', 'millimeters', 'millimetre', 'millimetres'] },
  { symbol: 'cm', kind: 'length', factor: 0.01, names: ['cm', 'centimeter', 'centimeters', 'centimetre', 'centimetres'] },
  { symbol: 'm', kind: 'length', factor: 1, names: ['m', 'meter', 'meters', 'metre', 'metres'] },
  { symbol: 'km', kind: 'length', factor: 1000, names: ['km', 'kms', 'kilometer', 'kilometers', 'kilometre', 'kilometres'] },
  { symbol: 'in', kind: 'length', factor: 0.0254, names: ['in', 'inch', 'inches'] },
  { symbol: 'ft', kind: 'length', factor: 0.3048, names: ['ft', 'foot', 'feet'] },
  { symbol: 'yd', kind: 'length', factor: 0.9144, names: ['yd', 'yds', 'yard', 'yards'] },
  { symbol: 'mi', kind: 'length', factor: 1609.344, names: ['mi', 'mile', 'miles'] },
  { symbol: 'mg', kind: 'mass', factor: 0.001, names: ['mg', 'milligram', 'milligrams', 'milligramme', 'milligrammes'] },
  { symbol: 'g', kind: 'mass', factor: 1, names: ['g', 'gram', 'grams', 'gramme', 'grammes'] },
  { symbol: 'kg', kind: 'mass', factor: 1000, names: ['kg', 'kgs', 'kilo', 'kilos', 'kilogram', 'kilograms', 'kilogramme', 'kilogrammes'] },
  { symbol: 'oz', kind: 'mass', factor: 28.349523125, names: ['oz', 'ounce', 'ounces'] },
  { symbol: 'lb', kind: 'mass', factor: 453.59237, names: ['lb', 'lbs', 'pound', 'pounds'] },
  { symbol: '°C', kind: 'temperature', names: ['c', '°c', 'celsius', 'centigrade'] },
  { symbol: '°F', kind: 'temperature', names: ['f', '°f', 'fahrenheit'] },
  { symbol: 'K', kind: 'temperature', names: ['k', 'kelvin', 'kelvins'] },
];

const BY_NAME = new Map<string, Unit>();
for (const unit of UNITS) for (const name of unit.names) BY_NAME.set(name, unit);

/** Finds a unit by symbol or name, case-insensitively; undefined when unknown. */
export function findUnit(name: string): Unit | undefined {
  const key = name.trim().toLowerCase().replace(/^degrees?\s+/, '').replace(/\.$/, '');
  return BY_NAME.get(key) ?? BY_NAME.get(key.replace(/^°\s*/, ''));
}

function toKelvin(value: number, symbol: string): number {
  if (symbol === '°C') return value + 273.15;
  if (symbol === '°F') return ((value - 32) * 5) / 9 + 273.15;
  return value;
}

function fromKelvin(value: number, symbol: string): number {
  if (symbol === '°C') return value - 273.15;
  if (symbol === '°F') return ((value - 273.15) * 9) / 5 + 32;
  return value;
}

/** 4 significant digits, no exponent for everyday sizes: 3.10686 → "3.107". */
function format(value: number): string {
  const rounded = Number(value.toPrecision(4));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export interface ConvertInput {
  value: number;
  from: string;
  to: string;
}

export interface Conversion {
  value: number;
  result: number;
  from: string;
  to: string;
  text: string;
}

export function convertUnits({ value, from, to }: ConvertInput): Conversion {
  if (!Number.isFinite(value)) throw new UnitError('The value to convert is not a number');
  const source = findUnit(from);
  if (!source) throw new UnitError(`Unknown unit "${from}"`);
  const target = findUnit(to);
  if (!target) throw new UnitError(`Unknown unit "${to}"`);
  if (source.kind !== target.kind) {
    throw new UnitError(`Cannot convert ${source.kind} (${source.symbol}) to ${target.kind} (${target.symbol})`);
  }
  let result: number;
  if (source.kind === 'temperature') {
    const kelvin = toKelvin(value, source.symbol);
    if (kelvin < 0) throw new UnitError(`${String(value)} ${source.symbol} is below absolute zero`);
    result = fromKelvin(kelvin, target.symbol);
  } else {
    result = (value * (source.factor ?? 1)) / (target.factor ?? 1);
  }
  const text = `${String(value)} ${source.symbol} = ${format(result)} ${target.symbol}`;
  return { value, result, from: source.symbol, to: target.symbol, text };
}

/** The tool: `{value: 5, from: "km", to: "miles"}` → `"5 km = 3.107 mi"`. */
export function unitConvert(input: ConvertInput): string {
  return convertUnits(input).text;
}
