// Password hashing with Argon2id (@node-rs/argon2: maintained, prebuilt N-API binaries, no install script).
import { hash, verify } from '@node-rs/argon2'

export const hashPassword = (password: string): Promise<string> => hash(password)

export async function passwordMatches(stored: string, given: string): Promise<boolean> {
  try {
    return await verify(stored, given)
  } catch {
    return false
  }
}
