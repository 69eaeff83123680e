// The one error type the store throws for conditions an admin can fix. Its message is
// shown as is, so it names the config keys to check and never carries the database key.

export type StoreErrorKind =
  | 'wrong-key'
  | 'not-a-database'
  | 'newer-schema'
  | 'key-required'
  | 'cannot-open'
  | 'bad-pragma'
  // PostgreSQL (db.url): the server, the login or the database is not there.
  | 'cannot-connect'
  | 'auth-failed'
  | 'database-missing'
  | 'bad-url'
  // copy-db: the target database already holds rows.
  | 'not-empty'
  // While running: a write that could not be done (see write.ts).
  | 'busy'
  | 'read-only'
  | 'disk-full'
  | 'io-error'
  | 'unreachable';

export class StoreError extends Error {
  readonly kind: StoreErrorKind;

  constructor(kind: StoreErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.kind = kind;
  }
}
