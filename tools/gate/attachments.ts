/**
 * The typed attachments a test leaves in a Playwright JSON report (lib/contract/): its event
 * summaries and, when it failed, its findings. The release gate and the fault matrix both read
 * them through here. Pure: a path-only attachment is read through the function the caller passes.
 */
import type { JSONReportTestResult } from '@playwright/test/reporter';
import { FINDINGS_ATTACHMENT, parseFindings, type Finding } from '../../lib/contract/index.ts';
import type { ReportedTest } from '../../lib/reporting/json-report.ts';

/** Reads an attachment's file; undefined where it cannot be read. */
export type ReadAttachment = (path: string) => Buffer | undefined;

type Attachment = JSONReportTestResult['attachments'][number];

/**
 * An attachment's text, or why it cannot be had. The JSON reporter keeps a `body` attachment
 * inline as base64 and a `path` attachment as its path; merge-reports restores blob bodies inline.
 */
export function attachmentText(attachment: Attachment, readAttachment: ReadAttachment): { text: string } | { problem: string } {
  const bytes = attachment.body !== undefined ? Buffer.from(attachment.body, 'base64') : attachment.path !== undefined ? readAttachment(attachment.path) : undefined;
  if (bytes === undefined) return { problem: attachment.path ? `cannot read ${attachment.path}` : 'attachment has neither body nor path' };
  return { text: bytes.toString('utf8') };
}

/** What a failed test says about why: its findings, none attached, or an attachment that cannot be read. */
export type TestFindings = { findings: Finding[] } | { missing: true } | { problem: string };

/** The findings of a test's last attempt (the one that decided its status). */
export function findingsOfTest(test: ReportedTest, readAttachment: ReadAttachment): TestFindings {
  const attachment = test.test.results.at(-1)?.attachments.find(({ name }) => name === FINDINGS_ATTACHMENT);
  if (attachment === undefined) return { missing: true };
  const read = attachmentText(attachment, readAttachment);
  if ('problem' in read) return read;
  const parsed = parseFindings(read.text);
  return 'problem' in parsed ? { problem: `${FINDINGS_ATTACHMENT}: ${parsed.problem}` } : parsed;
}
