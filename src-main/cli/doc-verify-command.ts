// `dossier doc verify FILE`: a records office checks a file against the register (issue 10 point 18) — is it
// a document Dossier issued, which one and which version, and are its bytes the registered bytes.
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { openDatabase } from '../db/database'
import { verifyDocument } from '../documents/verify'
import { defaultDataDir } from '../db/data-dir'
import type { DocumentVerification } from '../shared/contract'
import { chinaWallTime } from '../shared/china-time'

/** Exit codes: 0 the file is a registered document; 3 a registered name with other bytes; 4 not registered. */
export const VERIFY_EXIT = { registered: 0, out_of_scope: 0, altered: 3, unknown: 4 } as const

/** The SHA-256 (hex) of a file, streamed (a document may be large). */
async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

/** The answer in words for a records office; issue times in China time (the register keeps instants). */
export function verificationText(v: DocumentVerification): string {
  const at = (iso: string): string => chinaWallTime(Date.parse(iso))
  const d = v.document
  const what = d ? `${d.titleZh}（${d.subject}）第 ${d.version} 版，登记号 ${d.id}，${d.generatedBy} 于 ${at(d.generatedAt)} 生成` : ''
  const newer = v.newer ? `\n  注意：该文书已有更新的第 ${v.newer.version} 版（${at(v.newer.generatedAt)}）` : ''
  if (v.status === 'registered') return `已登记：${what}；文件字节与登记一致（SHA-256 ${v.sha256}）${newer}`
  if (v.status === 'altered') return `与登记不符：文件名对应${what}，但文件内容已改变（登记 SHA-256 ${d!.sha256}，本文件 ${v.sha256}）${newer}`
  // The CLI works as the system session, which sees every document; kept for a caller under row security.
  if (v.status === 'out_of_scope') return `已登记：文件字节与登记一致（SHA-256 ${v.sha256}），该文书不在您可查看的范围内`
  return `未登记：登记簿中没有这份文件（SHA-256 ${v.sha256}，${v.bytes.toLocaleString()} 字节）`
}

/** Runs `doc verify FILE [--json]`; returns the exit code. @throws Error when the file cannot be read. */
export async function docVerifyCommand(file: string | undefined, json: boolean): Promise<number> {
  if (!file) throw new Error('请给出要核验的文件：dossier doc verify FILE')
  let bytes: number
  try {
    bytes = statSync(file).size
  } catch {
    throw new Error(`无法读取文件：${file}`)
  }
  const sha256 = await sha256Of(file)
  const db = await openDatabase()
  try {
    const dir = process.env.DOSSIER_DOCUMENTS_DIR || join(defaultDataDir(), 'documents')
    const v = await verifyDocument(db.ds, dir, { sha256, bytes, fileName: basename(file) })
    console.log(json ? JSON.stringify(v, null, 2) : verificationText(v))
    return VERIFY_EXIT[v.status]
  } finally {
    await db.close()
  }
}
