import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { parseFaults } from '../../targets/app/faults.ts';
import { expandCatalogue, parseCatalogue, slowFaultMs, type FaultCatalogue } from '../../tools/faults/catalogue.ts';

const catalogue: FaultCatalogue = {
  faults: ['drop:<event>', 'leak', 'slow:<ms>'],
  events: ['agent_started', 'agent_completed'],
  slowMs: { min: 1, max: 60_000 },
};

test.describe('the fault catalogue', () => {
  test('the app lists its faults, and every fault the matrix makes of them is one the app accepts', () => {
    const listed = spawnSync(process.execPath, ['--import', 'tsx', 'targets/app/main.ts', '--list-faults'], { encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    const fromApp = parseCatalogue(listed.stdout);
    expect(fromApp.faults).toEqual(expect.arrayContaining(['drop:<event>', 'duplicate:<event>', 'leak', 'xss', 'slow:<ms>']));
    const faults = expandCatalogue(fromApp, slowFaultMs({ startedMs: 1000, completedMs: 5000 }, fromApp.slowMs));
    expect(faults).toContain('drop:tool_completed');
    expect(faults).toContain('duplicate:agent_thinking');
    expect(faults).toContain('slow:1250');
    for (const fault of faults) expect(parseFaults([fault]).names, fault).toEqual([fault]);
  });

  test('<event> becomes each agent event and <ms> the given value', () => {
    expect(expandCatalogue(catalogue, 1250)).toEqual(['drop:agent_started', 'drop:agent_completed', 'leak', 'slow:1250']);
  });

  test('a placeholder the matrix cannot fill stops it, naming the fault and the placeholder', () => {
    expect(() => expandCatalogue({ ...catalogue, faults: ['leak', 'flip:<tool>'] }, 1250)).toThrow(/fault "flip:<tool>" has a placeholder <tool>/);
  });

  test('slow gets a quarter over the budget to agent_started, within what the app accepts', () => {
    expect(slowFaultMs({ startedMs: 1000, completedMs: 5000 }, catalogue.slowMs)).toBe(1250);
    expect(slowFaultMs({ startedMs: 1, completedMs: 5000 }, catalogue.slowMs)).toBe(2);
    expect(slowFaultMs({ startedMs: 600_000, completedMs: 600_000 }, catalogue.slowMs)).toBe(60_000);
  });

  test('output that is not a catalogue is refused with what is wrong', () => {
    expect(() => parseCatalogue('chat app listening on http://127.0.0.1:3000')).toThrow(/not JSON/);
    expect(() => parseCatalogue('{"faults":[],"events":["agent_started"],"slowMs":{"min":1,"max":2}}')).toThrow(/unexpected shape: faults/);
    expect(() => parseCatalogue('{"faults":["leak"],"events":"agent_started"}')).toThrow(/unexpected shape: events/);
  });

  test("a target's catalogue of plain fault names needs no events and no bounds", () => {
    const target = parseCatalogue('{"faults":["never-finishes","lose-tool-result","cross-deliver"]}');
    expect(expandCatalogue(target, 1250)).toEqual(['never-finishes', 'lose-tool-result', 'cross-deliver']);
    expect(() => expandCatalogue({ ...target, faults: ['drop:<event>'] }, 1250)).toThrow('fault "drop:<event>" has the placeholder <event>, but the catalogue lists no events to fill it with');
  });
});
