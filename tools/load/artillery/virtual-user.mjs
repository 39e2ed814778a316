// Artillery's processor for chat.yml: the suite's virtual user (../virtual-user.ts), TypeScript
// loaded through tsx in the worker thread that runs it. A plain .mjs: Artillery bundles a .ts
// processor into CommonJS, where the suite's ES modules (import.meta) do not run.
import { register } from 'tsx/esm/api';

register();
const { chatAsAVirtualUser } = await import('../virtual-user.ts');

export { chatAsAVirtualUser };
