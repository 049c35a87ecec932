import { App } from 'cdk8s';
import {
  ExternalTrafficPolicy, GatewayServiceType, IngressSelection, KsGateway, LoggingApi, LogOutput, LogPipeline, LogRouting,
  OrderedChart, ScrapeConfig, SecretKeyReference,
} from '../src';

/**
 * A KubeSphere platform under GitOps: the cluster gateway and three project gateways.
 *
 * - `cluster`: the cluster gateway, two replicas behind a load balancer that keeps client IPs.
 * - `shop`: a KubeSphere 3.1 router taken over in place (its immutable selector is kept).
 * - `team-a`: a project gateway living in its own project's namespace.
 * - `edge`: a project gateway pinned to edge nodes, spread over zones, forwarding TCP.
 *
 * Logging: every gateway's access log as JSON, shipped twice. Through KubeSphere v3's own Fluent Bit
 * operator to its Elasticsearch (the console's gateway log search keeps working, and finds the logs
 * of deleted pods too), and through Fluent Operator to a Loki where each project is its own tenant.
 *
 * Monitoring: every gateway is monitored: scraped by KubeSphere's Prometheus, with recording rules, alerts and a dashboard.
 */
export function build(app: App): void {
  const chart = new OrderedChart(app, 'kubesphere-platform');

  const cluster = new KsGateway(chart, 'cluster', {
    service: { type: GatewayServiceType.LOAD_BALANCER, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
    deployment: { replicas: 2 },
    controller: { config: { 'worker-processes': '4' } },
  });

  const shop = new KsGateway(chart, 'shop', {
    project: 'shop',
    adoptLegacyRouter: true,
    // Legacy routers served the project's class-less Ingresses: keep doing so.
    ingressSelection: IngressSelection.NAMESPACE,
    service: { type: GatewayServiceType.NODE_PORT, nodePorts: { http: 30080, https: 30443 } },
  });

  const teamA = new KsGateway(chart, 'team-a', {
    project: 'team-a',
    inProjectNamespace: true,
    service: { type: GatewayServiceType.NODE_PORT },
    deployment: { annotations: { 'servicemesh.kubesphere.io/enabled': 'false' } },
  });

  const edge = new KsGateway(chart, 'edge', {
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

  const gateways = [cluster, shop, teamA, edge];
  new LogPipeline(chart, 'ks-logging', {
    gateways,
    api: LoggingApi.KUBESPHERE_V3,
    outputs: [LogOutput.elasticsearch({ host: 'elasticsearch-logging-data.kubesphere-logging-system.svc' })],
  });
  new LogPipeline(chart, 'loki', {
    gateways,
    routing: LogRouting.PER_PROJECT,
    outputs: [LogOutput.loki({
      host: 'loki-gateway.logging.svc',
      port: 443,
      user: SecretKeyReference.of('loki-credentials', 'user'),
      password: SecretKeyReference.of('loki-credentials', 'password'),
      tls: { ca: SecretKeyReference.of('loki-ca', 'ca.crt') },
    })],
  });
  // Monitoring for every gateway.
  for (const gw of gateways) {
    new ScrapeConfig(chart, `${gw.node.id}-monitoring`, { gateway: gw, dashboard: { enabled: true } });
  }
}
