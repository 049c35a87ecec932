import type { ErrorObject } from 'ajv';

/**
 * Field paths as a user reads them (`spec.template.spec.containers[0].image`), built from the
 * JSON pointers (`/spec/template/spec/containers/0/image`) that ajv and our walkers produce.
 */

/** Appends one property name or array index to a JSON pointer (RFC 6901 escaping). */
export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * Renders a JSON pointer as a field path. Numeric segments become `[i]`; keys that are not plain
 * identifiers (label keys such as `app.kubernetes.io/name`) become `["key"]`.
 */
export function fieldPath(pointer: string): string {
  if (pointer === '') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** The message for a field that the schema does not declare, worded as `kubectl` words it. */
export function unknownField(pointer: string): string {
  return `unknown field "${fieldPath(pointer)}"`;
}

/**
 * One line per ajv error, as `field.path: what is wrong`: `additionalProperties` errors read as
 * unknown fields, `required` errors name the missing field (ajv and kubernetes-models word them
 * differently), `enum` errors list the allowed values. Identical lines are reported once.
 * @param at JSON pointer of the validated value within the manifest (ajv's paths are relative to it)
 */
export function describeAjvErrors(errors: readonly ErrorObject[], at = ''): string[] {
  const lines = errors.map((e) => {
    const pointer = at + e.instancePath;
    switch (e.keyword) {
      case 'additionalProperties':
        return unknownField(childPointer(pointer, e.params.additionalProperty));
      case 'required':
        return `${fieldPath(childPointer(pointer, e.params.missingProperty))}: is required`;
      case 'type':
        return located(pointer, `must be ${[e.params.type].flat().join(' or ')}`);
      case 'enum':
        return located(pointer, `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
      default:
        return located(pointer, e.message ?? `fails "${e.keyword}"`);
    }
  });
  return [...new Set(lines)];
}

function located(pointer: string, message: string): string {
  const path = fieldPath(pointer);
  return path ? `${path}: ${message}` : message;
}
