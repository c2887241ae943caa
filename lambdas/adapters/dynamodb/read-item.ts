/**
 * Reading items back: every item a store reads is parsed with a schema here, at the boundary, so a
 * corrupted or foreign item stops as a CorruptItemError naming its key and field, not as a crash deeper in.
 */
import * as z from 'zod';
import { CorruptItemError } from '../../../shared/errors.js';

/** A zod message names what was expected, never the value; the cap only keeps a long union's list short. */
const MESSAGE_MAX = 200;

/**
 * An attribute the store writes as JSON text (events, outboxes, summaries), parsed and then checked.
 * @example z.object({ events: jsonAttribute(z.array(recordedEventSchema)) })
 */
export function jsonAttribute<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // The parser's message quotes the text: say only that it is not JSON.
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const keyOf = (item: Record<string, unknown>) => ({
  pk: typeof item.pk === 'string' ? item.pk : '(no pk)',
  sk: typeof item.sk === 'string' ? item.sk : '(no sk)',
});

/**
 * The item as `schema` reads it, or a CorruptItemError with the item's key and the first failing field.
 * @example const commit = readItem(commitItemSchema, unmarshall(raw));
 */
export function readItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(item)';
  throw new CorruptItemError(keyOf(item), field, issue.message.slice(0, MESSAGE_MAX));
}
