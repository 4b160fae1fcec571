// Demo complaint texts with a known root cause: for each live taxonomy node, a customer's account (sometimes
// pointing at another cause, as real complaints often do), an investigation and a finding of facts written
// with the node's own phrases (taxonomy-seed.ts, from the seeds and the definitions). These are the demo
// archive's tagged cases the suggester learns from before reviewers have tagged anything.
import type { TaggedCase } from '../rootcause/suggest'
import { SEED_TAXONOMY } from '../rootcause/taxonomy-seed'
import { isLive, type CauseNode, type Taxonomy } from '../rootcause/taxonomy-types'
import { BUSINESS_LINE_ZH, CHANNEL_ZH, type BusinessLine, type Channel } from '../shared/codes'
import { fill } from './content'
import { FINDINGS, STAFF } from './rootcause-findings'
import { Rng } from './random'
import { BRANCHES, FEES } from './vocab'

interface Family { lines: BusinessLine[]; products: string[]; summary: string[]; request: string[]; source: string[]; confusedWith: string[] }

// The customer's account per first-level cause, the evidence an investigation of it reads, and the causes a
// customer's account of it is often confused with (the customer sees the effect, not the cause).
const FAMILY: Record<string, Family> = {
  RC01: { lines: ['wealth', 'insurance', 'retail'], products: ['净值型理财产品', '代销基金', '分红型保险', '结构性存款'], confusedWith: ['RC02', 'RC11', 'RC03'],
    summary: ['客户反映购买{product}时工作人员未讲清楚风险和费用，认为被误导。', '客户称不清楚{product}的赎回规则，认为银行没有说明。'],
    request: ['要求退还本金{amount}元。', '要求银行说明情况并赔偿损失。'], source: ['调取双录视频及产品说明书签收记录', '核查销售过程记录及宣传材料'] },
  RC02: { lines: ['wealth', 'insurance', 'credit_card'], products: ['理财产品', '分红型保险', '信用卡', '消费贷款'], confusedWith: ['RC01', 'RC11', 'RC09'],
    summary: ['客户称工作人员承诺{product}保本且收益不低于{rate}%，实际与承诺不符。', '客户反映办理{product}时被告知免费，后来却被收费。'],
    request: ['要求按承诺兑现。', '要求赔偿差额{amount}元。'], source: ['调取营销录音及宣传材料', '约谈销售人员并调取双录视频'] },
  RC03: { lines: ['wealth', 'insurance', 'brokerage'], products: ['高风险理财产品', '混合型基金', '投连险', '融资融券'], confusedWith: ['RC11', 'RC01'],
    summary: ['客户反映自己年事已高，却被推荐购买{product}，亏损{amount}元。', '客户称购买{product}前从未做过风险测评。'],
    request: ['要求赔偿本金损失。', '要求撤销交易并退还资金。'], source: ['调取风险测评问卷及双录视频', '核查客户风险等级与产品风险等级'] },
  RC04: { lines: ['retail', 'corporate', 'credit_card'], products: ['柜面业务', '大堂咨询', '客服热线'], confusedWith: ['RC05', 'RC15'],
    summary: ['客户反映在{unit}办理业务时工作人员态度很差，对其提问不予理睬。', '客户称致电{product}时客服人员不耐烦，直接挂断电话。'],
    request: ['要求当事人道歉。', '要求处理相关人员。'], source: ['调阅网点监控录像并约谈当事员工', '调听服务录音'] },
  RC05: { lines: ['retail', 'credit_card', 'corporate'], products: ['柜面业务', '客服热线', '贷款审批', '退款申请'], confusedWith: ['RC04', 'RC08'],
    summary: ['客户反映在{unit}排队等候{n}分钟仍未办理。', '客户称{product}提交后{n}天无人处理，多次催促无果。'],
    request: ['要求尽快办结。', '要求说明延误原因。'], source: ['调取排队叫号记录', '核查工单流转及处理记录'] },
  RC06: { lines: ['retail', 'credit_card', 'corporate'], products: ['借记卡', '信用卡', '对公账户', '定期存款'], confusedWith: ['RC07', 'RC09', 'RC14'],
    summary: ['客户反映其账户于{date}被多扣款{amount}元。', '客户称在{unit}办理的{product}业务结果与其要求不一致。'],
    request: ['要求退还多扣款项。', '要求更正并赔偿损失。'], source: ['调取业务凭证及交易流水', '调阅柜面操作记录及监控录像'] },
  RC07: { lines: ['retail', 'corporate', 'brokerage'], products: ['手机银行', '网上银行', '自助取款机', '银证转账'], confusedWith: ['RC06', 'RC14', 'RC09'],
    summary: ['客户反映使用{product}转账{amount}元时提示失败，但资金已被扣划。', '客户称{product}无法使用，影响了还款。'],
    request: ['要求退回资金并赔偿利息。', '要求说明原因并消除影响。'], source: ['信息科技部核查系统日志', '调取设备日志及交易流水'] },
  RC08: { lines: ['retail', 'corporate', 'brokerage'], products: ['销户', '贷款结清', '抵押注销', '账户解冻'], confusedWith: ['RC05', 'RC04'],
    summary: ['客户反映为办理{product}在多个网点之间来回奔波，问题一直没有解决。', '客户称{product}被要求反复提交材料。'],
    request: ['要求一次办结。', '要求说明办理要求。'], source: ['核查各部门处理记录', '调取业务办理流程及相关制度'] },
  RC09: { lines: ['retail', 'credit_card', 'corporate'], products: ['借记卡', '信用卡', '对公账户', '个人贷款'], confusedWith: ['RC06', 'RC01', 'RC10'],
    summary: ['客户对{product}被收取{fee}{amount}元有异议，认为收费不合理。', '客户称{product}的{fee}过高。'],
    request: ['要求退还费用。', '要求减免相关费用。'], source: ['调取收费记录及服务价目表', '核对收费标准及公示情况'] },
  RC10: { lines: ['retail', 'insurance', 'corporate'], products: ['住房贷款', '保险合同', '信用卡领用合约', '借款合同'], confusedWith: ['RC09', 'RC01'],
    summary: ['客户认为{product}中的条款不合理，对执行结果不认可。', '客户称{product}的约定与其理解不一致。'],
    request: ['要求按其理解执行。', '要求变更合同约定。'], source: ['调取合同文本及面签录像', '核对合同条款及签署记录'] },
  RC11: { lines: ['wealth', 'insurance', 'brokerage'], products: ['净值型理财产品', '代销基金', '分红型保险', '结构性存款'], confusedWith: ['RC01', 'RC02', 'RC03'],
    summary: ['客户反映购买的{product}到期收益远低于预期，出现亏损{amount}元。', '客户称{product}收益不如宣传，认为银行误导。'],
    request: ['要求赔偿损失。', '要求补足收益。'], source: ['调取双录视频、风险测评问卷及产品说明书签收记录', '核查产品运作及净值披露情况'] },
  RC12: { lines: ['retail', 'credit_card', 'wealth'], products: ['个人客户信息', '账户交易信息', '征信信息'], confusedWith: ['RC14'],
    summary: ['客户反映近期频繁接到营销电话，怀疑其个人信息被泄露。', '客户称其{product}被他人知悉。'],
    request: ['要求查明原因并追责。', '要求删除信息并道歉。'], source: ['调取客户信息查询日志', '排查有权限员工的查询记录'] },
  RC13: { lines: ['retail'], products: ['营业网点', '自助服务区', '智能柜台'], confusedWith: ['RC05', 'RC07'],
    summary: ['客户反映{unit}{product}条件差，影响办理业务。', '客户称在{unit}因设施问题办理业务不便。'],
    request: ['要求改善网点设施。', '要求网点说明情况。'], source: ['现场查看网点设施', '调阅网点监控并核查设备维护记录'] },
  RC14: { lines: ['retail', 'credit_card', 'corporate'], products: ['借记卡', '信用卡', '手机银行', '对公账户'], confusedWith: ['RC07', 'RC06', 'RC12'],
    summary: ['客户反映账户资金{amount}元被转走，要求银行承担损失。', '客户称{product}交易失败是银行的问题。'],
    request: ['要求银行赔偿损失。', '要求银行承担责任。'], source: ['调取交易流水及相关记录', '核查交易日志及第三方反馈'] },
  RC15: { lines: ['credit_card', 'retail'], products: ['信用卡欠款', '消费贷款', '经营贷款'], confusedWith: ['RC04', 'RC09', 'RC10'],
    summary: ['客户要求银行全额减免{product}并赔偿{amount}元，否则向媒体曝光。', '客户就{product}事项多次投诉，要求高额补偿。'],
    request: ['要求全额减免。', '要求一次性补偿{amount}元。'], source: ['核查历次投诉处理记录及合同约定', '调取往来沟通记录'] }
}

