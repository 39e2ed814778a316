// Artillery's processor for chat.yml: the suite's virtual user (../virtual-user.ts), TypeScript
// loaded through tsx in the worker thread that runs it. A plain .mjs: Artillery bundles a .ts
// processor into CommonJS, where the suite's ES modules (import.meta) do not run; and no
// top-level await, which that bundling (a distributed run's, too) refuses.
import { register } from 'tsx/esm/api';

register();
let virtualUser;

export async function chatAsAVirtualUser(page, vuContext, events, test) {
  virtualUser ??= import('../virtual-user.ts');
  const { chatAsAVirtualUser: chat } = await virtualUser;
  await chat(page, vuContext, events, test);
}
