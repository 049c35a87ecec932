import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayServiceType, KsGateway, NginxIngress, OrderedChart } from '../../src';

/** Declares the same three gateways, in the given order of projects. */
function declare(chart: Construct, projects: string[]): void {
  for (const project of projects) {
    new KsGateway(chart, project, { project, service: { type: GatewayServiceType.NODE_PORT }, controller: { tcp: { 9000: `${project}/svc:9000` } } });
  }
}

function yamlOf(order: string[], chartClass: typeof Chart): string {
  const app = Testing.app();
  declare(new chartClass(app, 'gateways'), order);
  return app.synthYaml();
}

describe('OrderedChart', () => {
  test('gives byte-identical YAML whatever the order of construction', () => {
    // GIVEN the same declarations in two orders
    const a = yamlOf(['alpha', 'beta', 'gamma'], OrderedChart);
    const b = yamlOf(['gamma', 'alpha', 'beta'], OrderedChart);
    // THEN
    expect(b).toEqual(a);
  });

  test('a plain Chart keeps declaration order (so the test above can fail)', () => {
    expect(yamlOf(['gamma', 'alpha', 'beta'], Chart)).not.toEqual(yamlOf(['alpha', 'beta', 'gamma'], Chart));
  });

  test('orders kinds as kustomize applies them: namespaces and RBAC first, webhooks last', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new OrderedChart(app, 'ingress');
    new NginxIngress(chart, 'ingress', { createNamespace: true, metrics: { enabled: true } });
    // WHEN
    const kinds = chart.toJson().map((o: any) => `${o.kind}/${o.metadata.name}`);
    // THEN
    expect(kinds).toEqual([
      'Namespace/ingress-nginx',
      'ServiceAccount/ingress-nginx',
      'ServiceAccount/ingress-nginx-admission',
      'Role/ingress-nginx',
      'Role/ingress-nginx-admission',
      'ClusterRole/ingress-nginx',
      'ClusterRole/ingress-nginx-admission',
      'RoleBinding/ingress-nginx',
      'RoleBinding/ingress-nginx-admission',
      'ClusterRoleBinding/ingress-nginx',
      'ClusterRoleBinding/ingress-nginx-admission',
      'ConfigMap/ingress-nginx-controller',
      'Service/ingress-nginx-controller',
      'Service/ingress-nginx-controller-admission',
      'Service/ingress-nginx-controller-metrics',
      'Deployment/ingress-nginx-controller',
      'Job/ingress-nginx-admission-create',
      'Job/ingress-nginx-admission-patch',
      'IngressClass/nginx',
      'ValidatingWebhookConfiguration/ingress-nginx-admission',
    ]);
  });

  test('OrderedChart.sortManifests orders by namespace then name within a kind, and unlisted kinds by group', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'x' } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'c' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'y' } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'x' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'z', namespace: 'x' } },
    ];
    expect(OrderedChart.sortManifests(objects).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Service/x/b', 'Service/x/z', 'Service/y/a', 'Job/x/j', 'IngressClass//c',
    ]);
  });

  test('works with App.synth (file per chart)', () => {
    const app = new App({ outdir: Testing.app().outdir });
    declare(new OrderedChart(app, 'gateways'), ['beta', 'alpha']);
    expect(() => app.synth()).not.toThrow();
  });
});
