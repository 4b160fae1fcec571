// Listed explicitly: a glob stops working once the main process is bundled.
import { InitialSchema1764000000000 } from './1764000000000-initial-schema'
import { ReferenceData1764000000001 } from './1764000000001-reference-data'

export const migrations = [InitialSchema1764000000000, ReferenceData1764000000001]
