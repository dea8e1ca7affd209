import type { Json } from '../../types';
import { StatesError } from '../errors';
import type { PathContext } from '../path';

export function ctxOf(input: Json, context: Json = {}, variables?: Record<string, Json>): PathContext {
  return { input, context, variables };
}

/** Freezes a value deeply, so that any mutation throws in strict mode. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** Runs `fn` and returns the StatesError it throws (fails the test otherwise). */
export function statesError(fn: () => unknown): StatesError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatesError) return e;
    throw new Error(`expected a StatesError, got ${String(e)}`);
  }
  throw new Error('expected a StatesError, nothing was thrown');
}

/** Jayway JsonPath README's example document (json-path/JsonPath, "Path Examples"). */
export const STORE = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
      { category: 'fiction', author: 'J. R. R. Tolkien', title: 'The Lord of the Rings', isbn: '0-395-19395-8', price: 22.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
};
