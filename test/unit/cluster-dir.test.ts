// Issue 16 point 5: initdb fails on Windows when the data folder's path holds non-ASCII characters or spaces
// (C:\Users\张伟\AppData\Roaming\Dossier). The cluster moves to an ASCII-only folder, one per data folder.
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chooseClusterDir, isSafeClusterPath } from '../../src-main/db/cluster-dir'

const win = (dataDir: string, env: Record<string, string> = { ProgramData: 'C:\\ProgramData', SystemDrive: 'C:' }) =>
  chooseClusterDir({ dataDir, platform: 'win32', env })

describe('the cluster folder on Windows', () => {
  it.each([
    ['C:\\Users\\zhangwei\\AppData\\Roaming\\Dossier', 'C:\\Users\\zhangwei\\AppData\\Roaming\\Dossier\\pgdata'],
    ['D:\\dossier-data', 'D:\\dossier-data\\pgdata']
  ])('an ASCII path without spaces keeps its cluster: %s', (dataDir, expected) => {
    expect(win(dataDir)).toEqual({ clusterDir: expected, movedBecause: null })
  })

  it.each([
    'C:\\Users\\张伟\\AppData\\Roaming\\Dossier',
    'C:\\Users\\Zhang Wei\\AppData\\Roaming\\Dossier',
    'C:\\Users\\José\\AppData\\Roaming\\Dossier',
    'E:\\合规部\\Dossier'
  ])('%s moves under ProgramData, says where, and is ASCII', (dataDir) => {
    const c = win(dataDir)
    expect(c.clusterDir).toMatch(/^C:\\ProgramData\\Dossier\\[0-9a-f]{16}\\pgdata$/)
    expect(isSafeClusterPath(c.clusterDir)).toBe(true)
    expect(c.movedBecause).toContain(dataDir)
    expect(c.movedBecause).toContain(c.clusterDir)
  })

  it('two users\' data folders never share a cluster; the same folder always gets the same one', () => {
    expect(win('C:\\Users\\张伟\\AppData\\Roaming\\Dossier').clusterDir).not.toBe(win('C:\\Users\\李娜\\AppData\\Roaming\\Dossier').clusterDir)
    expect(win('C:\\Users\\张伟\\AppData\\Roaming\\Dossier').clusterDir).toBe(win('C:\\Users\\张伟\\AppData\\Roaming\\Dossier').clusterDir)
  })

  it.each([
    ['C:\\ \\..\\a', 'C:\\a\\pgdata'],
    ['C:\\a\\.\\b', 'C:\\a\\b\\pgdata']
  ])('a folder named through . or .. is judged as Windows opens it: %s', (dataDir, expected) => {
    expect(win(dataDir)).toEqual({ clusterDir: expected, movedBecause: null })
  })

  it('the same folder spelt with . or .. keeps the same moved cluster', () => {
    expect(win('C:\\Users\\张伟\\.\\Dossier').clusterDir).toBe(win('C:\\Users\\张伟\\Dossier').clusterDir)
    expect(win('C:\\Users\\张伟\\x\\..\\Dossier').movedBecause).toContain('C:\\Users\\张伟\\Dossier')
  })

  it('a ProgramData that is itself not ASCII falls back to the system drive', () => {
    const c = win('C:\\Users\\张伟\\AppData\\Roaming\\Dossier', { ProgramData: 'C:\\程序数据', SystemDrive: 'D:' })
    expect(c.clusterDir).toMatch(/^D:\\DossierData\\[0-9a-f]{16}\\pgdata$/)
  })

  it('property: whatever the data folder, the chosen cluster path is ASCII without spaces', () => {
    const seg = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'Z', '9', ' ', '张', '伟', 'é', '-', '_', '.', '（') })
    fc.assert(fc.property(fc.array(seg, { minLength: 1, maxLength: 5 }), fc.constantFrom('C:', 'D:'), (segs, drive) => {
      const dataDir = `${drive}\\${segs.join('\\')}`
      const c = win(dataDir)
      expect(isSafeClusterPath(c.clusterDir)).toBe(true)
      // Decided on the folder Windows opens: `.` and `..` segments resolved (CI found `C:\\ \\..\\a`).
      expect(c.movedBecause === null).toBe(isSafeClusterPath(`${path.win32.normalize(dataDir)}\\pgdata`))
    }))
  })
})

describe('the cluster folder on Unix', () => {
  it('stays in the data folder for a normal user, whatever the characters', () => {
    expect(chooseClusterDir({ dataDir: '/home/张伟/.config/Dossier', platform: 'linux', env: {} })).toEqual({ clusterDir: '/home/张伟/.config/Dossier/pgdata', movedBecause: null })
  })
  it('moves to /var/lib/dossier as root when the folder is private', () => {
    const c = chooseClusterDir({ dataDir: '/root/.config/Dossier', platform: 'linux', env: {}, asRoot: true, reachableByOthers: false })
    expect(c.clusterDir).toMatch(/^\/var\/lib\/dossier\/[0-9a-f]{16}\/pgdata$/)
    expect(chooseClusterDir({ dataDir: '/tmp/d', platform: 'linux', env: {}, asRoot: true, reachableByOthers: true }).movedBecause).toBeNull()
  })
})
