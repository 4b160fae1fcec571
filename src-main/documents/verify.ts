// Checking a file against the register (issue 10 point 18): a records office holds a .docx and asks whether
// it is a document Dossier issued, which one and which version, and whether its bytes are the registered
// bytes. The file is never sent: the desktop or the browser hashes it (SHA-256) and the register answers.
import type { DataSource } from 'typeorm'
import type { DocumentRow, DocumentVerification } from '../shared/contract'
import { SELECT, documentRow, type Row } from './document-row'

/** What a file is, as the register can tell: its SHA-256 (hex), its size in bytes and the name it has now. */
export interface FileProbe { sha256: string; bytes: number; fileName: string }

/** A browser's second download of `a.docx` is `a (1).docx`; Windows copies are `a - 副本.docx` / `a - Copy.docx`. */
export const registeredNameOf = (name: string): string =>
  name.replace(/^.*[\\/]/, '').replace(/(?:\s*\(\d+\)|\s+-\s+(?:副本|Copy)(?:\s*\(\d+\))?)(\.[^.]+)$/i, '$1')

/**
 * Looks a file up in the register: `registered` when these exact bytes were issued (the document, and the
 * newer version of the same document when there is one); `altered` when no document has these bytes but one
 * was issued under this file name (its bytes differ: edited, re-saved or damaged); `out_of_scope` when these bytes
 * were issued about a case the caller may not see (row security, migration 1764000000040: no details given);
 * `unknown` otherwise.
 * `dir` is the documents folder (to say whether the registered copy is still there).
 */
export async function verifyDocument(ds: DataSource, dir: string, probe: FileProbe): Promise<DocumentVerification> {
  const sha256 = probe.sha256.toLowerCase()
  const byHash = (await ds.query(`${SELECT} WHERE d.sha256 = $1 ORDER BY d.id`, [sha256])) as Row[]
  // Not among the documents this caller may see: the register still says whether the bytes were issued
  // (and nothing else), so a file of another unit is not called unregistered — or "altered" by a name match.
  if (!byHash.length) {
    const [{ registered }] = (await ds.query('SELECT dossier_document_registered($1) AS registered', [sha256])) as { registered: boolean }[]
    if (registered) return { status: 'out_of_scope', document: null, newer: null, sha256, bytes: probe.bytes }
  }
  const found = byHash[0] ?? ((await ds.query(`${SELECT} WHERE d.file_name = $1 ORDER BY d.id DESC LIMIT 1`, [registeredNameOf(probe.fileName)])) as Row[])[0]
  const document: DocumentRow | null = found ? documentRow(found, dir) : null
  let newer: DocumentVerification['newer'] = null
  if (found) {
    const [latest] = (await ds.query(`SELECT version, generated_at FROM documents WHERE doc_type = $1 AND subject = (SELECT subject FROM documents WHERE id = $2)
      ORDER BY version DESC LIMIT 1`, [found.doc_type, found.id])) as { version: number; generated_at: Date }[]
    if (latest && latest.version > found.version) newer = { version: latest.version, generatedAt: latest.generated_at.toISOString() }
  }
  return { status: byHash.length ? 'registered' : found ? 'altered' : 'unknown', document, newer, sha256, bytes: probe.bytes }
}
