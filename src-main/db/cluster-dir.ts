// Where the embedded cluster's files go. Normally `<data folder>/pgdata`; two cases move it:
// - Windows, when the data folder's path holds non-ASCII characters or spaces (C:\Users\张伟\AppData\…):
//   initdb and the server are known to fail on such paths (issue 16 point 5; reported against embedded
//   PostgreSQL wrappers and the EDB installers). The cluster goes under ProgramData in a folder named by a
//   hash of the data folder, so each Windows user's archive keeps its own cluster.
// - root on Unix (CI, containers): PostgreSQL runs as a separate user, who cannot pass a private home.
import { createHash } from 'node:crypto'
import path from 'node:path'

export interface ClusterDirChoice {
  /** The cluster folder (PostgreSQL's data directory). */
  clusterDir: string
  /** Why it is not `<data folder>/pgdata`, in one line for the user; null when it is. */
  movedBecause: string | null
}

export interface ClusterDirInputs {
  dataDir: string
  platform: NodeJS.Platform
  /** Environment: ProgramData and SystemDrive on Windows. */
  env: Record<string, string | undefined>
  /** Unix only: running as root, and whether others can reach dataDir (every ancestor searchable). */
  asRoot?: boolean
  reachableByOthers?: boolean
}

/** Printable ASCII without spaces: what initdb and the server take on every platform. */
export function isSafeClusterPath(p: string): boolean {
  return /^[\x21-\x7e]+$/.test(p)
}

const folderKey = (dataDir: string): string => createHash('sha256').update(dataDir).digest('hex').slice(0, 16)

/**
 * Chooses the cluster folder for a data folder (pure: no file is touched; embedded.ts creates it).
 * On Windows a data folder whose path is not printable ASCII without spaces gets
 * `%ProgramData%\Dossier\<16 hex of SHA-256(dataDir)>\pgdata`, or `%SystemDrive%\DossierData\…` when
 * ProgramData itself is not such a path.
 */
export function chooseClusterDir(inp: ClusterDirInputs): ClusterDirChoice {
  if (inp.platform === 'win32') {
    // Decide on, and key by, the folder as Windows will open it: `C:\ \..\a` is `C:\a`, and
    // `C:\a\.\b` is the same archive as `C:\a\b` (the same cluster).
    const dataDir = path.win32.normalize(inp.dataDir)
    const own = path.win32.join(dataDir, 'pgdata')
    if (isSafeClusterPath(own)) return { clusterDir: own, movedBecause: null }
    const programData = inp.env.ProgramData ?? inp.env.PROGRAMDATA ?? `${inp.env.SystemDrive ?? 'C:'}\\ProgramData`
    const base = isSafeClusterPath(programData) ? path.win32.join(programData, 'Dossier') : path.win32.join(`${inp.env.SystemDrive ?? 'C:'}\\`, 'DossierData')
    const clusterDir = path.win32.join(base, folderKey(dataDir), 'pgdata')
    return { clusterDir, movedBecause: `数据目录 ${dataDir} 的路径含中文或空格，PostgreSQL 在这样的路径上无法初始化：数据库文件放在 ${clusterDir}` }
  }
  const own = path.posix.join(inp.dataDir, 'pgdata')
  if (!inp.asRoot || inp.reachableByOthers) return { clusterDir: own, movedBecause: null }
  const clusterDir = path.posix.join('/var/lib/dossier', folderKey(inp.dataDir), 'pgdata')
  return { clusterDir, movedBecause: `以 root 运行时数据库服务器的用户进不了 ${inp.dataDir}：数据库文件放在 ${clusterDir}` }
}
