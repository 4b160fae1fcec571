// `dossier backup` and `dossier restore` (issue 16 point 7): a logical backup of the whole archive through
// COPY (backup/), for the embedded server and a team server alike, optionally encrypted.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { userInfo } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '../db/database'
import { writeBackup } from '../backup/write'
import { restoreBackup } from '../backup/restore'
import { recordChange } from '../trail/record'
import { cliSignIn } from './cli-user'


const passphrase = (): string | undefined => process.env.DOSSIER_BACKUP_PASSPHRASE || undefined

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer)
  return h.digest('hex')
}

export async function backupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, as: { type: 'string' }, encrypt: { type: 'boolean' } } })
  if (!values.out) throw new Error('请用 --out 指定备份文件')
  if (values.encrypt && !passphrase()) throw new Error('--encrypt 需要在环境变量 DOSSIER_BACKUP_PASSPHRASE 中给出备份口令')
  const file = resolve(values.out)
  const db = await openDatabase()
  try {
    const user = await cliSignIn(db.ds, values.as, '备份')
    if (!user.roles.includes('admin')) throw new Error('备份含全部个人信息，只有系统管理员可以备份')
    const res = await writeBackup(db.ownerUrl ?? db.url, file, {
      passphrase: values.encrypt ? passphrase() : undefined,
      onProgress: (p) => process.stderr.write(`\r备份 ${p.tablesDone}/${p.tables} 张表，${p.rows.toLocaleString()} 行`)
    })
    process.stderr.write('\n')
    const sha256 = await sha256Of(file)
    const rows = res.manifest.tables.reduce((n, t) => n + t.rows, 0)
    await db.ds.transaction((em) => recordChange(em, {
      actor: user.username, entity: 'backup', entityId: sha256.slice(0, 16), action: 'backup_written', before: null,
      after: { file, sha256, bytes: res.bytes, tables: res.manifest.tables.length, rows, trailHead: res.manifest.trailHead, encrypted: res.header.encrypted, via: 'cli' }
    }))
    console.log(`${file}\n  ${res.manifest.tables.length} 张表、${rows.toLocaleString()} 行，${res.bytes.toLocaleString()} 字节${res.header.encrypted ? '（已加密）' : ''}，SHA-256 ${sha256}`)
    console.log(`  审计留痕链头第 ${res.manifest.trailHead.seq} 条 ${res.manifest.trailHead.hash.slice(0, 16)}…；用时 ${(res.ms / 1000).toFixed(1)} s`)
    return 0
  } finally {
    await db.close()
  }
}

export async function restoreCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
  if (!positionals[0]) throw new Error('请给出备份文件')
  const file = resolve(positionals[0])
  const db = await openDatabase({ runMigrations: false, asOwner: true })
  try {
    if (!db.ownerUrl) throw new Error('恢复需要数据库属主（dossier_owner）的账号：请设置 DATABASE_OWNER_URL')
    const res = await restoreBackup(db.ownerUrl, file, {
      passphrase: passphrase(),
      onProgress: (p) => process.stderr.write(`\r恢复 ${p.tablesDone} 张表，${p.rows.toLocaleString()} 行`)
    })
    process.stderr.write('\n')
    await db.ds.transaction((em) => recordChange(em, {
      actor: `cli:${userInfo().username}`, entity: 'backup', entityId: 'restore', action: 'restored', before: null,
      after: { file, sha256: null, createdAt: res.header.createdAt, tables: res.tables, rows: res.rows, upgradedWith: res.upgradedWith }
    }))
    console.log(`已恢复 ${file}（备份于 ${res.header.createdAt}）：${res.tables} 张表、${res.rows.toLocaleString()} 行；审计留痕 ${res.trailEntries} 条逐条核对无误`)
    if (res.upgradedWith.length) console.log(`  随后升级：${res.upgradedWith.join(', ')}`)
    return 0
  } finally {
    await db.close()
  }
}
