// Policy sets as a formal document names them (issue 10 point 4): a reader knows a regulation by its title, not
// by the archive's code for its parameter set (internal-2020, cbirc-2020-3). Pure, so the audit engine (the
// authority matrix it derives from a set) and the documents name a set the same way.

/** A row of policy_sets as the documents need it (effective_from a 'YYYY-MM-DD' day). */
export interface PolicySetTitle { code: string; title: string; effective_from: string; version: number }

/** 内部投诉处理制度（2020年1月1日起施行，第2版）: the set in full, where the document says which rules applied. */
export function policySetName(s: PolicySetTitle): string {
  const [y, m, d] = s.effective_from.split('-').map(Number)
  return `${s.title}（${y}年${m}月${d}日起施行${s.version > 1 ? `，第${s.version}版` : ''}）`
}

/**
 * 《内部投诉处理制度》（2020版）, 《银行业保险业消费投诉处理管理办法》（银保监会令2020年第3号）: the set inside a
 * sentence — the title in book-title marks, then what the title carries in brackets or else the year it took effect.
 */
export function policySetShortName(s: PolicySetTitle): string {
  const m = /^《?(.+?)》?(（[^（）]+）)?$/.exec(s.title.trim())
  const title = m?.[1] ?? s.title
  return `《${title}》${m?.[2] ?? `（${s.effective_from.slice(0, 4)}版）`}`
}

/** Replaces each policy-set code in `text` by its name (「据 internal-2020 分行审批权限」 → 「据《内部投诉处理制度》（2020版）分行审批权限」). */
export function namePolicySets(text: string, names: Record<string, string>): string {
  const codes = Object.keys(names).sort((a, b) => b.length - a.length)
  if (!codes.length) return text
  const escaped = codes.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return text.replace(new RegExp(` ?(?<![\\w-])(${escaped.join('|')})(?![\\w-]) ?`, 'g'), (_, code: string) => names[code])
}
