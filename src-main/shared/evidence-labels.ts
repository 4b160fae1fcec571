// Chinese labels for the audit engine's evidence keys (camelCase, one set per rule in src-main/audit/rules/),
// used by the review screen and the review documents alike. A key missing here shows as itself.
export const EVIDENCE_ZH: Record<string, string> = {
  receivedAt: '投诉时间', acceptedAt: '受理时间', acceptanceNotifiedAt: '受理告知时间', classifiedAt: '分类定级时间',
  handledAt: '处理完成时间', replyAt: '反馈时间', replyMethod: '反馈方式', decisionToldAt: '告知处理决定时间', elapsed: '用时',
  limit: '时限', deadline: '期限', complex: '复杂案件', especiallyComplexExtension: '特别复杂延期',
  extensionNotifiedAt: '延期告知时间', extensionReason: '延期原因', anonymous: '匿名投诉', missing: '缺少项',
  channel: '投诉渠道', category: '业务类别', severity: '严重程度', complainedPerson: '被投诉人', handler: '承办人',
  firstReceiver: '首问人', approver: '审批人', approvalLevel: '审批层级', approvedAt: '审批时间',
  branchApprovalLimit: '分行审批权限（元）', offersOverLimit: '超权限补偿项数', why: '上报原因', escalatedAt: '上报时间',
  escalationLevel: '上报层级', groupSize: '投诉人数', flaggedGroup: '标记为群体投诉', threshold: '群体投诉人数标准',
  revisitAt: '回访时间', satisfaction: '满意度', rereviewAt: '复核时间', offers: '补偿项数', amount: '金额',
  basis: '核定依据', customerAccepted: '客户接受', dueAt: '应付期限', paidAt: '支付时间', responsibility: '责任归属',
  measures: '整改措施数', ownerUnit: '责任单位', dueOn: '整改期限', repeatOf: '关联前案', earlierSameMatter: '同一事项前案',
  timeline: '时间线倒置', calendarMissingYear: '节假日安排未载入的年份', sourceGaps: '来源数据未提供', furtherExtensionApprover: '特别复杂延期审批人', furtherExtensionLevel: '特别复杂延期审批层级',
  authorityMatrix: '审批权限矩阵', levelJudged: '按此层级判断', maxAmount: '该层级权限（元）', levelAssumed: '层级不在矩阵中', businessLine: '业务条线',
  type: '方案类型', rootCause: '问题根源', rootCauseInternal: '根因属机构原因', suitabilityAssessed: '适当性评估', dualRecorded: '双录',
  comparables: '可比方案数', median: '中位数（元）', p10: 'P10（元）', p90: 'P90（元）', windowMonths: '时间窗口（月）', settlementAbove: '须签署和解协议的金额（元）', settlementSignedAt: '和解协议签署时间',
  furtherExtensionApprovedAt: '特别复杂延期审批时间', furtherExtensionNotifiedAt: '特别复杂延期告知时间', furtherExtensionRefused: '延期不予计入的原因'
}
