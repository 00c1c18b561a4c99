// Waiting on a condition another process makes true (a node hearing of a commit, nginx listening):
// polled, never a fixed sleep.
export async function until(condition: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling a condition, not waiting a time
  }
}
