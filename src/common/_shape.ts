/**
 * Runtime shape checks of what JavaScript callers pass to a public entry point: null, wrong types,
 * unknown keys (with a "did you mean" suggestion), keys inherited through a prototype (which
 * spreads and `Object.entries` never read) and nulls inside arrays. The shapes are generated from
 * the TypeScript props interfaces (scripts/gen-shapes.ts), so every construct is covered by one call.
 *
 * `checkProps` never throws: it returns the messages and a copy of the props with every bad part
 * dropped, so construction goes on and each root cause is reported once, at the field the user wrote.
 */
import { SHAPES } from './_props-shapes.generated';
import { closest, show } from './_validation';

/** The shape of one value. */
export type Shape =
  | { readonly k: 'any' | 'string' | 'number' | 'boolean' | 'object' }
  | { readonly k: 'enum'; readonly values: readonly string[]; readonly name?: string }
  | { readonly k: 'union'; readonly of: readonly Shape[] }
  | { readonly k: 'array' | 'map'; readonly of: Shape }
  | { readonly k: 'instance'; readonly name: string }
  | { readonly k: 'ref'; readonly name: string };

/** The shape of an interface: its properties. */
export interface InterfaceShape {
  readonly k: 'interface';
  readonly props: { readonly [key: string]: Shape };
}

/** The result of a shape check. */
export interface ShapeResult<T> {
  /** The value with every part that failed dropped (unknown keys, wrong types, null items). */
  readonly value: T;
  /** One message per problem. */
  readonly problems: string[];
}

function table(): { readonly [name: string]: InterfaceShape } {
  return SHAPES;
}

/** The known key closest to `key`, when it is close enough to be a typo. */
export function suggest(key: string, known: readonly string[]): string | undefined {
  return closest(key, known, Math.max(1, Math.min(3, Math.floor(key.length / 3))));
}

function describe(shape: Shape): string {
  switch (shape.k) {
    case 'string': return 'a string';
    case 'number': return 'a finite number';
    case 'boolean': return 'a boolean (true or false)';
    case 'enum': return `one of ${shape.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'union': return shape.of.map(describe).join(' or ');
    case 'array': return 'an array';
    case 'map': return 'an object of string keys';
    case 'instance': return `a ${shape.name}`;
    default: return 'an object';
  }
}

/** Keys cdk8s cannot write into a manifest. */
const UNRENDERABLE_KEYS = ['constructor', '__proto__'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys a spread or `Object.entries` would miss: enumerable, inherited from a prototype other than Object's. */
function inheritedKeys(value: object): string[] {
  const out: string[] = [];
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) out.push(key);
  }
  return out;
}

class Checker {
  public readonly problems: string[] = [];

  /** Returns the value with bad parts dropped, or `undefined` when the value itself is bad. */
  public check(value: unknown, shape: Shape, field: string): unknown {
    if (value === undefined) return undefined;
    if (value === null) {
      this.problems.push(`${field} must be ${describe(shape.k === 'ref' ? { k: 'object' } : shape)} or left out (got null)`);
      return undefined;
    }
    switch (shape.k) {
      case 'any':
        return value;
      case 'string':
        return this.expect(typeof value === 'string', value, shape, field);
      case 'number':
        return this.expect(typeof value === 'number' && Number.isFinite(value), value, shape, field);
      case 'boolean':
        return this.expect(typeof value === 'boolean', value, shape, field);
      case 'enum':
        return this.expect(typeof value === 'string' && shape.values.includes(value), value, shape, field);
      case 'instance':
      case 'object':
        return this.expect(typeof value === 'object' && !Array.isArray(value), value, shape, field);
      case 'union': {
        for (const option of shape.of) {
          const sub = new Checker();
          const out = sub.check(value, option, field);
          if (sub.problems.length === 0) return out;
        }
        return this.expect(false, value, shape, field);
      }
      case 'array': {
        if (!Array.isArray(value)) return this.expect(false, value, shape, field);
        const out: unknown[] = [];
        value.forEach((item, i) => {
          if (item === null || item === undefined) {
            this.problems.push(`${field}[${i}] must be ${describe(shape.of.k === 'ref' ? { k: 'object' } : shape.of)} (got ${show(item)})`);
            return;
          }
          const checked = this.check(item, shape.of, `${field}[${i}]`);
          if (checked !== undefined) out.push(checked);
        });
        return out;
      }
      case 'map': {
        if (!isPlainObject(value)) return this.expect(false, value, shape, field);
        this.inherited(value, field);
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
          if (UNRENDERABLE_KEYS.includes(key)) {
            // cdk8s' renderer reads `obj.constructor` to tell plain objects apart, and assigns keys.
            this.problems.push(`${field}[${show(key)}] cannot be rendered: cdk8s treats an object key named ${show(key)} as part of the object, not as data; use another key`);
            continue;
          }
          const checked = this.check(item, shape.of, `${field}[${show(key)}]`);
          if (item === undefined) continue;
          if (checked !== undefined) Object.defineProperty(out, key, { value: checked, enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
      case 'ref':
        return this.object(value, shape.name, field);
    }
  }

  /** Checks an object against the named interface. */
  public object(value: unknown, name: string, field: string): unknown {
    const shape = table()[name];
    if (!isPlainObject(value)) {
      this.problems.push(`${field} must be an object (got ${show(value)})`);
      return undefined;
    }
    if (!shape) return value;
    this.inherited(value, field);
    const known = Object.keys(shape.props);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const sub = field ? `${field}.${key}` : key;
      const propShape = Object.prototype.hasOwnProperty.call(shape.props, key) ? shape.props[key] : undefined;
      if (!propShape) {
        const guess = suggest(key, known);
        this.problems.push(`${sub} is not a known field${guess ? `; did you mean "${guess}"?` : ''} (got ${show(item)})`);
        continue;
      }
      const checked = this.check(item, propShape, sub);
      if (checked !== undefined) out[key] = checked;
    }
    return out;
  }

  private inherited(value: object, field: string): void {
    for (const key of inheritedKeys(value)) {
      this.problems.push(`${field ? `${field}.` : ''}${key} must be an own property, not inherited from a prototype (it would be ignored)`);
    }
  }

  private expect(ok: boolean, value: unknown, shape: Shape, field: string): unknown {
    if (ok) return value;
    this.problems.push(`${field} must be ${describe(shape)} (got ${show(value)})`);
    return undefined;
  }
}

/**
 * Checks the props passed to a public entry point against the shape of the interface `name`.
 * `undefined` is an empty props object; `field` prefixes every message (`""` for top-level props).
 */
export function checkProps<T>(name: string, props: unknown, field = ''): ShapeResult<T> {
  const checker = new Checker();
  if (props === undefined) return { value: {} as T, problems: [] };
  if (props === null || !isPlainObject(props)) {
    checker.problems.push(`${field || 'props'} must be an object or left out (got ${show(props)})`);
    return { value: {} as T, problems: checker.problems };
  }
  const value = checker.object(props, name, field);
  return { value: (value ?? {}) as T, problems: checker.problems };
}

/** Whether the generated shape table knows the interface `name` (for tests). */
export function hasShape(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(table(), name);
}
