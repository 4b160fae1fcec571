// A seeded, fast PRNG (pure-rand's xoroshiro128+) with the few draws the generator needs.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

export class Rng {
  private readonly g: { next(): number }
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed)
  }
  /** Uniform in [0, 1). */
  next(): number {
    return (this.g.next() >>> 0) / 4294967296
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0
    for (const w of weights) total += w
    let r = this.next() * total
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]
      if (r < 0) return items[i]
    }
    return items[items.length - 1]
  }
}
