/**
 * The trip planner's three tools, as ai@4 declares them (`tool({ parameters, execute })`). A tool
 * that cannot answer throws: ai@4 then ends the turn with the error (a `3:` part), no reply follows.
 */
import { setTimeout as searching } from 'node:timers/promises';
import { tool } from 'ai';
import { z } from 'zod';

const FORECASTS: Readonly<Record<string, { sky: string; highC: number }>> = {
  Lisbon: { sky: 'sunny', highC: 24 },
  Oslo: { sky: 'snow showers', highC: -3 },
  Cairo: { sky: 'clear', highC: 31 },
  Lima: { sky: 'overcast', highC: 19 },
  Hanoi: { sky: 'rain', highC: 27 },
};

/** Euros per unit of each currency. */
const IN_EUR: Readonly<Record<string, number>> = { EUR: 1, USD: 0.92, GBP: 1.17, JPY: 0.0062, CHF: 1.05 };

/** How long a flight search takes: long enough to stop it, or to reload the page, while it runs. */
const SEARCH_MS = 4_000;

export const tools = {
  forecast: tool({
    description: "Tomorrow's weather in a city",
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => {
      const forecast = FORECASTS[city];
      if (!forecast) return Promise.reject(new Error(`No forecast for ${city}`));
      return Promise.resolve({ city, ...forecast });
    },
  }),
  exchange: tool({
    description: 'Converts an amount between two currencies',
    parameters: z.object({ amount: z.number(), from: z.string(), to: z.string() }),
    execute: ({ amount, from, to }) => {
      const rateFrom = IN_EUR[from];
      const rateTo = IN_EUR[to];
      if (rateFrom === undefined || rateTo === undefined) return Promise.reject(new Error(`Unknown currency ${rateFrom === undefined ? from : to}`));
      return Promise.resolve({ amount, from, to, converted: Math.round((amount * rateFrom * 100) / rateTo) / 100 });
    },
  }),
  find_flights: tool({
    description: 'Searches the flights between two cities',
    parameters: z.object({ from: z.string(), to: z.string() }),
    execute: async ({ from, to }, { abortSignal }) => {
      // Aborted with the turn: the search stops when the answer does.
      await searching(SEARCH_MS, undefined, { signal: abortSignal });
      return { from, to, flights: (from.length + to.length) % 5 + 2, cheapest: 40 + from.length * to.length };
    },
  }),
};
