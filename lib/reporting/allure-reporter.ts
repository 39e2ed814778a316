/**
 * allure-playwright, made to work under `playwright merge-reports` too.
 *
 * allure-playwright 3.12.2 reads `config.projects[0]` in onConfigure. merge-reports calls
 * onConfigure before it has read the projects out of the blobs (they are added to the same config
 * object just before onBegin), so the reporter throws "Cannot read properties of undefined
 * (reading 'outputDir')" and writes no result at all. Here it is configured at onBegin instead
 * when the projects were not known yet; a normal run is configured as before.
 */
import type { FullConfig, Suite } from '@playwright/test/reporter';
import { AllureReporter } from 'allure-playwright';

export default class MergeSafeAllureReporter extends AllureReporter {
  override onConfigure(config: FullConfig): void {
    if (config.projects.length > 0) super.onConfigure(config);
    else this.config = config;
  }

  override onBegin(suite: Suite): void {
    if (this.outputDir === undefined && this.config.projects.length > 0) super.onConfigure(this.config);
    super.onBegin(suite);
  }
}
