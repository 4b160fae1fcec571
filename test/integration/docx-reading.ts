// Reading a .docx as a records office's software would: unzip it and read the XML. Shared by the document tests.
import { expect } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { FONT, PAGE, TEXT_WIDTH } from '../../src-main/documents/layout'

export const parts = (bytes: Uint8Array): Record<string, string> =>
  Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]))
export const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
/** The text of each paragraph, line breaks as \n. */
export const paragraphs = (xml: string): string[] =>
  (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map((p) => decode((p.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>|<w:br\/>/g) ?? []).map((t) => (t === '<w:br/>' ? '\n' : t.replace(/<[^>]+>/g, ''))).join('')))
export const text = (xml: string): string => paragraphs(xml).join('\n')
export const attr = (tag: string, name: string): string | undefined => tag.match(new RegExp(`${name}="([^"]*)"`))?.[1]
export const runs = (xml: string): string[] => xml.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? []

/** Every opening tag closed in order: the XML is well-formed as far as nesting goes. */
export function assertNesting(xml: string): void {
  const stack: string[] = []
  for (const m of xml.replace(/<\?[^>]*\?>/g, '').matchAll(/<(\/?)([\w:]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue
    if (m[1]) expect(stack.pop()).toBe(m[2])
    else stack.push(m[2])
  }
  expect(stack).toEqual([])
}

/** Every table at any depth, each with the tables nested in it cut out (so its own rows are what remains). */
export function tablesOf(xml: string): string[] {
  const found: string[] = []
  const open: number[] = []
  for (const m of xml.matchAll(/<w:tbl>|<\/w:tbl>/g)) {
    if (m[0] === '<w:tbl>') open.push(m.index)
    else found.push(xml.slice(open.pop()!, m.index + m[0].length))
  }
  const cut = (tbl: string): string => {
    const inner = tbl.slice('<w:tbl>'.length)
    let out = '<w:tbl>'
    let depth = 0
    let from = 0
    for (const m of inner.matchAll(/<w:tbl>|<\/w:tbl>/g)) {
      if (m[0] === '<w:tbl>') { if (depth === 0) out += inner.slice(from, m.index); depth++ } else { depth--; if (depth === 0) from = m.index + m[0].length }
    }
    return out + inner.slice(from)
  }
  return found.map(cut)
}

/** Each table: its grid fits the text block, and every row's cells (with their spans) cover the grid exactly. */
export function assertTables(xml: string): number {
  const tables = tablesOf(xml)
  for (const tbl of tables) {
    const grid = [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]))
    expect(grid.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH)
    expect(tbl).toMatch(/<w:tblLayout w:type="fixed"\/>/)
    for (const tr of tbl.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? []) {
      const cells = tr.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []
      const covered = cells.reduce((n, tc) => n + Number(tc.match(/<w:gridSpan w:val="(\d+)"\/>/)?.[1] ?? 1), 0)
      expect(covered).toBe(grid.length)
      for (const tc of cells) expect(tc).toMatch(/<w:p[ >]/) // a cell without a paragraph is invalid OOXML
    }
  }
  return tables.length
}

/** GB/T 9704 page, fonts on every run, footer "— PAGE —". */
export function assertLayout(p: Record<string, string>): void {
  const doc = p['word/document.xml']
  const pgSz = doc.match(/<w:pgSz [^>]*\/>/)![0]
  expect([attr(pgSz, 'w:w'), attr(pgSz, 'w:h')]).toEqual(['11906', '16838'])
  const pgMar = doc.match(/<w:pgMar [^>]*\/>/)![0]
  expect(['top', 'bottom', 'left', 'right'].map((k) => Number(attr(pgMar, `w:${k}`)))).toEqual([2098, 1984, 1587, 1474]) // 37, 35, 28, 26 mm
  expect(PAGE.margin.top).toBe(2098)
  const allowed: string[] = [FONT.body, FONT.title, FONT.heading, FONT.subheading]
  // Every run that sets text; a picture's run has no text to set a font for.
  const docRuns = runs(doc).filter((r) => !r.includes('<w:drawing>'))
  expect(docRuns.length).toBeGreaterThan(20)
  for (const r of docRuns) {
    const fonts = r.match(/<w:rFonts [^>]*\/>/)?.[0]
    expect(fonts, r).toBeDefined()
    expect(allowed).toContain(attr(fonts!, 'w:eastAsia'))
    expect(attr(fonts!, 'w:ascii')).toBe(FONT.latin)
    if (attr(fonts!, 'w:eastAsia') === FONT.title) expect(r).toMatch(/<w:sz w:val="44"\/>/) // 二号
  }
  // Body paragraphs are 三号 (16 pt, sz 32), table text 四号 or 小四; nothing else.
  for (const r of docRuns) expect(['32', '28', '24', '44']).toContain(r.match(/<w:sz w:val="(\d+)"\/>/)?.[1])
  expect(doc).toMatch(/<w:rFonts [^>]*w:eastAsia="方正小标宋简体"/)
  const fontTable = p['word/fontTable.xml']
  expect(fontTable).toMatch(/<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"\/>/)
  expect(fontTable).toMatch(/<w:font w:name="仿宋"><w:altName w:val="FangSong"\/>.*?<w:charset w:val="86"\/>/)
  // Page number: 宋体 四号, centred, "— " PAGE " —".
  const footer = p['word/footer1.xml']
  expect(footer).toMatch(/<w:jc w:val="center"\/>/)
  expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/)
  expect(text(footer).replace(/\s+/g, ' ').trim()).toBe('— —') // the field's value is filled in by the viewer
  for (const r of runs(footer)) {
    expect(attr(r.match(/<w:rFonts [^>]*\/>/)![0], 'w:eastAsia')).toBe('宋体')
    expect(r).toMatch(/<w:sz w:val="28"\/>/)
  }
  for (const xml of Object.values(p)) if (xml.startsWith('<?xml')) assertNesting(xml)
}

