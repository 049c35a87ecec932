import { Testing } from 'cdk8s';
import { checkRules } from './_promtool';
import { build } from '../../examples/kubesphere-platform';
import { findObject, synthObjects } from '../helpers/synth';

test('the platform example monitors every gateway, and its rules pass promtool', () => {
  // GIVEN
  const app = Testing.app();
  build(app);
  // WHEN
  const objects = synthObjects(app);
  // THEN every metrics Service is selected by a ServiceMonitor on its port, with rules for its job
  const metricsServices = objects.filter((o) => o.kind === 'Service' && o.metadata.name.endsWith('-metrics'));
  expect(metricsServices.map((s) => s.metadata.name).sort()).toEqual([
    'kubesphere-router-edge-metrics', 'kubesphere-router-kubesphere-system-metrics', 'kubesphere-router-shop-metrics', 'kubesphere-router-team-a-metrics',
  ]);
  for (const svc of metricsServices) {
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor' && o.metadata.namespace === svc.metadata.namespace
      && Object.entries(o.spec.selector.matchLabels).every(([k, v]) => svc.metadata.labels[k] === v)
      && svc.spec.ports.some((p: any) => p.name === o.spec.endpoints[0].port));
    expect(monitors).toHaveLength(1);
    const rule = findObject(objects, 'PrometheusRule', monitors[0].metadata.name, svc.metadata.namespace);
    expect(rule.spec.groups[0].name).toEqual(`${svc.metadata.name}.records`);
  }
  expect(objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')).toHaveLength(4);
  checkRules(objects);
});
