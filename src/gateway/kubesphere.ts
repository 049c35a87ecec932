import * as ks from './_kubesphere';

/**
 * KubeSphere's gateway conventions (v3.2-v3.4): the names and labels KubeSphere gives its gateways,
 * for code that needs them without a KsGateway (queries, dashboards, adoption scripts). A KsGateway
 * exposes the same values as properties; both are computed in one place.
 *
 * @example
 * KubeSphere.gatewayName('demo'); // 'kubesphere-router-demo'
 */
export class KubeSphere {
  /** Prefix of every gateway name. */
  public static readonly GATEWAY_PREFIX = ks.GATEWAY_PREFIX;
  /** Namespace the gateway workloads live in by default (`gateway.namespace` in kubesphere-config). */
  public static readonly CONTROLS_NAMESPACE = ks.CONTROLS_NAMESPACE;
  /** The namespace KubeSphere's API uses to mean "the cluster gateway". */
  public static readonly CLUSTER_GATEWAY_PROJECT = ks.CLUSTER_GATEWAY_PROJECT;
  /** Name of the cluster gateway. */
  public static readonly CLUSTER_GATEWAY_NAME = ks.CLUSTER_GATEWAY_NAME;
  /** The metrics port name of KubeSphere gateways. */
  public static readonly METRICS_PORT_NAME = ks.METRICS_PORT_NAME;
  /** The metrics port of KubeSphere gateways. */
  public static readonly METRICS_PORT = ks.METRICS_PORT;
  /** The controller container of KubeSphere gateways (the console's log search filters on it). */
  public static readonly CONTAINER_NAME = ks.CONTAINER_NAME;
  /** The container of a legacy (KubeSphere 3.1 and older) router Deployment. */
  public static readonly LEGACY_CONTAINER_NAME = ks.LEGACY_CONTAINER_NAME;
  /** The longest project name whose derived names fit in 63 characters. */
  public static readonly MAX_PROJECT_LENGTH = ks.MAX_PROJECT_LENGTH;

  /** The gateway name of a project (`kubesphere-router-<project>`), or of the cluster gateway when none is given. */
  public static gatewayName(project?: string): string {
    return ks.gatewayName(project);
  }

  /** The project a gateway name belongs to, or undefined when the name does not follow the convention. */
  public static projectOf(gatewayName: string): string | undefined {
    return ks.projectOf(gatewayName);
  }

  /** The metrics Service of a gateway, also the Prometheus `job` label KubeSphere's console queries. */
  public static metricsServiceName(gatewayName: string): string {
    return ks.metricsServiceName(gatewayName);
  }

  /** The leader-election ID KubeSphere's adapter chart sets for a gateway. */
  public static electionId(gatewayName: string): string {
    return ks.electionId(gatewayName);
  }

  /** Selector labels of a gateway's pods, as KubeSphere's API selects them. */
  public static selectorLabels(gatewayName: string): { [key: string]: string } {
    return ks.gatewaySelectorLabels(gatewayName);
  }

  private constructor() {}
}
