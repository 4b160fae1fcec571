// The 整改 word search's estimate of a common word's tab counts (rectification/word-search.ts estimateTabs): a
// status read whole is exact, a sampled one scales its exact item count by the sample's share (its own with enough
// items, else the whole sample's), kept between the matches the walk proved and the items there are.
import { describe, expect, it } from 'vitest'
import { estimateTabs } from '../../src-main/rectification/word-search'

const stratum = (status: 'open' | 'closed', seen: number, hits: number, lateSeen = 0, lateHits = 0, sampled = true) =>
  ({ status, sampled, seen, hits, late_seen: lateSeen, late_hits: lateHits })

describe('estimateTabs', () => {
  const plain = [{ status: 'open' as const, n: 100, late: 40 }, { status: 'closed' as const, n: 10_000, late: 0 }]
  it.each([
    ['a status read whole is exact, a sampled one scaled by its own share',
      [stratum('open', 100, 30, 40, 10, false)], [stratum('closed', 1000, 360)], [], false,
      [{ status: 'open', n: 30, late: 10 }, { status: 'closed', n: 3600, late: 0 }], ['closed']],
    ['too few sampled in a status: the whole sample\'s share',
      [], [stratum('open', 10, 10, 5, 5), stratum('closed', 990, 99)], [], false,
      [{ status: 'open', n: 11, late: 4 }, { status: 'closed', n: 1000, late: 0 }], ['open', 'closed']],
    ['never below what the walk proved, never above the items there are',
      [], [stratum('open', 50, 50, 40, 40), stratum('closed', 1000, 0)], [{ status: 'closed' as const, hits: 51 }], false,
      [{ status: 'open', n: 100, late: 40 }, { status: 'closed', n: 51, late: 0 }], ['open', 'closed']],
    ['a sample of the whole table is the count itself',
      [], [stratum('open', 100, 7, 40, 3), stratum('closed', 10_000, 1234)], [], true,
      [{ status: 'open', n: 7, late: 3 }, { status: 'closed', n: 1234, late: 0 }], []],
    ['a status with no items has no tab',
      [], [stratum('closed', 1000, 500)], [], false,
      [{ status: 'closed', n: 5000, late: 0 }], ['closed'], [{ status: 'closed' as const, n: 10_000, late: 0 }]]
  ] as const)('%s', (_label, exact, sample, proven, whole, tabs, estimated, only?) => {
    const got = estimateTabs(only ? [...only] : plain, [...exact], [...sample], [...proven], whole)
    expect(got.tabs).toEqual(tabs)
    expect(got.estimated).toEqual(estimated)
  })
})
