// The import bench's CSV: N closed cases in the archive's own header names (test/bench/import-bench.ts and
// import-read-cpu.ts), with a long summary, an ID number, an amount with a thousands separator and 元, and
// three times per case.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

export const HEADER = ['投诉编号', '投诉时间', '办结时间', '投诉渠道', '机构代码', '业务条线', '业务类别', '严重程度', '客户投诉摘要', '投诉请求', '投诉人', '证件号码', '涉及金额', '受理时间', '回复客户时间']

/** Writes `n` rows for unit code `unit` to `file`. */
export async function writeBenchCsv(file: string, n: number, unit: string): Promise<void> {
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
