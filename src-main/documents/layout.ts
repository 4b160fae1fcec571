// The GB/T 9704-2012 page and type every formal document shares: A4, margins 37/35/28/26 mm, body 仿宋 三号
// on a grid of 22 lines × 28 characters, title 小标宋 二号, page numbers 四号 宋体 as "— 1 —", the document
// number, the date line and the signature block. Every run is made here, so every run names its East Asian
// font (w:eastAsia): Word otherwise sets Chinese text in the theme's font, not the one the standard asks for.
import {
  AlignmentType, Document, Footer, Header, LineRuleType, PageNumber, Paragraph, TextRun, type IParagraphOptions, type IParagraphStyleOptions
} from 'docx'
import { FONT_TABLE_XML } from './font-table'
import { packDocx } from './package'
import { cnYear } from './text'

/** Bumped when the shared layout changes; part of every registered document's template version. */
export const LAYOUT_VERSION = 'gbt9704-1'

const mm = (x: number): number => Math.round((x / 25.4) * 1440)

/** Twips (1/20 pt). A4 and the GB/T 9704 margins; the footer sits so that "— 1 —" is about 7 mm below the text. */
export const PAGE = {
  width: mm(210), height: mm(297),
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(25) }
} as const
/** The text block: 156 mm wide, 225 mm high. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right

export const FONT = {
  body: '仿宋',
  /** 方正小标宋简体 is what offices install for titles; the font table names 宋体 as its stand-in. */
  title: '方正小标宋简体',
  titleFallback: '宋体',
  heading: '黑体',
  subheading: '楷体',
  pageNumber: '宋体',
  latin: 'Times New Roman'
} as const
export type EastAsianFont = (typeof FONT)[Exclude<keyof typeof FONT, 'latin' | 'titleFallback'>]

/** Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. */
export const SIZE = { title: 44, body: 32, table: 28, small: 24, pageNumber: 28 } as const

// 22 lines on the 225 mm text block: body lines are set exactly this far apart. 28 characters of 16 pt
// need 448 pt and the block is 442 pt wide, so body text is condensed by 0.25 pt a character (what Word's
// "28 characters per line" document grid does). Explicit spacing rather than a w:docGrid: LibreOffice
// applies a character grid to table cells too and spreads their text out.
export const LINE_PITCH = Math.floor((PAGE.height - PAGE.margin.top - PAGE.margin.bottom) / 22)
const BODY_CONDENSE = -5 // twips

/** One character of body text, for indents: 首行缩进两字, 右空四字. */
export const CHAR = 320

export const FORM_STYLE = 'FormText'
export const FORM_STYLE_SMALL = 'FormTextSmall'

/**
 * The paragraph styles of table cells (in a style rather than on each of a form's hundred paragraphs):
 * lines set exactly — 四号 20 pt apart, 小四 17 pt — so Word and LibreOffice agree on a form's height.
 */
const FORM_PARAGRAPH_STYLES: IParagraphStyleOptions[] = [
  { id: FORM_STYLE, name: 'Form Text', paragraph: { spacing: { line: 400, lineRule: LineRuleType.EXACT } } },
  { id: FORM_STYLE_SMALL, name: 'Form Text Small', paragraph: { spacing: { line: 340, lineRule: LineRuleType.EXACT } } }
]

export interface RunStyle { font?: EastAsianFont; size?: number; bold?: boolean; underline?: boolean }

/** A run with all four font slots set: Latin letters and digits in Times New Roman, Chinese in `font`. */
export function run(text: string, style: RunStyle = {}, breakBefore = false): TextRun {
  const eastAsia = style.font ?? FONT.body
  const size = style.size ?? SIZE.body
  return new TextRun({
    text,
    break: breakBefore ? 1 : undefined,
    font: { ascii: FONT.latin, hAnsi: FONT.latin, cs: FONT.latin, eastAsia, hint: 'eastAsia' },
    size,
    characterSpacing: size === SIZE.body ? BODY_CONDENSE : undefined,
    bold: style.bold,
    underline: style.underline ? {} : undefined
  })
}

