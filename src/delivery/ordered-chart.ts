import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { compareStrings } from '../common/_compare';

/**
 * Kinds in the order kustomize (and Helm) apply them: what others depend on comes first,
 * webhooks that could reject the rest come last. Kinds not listed go in between.
 */
const APPLY_ORDER = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service',
  'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet',
  'CronJob', 'PodDisruptionBudget',
];
const APPLY_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function rank(kind: string): number {
  const first = APPLY_ORDER.indexOf(kind);
  if (first >= 0) return first;
  const last = APPLY_LAST.indexOf(kind);
  return last >= 0 ? APPLY_ORDER.length + 1 + last : APPLY_ORDER.length;
}

/** `group_version_kind`, as kustomize orders the kinds it does not list. */
function gvk(o: any): string {
  const [group, version] = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/') : ['', o.apiVersion];
  return `${group}_${version}_${o.kind}`;
}

/**
 * Sorts manifests into a canonical order: kustomize's kind order, then API group, version and
 * kind, then namespace and name. The result does not depend on the order objects were declared.
 */
function sortManifests(objects: readonly any[]): any[] {
  return [...objects].sort((a, b) =>
    rank(a.kind) - rank(b.kind)
    || (rank(a.kind) === APPLY_ORDER.length ? compareStrings(gvk(a), gvk(b)) : 0)
    || compareStrings(String(a.metadata?.namespace ?? ''), String(b.metadata?.namespace ?? ''))
    || compareStrings(String(a.metadata?.name ?? ''), String(b.metadata?.name ?? '')));
}

/**
 * A Chart whose manifests come out in a canonical order (kustomize's apply order, then by
 * namespace and name), so the same declarations give byte-identical YAML whatever order they
 * were made in, and a diff shows only what changed. The official static manifests use the same order.
 *
 * @example
 * const chart = new OrderedChart(app, 'gateways');
 */
export class OrderedChart extends Chart {
  /**
   * Sorts manifests into the canonical order: kustomize's kind order, then API group, version and
   * kind, then namespace and name. The result does not depend on the order objects were declared.
   */
  public static sortManifests(objects: any[]): any[] {
    return sortManifests(objects);
  }

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
  }

  /** The chart's manifests, sorted with {@link OrderedChart.sortManifests}. */
  public toJson(): any[] {
    return sortManifests(super.toJson());
  }
}
