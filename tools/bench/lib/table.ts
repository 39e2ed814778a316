/** A result table: printed as Markdown, so the terminal output pastes straight into RESULTS.md. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** Lines under the table: the goal, whether it held, and why. */
  notes?: string[];
}

export function renderTable({ title, columns, rows, notes = [] }: Table): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [`### ${title}`, '', line(columns), line(columns.map(() => '---')), ...rows.map(line), '', ...notes.map((note) => `- ${note}`), ''].join('\n');
}
