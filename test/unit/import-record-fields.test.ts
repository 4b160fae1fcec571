// The rest of an archive (issue 14): which kind a header holds, the mapping suggested from its names
// (Chinese, English, a second spelling), and coded values read by code, label or the user's value map.
import { describe, expect, it } from 'vitest'
import { detectKind, RECORD_FIELDS, suggestRecordMapping, type RecordKind } from '../../src-main/shared/import-record-fields'
import { recordCode } from '../../src-main/import/records/row'

describe('kinds from a header', () => {
  const table: [string[], RecordKind | null][] = [
    [['投诉编号', '方案类型', '补偿金额'], 'offers'],
    [['Case number', 'Offer type', 'Amount', 'Paid at'], 'offers'],
    [['工单号', '整改措施', '整改期限'], 'rectifications'],
    [['投诉编号', '环节', '时间'], 'events'],
    [['complaint id', 'event', 'time'], 'events'],
    [['机构代码', '机构名称', '机构类型', '上级机构代码'], 'units'],
    [['工号', '姓名', '所属机构代码', '职务'], 'staff'],
    [['投诉编号', '补偿金额'], null]
  ]
  it.each(table)('%j → %s', (header, kind) => expect(detectKind(header)).toBe(kind))

  it('suggests each field from its first column, a column only once', () => {
    expect(suggestRecordMapping('offers', ['案件编号', '补偿类型', '金额（元）', '支付日期'])).toEqual({ case_no: '案件编号', type: '补偿类型', amount: '金额（元）', paid_at: '支付日期' })
    expect(suggestRecordMapping('staff', ['员工编号', '员工姓名', '机构'])).toEqual({ code: '员工编号', name: '员工姓名', unit: '机构' })
  })
})

describe('coded values', () => {
  const type = RECORD_FIELDS.offers.find((d) => d.key === 'type')!
  const step = RECORD_FIELDS.events.find((d) => d.key === 'step')!
  const table: [typeof type, string, Record<string, string> | undefined, string | undefined][] = [
    [type, '经济补偿', undefined, 'compensation'],
    [type, ' REFUND ', undefined, 'refund'],
    [type, '慰问/礼品', undefined, 'goodwill'],
    [type, '赔付', undefined, undefined],
    [type, '赔付', { 赔付: 'indemnity' }, 'indemnity'],
    [step, '受理', undefined, 'accepted'],
    [step, 'offer_paid', undefined, 'offer_paid'],
    [step, '神游', undefined, undefined]
  ]
  it.each(table)('%#: %s', (def, text, extra, code) => expect(recordCode(def, text, extra)).toBe(code))
})
