/**
 * The Node versions the project declares are ones every installed package supports: else `npm ci`
 * warns EBADENGINE on every install (ai@7 declares node >= 22 while the project runs on Node 20),
 * and a package may use what the declared Node lacks. Read from the lock file, as npm ci does.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import semver from 'semver';

interface Manifest {
  engines?: { node?: string };
}

const project = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, Manifest & { version?: string }> };

test.describe('engines', { tag: '@unit' }, () => {
  test('every package in the lock file supports every Node version the project declares', () => {
    const declared = project.engines?.node;
    expect(declared, 'package.json declares engines.node').toBeDefined();
    const unsupported = Object.entries(lock.packages)
      .filter(([location]) => location !== '')
      .flatMap(([location, manifest]) => {
        const theirs = manifest.engines?.node;
        return typeof theirs === 'string' && !semver.subset(declared ?? '', theirs) ? [`${location.replace(/^.*node_modules\//, '')}@${manifest.version ?? '?'} needs node ${theirs}`] : [];
      });
    expect(unsupported, `packages that do not support node ${declared ?? ''} (package.json engines)`).toEqual([]);
  });
});
