import type { securityZhCN } from './security-zh-CN'

export const securityEn: typeof securityZhCN = {
  security: {
    title: 'Security settings',
    loadFailed: 'Could not read the security settings',
    retention: {
      title: 'Retention of personal data',
      law: 'PIPL art. 19 and 47: personal data is kept no longer than its purpose needs and is deleted or anonymised when the period ends.',
      months: 'Period (months after closing)',
      unset: 'not set',
      save: 'Save period',
      preview: 'Cases past the period',
      cutoff: 'closed before {date}',
      cases: '{n} cases',
      none: 'No case is past the period',
      already: '{n} already anonymised',
      fields: { complainant_name: 'Name', complainant_phone: 'Phone', complainant_id_no: 'ID number', complainant_address: 'Address', summary: 'Summary', request: 'Request', evidence: 'Evidence', investigation: 'Investigation', facts: 'Facts', resolution: 'Resolution', reply_content: 'Reply', extension_reason: 'Extension reason', revisit_result: 'Revisit result', rereview_result: 'Re-review result' } as Record<string, string>,
      field: 'Field',
      count: 'Cases with a value',
      others: '{events} timeline notes, {offers} offers, {rect} rectifications, {followUps} rectification follow-ups, {trail} trail entries; {docs} issued dossier / registration files are deleted from the documents folder (the register keeps their numbers and hashes).',
      keeps: 'Kept: case numbers, dates, amounts, units, categories, root causes, review results — all that statistics and the documents register need.',
      run: 'Anonymise these {n} cases',
      confirm: 'Anonymise the personal data of {n} cases? This cannot be undone.',
      done: '{cases} cases anonymised, {trail} trail entries redacted, {docs} document files deleted.'
    },
    directory: {
      title: 'Directory sign-in (LDAP / AD)',
      hint: 'When on, users without a local account sign in with their directory password; their groups give their roles, read at every sign-in. Local accounts always work.',
      enabled: 'Directory sign-in on',
      url: 'Directory server',
      mode: 'Bind',
      modeTemplate: 'DN template',
      modeSearch: 'Find with a service account, then bind (AD)',
      bindDnTemplate: "Bind DN template (with {'{username}'})",
      baseDn: 'Base DN',
      userFilter: 'User filter',
      serviceDn: 'Service account DN',
      servicePassword: 'Service account password',
      passwordSet: 'set (leave empty to keep)',
      displayNameAttribute: 'Name attribute',
      groups: 'Group → roles (one per line: group DN = role,role)',
      save: 'Save directory settings',
      saved: 'Saved'
    }
  }
}
