// Database and connection errors as one line a user can act on. TypeORM's QueryFailedError carries the
// statement and its parameters (a password hash, a complainant's ID number); neither ever reaches the line.
// A value is shown only for the columns below whose values are codes, not personal data.

/** Column names in the field's terms (zh-CN), for the lines below; unknown columns show their own name. */
const COLUMN_LABELS: Record<string, string> = {
  username: '用户名', display_name: '姓名', roles: '角色', password_hash: '密码', case_no: '投诉编号', code: '代码',
  kind: '类别', effective_from: '生效日期', day: '日期', year: '年份', unit_id: '机构', handler_id: '承办人',
  case_id: '案件', plan_id: '审查计划', reviewer_id: '审查员', senior_id: '复核人', review_id: '审查', rule: '规则',
  severity: '严重程度', description: '说明', note: '说明', sample_rate: '抽样比例', channel: '渠道', amount: '金额'
}
/** Columns whose values are codes or dates (never personal data), so a duplicate may name its value. */
const SHOWN_VALUES = new Set(['username', 'case_no', 'code', 'kind', 'effective_from', 'day', 'year', 'rule'])
const TABLE_LABELS: Record<string, string> = {
  users: '用户', cases: '案件', units: '机构', staff: '员工', policy_sets: '制度参数', calendar_days: '节假日',
  reviews: '审查', review_plans: '审查计划', findings: '审查发现', audit_runs: '审查运行', documents: '文书'
}
/** Check constraints whose rule is worth saying in words. */
const CHECK_LABELS: Record<string, string> = {
  users_username_check: '用户名只能由 2–40 个小写字母、数字或 . _ - 组成',
  users_roles_check: '角色应为 reviewer、senior_reviewer、legal、leadership、admin 中的一个或几个'
}

const label = (column: string): string => COLUMN_LABELS[column] ?? column

interface PgLikeError { code: string; message: string; detail?: string; constraint?: string; table?: string; column?: string; where?: string }
interface SystemError { code: string; address?: string; port?: number; hostname?: string; message: string }

function pgError(err: unknown): PgLikeError | null {
  const e = (err as { driverError?: unknown })?.driverError ?? err
  if (typeof e !== 'object' || e === null) return null
  const { code, severity } = e as { code?: unknown; severity?: unknown }
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string' ? (e as PgLikeError) : null
}

function systemError(err: unknown): SystemError | null {
  // pg reaches "localhost" on both ::1 and 127.0.0.1; a refusal of both is an AggregateError of the two.
  const e = err instanceof AggregateError && err.errors.length ? err.errors[0] : err
  const code = (e as { code?: unknown })?.code
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? (e as SystemError) : null
}

/** "Key (a, b)=(x, y) …" → the columns and, when every column is a code, the values. */
function keyOf(detail: string | undefined): { columns: string[]; values: string | null } {
  const m = /^Key \((.+?)\)=\((.*)\)/.exec(detail ?? '')
  if (!m) return { columns: [], values: null }
  const columns = m[1].split(',').map((c) => c.trim().replace(/^"|"$/g, ''))
  return { columns, values: columns.every((c) => SHOWN_VALUES.has(c)) ? m[2] : null }
}

function describePg(e: PgLikeError): string {
  const table = e.table ? TABLE_LABELS[e.table] ?? e.table : ''
  switch (e.code) {
    case '23505': {
      const { columns, values } = keyOf(e.detail)
      if (!columns.length) return `${table || '记录'}已存在（${e.constraint ?? '唯一约束'}）`
      return values !== null ? `${columns.map(label).join('、')} ${values} 已存在` : `已有${columns.map(label).join('、')}相同的${table || '记录'}`
    }
    case '23503': {
      const { columns } = keyOf(e.detail)
      const referenced = /is still referenced from table "([^"]+)"/.exec(e.detail ?? '')
      // Here e.table is the referencing table; the message names the one the row was deleted from.
      const target = /^update or delete on table "([^"]+)"/.exec(e.message)?.[1]
      if (referenced) return `仍有${TABLE_LABELS[referenced[1]] ?? referenced[1]}引用这条${target ? TABLE_LABELS[target] ?? target : '记录'}，不能删除`
      const missing = /is not present in table "([^"]+)"/.exec(e.detail ?? '')
      return `引用的${missing ? TABLE_LABELS[missing[1]] ?? missing[1] : '记录'}不存在（${columns.map(label).join('、') || e.constraint}）`
    }
    case '23514':
      // A trigger of ours refuses with check_violation and a message written for people (审查已批准…).
      if (!e.constraint || !/violates check constraint/.test(e.message)) return firstLine(e.message)
      return CHECK_LABELS[e.constraint] ?? `${e.column ? label(e.column) : table}不符合规则（${e.constraint}）`
    case '23502': return `缺少必填项：${e.column ? label(e.column) : '未知'}${table ? `（${table}）` : ''}`
    case '28P01': case '28000': return '数据库拒绝了登录：用户名或密码不对'
    case '3D000': return firstLine(e.message).replace(/^database "(.+)" does not exist$/, '数据库 $1 不存在')
    case '53300': return '数据库的连接数已满，请稍后再试'
    case '57P01': case '57P02': return '数据库服务器已关闭了连接（服务器正在停止或已重启）'
    case '57P03': return '数据库服务器正在启动或停止，暂时不能连接'
    case '40001': case '40P01': return '与同时进行的其他修改冲突，请重试'
    case '25006': return '数据库处于只读状态，不能写入'
    case '53100': return '数据库服务器的磁盘已满'
  }
  // Data exceptions (22…) and other integrity errors (23…) may quote the offending value: name the kind only.
  if (e.code.startsWith('22')) return `数据格式无效（SQLSTATE ${e.code}${e.column ? `，${label(e.column)}` : ''}）`
  if (e.code.startsWith('23')) return `数据不符合约束（SQLSTATE ${e.code}${e.constraint ? `，${e.constraint}` : ''}）`
  return `数据库错误：${firstLine(e.message)}（SQLSTATE ${e.code}）`
}

function describeSystem(e: SystemError): string | null {
  const where = e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : e.hostname ?? ''
  switch (e.code) {
    case 'ECONNREFUSED': return `无法连接数据库 ${where}：连接被拒绝（数据库服务器没有运行，或地址、端口不对）`
    case 'ENOTFOUND': case 'EAI_AGAIN': return `找不到数据库主机 ${e.hostname ?? where}`
    case 'ETIMEDOUT': return `连接数据库 ${where} 超时`
    case 'ECONNRESET': case 'EPIPE': return '与数据库的连接被中断'
    case 'EHOSTUNREACH': case 'ENETUNREACH': return `无法到达数据库主机 ${where}`
  }
  return null
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim()
}

/**
 * One readable line (zh-CN) for a database or connection error — a pg error, TypeORM's QueryFailedError
 * around one, a refused or broken connection — or null when the error is none of these. Never includes the
 * statement or its parameters; values only for code columns (username, case_no…). An error that wraps one
 * of these (`cause`) is not unwrapped: its own message is meant to be read, and says the context.
 */
export function describeDbError(err: unknown): string | null {
  const pg = pgError(err)
  if (pg) return describePg(pg)
  const sys = systemError(err)
  const line = sys && describeSystem(sys)
  if (line) return line
  const message = err instanceof Error ? err.message : ''
  if (/^Connection terminated/i.test(message)) return '与数据库的连接意外中断'
  if (/client password must be a string/.test(message)) return '数据库要求密码，但连接地址（DATABASE_URL）里没有密码'
  if (/^timeout expired/i.test(message)) return '连接数据库超时'
  return null
}
