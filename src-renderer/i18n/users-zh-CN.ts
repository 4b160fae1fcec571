// 用户管理 (issue 10 point 17).
export const usersZhCN = {
  users: {
    title: '用户管理',
    hint: '停用的账号立即失去登录状态；管理员设置的密码须由本人在下次登录时修改。至少保留一名在用的管理员。所有修改记入审计留痕。',
    loadFailed: '账号列表加载失败',
    username: '用户名',
    displayName: '姓名',
    roles: '角色',
    source: '登录方式',
    state: '状态',
    actions: '操作',
    me: '本人',
    local: '本地账号',
    directory: '单位目录',
    directoryHint: '角色来自单位目录的用户组映射（安全设置 → 目录登录），密码由目录管理',
    directoryManaged: '角色与密码由单位目录管理',
    active: '在用',
    inactive: '已停用',
    mustChange: '待本人修改密码',
    setRoles: '设置角色',
    resetPassword: '重置密码',
    resetTitle: '重置 {name} 的密码',
    newPassword: '临时密码',
    resetHint: '请将临时密码当面或经安全渠道告知本人；其下次登录时必须先修改密码。',
    deactivate: '停用',
    activate: '启用',
    add: {
      open: '新增用户',
      title: '新增本地账号',
      password: '初始密码',
      hint: '初始密码须由本人在首次登录时修改。',
      submit: '创建账号'
    },
    forced: {
      title: '请先修改密码',
      why: '管理员为您设置了临时密码。修改密码之前，不能使用其他功能。',
      signOut: '退出登录'
    }
  }
}
