import type { Channel, ParsedRequestOf, ResponseOf } from '../shared/contract'

export type Handler<C extends Channel> = (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>
export type HandlerMap<C extends Channel = Channel> = { [K in C]: Handler<K> }
