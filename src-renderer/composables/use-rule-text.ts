// A rule's title and the engine's reasons in the screen's language: Chinese as the engine writes them with
// Chinese durations (as the documents print them), English through utils/rule-text.ts.
import { useI18n } from 'vue-i18n'
import { ruleTextFor } from '@renderer/utils/rule-text'

export function useRuleText() {
  const { locale } = useI18n()
  const en = (): boolean => locale.value === 'en'
  return {
    /** The rule's title for `{ titleZh, titleEn }`. */
    title: (r: { titleZh: string; titleEn: string }): string => (en() ? r.titleEn : r.titleZh),
    /** An engine reason or evidence value. */
    reason: (text: string): string => ruleTextFor(text, locale.value)
  }
}
