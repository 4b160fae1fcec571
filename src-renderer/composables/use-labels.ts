// Code-list labels that follow the current locale.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { CODE_LABELS, type CodeLabels } from '@shared/code-labels'
import { isLocale } from '@renderer/i18n'

type JrtAxis = 'jrtChannel' | 'jrtBusiness' | 'jrtCause'
type CodeList = Exclude<keyof CodeLabels, JrtAxis>

export function useLabels() {
  const { locale } = useI18n()
  const labels = computed<CodeLabels>(() => CODE_LABELS[isLocale(locale.value) ? locale.value : 'zh-CN'])

  /** `label('channel', 'phone')` → 电话/客服热线; an unknown code shows as itself. */
  function label(list: CodeList, code: string | null | undefined): string {
    if (!code) return ''
    const map: Record<string, string> = labels.value[list]
    return map[code] ?? code
  }

  /** `010302 电子渠道-电话`; a code the table lacks falls back to the Chinese label, then to the bare code. */
  function jrt(axis: JrtAxis, code: string | null | undefined): string {
    if (!code) return ''
    const name = labels.value[axis][code] ?? CODE_LABELS['zh-CN'][axis][code]
    return name ? `${code} ${name}` : code
  }

  return { labels, label, jrt }
}
