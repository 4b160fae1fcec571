// A real OpenLDAP server for the directory sign-in tests: Debian's slapd (installed by .ci/run) with a
// throw-away slapd.conf and database in a temp folder, on 127.0.0.1 and a free port, loaded with ldapadd and
// stopped (its folder removed) by stop(). Runs in the foreground (-d 0) so the test owns the process.
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
export const SUFFIX = 'dc=bank,dc=test'
export const ROOT_DN = `cn=admin,${SUFFIX}`
export const ROOT_PW = 'root-secret-1'
export const SLAPD = '/usr/sbin/slapd'

export interface Slapd { url: string; port: number; ldif(text: string, op?: 'add' | 'modify'): Promise<void>; stop(): Promise<void>; kill(): Promise<void> }

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    }).on('error', reject)
  })
}

async function reachable(url: string): Promise<boolean> {
  try {
    await run('ldapwhoami', ['-x', '-H', url], { timeout: 2000 })
    return true
  } catch {
    return false
  }
}

/** Starts slapd with the people and groups of `ldif` (LDIF under dc=bank,dc=test). */
export async function startSlapd(ldif: string): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-slapd-'))
  mkdirSync(join(dir, 'data'))
  const schema = (n: string): string => `include /etc/ldap/schema/${n}.schema`
  writeFileSync(join(dir, 'slapd.conf'), [
    schema('core'), schema('cosine'), schema('inetorgperson'), schema('nis'),
    `pidfile ${join(dir, 'slapd.pid')}`,
    'modulepath /usr/lib/ldap', 'moduleload back_mdb',
    'database mdb', `suffix "${SUFFIX}"`, `rootdn "${ROOT_DN}"`, `rootpw ${ROOT_PW}`, `directory ${join(dir, 'data')}`, 'maxsize 10485760',
    'access to attrs=userPassword by anonymous auth by self write by * none',
    'access to * by users read by * none', ''
  ].join('\n'))
  const port = await freePort()
  const url = `ldap://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  const launch = async (): Promise<void> => {
    child = spawn(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], { stdio: 'ignore' })
    for (let i = 0; i < 100; i++) {
      if (await reachable(url)) return
      if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('slapd did not answer within 10 s')
  }
  const kill = async (): Promise<void> => {
    const c = child as ChildProcess | null
    if (!c || c.exitCode !== null) return
    await new Promise<void>((resolve) => { c.once('exit', () => resolve()); c.kill('SIGTERM') })
  }
  await launch()
  const load = async (text: string, op: 'add' | 'modify' = 'add'): Promise<void> => {
    const file = join(dir, `load-${Date.now()}.ldif`)
    writeFileSync(file, text)
    await run(op === 'add' ? 'ldapadd' : 'ldapmodify', ['-x', '-H', url, '-D', ROOT_DN, '-w', ROOT_PW, '-f', file])
  }
  await load(`dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Test Bank\ndc: bank\n\n` +
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n\ndn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n\n${ldif}`)
  return {
    url, port, ldif: load, kill,
    async stop() {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** A person under ou=people (uid, cn, displayName, a plain-text password slapd compares on bind). */
export const person = (uid: string, name: string, password: string): string =>
  `dn: uid=${uid},ou=people,${SUFFIX}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${name}\nsn: ${name.slice(0, 1)}\ndisplayName: ${name}\nuserPassword: ${password}\n\n`

/** A groupOfNames under ou=groups with these uids as members. */
export const group = (cn: string, uids: string[]): string =>
  `dn: cn=${cn},ou=groups,${SUFFIX}\nobjectClass: groupOfNames\ncn: ${cn}\n${uids.map((u) => `member: uid=${u},ou=people,${SUFFIX}\n`).join('')}\n`
