// Durations as the audit engine writes them — 「25 h 03 min」, 「24 h」, 「30 min」 (audit/time.ts `duration`,
// the rule texts) — read in Chinese units where Chinese is read: 「25小时3分」, 「24小时」, 「30分钟」. Used by the
// formal documents (documents/labels.ts formalText) and by the screens in zh-CN (the renderer imports it as
// @shared); English keeps the engine's form.

/** Every engine duration in `text` in Chinese units; the rest of the text unchanged. */
export function chineseDurations(text: string): string {
  return text
    .replace(/(\d+) h (\d+) min\b/g, (_, h: string, m: string) => `${Number(h)}小时${Number(m)}分`)
    .replace(/(\d+) h\b/g, '$1小时')
    .replace(/(\d+) min\b/g, '$1分钟')
}

/** `text`'s durations for a screen in `locale` (vue-i18n's locale, 'zh-CN' or 'en'): Chinese units unless English. */
export function durationsFor(text: string, locale: string): string {
  return locale.startsWith('en') ? text : chineseDurations(text)
}
