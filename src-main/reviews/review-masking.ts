// The free text of a review with the personal data typed into it masked (privacy/): the opinion, the return
// comment, the findings, the rule notes and the history of changes.
//
// One exception: the reviewer who may still edit the review gets their own draft text as written, because the
// review screen loads it into the editor and saves it back — masking it there would overwrite the digits with
// '*'. Anyone else (the senior reviewer, readers, the review document) sees it masked; the history is always
// masked, as it is never edited.
import type { ReviewDetail } from '../shared/review-types'
import { maskFreeText as free } from '../privacy'

/** Every string inside a trail entry's before/after value, masked; other values as they are. */
function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return free(value)
  if (Array.isArray(value)) return value.map(maskDeep)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]))
  return value
}

export function maskReview(d: ReviewDetail): ReviewDetail {
  const draft = d.can.edit
  return {
    ...d,
    returnComment: free(d.returnComment),
    trail: d.trail.map((t) => ({ ...t, before: maskDeep(t.before), after: maskDeep(t.after) })),
    ...(draft ? {} : {
      opinion: free(d.opinion),
      rules: d.rules.map((r) => ({ ...r, note: free(r.note) })),
      findings: d.findings.map((f) => ({ ...f, description: free(f.description), requiredAction: free(f.requiredAction) }))
    })
  }
}
