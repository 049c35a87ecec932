/**
 * KubeSphere's gateway conventions (internal; the public face is `KubeSphere` in kubesphere.ts) (v3.2-v3.4, `pkg/models/gateway/gateway.go` and the
 * "gateway" adapter chart): every name and label a KsGateway renders is computed here, so the
 * KubeSphere console, its metrics queries and its log search keep finding them.
 */

/** Prefix of every gateway name. */
export const GATEWAY_PREFIX = 'kubesphere-router-';
/** Namespace the gateway workloads live in by default (`gateway.namespace` in kubesphere-config). */
export const CONTROLS_NAMESPACE = 'kubesphere-controls-system';
/** The namespace KubeSphere's API uses to mean "the cluster gateway". */
export const CLUSTER_GATEWAY_PROJECT = 'kubesphere-system';
/** Name of the cluster gateway. */
export const CLUSTER_GATEWAY_NAME = `${GATEWAY_PREFIX}${CLUSTER_GATEWAY_PROJECT}`;
/** The Deployment annotation KubeSphere maps to the `sidecar.istio.io/inject` pod annotation. */
export const SERVICEMESH_ANNOTATION = 'servicemesh.kubesphere.io/enabled';
/** The pod annotation Istio reads. */
export const ISTIO_INJECT_ANNOTATION = 'sidecar.istio.io/inject';
/** The metrics port name of KubeSphere gateways (chart 4.2.5's default). */
export const METRICS_PORT_NAME = 'http-metrics';
/** The metrics port of KubeSphere gateways (the adapter chart's `metrics.port`). */
export const METRICS_PORT = 10254;
/** The controller container of KubeSphere gateways (chart 4.2.5's; the console's log search filters on it). */
export const CONTAINER_NAME = 'controller';
/**
 * The container of a legacy (KubeSphere 3.1 and older) router Deployment. `kubectl apply` merges
 * containers by name, so an adopting Deployment must use this one, or the old container keeps running beside ours.
 */
export const LEGACY_CONTAINER_NAME = 'nginx-ingress-controller';

/**
 * The longest project name: `kubesphere-router-<project>-ingress` (the Helm release of the Nginx
 * resource, and the `app.kubernetes.io/instance` label) and `kubesphere-router-<project>-metrics`
 * (a Service) must fit in 63 characters.
 */
export const MAX_PROJECT_LENGTH = 63 - Math.max(instanceLabel(gatewayName('')).length, metricsServiceName(gatewayName('')).length);

/** The gateway name of a project (`kubesphere-router-<project>`), or of the cluster gateway. */
export function gatewayName(project?: string): string {
  return `${GATEWAY_PREFIX}${project ?? CLUSTER_GATEWAY_PROJECT}`;
}

/** The project a gateway name belongs to, or undefined when it does not follow the convention. */
export function projectOf(name: string): string | undefined {
  return name.startsWith(GATEWAY_PREFIX) && name.length > GATEWAY_PREFIX.length ? name.slice(GATEWAY_PREFIX.length) : undefined;
}

/** The Helm release of the Nginx resource: the `app.kubernetes.io/instance` label value. */
export function instanceLabel(gateway: string): string {
  return `${gateway}-ingress`;
}

/** The leader-election ID the adapter chart sets. */
export function electionId(gateway: string): string {
  return `ingress-controller-leader-${gateway}`;
}

/** The metrics Service, and the Prometheus `job` label KubeSphere's console queries. */
export function metricsServiceName(gateway: string): string {
  return `${gateway}-metrics`;
}

/** Selector labels of gateway pods, as KubeSphere's API selects them. */
export function gatewaySelectorLabels(gateway: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/instance': instanceLabel(gateway),
    'app.kubernetes.io/component': 'controller',
  };
}

/**
 * The immutable selector of a legacy (KubeSphere 3.1 and older) router Deployment and Service,
 * also the labels KubeSphere detects a legacy gateway by.
 */
export function legacySelectorLabels(project: string): Record<string, string> {
  return { app: 'kubesphere', component: 'ks-router', tier: 'backend', project };
}

/** The leader-election ID of a legacy router (`--election-id=kubesphere-router-<ns>`). */
export function legacyElectionId(project: string): string {
  return gatewayName(project);
}
