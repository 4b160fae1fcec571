// Personal data: the masking rule for identifiers, names and addresses, and the detector for free text.
// Everything shown on a screen or in the review document goes through here; the 客户投诉档案 and 客户投诉登记表
// print personal data in full by design (README, Personal data rule).
export { maskIdentifier, maskName, shownCounts, SHORT_IDENTIFIER, MAX_SHOWN_HEAD, MAX_SHOWN_TAIL } from './identifier-mask'
export { maskAddress, administrativeArea } from './address-mask'
export { detectPersonalData, type PersonalDataKind, type PersonalDataSpan } from './detect'
export { maskFreeText, maskedExcerpt, EXCERPT_MARGIN } from './mask-text'
