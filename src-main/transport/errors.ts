// Errors a handler throws on purpose: their code and message go to the renderer as they are.
export type FailureCode = 'invalid_request' | 'not_found' | 'forbidden' | 'unauthenticated' | 'conflict'

export class ApiFailure extends Error {
  constructor(readonly code: FailureCode, message: string) {
    super(message)
  }
}

export const notFound = (m: string): ApiFailure => new ApiFailure('not_found', m)
export const forbidden = (m: string): ApiFailure => new ApiFailure('forbidden', m)
export const conflict = (m: string): ApiFailure => new ApiFailure('conflict', m)
export const invalid = (m: string): ApiFailure => new ApiFailure('invalid_request', m)