const CHANNELS: Channel[] = ['phone', 'counter', 'online', 'letter', 'regulator', 'head_office', 'media']
const CHANNEL_WEIGHTS = [35, 22, 20, 5, 10, 5, 3]
const FIND_INTERNAL = ['核实{p}', '确认存在{p}的情况', '发现{p}', '{p}属实', '查明{p}']
const FIND_EXTERNAL = ['{p}', '核实{p}', '查明{p}']
const FACTS_INTERNAL = ['{p}，责任在我行。', '经认定，{p}，属我行责任。', '{p}，我行存在过错。']
const FACTS_EXTERNAL = ['{p}，我行处理符合规定。', '经认定，{p}，我行无过错。', '{p}，不属于我行责任。']

/** One demo text for a live node of the taxonomy. */
function caseFor(rng: Rng, tax: Taxonomy, node: CauseNode, id: string): TaggedCase {
  const famCode = node.parent ?? node.code
  const fam = FAMILY[famCode]
  const parent = tax.byCode.get(famCode)!
  const own = node.phrases.length ? node.phrases : parent.phrases
  const said = rng.chance(0.3) ? FAMILY[rng.pick(fam.confusedWith)] : fam
  const line = rng.pick(fam.lines)
  const branch = rng.pick(BRANCHES)
  const slots = {
    product: rng.pick(said.products), unit: `${branch.city}${rng.pick(branch.subs)}支行`, amount: String(rng.int(1, 400) * 50),
    n: String(rng.int(2, 90)), date: `${rng.int(1, 12)}月${rng.int(1, 28)}日`, rate: String(rng.int(3, 8)), fee: rng.pick(FEES),
    staff: rng.pick(STAFF)
  }
  const written = FINDINGS[node.code]
  const frames = node.internal ? FIND_INTERNAL : FIND_EXTERNAL
  const byFinding = written && rng.chance(0.75)
  let investigation = `经${rng.pick(fam.source)}，${byFinding ? fill(rng.pick(written.found), slots) : fill(rng.pick(frames), { p: rng.pick(own) })}`
  if (rng.chance(0.4)) investigation += `，${fill(rng.pick(frames), { p: rng.pick(rng.chance(0.7) ? own : parent.phrases) })}`
  if (said !== fam && rng.chance(0.5)) {
    const other = tax.byCode.get(fam.confusedWith.find((c) => FAMILY[c] === said)!)!
    investigation += `，未发现${rng.pick(other.phrases.filter((x) => !/^[未不无非]/.test(x)))}的情况`
  }
  const facts = byFinding && rng.chance(0.7) ? rng.pick(written.facts)
    : fill(rng.pick(node.internal ? FACTS_INTERNAL : FACTS_EXTERNAL), { p: rng.pick(own) })
  return {
    id, primary: node.code,
    channel: CHANNEL_ZH[rng.weighted(CHANNELS, CHANNEL_WEIGHTS)], businessLine: BUSINESS_LINE_ZH[line],
    summary: fill(rng.pick(said.summary), slots), request: fill(rng.pick(said.request), slots),
    investigation: `${investigation}。`, facts
  }
}

