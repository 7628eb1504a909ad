import { chunkByBytes } from '../statement-chunks';

/** Items to append, in order, to the array at `path` of a JSON document. */
export interface JsonAppend {
  path: string[];
  items: unknown[];
}

/**
 * Splits a JSON object so that every piece serialises to at most `maxBytes`: the head, with its
 * largest arrays emptied, and appends that refill them. A document bigger than one embedded
 * statement (a 5000-point geofence) then goes in as several statements of one transaction.
 * Only arrays reached through object keys are split; what cannot be split that way is refused.
 */
export function splitJsonArrays<T extends object>(doc: T, maxBytes: number): { head: T; appends: JsonAppend[] } {
  if (jsonBytes(doc) <= maxBytes) return { head: doc, appends: [] };
  const head = structuredClone(doc);
  const arrays = arraysIn(head as Record<string, unknown>, []).sort((a, b) => b.bytes - a.bytes);
  const appends: JsonAppend[] = [];
  for (const { path, parent, key, items } of arrays) {
    if (jsonBytes(head) <= maxBytes) break;
    parent[key] = [];
    // Each piece is sent as a JSON array: brackets plus a comma per item.
    for (const chunk of chunkByBytes(items, (item) => jsonBytes(item) + 1, maxBytes - 2)) {
      if (chunk.bytes > maxBytes - 2) throw new Error(`one element of ${path.join('.')} takes ${chunk.bytes} bytes, over the ${maxBytes}-byte statement budget`);
      appends.push({ path, items: chunk.items });
    }
  }
  const headBytes = jsonBytes(head);
  if (headBytes > maxBytes) throw new Error(`document takes ${headBytes} bytes without its arrays, over the ${maxBytes}-byte statement budget`);
  return { head, appends };
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

interface FoundArray {
  path: string[];
  parent: Record<string, unknown>;
  key: string;
  items: unknown[];
  bytes: number;
}

function arraysIn(node: Record<string, unknown>, path: string[]): FoundArray[] {
  const found: FoundArray[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) found.push({ path: [...path, key], parent: node, key, items: value as unknown[], bytes: jsonBytes(value) });
    else if (value !== null && typeof value === 'object') found.push(...arraysIn(value as Record<string, unknown>, [...path, key]));
  }
  return found;
}
