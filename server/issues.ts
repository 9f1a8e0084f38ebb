/**
 * Turns schema validation issues into one line a station operator can act on. Structural type, so
 * the server needs no direct dependency on the validation library behind the shared schemas.
 */
export interface ValidationIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const MAX_LISTED = 5;

export function formatIssues(issues: readonly ValidationIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = issues.length > MAX_LISTED ? ` (+${issues.length - MAX_LISTED} more)` : '';
  return `${listed.join('; ')}${more}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((key) => String(key)).join('.');
}
