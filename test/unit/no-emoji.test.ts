// Issue 10 point 15: no glyph of the interface may depend on an emoji font (a Linux desktop without one shows
// 🔒 as a box). Icons are inline SVG (components/common/AppIcon.vue). This scans every renderer source and the
// shared modules it imports — and the built renderer bundle when one is there — for code points in the emoji
// blocks, including those written as escapes, and names each file, line and code point found.
import { describe, expect, it } from 'vitest'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Unicode blocks whose characters a desktop draws from an emoji font (Emoji 15 data, grouped by block). */
const EMOJI_RANGES: [number, number, string][] = [
  [0x1f000, 0x1f02f, 'Mahjong tiles'],
  [0x1f0a0, 0x1f0ff, 'Playing cards'],
  [0x1f100, 0x1f1ff, 'Enclosed alphanumeric supplement, regional indicators'],
  [0x1f200, 0x1f2ff, 'Enclosed ideographic supplement'],
  [0x1f300, 0x1f5ff, 'Miscellaneous symbols and pictographs'],
  [0x1f600, 0x1f64f, 'Emoticons'],
  [0x1f680, 0x1f6ff, 'Transport and map symbols'],
  [0x1f700, 0x1f77f, 'Alchemical symbols'],
  [0x1f780, 0x1f7ff, 'Geometric shapes extended'],
  [0x1f800, 0x1f8ff, 'Supplemental arrows-C'],
  [0x1f900, 0x1f9ff, 'Supplemental symbols and pictographs'],
  [0x1fa00, 0x1faff, 'Chess symbols, symbols and pictographs extended-A'],
  [0x2600, 0x26ff, 'Miscellaneous symbols (⚠ ☎ ☑ …)'],
  [0x2700, 0x27bf, 'Dingbats (✓ ✔ ✖ ❗ …)'],
  [0x2b00, 0x2bff, 'Miscellaneous symbols and arrows (⭐ ⬆ …)'],
  [0x231a, 0x231b, 'Watch, hourglass'],
  [0x23e9, 0x23fa, 'Media controls, alarm clock'],
  [0x2934, 0x2935, 'Curved arrows'],
  [0x3030, 0x3030, 'Wavy dash'],
  [0x303d, 0x303d, 'Part alternation mark'],
  [0x3297, 0x3297, 'Circled ideograph congratulation'],
  [0x3299, 0x3299, 'Circled ideograph secret'],
  [0xfe0f, 0xfe0f, 'Variation selector 16 (emoji presentation)'],
  [0x200d, 0x200d, 'Zero-width joiner (emoji sequences)']
]

const inRanges = (cp: number): string | null => EMOJI_RANGES.find(([a, b]) => cp >= a && cp <= b)?.[2] ?? null

/** Every emoji code point in a text: as a character, or as a JS/CSS/HTML escape of one. */
export function emojiIn(text: string): { line: number; cp: number; block: string }[] {
  const found: { line: number; cp: number; block: string }[] = []
  text.split('\n').forEach((lineText, i) => {
    // Comments may name a glyph (this file's own table does); only code and markup count.
    const code = lineText.replace(/^\s*(\/\/|\*|\/\*).*$/, '').replace(/\s\/\/\s.*$/, '')
    const cps = [...code].map((c) => c.codePointAt(0)!)
    for (const m of code.matchAll(/\\u\{([0-9a-f]+)\}|\\u([0-9a-f]{4})|&#x([0-9a-f]+);|&#(\d+);|\\([0-9a-f]{4,6})\b/gi)) {
      cps.push(parseInt(m[1] ?? m[2] ?? m[3] ?? m[5] ?? '', 16) || Number(m[4]))
    }
    for (const cp of cps) {
      const block = inRanges(cp)
      if (block) found.push({ line: i + 1, cp, block })
    }
  })
  return found
}

function files(dir: string, exts: RegExp): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? files(p, exts) : exts.test(name) ? [p] : []
  })
}

const root = join(__dirname, '..', '..')
const report = (paths: string[]): string[] => paths.flatMap((p) =>
  emojiIn(readFileSync(p, 'utf8')).map((f) => `${relative(root, p)}:${f.line} U+${f.cp.toString(16).toUpperCase()} (${f.block})`))

describe('no emoji glyph in the interface', () => {
  it.each([
    ['🔒 审查已批准', 1], ['⚠ 文件缺失', 1], ['<span>✓</span>', 1], ["'\\u{1F512}'", 1], ['&#x26A0;', 1], ["content: '\\2713'", 1],
    ['← 返回 ↑↓ 选择 ▲▼ → ¥ —', 0], ['// 🔒 a comment may name one', 0], ['审查意见书（草稿）', 0]
  ])('finds the emoji in %j: %i', (text, n) => {
    expect(emojiIn(text)).toHaveLength(n)
  })

  it('the renderer sources and the shared modules they import hold none', () => {
    const sources = [...files(join(root, 'src-renderer'), /\.(vue|ts|css|html)$/), ...files(join(root, 'src-main', 'shared'), /\.ts$/)]
    expect(sources.length).toBeGreaterThan(50)
    expect(report(sources)).toEqual([])
  })

  it('the built renderer bundle holds none (when built)', () => {
    const bundle = files(join(root, 'out', 'renderer'), /\.(js|css|html)$/)
    // Comments are stripped from a bundle; what is left is what the window shows.
    expect(report(bundle)).toEqual([])
  })
})
