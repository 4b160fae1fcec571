// The usage text of every `dossier` command, apart from the commands themselves: `dossier --help` and a
// command's `--help` then load none of the commands' modules (the documents' renderer alone took seconds
// to load), and a command loads only what it runs (src-main/cli/index.ts imports each on use).
import { ROLES } from '../shared/review-types'

export const ANONYMISE_USAGE = `  anonymise --before-retention --as ADMIN [--dry-run]
                          anonymise the personal data of cases closed longer ago than the retention period
                          (set on the 安全设置 screen); --dry-run prints what would change and changes nothing`

export const AUDIT_USAGE = `  audit [--from DAY] [--to DAY]   audit the archive's cases received from DAY (inclusive) to DAY (exclusive),
        [--json] [--quiet]        store the results; print each case and a per-rule summary (--quiet: summary only)
        [--score]                 also print precision/recall against the demo generator's ground truth (same period)
  audit --input FILE.json [--json] audit the cases in a JSON file (see README) without touching the archive,
                                  under the database's policy sets and holiday calendar`

export const BACKUP_USAGE = `  backup --out FILE --as ADMIN [--encrypt]
                          write the whole archive (every table, checksums, the trail's chain head) to FILE
                          (gzip; PostgreSQL plain format). It holds all personal data: an administrator's
                          sign-in (--as; password from DOSSIER_PASSWORD or stdin); --encrypt takes the
                          passphrase from DOSSIER_BACKUP_PASSPHRASE (AES-256-GCM, scrypt)
  restore FILE            load a backup into an empty archive (a new data folder, or an empty database as
                          its owner): the schema of the backup's version, its rows, then later upgrades;
                          every table's checksum and the trail's chain are checked before anything commits`

export const CALENDAR_USAGE = `  calendar import FILE [--year Y] load (or replace) a year's 节假日安排 from CSV (date,kind,name) or JSON,
        [--dry-run]              then re-audit the cases whose limits reach the changed days (--dry-run: check only)
  calendar list [--year Y]       the loaded years, or one year's holidays and 调休 working days`

export const DOC_USAGE = `  doc case CASE_NO --as USER --reason 用途 [--type dossier|registration] [--out DIR]
                          issue a case's 客户投诉档案 (dossier, default) or 客户投诉登记表 (registration)
                          into DIR (default ./documents); each issue is a new registered version
  doc review REVIEW_ID [--out DIR]
                          issue a review's 审查意见书 with its 审查工作底稿
  doc quarter 2025Q3 [--out DIR] [--interim]
                          issue the quarter's 季度投诉分析报告 (figures, charts, 重大 cases, JR/T appendix);
                          a quarter not yet ended only with --interim (a 截至今日 report that says so)
  doc verify FILE [--json]
                          whether FILE is a registered document (which one, which version) and whether its
                          bytes are the registered bytes; exit 0 registered, 3 altered, 4 not registered
  doc batch (--quarter 2025Q3 | --from DAY --to DAY | --cases NO,NO,…) --out DIR --as USER --reason 用途 [--type T] [--workers W] [--no-zip] [--reissue]
                          the documents of every case received in the quarter, or from DAY (inclusive) to DAY
                          (exclusive), or of the listed cases, into
                          a new folder, with manifest.csv and documents.zip; progress on stderr; Ctrl-C stops
                          after the document in hand (what was written stays registered and listed); cases
                          whose document was already issued are skipped and counted (--reissue: a new version)
                          A case's documents hold personal data: they are issued as a named user (--as; the
                          password from DOSSIER_PASSWORD or stdin) who needs to know (the case's reviewer, the
                          records office, admin; a batch: records office or admin), for a reason (--reason)`

export const IMPORT_USAGE = `  import FILE --as USER          import closed cases from CSV (UTF-8/GB18030, guessed) or XLSX
        [--kind K]               cases (default), events, units, staff, offers, rectifications (keyed by case number or code;
                                 their columns are mapped from the header's names)
        [--mapping NAME]         archive (header names, default), cfpb (auto-detected), or a saved preset (cases only)
        [--dry-run]              count new/changed/unchanged/invalid rows and show samples; write nothing
        [--all-or-nothing]       write nothing when any row is invalid
        [--encoding E] [--sheet S] [--errors FILE]   override the encoding guess; XLSX sheet; error file path
  export FILE.csv|.xlsx --as USER [--from DAY] [--to DAY]   every case field with full personal data (logged)`

export const ROOTCAUSE_USAGE = `  rootcause suggest --input FILE.json [--json]
                          the three most likely root causes of each case in FILE (labels ignored), with
                          scores and reasons, from the archive's taxonomy and tagged cases
  rootcause eval FILE.json
                          the same on a labelled file: top-1 and top-3 accuracy of the primary cause, per label
                          (after the demo cases the generator left untagged, on a demo archive);
                          last line: top1 X.XX top3 X.XX n N`

export const TRAIL_USAGE = `  verify-trail [--anchors FILE]… check the audit trail's hash chain and its anchors (the data folder's
                                 trail-anchors.jsonl, the documents register, and FILE); exit 2 on a broken link`

/** Each subcommand's lines of the usage. */
export const USER_ADMIN_USAGES = {
  deactivate: `  user deactivate NAME    deactivate an account (its open sessions end at their next request);
                          never the last active administrator`,
  activate: '  user activate NAME      activate a deactivated account again',
  'reset-password': `  user reset-password NAME [--generate]
                          a new password for a local account, to be changed at its owner's next sign-in:
                          read from stdin (not echoed on a terminal), or with --generate made up and
                          printed once on stdout`,
  roles: `  user roles NAME ROLE[,ROLE…]
                          set a local account's roles (${ROLES.join(', ')});
                          never takes the role from the last active administrator`
}
export const USER_ADMIN_USAGE = `${Object.values(USER_ADMIN_USAGES).join('\n')}
  (\`dossier users …\` is the same command)`

export const USER_ADMIN_SUBCOMMANDS = Object.keys(USER_ADMIN_USAGES) as (keyof typeof USER_ADMIN_USAGES)[]

export const USER_USAGE = `  user add --username U --name 姓名 --roles reviewer[,senior_reviewer,legal,leadership,admin]
                          create an account; the password is read from stdin (not echoed on a terminal)
  user list               list the active accounts
  user units --username U [--units FZ-TJ,FZ-GL]
                          the units a reviewer sees (with their sub-branches); without --units, shows them
${USER_ADMIN_USAGE}`
