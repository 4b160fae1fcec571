// Vocabulary for the demo archive: a fictional bank (华信银行), its branches, and complaint scenarios
// modelled on the cases the seed policies describe. Everything here is invented.
import type { BusinessLine, Category, OfferType } from '../shared/codes'

export const BANK = '华信银行'

export const BRANCHES: { city: string; region: string; subs: string[] }[] = [
  { city: '北京', region: '华北', subs: ['朝阳', '海淀', '西城', '丰台'] },
  { city: '上海', region: '华东', subs: ['浦东', '徐汇', '静安', '闵行'] },
  { city: '广州', region: '华南', subs: ['天河', '越秀', '番禺'] },
  { city: '深圳', region: '华南', subs: ['福田', '南山', '宝安'] },
  { city: '杭州', region: '华东', subs: ['西湖', '滨江', '萧山'] },
  { city: '南京', region: '华东', subs: ['鼓楼', '建邺', '江宁'] },
  { city: '成都', region: '西南', subs: ['锦江', '武侯', '高新'] },
  { city: '武汉', region: '华中', subs: ['江汉', '武昌', '洪山'] },
  { city: '西安', region: '西北', subs: ['雁塔', '碑林', '未央'] },
  { city: '福州', region: '华东', subs: ['鼓楼', '台江', '仓山'] },
  { city: '三明', region: '华东', subs: ['梅列', '三元', '永安'] },
  { city: '济南', region: '华北', subs: ['历下', '市中', '槐荫'] }
]

export const HEAD_OFFICE_DEPTS = ['消费者权益保护部', '法律合规部', '零售银行部', '信用卡中心', '财富管理部', '运营管理部', '信息科技部', '公司银行部']

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('')
export const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉玲红志鹏宇飞浩然欣怡晨曦子涵雨轩梓萱思远嘉怡俊杰佳琪海燕春梅建华国强秋菊'.split('')

