/**
 * Apply layers: what a folder's kustomization.yaml lists first, what a sync wave or a Flux
 * Kustomization holds. Within a layer the order is OrderedChart's (kustomize's kind order, then
 * group, namespace and name).
 */
import { OrderedChart } from './ordered-chart';

/** API groups served by Kubernetes itself; any other group needs a CRD, usually an operator's. */
const BUILT_IN_GROUPS = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'authentication.k8s.io',
  'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy',
  'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io',
]);

export const LAYER_NAMES = ['namespaces', 'cluster-config', 'rbac', 'config', 'workloads', 'webhooks', 'custom-resources'];
export const CUSTOM_RESOURCES = LAYER_NAMES.length - 1;

const BY_KIND: Record<string, number> = {
  Namespace: 0,
  CustomResourceDefinition: 1,
  PriorityClass: 1,
  StorageClass: 1,
  IngressClass: 1,
  RuntimeClass: 1,
  ServiceAccount: 2,
  Role: 2,
  ClusterRole: 2,
  RoleBinding: 2,
  ClusterRoleBinding: 2,
  ConfigMap: 3,
  Secret: 3,
  Service: 3,
  Endpoints: 3,
  NetworkPolicy: 3,
  LimitRange: 3,
  ResourceQuota: 3,
  PersistentVolume: 3,
  PersistentVolumeClaim: 3,
  ValidatingWebhookConfiguration: 5,
  MutatingWebhookConfiguration: 5,
  APIService: 5,
  ValidatingAdmissionPolicy: 5,
  ValidatingAdmissionPolicyBinding: 5,
};

/** The API group of an object (`''` for the core group). */
export function groupOf(o: any): string {
  const apiVersion = String(o?.apiVersion ?? '');
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** True when the object's kind comes from a CRD, not from Kubernetes. */
export function isCustomResource(o: any): boolean {
  return !BUILT_IN_GROUPS.has(groupOf(o));
}

/** The layer index of an object: 0 namespaces ... 6 custom resources. */
export function layerOf(o: any): number {
  if (isCustomResource(o)) return CUSTOM_RESOURCES;
  return BY_KIND[o.kind] ?? 4;
}

/** Objects in layer order, each layer in OrderedChart's canonical order. */
export function sortByLayer(objects: readonly any[]): any[] {
  const sorted = OrderedChart.sortManifests([...objects]);
  return sorted
    .map((o, i) => ({ o, i }))
    .sort((a, b) => layerOf(a.o) - layerOf(b.o) || a.i - b.i)
    .map(({ o }) => o);
}
