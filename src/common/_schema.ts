/**
 * A small validator for the subset of OpenAPI v3 that CRD schemas use, so the library can check
 * custom resources it reads at run time (the CLI, `KsGateway.fromManifest`) without a dev
 * dependency. Unknown fields are rejected, as `kubectl apply` with strict field validation does.
 */

/** The schema keywords this validator understands. */
export interface SchemaNode {
  readonly 'type'?: string;
  readonly 'properties'?: Readonly<Record<string, SchemaNode>>;
  readonly 'additionalProperties'?: SchemaNode | boolean;
  readonly 'required'?: readonly string[];
  readonly 'anyOf'?: readonly SchemaNode[];
  readonly 'items'?: SchemaNode;
  readonly 'enum'?: readonly unknown[];
  readonly 'pattern'?: string;
  readonly 'format'?: string;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/**
 * Validates `value` against `schema`; returns one message per problem, each starting with the
 * field path (`spec.service.type`).
 */
export function validateAgainstSchema(value: unknown, schema: SchemaNode, path: string): string[] {
  const problems: string[] = [];
  const at = (p: string, msg: string) => problems.push(`${p}: ${msg}`);

  if (schema['x-kubernetes-int-or-string']) {
    if (!matchesType(value, 'integer') && !matchesType(value, 'string')) at(path, `must be an integer or a string (got ${typeOf(value)})`);
    return problems;
  }
  if (schema.anyOf) {
    const ok = schema.anyOf.some((s) => validateAgainstSchema(value, s, path).length === 0);
    if (!ok) at(path, `does not match any allowed form (got ${JSON.stringify(value)})`);
    return problems;
  }
  if (schema.type && !matchesType(value, schema.type)) {
    at(path, `must be ${schema.type === 'integer' || schema.type === 'object' || schema.type === 'array' ? 'an' : 'a'} ${schema.type} (got ${typeOf(value)} ${JSON.stringify(value)})`);
    return problems;
  }
  if (schema.enum && !schema.enum.includes(value)) at(path, `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')} (got ${JSON.stringify(value)})`);
  if (schema.format === 'int32' && typeof value === 'number' && (value < -2147483648 || value > 2147483647)) at(path, `must fit in 32 bits (got ${value})`);
  if (schema.pattern && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) at(path, `must match ${schema.pattern} (got ${JSON.stringify(value)})`);

  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const req of schema.required ?? []) {
      if (!(req in obj)) at(`${path}.${req}`, 'is required');
    }
    for (const [key, child] of Object.entries(obj)) {
      const childPath = `${path}.${key}`;
      const sub = schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, key) ? schema.properties[key] : undefined;
      if (sub) {
        problems.push(...validateAgainstSchema(child, sub, childPath));
      } else if (typeof schema.additionalProperties === 'object') {
        problems.push(...validateAgainstSchema(child, schema.additionalProperties, childPath));
      } else if (schema.additionalProperties !== true && !schema['x-kubernetes-preserve-unknown-fields'] && (schema.properties || schema.additionalProperties === false)) {
        at(childPath, `unknown field (known: ${Object.keys(schema.properties ?? {}).sort().join(', ')})`);
      }
    }
  }
  if (typeOf(value) === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) => problems.push(...validateAgainstSchema(item, schema.items!, `${path}[${i}]`)));
  }
  return problems;
}
