import { test, expect } from '@playwright/test';
import { convertUnits, findUnit, unitConvert, UnitError } from '../../targets/app/tools/unit-convert.ts';

test.describe('unit_convert tool', () => {
  const cases: [number, string, string, string][] = [
    [5, 'km', 'miles', '5 km = 3.107 mi'],
    [1, 'mi', 'km', '1 mi = 1.609 km'],
    [12, 'inches', 'cm', '12 in = 30.48 cm'],
    [3, 'feet', 'yards', '3 ft = 1 yd'],
    [1500, 'mm', 'm', '1500 mm = 1.5 m'],
    [2.5, 'kilometres', 'meters', '2.5 km = 2500 m'],
    [1, 'kg', 'pounds', '1 kg = 2.205 lb'],
    [16, 'oz', 'lbs', '16 oz = 1 lb'],
    [500, 'mg', 'g', '500 mg = 0.5 g'],
    [100, 'celsius', 'fahrenheit', '100 °C = 212 °F'],
    [32, 'F', 'C', '32 °F = 0 °C'],
    [0, 'K', 'celsius', '0 K = -273.1 °C'],
    [-40, 'C', 'F', '-40 °C = -40 °F'],
    [20, 'degrees C', 'K', '20 °C = 293.1 K'],
  ];
  for (const [value, from, to, text] of cases) {
    test(`${String(value)} ${from} → ${to}`, () => {
      expect(unitConvert({ value, from, to })).toBe(text);
    });
  }

  test('knows common names and symbols', () => {
    for (const name of ['km', 'kilometers', 'kilometres', 'KM', 'miles', 'mile', 'lbs', 'pounds', 'celsius', '°C', 'Fahrenheit', 'ft', 'feet', 'yd', 'in']) {
      expect(findUnit(name), name).toBeDefined();
    }
    expect(findUnit('parsecs')).toBeUndefined();
  });

  test('returns the numeric result as well', () => {
    expect(convertUnits({ value: 1, from: 'm', to: 'cm' })).toMatchObject({ result: 100, from: 'm', to: 'cm' });
  });

  test('incompatible units are a tool error', () => {
    expect(() => unitConvert({ value: 5, from: 'km', to: 'kg' })).toThrow(UnitError);
    expect(() => unitConvert({ value: 5, from: 'km', to: 'kg' })).toThrow('Cannot convert length (km) to mass (kg)');
    expect(() => unitConvert({ value: 5, from: 'celsius', to: 'miles' })).toThrow(/temperature .* to length/);
  });

  test('unknown units and impossible values are tool errors', () => {
    expect(() => unitConvert({ value: 5, from: 'parsecs', to: 'km' })).toThrow('Unknown unit "parsecs"');
    expect(() => unitConvert({ value: 5, from: 'km', to: 'furlongs' })).toThrow('Unknown unit "furlongs"');
    expect(() => unitConvert({ value: -500, from: 'C', to: 'F' })).toThrow(/below absolute zero/);
    expect(() => unitConvert({ value: Number.NaN, from: 'km', to: 'm' })).toThrow(/not a number/);
  });
});
