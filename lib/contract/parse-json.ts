/** Reads a contract's JSON text against its schema. */
import type { z } from 'zod';

/** The value in `text`, or what is wrong with it, for a person: not JSON, or which field has which problem. */
export function parseJson<Schema extends z.ZodType>(text: string, schema: Schema): { value: z.output<Schema> } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { value: parsed.data } : { problem: `unexpected shape: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}` };
}
