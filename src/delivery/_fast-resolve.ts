import { createRequire } from 'module';
import { ApiObject, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/**
 * cdk8s' value resolution (`resolve()` in cdk8s/lib/resolve.js, which `ApiObject.toJson()` calls
 * on every object), specialized to the App's default resolvers.
 *
 * The stock function gives every value of every object a `ResolutionContext` and a copy of its key
 * path, and asks each resolver of the App in turn. When the App has exactly the three resolvers
 * cdk8s adds by default and no custom one, what they do is known: a `Lazy` is produced, a value with
 * a `resolve()` method is resolved, a number-or-string union class becomes `{ value }`; then arrays
 * and plain objects are walked. {@link fastResolve} does those same steps in the same order, reading
 * the same properties, with neither context nor key path (the default resolvers read neither). For
 * an App with a custom resolver, or a cdk8s whose module is not laid out as expected, the stock
 * function runs.
 */

interface ResolveModule {
  resolve: (key: string[], value: unknown, apiObject: ApiObject) => unknown;
}

/** cdk8s' own resolve module: the one its `ApiObject.toJson()` calls through, or undefined. */
function resolveModule(): ResolveModule | undefined {
  try {
    const mod = createRequire(require.resolve('cdk8s'))('./resolve');
    return typeof mod?.resolve === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
}

/** True when `app` resolves with cdk8s' three default resolvers only, in their default order. */
function hasDefaultResolvers(app: App): boolean {
  const r: unknown[] | undefined = (app as any).resolvers;
  return Array.isArray(r) && r.length === 3
    && (r[0] as any)?.constructor === LazyResolver
    && (r[1] as any)?.constructor === ImplicitTokenResolver
    && (r[2] as any)?.constructor === NumberStringUnionResolver;
}

/**
 * True when no primitive wrapper prototype has a `resolve` or `value` property: then a string,
 * number or boolean is left as it is by every default resolver, and {@link fastResolve} returns it
 * without asking them. Checked each time resolution is replaced.
 */
function primitivesAreInert(): boolean {
  return [String.prototype, Number.prototype, Boolean.prototype].every((p) => !('resolve' in p) && !('value' in p));
}

/** What the stock `resolve(key, value, obj)` returns for an App with the default resolvers. */
export function fastResolve(value: any): any {
  const t = typeof value;
  if (inertPrimitives && (t === 'string' || t === 'number' || t === 'boolean')) return value;
  return resolveValue(value);
}

/** Whether {@link primitivesAreInert} held when resolution was last replaced. */
let inertPrimitives = false;

function resolveValue(value: any): any {
  if (value == null) return value;
  // LazyResolver
  if (value instanceof Lazy) return fastResolve(value.produce());
  // ImplicitTokenResolver
  if (typeof value.resolve === 'function') return fastResolve(value.resolve());
  // NumberStringUnionResolver: union classes (never plain objects) holding a number or a string.
  if (value.constructor !== Object) {
    const t = typeof value.value;
    if (t === 'number' || t === 'string') return fastResolve({ value: value.value });
  }
  if (Array.isArray(value)) return value.map((x) => fastResolve(x));
  if (value.constructor == Object) {
    const result: any = {};
    for (const [k, v] of Object.entries(value)) result[k] = fastResolve(v);
    return result;
  }
  return value;
}

/**
 * Runs `fn` with cdk8s' `resolve` replaced by {@link fastResolve} for the API objects of `app`,
 * when `app` has the default resolvers; otherwise, or when cdk8s' module cannot be found, `fn`
 * runs unchanged.
 */
export function withFastResolve<T>(app: App, fn: () => T): T {
  const mod = resolveModule();
  if (mod === undefined || !hasDefaultResolvers(app)) return fn();
  const original = mod.resolve;
  inertPrimitives = primitivesAreInert();
  mod.resolve = function resolve(key: string[], value: unknown, apiObject: ApiObject): unknown {
    return App.of(apiObject) === app ? fastResolve(value) : original.call(this, key, value, apiObject);
  };
  try {
    return fn();
  } finally {
    mod.resolve = original;
  }
}
