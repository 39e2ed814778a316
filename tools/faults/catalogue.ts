/**
 * The fault catalogue: what `targets/app/main.ts --list-faults` (or a target's
 * `<WEB_SERVER_COMMAND> --list-faults`) prints, expanded into the concrete faults the matrix
 * proves, with the decoder variants of some of them. Pure.
 */
import { z } from 'zod';
import type { Budgets } from '../gate/verdict.ts';

const catalogueSchema = z.object({
  /** Patterns: `drop:<event>`, `leak`, `slow:<ms>`… */
  faults: z.array(z.string().trim().min(1)).min(1),
  /** What `<event>` stands for (a target whose faults have no placeholder lists none). */
  events: z.array(z.string().trim().min(1)).default([]),
  /** The bounds of `<ms>`. */
  slowMs: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }).default({ min: 1, max: 600_000 }),
});

export type FaultCatalogue = z.output<typeof catalogueSchema>;

/** Parses the catalogue JSON, or says what is wrong with it (the app and this script disagree). */
export function parseCatalogue(text: string): FaultCatalogue {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the fault catalogue is not JSON (${(error as Error).message}): ${text.slice(0, 200)}`, { cause: error });
  }
  const parsed = catalogueSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`the fault catalogue has an unexpected shape: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * The `slow:<ms>` value for the matrix: a quarter over the budget to agent_started. The app waits
 * AGENT_STEP_MS + ms before every event, agent_started included, so no run can reach it in time.
 */
export function slowFaultMs(budgets: Budgets, bounds: FaultCatalogue['slowMs']): number {
  return Math.min(bounds.max, Math.max(bounds.min, Math.ceil(budgets.startedMs * 1.25)));
}

/**
 * Every concrete fault to prove: `<event>` becomes each agent event, `<ms>` the given value.
 * A placeholder this script does not know stops the matrix: it cannot prove what it cannot name.
 */
export function expandCatalogue(catalogue: FaultCatalogue, slowMs: number): string[] {
  return catalogue.faults.flatMap((pattern) => {
    if (pattern.includes('<event>') && catalogue.events.length === 0) throw new Error(`fault "${pattern}" has the placeholder <event>, but the catalogue lists no events to fill it with`);
    const values = pattern.includes('<event>') ? catalogue.events.map((event) => pattern.replaceAll('<event>', event)) : [pattern];
    const faults = values.map((fault) => fault.replaceAll('<ms>', String(slowMs)));
    const unknown = faults.flatMap((fault) => fault.match(/<[^>]*>/g) ?? []);
    if (unknown.length > 0) {
      throw new Error(`fault "${pattern}" has a placeholder ${unknown.join(', ')} that tools/faults/catalogue.ts cannot fill: teach expandCatalogue() what it stands for`);
    }
    return faults;
  });
}

/**
 * Faults proved a second time through another decoder. `leak` once on the reference wire, whose
 * events name their user (rule 5), and once through a decoder that drops the user ids, so that
 * isolation is proven the way it must be for AI SDK and AG-UI products: every run a page receives
 * must answer a message its own user sent (events/isolation.ts).
 */
export const DECODER_VARIANTS: readonly { name: string; fault: string; decoder: string }[] = [
  { name: 'leak/no-user-ids', fault: 'leak', decoder: 'tests/support/decoders/without-user-ids.ts' },
];

/** The matrix's rows: every fault, and each variant of a fault that is among them. */
export const withVariants = (faults: readonly string[]): string[] => [
  ...faults,
  ...DECODER_VARIANTS.filter((variant) => faults.includes(variant.fault)).map((variant) => variant.name),
];

/** What the app is started with for a row, and the decoder the suite reads it with. */
export function rowSettings(row: string): { fault: string; decoder: string } {
  const variant = DECODER_VARIANTS.find((candidate) => candidate.name === row);
  return variant ? { fault: variant.fault, decoder: variant.decoder } : { fault: row, decoder: 'reference' };
}
