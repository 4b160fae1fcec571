// The administrator's security settings: directory sign-in and the retention of personal data.
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import type { DirectorySettings, DirectorySettingsView } from '../shared/contract-settings'
import { readSetting, saveSetting } from './settings-store'
import { anonymiseBeyondRetention, previewAnonymise } from '../retention/anonymise'
import { invalid } from '../transport/errors'

const DEFAULTS: DirectorySettings = {
  enabled: false, url: 'ldap://127.0.0.1:389', mode: 'template', bindDnTemplate: '', baseDn: 'dc=example,dc=com', userFilter: '(uid={username})',
  serviceDn: '', servicePassword: '', displayNameAttribute: 'displayName', groupRoles: [], timeoutMs: 5_000
}

function view(value: DirectorySettings | null, version: number | null): DirectorySettingsView {
  const { servicePassword, ...rest } = value ?? DEFAULTS
  return { ...rest, hasServicePassword: !!servicePassword, version }
}

export function buildSettingsHandlers(ctx: AppContext): HandlerMap<'settings.directory' | 'settings.saveDirectory' | 'retention.preview' | 'retention.save' | 'retention.anonymise'> {
  return {
    async 'settings.directory'() {
      const { value, version } = await readSetting<DirectorySettings>(ctx.ds, 'directory')
      return view(value, version)
    },
    async 'settings.saveDirectory'(req, caller) {
      const { value: stored } = await readSetting<DirectorySettings>(ctx.ds, 'directory')
      const next: DirectorySettings = { ...req.settings, servicePassword: req.settings.servicePassword ?? stored?.servicePassword ?? '' }
      if (next.enabled && next.mode === 'search' && !next.servicePassword) throw invalid('查找方式须设置服务账号密码')
      if (next.enabled && !next.groupRoles.length) throw invalid('启用目录登录前请至少映射一个用户组')
      const version = await saveSetting(ctx.ds, 'directory', next, req.expectedVersion, caller.user!.username, ['servicePassword'])
      return view(next, version)
    },
    'retention.preview': () => previewAnonymise(ctx.ds),
    async 'retention.save'(req, caller) {
      await saveSetting(ctx.ds, 'retention', { months: req.months }, req.expectedVersion, caller.user!.username)
      return previewAnonymise(ctx.ds)
    },
    'retention.anonymise': (req, caller) => anonymiseBeyondRetention(ctx.ds, caller.user!.username, req.expectCases, ctx.documentsDir)
  }
}
