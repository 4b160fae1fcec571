import type { ApiError } from '@shared/contract'

/** Codes a renderer-side error can carry: the contract's codes, plus `network` when no envelope arrived. */
export type DossierErrorCode = ApiError['code'] | 'network'

/** The one error type the api client throws; stores keep it as their `error` state. */
export class DossierError extends Error {
  readonly code: DossierErrorCode

  constructor(code: DossierErrorCode, message: string) {
    super(message)
    this.name = 'DossierError'
    this.code = code
  }
}

/** Anything caught from the client (or a programming error) as a DossierError. */
export function toDossierError(e: unknown): DossierError {
  if (e instanceof DossierError) return e
  if (e instanceof Error) return new DossierError('internal', e.message)
  return new DossierError('internal', String(e))
}
