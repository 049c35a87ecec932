import { parseAllDocuments } from 'yaml';
import { GATEWAY_SPEC_SCHEMA } from './_gateway-spec-schema.generated';
import { CLUSTER_GATEWAY_PROJECT, CONTROLS_NAMESPACE, GATEWAY_PREFIX, projectOf } from './_kubesphere';
import { GatewaySpec } from './gateway-spec.generated';
import { validateAgainstSchema, SchemaNode } from '../common/_schema';
import { isDnsLabel } from '../common/_validation';

/** A Gateway resource read from a manifest, ready to become a KsGateway. */
export interface ImportedGateway {
  /** Where it came from: `<file>: document <n>`. */
  readonly source: string;
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace` (the working namespace). */
  readonly namespace: string;
  /** The project, or undefined for the cluster gateway. */
  readonly project?: string;
  /** `spec`. */
  readonly spec: GatewaySpec;
}

const ALLOWED_SERVICE_TYPES = ['LoadBalancer', 'NodePort'];
const METADATA_KEYS = ['name', 'namespace', 'labels', 'annotations', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'managedFields', 'finalizers', 'ownerReferences', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName', 'selfLink'];

/**
 * Reads KubeSphere Gateway resources from multi-document YAML, or from a `List` (what
 * `kubectl get gateways.gateway.kubesphere.io -A -o yaml` prints). Every problem of every
 * resource is collected (`<file>: document <n>[ item <m>] (<name>): <field>: <message>`);
 * nothing is returned unless all resources are valid.
 */
export function parseGatewayManifests(text: string, file: string): { gateways: ImportedGateway[]; problems: string[] } {
  const problems: string[] = [];
  const gateways: ImportedGateway[] = [];
  // Each gateway becomes a construct named after it: a repeated name is reported here, with where
  // it was first seen, instead of failing later as a construct-tree clash.
  const firstSeen = new Map<string, string>();
  const docs = parseAllDocuments(text, { prettyErrors: true });
  // parseAllDocuments returns an EmptyStream (no forEach) for an input without documents.
  (Array.isArray(docs) ? docs : []).forEach((doc, i) => {
    const source = `${file}: document ${i + 1}`;
    if (doc.errors.length > 0) {
      // Line and column (1-based) of the whole input, then the parser's code frame.
      problems.push(...doc.errors.map((e) => {
        const [first, ...frame] = e.message.split('\n');
        const pos = e.linePos?.[0];
        const where = pos ? `${file}:${pos.line}:${pos.col}` : source;
        const headline = first.replace(/ at line \d+, column \d+:?$/, '');
        return [`${where}: invalid YAML (${source.slice(file.length + 2)}): ${headline}`, ...frame.filter((l) => l.trim() !== '').map((l) => `    ${l}`)].join('\n');
      }));
      return;
    }
    let obj: any;
    try {
      // yaml refuses to expand more aliases than maxAliasCount (a "billion laughs" document).
      obj = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      problems.push(`${source}: cannot expand YAML aliases: ${(e as Error).message} (an alias bomb?)`);
      return;
    }
    if (obj === null || obj === undefined) return; // an empty document, e.g. after a trailing ---
    if (typeof obj === 'object' && !Array.isArray(obj) && obj.kind === 'List' && Array.isArray(obj.items)) {
      obj.items.forEach((item: unknown, j: number) => readOne(item, `${source} item ${j + 1}`));
    } else {
      readOne(obj, source);
    }
  });

  function readOne(obj: any, source: string): void {
    const name = obj?.metadata?.name;
    const at = `${source}${typeof name === 'string' ? ` (${name})` : ''}`;
    const local: string[] = [];
    const add = (field: string, message: string) => local.push(`${at}: ${field}: ${message}`);

    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      problems.push(`${source}: must be a Kubernetes object (got ${Array.isArray(obj) ? 'a list' : typeof obj})`);
      return;
    }
    if (obj.apiVersion !== 'gateway.kubesphere.io/v1alpha1' || obj.kind !== 'Gateway') {
      add('apiVersion/kind', `must be gateway.kubesphere.io/v1alpha1 Gateway (got ${obj.apiVersion}/${obj.kind})`);
    }
    for (const key of Object.keys(obj)) {
      if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(key)) add(key, 'unknown field (known: apiVersion, kind, metadata, spec, status)');
    }
    const meta = obj.metadata ?? {};
    for (const key of Object.keys(meta)) if (!METADATA_KEYS.includes(key)) add(`metadata.${key}`, 'unknown field');
    const project = typeof name === 'string' ? projectOf(name) : undefined;
    if (typeof name !== 'string') {
      add('metadata.name', 'is required');
    } else if (project === undefined || !isDnsLabel(project)) {
      add('metadata.name', `must be "${GATEWAY_PREFIX}<namespace>", the only name KubeSphere gives a gateway (got ${JSON.stringify(name)})`);
    } else if (firstSeen.has(name)) {
      add('metadata.name', `repeats ${firstSeen.get(name)}: one gateway per project, and one cluster gateway`);
    } else {
      firstSeen.set(name, source.slice(file.length + 2));
    }
    const namespace = meta.namespace ?? CONTROLS_NAMESPACE;
    if (typeof namespace !== 'string' || !isDnsLabel(namespace)) add('metadata.namespace', `must be a namespace name (got ${JSON.stringify(namespace)})`);
    const isCluster = project === CLUSTER_GATEWAY_PROJECT;
    if (isCluster && namespace !== CONTROLS_NAMESPACE) {
      add('metadata.namespace', `must be ${CONTROLS_NAMESPACE} for the cluster gateway (got ${JSON.stringify(namespace)})`);
    }
    const spec = obj.spec ?? {};
    for (const msg of validateAgainstSchema(spec, GATEWAY_SPEC_SCHEMA as unknown as SchemaNode, 'spec')) local.push(`${at}: ${msg}`);
    const type = spec?.service?.type;
    if (type !== undefined && typeof type === 'string' && !ALLOWED_SERVICE_TYPES.includes(type)) {
      add('spec.service.type', `must be LoadBalancer or NodePort, the types KubeSphere allows (got ${JSON.stringify(type)})`);
    }
    const scopeNs = spec?.controller?.scope?.namespace;
    if (!isCluster && project !== undefined && typeof scopeNs === 'string' && scopeNs !== '' && scopeNs !== project) {
      add('spec.controller.scope.namespace', `must be the gateway's project ${JSON.stringify(project)}: KubeSphere forces it (got ${JSON.stringify(scopeNs)})`);
    }
    if (local.length > 0) {
      problems.push(...local);
      return;
    }
    gateways.push({ source, name, namespace, project: isCluster ? undefined : project, spec });
  }

  if (docs.length === 0 || (gateways.length === 0 && problems.length === 0)) problems.push(`${file}: no Gateway resource found`);
  return { gateways: problems.length > 0 ? [] : gateways, problems };
}
