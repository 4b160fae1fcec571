// Asking why personal data is needed before it is shown or issued (issue 15, points 6 and 10): the server
// refuses without a reason and records the one given. One prompt at a time, answered in PurposeDialog.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export const usePurposeStore = defineStore('purpose', () => {
  const open = ref(false)
  /** What the reason is for, shown as the dialog's title (a document's name, a field). */
  const subject = ref('')
  let settle: ((reason: string | null) => void) | null = null

  /** Resolves to the reason given, or null when the person cancels. */
  function ask(what: string): Promise<string | null> {
    settle?.(null)
    subject.value = what
    open.value = true
    return new Promise((resolve) => { settle = resolve })
  }

  function answer(reason: string | null): void {
    open.value = false
    const s = settle
    settle = null
    s?.(reason && reason.trim().length >= 2 ? reason.trim() : null)
  }

  return { open, subject, ask, answer }
})
