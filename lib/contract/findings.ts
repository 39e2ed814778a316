/**
 * Why a test failed, as data: each check of the suite that fails (a matcher, the event tap at
 * teardown, a page object's wait on the agent, the sign-in) records a finding, and a failed test
 * attaches its findings. The gate's failure list, the fault matrix and the Allure categories read
 * the kind, never the error's wording.
 */
import { z } from 'zod';
import { parseJson } from './parse-json.ts';

/** The attachment's name. */
export const FINDINGS_ATTACHMENT = 'chat-e2e-findings.json';

export const FINDING_KINDS = [
  /** An event of one user's run reached another user's page. */
  'isolation',
  /** A frame the decoder could not read. */
  'malformed-frames',
  /** A run broke a lifecycle rule, or was not complete when checked. */
  'lifecycle',
  /** The runs' events differ from the approved event trace (a protocol change to review). */
  'trace',
  /** A run that never finished: named with its user, its last event and how long ago. */
  'stuck-run',
  /** What the screen shows disagrees with the events, or with what the product must show. */
  'ui',
  /** The test's own clock stopped it: nothing was found, something did not answer in time. */
  'timeout',
  /** The suite could not get going: sign-in, configuration, the target or a browser. */
  'set-up',
  /** The test failed in a check the suite does not own (a Playwright assertion or action of a spec). */
  'unowned',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export const findingSchema = z.object({
  kind: z.enum(FINDING_KINDS),
  /** What stated it: a matcher (`toHaveCompleteRun`), `event tap`, `test timeout`, a page object's wait. */
  check: z.string().min(1),
  /** The lifecycle rules broken, by number (docs/lifecycle.md). */
  rules: z.array(z.number().int().min(1)).optional(),
  /** The runs concerned, with their user. */
  runs: z.array(z.object({ runId: z.string(), user: z.string().optional() })).optional(),
  /** One line for people: what a table cell shows. */
  summary: z.string(),
});

export type Finding = z.infer<typeof findingSchema>;

export const findingsSchema = z.array(findingSchema);

/** The findings in an attachment's text, or what is wrong with it (for a person). */
export function parseFindings(text: string): { findings: Finding[] } | { problem: string } {
  const parsed = parseJson(text, findingsSchema);
  return 'value' in parsed ? { findings: parsed.value } : parsed;
}

export interface FindingCategory {
  /** Stable id (Allure keys its category tree on it). */
  id: string;
  group: 'Product bug' | 'Test infrastructure';
  /** What went wrong, e.g. "lifecycle broken". */
  name: string;
}

const CATEGORIES: Record<FindingKind, FindingCategory> = {
  isolation: { id: 'product-isolation-leak', group: 'Product bug', name: 'isolation leak' },
  'malformed-frames': { id: 'product-malformed-frames', group: 'Product bug', name: 'malformed frames' },
  lifecycle: { id: 'product-lifecycle-broken', group: 'Product bug', name: 'lifecycle broken' },
  trace: { id: 'product-trace-changed', group: 'Product bug', name: 'event trace changed' },
  'stuck-run': { id: 'product-stuck-run', group: 'Product bug', name: 'run never finished' },
  ui: { id: 'product-ui-mismatch', group: 'Product bug', name: 'UI mismatch' },
  timeout: { id: 'infrastructure-timeout', group: 'Test infrastructure', name: 'timeout' },
  'set-up': { id: 'infrastructure-setup', group: 'Test infrastructure', name: 'set-up' },
  unowned: { id: 'spec-assertion', group: 'Test infrastructure', name: 'a spec check outside the suite' },
};

/** The category a finding files under, in the gate's failure list and in Allure alike. */
export const categoryOfFinding = (kind: FindingKind): FindingCategory => CATEGORIES[kind];

/** Every category, in the order of FINDING_KINDS (Allure's category rules). */
export const FINDING_CATEGORIES: readonly FindingCategory[] = FINDING_KINDS.map(categoryOfFinding);

/** `Product bug: lifecycle broken`. */
export const categoryTitle = (category: FindingCategory): string => `${category.group}: ${category.name}`;

/** A finding that names a problem of the product (what the fault matrix counts as a catch). */
export const isNamedFinding = (kind: FindingKind): boolean => CATEGORIES[kind].group === 'Product bug';

/**
 * The finding a failed test files under, when it has several: the first kind in FINDING_KINDS
 * (an isolation leak before a broken lifecycle before a timeout). The gate's failure list and the
 * Allure label both take this one, so a test lands in the same category in both.
 */
export function mainFinding(findings: readonly Finding[]): Finding | undefined {
  const rank = (finding: Finding) => FINDING_KINDS.indexOf(finding.kind);
  return [...findings].sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * The Allure label the findings fixture puts on a failed test: the id of its main finding's
 * category. allurerc.ts files the test by it, never by the error's message.
 */
export const FINDING_CATEGORY_LABEL = 'chat-e2e-category';
