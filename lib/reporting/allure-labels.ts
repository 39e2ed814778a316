/**
 * Allure labels for every test, derived in one place so that no spec has to say them: epic (the
 * product), feature (the spec file), story (the describe title), severity (from the tags); and
 * the annotation types that carry each test's browser and app version to
 * reporting/allure-environment.ts. Pure: fixtures/allure.ts applies them.
 */
import path from 'node:path';
import { LabelName, Severity, type Label } from 'allure-js-commons';

export const EPIC = 'AI agent chat';

/** Annotation types read back by reporting/allure-environment.ts. */
export const RUN_ANNOTATIONS = { browser: 'browser', appVersion: 'app version' } as const;

/** What identifies a test for labelling: its file, its titles, its tags (with the `@`). */
export interface TestIdentity {
  file: string;
  /** Describe titles, outermost first, then the test's own title (no file). */
  titles: readonly string[];
  tags: readonly string[];
}

/** @smoke tests block a release when they fail; @critical ones are critical; the rest normal. */
export function severityFor(tags: readonly string[]): Severity {
  if (tags.includes('@smoke')) return Severity.BLOCKER;
  if (tags.includes('@critical')) return Severity.CRITICAL;
  return Severity.NORMAL;
}

/** The feature is the spec file's name: e2e/parallel-users.spec.ts → parallel-users. */
export const featureFor = (file: string): string => path.basename(file).replace(/\.(spec|test)\.[cm]?[jt]sx?$/, '');

export function allureLabelsFor({ file, titles, tags }: TestIdentity): Label[] {
  const story = titles.slice(0, -1).join(' › ');
  return [
    { name: LabelName.EPIC, value: EPIC },
    { name: LabelName.FEATURE, value: featureFor(file) },
    // A test outside any describe has no story: Allure then lists it under its feature directly.
    ...(story ? [{ name: LabelName.STORY, value: story }] : []),
    { name: LabelName.SEVERITY, value: severityFor(tags) },
  ];
}
