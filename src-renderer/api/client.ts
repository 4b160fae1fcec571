// The typed client the stores call. One interface, two backends (see transport.ts).
import type { Channel, DossierApi, RequestOf, ResponseOf } from '@shared/contract'
import { DossierError } from './errors'
import { bridgeTransport, fetchTransport, type Transport } from './transport'

/**
 * Requests are plain JSON on both transports: this strips Vue proxies (which structured clone rejects
 * over IPC) and `undefined` keys, so the main process sees the same data whichever way it arrives.
 */
function toPlain(request: unknown): unknown {
  return request === undefined ? {} : JSON.parse(JSON.stringify(request))
}

/** `message` says why (请先登录, or that the session expired or the account was deactivated). */
type SignedOutListener = (channel: Channel, message: string) => void
const signedOutListeners = new Set<SignedOutListener>()

/**
 * Called whenever the main process answers 'unauthenticated' (the session ended or the server restarted),
 * so one place can send the user to the sign-in screen instead of every store handling it. A wrong
 * password on auth.signIn is the same code but means something else, so it is not reported.
 */
export function onSignedOut(listener: SignedOutListener): () => void {
  signedOutListeners.add(listener)
  return () => signedOutListeners.delete(listener)
}

export function createApi(transport: Transport): DossierApi {
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const envelope = await transport(channel, toPlain(request))
      if (envelope.ok) return envelope.data as ResponseOf<C>
      if (envelope.error.code === 'unauthenticated' && channel !== 'auth.signIn') {
        for (const listener of signedOutListeners) listener(channel, envelope.error.message)
      }
      throw new DossierError(envelope.error.code, envelope.error.message)
    }
  }
}

export function defaultTransport(): Transport {
  return typeof window !== 'undefined' && window.dossier ? bridgeTransport(window.dossier) : fetchTransport()
}

let instance: DossierApi | null = null

/** The shared client; created on first use so the preload's `window.dossier` is in place by then. */
export function useApi(): DossierApi {
  instance ??= createApi(defaultTransport())
  return instance
}

/** Replace the shared client (unit tests, storybook-style harnesses). */
export function setApi(api: DossierApi | null): void {
  instance = api
}
