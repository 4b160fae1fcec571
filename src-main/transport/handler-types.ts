import type { Channel, ParsedRequestOf, ResponseOf } from '../shared/contract'
import type { Caller } from '../auth/sessions'

export type Handler<C extends Channel> = (request: ParsedRequestOf<C>, caller: Caller) => Promise<ResponseOf<C>>
export type HandlerMap<C extends Channel = Channel> = { [K in C]: Handler<K> }
