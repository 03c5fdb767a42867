/** How the API words what went wrong: one error shape for every route. */
import type { ZodError } from 'zod';
import { parameterProblems } from '../app/params.ts';

/** `{"error": "invalid parameters: at: expected …; dyad: …"}` from a failed parameter schema. */
export function invalidParameters(error: ZodError | { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): { error: string } {
  const problems = 'issues' in error && !(error instanceof Error)
    ? error.issues.map((i) => ({ parameter: i.path.map(String).join('.') || 'request', message: i.message.replace(/^Invalid input: /, '') }))
    : parameterProblems(error as ZodError);
  return { error: `invalid parameters: ${problems.map((p) => `${p.parameter}: ${p.message}`).join('; ')}` };
}
