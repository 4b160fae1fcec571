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
    export: { png: '导出图片（PNG，按屏幕所见）', svg: '导出矢量图（SVG，由服务器绘制）', csv: '导出数据（CSV，可用 Excel 打开）', xlsx: '导出数据（Excel 工作簿）', failed: '导出失败：{m}' },
    customers: {
      title: '各机构客户数（用于每万名客户投诉排名）', hint: '分行的客户数含其下属支行；未填写客户数时，机构排名按投诉件数排列，图上注明。每次保存记入审计留痕。',
      year: '年度', unit: '机构', count: '客户数（人）', none: '未填写', save: '保存', saved: '已保存 {name} {year} 年的客户数', bad: '{name} 的客户数应为正整数'
    },
    dash: {
      title: '投诉概览 · {q}', allTrends: '全部趋势', quarterly: '季度投诉分析报告', major: '待审查完成的重大投诉', noMajor: '没有待审查的重大投诉', overdue: '逾期未完成的整改（{n} 项）', noOverdue: '没有逾期的整改事项', due: '期限 {d}',
      status: { none: '未纳入审查', pending: '待审查', in_progress: '审查中', submitted: '待复核', returned: '已退回', approved: '已批准' }
    },
    drillHint: '点击柱形或单元格可打开对应案件',
    noDrill: '此图按投诉原因编码统计，案件列表没有对应筛选，不能钻取',
    headOffice: '（总行本部）',
    drilled: '图表计数 {n} 件',
    drilledFrom: '来自趋势图：{what}',
    rulePolicy: { internal: '内部制度', regulatory: '监管底线' },
    ruleFilter: '{rule}（{policy}）未通过',
    ruleFilterClear: '取消审查规则筛选',
    evidence: {
      title: '{rule} {name}（{policy}）· 本页 {n} 件的审查依据', caseNo: '案件编号', status: '结果', reason: '依据', detail: '比对内容',
      loading: '正在读取审查依据…', error: '审查依据读取失败：{m}', differs: '存储结果为「{stored}」，按现行制度重算为「{now}」：需重新审查',
      notAudited: '尚未审查',
      statuses: { pass: '通过', fail: '不通过', not_applicable: '不适用', cannot_tell: '无法判断' }
    }
  }
}
