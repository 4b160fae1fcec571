// Root-cause names in the UI's language: Chinese first; the English name where the locale is English and the
// node has one (the taxonomy carries both), else the Chinese one.
import { useI18n } from 'vue-i18n'
import { useTaxonomyStore } from '@renderer/stores/rootcause-taxonomy'

export function useCauseNames() {
  const { locale } = useI18n()
  const taxonomy = useTaxonomyStore()

  /** The name of a node given by code, with its Chinese name as read (a past version's name, say) as fallback. */
  function causeName(code: string, nameZh?: string, nameEn?: string): string {
    const node = taxonomy.byCode.get(code)
    if (locale.value === 'en') return nameEn || node?.nameEn || nameZh || node?.nameZh || code
    return nameZh || node?.nameZh || code
  }

  return { causeName }
}
