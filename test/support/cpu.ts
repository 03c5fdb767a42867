/**
 * CPU time of this process over a piece of work, for tests that bound how long a hostile input
 * takes: unlike the wall clock it does not grow when other processes share the cores (the suite
 * runs its files side by side, and other work may run on the machine).
 */
export async function cpuSeconds<T>(work: () => T | Promise<T>): Promise<{ result: T; seconds: number }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { result, seconds: (used.user + used.system) / 1e6 };
}
