// Chinese strings of the 制度参数 section (policy parameter sets by effective day); spread into zh-CN.ts.
// vue-i18n treats { } @ $ | as syntax, so messages avoid them except for {named} placeholders.
export const policyZhCN = {
  policy: {
    title: '制度参数',
    intro: '案件按受理之日施行的参数判定时限与审批权限。修改保存为新版本，原版本保留备查；保存后全部案卷按新参数重新审查。',
    loading: '正在加载制度参数…',
    error: '制度参数加载失败',
    empty: '尚无该类制度参数',
    readOnly: '您可以查看制度参数；修改须由管理员操作。',
    system: '系统',
    kind: {
      internal: '内部制度',
      regulatory: '监管规定'
    },
    kindHint: {
      internal: '本行投诉处理制度：小时按自然时间，工作日按节假日安排计算',
      regulatory: '银保监会令2020年第3号 第十八条：按自然日计算'
    },
    count: '{n} 个生效日期',
    add: '新增生效版本',
    edit: '修改',
    state: {
      in_force: '现行',
      future: '尚未生效',
      past: '已由后续版本接替'
    },
    applies: '适用',
    governsOpen: '{from} 起受理的案件',
    governsRange: '{from} 至 {until} 受理的案件',
    savedBy: '保存',
    version: '第 {v} 版',
    by: '{who} · {at}',
    note: '修改原因',
    source: '依据',
    col: {
      param: '参数',
      value: '取值'
    },
    param: {
      acceptHours: '受理时限',
      classifyHours: '分类定级时限',
      handleWorkdays: '一般案件办理时限',
      complexHandleWorkdays: '复杂案件办理时限',
      replyWorkdays: '结果反馈时限',
      groupMinPeople: '群体投诉人数下限',
      escalationHours: '上报时限',
      escalateAtOncePeople: '立即上报人数',
      massGatheringReportHours: '聚集事件上报时限',
      branchApprovalLimit: '分行审批权限',
      decisionDays: '告知处理决定时限',
      complexDecisionDays: '复杂案件告知时限',
      especiallyComplexExtraDays: '特别复杂案件可再延长',
      reviewRequestDays: '申请核查期限'
    },
    unit: {
      hours: '小时',
      workdays: '个工作日',
      days: '日',
      people: '人',
      yuan: '元'
    },
    dayKind: '计日方式',
    dayKindCalendar: '自然日',
    history: {
      show: '历史版本（{n}）',
      hide: '收起历史版本',
      replaced: '{at} 被第 {v} 版取代',
      changes: '第 {v} 版相对第 {prev} 版的修改',
      first: '初版',
      titleChange: '名称：{before} → {after}',
      noChange: '参数未变',
      params: '该版全部参数',
      title: '版本记录'
    },
    form: {
      editTitle: '修改{kind}：{from} 起施行的参数',
      addTitle: '新增{kind}生效版本',
      effectiveFrom: '生效日期',
      was: '原为 {v}',
      effectiveHint: '受理日期在此日及以后的案件按本版本判定。{base}',
      base: '以 {from} 起施行的第 {v} 版为底稿',
      baseNone: '该日之前没有施行的参数，以最早的版本为底稿',
      sameDay: '该日已有施行的参数（第 {v} 版）：保存后成为第 {next} 版',
      name: '名称',
      reason: '修改原因',
      reasonHint: '必填：为何修改，依据的文件或会议纪要',
      changes: '将要修改',
      changesNew: '与 {from} 起施行的参数相比',
      noChanges: '参数未作修改',
      cancel: '取消',
      save: '保存…',
      saving: '正在保存…',
      problems: '{n} 处需要改正',
      failed: '未保存：{msg}',
      confirmTitle: '保存制度参数并重新审查全部案卷？',
      confirmEdit: '{kind}自 {from} 起施行的参数将保存为第 {v} 版，原版本保留备查。',
      confirmAdd: '{kind}将自 {from} 起按新参数施行，受理日期在此日及以后的案件按新参数判定。',
      confirmAudit: '保存后，全部案卷将按新参数重新审查（后台运行）；已冻结的审查结果不会改变，引擎判定不同之处会在审查中标明。',
      confirmOk: '保存并重新审查'
    },
    check: {
      required: '请填写数值',
      integer: '应为整数',
      min: '不得小于 {min}',
      max: '不得大于 {max}',
      invalid: '取值无效',
      complexHandleWorkdays: '复杂案件办理时限不得短于一般案件',
      escalateAtOncePeople: '立即上报人数不得少于群体投诉人数',
      complexDecisionDays: '复杂案件告知时限不得短于一般案件',
      date: '请填写生效日期',
      dateEarly: '生效日期不得早于 2000-01-01',
      name: '请填写名称',
      reason: '请说明修改原因'
    },
    saved: {
      text: '已保存：{kind}自 {from} 起施行的参数第 {v} 版',
      starting: '正在开始重新审查…',
      running: '制度参数变更：正在重新审查 {done} / {total} 件（{pct}%）',
      other: '另一审查正在运行（{reason}），结束后将按新参数重新审查',
      pending: '按新参数的重新审查尚未完成：下次启动时将自动补做，也可现在运行审查。',
      done: '重新审查已完成：{cases} 件，预警 {flagged} 件',
      before: '（保存前预警 {n} 件）',
      dismiss: '知道了'
    }
  }
}
