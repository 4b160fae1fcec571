// English strings of the policy parameters section; same shape as policy-zh-CN.ts.
import type { policyZhCN } from './policy-zh-CN'

export const policyEn: typeof policyZhCN = {
  policy: {
    title: 'Policy parameters',
    intro: 'A case is judged by the limits and approval authority in force on the day it was received. A change is saved as a new version and the old one is kept; the whole archive is then re-audited.',
    loading: 'Loading policy parameters…',
    error: 'Could not load the policy parameters',
    empty: 'No parameters of this kind',
    readOnly: 'You can read the policy parameters; changing them is done by an administrator.',
    system: 'System',
    kind: {
      internal: 'Internal policy',
      regulatory: 'Regulation'
    },
    kindHint: {
      internal: 'Internal complaint-handling policy: hours on the clock, working days by the holiday calendar',
      regulatory: 'CBIRC Order No. 3 of 2020, Art. 18: calendar days'
    },
    count: 'Effective dates: {n}',
    add: 'New effective date',
    edit: 'Edit',
    state: {
      in_force: 'In force',
      future: 'Not yet in force',
      past: 'Replaced by a later set'
    },
    applies: 'Applies to',
    governsOpen: 'cases received from {from}',
    governsRange: 'cases received {from} to {until}',
    savedBy: 'Saved',
    version: 'Version {v}',
    by: '{who} · {at}',
    note: 'Reason for change',
    source: 'Source',
    col: {
      param: 'Parameter',
      value: 'Value'
    },
    param: {
      acceptHours: 'Acceptance limit',
      classifyHours: 'Classification limit',
      handleWorkdays: 'Handling limit, general case',
      complexHandleWorkdays: 'Handling limit, complex case',
      replyWorkdays: 'Result reply limit',
      groupMinPeople: 'Group complaint, minimum people',
      escalationHours: 'Escalation limit',
      escalateAtOncePeople: 'Escalate at once from',
      massGatheringReportHours: 'Mass gathering report limit',
      branchApprovalLimit: 'Branch approval authority',
      decisionDays: 'Decision notice limit',
      complexDecisionDays: 'Decision notice limit, complex case',
      especiallyComplexExtraDays: 'Further extension, especially complex',
      reviewRequestDays: 'Period to request a review'
    },
    unit: {
      hours: 'hour | hours',
      workdays: 'working day | working days',
      days: 'day | days',
      people: 'person | people',
      yuan: 'CNY'
    },
    dayKind: 'Days counted as',
    dayKindCalendar: 'calendar days',
    history: {
      show: 'Earlier versions ({n})',
      hide: 'Hide earlier versions',
      replaced: 'replaced by version {v} on {at}',
      changes: 'Version {v} changed from version {prev}',
      first: 'First version',
      titleChange: 'Name: {before} → {after}',
      noChange: 'Parameters unchanged',
      params: 'All parameters of this version',
      title: 'Versions'
    },
    form: {
      editTitle: 'Edit {kind}: parameters in force from {from}',
      addTitle: 'New effective date: {kind}',
      effectiveFrom: 'In force from',
      was: 'was {v}',
      effectiveHint: 'Cases received on or after this day are judged by this version. {base}',
      base: 'Starting from version {v} in force from {from}',
      baseNone: 'Nothing is in force before this day; starting from the earliest set',
      sameDay: 'A set is in force from this day (version {v}): saving makes version {next}',
      name: 'Name',
      reason: 'Reason for change',
      reasonHint: 'Required: why, and the document or minutes it rests on',
      changes: 'What will change',
      changesNew: 'Compared with the set in force from {from}',
      noChanges: 'No parameter changed',
      cancel: 'Cancel',
      save: 'Save…',
      saving: 'Saving…',
      problems: '{n} to correct',
      failed: 'Not saved: {msg}',
      confirmTitle: 'Save the parameters and re-audit the whole archive?',
      confirmEdit: 'The {kind} parameters in force from {from} are saved as version {v}; the old version is kept.',
      confirmAdd: 'The new {kind} parameters apply from {from}: cases received on or after that day are judged by them.',
      confirmAudit: 'The whole archive is then re-audited with the new parameters (in the background). Frozen review results do not change; a review whose case the engine now judges differently says so.',
      confirmOk: 'Save and re-audit'
    },
    check: {
      required: 'Enter a number',
      integer: 'Must be a whole number',
      min: 'At least {min}',
      max: 'At most {max}',
      invalid: 'Invalid value',
      complexHandleWorkdays: 'The complex-case limit cannot be shorter than the general one',
      escalateAtOncePeople: 'Escalate-at-once cannot be below the group minimum',
      complexDecisionDays: 'The complex-case limit cannot be shorter than the general one',
      date: 'Enter the effective date',
      dateEarly: 'The effective date cannot be before 2000-01-01',
      name: 'Enter a name',
      reason: 'Say why the parameters change'
    },
    saved: {
      text: 'Saved: {kind} parameters in force from {from}, version {v}',
      starting: 'Starting the re-audit…',
      running: 'Policy change: re-auditing {done} / {total} cases ({pct}%)',
      other: 'Another audit is running ({reason}); the re-audit with the new parameters follows it',
      pending: 'The re-audit with the new parameters has not finished: it runs at the next start, or run the audit now.',
      done: 'Re-audit finished: {cases} cases, {flagged} flagged',
      before: ' (before the change: {n} flagged)',
      dismiss: 'Dismiss'
    }
  }
}
