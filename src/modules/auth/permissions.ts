/**
 * Auth: signing in, signing out and password resets. Its routes are public or need only a signed-in user
 * (`publicAccess`, `signedIn`), so it holds no council permissions; the table is empty so that every module
 * declares its permissions the same way. Role lists are read by src/kernel/access.ts.
 */
export const AUTH_PERMISSIONS = {} as const;
