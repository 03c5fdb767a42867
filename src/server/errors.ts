/** The one error shape of the API, and how validation problems are worded in it. */
import { z } from '@hono/zod-openapi';

export const ErrorBody = z.object({ error: z.string() });

/** `{"error": "invalid parameters: at: expected …; dyad: …"}` from schema issues. */
export function invalidParameters(issues: readonly { path: readonly PropertyKey[]; message: string }[]): { error: string } {
  return { error: `invalid parameters: ${issues.map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message.replace(/^Invalid input: /, '')}`).join('; ')}` };
}