/** Runs for a text that may hold line breaks: one run per line, each after a break. */
export function lines(text: string, style: RunStyle = {}): TextRun[] {
  return text.split('\n').map((line, i) => run(line, style, i > 0))
}

type ParaOptions = Omit<IParagraphOptions, 'children' | 'text'>

/** A body paragraph: 仿宋 三号, first line indented two characters, justified. */
export function body(text: string, opts: ParaOptions & { style?: RunStyle } = {}): Paragraph {
  const { style, ...rest } = opts
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 2 * CHAR }, ...rest, children: lines(text, style) })
}

/** Characters of body text on one line (GB/T 9704 §5.2.1: 28 a line, 22 lines a page). */
const LINE_CHARS = 28

/**
 * The body's last text, which the closing block (附件说明, sign-offs, seal and date) must not be parted from:
 * one paragraph per line of the text, the last kept with what follows. LibreOffice moves a kept paragraph
 * whole rather than splitting it, and a kept chain longer than the page is broken anywhere; so a last
 * paragraph of more than eight lines is divided after the sentence (。！？) that leaves its shortest tail
 * of at most eight lines, which then keeps with the closing block.
 */
export function closingBody(text: string): Paragraph[] {
  const paras = text.split('\n').filter((p) => p.trim())
  const last = paras.pop() ?? ''
  const most = 8 * LINE_CHARS
  let cut = -1
  if (last.length > most) {
    for (const m of last.matchAll(/[。！？]/g)) {
      const at = m.index + 1
      if (at < last.length && last.length - at <= most) { cut = at; break }
    }
  }
  const tail = cut > 0 ? [last.slice(0, cut), last.slice(cut)] : [last]
  return [...paras, ...tail].map((p, i, all) => body(p, i === all.length - 1 ? { keepNext: true, widowControl: true } : {}))
}

/** A paragraph of given runs, no indent. */
export function para(children: TextRun[], opts: ParaOptions = {}): Paragraph {
  return new Paragraph({ ...opts, children })
}

/** The title: 小标宋 二号, centred, a blank line below (GB/T 9704 §7.3.3). */
export function title(text: string): Paragraph[] {
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: lines(text, { font: FONT.title, size: SIZE.title }) }),
    new Paragraph({ keepNext: true, children: [run('')] })
  ]
}

/** A first-level heading (一、…): 黑体 三号, indented two characters. */
export function heading(text: string): Paragraph {
  return new Paragraph({ keepNext: true, indent: { firstLine: 2 * CHAR }, children: [run(text, { font: FONT.heading })] })
}

/** A second-level heading (（一）…): 楷体 三号. */
export function subheading(text: string): Paragraph {
  return new Paragraph({ keepNext: true, indent: { firstLine: 2 * CHAR }, children: [run(text, { font: FONT.subheading })] })
}

/** The document number, 〔2025〕投诉档案第TS202500000123号, centred under the title. */
export function documentNumber(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { after: 0 }, children: [run(text)] })
}

/** Formats a document number: 〔year〕kind第serial号. */
export const docNo = (year: number, kind: string, serial: string | number): string => `〔${year}〕${kind}第${serial}号`

/**
 * The number of a document in its type's yearly series, as the register allocated it: 〔2026〕投诉分析第3号,
 * and 〔2026〕投诉分析第3号（第2版） for a re-issued version. A rendering the register did not number (a
 * preview) leaves the serial blank to be filled in by hand, never a made-up number.
 */
export function seriesNumber(kind: string, meta: { generatedAt: Date; serial?: { year: number; n: number } | null; version?: number }): string {
  if (!meta.serial) return docNo(cnYear(meta.generatedAt), kind, '\u3000\u3000')
  return `${docNo(meta.serial.year, kind, meta.serial.n)}${meta.version && meta.version > 1 ? `（第${meta.version}版）` : ''}`
}

