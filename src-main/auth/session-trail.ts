// Sign-ins, failed and refused sign-ins, lock-outs, sign-outs, expiries and revocations go into the audit
// trail (issue 15, point 5) as entity 'session', entity id the username (as typed, lower-cased, when it
// names no account), so one account's history reads in order. Never the password, never a session id.
import type { DataSource } from 'typeorm'
import { recordChange } from '../trail/record'

export type SessionAction = 'sign_in' | 'sign_in_failed' | 'sign_in_refused' | 'lock' | 'sign_out' | 'expire' | 'revoke'

/**
 * `actor` is who acted: the account for its own sign-in, sign-out and expiry; 'anonymous' for a failed or
 * refused attempt (nobody has proved who they are); 'system' for a lock-out or a revocation.
 */
export async function recordSession(ds: DataSource, actor: string, username: string, action: SessionAction, detail: Record<string, unknown>): Promise<void> {
  await recordChange(ds.manager, { actor, entity: 'session', entityId: username, action, before: null, after: detail })
}
