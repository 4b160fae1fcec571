// Chinese strings of the 文书 area and of the generate buttons on the case and review screens; spread into zh-CN.ts.
// vue-i18n treats { } @ $ | as syntax, so messages avoid them except for {named} placeholders.
export const documentsZhCN = {
  documents: {
    type: {
      dossier: '客户投诉档案',
      registration: '客户投诉登记表',
      review: '投诉案件审查意见书',
      quarterly: '季度投诉分析报告'
    },
    filter: {
      label: '文书筛选',
      type: '文书类型',
      caseNo: '投诉编号',
      caseNoPlaceholder: '编号全部或部分，回车检索',
      generated: '生成日期',
      from: '起始日期',
      to: '截止日期'
    },
    col: {
      type: '文书类型',
      subject: '对象',
      version: '版本',
      fileName: '文件名',
      generatedBy: '生成人',
      generatedAt: '生成时间',
      size: '大小',
      sha256: 'SHA-256',
      actions: '操作'
    },
    version: 'v{n}',
    missing: '⚠ 文件缺失',
    missingTitle: '文书目录中已找不到此文件（可能已被移动或删除），登记记录仍然保留',
    shaTitle: 'SHA-256：{hash}',
    newTag: '新',
    open: '打开',
    opening: '正在打开…',
    saveAs: '另存为',
    saving: '正在保存…',
    opened: '已用系统默认程序打开 {name}',
    savedTo: '已保存到 {path}',
    downloading: '已开始下载 {name}',
    count: '共 {n} 份',
    limited: '仅显示最近 {n} 份，请用筛选条件缩小范围',
    reload: '刷新',
    keyHint: '↑↓ 选择 · Enter 打开 · S 另存为',
    empty: '还没有登记的文书',
    emptyHint: '在案卷或审查页面生成文书，或在上方生成季度报告。',
    emptyFiltered: '没有符合条件的文书',
    emptyFilteredHint: '请调整或清除筛选条件。',
    error: '文书列表加载失败',
    readOnly: '您的角色可以查阅和下载文书，不能生成文书。',
    quarterly: {
      title: '生成季度报告',
      year: '年份',
      yearValue: '{n}年',
      quarter: '季度',
      q1: '第一季度',
      q2: '第二季度',
      q3: '第三季度',
      q4: '第四季度',
      generate: '生成季度报告',
      generating: '正在生成（含统计图表，约需数秒）…',
      hint: '默认为案卷数据中最近一个完整季度。',
      issued: '已生成 {title}（{subject}）{version}'
    },
    batch: {
      title: '批量生成档案',
      from: '投诉日期自',
      to: '至（不含当日）',
      type: '文书类型',
      hint: '为期间内（含起始日，不含截止日）收到的每件投诉各生成一份文书，写入新文件夹，并附清单 manifest.csv 和压缩包。',
      start: '开始生成',
      starting: '正在启动…',
      cancel: '取消',
      cancelling: '正在取消…',
      preparing: '正在准备…',
      progress: '已生成 {done} / {total} 份（{pct}%）',
      needPeriod: '请选择投诉期间',
      badPeriod: '截止日期应晚于起始日期',
      done: '已完成：共生成 {n} 份',
      cancelled: '已取消：取消前已生成 {done} / {total} 份，均已登记并列入清单',
      failed: '批量生成失败：{msg}',
      finishedAt: '完成于 {at}',
      folder: '文件夹',
      zip: '压缩包',
      manifest: '清单',
      noZip: '未生成（已取消或未打包）'
    },
    case: {
      title: '文书',
      generateDossier: '生成投诉档案',
      generateRegistration: '生成登记表',
      generating: '正在生成…',
      empty: '尚未生成文书',
      error: '文书加载失败：{msg}',
      issued: '已生成 {title} {version}',
      readOnly: '只读：您的角色不能生成文书'
    },
    review: {
      title: '审查意见书',
      generate: '生成审查意见书',
      generating: '正在生成…',
      notFinal: '审查尚未批准：此时生成的意见书注明「未经复核批准，不作为正式审查意见」。',
      final: '审查已批准：意见书载明审查员、复核人及日期。',
      empty: '尚未生成审查意见书'
    }
  }
}
