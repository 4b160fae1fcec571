// JR/T 0169-2018 axes (A channel, B business type, C cause); "其他" is 99 / 9 as in the standard.
// The numbering follows the order in which the standard lists its classes; check it against the
// standard's code table before any regulatory submission relies on it.

export const JRT_CHANNEL: Record<string, string> = {
  '0101': '营业现场', '0102': '自助机具', '010301': '电子渠道-网银', '010302': '电子渠道-电话',
  '010303': '电子渠道-移动客户端', '010304': '电子渠道-网络公众平台', '010305': '电子渠道-短信',
  '010399': '电子渠道-其他', '0104': '第三方渠道', '0199': '前台-其他', '02': '中、后台业务渠道'
}

export const JRT_BUSINESS: Record<string, string> = {
  '01': '人民币储蓄', '02': '贷款', '03': '银行卡', '04': '支付结算', '05': '人民币管理', '06': '个人金融信息',
  '07': '外汇', '08': '代理业务', '99': '其他'
}

export const JRT_CAUSE: Record<string, string> = {
  '01': '服务态度及服务质量', '02': '服务设施、设备、业务系统', '03': '管理制度、业务规则与流程', '04': '营销方式',
  '05': '信息披露', '06': '产品收益', '07': '自主选择权', '08': '合同条款', '09': '资金安全', '10': '信息安全', '99': '其他'
}
