// Who may call each channel. The dispatcher enforces this before any handler runs; handlers add the checks
// that depend on the record (only the assigned reviewer edits a review, the senior is someone else…).
import type { Channel } from '../shared/contract'
import type { Role, SessionUser } from '../shared/review-types'

export type Access = 'public' | 'signed_in' | readonly Role[]

const REVIEWER: readonly Role[] = ['reviewer']
const SENIOR: readonly Role[] = ['senior_reviewer']
const PLANNERS: readonly Role[] = ['senior_reviewer', 'admin']
const ADMIN: readonly Role[] = ['admin']
const ISSUERS: readonly Role[] = ['reviewer', 'senior_reviewer', 'legal', 'admin', 'records']
const TAGGERS: readonly Role[] = ['reviewer', 'senior_reviewer']
const RECORDS: readonly Role[] = ['records', 'admin']
// Trend figures hold no personal data: leadership, the review teams and administrators read them.
const TREND_READERS: readonly Role[] = ['leadership', 'reviewer', 'senior_reviewer', 'admin']
const LEGAL: readonly Role[] = ['legal']
const LEGAL_READERS: readonly Role[] = ['legal', 'admin']
/** 整改: reviewers record follow-ups, senior reviewers also approve closure; leadership and admin read. */
const RECTIFICATION_READERS: readonly Role[] = ['reviewer', 'senior_reviewer', 'leadership', 'admin']

