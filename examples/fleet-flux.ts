import { App } from 'cdk8s';
import { Fleet, FleetCluster, FleetClusterProps, FluxSource, GatewayServiceType, GitOps, WebhookCertificates } from '../src';

type ClusterSettings = Pick<FleetClusterProps, 'server' | 'gatewayService'>;

/**
 * Two clusters delivered by Flux from an OCI artifact, each reached directly with a kubeconfig
 * Secret. Each gateway's admission webhook gets its certificate from cert-manager, so its
 * Certificate goes to the `custom-resources` layer, applied after the cert-manager Kustomization.
 */
export function build(app: App): void {
  buildClusters(app, ['eu-1', 'us-1']);
}

/** What only one cluster needs, kept out of the gateway code. */
export const CLUSTERS: Record<string, ClusterSettings> = {
  'eu-1': { server: 'https://eu-1.k8s.example.com:6443', gatewayService: { loadBalancerClass: 'service.k8s.aws/nlb' } },
  'us-1': {
    server: 'https://us-1.k8s.example.com:6443',
    gatewayService: { type: GatewayServiceType.NODE_PORT, nodePorts: { http: 30080, https: 30443 } },
  },
};

/** The fleet with the named clusters, declared in the order given (the output does not depend on it). */
export function buildClusters(app: App, clusters: string[]): void {
  const fleet = new Fleet(app, 'fleet', {
    name: 'edge',
    delivery: GitOps.flux({
      source: FluxSource.ociRepository({ url: 'oci://registry.example.com/platform/gateways', tag: 'stable' }),
      operatorKustomizations: ['cert-manager'],
    }),
  });
  for (const name of clusters) edgeGateways(fleet.addCluster(name, CLUSTERS[name]));
}

/** The gateway every cluster runs, written once. */
function edgeGateways(cluster: FleetCluster): void {
  cluster.addGateway('edge', {
    project: 'edge',
    deployment: { replicas: 2 },
    nginx: { admissionWebhooks: { enabled: true, certificates: WebhookCertificates.certManager() } },
  });
}
