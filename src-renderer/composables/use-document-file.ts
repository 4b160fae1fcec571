// Opening and saving a registered document. The desktop app opens the file in the system's viewer or asks
// where to save it; in browser mode the server answers with a download address instead, which a hidden
// link follows (the browser sends the session cookie with it). State is per screen: each shows its own notice.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { DocumentRow } from '@shared/contract'
import { DossierError, toDossierError, useApi } from '@renderer/api'
import { usePurposeStore } from '@renderer/stores/purpose'
import { followDownload } from '@renderer/utils/download'

/** Documents that hold a complainant's personal data in full: opening one asks why (the server records it). */
const PERSONAL = new Set(['dossier', 'registration'])

export type FileAction = 'open' | 'save'

export function useDocumentFile() {
  const { t } = useI18n()
  /** `open:12` while document 12 is being opened. */
  const busy = ref<string | null>(null)
  const error = ref<DossierError | null>(null)
  const notice = ref<string | null>(null)

  async function run(action: FileAction, row: DocumentRow): Promise<void> {
    if (busy.value) return
    let reason: string | undefined
    if (PERSONAL.has(row.docType)) {
      const given = await usePurposeStore().ask(`${row.titleZh} ${row.subject}`)
      if (!given) return
      reason = given
    }
    busy.value = `${action}:${row.id}`
    error.value = null
    notice.value = null
    try {
      if (action === 'open') {
        const res = await useApi().invoke('documents.open', { id: row.id, reason })
        if (res.downloadUrl) {
          followDownload(res.downloadUrl, row.fileName)
          notice.value = t('documents.downloading', { name: row.fileName })
        } else if (res.opened) notice.value = t('documents.opened', { name: row.fileName })
      } else {
        const res = await useApi().invoke('documents.saveAs', { id: row.id, reason })
        if (res.downloadUrl) {
          followDownload(res.downloadUrl, row.fileName)
          notice.value = t('documents.downloading', { name: row.fileName })
        } else if (res.savedTo) notice.value = t('documents.savedTo', { path: res.savedTo })
        // Neither: the save dialog was cancelled, which needs no message.
      }
    } catch (e) {
      error.value = toDossierError(e)
    } finally {
      busy.value = null
    }
  }

  const isBusy = (action: FileAction, row: DocumentRow): boolean => busy.value === `${action}:${row.id}`

  function dismiss(): void {
    error.value = null
    notice.value = null
  }

  return { busy, error, notice, open: (row: DocumentRow) => run('open', row), saveAs: (row: DocumentRow) => run('save', row), isBusy, dismiss }
}
