// Reading a password for the CLI: piped, or typed on a terminal without echo.
import { createInterface } from 'node:readline/promises'

/** A password from stdin: its first line when piped, typed without echo on a terminal. */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = ''
    for await (const chunk of process.stdin) text += chunk
    return text.split('\n')[0]
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  // Mute the echo while the password is typed.
  const out = rl as unknown as { _writeToOutput: (s: string) => void }
  rl.setPrompt('')
  process.stderr.write('password: ')
  out._writeToOutput = () => {}
  const answer = await rl.question('')
  rl.close()
  process.stderr.write('\n')
  return answer
}
