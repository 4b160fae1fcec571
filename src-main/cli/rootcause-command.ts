// `dossier rootcause suggest|eval`: the suggester on cases in a file shaped like shared/rootcause/labelled-cases.json
// (summary, request, investigation, facts, channel, business line), with the taxonomy and the tagged cases of
// the archive it runs on — what the app would suggest for them today.
import { parseArgs } from 'node:util'
import { openDatabase } from '../db/database'
import { archiveModel } from '../rootcause/archive-model'
import { evalFileReport, readCaseFile } from '../rootcause/eval'
import { heldOutDemoAccuracy, heldOutDemoLine } from '../rootcause/demo-heldout'
import { ROOTCAUSE_USAGE } from './usage'


export async function rootCauseCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { input: { type: 'string' }, json: { type: 'boolean' } } })
  if (sub !== 'suggest' && sub !== 'eval') throw new Error(`rootcause: unknown subcommand ${sub ?? ''}\n${ROOTCAUSE_USAGE}`)
  const file = sub === 'suggest' ? values.input : positionals[0]
  if (!file) throw new Error(sub === 'suggest' ? '请用 --input 给出案件文件（JSON）' : '请给出带标注的案件文件（JSON）')
  const db = await openDatabase()
  try {
    const model = await archiveModel(db.ds)
    if (sub === 'eval') {
      const report = evalFileReport(file, model)
      const demo = await heldOutDemoAccuracy(db.ds, model)
      if (demo.n) console.log(heldOutDemoLine(demo))
      for (const line of report) console.log(line)
      return 0
    }
    const cases = readCaseFile(file, model.taxonomy)
    const out = cases.map((c) => ({ id: c.id, suggestions: model.suggest(c).map((s) => ({ code: s.code, nameZh: s.nameZh, score: Number(s.score.toFixed(3)),
      phrases: s.phrases.slice(0, 5).map((p) => p.phrase), similar: s.similar.filter((x) => /^\d+$/.test(x.id)).slice(0, 3).map((x) => Number(x.id)) })) }))
    if (values.json) console.log(JSON.stringify(out, null, 2))
    else {
      for (const c of out) {
        console.log(c.id)
        for (const [i, s] of c.suggestions.entries()) {
          console.log(`  ${i + 1}. ${s.code} ${s.nameZh}  ${(s.score * 100).toFixed(0)}%${s.phrases.length ? `  依据：${s.phrases.join('、')}` : ''}${s.similar.length ? `  相似案件 ${s.similar.join(', ')}` : ''}`)
        }
      }
    }
    return 0
  } finally {
    await db.close()
  }
}
