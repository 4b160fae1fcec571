// How a registered document is named on screen. The server names the subject in Chinese (审查 #12,
// 2025年第三季度); in English it is said again from the ids, a case number stays as it is.
import { useI18n } from 'vue-i18n'
import type { DocTypeCode, DocumentRow } from '@shared/contract'

const PERIOD = /^(\d{4})-Q([1-4])$/

export function useDocumentLabels() {
  const { t, locale } = useI18n()

  const typeLabel = (type: DocTypeCode): string => t(`documents.type.${type}`)

  function subject(row: DocumentRow): string {
    if (locale.value === 'zh-CN') return row.subject
    if (row.reviewId && !row.caseId) return `Review #${row.reviewId}`
    // A legal opinion's offer: 「TS… 方案2」 from the server, its ordinal said again in English.
    const offer = /^(\S+) 方案(\d+)$/.exec(row.subject)
    if (row.offerId && offer) return t('documents.offer', { caseNo: offer[1], n: Number(offer[2]) })
    const q = PERIOD.exec(row.period ?? '')
    return q ? `${q[1]} Q${q[2]}` : row.subject
  }

  const version = (row: DocumentRow): string => t('documents.version', { n: row.version })

  return { typeLabel, subject, version }
}
