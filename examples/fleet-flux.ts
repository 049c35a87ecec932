import { App } from 'cdk8s';
import { Fleet, FleetCluster, FluxSource, GatewayServiceType, GitOps, WebhookCertificates } from '../src';

/**
 * Two clusters delivered by Flux from an OCI artifact, each reached directly with a kubeconfig
 * Secret. Each gateway's admission webhook gets its certificate from cert-manager, so its
 * Certificate goes to the `custom-resources` layer, applied after the cert-manager Kustomization.
 */
export function build(app: App): void {
  const fleet = new Fleet(app, 'fleet', {
    name: 'edge',
    delivery: GitOps.flux({
      source: FluxSource.ociRepository({ url: 'oci://registry.example.com/platform/gateways', tag: 'stable' }),
      operatorKustomizations: ['cert-manager'],
    }),
  });
  edgeGateways(fleet.addCluster('eu-1', { server: 'https://eu-1.k8s.example.com:6443', gatewayService: { loadBalancerClass: 'service.k8s.aws/nlb' } }));
  edgeGateways(fleet.addCluster('us-1', {
    server: 'https://us-1.k8s.example.com:6443',
    gatewayService: { type: GatewayServiceType.NODE_PORT, nodePorts: { http: 30080, https: 30443 } },
  }));
}

/** The gateway every cluster runs, written once. */
function edgeGateways(cluster: FleetCluster): void {
  cluster.addGateway('edge', {
    project: 'edge',
    deployment: { replicas: 2 },
    nginx: { admissionWebhooks: { enabled: true, certificates: WebhookCertificates.certManager() } },
  });
}
