// Request schemas and responses of user administration (issue 10 point 17; administrators only).
import { z } from 'zod'
import { zId, zVersion } from './contract-common'
import { ROLES, type Role } from './review-types'

/** One account as the administrators' screen lists it. */
export interface AccountRow {
  id: number; username: string; displayName: string; roles: Role[]; active: boolean
  /** 'directory': signs in through the institution's directory, which gives the roles and checks the password. */
  source: 'local' | 'directory'
  /** Signs in with a password an administrator gave and must change it first. */
  mustChangePassword: boolean
  demo: boolean
  version: number
  createdAt: string
}

const roles = z.array(z.enum(ROLES)).min(1, '请至少选择一个角色').max(ROLES.length)
const password = z.string().min(1, '请填写密码').max(200)
const versioned = { id: zId, version: zVersion }

export const userRequestSchemas = {
  'users.accounts': z.object({}).strict(),
  'users.add': z.object({
    username: z.string().trim().regex(/^[a-z][a-z0-9._-]{2,39}$/i, '用户名为 3–40 位字母、数字、点、横线或下划线，以字母开头'),
    displayName: z.string().trim().min(1, '请填写姓名').max(40),
    roles,
    password
  }).strict(),
  'users.setActive': z.object({ ...versioned, active: z.boolean() }).strict(),
  'users.setRoles': z.object({ ...versioned, roles }).strict(),
  'users.resetPassword': z.object({ ...versioned, password }).strict()
} as const

export interface UserResponses {
  'users.accounts': AccountRow[]
  'users.add': AccountRow
  'users.setActive': AccountRow
  'users.setRoles': AccountRow
  'users.resetPassword': AccountRow
}
