// Chinese strings of the trend view (趋势); spread into zh-CN.ts.
// vue-i18n treats { } @ $ | as syntax, so messages avoid them except for {named} placeholders.
export const trendsZhCN = {
  tr: {
    title: '投诉趋势',
    grain: { label: '粒度', month: '按月', quarter: '按季', year: '按年' },
    from: '起始月份',
    to: '结束月份',
    presets: { last12: '近12个月', thisYear: '本年', lastYear: '上年', last8q: '近8个季度' },
    apply: '应用',
    asOf: '截至 {m}月{d}日',
    partialNote: '本期尚未结束（截至 {m}月{d}日），图中阴影部分为截至当日的数字，并非下降。',
    source: { summary: '来自汇总表', scan: '逐案统计' },
    timing: '服务器 {server} 毫秒 · 绘制完成 {client} 毫秒',
    loading: '正在统计…',
    error: '趋势数据加载失败',
    empty: '所选期间和筛选条件下没有案件',
    unit: '件',
    total: '合计',
    share: '占比',
    compare: { previous: '较上期', lastYear: '较去年同期', noData: '{which}无数据', same: '{which}持平', points: '{which} {sign}{v} 个百分点', pct: '{which} {sign}{v}%' },
    kpi: {
      cases: '投诉件数', onTimeInternal: '处理时效达标率（内部制度）', onTimeRegulatory: '处理时效达标率（监管底线）', major: '重大投诉',
      repeatRate: '重复投诉率', remediation: '补偿/赔偿金额', findings: '审查发现', cannotTell: '无法判断 {v}，未计入',
      yuan: '元', wan: '万元'
    },
    chart: {
      byCategory: '按业务类别的月度投诉量', byCause: '按投诉原因（JR/T 0169 C 轴）', byRootCause: '按问题根源（主要根因，一级）',
      byChannel: '投诉渠道构成', shares: '间接投诉、重大、群体与重复投诉占比', bySeverity: '严重程度构成', heatmap: '机构 × 业务类别',
      timeliness: '各时限达标率', rules: '各审查要点未通过数（本期）', conclusions: '审查结论构成', satisfaction: '回访满意度'
    },
    series: {
      indirect: '间接投诉占比', major: '重大投诉占比', group: '群体投诉占比', repeat: '重复投诉率',
      r01: '受理（24小时）', r02: '分类定级（48小时）', r04: '处理（内部）', r05: '回复客户', r04reg: '处理（监管 15 日）',
      internalFailed: '未通过（内部制度）', regulatoryFailed: '未通过（监管底线）', cannotTell: '无法判断',
      compliant: '合规', basically: '基本合规', nonCompliant: '不合规', content: '满意及基本满意', notCoded: '未编码'
    },
    export: { png: '导出图片（PNG）', csv: '导出数据（CSV，可用 Excel 打开）' },
    dash: {
      title: '投诉概览 · {q}', allTrends: '全部趋势', quarterly: '季度投诉分析报告', major: '待审查完成的重大投诉', noMajor: '没有待审查的重大投诉', overdue: '逾期未完成的整改（{n} 项）', noOverdue: '没有逾期的整改事项', due: '期限 {d}',
      status: { none: '未纳入审查', pending: '待审查', in_progress: '审查中', submitted: '待复核', returned: '已退回', approved: '已批准' }
    },
    drillHint: '点击柱形或单元格可打开对应案件',
    noDrill: '此图按投诉原因编码统计，案件列表没有对应筛选，不能钻取',
    headOffice: '（总行本部）',
    drilled: '图表计数 {n} 件',
    drilledFrom: '来自趋势图：{what}'
  }
}
