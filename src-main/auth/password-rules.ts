// What a password must be (issue 15, point 9), for every account however it is made (the first-start
// form, `dossier user add`, a change of password): long enough to resist guessing at the lock-out's pace,
// not the username or a well-known password. Lengths count characters (a Chinese character is one).

export const MIN_LENGTH = 10
const COMMON = new Set(['password', 'password1', 'password123', '1234567890', '12345678910', 'qwertyuiop', 'iloveyou', 'admin12345', 'administrator',
  'dossier-demo', 'a123456789', 'abc1234567', 'qwerty1234', '1q2w3e4r5t', 'zaq12wsxcde', '0123456789', '1111111111', '123123123123', 'woaini1314', 'aaaaaaaaaa'])

/** Null when acceptable; otherwise what is wrong, in the words the sign-in screen shows. */
export function passwordProblem(password: string, username: string): string | null {
  const chars = [...password]
  if (chars.length < MIN_LENGTH) return `密码至少 ${MIN_LENGTH} 个字符`
  if (chars.length > 200) return '密码最多 200 个字符'
  const lower = password.toLowerCase()
  if (COMMON.has(lower)) return '这是常见密码，请换一个'
  if (username && lower.includes(username.toLowerCase())) return '密码不能包含用户名'
  if (new Set(chars).size < 4) return '密码的字符过于单一'
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(password)).length
  // Chinese characters (thousands to choose from) make a short password strong enough on their own.
  const chinese = chars.filter((c) => /\p{Script=Han}/u.test(c)).length
  if (chars.length < 16 && classes < 3 && chinese < 4) return '16 个字符以下的密码须含大写字母、小写字母、数字、符号中的至少三类'
  return null
}
