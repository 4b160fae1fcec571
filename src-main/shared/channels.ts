// Channel names alone, without zod, for the preload's allowlist (the preload should stay tiny).
export const CHANNEL_NAMES = [
  'app.info', 'meta.options', 'cases.list', 'cases.count', 'cases.get', 'cases.audit', 'cases.unmask', 'cases.exportStart', 'cases.exportStatus', 'cases.exportCancel',
  'auth.signIn', 'auth.signOut', 'auth.me', 'auth.changePassword', 'setup.createAdmin', 'users.list', 'users.accounts', 'users.add', 'users.setActive', 'users.setRoles', 'users.resetPassword', 'audit.status', 'audit.run', 'plans.list', 'plans.preview', 'plans.create',
  'reviews.queue', 'reviews.get', 'reviews.forCase', 'reviews.saveRule', 'reviews.saveFinding', 'reviews.deleteFinding',
  'reviews.saveConclusion', 'reviews.submit', 'reviews.decide',
  'documents.list', 'documents.forCase', 'documents.generate', 'documents.batchStart', 'documents.batchStatus', 'documents.batchCancel', 'documents.batchResume', 'documents.batchDownload', 'documents.batches',
  'documents.open', 'documents.saveAs', 'documents.verify',
  'calendar.overview', 'calendar.days', 'calendar.import', 'policy.list', 'policy.save',
  'rootCauses.taxonomy', 'rootCauses.editTaxonomy', 'rootCauses.ofCase', 'rootCauses.setCase', 'rootCauses.bulkCount', 'rootCauses.bulkTag',
  'rootCauses.pareto', 'rootCauses.suggest', 'rootCauses.suggestionStats', 'rootCauses.lastBulk', 'rootCauses.undoBulk',
  'trends.view', 'trends.ruleEvidence', 'trends.extras', 'trends.chartFile', 'trends.customers', 'trends.saveCustomers',
  'legal.offers', 'legal.offer', 'legal.sign', 'legal.cosign', 'legal.export', 'legal.matrices', 'legal.saveMatrix',
  'rectification.queue', 'rectification.item', 'rectification.update', 'rectification.decide',
  'import.inspect', 'import.dryRun', 'import.start', 'import.status', 'import.cancel', 'import.list', 'import.savePreset', 'import.writeErrors',
  'settings.directory', 'settings.saveDirectory', 'retention.preview', 'retention.save', 'retention.anonymise',
  'quarters.list', 'quarters.changes', 'quarters.close', 'quarters.reopen', 'stats.regulatory', 'stats.regulatoryExport',
  'import.errorFile', 'import.upload', 'import.chooseFile'
] as const
