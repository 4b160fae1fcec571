// The audit engine's Chinese reasons and evidence values in English (tables in i18n/rule-text-en.ts).
import { SENTENCES, TERMS } from '../i18n/rule-text-en'
import { chineseDurations } from '@shared/duration-text'

const CJK = /[\u3400-\u9fff]/u

/** Placeholders that stand for a number only (and `{day}` for a yyyy-MM-dd day). */
const NUMERIC = new Set(['n', 'm', 'amount', 'max', 'year'])

interface Compiled { re: RegExp; names: string[]; en: string; fixed: number }

/** Templates as anchored patterns, those with the most fixed text first (so a longer sentence wins). */
const COMPILED: Compiled[] = SENTENCES.map(([zh, en]) => {
  const names: string[] = []
  const body = zh.split(/(\{\w+\})/).map((piece) => {
    const m = /^\{(\w+)\}$/.exec(piece)
    if (m) { names.push(m[1]); return NUMERIC.has(m[1]) ? '(-?[\\d.,]+)' : m[1] === 'day' ? '(\\d{4}-\\d{2}-\\d{2})' : '(.+?)' }
    return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }).join('')
  return { re: new RegExp(`^${body}$`, 'su'), names, en, fixed: zh.replace(/\{\w+\}/g, '').length }
}).sort((a, b) => b.fixed - a.fixed)

/**
 * One value inside a sentence: a list of items (「、」), a known term, a sentence in turn, or data kept as it
 * is (a person's or unit's name, a case number, a time).
 */
function fragment(text: string, depth: number): string {
  if (!CJK.test(text)) return text
  const term = TERMS[text.trim()]
  if (term) return term
  if (text.includes('、')) return text.split('、').map((p) => fragment(p, depth)).join(', ')
  return sentence(text, depth) ?? text
}

function sentence(text: string, depth: number): string | null {
  if (depth > 4) return null
  for (const c of COMPILED) {
    const m = c.re.exec(text)
    if (!m) continue
    const values = Object.fromEntries(c.names.map((n, i) => [n, fragment(m[i + 1], depth + 1)]))
    return c.en.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? '')
  }
  return null
}

/**
 * An engine reason (or evidence value) in English: each part between 「；」 by its template, values inside
 * translated in turn; a part no template knows stays in Chinese. Durations (`1 h 05 min`) need nothing.
 * @example ruleTextEn('在 7 个工作日内处理完成（处理期限 2025-07-13 23:59）') → 'Handling completed within 7 working days (handling deadline 2025-07-13 23:59)'
 */
export function ruleTextEn(text: string): string {
  if (!CJK.test(text)) return text
  const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)
  return text.split('；').map((part) => upper(sentence(part, 0) ?? fragment(part, 0))).join('; ')
}

/**
 * An engine reason or evidence value for the screen in `locale`: English through ruleTextEn (durations stay
 * 「7 h 16 min」), Chinese as the engine wrote it with its durations in Chinese units (「7小时16分」).
 */
export function ruleTextFor(text: string, locale: string): string {
  return locale === 'en' ? ruleTextEn(text) : chineseDurations(text)
}

/** Whether a text still holds Chinese characters (the English screen's check). */
export const hasCjk = (text: string): boolean => CJK.test(text)
