// `dossier doc verify` speaks to a records office in China time: the register keeps instants (UTC ISO in the
// contract), and 「于 2026-12-01T17:27:27.864Z 生成」 is the wrong day for a document issued at 01:27 on 2 December.
import { describe, expect, it } from 'vitest'
import { verificationText } from '../../src-main/cli/doc-verify-command'
import type { DocumentVerification } from '../../src-main/shared/contract'

const doc = {
  id: 1, type: 'dossier', titleZh: '客户投诉档案', subject: 'TS202600002961', version: 1, fileName: 'dossier_TS202600002961_v1.docx',
  sha256: 'a'.repeat(64), bytes: 100, generatedBy: 'qian.yu', generatedAt: '2026-12-01T17:27:27.864Z'
} as unknown as NonNullable<DocumentVerification['document']>

describe('verificationText', () => {
  it.each([
    ['registered', { status: 'registered', sha256: 'a'.repeat(64), bytes: 100, document: doc, newer: null }],
    ['altered', { status: 'altered', sha256: 'b'.repeat(64), bytes: 101, document: doc, newer: { version: 2, generatedAt: '2026-12-31T16:30:00.000Z' } }]
  ])('%s: issue times in China time, no UTC stamp', (_status, v) => {
    const text = verificationText(v as unknown as DocumentVerification)
    expect(text).toContain('于 2026-12-02 01:27 生成')
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/)
    if (v.newer) expect(text).toContain('第 2 版（2027-01-01 00:30）')
  })
})
