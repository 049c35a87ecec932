import { App } from 'cdk8s';
import {
  ExternalTrafficPolicy, GatewayServiceType, IngressSelection, KsGateway, OrderedChart, ScrapeConfig,
} from '../src';

/**
 * A KubeSphere platform under GitOps: the cluster gateway and three project gateways.
 *
 * - `cluster`: the cluster gateway, two replicas behind a load balancer that keeps client IPs.
 * - `shop`: a KubeSphere 3.1 router taken over in place (its immutable selector is kept).
 * - `team-a`: a project gateway living in its own project's namespace.
 * - `edge`: a project gateway pinned to edge nodes, spread over zones, forwarding TCP.
 *
 * Every gateway is monitored: scraped by KubeSphere's Prometheus, with recording rules, alerts and a dashboard.
 */
export function build(app: App): void {
  const chart = new OrderedChart(app, 'kubesphere-platform');

  new KsGateway(chart, 'cluster', {
    service: { type: GatewayServiceType.LOAD_BALANCER, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
    deployment: { replicas: 2 },
    controller: { config: { 'worker-processes': '4' } },
  });

  new KsGateway(chart, 'shop', {
    project: 'shop',
    adoptLegacyRouter: true,
    // Legacy routers served the project's class-less Ingresses: keep doing so.
    ingressSelection: IngressSelection.NAMESPACE,
    service: { type: GatewayServiceType.NODE_PORT, nodePorts: { http: 30080, https: 30443 } },
  });

  new KsGateway(chart, 'team-a', {
    project: 'team-a',
    inProjectNamespace: true,
    service: { type: GatewayServiceType.NODE_PORT },
    deployment: { annotations: { 'servicemesh.kubesphere.io/enabled': 'false' } },
  });

  new KsGateway(chart, 'edge', {
    project: 'edge',
    deployment: {
      replicas: 3,
      resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    },
    controller: {
      config: { 'worker-processes': '2', 'proxy-body-size': '16m' },
      tcp: { 5432: 'edge/postgres:5432' },
    },
    nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/edge': 'true' },
    tolerations: [{ key: 'node-role.kubernetes.io/edge', operator: 'Exists', effect: 'NoSchedule' }],
    topologySpreadConstraints: [{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'kubesphere-router-edge-ingress' } },
    }],
  });

  // Monitoring for every gateway declared above.
  for (const gw of chart.node.children.filter((c): c is KsGateway => c instanceof KsGateway)) {
    new ScrapeConfig(chart, `${gw.node.id}-monitoring`, { gateway: gw, dashboard: { enabled: true } });
  }
}
