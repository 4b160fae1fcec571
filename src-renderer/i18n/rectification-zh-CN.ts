// The 整改 queue's strings. vue-i18n syntax characters are avoided except {named} placeholders.
export const rectificationZhCN = {
  rect: {
    title: '整改跟踪',
    tabs: { not_closed: '未关闭', overdue: '已逾期', submitted: '待验收', closed: '已关闭', all: '全部' },
    status: { open: '未开始', in_progress: '整改中', submitted: '待验收', closed: '已关闭' },
    kind: { finding: '审查问题', measure: '整改措施' },
    col: { caseNo: '案件编号', kind: '来源', text: '问题/措施', unit: '责任单位', due: '整改期限', status: '状态' },
    overdue: '逾期',
    search: '案件编号或问题内容，回车搜索',
    allUnits: '全部单位',
    count: '共 {n} 项',
    prev: '上一页',
    next: '下一页',
    keyHint: '↑↓ 选择，Enter 打开',
    empty: '没有符合条件的整改事项',
    emptyOverdue: '没有逾期的整改事项',
    requiredAction: '整改要求',
    raisedBy: '提出人',
    fromSource: '案卷原始记录',
    history: '跟踪记录',
    noHistory: '尚无跟踪记录',
    follow: '登记进展',
    note: '说明',
    evidence: '佐证材料',
    evidenceHint: '如：文件编号、录音编号',
    save: '保存',
    decide: '验收',
    approve: '验收通过，关闭',
    sendBack: '退回整改',
    closePanel: '关闭'
  }
}
