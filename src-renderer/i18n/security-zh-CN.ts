// 安全设置: directory sign-in and the retention of personal data (administrators).
export const securityZhCN = {
  security: {
    title: '安全设置',
    loadFailed: '无法读取安全设置',
    retention: {
      title: '个人信息保存期限',
      law: '依《个人信息保护法》第十九条、第四十七条：个人信息的保存期限为实现处理目的所必要的最短时间；期限届满应予删除或匿名化。',
      months: '保存期限（结案后月数）',
      unset: '未设置',
      save: '保存期限',
      preview: '超过期限的案件',
      cutoff: '{date} 前结案',
      cases: '{n} 件案件',
      none: '没有超过保存期限的案件',
      already: '已匿名化 {n} 件',
      fields: { complainant_name: '客户姓名', complainant_phone: '联系电话', complainant_id_no: '证件号码', complainant_address: '地址', summary: '投诉摘要', request: '投诉请求', evidence: '证据材料', investigation: '调查情况', facts: '事实认定', resolution: '处理方案', reply_content: '回复内容', extension_reason: '延期原因', revisit_result: '回访结果', rereview_result: '复核结果' } as Record<string, string>,
      field: '字段',
      count: '有值的案件',
      others: '时间线备注 {events} 条，补偿方案 {offers} 条，整改措施 {rect} 条，整改跟进记录 {followUps} 条，留痕 {trail} 条；已出具的客户投诉档案/登记表文件 {docs} 份将从文书目录删除（登记簿保留编号与哈希）。',
      keeps: '保留：案件编号、日期、金额、机构、分类、根因、审查结果——统计与文书登记簿所需的一切。',
      run: '匿名化这 {n} 件案件',
      confirm: '确定匿名化 {n} 件案件的个人信息？此操作不可撤销。',
      done: '已匿名化 {cases} 件案件，涂去留痕 {trail} 条，删除文书文件 {docs} 份。'
    },
    directory: {
      title: '单位目录登录（LDAP / AD）',
      hint: '启用后，非本地账号的用户以目录密码登录，角色由所属用户组决定，每次登录重新读取；本地账号始终可用。',
      enabled: '启用目录登录',
      url: '目录服务器地址',
      mode: '绑定方式',
      modeTemplate: 'DN 模板',
      modeSearch: '服务账号查找后绑定（AD）',
      bindDnTemplate: "绑定 DN 模板（含 {'{username}'}）",
      baseDn: '基准 DN',
      userFilter: '用户过滤器',
      serviceDn: '服务账号 DN',
      servicePassword: '服务账号密码',
      passwordSet: '已设置（留空则不变）',
      displayNameAttribute: '姓名属性',
      groups: '用户组 → 角色（每行：组 DN = 角色,角色）',
      save: '保存目录设置',
      saved: '已保存'
    }
  }
}
