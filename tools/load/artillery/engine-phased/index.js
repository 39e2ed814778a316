// `engine: phased` in chat.yml: Artillery's built-in Playwright engine (configured under
// config.engines.playwright), with each virtual user told the arrival phase it came in as
// vars.$phase, which Artillery tells no scenario. The load's figures are then per phase, in
// Artillery's own report (chat.<phase>.*) and in npm run load's.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Where Artillery keeps its built-in engine (its package exports no path to it).
const artillery = path.dirname(createRequire(import.meta.url).resolve('artillery/package.json'));
const builtIn = path.join(artillery, 'dist', 'builtin-packages', 'artillery-engine-playwright', 'dist', 'index.js');
const { default: PlaywrightEngine } = await import(pathToFileURL(builtIn).href);

export default class PhasedEngine {
  constructor(script, events, helpers) {
    this.playwright = new PlaywrightEngine(script, events, helpers);
    this.phase = 'before the first phase';
    events.on('phaseStarted', (phase) => {
      this.phase = phase.name ?? `phase-${phase.index + 1}`;
    });
  }

  createScenario(spec, events) {
    const scenario = this.playwright.createScenario(spec, events);
    return (context, callback) => {
      context.vars.$phase = this.phase;
      return scenario(context, callback);
    };
  }
}
