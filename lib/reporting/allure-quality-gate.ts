/**
 * The release gate's verdict in Allure's own quality gate (allurerc.ts `qualityGate`): one rule
 * per line of the gate's table (reports/gate.json, lib/contract/gate-report.ts), named
 * `<target> › <check>`, passing or failing as the gate judged it. Allure then shows the lines in
 * its quality-gate view of the report.
 * The rules judge nothing again: the gate already did, from the Playwright JSON reports.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AllureConfig } from 'allure';
import { parseGateReport, type GateLine, type GateReport } from '../contract/index.ts';

export type QualityGateConfig = NonNullable<AllureConfig['qualityGate']>;
type QualityGateRule = NonNullable<QualityGateConfig['use']>[number];

/** How many of a failing line's details (tests, runs) its message quotes. */
const DETAILS_SHOWN = 5;

/** Allure keys rules by name, across targets: the target is part of it. */
export const gateRuleName = (target: string, check: string): string => `${target} › ${check}`;

function failedMessage(line: GateLine): string {
  const more = line.details.length - DETAILS_SHOWN;
  return [`${line.check}: ${line.measured}, target ${line.target}`, ...line.details.slice(0, DETAILS_SHOWN), ...(more > 0 ? [`and ${String(more)} more`] : [])].join('; ');
}

/** The gate's lines as quality-gate rules, one ruleset per target (no id: the rule's name says the target). */
export function qualityGateOf(report: GateReport): QualityGateConfig {
  const rules = report.targets.map(({ target, lines }) => Object.fromEntries(lines.map((line) => [gateRuleName(target, line.check), line.target])));
  const use: QualityGateRule[] = report.targets.flatMap(({ target, lines }) =>
    lines.map(
      (line): QualityGateRule => ({
        rule: gateRuleName(target, line.check),
        message: () => failedMessage(line),
        successMessage: () => `${line.check}: ${line.measured} (target ${line.target})`,
        validate: () => Promise.resolve({ success: line.holds, actual: line.measured, testResults: [] }),
      }),
    ),
  );
  return { rules, use };
}

/** The newest modification time of the files in `dir` (0 when it is empty or missing). */
function newestIn(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Math.max(0, ...readdirSync(dir).map((name) => statSync(path.join(dir, name)).mtimeMs));
}

/**
 * The quality gate for the results in `resultsDirs`: the gate's verdict in `gateFile` where it was
 * written after them (`npm run gate` judges a run once it has ended); none where there is no
 * verdict, or an older one, which would judge other results. A file that is not the gate's report
 * stops the report, naming the file and the field.
 */
export function currentQualityGate(gateFile: string, resultsDirs: readonly string[]): QualityGateConfig | undefined {
  if (!existsSync(gateFile)) return undefined;
  if (statSync(gateFile).mtimeMs < Math.max(0, ...resultsDirs.map(newestIn))) return undefined;
  const parsed = parseGateReport(readFileSync(gateFile, 'utf8'));
  if ('problem' in parsed) throw new Error(`${gateFile} is not the release gate's report (npm run gate writes it): ${parsed.problem}`);
  return qualityGateOf(parsed.report);
}

/**
 * Allure 3.18's quality gate calls Iterator.prototype.toArray, which Node has from 22 on; on the
 * Node 20 the project supports it is missing, and the gate fails with a TypeError. Callers of the
 * gate (npm run report) supply it first, where absent.
 */
export function supplyIteratorToArray(): void {
  const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([].values())) as { toArray?: unknown };
  if (typeof iteratorPrototype.toArray === 'function') return;
  Object.defineProperty(iteratorPrototype, 'toArray', {
    configurable: true,
    writable: true,
    value(this: Iterable<unknown>) {
      return [...this];
    },
  });
}
