// Small display helpers the case detail sections share.
import { useI18n } from 'vue-i18n'
import type { PersonRef } from '@shared/contract'
import { formatDateTime, formatMoney } from '@renderer/utils/format'

export function useDetailFormat() {
  const { t } = useI18n()

  /** 张三（北京分行朝阳支行） */
  function person(p: PersonRef | null | undefined): string {
    if (!p) return ''
    return p.unitName ? `${p.name}（${p.unitName}）` : p.name
  }

  function yesNo(v: boolean | null | undefined): string {
    if (v === null || v === undefined) return ''
    return v ? t('common.yes') : t('common.no')
  }

  /** Parts joined with ' · ', empty parts skipped: `2024-03-05 10:00 · 分行`. */
  function join(...parts: (string | null | undefined)[]): string {
    return parts.filter((p): p is string => !!p).join(' · ')
  }

  return { dt: formatDateTime, money: formatMoney, person, yesNo, join }
}
