// Reading a backup file as a stream of events: the header, each table's COPY rows (as raw COPY text, passed
// through in large slices), each table's entry, the manifest. Decrypts and gunzips on the way; an encrypted
// file's GCM tag is checked when the stream ends (the restore's transaction is still open then).
import { createReadStream, openSync, readSync, closeSync, fstatSync } from 'node:fs'
import { createGunzip } from 'node:zlib'
import { Transform, type Readable } from 'node:stream'
import {
  BACKUP_FORMAT, BACKUP_VERSION, ENCRYPTED_MAGIC, ENCRYPTED_PREAMBLE, HEADER_PREFIX, MANIFEST_PREFIX, TABLE_PREFIX, TAG_BYTES,
  decipherFor, type BackupHeader, type BackupManifest, type TableEntry
} from './format'

export type BackupEvent =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'copy'; table: string; columns: string[] }
  | { kind: 'rows'; data: Buffer }
  | { kind: 'end-copy' }
  | { kind: 'table'; entry: TableEntry }
  | { kind: 'manifest'; manifest: BackupManifest }

/** A backup that cannot be read: not a backup, wrong passphrase, damaged. Its message is one line for the user. */
export class BackupFileError extends Error {}

function openPlain(file: string, passphrase: string | undefined): Readable {
  const fd = openSync(file, 'r')
  let head: Buffer
  let size: number
  try {
    size = fstatSync(fd).size
    head = Buffer.alloc(Math.min(size, ENCRYPTED_PREAMBLE))
    readSync(fd, head, 0, head.length, 0)
    if (head.length >= ENCRYPTED_MAGIC.length && head.subarray(0, ENCRYPTED_MAGIC.length).equals(ENCRYPTED_MAGIC)) {
      if (!passphrase) throw new BackupFileError('这份备份已加密：请提供备份口令')
      if (size < ENCRYPTED_PREAMBLE + TAG_BYTES) throw new BackupFileError('备份文件不完整（被截断）')
      const tag = Buffer.alloc(TAG_BYTES)
      readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES)
      const decipher = decipherFor(passphrase, head, tag)
      const decrypt = new Transform({
        transform(chunk: Buffer, _e, cb) { cb(null, decipher.update(chunk)) },
        flush(cb) {
          try { cb(null, decipher.final()) } catch { cb(new BackupFileError('备份口令不对，或备份文件已被改动（加密校验未通过）')) }
        }
      })
      return createReadStream(file, { start: ENCRYPTED_PREAMBLE, end: size - TAG_BYTES - 1 }).pipe(decrypt)
    }
    if (!(head[0] === 0x1f && head[1] === 0x8b)) throw new BackupFileError(`${file} 不是 Dossier 备份文件`)
  } finally {
    closeSync(fd)
  }
  return createReadStream(file)
}

const json = <T>(line: string, prefix: string, what: string): T => {
  try { return JSON.parse(line.slice(prefix.length)) as T } catch { throw new BackupFileError(`备份文件已损坏：${what}无法读取`) }
}

const COPY_LINE = /^COPY public\."((?:[^"]|"")+)" \((.*)\) FROM stdin;$/
const TERMINATOR = Buffer.from('\n\\.\n')
const END_LINE = Buffer.from('\\.\n')

/**
 * Reads a backup file as events, in file order.
 * @throws BackupFileError for a file that is not a backup, a missing or wrong passphrase, a damaged or
 *   truncated file, or a format version this code does not know
 */
export async function* readBackup(file: string, passphrase?: string): AsyncGenerator<BackupEvent> {
  const source = openPlain(file, passphrase)
  const gunzip = createGunzip()
  source.on('error', (e) => gunzip.destroy(e))
  source.pipe(gunzip)
  let buf: Buffer = Buffer.alloc(0)
  let inCopy = false
  let atLineStart = false
  let sawHeader = false
  let sawManifest = false
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk
      for (;;) {
        if (inCopy) {
          // Rows run up to a line that is exactly `\.`; a row can never be that line (COPY escapes backslashes).
          if (atLineStart && buf.length < 3 && END_LINE.subarray(0, buf.length).equals(buf)) break
          let end = atLineStart && buf.subarray(0, 3).equals(END_LINE) ? 0 : -1
          if (end === -1) {
            const at = buf.indexOf(TERMINATOR)
            if (at !== -1) end = at + 1
          }
          if (end === -1) {
            // Keep the last 3 bytes: the terminator may straddle chunks.
            const keep = Math.min(buf.length, TERMINATOR.length - 1)
            if (buf.length > keep) {
              atLineStart = buf[buf.length - keep - 1] === 10
              yield { kind: 'rows', data: buf.subarray(0, buf.length - keep) }
              buf = buf.subarray(buf.length - keep)
            }
            break
          }
          if (end > 0) yield { kind: 'rows', data: buf.subarray(0, end) }
          buf = buf.subarray(end + END_LINE.length)
          inCopy = false
          yield { kind: 'end-copy' }
          continue
        }
        const nl = buf.indexOf(10)
        if (nl === -1) break
        const line = buf.subarray(0, nl).toString('utf8')
        buf = buf.subarray(nl + 1)
        if (line.startsWith(HEADER_PREFIX)) {
          const header = json<BackupHeader>(line, HEADER_PREFIX, '文件头')
          if (header.format !== BACKUP_FORMAT) throw new BackupFileError(`${file} 不是 Dossier 备份文件`)
          if (header.version > BACKUP_VERSION) throw new BackupFileError(`这份备份的格式（第 ${header.version} 版）比本程序新：请用更新的 Dossier 恢复`)
          sawHeader = true
          yield { kind: 'header', header }
        } else if (line.startsWith('COPY ')) {
          const m = COPY_LINE.exec(line)
          if (!m || !sawHeader) throw new BackupFileError('备份文件已损坏：表的开头无法读取')
          inCopy = true
          atLineStart = true
          yield { kind: 'copy', table: m[1].replace(/""/g, '"'), columns: m[2].split(', ').map((c) => c.slice(1, -1).replace(/""/g, '"')) }
        } else if (line.startsWith(TABLE_PREFIX)) {
          yield { kind: 'table', entry: json<TableEntry>(line, TABLE_PREFIX, '表的校验信息') }
        } else if (line.startsWith(MANIFEST_PREFIX)) {
          sawManifest = true
          yield { kind: 'manifest', manifest: json<BackupManifest>(line, MANIFEST_PREFIX, '清单') }
        }
      }
    }
  } catch (err) {
    if (err instanceof BackupFileError) throw err
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') throw new BackupFileError('备份文件已损坏或不完整（解压失败）')
    throw err
  } finally {
    source.destroy()
  }
  if (!sawHeader) throw new BackupFileError(`${file} 不是 Dossier 备份文件`)
  if (inCopy || !sawManifest) throw new BackupFileError('备份文件不完整（被截断）')
}
