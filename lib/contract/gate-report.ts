/**
 * The release gate's verdict as a file (reports/gate.json, written by `npm run gate`): one entry
 * per target judged, each with the lines of its table. Allure's quality gate shows these lines
 * (allurerc.ts), so a reviewer reads the same verdict in the report.
 */
import { z } from 'zod';
import { parseJson } from './parse-json.ts';

export const gateLineSchema = z.object({
  check: z.string().min(1),
  measured: z.string(),
  target: z.string(),
  holds: z.boolean(),
  /** What a person needs to act on a line that fails (tests, runs, reasons). */
  details: z.array(z.string()),
  /** A latency line: the browser project and the event its time runs to (readers need not read `check`). */
  latency: z.object({ project: z.string(), event: z.enum(['agent_started', 'agent_completed']) }).optional(),
});

export type GateLine = z.infer<typeof gateLineSchema>;

const budgetsSchema = z.object({ startedMs: z.number(), completedMs: z.number(), minRuns: z.number().int().positive().optional() });

export const gateReportSchema = z.object({
  verdict: z.enum(['pass', 'fail']),
  at: z.string(),
  budgets: budgetsSchema,
  targets: z.array(
    z.object({
      target: z.string().min(1),
      /** The Playwright JSON report judged. */
      judged: z.string(),
      verdict: z.enum(['pass', 'fail']),
      lines: z.array(gateLineSchema),
    }),
  ),
});

export type GateReport = z.infer<typeof gateReportSchema>;

/** The gate's report in a file's text, or what is wrong with it (for a person, naming the field). */
export function parseGateReport(text: string): { report: GateReport } | { problem: string } {
  const parsed = parseJson(text, gateReportSchema);
  return 'value' in parsed ? { report: parsed.value } : parsed;
}
