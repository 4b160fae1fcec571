// Runs one CLI command to its end: stdout guarded (see output.ts), `--verbose` taken out of the arguments,
// a failure reported as one line (see errors.ts), and the exit deferred until the output is flushed.
import { debugRequested, formatCliError } from './errors'
import { exitWhenFlushed, guardStdout } from './output'

/**
 * Calls `main` with the arguments (without `--verbose`) and exits with its code, or with 1 after printing
 * the error that ended it. Never returns.
 */
export async function runCli(main: (argv: string[]) => Promise<number>, argv = process.argv.slice(2)): Promise<never> {
  guardStdout()
  const verbose = argv.includes('--verbose') || debugRequested()
  let code: number
  try {
    code = await main(argv.filter((a) => a !== '--verbose'))
  } catch (err) {
    process.stderr.write(`${formatCliError(err, verbose)}\n`)
    code = 1
  }
  return exitWhenFlushed(code)
}
