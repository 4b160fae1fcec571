// Paginating .docx files as a records office's reader would see them: LibreOffice converts them to PDF
// (one soffice run for all of them, on a private profile) and pdftotext reads each page's text. The
// documents name 仿宋/宋体/黑体/楷体/方正小标宋简体, which Linux lacks; a private fontconfig maps them to the Noto
// CJK faces of the same kind (serif for 宋/仿宋/楷, sans for 黑), as test/render-docs.sh does, so the pages
// break where they would with the office fonts' metrics (both are 1 em square CJK faces).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

const alias = (from: string, to: string): string =>
  `<match target="pattern"><test name="family"><string>${from}</string></test><edit name="family" mode="assign" binding="strong"><string>${to}</string></edit></match>`

function fontConfig(dir: string): string {
  const path = join(dir, 'fonts.conf')
  writeFileSync(path, ['<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>',
    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ...['仿宋', 'FangSong', '宋体', 'SimSun', '方正小标宋简体', '楷体', 'KaiTi'].map((f) => alias(f, 'Noto Serif CJK SC')),
    ...['黑体', 'SimHei'].map((f) => alias(f, 'Noto Sans CJK SC')),
    '</fontconfig>'].join('\n'))
  return path
}

/**
 * Each file's pages as text (pdftotext -layout, one string a page), keyed by the .docx path.
 * @throws when LibreOffice or poppler-utils is missing (CI installs them: .ci/run) or a conversion fails
 */
export function pdfPages(docxPaths: string[]): Map<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-pages-'))
  const profile = join(dir, 'profile')
  try {
    execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...docxPaths],
      { env: { ...process.env, FONTCONFIG_FILE: fontConfig(dir) }, stdio: 'pipe', timeout: 600_000 })
    const out = new Map<string, string[]>()
    for (const docx of docxPaths) {
      const pdf = join(dir, basename(docx).replace(/\.docx$/, '.pdf'))
      const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1])
      if (!count) throw new Error(`no pages in ${pdf}`)
      out.set(docx, Array.from({ length: count }, (_, i) =>
        execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' })))
    }
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
