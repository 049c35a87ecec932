import { App } from 'cdk8s';
import { NginxIngress, OrderedChart, ServiceType, UpdateStrategyType } from '../src';

/**
 * The official static manifest for bare metal (deploy/static/provider/baremetal/deploy.yaml):
 * a NodePort Service and no --publish-service.
 */
export function build(app: App): void {
  const chart = new OrderedChart(app, 'static-baremetal');
  new NginxIngress(chart, 'ingress-nginx', {
    createNamespace: true,
    manageReplicas: false,
    updateStrategy: { type: UpdateStrategyType.ROLLING_UPDATE, maxUnavailable: 1 },
    service: { type: ServiceType.NODE_PORT },
    publishService: false,
  });
}
