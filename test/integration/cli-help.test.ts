// Every CLI command and subcommand answers --help (issue 10 point 20: `user --help` was "unknown subcommand"),
// without touching a database; an empty result says so (`user list` on an archive with no account printed
// nothing).
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { resetArchive } from './db'
import { runDossier } from './cli-spawn'

const NO_SERVER = 'postgres://nobody@127.0.0.1:1/none' // help must not need one

const COMMANDS = [
  ['migrate'], ['seed'], ['audit'], ['calendar'], ['calendar', 'import'], ['calendar', 'list'], ['doc'], ['doc', 'case'], ['doc', 'batch'],
  ['doc', 'review'], ['doc', 'quarter'], ['user'], ['user', 'add'], ['user', 'list'], ['user', 'deactivate'], ['user', 'activate'], ['user', 'reset-password'], ['user', 'roles'], ['verify-trail'], ['rootcause'], ['rootcause', 'suggest'],
  ['rootcause', 'eval'], ['backup'], ['restore'], ['import'], ['export']
]

describe('dossier --help', () => {
  it.each(COMMANDS)('%s %s --help prints its usage and succeeds', async (...words) => {
    for (const flag of ['--help', '-h']) {
      const r = await runDossier([...words, flag], { databaseUrl: NO_SERVER })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^dossier /)
      expect(r.stdout).toContain(` ${words.join(' ')}`)
    }
  })

  it('users is the same command as user, its help included', async () => {
    for (const words of [['users', '--help'], ['users', 'roles', '--help'], ['help', 'users']]) {
      const r = await runDossier(words, { databaseUrl: NO_SERVER })
      expect(r.code).toBe(0)
      for (const sub of ['user deactivate NAME', 'user activate NAME', 'user reset-password NAME [--generate]', 'user roles NAME ROLE[,ROLE…]', '`dossier users …` is the same command']) expect(r.stdout).toContain(sub)
    }
  })

  it('help COMMAND prints that command\'s usage; help alone the whole list', async () => {
    const one = await runDossier(['help', 'user'], { databaseUrl: NO_SERVER })
    expect(one.stdout).toContain('user add --username')
    expect(one.stdout).not.toContain('verify-trail')
    const all = await runDossier(['help'], { databaseUrl: NO_SERVER })
    for (const [c] of COMMANDS) expect(all.stdout).toContain(c)
  })
})

describe('empty results', () => {
  beforeAll(async () => resetArchive())

  it('user list on an archive without accounts says there are none', async () => {
    const r = await runDossier(['user', 'list'], { databaseUrl: inject('dbUrl') })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/no active accounts/)
  }, 60_000)
})