export const STREETS = ['人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '长江路', '胜利路', '朝阳路', '光明路', '幸福路', '文化路']
export const ESTATES = ['阳光花园', '锦绣家园', '翠湖小区', '金地名苑', '万科城', '碧桂园', '绿城桂花苑', '保利花园', '世纪新城', '滨江公寓']

export interface Scenario {
  key: string
  weight: number
  category: Category
  lines: BusinessLine[]
  products: string[]
  jrtBusiness: string
  jrtCause: string
  summary: string[]
  request: string[]
  investigation: string
  facts: { internal: string; external: string }
  /** Share of cases in which the institution is found at fault. */
  internalShare: number
  resolution: string
  offer?: { rate: number; type: OfferType; min: number; max: number; basis: string }
  rectification: string
}

// Slots: {product} {unit} {amount} {date} {n} {fee} {rate} {days}
export const SCENARIOS: Scenario[] = [
  {
    key: 'fee', weight: 14, category: 'counter_business', lines: ['retail', 'credit_card'],
    products: ['借记卡', '信用卡', '个人结算账户', '短信通知服务'], jrtBusiness: '03', jrtCause: '05',
    summary: ['客户反映其{product}账户于{date}被扣费{amount}元（{fee}），事先未收到任何通知，认为扣费不合理。',
      '客户称{product}每年被扣收{fee}，开户时工作人员未告知收费标准，累计扣费{amount}元。'],
    request: ['要求退还全部扣费并说明收费依据。', '要求退还已扣费用，并取消相关收费服务。'],
    investigation: '经调取开户资料及收费记录，核实{fee}系按照《服务价目表》收取，开户时的告知记录{disclosure}。',
    facts: { internal: '开户环节未完整履行收费告知义务，责任在我行。', external: '收费符合公示标准，告知记录完整，客户已签字确认。' },
    internalShare: 0.55, resolution: '向客户解释收费依据，{remedy}。',
    offer: { rate: 0.6, type: 'refund', min: 10, max: 600, basis: '《服务价目表》及开户告知记录核查结果' },
    rectification: '组织网点开展收费公示与告知规范专项培训，修订开户告知书。'
  },
  {
    key: 'wealth_loss', weight: 10, category: 'product', lines: ['wealth', 'insurance'],
    products: ['“稳盈”净值型理财产品', '“安享”结构性存款', '代销混合型基金', '代销分红型年金保险'], jrtBusiness: '08', jrtCause: '04',
    summary: ['客户称于{date}在{unit}购买{product}{amount}元，理财经理口头承诺年化收益{rate}%且保本，到期收益为负，认为存在误导销售。',
      '客户反映购买的{product}净值大幅下跌，购买时未进行风险评估，风险等级与本人承受能力不匹配。'],
    request: ['要求赔偿本金损失{amount}元。', '要求按承诺收益率补足收益。'],
    investigation: '调取“双录”视频、风险评估问卷及产品说明书签收记录，{disclosure}。',
    facts: { internal: '销售人员存在夸大收益的表述，适当性管理执行不到位。', external: '销售流程合规，风险揭示完整，产品收益不达预期属市场波动，买者自负。' },
    internalShare: 0.35, resolution: '向客户说明产品净值波动原因，{remedy}；对相关销售人员进行问责。',
    offer: { rate: 0.3, type: 'compensation', min: 2000, max: 180000, basis: '“双录”核查结论及损失测算' },
    rectification: '开展理财销售适当性专项检查，加强“双录”抽检。'
  },
  {
    key: 'attitude', weight: 13, category: 'service_quality', lines: ['retail', 'corporate'],
    products: ['柜面业务', '大堂服务', '对公开户'], jrtBusiness: '01', jrtCause: '01',
    summary: ['客户反映在{unit}办理{product}时，柜员态度冷淡、言语生硬，等候时间超过{n}分钟。',
      '客户称{unit}大堂经理对其咨询敷衍了事，推诿至其他网点办理，来回奔波{n}次。'],
    request: ['要求网点负责人当面道歉并处理相关人员。', '要求改进服务并给予合理解释。'],
    investigation: '调阅网点监控录像及排队叫号记录，约谈当事员工，{disclosure}。',
    facts: { internal: '当事员工服务用语不规范，存在推诿行为。', external: '员工服务过程符合规范，等候时间系业务高峰所致。' },
    internalShare: 0.7, resolution: '由网点负责人向客户致歉，{remedy}，对当事员工进行批评教育。',
    offer: { rate: 0.15, type: 'goodwill', min: 50, max: 300, basis: '客户关系维护' },
    rectification: '网点开展服务礼仪与首问负责制培训，高峰时段增开窗口。'
  },
  {
    key: 'transfer_failed', weight: 8, category: 'it_system', lines: ['retail', 'corporate'],
    products: ['手机银行', '网上银行', '企业网银'], jrtBusiness: '04', jrtCause: '02',
    summary: ['客户反映{date}使用{product}转账{amount}元，系统提示失败但资金已被扣划，{n}小时后仍未到账。',
      '客户称{product}在月末高峰期间多次登录失败，导致贷款未能按时还款，产生逾期记录。'],
    request: ['要求立即退回资金并赔偿利息损失。', '要求消除逾期记录并说明系统故障原因。'],
    investigation: '经信息科技部核查系统日志，确认{date}存在交易超时，{disclosure}。',
    facts: { internal: '系统批量处理异常导致交易状态不一致，责任在我行。', external: '交易因收款行原因退回，我行系统运行正常。' },
    internalShare: 0.6, resolution: '人工冲正退回资金，{remedy}。',
    offer: { rate: 0.4, type: 'compensation', min: 20, max: 2000, basis: '按同期存款利率计算的资金占用损失' },
    rectification: '优化交易超时冲正机制，增加异常交易实时监控。'
  },
  {
    key: 'collection', weight: 7, category: 'violation', lines: ['credit_card', 'retail'],
    products: ['信用卡逾期催收', '个人消费贷款催收'], jrtBusiness: '03', jrtCause: '03',
    summary: ['客户投诉我行委托的催收人员多次拨打其亲友电话，催收用语不当，一天内来电{n}次，严重影响正常生活。',
      '客户反映{product}过程中催收人员冒用律师名义发送短信，威胁起诉。'],
    request: ['要求停止骚扰亲友并对催收人员追责。', '要求书面道歉并规范催收行为。'],
    investigation: '调取外包催收录音及外呼记录，{disclosure}。',
    facts: { internal: '外包催收机构存在违规催收行为，我行对外包机构管理不到位。', external: '催收频次与用语符合规定，未联系无关第三人。' },
    internalShare: 0.65, resolution: '暂停相关催收员作业，{remedy}。', rectification: '对外包催收机构开展合规检查，完善催收录音质检。'
  },
  {
    key: 'close_account', weight: 6, category: 'counter_business', lines: ['retail', 'brokerage'],
    products: ['借记卡销户', '证券资金账户销户', '存折销户'], jrtBusiness: '01', jrtCause: '03',
    summary: ['客户到{unit}办理{product}，被告知需先解绑第三方支付及代扣协议，往返{n}次未能办结销户。',
      '客户反映异地办理{product}被拒，要求回开户网点办理，认为设置不合理障碍。'],
    request: ['要求当场办理销户。', '要求说明销户限制的依据。'],
    investigation: '核查网点业务办理记录及销户操作规程，{disclosure}。',
    facts: { internal: '网点对销户规定理解有误，设置了不必要的前置条件。', external: '账户存在未结清业务，按规定需先行处理。' },
    internalShare: 0.5, resolution: '协助客户完成解绑并办理销户，{remedy}。', rectification: '明确销户业务办理指引，禁止设置不合理销户障碍。'
  },
  {
    key: 'privacy', weight: 5, category: 'violation', lines: ['retail', 'credit_card', 'wealth'],
    products: ['个人客户信息', '账户交易信息'], jrtBusiness: '06', jrtCause: '10',
    summary: ['客户反映其个人信息被泄露，近期频繁接到贷款及理财营销电话，怀疑系我行工作人员泄露。',
      '客户称未经本人同意，其账户交易信息被提供给第三方机构用于营销。'],
    request: ['要求查明泄露原因并追究责任。', '要求删除相关信息并书面说明。'],
    investigation: '调取客户信息查询日志，排查{n}名有权限员工的查询记录，{disclosure}。',
    facts: { internal: '发现员工违规查询并外传客户信息。', external: '查询日志未见异常，未发现我行泄露客户信息的证据。' },
    internalShare: 0.3, resolution: '{remedy}，告知客户维权途径。', rectification: '收紧客户信息查询权限，开展信息安全警示教育。'
  },
  {
    key: 'loan_penalty', weight: 7, category: 'product', lines: ['retail', 'corporate'],
    products: ['个人住房贷款', '个人消费贷款', '小微企业经营贷款'], jrtBusiness: '02', jrtCause: '08',
    summary: ['客户反映{product}提前还款时被收取违约金{amount}元，签订合同时工作人员未明确告知该条款。',
      '客户称{product}利率调整未提前通知，月供增加后产生扣款失败记录。'],
    request: ['要求退还违约金{amount}元。', '要求解释利率调整依据并更正还款记录。'],
    investigation: '调取借款合同及面签录像，核对合同条款与告知记录，{disclosure}。',
    facts: { internal: '合同条款告知不充分，格式条款提示义务履行不到位。', external: '合同条款约定明确，客户已签字确认并经面签提示。' },
    internalShare: 0.45, resolution: '向客户解释合同约定，{remedy}。',
    offer: { rate: 0.35, type: 'fee_waiver', min: 200, max: 20000, basis: '借款合同条款及面签告知记录核查' },
    rectification: '修订贷款合同重要条款提示页，加强面签环节告知。'
  },
  {
    key: 'credit_report', weight: 5, category: 'clearing', lines: ['credit_card', 'retail'],
    products: ['信用卡自动还款', '贷款自动扣款'], jrtBusiness: '02', jrtCause: '02',
    summary: ['客户反映其征信报告出现逾期记录，认为系我行{product}未成功扣款所致，本人账户余额充足。',
      '客户称已于{date}还清欠款，但征信记录{n}个月仍未更新。'],
    request: ['要求更正征信记录并出具情况说明。', '要求尽快更新征信报告。'],
    investigation: '核查扣款批处理日志及征信报送记录，{disclosure}。',
    facts: { internal: '扣款批处理异常导致未扣款，逾期记录系我行原因产生。', external: '扣款日账户余额不足，征信报送准确。' },
    internalShare: 0.4, resolution: '{remedy}，向客户出具情况说明。', rectification: '完善扣款失败提醒机制，规范征信异议处理流程。'
  },
  {
    key: 'card_annual_fee', weight: 6, category: 'service_quality', lines: ['credit_card'],
    products: ['信用卡年费', '信用卡分期手续费', '信用卡积分'], jrtBusiness: '03', jrtCause: '05',
    summary: ['客户反映办卡时工作人员承诺“终身免年费”，但{date}被扣收{product}{amount}元。',
      '客户称{product}兑换规则变更未提前公告，已累积积分被清零。'],
    request: ['要求退还年费{amount}元。', '要求恢复积分并说明规则变更依据。'],
    investigation: '调取办卡申请材料及营销话术记录，{disclosure}。',
    facts: { internal: '营销人员存在不实承诺，宣传与实际规则不符。', external: '年费减免条件已在领用合约中载明，客户未达到减免条件。' },
    internalShare: 0.5, resolution: '{remedy}。',
    offer: { rate: 0.55, type: 'refund', min: 100, max: 1200, basis: '信用卡领用合约及营销记录核查' },
    rectification: '规范信用卡营销话术，加强对外包营销人员管理。'
  },
  {
    key: 'atm', weight: 4, category: 'it_system', lines: ['retail'],
    products: ['自助取款机', '存取款一体机'], jrtBusiness: '05', jrtCause: '02',
    summary: ['客户反映在{unit}{product}取款{amount}元，机器未出钞但账户已扣款。',
      '客户称{product}吞卡后网点{n}天未处理，影响正常用卡。'],
    request: ['要求退还未出钞款项。', '要求尽快退卡并说明处理时限。'],
    investigation: '调取设备日志、监控录像并进行长短款核对，{disclosure}。',
    facts: { internal: '设备故障导致未出钞，网点未及时处理。', external: '设备日志显示出钞正常，监控显示客户已取走现金。' },
    internalShare: 0.55, resolution: '{remedy}。',
    offer: { rate: 0.5, type: 'refund', min: 100, max: 5000, basis: '设备长短款核对结果' },
    rectification: '加强自助设备巡检，建立吞卡、卡钞快速处理机制。'
  },
  {
    key: 'malicious', weight: 3, category: 'other', lines: ['retail', 'credit_card'],
    products: ['信用卡', '个人消费贷款'], jrtBusiness: '99', jrtCause: '99',
    summary: ['客户以投诉为由要求减免全部欠款本息共计{amount}元，并称将向媒体曝光。',
      '客户反复就已处理完毕的{product}事项投诉，提出超出合同约定的补偿要求。'],
    request: ['要求全额减免欠款本息。', '要求一次性补偿{amount}元。'],
    investigation: '核查历次投诉处理记录及合同约定，{disclosure}。',
    facts: { internal: '前期处理答复不够清晰，引发客户误解。', external: '客户诉求缺乏事实和合同依据，属不合理诉求。' },
    internalShare: 0.1, resolution: '依法依规向客户解释，{remedy}。', rectification: '完善重复投诉与不合理诉求的处置预案。'
  },
  {
    key: 'brokerage', weight: 4, category: 'clearing', lines: ['brokerage'],
    products: ['银证转账', '融资融券', '证券交易委托'], jrtBusiness: '04', jrtCause: '02',
    summary: ['客户反映{date}通过{product}转入资金{amount}元，证券账户{n}小时后才到账，错过交易时机。',
      '客户称{product}强制平仓前未收到有效通知，造成损失{amount}元。'],
    request: ['要求赔偿损失{amount}元。', '要求说明平仓通知的方式和时间。'],
    investigation: '核查清算系统流水与通知发送记录，{disclosure}。',
    facts: { internal: '清算环节延迟，通知未按约定方式送达。', external: '通知已按合同约定方式发送，平仓操作合规。' },
    internalShare: 0.4, resolution: '{remedy}。',
    offer: { rate: 0.3, type: 'indemnity', min: 500, max: 60000, basis: '清算流水核查及损失测算' },
    rectification: '优化银证转账清算时点，增加平仓预警短信。'
  }
]

export const FEES = ['小额账户管理费', '年费', '短信通知服务费', '跨行转账手续费', '账户管理费']
export const DISCLOSURE_OK = '告知材料齐全，客户签字确认'
export const DISCLOSURE_BAD = '未能提供完整的告知记录'
export const EXTENSION_REASONS = ['涉及多个部门协调，需调取历史资料', '需等待第三方机构出具核查结论', '涉及跨区域调查取证', '涉及金额较大，需上报总行审批']
export const REVISIT_RESULTS = ['客户认可处理结果', '客户表示理解', '客户对处理时效有意见', '客户不认可处理结果，要求复核']
