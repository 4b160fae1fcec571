// One line per measured target, so `npm run bench` (test/bench/suite.ts) can gather every bench's figures into
// one closing table. A bench prints its own detailed lines as before; this adds `TARGET {json}` for the few
// figures an issue names a target for (its "Done means").

export interface TargetFigure {
  /** the issue that sets the target, e.g. 12 */
  issue: number
  /** what was measured, e.g. 'trends.view p95, no filter' */
  figure: string
  /** the measured value, in `unit` */
  value: number
  unit: 'ms' | 's' | 'ratio' | 'MB'
  /** the target: at most this (or, with `atLeast`, at least this) */
  limit: number
  atLeast?: boolean
  /** the same run's floor figure (a raw COPY, a plain indexed page, one GROUP BY scan), when there is one */
  floor?: number
  /** a figure the issue asks to be reported, with no bound (e.g. what text search costs): `limit` is ignored */
  reportOnly?: boolean
  /** a word on how to read it */
  note?: string
}

/** Prints the target line the suite reads (and a person can grep). */
export function reportTarget(t: TargetFigure): void {
  console.log(`TARGET ${JSON.stringify(t)}`)
}

/** Whether a figure meets its target. */
export const met = (t: TargetFigure): boolean | null => (t.reportOnly ? null : t.atLeast ? t.value >= t.limit : t.value <= t.limit)
