// `dossier verify-trail`: walks the audit trail's hash chain and holds it against every anchor it knows of
// (the data folder's anchor file, the documents register, and any files given), printing the first broken link.
import { parseArgs } from 'node:util'
import { openDatabase } from '../db/database'
import { defaultDataDir } from '../db/data-dir'
import { verifyTrail, type Anchor } from '../trail/chain'
import { databaseId, fileAnchors, registerAnchors, writeAnchor } from '../trail/anchor'
import { dirname } from 'node:path'


/** @returns 0 when the chain is whole and every anchor matches, 2 when a link is broken */
export async function verifyTrailCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { anchors: { type: 'string', multiple: true } } })
  const dataDir = defaultDataDir()
  const db = await openDatabase()
  try {
    const id = await databaseId(db.ds)
    const anchors: Anchor[] = [...fileAnchors(dataDir, id), ...(await registerAnchors(db.ds)),
      ...(values.anchors ?? []).flatMap((f) => fileAnchors(dirname(f), id, f))]
    const v = await verifyTrail(db.ds, anchors)
    if (v.broken) {
      console.log(`审计留痕校验未通过：${v.broken.message}`)
      console.log(`  已核对 ${v.entries} 条留痕、${v.anchorsChecked} 个锚点；第一处断链在第 ${v.broken.seq} 条`)
      return 2
    }
    console.log(`审计留痕完整：${v.entries} 条留痕逐条核对无误，${v.anchorsChecked} 个锚点一致；链头第 ${v.head.seq} 条 ${v.head.hash.slice(0, 16)}…`)
    // The head just verified is itself worth keeping outside the database.
    await writeAnchor(db.ds, dataDir)
    return 0
  } finally {
    await db.close()
  }
}
