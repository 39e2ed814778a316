/**
 * The judgement of a load (`npm run load`): every virtual user's result (virtual-user-result.ts)
 * and Artillery's own count of the users it started, per phase and overall, against the properties
 * and the latency budgets; and the table a person reads. Pure: the command reads the files.
 */
import { z } from 'zod';
import { plural } from '../../lib/events/format.ts';
import { percentile } from '../../lib/events/latency.ts';
import type { VirtualUserResult } from './virtual-user-result.ts';

/** What Artillery's JSON report (`--output`) says of the users it ran. */
export interface ArtilleryCounts {
  created: number;
  failed: number;
  /** Errors by Artillery's key: a user's first error line (our kinds), or the engine's own. */
  errors: Record<string, number>;
}

const artilleryReport = z.object({ aggregate: z.object({ counters: z.record(z.string(), z.number()) }) });

/** Artillery's counts from its JSON report; a report of another shape is named, not read as zeros. */
export function artilleryCounts(report: unknown, file: string): ArtilleryCounts {
  const parsed = artilleryReport.safeParse(report);
  if (!parsed.success) throw new Error(`${file}: not an Artillery JSON report (no aggregate.counters): ${parsed.error.issues[0]?.message ?? ''}`);
  const { counters } = parsed.data.aggregate;
  const errors = Object.fromEntries(Object.entries(counters).flatMap(([key, value]) => (key.startsWith('errors.') ? [[key.slice('errors.'.length), value]] : [])));
  return { created: counters['vusers.created'] ?? 0, failed: counters['vusers.failed'] ?? 0, errors };
}

export interface Budgets {
  /** p95 from the user's message to agent_started / agent_completed, ms. */
  startedMs: number;
  completedMs: number;
  /** Runs a figure needs before its budget can fail the load (fewer: shown, not judged). */
  minRuns: number;
}

