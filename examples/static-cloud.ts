import { App } from 'cdk8s';
import { ExternalTrafficPolicy, NginxIngress, OrderedChart, UpdateStrategyType } from '../src';

/**
 * The official static manifest for cloud providers (deploy/static/provider/cloud/deploy.yaml):
 * a LoadBalancer Service keeping client IPs, in its own Namespace, replicas left to the cluster.
 */
export function build(app: App): void {
  const chart = new OrderedChart(app, 'static-cloud');
  new NginxIngress(chart, 'ingress-nginx', {
    createNamespace: true,
    manageReplicas: false,
    updateStrategy: { type: UpdateStrategyType.ROLLING_UPDATE, maxUnavailable: 1 },
    service: { externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
  });
}
