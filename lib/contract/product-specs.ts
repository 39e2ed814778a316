/**
 * Project metadata that marks a project's tests as the product's specs, which the gate judges.
 * The suite's own tests (project `unit`, the tap's self-tests) provoke incomplete runs and bad
 * frames on purpose and carry no such mark (playwright.config.ts marks its projects).
 */
export const PRODUCT_SPECS = { gate: 'product specs' } as const;

/** Whether a project's metadata marks it as product specs. */
export const isProductSpecs = (metadata: unknown): boolean =>
  typeof metadata === 'object' && metadata !== null && (metadata as { gate?: unknown }).gate === PRODUCT_SPECS.gate;
