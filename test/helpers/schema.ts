import { findCoreKind, validateObjectMeta, validateWithModel } from './_core-kinds';
import { findCrdKind } from './_crd-kinds';
import { metadataProblems } from './_metadata';

/**
 * Validation of synthesized manifests against the official schemas, as strictly as the API server
 * with `kubectl apply`'s strict field validation: core kinds against kubernetes-models, custom
 * resources against the CRD copies in imports/crds, unknown fields rejected everywhere, plus the
 * metadata rules the API server checks in code (names, namespaces, label syntax).
 *
 * Not checked: CEL rules (`x-kubernetes-validations`), the API server's other hand-written
 * validation (cross-field rules, immutable fields) and admission webhooks.
 */

/** One thing wrong with one manifest object. */
export interface SchemaProblem {
  /** Position of the object in the array given to {@link validateManifests}. */
  readonly index: number;
  /** The object's kind, or `(no kind)`. */
  readonly kind: string;
  /** The object's `metadata.name`, or `(no name)`. */
  readonly name: string;
  /** `field.path: what is wrong`, or `unknown field "field.path"`. */
  readonly message: string;
}

/** Validate every object; returns all problems (empty array = valid). */
export function validateManifests(objects: any[]): SchemaProblem[] {
  return objects.flatMap((obj, index) => problemsOf(obj).map((message) => ({
    index,
    kind: typeof obj?.kind === 'string' ? obj.kind : '(no kind)',
    name: typeof obj?.metadata?.name === 'string' ? obj.metadata.name : '(no name)',
    message,
  })));
}

/**
 * Throws one Error listing every problem (kind/name: message), for use in tests.
 * @example
 * expectValidManifests(synthObjects(app));
 */
export function expectValidManifests(objects: any[]): void {
  const problems = validateManifests(objects);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.kind}/${p.name}: ${p.message}`);
    throw new Error(`${problems.length} schema problem(s) in ${objects.length} objects:\n${lines.join('\n')}`);
  }
}

function problemsOf(obj: any): string[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [`not an object (got ${JSON.stringify(obj)})`];
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [`apiVersion and kind must be strings (got ${JSON.stringify(apiVersion)} and ${JSON.stringify(kind)})`];
  }
  const core = findCoreKind(apiVersion, kind);
  if (core) return [...validateWithModel(core.model, obj), ...metadataProblems(obj, core)];
  const crd = findCrdKind(apiVersion, kind);
  if (!crd.found) return [`no schema for ${apiVersion}/${kind}`];
  if (!crd.version) return [`apiVersion: ${apiVersion} is not served for ${kind} (served: ${crd.served.join(', ')})`];
  return [
    ...crd.version.validate(obj),
    ...validateObjectMeta(obj.metadata ?? {}),
    ...metadataProblems(obj, { namespaced: crd.version.namespaced }),
  ];
}
