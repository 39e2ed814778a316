/**
 * What the stages of a run hand each other as data: the product-spec marker a project carries,
 * the event summary a test attaches, the findings a failed test attaches, and the release gate's
 * verdict. The producers (fixtures, matchers, page objects, the gate) write these; the readers
 * (the release gate, the fault matrix, the Allure categories and quality gate) read them.
 * Messages stay for people: no reader parses one.
 */
export { PRODUCT_SPECS, isProductSpecs } from './product-specs.ts';
export { EVENT_SUMMARY_ATTACHMENT, eventSummarySchema, parseEventSummary, type EventSummary } from './event-summary.ts';
export {
  FINDINGS_ATTACHMENT,
  FINDING_KINDS,
  findingSchema,
  findingsSchema,
  parseFindings,
  categoryOfFinding,
  categoryTitle,
  isNamedFinding,
  mainFinding,
  FINDING_CATEGORIES,
  FINDING_CATEGORY_LABEL,
  type Finding,
  type FindingKind,
  type FindingCategory,
} from './findings.ts';
export { recordFinding, withdrawFinding, recordedFindings, findingsAtEnd, type TestEnd } from './finding-log.ts';
export { gateLineSchema, gateReportSchema, parseGateReport, type GateLine, type GateReport } from './gate-report.ts';
export { parseJson } from './parse-json.ts';
