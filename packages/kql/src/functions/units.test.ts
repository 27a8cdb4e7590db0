import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

const close = async (expr: string, want: number): Promise<void> => {
  const got = Number(await scalar(expr));
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
};

describe('unit conversions', () => {
  it('converts through the SI unit', async () => {
    await close('convert_length(1, "Mile", "Kilometer")', 1.60934);
    await close('convert_mass(1, "Pound", "Gram")', 453.59237);
    await close('convert_speed(36, "KilometerPerHour", "MeterPerSecond")', 10);
    await close('convert_energy(1, "KilowattHour", "Joule")', 3.6e6);
    await close('convert_volume(1, "Liter", "Milliliter")', 1000);
    await close('convert_force(1, "KilogramForce", "Newton")', 9.80665);
  });
  it('converts angles (the documented example and radians/revolutions)', async () => {
    expect(await scalar('convert_angle(1.2, "Degree", "Arcminute")')).toBe('72');
    await close('convert_angle(1, "Revolution", "Radian")', 2 * Math.PI);
    await close('convert_angle(100, "Gradian", "Degree")', 90);
    expect(await scalar('convert_angle(1, "Tilt", "Degree")')).toBe('');
  });
  it('converts temperatures with offsets', async () => {
    await close('convert_temperature(0, "DegreeCelsius", "Kelvin")', 273.15);
    await close('convert_temperature(212, "DegreeFahrenheit", "DegreeCelsius")', 100);
  });
  it('gives null for unknown units, also when the unit is not a constant', async () => {
    expect(await scalar('convert_length(1, "Furlong", "Meter")')).toBe('');
    await close('convert_length(2, strcat("Me", "ter"), "centimeter")', 200);
  });
});

describe('format_bytes', () => {
  it('picks 1024-based units and rounds to the precision', async () => {
    expect(await scalar('format_bytes(512)')).toBe('512 Bytes');
    expect(await scalar('format_bytes(1536, 1)')).toBe('1.5 KB');
    expect(await scalar('format_bytes(3 * 1048576)')).toBe('3 MB');
    expect(await scalar('format_bytes(3 * 1048576, 0, "KB")')).toBe('3072 KB');
  });
});
