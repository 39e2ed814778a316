import { expect, test } from '@playwright/test';
import { LOAD_DEFAULTS, LoadUsageError, parseLoadArguments, parsePhase, parsePhasesFile, usersOf } from '../../tools/load/options.ts';
import { artilleryPhases } from '../../tools/load/run.ts';

test.describe('the phases of npm run load', () => {
  test('a phase names its users as a count, a rate or a ramp, and its duration in seconds or minutes', () => {
    expect(parsePhase('warm-up:10s:4')).toEqual({ name: 'warm-up', durationSeconds: 10, arrivals: { kind: 'count', users: 4 } });
    expect(parsePhase('steady:2m:3/s')).toEqual({ name: 'steady', durationSeconds: 120, arrivals: { kind: 'rate', perSecond: 3 } });
    expect(parsePhase('spike:5:0-6/s')).toEqual({ name: 'spike', durationSeconds: 5, arrivals: { kind: 'rate', perSecond: 0, rampTo: 6 } });
    expect(usersOf(parsePhase('spike:5:0-6/s'))).toBe(15);
  });

  test('they become Artillery phases', () => {
    expect(artilleryPhases(['a:10s:4', 'b:20s:2/s', 'c:5s:1-3/s'].map(parsePhase))).toEqual([
      { name: 'a', duration: 10, arrivalCount: 4 },
      { name: 'b', duration: 20, arrivalRate: 2 },
      { name: 'c', duration: 5, arrivalRate: 1, rampTo: 3 },
    ]);
  });

  for (const [spec, named] of [
    ['steady:30s:0', 'phase "steady" brings no user in 30 s'],
    ['steady:30s:0/s', 'phase "steady" brings no user'],
    ['steady:30s:0-0/s', 'phase "steady" brings no user'],
    ['steady::2/s', 'a duration and arrivals are both needed'],
    ['steady:30s', 'expected NAME:DURATION:ARRIVALS'],
    ['steady:0s:2', 'phase "steady": a duration of 0s is out of range'],
    ['steady:soon:2', 'phase "steady": duration "soon" is not one'],
    ['steady:30s:many', 'phase "steady": arrivals "many" is none of'],
    ['my phase:30s:2', 'the name "my phase" may hold letters, digits, _ and - only'],
  ] as const) {
    test(`"${spec}" is refused, named`, () => {
      expect(() => parsePhase(spec)).toThrow(LoadUsageError);
      expect(() => parsePhase(spec)).toThrow(named);
    });
  }

  test('a phases file is a list of Artillery phases, each wrong entry named by its place and field', () => {
    expect(parsePhasesFile('- { name: up, duration: 10, arrivalRate: 1, rampTo: 4 }\n- { name: hold, duration: 1m, arrivalCount: 8 }\n', 'p.yml')).toEqual([
      { name: 'up', durationSeconds: 10, arrivals: { kind: 'rate', perSecond: 1, rampTo: 4 } },
      { name: 'hold', durationSeconds: 60, arrivals: { kind: 'count', users: 8 } },
    ]);
    expect(parsePhasesFile('{"phases": [{"name": "x", "duration": 5, "arrivalCount": 2}]}', 'p.json')).toHaveLength(1);
    expect(() => parsePhasesFile('- { name: up, duration: 10 }', 'p.yml')).toThrow('p.yml: phase 1, (the entry): give either arrivalRate (with rampTo, if any) or arrivalCount');
    expect(() => parsePhasesFile('- { name: up, duration: 10, arrivalCount: 1 }\n- { name: hold, arrivalCount: 2 }', 'p.yml')).toThrow('p.yml: phase 2, duration:');
    expect(() => parsePhasesFile('- { name: up, duration: 10, arrivalCount: 0 }', 'p.yml')).toThrow('p.yml: phase 1: phase "up" brings no user');
    expect(() => parsePhasesFile('- { name: up, duration: 10, arrivalCount: 1, users: 3 }', 'p.yml')).toThrow('p.yml: phase 1, (the entry): Unrecognized key: "users"');
    expect(() => parsePhasesFile('[]', 'p.yml')).toThrow('p.yml: expected a list of phases');
    expect(() => parsePhasesFile('a: [', 'p.yml')).toThrow('p.yml: not YAML or JSON');
  });
});

test.describe('the command line of npm run load', () => {
  test('without options: the default phases and messages', () => {
    const options = parseLoadArguments([]);
    expect(options.phases.map(({ name }) => name)).toEqual(LOAD_DEFAULTS.phases.map((spec) => spec.split(':')[0]));
    expect(options).toMatchObject({ target: undefined, messages: LOAD_DEFAULTS.messages, phasesFile: undefined });
  });

  test('phases repeat, in order; the target, messages and folder are taken', () => {
    const options = parseLoadArguments(['--target', 'ai-sdk-chat', '--phase', 'a:5s:2', '--phase=b:5s:1/s', '--messages', '4', '--out', 'x']);
    expect(options).toMatchObject({ target: 'ai-sdk-chat', messages: 4, out: 'x' });
    expect(options.phases.map(({ name }) => name)).toEqual(['a', 'b']);
  });

  test('a wrong option is named', () => {
    expect(() => parseLoadArguments(['--users', '5'])).toThrow('unknown option "--users"');
    expect(() => parseLoadArguments(['--messages', '0'])).toThrow('--messages "0": expected a whole number from 1 to 20');
    expect(() => parseLoadArguments(['--phase'])).toThrow('--phase needs a value');
    expect(() => parseLoadArguments(['--phase', 'a:5s:2', '--phases-file', 'p.yml'])).toThrow('--phase and --phases-file both give the phases');
  });
});
