// Set-up (issue 10 point 19): the Node version the README and package.json state is one every installed
// package accepts (nanoid 6 wanted Node 22 while the README said 20.19), and `npm start` without Electron's
// binary says what is missing and points to browser mode instead of "Error: Electron uninstall".
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { createRequire } from 'node:module'

// semver is installed (by npm's own tree) without types; the two functions used here.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string | { version: string }, range: string): boolean
  minVersion(range: string): { version: string; major: number; minor: number } | null
}

const ROOT = resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string }; scripts: Record<string, string> }
const lock = JSON.parse(readFileSync(resolve(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> }

// The lowest version our range allows and the later majors a user may have (semver 6 here has no subset()).
const PROBES = ['20.19.0', '20.20.2', '22.12.0', '22.13.0', '22.20.0', '23.6.0', '24.0.0', '24.11.0', '25.0.0', '26.0.0']

describe('the Node version', () => {
  it('stated in package.json is accepted by every package in the lock file', () => {
    const ours = pkg.engines?.node
    expect(ours).toBeDefined()
    expect(semver.satisfies(semver.minVersion(ours!)!, ours!)).toBe(true)
    expect(PROBES).toContain(semver.minVersion(ours!)!.version)
    const refused = Object.entries(lock.packages)
      .filter(([name, p]) => name && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !PROBES.filter((v) => semver.satisfies(v, ours!)).every((v) => semver.satisfies(v, (p.engines as { node: string }).node)))
      .map(([name, p]) => `${name} wants ${(p.engines as { node: string }).node}`)
    expect(refused).toEqual([])
  })

  it('is the one the README states', () => {
    const min = semver.minVersion(pkg.engines!.node!)!
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`Node.js ${min.major}.${min.minor}+`)
    expect(readme).not.toMatch(/Node\.js 20\.19\+/)
  })
})

describe('npm start without Electron', () => {
  it('stops before building, says the binary is missing and points to browser mode', () => {
    expect(pkg.scripts.prestart).toBe('node build/check-electron.mjs')
    const r = spawnSync(process.execPath, [resolve(ROOT, 'build/check-electron.mjs')], {
      encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron' }
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/Electron('s binary is missing| is not installed)/)
    expect(r.stderr).toContain('npm run web')
    expect(r.stderr).toContain('node node_modules/electron/install.js')
  })
})
