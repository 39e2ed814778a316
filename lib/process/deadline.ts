/**
 * A bound on a wait for something real (a page, a sign-in, a socket), never a sleep: the work's own
 * outcome when it comes in time, else what `late()` makes of it, once `ms` have passed.
 */
export async function byDeadline<T>(work: Promise<T>, ms: number, late: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const afterDeadline = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      late().then(resolve, reject);
    }, ms);
  });
  try {
    return await Promise.race([work, afterDeadline]);
  } finally {
    clearTimeout(timer);
  }
}
