// The two ways an envelope reaches the renderer: the Electron preload bridge, or POST /api/<channel>.
import { API_REQUEST_HEADER, type ApiError, type Channel, type DossierBridge, type Envelope } from '@shared/contract'
import { DossierError } from './errors'

export type Transport = (channel: Channel, request: unknown) => Promise<Envelope<unknown>>

const API_CODES: readonly ApiError['code'][] = ['invalid_request', 'not_found', 'forbidden', 'unauthenticated', 'conflict', 'internal']

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

/** A shape check on whatever came back, so a proxy's HTML error page never reaches a store as data. */
export function isEnvelope(v: unknown): v is Envelope<unknown> {
  if (!isObject(v)) return false
  if (v.ok === true) return 'data' in v
  if (v.ok !== false || !isObject(v.error)) return false
  return typeof v.error.message === 'string' && API_CODES.includes(v.error.code as ApiError['code'])
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

export function bridgeTransport(bridge: DossierBridge): Transport {
  return async (channel, request) => {
    let result: unknown
    try {
      result = await bridge.invoke(channel, request)
    } catch (e) {
      throw new DossierError('network', `IPC ${channel} failed: ${errorMessage(e)}`)
    }
    if (!isEnvelope(result)) throw new DossierError('network', `IPC ${channel}: malformed response`)
    return result
  }
}

export function fetchTransport(base = '/api/'): Transport {
  return async (channel, request) => {
    let response: Response
    try {
      response = await fetch(base + channel, {
        method: 'POST',
        // Both are required by the server: a page on another port could otherwise call it with our cookies.
        headers: { 'content-type': 'application/json', [API_REQUEST_HEADER]: '1' },
        credentials: 'same-origin',
        body: JSON.stringify(request)
      })
    } catch (e) {
      throw new DossierError('network', `POST /api/${channel} failed: ${errorMessage(e)}`)
    }
    // Error statuses may still carry an envelope (400 invalid_request, 404 not_found…): prefer it.
    let body: unknown
    try {
      body = await response.json()
    } catch {
      throw new DossierError('network', `POST /api/${channel}: HTTP ${response.status}, not JSON`)
    }
    if (!isEnvelope(body)) throw new DossierError('network', `POST /api/${channel}: HTTP ${response.status}, malformed response`)
    return body
  }
}
