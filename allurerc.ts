/**
 * Allure 3 (the `allure` CLI from npm, no Java) reads this file from the project root; it loads
 * TypeScript itself. `npm run report` (commands/report.ts) is the way in: it also keeps the history.
 *
 * Only a type comes from `allure`: its main module is the CLI and would run on import.
 */
import type { AllureConfig } from 'allure';
import { ALLURE_CATEGORY_RULES } from './lib/reporting/allure-categories.ts';
import { currentQualityGate } from './lib/reporting/allure-quality-gate.ts';
import { allureResultsDirs, REPORT_PATHS, RUN_LABEL, runOfAllureResults } from './lib/reporting/paths.ts';

/** Every run of this reports/ folder: the main run and each other target or transport npm test ran. */
const runs = allureResultsDirs().map(runOfAllureResults);

export default {
  name: 'chat-e2e: AI agent chat',
  output: REPORT_PATHS.allureReport,
  // A JSON line per report: trends, flakiness and "new failure" marks need the earlier runs.
  historyPath: REPORT_PATHS.allureHistory,
  historyLimit: 30,
  // Unit tests of the suite itself carry no story labels of the product: give them an epic of
  // their own so the behaviour tree does not show them as "<Empty>".
  defaultLabels: { epic: 'Suite self-tests' },
  // By the label fixtures/findings.ts puts on a failed test: its main finding's category, the
  // same one the gate's failure list names (lib/reporting/allure-categories.ts).
  categories: { rules: [...ALLURE_CATEGORY_RULES] },
  // One environment per run (its results carry RUN_LABEL): every target npm test judged is in the
  // report a reviewer opens, each on its own, switched between by Allure's environment menu.
  environments: Object.fromEntries(
    runs.map((run) => [run, { name: run === 'main' ? 'main run (.env)' : run, matcher: ({ labels }) => labels.some((label) => label.name === RUN_LABEL && label.value === run) }]),
  ),
  // The release gate's lines (reports/gate.json, when written after these results) as Allure's
  // quality gate, shown in the report's quality-gate view (npm run report evaluates it).
  qualityGate: currentQualityGate(REPORT_PATHS.gateJson, allureResultsDirs()),
  plugins: {
    awesome: {
      options: {
        reportName: 'chat-e2e: AI agent chat',
        reportLanguage: 'en',
        // Epic → feature (spec file) → story (describe): the labels fixtures/allure.ts sets.
        groupBy: ['epic', 'feature', 'story'],
      },
    },
  },
} satisfies AllureConfig;