export interface Percentiles {
  count: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface PhaseFigures {
  phase: string;
  users: number;
  usersFailed: number;
  messages: number;
  runsComplete: number;
  runsIncomplete: number;
  foreignEvents: number;
  malformedFrames: number;
  toStarted: Percentiles;
  toCompleted: Percentiles;
}

/** Each property of a load, by a key the tools can read (the name is for people). */
export const PROPERTY_NAMES = {
  reported: 'every virtual user Artillery started reported its result',
  heldToTheEnd: 'every user held its conversation to the end',
  tapSawRuns: 'the tap saw a run for every message sent',
  complete: 'every run complete',
  isolation: 'no event to the wrong user (isolation)',
  wellFormed: 'no malformed frame',
  lifecycle: 'every run that ended follows lifecycle rules 1-4',
  answers: "every answer shows what the target's conversations file says",
} as const;
export type PropertyKey = keyof typeof PROPERTY_NAMES;

export interface Property {
  key: PropertyKey;
  name: string;
  holds: boolean;
  /** Each finding, named (the user, the run, the frame). */
  findings: string[];
}

export interface BudgetCheck {
  phase: string;
  figure: 'agent_started' | 'agent_completed';
  p95: number | undefined;
  budgetMs: number;
  runs: number;
  /** Runs the figure needed to be judged (LATENCY_MIN_RUNS). */
  minRuns: number;
  verdict: 'within' | 'MISSED' | 'not judged';
}

export interface LoadVerdict {
  ok: boolean;
  phases: PhaseFigures[];
  overall: PhaseFigures;
  properties: Property[];
  budgets: BudgetCheck[];
  /** Users that could not go on, by kind (configuration, sign-in refused…), each named. */
  errors: { kind: string; users: string[] }[];
  artillery: ArtilleryCounts;
}

const percentiles = (values: readonly number[]): Percentiles =>
  values.length === 0 ? { count: 0 } : { count: values.length, p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };

function figures(phase: string, results: readonly VirtualUserResult[]): PhaseFigures {
  const sum = (pick: (result: VirtualUserResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  return {
    phase,
    users: results.length,
    usersFailed: results.filter((result) => result.error !== undefined).length,
    messages: sum((result) => result.messagesSent),
    runsComplete: sum((result) => result.runsComplete),
    runsIncomplete: sum((result) => result.incompleteRuns.length),
    foreignEvents: sum((result) => result.foreignEvents.length),
    malformedFrames: sum((result) => result.malformedFrames.length),
    toStarted: percentiles(results.flatMap((result) => result.toStarted)),
    toCompleted: percentiles(results.flatMap((result) => result.toCompleted)),
  };
}

function budgetChecks(phase: PhaseFigures, budgets: Budgets): BudgetCheck[] {
  return (
    [
      ['agent_started', phase.toStarted, budgets.startedMs],
      ['agent_completed', phase.toCompleted, budgets.completedMs],
    ] as const
  ).map(([figure, { count, p95 }, budgetMs]) => ({
    phase: phase.phase,
    figure,
    p95,
    budgetMs,
    runs: count,
    minRuns: budgets.minRuns,
    verdict: count < budgets.minRuns || p95 === undefined ? 'not judged' : p95 <= budgetMs ? 'within' : 'MISSED',
  }));
}

/** `phaseNames`: the phases in their order (a phase no user arrived in still shows, with zeros). */
export function judgeLoad(results: readonly VirtualUserResult[], artillery: ArtilleryCounts, phaseNames: readonly string[], budgets: Budgets): LoadVerdict {
  const names = [...phaseNames, ...new Set(results.map((result) => result.phase).filter((phase) => !phaseNames.includes(phase)))];
  const phases = names.map((name) => figures(name, results.filter((result) => result.phase === name)));
  const overall = figures('overall', results);
  const kinds = new Map<string, string[]>();
  for (const result of results) if (result.error) kinds.set(result.error.kind, [...(kinds.get(result.error.kind) ?? []), `${result.user}: ${result.error.message.split('\n')[0] ?? ''}`]);
  const errors = [...kinds].map(([kind, users]) => ({ kind, users }));
  // A user Artillery started that left no result failed before it could judge (its browser did not start…): counted, with Artillery's errors.
  const unreported = artillery.created - results.length;
  const ourKinds = new Set<string>(results.flatMap((result) => (result.error ? [result.error.kind] : [])));
  const engineErrors = Object.entries(artillery.errors).filter(([key]) => !ourKinds.has(key) && !['foreign events', 'incomplete runs', 'malformed frames', 'lifecycle violations', 'wrong answers'].includes(key));
  const property = (key: PropertyKey, findings: string[]): Property => ({ key, name: PROPERTY_NAMES[key], holds: findings.length === 0, findings });
  const properties = [
    property('reported', [
      ...(unreported > 0 ? [`${plural(unreported, 'user')} of ${artillery.created} left no result`] : []),
      ...engineErrors.map(([key, count]) => `Artillery counted ${count} × "${key}"`),
    ]),
    property('heldToTheEnd', errors.flatMap(({ kind, users }) => users.map((user) => `${kind}: ${user}`))),
    property(
      'tapSawRuns',
      results.flatMap((result) => {
        const seen = result.runsComplete + result.incompleteRuns.length;
        // A user who got another's events may have had a run of theirs taken for the other's (the first page a run reaches keeps it): isolation names it.
        return seen < result.messagesSent && result.foreignEvents.length === 0 ? [`${result.user} sent ${plural(result.messagesSent, 'message')}, the tap saw ${plural(seen, 'run')} of theirs (EVENT_TAP=off, or do WS_URL_PATTERN / STREAM_URL_PATTERN match the product's stream?)`] : [];
      }),
    ),
    property('complete', results.flatMap((result) => result.incompleteRuns)),
    property('isolation', results.flatMap((result) => result.foreignEvents)),
    property('wellFormed', results.flatMap((result) => result.malformedFrames)),
    property('lifecycle', results.flatMap((result) => result.lifecycleViolations)),
    property('answers', results.flatMap((result) => result.wrongAnswers)),
  ];
  const budgetsChecked = [...phases, overall].flatMap((phase) => budgetChecks(phase, budgets));
  return {
    ok: results.length > 0 && properties.every((each) => each.holds) && budgetsChecked.every((check) => check.verdict !== 'MISSED'),
    phases,
    overall,
    properties,
    budgets: budgetsChecked,
    errors,
    artillery,
  };
}

const ms = (value: number | undefined): string => (value === undefined ? '-' : String(Math.round(value)));
/** A failing load can find thousands of things; the first ones say what broke. */
const MAX_FINDINGS = 10;

export function renderLoadReport(verdict: LoadVerdict): string {
  const row = (f: PhaseFigures) =>
    `| ${f.phase} | ${f.users} | ${f.usersFailed} | ${f.messages} | ${f.runsComplete} | ${f.runsIncomplete} | ${f.foreignEvents} | ${f.malformedFrames} | ` +
    `${ms(f.toStarted.p50)} / ${ms(f.toStarted.p95)} / ${ms(f.toStarted.p99)} | ${ms(f.toCompleted.p50)} / ${ms(f.toCompleted.p95)} / ${ms(f.toCompleted.p99)} |`;
  const lines = [
    '| phase | users | failed | messages | runs complete | incomplete | foreign events | malformed | → agent_started p50 / p95 / p99 ms | → agent_completed p50 / p95 / p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...verdict.phases.map(row),
    row(verdict.overall),
    '',
    `Artillery: ${verdict.artillery.created} users started, ${verdict.artillery.failed} failed${verdict.errors.length > 0 ? `; could not go on: ${verdict.errors.map(({ kind, users }) => `${kind} × ${users.length}`).join(', ')}` : ''}.`,
    '',
    '| budget (p95) | phase | runs | p95 ms | budget ms | verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    ...verdict.budgets.map((check) => `| message → ${check.figure} | ${check.phase} | ${check.runs} | ${ms(check.p95)} | ${check.budgetMs} | ${check.verdict === 'not judged' ? `not judged (fewer than ${check.minRuns} runs)` : check.verdict} |`),
    '',
    '| property | result |',
    '| --- | --- |',
    ...verdict.properties.map((each) => `| ${each.name} | ${each.holds ? 'holds' : `FAILS (${plural(each.findings.length, 'finding')})`} |`),
  ];
  for (const each of verdict.properties.filter((candidate) => !candidate.holds)) {
    lines.push('', `FAILS: ${each.name}`);
    lines.push(...each.findings.slice(0, MAX_FINDINGS).map((finding) => `  - ${finding.replace(/\n/g, '\n    ')}`));
    if (each.findings.length > MAX_FINDINGS) lines.push(`  … and ${each.findings.length - MAX_FINDINGS} more (verdict.json has them all)`);
  }
  if (verdict.overall.users === 0) lines.push('', 'FAILS: no virtual user reported a result: nothing was checked');
  return lines.join('\n');
}
