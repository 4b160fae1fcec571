// English strings of the trend view; same shape as trends-zh-CN.ts.
import type { trendsZhCN } from './trends-zh-CN'

export const trendsEn: typeof trendsZhCN = {
  tr: {
    title: 'Complaint trends',
    grain: { label: 'Grain', month: 'Monthly', quarter: 'Quarterly', year: 'Yearly' },
    from: 'From month',
    to: 'To month',
    presets: { last12: 'Last 12 months', thisYear: 'This year', lastYear: 'Last year', last8q: 'Last 8 quarters' },
    apply: 'Apply',
    asOf: 'to {m}/{d}',
    partialNote: 'The period has not ended (figures to {m}/{d}); the shaded part is so far, not a drop.',
    source: { summary: 'from the summary tables', scan: 'counted case by case' },
    timing: 'server {server} ms · painted {client} ms',
    loading: 'Counting…',
    error: 'Could not load the trends',
    empty: 'No cases in this period and filter',
    unit: 'cases',
    total: 'Total',
    share: 'share',
    compare: { previous: 'vs prev.', lastYear: 'vs last year', noData: 'no data {which}', same: 'unchanged {which}', points: '{sign}{v} pts {which}', pct: '{sign}{v}% {which}' },
    kpi: {
      cases: 'Complaints', onTimeInternal: 'Handled in time (internal policy)', onTimeRegulatory: 'Handled in time (regulatory floor)', major: 'Major complaints',
      repeatRate: 'Repeat rate', remediation: 'Remediation amount', findings: 'Review findings', cannotTell: 'cannot tell {v}, left out',
      yuan: 'CNY', wan: '10k CNY'
    },
    chart: {
      byCategory: 'Monthly complaints by business category', byCause: 'By cause (JR/T 0169 axis C)', byRootCause: 'By root cause (primary, level 1)',
      byChannel: 'Channel mix', shares: 'Indirect, major, group and repeat shares', bySeverity: 'Severity mix', heatmap: 'Unit × category',
      timeliness: 'Time limits met', rules: 'Failures per review rule (period)', conclusions: 'Review conclusions', satisfaction: 'Revisit satisfaction'
    },
    series: {
      indirect: 'Indirect share', major: 'Major share', group: 'Group share', repeat: 'Repeat rate',
      r01: 'Acceptance (24 h)', r02: 'Classification (48 h)', r04: 'Handling (internal)', r05: 'Reply', r04reg: 'Handling (regulatory 15 days)',
      internalFailed: 'Failed (internal)', regulatoryFailed: 'Failed (regulatory)', cannotTell: 'Cannot tell',
      compliant: 'Compliant', basically: 'Basically compliant', nonCompliant: 'Non-compliant', content: 'Satisfied or basically', notCoded: 'Not coded'
    },
    export: { png: 'Save as PNG', csv: 'Save the data as CSV (opens in Excel)' },
    dash: {
      title: 'Overview · {q}', allTrends: 'All trends', quarterly: 'Quarterly report', major: 'Major complaints not yet reviewed', noMajor: 'No major complaint awaiting review', overdue: 'Overdue rectification ({n})', noOverdue: 'No rectification is overdue', due: 'due {d}',
      status: { none: 'not in a review', pending: 'to review', in_progress: 'in review', submitted: 'to approve', returned: 'returned', approved: 'approved' }
    },
    drillHint: 'Click a bar or cell to open its cases',
    noDrill: 'This chart counts by cause code, which the case list cannot filter by: no drill-down',
    headOffice: '(head office itself)',
    drilled: 'Chart count: {n} cases',
    drilledFrom: 'From the trend chart: {what}'
  }
}
