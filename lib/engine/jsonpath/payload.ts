/**
 * Payload templates (Parameters, ResultSelector, ItemSelector, Assign in JSONPath states, ...):
 * members whose key ends in ".$" take the value of a path (`$...`, `$$...`, `$name...`) or of an
 * intrinsic function; the others are copied as they are, nested objects and arrays included.
 * Compiled once into closures; static sub-trees are shared (never copied) between results.
 * A result's members are written in AWS's order (member-order.ts): the static members in the
 * definition's order, then the ".$" members in java.util.HashMap order; a template without any
 * ".$" member is its own result, in the definition's order.
 */
import type { Json, JsonObject } from '../json';
import { PAYLOAD_PATH_FAILURE, StatesError } from './errors';
import { compileIntrinsic } from './intrinsics';
import { isPrototypeKey, setOwn } from './json';
import { payloadMemberOrder } from './member-order';
import { compilePath, pathRootValue, type PathContext } from './path';

export type CompiledPayload = (ctx: PathContext) => Json;

type Node = { dynamic: false; value: Json } | { dynamic: true; fn: CompiledPayload };

/**
 * The value of one `.$` member (or of a field such as ErrorPath that holds a path or an intrinsic):
 * `key` names it in the causes ("specified for the field 'key'").
 */
export function dynamicValue(key: string, value: Json, field: string): CompiledPayload {
  if (typeof value !== 'string')
    throw new StatesError('States.Runtime', `The value for the field '${key}' in ${field} must be a JSONPath or an intrinsic function (a string), got ${JSON.stringify(value)}`);
  if (value.startsWith('$')) {
    const get = compilePath(value);
    return (ctx) => {
      const v = get(ctx);
      if (v === undefined)
        throw new StatesError(
          PAYLOAD_PATH_FAILURE,
          `The JSONPath '${value}' specified for the field '${key}' could not be found in the input '${JSON.stringify(pathRootValue(value, ctx) ?? null)}'`,
        );
      return v;
    };
  }
  return compileIntrinsic(value, key);
}

function compileNode(template: Json, field: string): Node {
  if (Array.isArray(template)) {
    const items = template.map((t) => compileNode(t, field));
    if (items.every((i) => !i.dynamic)) return { dynamic: false, value: template };
    const fns = items.map((i) => (i.dynamic ? i.fn : constant(i.value)));
    return { dynamic: true, fn: (ctx) => fns.map((f) => f(ctx)) };
  }
  if (template === null || typeof template !== 'object') return { dynamic: false, value: template };
  const keys = Object.keys(template);
  const outKeys: string[] = [];
  const nodes: Node[] = [];
  let anyDynamic = false;
  for (const key of payloadMemberOrder(keys, isDynamicKey).map((i) => keys[i])) {
    if (isDynamicKey(key)) {
      outKeys.push(key.slice(0, -2));
      nodes.push({ dynamic: true, fn: dynamicValue(key, template[key], field) });
      anyDynamic = true;
    } else {
      const n = compileNode(template[key], field);
      outKeys.push(key);
      nodes.push(n);
      if (n.dynamic) anyDynamic = true;
    }
  }
  if (!anyDynamic) return { dynamic: false, value: template };
  const count = outKeys.length;
  const fns = nodes.map((n) => (n.dynamic ? n.fn : constant(n.value)));
  if (outKeys.some(isPrototypeKey)) {
    return {
      dynamic: true,
      fn: (ctx) => {
        const out: JsonObject = {};
        for (let i = 0; i < count; i++) setOwn(out, outKeys[i], fns[i](ctx));
        return out;
      },
    };
  }
  return {
    dynamic: true,
    fn: (ctx) => {
      const out: JsonObject = {};
      for (let i = 0; i < count; i++) out[outKeys[i]] = fns[i](ctx);
      return out;
    },
  };
}

/** A member whose value is a path or an intrinsic function: its key ends in ".$". */
function isDynamicKey(key: string): boolean {
  return key.endsWith('.$') && key.length > 2;
}

function constant(v: Json): CompiledPayload {
  return () => v;
}

/**
 * Compiles a payload template. A path that matches nothing fails with States.Runtime: "The JSONPath
 * '$.a' specified for the field 'a.$' could not be found in the input '{...}'" (see
 * PAYLOAD_PATH_FAILURE); intrinsic functions fail with States.IntrinsicFailure. `field` names the
 * template's field (Parameters, ResultSelector, ItemSelector, ...) in compile-time messages.
 */
export function compilePayload(template: Json, field: string): CompiledPayload {
  const node = compileNode(template, field);
  return node.dynamic ? node.fn : constant(node.value);
}
