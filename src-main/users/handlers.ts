// Channel → function for user administration; the dispatcher has already required an administrator.
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { addAccount, listAccounts, resetPassword, setActive, setRoles } from './admin'

type UserChannels = 'users.accounts' | 'users.add' | 'users.setActive' | 'users.setRoles' | 'users.resetPassword'

export function buildUserHandlers(ctx: AppContext): HandlerMap<UserChannels> {
  const { ds } = ctx
  return {
    'users.accounts': () => listAccounts(ds),
    'users.add': (req, c) => addAccount(ds, c.user!.username, { ...req, mustChange: true }),
    'users.setActive': (req, c) => setActive(ds, c.user!, req),
    'users.setRoles': (req, c) => setRoles(ds, c.user!, req),
    'users.resetPassword': (req, c) => resetPassword(ds, c.user!, req)
  }
}
