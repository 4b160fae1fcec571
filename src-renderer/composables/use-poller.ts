// Polling a server-side run's status while it runs and while some view shows it: a hidden panel costs
// nothing. Shared by the audit and the document-batch stores.

export interface Poller {
  /** After each load: poll again shortly while the run goes and a view watches. */
  schedule(): void
  /** Poll again shortly whatever the last status said (a run just asked for may not report yet). */
  soon(): void
  /** A view starts showing the status: load now; the returned function ends the watch. */
  watch(): () => void
  stop(): void
}

export function usePoller(load: () => Promise<void>, running: () => boolean, intervalMs = 500): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined
  let watchers = 0
  const stop = (): void => {
    clearTimeout(timer)
    timer = undefined
  }
  const soon = (): void => {
    stop()
    timer = setTimeout(() => void load(), intervalMs)
  }
  return {
    schedule: () => (watchers > 0 && running() ? soon() : stop()),
    soon,
    watch() {
      watchers++
      void load()
      return () => {
        watchers = Math.max(0, watchers - 1)
        if (watchers === 0) stop()
      }
    },
    stop
  }
}
