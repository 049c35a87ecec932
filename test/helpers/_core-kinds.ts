import { ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { ErrorObject } from 'ajv';
import { ValidatingWebhookConfiguration } from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { APIService } from 'kubernetes-models/apiregistration.k8s.io/v1';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { dns1035Label, dnsLabel, type KindRules, pathSegment } from './_metadata';
import { childPointer, describeAjvErrors, unknownField } from './_paths';

/**
 * Strict validation of core Kubernetes kinds with `kubernetes-models`.
 *
 * kubernetes-models ships ajv "standalone" validators compiled from the Kubernetes OpenAPI schema,
 * not the schema itself, and those validators accept any field they do not know: the OpenAPI
 * schema has no `additionalProperties: false`, while the API server rejects unknown fields
 * (`kubectl apply` uses strict field validation). The compiled code does, however, read every
 * declared property of an object (`data.replicas !== undefined`) and enumerates the keys only of
 * map-typed objects (`for (key in data)`). So we validate a Proxy that records those reads: a key
 * the validator never read, in an object whose keys it never enumerated, is an unknown field.
 * An object the validator never looked into at all is free-form (`RawExtension`) and is skipped.
 */

/** A kubernetes-models class, as far as validation goes: the validator on its prototype. */
export interface Validatable {
  readonly prototype: { validate(): void };
}

/** A kubernetes-models class of a top-level kind, with its static type meta. */
export interface ModelClass extends Validatable {
  readonly apiVersion: string;
  readonly kind: string;
}

/** A core kind we can validate, with its scope and name syntax. */
export interface CoreKind extends KindRules {
  readonly model: ModelClass;
}

/** Every core kind the library emits. To support another, add one line. */
const CORE_KINDS: readonly CoreKind[] = [
  { model: Namespace, namespaced: false, name: dnsLabel },
  { model: ServiceAccount, namespaced: true },
  { model: ConfigMap, namespaced: true },
  { model: Secret, namespaced: true },
  { model: Service, namespaced: true, name: dns1035Label },
  { model: Deployment, namespaced: true },
  { model: DaemonSet, namespaced: true },
  { model: Job, namespaced: true },
  { model: Role, namespaced: true, name: pathSegment },
  { model: RoleBinding, namespaced: true, name: pathSegment },
  { model: ClusterRole, namespaced: false, name: pathSegment },
  { model: ClusterRoleBinding, namespaced: false, name: pathSegment },
  { model: IngressClass, namespaced: false },
  { model: Ingress, namespaced: true },
  { model: NetworkPolicy, namespaced: true },
  { model: PodDisruptionBudget, namespaced: true },
  { model: HorizontalPodAutoscaler, namespaced: true },
  { model: ValidatingWebhookConfiguration, namespaced: false },
  { model: APIService, namespaced: false },
];

const BY_TYPE = new Map(CORE_KINDS.map((k) => [`${k.model.apiVersion}/${k.model.kind}`, k]));

/** The core kind for an apiVersion and kind, if we have its schema. */
export function findCoreKind(apiVersion: string, kind: string): CoreKind | undefined {
  return BY_TYPE.get(`${apiVersion}/${kind}`);
}

/**
 * Validates an object against a model's schema; returns one message per problem.
 * @param at JSON pointer of `obj` within the manifest, so that messages name the full field path
 */
export function validateWithModel(model: Validatable, obj: unknown, at = ''): string[] {
  // A JSON copy: the Proxy needs extensible objects, and `undefined` values are not sent anyway.
  const data: unknown = JSON.parse(JSON.stringify(obj));
  const reads = new Map<string, Reads>();
  let schemaErrors: string[] = [];
  try {
    model.prototype.validate.call(watch(data, at, reads));
  } catch (e) {
    const errors = (e as { errors?: ErrorObject[] }).errors;
    if (!errors) throw e;
    schemaErrors = describeAjvErrors(errors, at);
  }
  const unknown: string[] = [];
  collectUnknownFields(data, at, reads, unknown);
  return [...unknown.map(unknownField), ...schemaErrors];
}

/** Validates `metadata` alone against the ObjectMeta schema (for custom resources). */
export function validateObjectMeta(metadata: unknown): string[] {
  return validateWithModel(ObjectMeta, metadata, '/metadata');
}

/** What a validator did with one object: the keys it read, and whether it listed all keys. */
interface Reads {
  readonly keys: Set<string>;
  enumerated: boolean;
}

/** Wraps `value` (and, lazily, everything below it) in a Proxy that records reads by JSON pointer. */
function watch(value: unknown, pointer: string, reads: Map<string, Reads>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const readsHere = (): Reads => {
    let r = reads.get(pointer);
    if (!r) {
      r = { keys: new Set(), enumerated: false };
      reads.set(pointer, r);
    }
    return r;
  };
  const isArray = Array.isArray(value);
  return new Proxy(value, {
    get(target, key) {
      const child: unknown = Reflect.get(target, key);
      if (typeof key !== 'string') return child;
      if (!isArray) readsHere().keys.add(key);
      return Object.prototype.hasOwnProperty.call(target, key) ? watch(child, childPointer(pointer, key), reads) : child;
    },
    ownKeys(target) {
      readsHere().enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/** Pushes the pointer of every key in `value` that the validator did not know. */
function collectUnknownFields(value: unknown, pointer: string, reads: Map<string, Reads>, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectUnknownFields(item, childPointer(pointer, i), reads, out));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const r = reads.get(pointer);
  for (const [key, child] of Object.entries(value)) {
    const p = childPointer(pointer, key);
    if (r && !r.enumerated && !r.keys.has(key)) out.push(p);
    else collectUnknownFields(child, p, reads, out);
  }
}
