/**
 * The many-gateway App that `npm run bench` measures and test/delivery/fast-synth.test.ts
 * compares byte for byte: one cluster gateway and N project gateways, all in one Chart or one
 * Chart per gateway.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayServiceType, KsGateway, LogOutput, LogPipeline, ScrapeConfig } from '../src';

/** Where the gateways go: one Chart for everything, or one Chart per gateway. */
export enum Layout {
  ONE_CHART = 'one chart',
  CHART_PER_GATEWAY = 'chart per gateway',
}

/**
 * A gateway's monitoring and logging, next to it in its Chart, so every benchmark size and the
 * byte-identity test include them.
 */
export function addExtras(scope: Construct, gateway: KsGateway): void {
  new ScrapeConfig(scope, `${gateway.node.id}-metrics`, { gateway });
  new LogPipeline(scope, `${gateway.node.id}-logs`, {
    gateways: [gateway],
    outputs: [LogOutput.loki({ host: 'loki-gateway.logging.svc' })],
  });
}

/** Name of the i-th project gateway (zero-padded, so construct paths sort as numbers). */
export function projectName(i: number): string {
  return `project-${String(i).padStart(4, '0')}`;
}

/** Declares 1 cluster gateway and `projects` project gateways in `app`. */
export function declareGateways(app: App, projects: number, layout: Layout): void {
  const shared = layout === Layout.ONE_CHART ? new Chart(app, 'gateways') : undefined;
  const chartFor = (id: string) => shared ?? new Chart(app, id);

  const clusterScope = chartFor('cluster');
  const cluster = new KsGateway(clusterScope, 'cluster', { deployment: { replicas: 2 } });
  addExtras(clusterScope, cluster);

  for (let i = 0; i < projects; i++) {
    const project = projectName(i);
    const scope = chartFor(project);
    const gateway = new KsGateway(scope, project, {
      project,
      service: { type: GatewayServiceType.NODE_PORT },
      controller: { config: { 'worker-processes': '2' } },
    });
    addExtras(scope, gateway);
  }
}
