// The sixteen review rules of domain.md, in order. Codes are stable: stored results and findings refer to them.
import type { RuleDef } from '../types'
import { R01 } from './r01-acceptance'
import { R02 } from './r02-classification'
import { R03 } from './r03-registration'
import { R04 } from './r04-handling-time'
import { R05 } from './r05-reply'
import { R06 } from './r06-recusal'
import { R07 } from './r07-first-receiver'
import { R08 } from './r08-approval'
import { R09 } from './r09-escalation'
import { R10 } from './r10-group'
import { R11 } from './r11-severity'
import { R12 } from './r12-revisit'
import { R13 } from './r13-remediation'
import { R14 } from './r14-rectification'
import { R15 } from './r15-repeat'
import { R16 } from './r16-archive-form'

export const RULES: readonly RuleDef[] = [R01, R02, R03, R04, R05, R06, R07, R08, R09, R10, R11, R12, R13, R14, R15, R16]
export const RULE_BY_CODE = new Map(RULES.map((r) => [r.code, r]))
