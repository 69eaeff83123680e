// The settings a new inbox starts with and the limits of what an admin may type, as in
// the Python original. An empty stored value means "the default".

/** Shown in the starter modal when the inbox has no starter of its own. */
export const DEFAULT_STARTER_TEMPLATE = '$author $staff';
/** Shown in the name modal when the inbox has no name template of its own. */
export const DEFAULT_TICKET_NAME_TEMPLATE = '$year-$month-$day $author';

/** A message's length limit: the starter is posted as one. */
export const STARTER_MAX_LENGTH = 2000;
/** A thread name's length limit. */
export const TICKET_NAME_MAX_LENGTH = 100;

/** The value a modal shows: the stored template, or the default when none is stored. */
export function templateOrDefault(stored: string, fallback: string, maxLength: number): string {
  return (stored === '' ? fallback : stored).slice(0, maxLength);
}

/** What to store for a submitted template: blank input restores the default. */
export function submittedTemplate(value: string): string {
  return value.trim() === '' ? '' : value;
}
