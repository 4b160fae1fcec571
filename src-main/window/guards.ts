// What the app's window may navigate to and open (issue 15 point 14). The renderer is untrusted: a link or
// script in it must not take the window (and its preload) to another page, a local file or a new window.
// Pure decisions here, applied to the window in create.ts, so a test can hold them to a table of addresses.
import { pathToFileURL } from 'node:url'

/** The one page the window shows: the built index.html (any #route of it), or the dev server's address. */
export function appPages(indexHtml: string, devUrl?: string): { file: string; dev: string | null } {
  return { file: pathToFileURL(indexHtml).href, dev: devUrl ? new URL(devUrl).origin : null }
}

/** Whether the window may load `url`: only the app's own page (its hash routes), never another file, site or scheme. */
export function navigationAllowed(url: string, pages: { file: string; dev: string | null }): boolean {
  let u: URL
  try { u = new URL(url) } catch { return false }
  if (u.protocol === 'file:') return u.search === '' && `${u.protocol}//${u.host}${u.pathname}` === pages.file
  return pages.dev !== null && u.origin === pages.dev
}

/**
 * A request for a new window (window.open, target=_blank) is always refused; an https address is handed to the
 * system browser instead (help pages, a regulator's site), nothing else (no file:, javascript:, custom schemes).
 */
export function windowOpenDecision(url: string): { action: 'deny'; external: string | null } {
  let u: URL | null = null
  try { u = new URL(url) } catch { /* not an address */ }
  return { action: 'deny', external: u && u.protocol === 'https:' && !u.username && !u.password ? u.href : null }
}
