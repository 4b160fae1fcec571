// The case list's export (导出): the toolbar button, its menu and the progress banner.
export const caseExportZhCN = {
  caseExport: {
    button: '导出',
    csv: '导出 CSV（全部符合条件的案件）',
    xlsx: '导出 Excel（全部符合条件的案件）',
    full: '含完整个人信息（须说明用途）',
    purpose: '导出含完整个人信息的案件列表',
    running: '正在导出 {done} / {total} 件…',
    cancel: '取消',
    cancelling: '正在取消…',
    cancelled: '已取消导出，未留下文件',
    done: '已导出 {n} 件（{file}）',
    saved: '已导出 {n} 件至 {path}',
    masked: '个人信息已脱敏',
    unmasked: '含完整个人信息，已记入审计留痕',
    failed: '导出失败：{msg}',
    close: '关闭'
  }
}
