// Timing helpers of the legal and 整改 benches: each call's wall time, and a percentile by nearest rank.

/** The wall times (ms) of `n` calls of `fn`, one after another. */
export async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    ms.push(performance.now() - t)
  }
  return ms
}

/** The p-quantile (0…1) of `ms` by nearest rank (p95 of 20 runs is the 19th). */
export const nearestRank = (ms: number[], p: number): number => [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)]
