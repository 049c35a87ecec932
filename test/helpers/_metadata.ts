import { childPointer, fieldPath } from './_paths';

/**
 * The object-metadata rules that the API server enforces in code rather than in the OpenAPI
 * schema: name and namespace syntax, scope, and the syntax of label and annotation keys and
 * label values (apimachinery `validation.IsQualifiedName`, `IsValidLabelValue`, `IsDNS1123Subdomain`).
 */

/** A rule for `metadata.name`: what is wrong with a name, or `undefined` if it is fine. */
export type NameRule = (name: string) => string | undefined;

/** How a kind's objects are named and scoped. */
export interface KindRules {
  readonly namespaced: boolean;
  /** @default dnsSubdomain */
  readonly name?: NameRule;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Most kinds: a DNS-1123 subdomain. */
export const dnsSubdomain: NameRule = (name) => (name.length <= 253 && DNS_SUBDOMAIN.test(name)
  ? undefined
  : 'must be a DNS-1123 subdomain: lower-case alphanumerics, \'-\' or \'.\', at most 253 characters');

/** Namespace: a DNS-1123 label. */
export const dnsLabel: NameRule = (name) => (name.length <= 63 && DNS_LABEL.test(name)
  ? undefined
  : 'must be a DNS-1123 label: lower-case alphanumerics or \'-\', at most 63 characters');

/** Service: a DNS-1035 label (a DNS-1123 label that starts with a letter). */
export const dns1035Label: NameRule = (name) => (name.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)
  ? undefined
  : 'must be a DNS-1035 label: lower-case alphanumerics or \'-\', starting with a letter, at most 63 characters');

/** RBAC kinds: any path segment (`system:controller:foo` is valid). */
export const pathSegment: NameRule = (name) => (name !== '.' && name !== '..' && !/[/%]/.test(name)
  ? undefined
  : 'must be a valid path segment: not "." or "..", no \'/\' or \'%\'');

/** Where object metadata sits in a manifest: at the top, and in pod and job templates. */
const METADATA_POINTERS = ['/metadata', '/spec/template/metadata', '/spec/jobTemplate/metadata', '/spec/jobTemplate/spec/template/metadata'];

/** The metadata problems of one object, each as `field.path: what is wrong (got ...)`. */
export function metadataProblems(obj: Record<string, any>, rules: KindRules): string[] {
  const problems: string[] = [];
  const metadata = obj.metadata ?? {};
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    // `generateName` is no substitute: `kubectl apply` and GitOps tools need a fixed name.
    problems.push('metadata.name: is required');
  } else {
    const wrong = (rules.name ?? dnsSubdomain)(metadata.name);
    if (wrong) problems.push(`metadata.name: ${wrong} (got ${JSON.stringify(metadata.name)})`);
  }
  const namespace = metadata.namespace;
  if (namespace !== undefined) {
    // A namespace that is not a string is left to the schema.
    const wrong = !rules.namespaced
      ? `must not be set on cluster-scoped kind ${obj.kind}`
      : typeof namespace === 'string' ? dnsLabel(namespace) : undefined;
    if (wrong) problems.push(`metadata.namespace: ${wrong} (got ${JSON.stringify(namespace)})`);
  }
  for (const pointer of METADATA_POINTERS) {
    const meta = pointer.split('/').slice(1).reduce<any>((node, key) => node?.[key], obj);
    if (meta) problems.push(...labelProblems(meta, pointer));
  }
  return problems;
}

/** Problems with label keys and values and annotation keys (value types are the schema's job). */
function labelProblems(meta: Record<string, any>, pointer: string): string[] {
  const problems: string[] = [];
  for (const field of ['labels', 'annotations']) {
    for (const [key, value] of Object.entries(meta[field] ?? {})) {
      const at = fieldPath(childPointer(childPointer(pointer, field), key));
      // The API server lower-cases annotation keys (not label keys) before checking them.
      if (!isQualifiedName(field === 'annotations' ? key.toLowerCase() : key)) {
        problems.push(`${at}: key must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 `
          + `alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric (got ${JSON.stringify(key)})`);
      }
      if (field === 'labels' && typeof value === 'string' && !isLabelValue(value)) {
        problems.push(`${at}: value must be empty or at most 63 alphanumerics, '-', '_' or '.', `
          + `starting and ending with an alphanumeric (got ${JSON.stringify(value)})`);
      }
    }
  }
  return problems;
}

/** Whether a label or annotation key is `[prefix/]name` with a DNS-subdomain prefix. */
function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : '';
  return parts.length <= 2
    && (parts.length === 1 || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)))
    && name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && QUALIFIED_NAME_PART.test(value));
}
