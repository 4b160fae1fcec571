// Channel names alone, without zod, for the preload's allowlist (the preload should stay tiny).
export const CHANNEL_NAMES = ['app.info', 'meta.options', 'cases.list', 'cases.count', 'cases.get'] as const
