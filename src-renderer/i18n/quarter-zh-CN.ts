// Chinese strings of 季度关账 and the JR/T 0169 regulatory table; spread into zh-CN.ts.
export const quarterZhCN = {
  qc: {
    title: '季度关账',
    intro: '关账后，季度投诉分析报告按关账时冻结的数据生成；此后涉及该季度案件的变更列于下方。',
    pick: '选择季度',
    note: '关账说明（可选）',
    close: '关账',
    closing: '正在关账…',
    confirm: '确认关账 {q}？关账后报告数据将被冻结。',
    none: '尚无已关账的季度',
    quarter: '季度',
    closedAt: '关账时间',
    closedBy: '关账人',
    frozen: '冻结数据',
    frozenText: '{cases} 件 · 重大 {major} 件',
    changes: '关账后变更',
    status: '状态',
    closed: '已关账',
    reopened: '已重新打开（{who}，{why}）',
    show: '查看变更',
    hide: '收起',
    reopen: '重新打开',
    reopenReason: '请填写重新打开的原因（管理员）',
    noChanges: '关账后没有涉及该季度的变更',
    col: { case: '案件编号', kind: '变更内容', action: '操作', at: '时间', actor: '操作人' },
    kind: { case: '案件数据（导入等）', audit: '重新审查结果', review: '人工审查', tag: '问题根源标注', offer: '补偿/赔偿方案', legal: '法律审查', rectification: '整改措施' },
    action: { insert: '新增', update: '修改', delete: '删除' },
    more: '共 {n} 条，显示最近 {shown} 条'
  },
  reg: {
    title: '监管统计（JR/T 0169）',
    hint: '按投诉渠道 × 业务类型 × 投诉原因统计本期（含当前筛选条件）的投诉件数',
    csv: '导出 CSV',
    xlsx: '导出 XLSX',
    done: '已导出 {name}（{n} 件）'
  }
}