export const CHANNEL_ACCESS: Record<Channel, Access> = {
  'app.info': 'public',
  'auth.signIn': 'public',
  'auth.me': 'public',
  // Only while the archive has no administrator (checked in the handler, under a lock).
  'setup.createAdmin': 'public',
  'auth.changePassword': 'signed_in',
  'auth.signOut': 'signed_in',
  'meta.options': 'signed_in',
  'cases.list': 'signed_in',
  'cases.count': 'signed_in',
  'cases.get': 'signed_in',
  'cases.audit': 'signed_in',
  // Who may see which case's personal data is decided per case (privacy/need-to-know.ts).
  'cases.unmask': 'signed_in',
  // The list's export: whoever reads the list, masked; in full only the records office and administrators
  // (as a batch of dossiers), checked in the handler with the reason.
  'cases.exportStart': 'signed_in',
  'cases.exportStatus': 'signed_in',
  'cases.exportCancel': 'signed_in',
  'users.list': PLANNERS,
  // User administration (issue 10 point 17): administrators only; the last administrator is kept (users/admin.ts).
  'users.accounts': ADMIN,
  'users.add': ADMIN,
  'users.setActive': ADMIN,
  'users.setRoles': ADMIN,
  'users.resetPassword': ADMIN,
  'audit.status': 'signed_in',
  'audit.run': PLANNERS,
  'plans.list': 'signed_in',
  'plans.preview': PLANNERS,
  'plans.create': PLANNERS,
  'reviews.queue': 'signed_in',
  'reviews.get': 'signed_in',
  'reviews.forCase': 'signed_in',
  'reviews.saveRule': REVIEWER,
  'reviews.saveFinding': REVIEWER,
  'reviews.deleteFinding': REVIEWER,
  'reviews.saveConclusion': REVIEWER,
  'reviews.submit': REVIEWER,
  'reviews.decide': SENIOR,
  'documents.list': 'signed_in',
  'documents.forCase': 'signed_in',
  // Issuing a formal document is work of the review and legal teams; leadership reads what was issued.
  'documents.generate': ISSUERS,
  // A batch of dossiers holds the personal data of every case in it: the records office's work.
  'documents.batchStart': RECORDS,
  'documents.batchStatus': 'signed_in',
  'documents.batchCancel': RECORDS,
  'documents.batchResume': RECORDS,
  // Only the person who ran the batch, checked in the handler (the files hold every case's personal data).
  'documents.batchDownload': RECORDS,
  'documents.batches': RECORDS,
  'documents.open': 'signed_in',
  'documents.saveAs': 'signed_in',
  'documents.verify': 'signed_in',
  // The calendar decides every time limit: only administrators load or replace a year.
  'calendar.overview': 'signed_in',
  'calendar.days': 'signed_in',
  'calendar.import': ADMIN,
  'policy.list': 'signed_in',
  'policy.save': ADMIN,
  // Reviewers tag causes; leadership and legal read them; administrators keep the taxonomy.
  'rootCauses.taxonomy': 'signed_in',
  'rootCauses.editTaxonomy': ADMIN,
  'rootCauses.ofCase': 'signed_in',
  'rootCauses.setCase': TAGGERS,
  'rootCauses.bulkCount': TAGGERS,
  'rootCauses.bulkTag': TAGGERS,
  'rootCauses.pareto': 'signed_in',
  'rootCauses.suggest': TAGGERS,
  'rootCauses.suggestionStats': ADMIN,
  'rootCauses.lastBulk': TAGGERS,
  'rootCauses.undoBulk': TAGGERS,
  'trends.view': TREND_READERS,
  // The rule's reason and evidence of the cases on a drilled page: times, limits and staff names, no customer's data.
  'trends.ruleEvidence': TREND_READERS,
  'trends.extras': TREND_READERS,
  'trends.chartFile': TREND_READERS,
  // Customer counts are the institution's business figures, not personal data: trend readers see them,
  // administrators keep them.
  'trends.customers': TREND_READERS,
  'trends.saveCustomers': ADMIN,
  // The legal department's workbench: legal users read and sign; administrators read and keep the matrix.
  'legal.offers': LEGAL_READERS,
  'legal.offer': LEGAL_READERS,
  'legal.sign': LEGAL,
  'legal.cosign': LEGAL,
  'legal.export': LEGAL_READERS,
  'legal.matrices': 'signed_in',
  'legal.saveMatrix': ADMIN,
  'rectification.queue': RECTIFICATION_READERS,
  'rectification.item': RECTIFICATION_READERS,
  'rectification.update': TAGGERS,
  'rectification.decide': SENIOR,
  // Importing writes the archive and reads every row's personal data: the records office's and administrators' work.
  'import.inspect': RECORDS,
  'import.dryRun': RECORDS,
  'import.start': RECORDS,
  'import.status': RECORDS,
  'import.cancel': RECORDS,
  'import.list': RECORDS,
  'import.savePreset': RECORDS,
  'import.writeErrors': RECORDS,
  // Directory sign-in and the retention of personal data are the institution's settings: administrators only.
  'settings.directory': ADMIN,
  'settings.saveDirectory': ADMIN,
  'retention.preview': ADMIN,
  'retention.save': ADMIN,
  'retention.anonymise': ADMIN,
  // A quarter is closed by a senior reviewer (one signature: the figures are frozen, nothing is changed);
  // reopening throws the frozen figures away for a new close, so only administrators may.
  'quarters.list': TREND_READERS,
  'quarters.changes': TREND_READERS,
  'quarters.close': SENIOR,
  'quarters.reopen': ADMIN,
  // The regulator's table holds counts only, like the trend figures.
  'stats.regulatory': TREND_READERS,
  'stats.regulatoryExport': TREND_READERS,
  'import.errorFile': RECORDS,
  'import.upload': RECORDS,
  'import.chooseFile': RECORDS
}

export const hasRole = (user: SessionUser | null, roles: readonly Role[]): boolean => !!user && user.roles.some((r) => roles.includes(r))

/** What a session whose password an administrator gave may still do until it is changed. */
export const WHILE_PASSWORD_MUST_CHANGE: readonly Channel[] = ['auth.changePassword', 'auth.me', 'auth.signOut', 'app.info']

/** Null when allowed; otherwise why not, in the words the renderer shows. `channel` is checked against a password that must be changed. */
export function denied(access: Access, user: SessionUser | null, channel?: Channel): { code: 'unauthenticated' | 'forbidden'; message: string } | null {
  if (access === 'public') return null
  if (!user) return { code: 'unauthenticated', message: '请先登录' }
  if (user.mustChangePassword && channel && !WHILE_PASSWORD_MUST_CHANGE.includes(channel)) return { code: 'forbidden', message: '管理员为您设置了临时密码：请先修改密码' }
  if (access === 'signed_in' || hasRole(user, access)) return null
  return { code: 'forbidden', message: '当前账号无权执行此操作' }
}
