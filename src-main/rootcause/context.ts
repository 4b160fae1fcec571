// Channel and business line as similarity tokens, whichever way a case writes them: the archive's codes
// (phone, wealth) or Chinese labels as files and screens do (电话, 上级行转办, 理财).
import { BUSINESS_LINES, BUSINESS_LINE_ZH, CHANNELS, CHANNEL_ZH } from '../shared/codes'
import { normaliseText } from '../text/normalise'

// Each code's Chinese names, split at '/' and brackets: 上级行/总部转办 → 上级行, 总部转办.
const CHANNEL_NAMES = CHANNELS.map((c) => ({ code: c, names: CHANNEL_ZH[c].split(/[/()（）]/).filter(Boolean) }))

/** The channel code for a code or a Chinese label (by its first two characters: 上级行转办 → head_office). */
export function channelCode(value: string | null | undefined): string | null {
  if (!value) return null
  const v = normaliseText(value).trim()
  if ((CHANNELS as readonly string[]).includes(v)) return v
  const hit = CHANNEL_NAMES.find((c) => c.names.some((n) => v.startsWith(normaliseText(n).slice(0, 2))))
  return hit ? hit.code : v
}

/** The business-line code for a code or its Chinese label. */
export function businessLineCode(value: string | null | undefined): string | null {
  if (!value) return null
  const v = normaliseText(value).trim()
  if ((BUSINESS_LINES as readonly string[]).includes(v)) return v
  return BUSINESS_LINES.find((b) => BUSINESS_LINE_ZH[b] === v) ?? v
}

/** Tokens that cannot collide with text bigrams (they contain ':'). */
export function contextTokens(channel: string | null | undefined, businessLine: string | null | undefined): string[] {
  const out: string[] = []
  const ch = channelCode(channel)
  const bl = businessLineCode(businessLine)
  if (ch) out.push(`ch:${ch}`)
  if (bl) out.push(`bl:${bl}`)
  return out
}
