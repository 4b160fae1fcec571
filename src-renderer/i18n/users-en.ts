// User administration (issue 10 point 17).
export const usersEn = {
  users: {
    title: 'Users',
    hint: 'A deactivated account is signed out at once; a password set by an administrator must be changed by its owner at the next sign-in. At least one active administrator is kept. Every change is in the audit trail.',
    loadFailed: 'Could not load the accounts',
    username: 'Username',
    displayName: 'Name',
    roles: 'Roles',
    source: 'Sign-in',
    state: 'State',
    actions: 'Actions',
    me: 'you',
    local: 'Local account',
    directory: 'Directory',
    directoryHint: 'Roles come from the directory group mapping (Security → Directory sign-in); the directory keeps the password',
    directoryManaged: 'Roles and password are managed by the directory',
    active: 'Active',
    inactive: 'Deactivated',
    mustChange: 'Must change password',
    setRoles: 'Set roles',
    resetPassword: 'Reset password',
    resetTitle: 'Reset the password of {name}',
    newPassword: 'Temporary password',
    resetHint: 'Tell the temporary password to its owner in person or over a safe channel; they must change it at their next sign-in.',
    deactivate: 'Deactivate',
    activate: 'Activate',
    add: {
      open: 'Add user',
      title: 'New local account',
      password: 'First password',
      hint: 'The first password must be changed by its owner at the first sign-in.',
      submit: 'Create account'
    },
    forced: {
      title: 'Change your password first',
      why: 'An administrator set a temporary password for you. Change it before using anything else.',
      signOut: 'Sign out'
    }
  }
}
