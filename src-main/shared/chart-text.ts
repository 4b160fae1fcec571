// The words drawn inside the trend charts (titles, series, units, notes), per locale: one table for the view,
// the server's exported images and the quarterly report, so all three draw the same chart. Plain strings and
// small functions, not vue-i18n messages (the server has no vue-i18n).
import type { ChartLocale } from './contract-charts'

const zh = {
  unit: '件', total: '合计', share: '占比', yuan: '元', headOffice: '（总行本部）',
  asOf: (m: number, d: number): string => `截至 ${m}月${d}日`,
  chart: {
    category: '按业务类别的月度投诉量', cause: '按投诉原因（JR/T 0169 C 轴）', rootCause: '按问题根源（主要根因，一级）',
    channel: '投诉渠道构成', shares: '间接投诉、重大、群体与重复投诉占比', severity: '严重程度构成', heatmap: '机构 × 业务类别',
    timeliness: '各时限达标率', rules: '各审查要点未通过数（本期）', ruleMonths: '各审查要点未通过数（按期间）', conclusions: '审查结论构成', satisfaction: '回访满意度',
    units: '各机构投诉排名', pareto: '问题根源帕累托（与上期比较）', remediationBox: '各业务类别补偿/赔偿金额分布'
  },
  series: {
    indirect: '间接投诉占比', major: '重大投诉占比', group: '群体投诉占比', repeat: '重复投诉率',
    r01: '受理（24小时）', r02: '分类定级（48小时）', r04: '处理（内部）', r05: '回复客户', r04reg: '处理（监管 15 日）',
    internalFailed: '未通过（内部制度）', regulatoryFailed: '未通过（监管底线）', cannotTell: '无法判断', internalShort: '内部', regulatoryShort: '监管',
    compliant: '合规', basically: '基本合规', nonCompliant: '不合规', content: '满意及基本满意', notCoded: '未编码',
    per10k: '每万名客户投诉件数', cases: '投诉件数', current: '本期', previous: '上期', cumulative: '累计占比', change: '较上期',
    amount: '金额（元）', offers: '笔数', min: '最小值', q1: '下四分位', median: '中位数', q3: '上四分位', max: '最大值', customers: '客户数'
  },
  /** The ranking's basis, said on the chart. */
  per10kBasis: (years: string): string => `按每万名客户投诉件数排列（客户数：${years}年）`,
  rawBasis: (missing: string): string => `按投诉件数排列：${missing}未维护客户数`,
  andMore: (names: string, n: number): string => `${names}等 ${n} 家机构`,
  noPrevious: '上期无数据',
  noTagged: '本期与上期均无已标注问题根源的案件',
  about: { sheet: '说明', chart: '图表', period: '期间', filter: '筛选条件', source: '数据来源', summary: '汇总表', scan: '逐案统计', none: '无', generatedAt: '生成时间（北京时间）' }
}

export type ChartWords = typeof zh

const en: ChartWords = {
  unit: 'cases', total: 'Total', share: 'share', yuan: 'CNY', headOffice: ' (head office itself)',
  asOf: (m, d) => `to ${m}/${d}`,
  chart: {
    category: 'Monthly complaints by business category', cause: 'By cause (JR/T 0169 axis C)', rootCause: 'By root cause (primary, level 1)',
    channel: 'Channel mix', shares: 'Indirect, major, group and repeat shares', severity: 'Severity mix', heatmap: 'Unit × category',
    timeliness: 'Time limits met', rules: 'Failures per review rule (period)', ruleMonths: 'Failures per review rule over time', conclusions: 'Review conclusions', satisfaction: 'Revisit satisfaction',
    units: 'Units ranked', pareto: 'Root-cause Pareto (vs previous period)', remediationBox: 'Remediation amounts per category'
  },
  series: {
    indirect: 'Indirect share', major: 'Major share', group: 'Group share', repeat: 'Repeat rate',
    r01: 'Acceptance (24 h)', r02: 'Classification (48 h)', r04: 'Handling (internal)', r05: 'Reply', r04reg: 'Handling (regulatory 15 days)',
    internalFailed: 'Failed (internal)', regulatoryFailed: 'Failed (regulatory)', cannotTell: 'Cannot tell', internalShort: 'internal', regulatoryShort: 'regulatory',
    compliant: 'Compliant', basically: 'Basically compliant', nonCompliant: 'Non-compliant', content: 'Satisfied or basically', notCoded: 'Not coded',
    per10k: 'Complaints per 10,000 customers', cases: 'Complaints', current: 'This period', previous: 'Previous period', cumulative: 'Cumulative share', change: 'vs previous',
    amount: 'Amount (CNY)', offers: 'Offers', min: 'Min', q1: 'Q1', median: 'Median', q3: 'Q3', max: 'Max', customers: 'Customers'
  },
  per10kBasis: (years) => `Ranked per 10,000 customers (customers of ${years})`,
  rawBasis: (missing) => `Ranked by raw counts: no customer count for ${missing}`,
  andMore: (names, n) => `${names} and others (${n} units)`,
  noPrevious: 'no data for the previous period',
  noTagged: 'No case of this period or the previous one has a root cause yet',
  about: { sheet: 'About', chart: 'Chart', period: 'Period', filter: 'Filter', source: 'Source', summary: 'summary tables', scan: 'counted case by case', none: 'none', generatedAt: 'Generated (China time)' }
}

export const CHART_WORDS: Record<ChartLocale, ChartWords> = { 'zh-CN': zh, en }