/**
 * An investigation and a finding of facts stating the cause `code` (a node of `tax`), as caseFor writes them,
 * for a generated case of the demo archive (rootcause-truth.ts). Slots the case does not give are drawn here.
 */
export function findingTexts(rng: Rng, tax: Taxonomy, code: string, slots: Record<string, string>): { investigation: string; facts: string } {
  const node = tax.byCode.get(code)!
  const famCode = node.parent ?? node.code
  const parent = tax.byCode.get(famCode)!
  const own = node.phrases.length ? node.phrases : parent.phrases
  const all = { fee: rng.pick(FEES), staff: rng.pick(STAFF), rate: String(rng.int(3, 8)), ...slots }
  const written = FINDINGS[code]
  const frames = node.internal ? FIND_INTERNAL : FIND_EXTERNAL
  const byFinding = written && rng.chance(0.8)
  let investigation = `经${rng.pick(FAMILY[famCode]?.source ?? ['调查核实'])}，${byFinding ? fill(rng.pick(written.found), all) : fill(rng.pick(frames), { p: rng.pick(own) })}`
  if (rng.chance(0.3)) investigation += `，${fill(rng.pick(frames), { p: rng.pick(own) })}`
  const facts = byFinding && rng.chance(0.7) ? fill(rng.pick(written.facts), all) : fill(rng.pick(node.internal ? FACTS_INTERNAL : FACTS_EXTERNAL), { p: rng.pick(own) })
  return { investigation: `${investigation}。`, facts }
}

/**
 * `perNode` tagged demo cases for every live node of the taxonomy (ids `demo-<seed>-<code>-<i>`), deterministic
 * for a seed. Nodes of a first level the demo vocabulary does not know (added by an administrator) are skipped.
 */
export function rootCauseDemoCases(seed: number, perNode: number, tax: Taxonomy = SEED_TAXONOMY): TaggedCase[] {
  const rng = new Rng(seed)
  const out: TaggedCase[] = []
  for (const node of tax.nodes) {
    if (!isLive(tax, node.code) || !FAMILY[node.parent ?? node.code]) continue
    for (let i = 0; i < perNode; i++) out.push(caseFor(rng, tax, node, `demo-${seed}-${node.code}-${i}`))
  }
  return out
}
