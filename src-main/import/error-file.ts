// The error file of an import: the file's header and each invalid row as it stood in the file, untouched,
// with two columns added (its line and what is wrong). Made from the rows kept in import_errors, so it can
// be written again at any time; written under a temporary name and renamed when complete, so no fragment
// is ever left under the real name.
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import type { DataSource } from 'typeorm'

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`

/**
 * Writes import `importId`'s error file to `path` (UTF-8 with BOM, so Excel opens it as such).
 * @returns the number of invalid rows written
 */
export async function writeErrorFile(ds: DataSource, importId: number, path: string): Promise<number> {
  const [imp] = (await ds.query('SELECT raw_header FROM imports WHERE id = $1', [importId])) as { raw_header: string }[]
  if (!imp) throw new Error(`没有导入记录 #${importId}`)
  const temp = `${path}.part-${process.pid}`
  const out = createWriteStream(temp, { encoding: 'utf8' })
  let n = 0
  try {
    const write = async (s: string): Promise<void> => { if (!out.write(s)) await once(out, 'drain') }
    await write(`\uFEFF${imp.raw_header},${quote('行号')},${quote('错误')}\r\n`)
    for (let last = 0; ;) {
      const rows = (await ds.query('SELECT line, raw, message FROM import_errors WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT 5000', [importId, last])) as { line: number; raw: string; message: string }[]
      if (!rows.length) break
      for (const r of rows) { await write(`${r.raw},${r.line},${quote(r.message)}\r\n`); n++ }
      last = rows[rows.length - 1].line
    }
    out.end()
    await once(out, 'finish')
    await rename(temp, path)
    return n
  } catch (err) {
    out.destroy()
    await rm(temp, { force: true })
    throw err
  }
}
