// The Chinese names of the case fields a source may lack, for the audit's reasons (shared/import-fields.ts holds
// the same names as column headers; kept here so the audit does not depend on the import).
export const FIELD_ZH: Readonly<Record<string, string>> = {
  accepted_at: '受理时间', acceptance_notified_at: '受理告知时间', classified_at: '分类定级时间', severity: '严重程度', category: '业务类别',
  complainant_name: '投诉人姓名', complainant_phone: '联系电话', complainant_address: '地址', complained_object: '被投诉对象', request: '投诉请求',
  evidence: '证据材料', handled_at: '处理完成时间', reply_at: '回复客户时间', closed_at: '办结时间', extension_notified_at: '延期告知时间',
  reply_method: '回复方式', reply_content: '回复客户情况', handler: '承办人', complained_staff: '被投诉人', first_receiver: '首问人',
  approver: '审批人', approval_level: '审批层级', approved_at: '审批时间', escalated_at: '向上级报告时间', is_group: '群体投诉', group_size: '群体人数',
  revisit_at: '回访时间', satisfaction: '满意度', complainant_id_no: '证件号码', investigation: '调查情况', resolution: '处理方案', filled_at: '填写时间'
}
