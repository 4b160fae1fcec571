// The administrator's security settings: directory (LDAP/AD) sign-in and the retention period of personal
// data (个人信息保护法 第十九条, 第四十七条), with the anonymisation of cases past it.
import { z } from 'zod'
import { ROLES } from './review-types'
import { zVersion } from './contract-common'

const dn = z.string().trim().min(3).max(500)

/** What an administrator saves; `servicePassword` absent keeps the stored one (it is never sent back). */
export const directorySettingsSchema = z.object({
  enabled: z.boolean(),
  /** ldap:// or ldaps:// with a host and an optional port. */
  url: z.string().trim().max(300).regex(/^ldaps?:\/\/[A-Za-z0-9.\-[\]:]+(:\d{1,5})?\/?$/, '目录服务器地址形如 ldaps://ad.bank.local:636'),
  /** 'template': bind as bindDnTemplate with {username}; 'search': find the user with a service account first (AD). */
  mode: z.enum(['template', 'search']),
  bindDnTemplate: z.string().trim().max(500).refine((s) => s === '' || s.includes('{username}'), '绑定 DN 模板须含 {username}').default(''),
  baseDn: dn,
  /** 'search' mode: the user's entry, e.g. (uid={username}) or (sAMAccountName={username}). */
  userFilter: z.string().trim().max(500).refine((s) => /^\(.*\{username\}.*\)$/.test(s), '用户过滤器须以括号包围并含 {username}').default('(uid={username})'),
  serviceDn: z.string().trim().max(500).default(''),
  servicePassword: z.string().max(200).optional(),
  displayNameAttribute: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,59}$/).default('displayName'),
  /** A directory group's DN → the Dossier roles its members get (the union over a user's groups). */
  groupRoles: z.array(z.object({ groupDn: dn, roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length) }).strict()).max(50),
  timeoutMs: z.number().int().min(500).max(30_000).default(5_000)
}).strict()
  .refine((s) => s.mode !== 'template' || s.bindDnTemplate !== '', { message: '模板方式须填写绑定 DN 模板', path: ['bindDnTemplate'] })
  .refine((s) => s.mode !== 'search' || s.serviceDn !== '', { message: '查找方式须填写服务账号 DN', path: ['serviceDn'] })
export type DirectorySettingsInput = z.input<typeof directorySettingsSchema>
export type DirectorySettings = Omit<z.output<typeof directorySettingsSchema>, 'servicePassword'> & { servicePassword: string }

/** As the screen shows it: the service password never leaves the main process. */
export interface DirectorySettingsView extends Omit<DirectorySettings, 'servicePassword'> { hasServicePassword: boolean; version: number | null }

/** Retention of personal data in months after a case is closed (1–50 years), or null: not set, nothing is anonymised. */
export const retentionSchema = z.object({ months: z.number().int().min(12).max(600).nullable() }).strict()

export interface RetentionPreview {
  months: number | null
  version: number | null
  /** Cases closed before this instant (ISO) are past the period; null when no period is set. */
  cutoff: string | null
  cases: number
  /** Per field: how many of those cases hold a value there now. */
  fields: { field: string; cases: number }[]
  events: number
  offers: number
  rectifications: number
  /** 整改 follow-up updates of those cases (their notes and evidence are rewritten). */
  followUps: number
  trailEntries: number
  /** Issued 客户投诉档案 / 登记表 of those cases whose files are removed from the documents folder (the register keeps them). */
  documents: number
  alreadyAnonymised: number
}

export interface AnonymiseResult { cases: number; trailEntries: number; documentsRemoved: number; cutoff: string }

export const settingsRequestSchemas = {
  'settings.directory': z.object({}).strict(),
  'settings.saveDirectory': z.object({ settings: directorySettingsSchema, expectedVersion: zVersion.nullable() }).strict(),
  'retention.preview': z.object({}).strict(),
  'retention.save': z.object({ months: retentionSchema.shape.months, expectedVersion: zVersion.nullable() }).strict(),
  /** `expectCases`: the preview's count, so what is anonymised is what was shown (refused when it changed). */
  'retention.anonymise': z.object({ expectCases: z.number().int().min(0).max(100_000_000) }).strict()
} as const

export interface SettingsResponses {
  'settings.directory': DirectorySettingsView
  'settings.saveDirectory': DirectorySettingsView
  'retention.preview': RetentionPreview
  'retention.save': RetentionPreview
  'retention.anonymise': AnonymiseResult
}
