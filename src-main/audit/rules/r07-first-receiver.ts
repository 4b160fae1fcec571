import type { RuleDef } from '../types'
import { fail, pass } from '../time'

/** R07 首问负责: the first receiver is on record. */
export const R07: RuleDef = {
  code: 'R07',
  titleZh: '首问负责',
  titleEn: 'First receiver on record',
  source: '001 首问负责制；002',
  internal(f) {
    const evidence = { firstReceiver: f.firstReceiver ? (f.firstReceiver.name ?? f.firstReceiver.key) : null }
    if (f.firstReceiver === null) return fail('未记录首问人（受理人）', evidence)
    return pass('已记录首问人', evidence)
  }
}
