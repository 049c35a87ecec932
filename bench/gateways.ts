/**
 * The many-gateway App that `npm run bench` measures and test/delivery/fast-synth.test.ts
 * compares byte for byte: one cluster gateway and N project gateways, all in one Chart or one
 * Chart per gateway.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterAccess, Fleet, GatewayServiceType, GitOps, KsGateway, LogOutput, LogPipeline, ScrapeConfig } from '../src';

/**
 * Where the gateways go: one Chart for everything, one Chart per gateway (both written by
 * `FastSynth.synth`), or a fleet cluster with a kustomize folder per gateway (written by
 * `KustomizeFolder.writeAll`, a file per object).
 */
export enum Layout {
  ONE_CHART = 'one chart',
  CHART_PER_GATEWAY = 'chart per gateway',
  FLEET_FOLDERS = 'fleet folder per gateway',
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
  if (layout === Layout.FLEET_FOLDERS) return declareFleet(app, projects);
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

/** The same gateways in one cluster of a fleet delivered by Argo CD: a folder per gateway. */
function declareFleet(app: App, projects: number): void {
  const fleet = new Fleet(app, 'fleet', {
    name: 'bench',
    delivery: GitOps.argoCd({ repoUrl: 'https://git.example.com/platform/gateways.git', targetRevision: 'main' }),
  });
  const cluster = fleet.addCluster('one', { access: ClusterAccess.IN_CLUSTER });
  const clusterGateway = cluster.addGateway('cluster', { deployment: { replicas: 2 } });
  addExtras(clusterGateway.node.scope as Construct, clusterGateway);
  for (let i = 0; i < projects; i++) {
    const project = projectName(i);
    const gateway = cluster.addGateway(project, {
      project,
      service: { type: GatewayServiceType.NODE_PORT },
      controller: { config: { 'worker-processes': '2' } },
    });
    addExtras(gateway.node.scope as Construct, gateway);
  }
}
