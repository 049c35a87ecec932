import { App } from 'cdk8s';
import {
  ClusterAccess, Fleet, FleetCluster, GatewayServiceType, GitOps, KsGatewayServiceProps, MemberCredentials, WebhookCertificates,
} from '../src';

/**
 * Two member clusters delivered by Argo CD through a cluster-gateway hub.
 *
 * - `hub`: the management cluster, running Argo CD and cluster-gateway. Members are registered
 *   with credential Secrets created out of band: nothing secret is in Git.
 * - `eu-1` and `us-1`: the same gateway code ({@link memberGateways}), each cluster with its own
 *   Service settings (a load balancer class in one, NodePorts in the other), reached through the
 *   hub's proxy path.
 */
export function build(app: App): void {
  buildMembers(app, Object.keys(MEMBERS));
}

/** The fleet with the named members, declared in the order given (the output does not depend on it). */
export function buildMembers(app: App, members: string[]): void {
  const fleet = new Fleet(app, 'fleet', {
    name: 'edge',
    delivery: GitOps.argoCd({
      repoUrl: 'https://git.example.com/platform/gateways.git',
      targetRevision: 'main',
      repoPath: 'dist/fleet-argocd',
    }),
  });
  fleet.addHub(fleet.addCluster('hub', { access: ClusterAccess.IN_CLUSTER }));
  for (const name of members) {
    const service = MEMBERS[name];
    const cluster = fleet.addCluster(name, {
      access: ClusterAccess.HUB,
      hubCredentials: MemberCredentials.existingSecret(),
      labels: { region: name.split('-')[0] },
      gatewayService: service,
    });
    memberGateways(cluster);
  }
}

/** What only one cluster needs, kept out of the gateway code. */
export const MEMBERS: Record<string, KsGatewayServiceProps> = {
  'eu-1': { type: GatewayServiceType.LOAD_BALANCER, loadBalancerClass: 'service.k8s.aws/nlb' },
  'us-1': { type: GatewayServiceType.NODE_PORT },
};

/** The gateways every member runs, written once. */
function memberGateways(cluster: FleetCluster): void {
  cluster.addGateway('cluster', { deployment: { replicas: 2 } });
  cluster.addGateway('shop', {
    project: 'shop',
    // Argo CD runs certgen as PreSync/PostSync hooks and keeps the Jobs until it has seen them finish.
    nginx: { admissionWebhooks: { enabled: true, certificates: WebhookCertificates.certgen({ argoCdHooks: true, ttlSecondsAfterFinished: 3600 }) } },
  });
}
