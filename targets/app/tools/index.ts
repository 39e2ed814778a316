/** The agent's tools by name: real code, each in its own file. */
import { calculate } from './calculator.ts';
import { unitConvert, type ConvertInput } from './unit-convert.ts';
import { searchDocs } from './search-docs.ts';

export type ToolCall =
  | { tool: 'calculator'; input: { expression: string } }
  | { tool: 'unit_convert'; input: ConvertInput }
  | { tool: 'search_docs'; input: { query: string } };

export type ToolName = ToolCall['tool'];

/** Runs one tool call; a thrown error is the tool's error (reported in tool_completed). */
export function runTool(call: ToolCall): unknown {
  switch (call.tool) {
    case 'calculator':
      return calculate(call.input.expression);
    case 'unit_convert':
      return unitConvert(call.input);
    case 'search_docs':
      return searchDocs(call.input.query);
  }
}
