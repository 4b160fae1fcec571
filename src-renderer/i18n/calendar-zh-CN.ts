// Chinese strings of the 节假日 screen (the working-day calendar and loading a year's notice); spread into zh-CN.ts.
// vue-i18n treats { } @ $ | as syntax, so messages avoid them except for {named} placeholders.
export const calendarZhCN = {
  calendar: {
    screenTitle: '节假日与制度参数',
    tabs: '节假日与制度参数',
    tab: {
      holidays: '节假日',
      policy: '制度参数'
    },
    title: '节假日安排',
    intro: '审查引擎按此日历计算以工作日计的办理时限。国务院办公厅每年 11–12 月发布次年的节假日安排，发布后请及时载入。',
    loading: '正在加载节假日安排…',
    error: '节假日安排加载失败',
    readOnly: '您可以查看已载入的节假日安排；载入或替换须由管理员操作。',
    adminOnly: '需要管理员权限',
    waiting: '{n} 件案件的办理时限须待 {year} 年节假日安排载入后判定',
    nextMissing: '{year} 年节假日安排尚未载入。国务院办公厅通常于 11–12 月发布次年安排；未载入前，时限跨入 {year} 年的案件只能判定为「无法判断」。',
    pending: '节假日安排自 {from} 起有变化，受影响案件的重新审查尚未完成',
    runAudit: '运行审查',
    system: '系统',
    years: {
      title: '已载入年份',
      count: '{n} 年',
      empty: '尚未载入任何年份的节假日安排',
      keyHint: '↑↓ 选择年份',
      col: {
        year: '年份',
        holidays: '放假',
        workdays: '调休上班',
        source: '来源',
        loadedBy: '载入人',
        loadedAt: '载入时间'
      }
    },
    days: {
      title: '{year} 年节假日安排',
      titleNone: '节假日安排',
      summary: '放假 {holidays} 天，调休上班 {workdays} 天',
      pick: '请在左侧选择年份',
      empty: '该年没有放假或调休上班的日期',
      loading: '正在加载日期…',
      error: '日期加载失败',
      keyHint: '↑↓ PageUp/PageDown 逐行浏览',
      holiday: '休',
      workday: '班',
      holidayTitle: '放假',
      workdayTitle: '调休上班',
      previousYear: '上年',
      previousYearTitle: '通知中安排的上一年 12 月日期',
      col: {
        day: '日期',
        weekday: '星期',
        kind: '安排',
        name: '名称'
      }
    },
    import: {
      title: '载入节假日安排',
      hint: 'CSV（表头 date,kind,name 或 日期,类型,名称）或 JSON；类型写 holiday/休 或 workday/班。',
      file: '文件',
      choose: '选择文件…',
      noFile: '未选择文件',
      year: '年份',
      yearHint: '（可不填，按文件推断）',
      fileName: '{name}（{size}）',
      tooBig: '文件过大（{size}）：节假日安排文件不应超过 200 KB',
      notUtf8: '文件不是 UTF-8 编码的文本（可能是 GBK）：请以 UTF-8 保存后再选择',
      empty: '文件为空',
      unreadable: '无法读取文件：{msg}',
      badYear: '年份应为 1990 到 2200 之间的整数',
      check: '检查',
      checking: '正在检查…',
      load: '载入',
      loadingNow: '正在载入…',
      checkFirst: '检查通过后才能载入',
      problems: '文件有问题，未载入任何内容：',
      failed: '载入失败：{msg}',
      preview: '检查通过：{year} 年，放假 {holidays} 天，调休上班 {workdays} 天',
      previewReplace: '{year} 年已载入，载入此文件将替换现有安排',
      previewNew: '{year} 年尚未载入',
      result: '已载入 {year} 年节假日安排：放假 {holidays} 天，调休上班 {workdays} 天',
      resultReplaced: '已替换 {year} 年节假日安排：放假 {holidays} 天，调休上班 {workdays} 天',
      changed: '自 {from} 起有 {n} 天的工作日安排发生变化，时限涉及这些日期的案件将重新审查。',
      changedNew: '{year} 年此前未载入：时限跨入 {year} 年的案件现在可以判定，将重新审查。',
      unchanged: '工作日安排没有变化，无需重新审查。',
      reauditRunning: '正在重新审查 {done} / {total} 件（{pct}%）',
      reauditStarting: '正在开始重新审查…',
      reauditDone: '重新审查已完成。',
      reauditPending: '重新审查尚未完成（可能另有审查正在运行）：下次启动时将自动补做，也可现在运行审查。',
      confirmTitle: '替换 {year} 年节假日安排？',
      confirmDays: '现有安排共 {before} 天（放假与调休上班），此文件共 {after} 天。',
      confirmText: '{year} 年节假日安排已于 {at} 由 {who} 载入（来源：{source}）。载入此文件将替换它，并重新审查时限涉及变化日期的案件；已冻结的审查结果不会改变。',
      confirmOk: '替换并载入'
    }
  }
}
