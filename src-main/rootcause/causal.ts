// Cause and effect inside a sentence of findings. Tracing a complaint to its source (溯源整改, 银保监会令2020年
// 第3号 第九条) means taking the cause, not the consequence: in 因部门间衔接不畅导致处理超时 the root cause is the
// poor coordination and the delay is what it caused. Each character of a sentence gets a role: 1 in the cause
// slot, -1 in the effect slot, 0 where the sentence says nothing about causation.

// After these, the sentence states the effect; what came before them (in the same stretch) was the cause.
const EFFECT_MARKERS = ['导致', '造成', '致使', '使得', '引发', '以致', '从而', '进而', '因此', '因而', '所以', '结果']
// After these, the sentence states the cause.
const CAUSE_MARKERS = ['由于', '因为', '原因是', '原因为', '原因系', '原因在于', '系因', '系由', '源于', '归因于', '根源在于', '起因于', '出于']
// 因 alone is a cause marker, but not inside 原因, 因此, 因而, 因为 (handled above) or 因素.
const LONE_YIN_NOT_BEFORE = ['此', '而', '为', '素']
// …系X所致 / …是X造成的: X is the cause and what precedes the 系 is the effect.
const TAIL_CAUSE = ['所致', '所引起', '造成的', '导致的', '引起的', '所造成']
const TAIL_OPENERS = ['系', '是', '为', '由', '因']
const NOT_OPENER_BEFORE: Record<string, string[]> = { 系: ['联', '关', '体'], 是: ['但', '还', '只', '就', '也', '都', '而'], 为: ['认', '行', '作', '成', '因'] }
const NOT_OPENER_AFTER: Record<string, string[]> = { 系: ['统', '列'], 为: ['止', '准'] }

function startsAt(s: string, i: number, markers: readonly string[]): string | undefined {
  return markers.find((m) => s.startsWith(m, i))
}

/** The causal role of each character of a sentence (its UTF-16 positions). */
export function causalRoles(sentence: string): Int8Array {
  const roles = new Int8Array(sentence.length)
  let state = 0
  let stretch = 0 // where the text since the last marker began
  for (let i = 0; i < sentence.length;) {
    const effect = startsAt(sentence, i, EFFECT_MARKERS)
    if (effect) {
      if (state === 0) roles.fill(1, stretch, i)
      state = -1
      roles.fill(-1, i, i + effect.length)
      i += effect.length
      stretch = i
      continue
    }
    const cause = startsAt(sentence, i, CAUSE_MARKERS) ??
      (sentence[i] === '因' && sentence[i - 1] !== '原' && !LONE_YIN_NOT_BEFORE.includes(sentence[i + 1] ?? '') ? '因' : undefined)
    if (cause) {
      state = 1
      roles.fill(1, i, i + cause.length)
      i += cause.length
      stretch = i
      continue
    }
    // 由于X，Y: the cause clause ends at the comma, and what follows is its effect.
    if (state === 1 && (sentence[i] === ',' || sentence[i] === '，')) state = -1
    roles[i] = state
    i++
  }
  for (const tail of TAIL_CAUSE) {
    for (let p = sentence.indexOf(tail); p >= 0; p = sentence.indexOf(tail, p + 1)) {
      let open = -1
      for (let j = p - 1; j >= 0 && open < 0; j--) {
        const ch = sentence[j]
        if (!TAIL_OPENERS.includes(ch)) continue
        if (NOT_OPENER_BEFORE[ch]?.includes(sentence[j - 1] ?? '') || NOT_OPENER_AFTER[ch]?.includes(sentence[j + 1] ?? '')) continue
        open = j
      }
      if (open < 0) continue
      roles.fill(-1, 0, open)
      roles.fill(1, open, p + tail.length)
    }
  }
  return roles
}
