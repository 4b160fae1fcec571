// npx tsx test/bench/import-bench.ts [--rows N] (default 100,000; the issue's figure is 1,000,000):
// importing N cases from a CSV (parse, validate, stage with COPY, upsert, search index) beside a plain
// `COPY … FROM` of the same file into a bare table of text columns, in the same run. Prints rows/s of both,
// their ratio (the figure; target ≥ 0.5), where the import's time went, and the peak memory (RSS).
// DATABASE_URL set: a fresh database `dossier_import_bench` on that server; otherwise a new embedded cluster.
import { parseArgs } from 'node:util'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { openDatabase } from '../../src-main/db/database'
import { seedArchive } from '../../src-main/demo/loader'
import { runImport } from '../../src-main/import/run'

const { values } = parseArgs({ options: { rows: { type: 'string' } } })
const N = Number(values.rows ?? 100_000)
const HEADER = ['投诉编号', '投诉时间', '办结时间', '投诉渠道', '机构代码', '业务条线', '业务类别', '严重程度', '客户投诉摘要', '投诉请求', '投诉人', '证件号码', '涉及金额', '受理时间', '回复客户时间']

async function writeCsv(file: string, n: number, unit: string): Promise<void> {
  const out = createWriteStream(file)
  out.write(HEADER.join(',') + '\n')
  for (let i = 1; i <= n; i++) {
    const d = String(1 + (i % 27)).padStart(2, '0')
    const m = String(i % 60).padStart(2, '0')
    const line = `B${String(i).padStart(8, '0')},2025-04-${d} 09:${m},2025-05-${d} 16:00,电话,${unit},零售,服务质量投诉,一般投诉,"客户反映网点排队时间过长，大堂经理未及时引导，第 ${i} 号",要求改进服务并道歉,客户${i % 977},11010119900101${String(i % 10000).padStart(4, '0')},"1,${String(i % 1000).padStart(3, '0')}.50元",2025-04-${d} 10:${m},2025-04-${d} 15:00\n`
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

async function main(): Promise<void> {
  const external = process.env.DATABASE_URL
  let url: string | undefined
  let dataDir: string | undefined
  if (external) {
    const admin = new pg.Client({ connectionString: external })
    await admin.connect()
    await admin.query('DROP DATABASE IF EXISTS dossier_import_bench WITH (FORCE)')
    await admin.query('CREATE DATABASE dossier_import_bench')
    await admin.end()
    const u = new URL(external)
    u.pathname = '/dossier_import_bench'
    url = u.toString()
  } else dataDir = mkdtempSync(join(tmpdir(), 'dossier-import-bench-'))
  const db = await openDatabase({ url, dataDir })
  const work = mkdtempSync(join(tmpdir(), 'dossier-import-bench-file-'))
  try {
    await seedArchive(db.ds, { seed: 3, cases: 10, workers: 0 })
    const unit = (await db.ds.query('SELECT code FROM units ORDER BY id LIMIT 1'))[0].code
    const file = join(work, 'cases.csv')
    await writeCsv(file, N, unit)
    console.log(`${N.toLocaleString()} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB CSV; database: ${db.kind}`)
    let peak = 0
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 50)
    // Plain COPY of the same file into a bare table of text columns.
    const qr = db.ds.createQueryRunner()
    const client = (await qr.connect()) as PoolClient
    let t = Date.now()
    await client.query(`CREATE TEMP TABLE bare (${HEADER.map((_, i) => `c${i} text`).join(', ')})`)
    await pipeline(createReadStream(file), client.query(copyFrom('COPY bare FROM STDIN WITH (FORMAT csv, HEADER true)')))
    const copyMs = Date.now() - t
    await qr.release()
    const baseline = peak
    peak = 0
    t = Date.now()
    const r = await runImport(db.ds, file, { actor: 'bench' })
    const importMs = Date.now() - t
    clearInterval(sampler)
    const rate = (ms: number): string => `${Math.round(N / (ms / 1000)).toLocaleString()} rows/s`
    console.log(`plain COPY into text columns: ${(copyMs / 1000).toFixed(1)} s, ${rate(copyMs)}`)
    console.log(`dossier import:               ${(importMs / 1000).toFixed(1)} s, ${rate(importMs)}  (new ${r.counts.new}, invalid ${r.counts.invalid})`)
    console.log(`ratio import/COPY: ${(copyMs / importMs).toFixed(2)} (target ≥ 0.5)`)
    const p = r.phases
    console.log(`import phases: read + validate + stage ${(p.readMs / 1000).toFixed(1)} s, compare ${(p.classifyMs / 1000).toFixed(1)} s, write ${(p.writeMs / 1000).toFixed(1)} s, re-audit ${(p.auditMs / 1000).toFixed(1)} s`)
    console.log(`peak RSS: during COPY ${(baseline / 1e6).toFixed(0)} MB, during import ${(peak / 1e6).toFixed(0)} MB`)
  } finally {
    await db.close()
    rmSync(work, { recursive: true, force: true })
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
