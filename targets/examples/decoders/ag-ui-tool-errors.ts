/**
 * An example decoder module for an AG-UI product that reports a failed tool in the result's
 * content: AG-UI 1.0.0's TOOL_CALL_RESULT has no error field, so products choose a convention of
 * their own. This one (examples/ag-ui-chat's) starts the content with "Error: ". The module hands
 * every frame to the suite's built-in `ag-ui` pack and turns such a result into a failed call
 * (`tool_completed` with `error`), which the tool card's `error` status is then checked against:
 *
 *   EVENT_DECODER=targets/examples/decoders/ag-ui-tool-errors.ts
 *
 * Write the same few lines for your product's convention (docs/decoders.md, "Composition").
 */
import type { CreateDecoder, Decoded, StreamFrame } from '../../../lib/events/types.ts';

const ERROR_PREFIX = 'Error: ';

const withToolError = (item: Decoded): Decoded => {
  if (!('type' in item) || item.type !== 'tool_completed' || 'malformed' in item || 'control' in item) return item;
  const { output, ...data } = item.data;
  return typeof output === 'string' && output.startsWith(ERROR_PREFIX) ? { ...item, data: { ...data, error: output.slice(ERROR_PREFIX.length) } } : item;
};

export const createDecoder: CreateDecoder = (_stream, kit) => {
  const agUi = kit.pack('ag-ui');
  return {
    decode(frame: StreamFrame): Decoded | readonly Decoded[] {
      const decoded = agUi.decode(frame);
      return Array.isArray(decoded) ? decoded.map(withToolError) : withToolError(decoded as Decoded);
    },
    end: (end) => agUi.end?.(end) ?? [],
  };
};