/** The date line, 2025年7月3日, right-aligned four characters in from the margin (GB/T 9704 §7.3.5.1). */
const dateLineOptions = { alignment: AlignmentType.RIGHT, indent: { right: 4 * CHAR } }
export function dateLine(date: string): Paragraph {
  return new Paragraph({ ...dateLineOptions, children: [run(date)] })
}

/** Approximate printed width in twips of body text: full-width characters 1 em, ASCII half. */
const textWidth = (text: string): number => Array.from(text).reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? CHAR / 2 : CHAR), 0)

/** Keep-with-next and keep-lines: the paragraph stays whole and on the page of the one after it. */
export const KEEP = { keepNext: true, keepLines: true } as const

/**
 * The issuing unit and the date (GB/T 9704 §7.3.5.1): the date four characters in from the right margin,
 * the unit's name centred over it, "（盖章）" where the seal goes. The block keeps together and with the
 * paragraph before it (which the caller marks with KEEP, or a table with keepWithNext): GB/T 9704 §7.3.5
 * does not let the unit, seal and date stand on a page without body text.
 */
export function signature(unit: string, date: string): Paragraph[] {
  const name = `${unit}（盖章）`
  const right = Math.max(0, Math.round(4 * CHAR + (textWidth(date) - textWidth(name)) / 2))
  return [
    new Paragraph({ ...KEEP, children: [run('')] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right }, ...KEEP, children: [run(name)] }),
    new Paragraph({ ...dateLineOptions, keepLines: true, children: [run(date)] })
  ]
}

/** The page number "— 7 —" in 宋体 四号 (GB/T 9704 §7.5.1), centred in the footer as the bank's records office asks. */
function pageNumberFooter(): Footer {
  const style = { ascii: FONT.pageNumber, hAnsi: FONT.pageNumber, cs: FONT.pageNumber, eastAsia: FONT.pageNumber, hint: 'eastAsia' }
  return new Footer({
    children: [new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: style, size: SIZE.pageNumber })]
    })]
  })
}

export interface DocumentSpec {
  /** Stored in the package's core properties (what Explorer and Word's Info pane show). */
  title: string
  subject: string
  creator: string
  children: (Paragraph | import('docx').Table)[]
  /** A mark at the top of every page, e.g. 「草稿」 on a document not yet approved. */
  pageMark?: string
}

/** The page mark in 黑体 四号 at the top right of every page (in the header, so it is on each page). */
function markHeader(mark: string): Header {
  return new Header({
    children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(mark, { font: FONT.heading, size: SIZE.pageNumber, bold: true })] })]
  })
}

/** One section on the GB/T 9704 page, body spacing as the standard's grid, and the page-number footer. */
export function gbtDocument(spec: DocumentSpec): Document {
  return new Document({
    title: spec.title, subject: spec.subject, creator: spec.creator, lastModifiedBy: spec.creator,
    styles: {
      default: {
        document: {
          run: { font: { ascii: FONT.latin, hAnsi: FONT.latin, cs: FONT.latin, eastAsia: FONT.body }, size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { before: 0, after: 0, line: LINE_PITCH, lineRule: LineRuleType.EXACT } }
        }
      },
      paragraphStyles: FORM_PARAGRAPH_STYLES
    },
    sections: [{
      properties: {
        page: { size: { width: PAGE.width, height: PAGE.height }, margin: { ...PAGE.margin, gutter: 0 } }
      },
      footers: { default: pageNumberFooter() },
      headers: spec.pageMark ? { default: markHeader(spec.pageMark) } : undefined,
      children: spec.children
    }]
  })
}

/**
 * The .docx bytes. The font table is replaced by one that declares the Chinese fonts with their charset
 * (GB2312) and stand-ins, so a machine without 方正小标宋简体 sets the title in 宋体 rather than a Latin font.
 */
export async function pack(doc: Document): Promise<Buffer> {
  return packDocx(doc, [{ path: 'word/fontTable.xml', data: FONT_TABLE_XML }])
}
