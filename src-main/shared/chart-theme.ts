// The look every Dossier chart shares (font, colours, title). The charts themselves are built in
// trend-panels.ts, once for the screen, the exported files and the quarterly report alike.
import type { EChartsOption } from 'echarts'

// Unquoted names: ECharts writes the list into an SVG attribute as it is.
export const CHART_FONT = 'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif'
export const base = (title: string): EChartsOption => ({
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: CHART_FONT, fontSize: 13, color: '#1f2937' },
  title: { text: title, left: 'center', top: 8, textStyle: { fontFamily: CHART_FONT, fontSize: 16, fontWeight: 'bold' } },
  color: ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#9a3412', '#475569']
})
