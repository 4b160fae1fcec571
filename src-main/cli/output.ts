// The CLI's standard output. Node writes to a pipe asynchronously: a process that calls process.exit while
// a slow reader (jq, less, a script) has not taken everything yet loses the rest without a word, and a
// reader that closes early (`| head`) turns the next write into EPIPE. So: writes stop quietly once the
// reader is gone, a long printer can wait for the pipe to drain instead of holding gigabytes in memory, and
// the process exits only after what was written has been handed to the pipe.

let readerGone = false
let writeFailure: Error | null = null

/**
 * Installs the one stdout error listener: EPIPE (the reader closed, e.g. `| head -c 100`) ends output
 * quietly and the command carries on to its normal end; any other write error (a full disk) is kept and
 * reported by exitWhenFlushed.
 */
export function guardStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    readerGone = true
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') writeFailure ??= err
  })
}

/** Prints one line on stdout; nothing once the reader has gone. */
export function out(line: string): void {
  if (!readerGone) process.stdout.write(`${line}\n`)
}

/**
 * Resolves when stdout can take more without buffering in memory (at once unless a write returned false).
 * Long printers await it between chunks, so a slow reader slows the command instead of filling memory.
 */
export async function stdoutDrained(): Promise<void> {
  const s = process.stdout
  if (readerGone || s.destroyed || !s.writableNeedDrain) return
  await new Promise<void>((resolve) => {
    const done = (): void => { s.off('drain', done); s.off('close', done); s.off('error', done); resolve() }
    s.on('drain', done).on('close', done).on('error', done)
  })
}

/** Resolves once everything written so far to the stream has been handed to the OS (or the stream failed). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve()
  // Writes complete in order, so an empty write's callback runs after every earlier one has completed.
  return new Promise((resolve) => { stream.write('', () => resolve()) })
}

/**
 * Exits with the command's code once stdout and stderr are flushed (a slow reader gets all of it first).
 * A stdout write error other than EPIPE is reported on stderr and makes the exit code 1.
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  await flushed(process.stdout)
  if (writeFailure) {
    process.stderr.write(`dossier: 无法写出结果：${writeFailure.message}\n`)
    code ||= 1
  }
  await flushed(process.stderr)
  process.exit(code)
}
