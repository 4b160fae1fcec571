// `dossier` — the command line over the same services the app uses.
import { parseArgs } from 'node:util'
import { ANONYMISE_USAGE, AUDIT_USAGE, BACKUP_USAGE, CALENDAR_USAGE, DOC_USAGE, IMPORT_USAGE, ROOTCAUSE_USAGE, TRAIL_USAGE, USER_USAGE } from './usage'
import { runCli } from './run'

const USAGE = `dossier <command> [options]

Commands:
  migrate                 run pending database migrations
  seed --cases N          add N generated demo cases (COPY; up to 1,000,000)
       [--seed S]         random seed (default 20251)
       [--workers W]      generator threads (default 1; 0 = in-process)
${AUDIT_USAGE}
${CALENDAR_USAGE}
${DOC_USAGE}
${USER_USAGE}
${TRAIL_USAGE}
${ROOTCAUSE_USAGE}
${BACKUP_USAGE}
${IMPORT_USAGE}
${ANONYMISE_USAGE}

The database is DATABASE_URL when set, otherwise the embedded server in the data folder
(DOSSIER_DATA_DIR overrides the folder); while the app runs on that folder, its server is used.
--verbose (or DEBUG=dossier) adds the stack to an error.`

const MIGRATE_USAGE = '  migrate                 run pending database migrations (as the schema owner)'
const SEED_USAGE = USAGE.slice(USAGE.indexOf('  seed'), USAGE.indexOf(AUDIT_USAGE)).trimEnd()

/** Each command's lines of the usage: what `dossier COMMAND [SUBCOMMAND] --help` prints. */
const COMMAND_USAGE: Record<string, string> = {
  migrate: MIGRATE_USAGE, seed: SEED_USAGE, audit: AUDIT_USAGE, calendar: CALENDAR_USAGE, doc: DOC_USAGE, user: USER_USAGE, users: USER_USAGE,
  'verify-trail': TRAIL_USAGE, rootcause: ROOTCAUSE_USAGE, backup: BACKUP_USAGE, restore: BACKUP_USAGE, import: IMPORT_USAGE, export: IMPORT_USAGE
}

/** `--help`, `-h` or `help` anywhere after the command (`dossier user --help`, `dossier user add --help`). */
const asksHelp = (args: string[]): boolean => args.some((a) => a === '--help' || a === '-h') || args[0] === 'help'

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' ? rest[0] : undefined
    console.log(topic && COMMAND_USAGE[topic] ? `dossier ${COMMAND_USAGE[topic].trim()}` : USAGE)
    return command ? 0 : 1
  }
  if (COMMAND_USAGE[command] && asksHelp(rest)) {
    console.log(`dossier ${COMMAND_USAGE[command].trim()}`)
    return 0
  }
  // Each command's module is loaded when it runs: together they took seconds to load (the documents' renderer,
  // TypeORM), which every command and every `--help` paid.
  if (command === 'migrate') {
    const { openDatabase } = await import('../db/database')
    const { defaultDataDir } = await import('../db/data-dir')
    const { migrateSafely, recordUpgradeBackup } = await import('../backup/pre-migration')
    // Migrations run as the owner (db/roles.ts): the embedded server's, a superuser URL's, the owner's own
    // URL, or DATABASE_OWNER_URL beside an app login.
    const db = await openDatabase({ runMigrations: false, asOwner: true })
    try {
      if (!db.ownerUrl) throw new Error('升级数据库结构需要数据库属主（dossier_owner）的账号：请设置 DATABASE_OWNER_URL')
      const { ran, backup } = await migrateSafely(db.ownerUrl, defaultDataDir(), (m) => console.error(m))
      if (backup) await recordUpgradeBackup(db.ds, { ran, backup })
      console.log(ran.length ? `applied ${ran.length} migration(s): ${ran.join(', ')}` : 'database is up to date')
    } finally {
      await db.close()
    }
    return 0
  }
  if (command === 'seed') {
    const { values } = parseArgs({ args: rest, options: { cases: { type: 'string' }, seed: { type: 'string' }, workers: { type: 'string' } } })
    const cases = Number(values.cases ?? '5000')
    if (!Number.isInteger(cases) || cases < 1 || cases > 1_000_000) throw new Error('--cases must be a whole number from 1 to 1,000,000')
    const seed = Number(values.seed ?? '20251')
    const workers = Number(values.workers ?? '1')
    const { openDatabase } = await import('../db/database')
    const { seedArchive } = await import('../demo/loader')
    const db = await openDatabase()
    try {
      let last = 0
      const res = await seedArchive(db.ds, {
        cases, seed, workers,
        onProgress: (done, total) => {
          const pct = Math.floor((done / total) * 100)
          if (pct >= last + 5 || done === total) { last = pct; process.stderr.write(`\rseeding ${done.toLocaleString()} / ${total.toLocaleString()} (${pct}%)`) }
        }
      })
      process.stderr.write('\n')
      const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
      console.log(`seeded ${res.cases} cases (ids ${res.firstId}–${res.lastId}) into the ${db.kind} database in ${sec(res.ms)}`)
      console.log(`  generate + copy ${sec(res.phases.copyMs)}, indexes ${sec(res.phases.indexMs)}, foreign keys ${sec(res.phases.foreignKeyMs)}, analyze ${sec(res.phases.analyzeMs)}`)
    } finally {
      await db.close()
    }
    return 0
  }
  if (command === 'audit') return (await import('./audit-command')).auditCommand(rest)
  if (command === 'calendar') return (await import('./calendar-command')).calendarCommand(rest)
  if (command === 'doc') return (await import('./doc-command')).docCommand(rest)
  if (command === 'user' || command === 'users') return (await import('./user-command')).userCommand(rest)
  if (command === 'verify-trail') return (await import('./trail-command')).verifyTrailCommand(rest)
  if (command === 'rootcause') return (await import('./rootcause-command')).rootCauseCommand(rest)
  if (command === 'backup') return (await import('./backup-command')).backupCommand(rest)
  if (command === 'restore') return (await import('./backup-command')).restoreCommand(rest)
  if (command === 'import' || command === 'export') return (await import('./import-command')).importExportCommand(command, rest)
  if (command === 'anonymise') return (await import('./anonymise-command')).anonymiseCommand(rest)
  console.error(`unknown command: ${command}\n\n${USAGE}`)
  return 1
}

void runCli(main)
