// Server-side chart images: ECharts' own SSR writes SVG (no DOM, no canvas), resvg turns it into PNG for
// documents. Chinese labels need a CJK font on the machine (Noto CJK on Linux, YaHei/PingFang elsewhere).
import * as echarts from 'echarts'
import { Resvg } from '@resvg/resvg-js'
import type { EChartsOption } from 'echarts'

export function chartSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption(option)
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

/** PNG at `scale` × the chart's size (2 for print: 1,600 px for an 800 px chart). */
export function chartPng(option: EChartsOption, width: number, height: number, scale = 2): Buffer {
  const svg = chartSvg(option, width, height)
  const png = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' },
    background: '#ffffff'
  }).render().asPng()
  return Buffer.from(png)
}
