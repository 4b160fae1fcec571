export { createApi, defaultTransport, onSignedOut, setApi, useApi } from './client'
export { DossierError, toDossierError, type DossierErrorCode } from './errors'
export { bridgeTransport, fetchTransport, isEnvelope, type Transport } from './transport'
