import { App, Chart, Testing } from 'cdk8s';
import { checkRules } from './_promtool';
import { CardinalityReduction, ClusterAccess, Fleet, GatewayMetrics, GitOps, KsGateway, NginxIngress, RelabelAction, RenderMode, ScrapeConfig, ScrapeMode } from '../../src';
import { expectValidManifests } from '../helpers/schema';
import { findObject, synthError, synthObjects } from '../helpers/synth';

const CONTROLS = 'kubesphere-controls-system';

function gatewayChart(): { app: App; chart: Chart; gw: KsGateway } {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const gw = new KsGateway(chart, 'demo', { project: 'demo' });
  return { app, chart, gw };
}

describe('ScrapeConfig on a KsGateway', () => {
  test('defaults: a ServiceMonitor whose job is "<gateway>-metrics", 15 records, every alert', () => {
    // GIVEN
    const { app, chart, gw } = gatewayChart();
    // WHEN
    new ScrapeConfig(chart, 'mon', { gateway: gw });
    const objects = synthObjects(app);
    // THEN
    const sm = findObject(objects, 'ServiceMonitor', 'kubesphere-router-demo', CONTROLS);
    const svc = findObject(objects, 'Service', 'kubesphere-router-demo-metrics', CONTROLS);
    // the selector matches the metrics Service and the port exists on it: job = Service name
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(svc.metadata.labels[k]).toEqual(v);
    expect(svc.spec.ports.map((p: any) => p.name)).toContain(sm.spec.endpoints[0].port);
    expect(sm.spec.endpoints[0]).toEqual({ port: 'http-metrics', interval: '30s', scrapeTimeout: '10s', honorLabels: false });
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: [CONTROLS] });
    const rule = findObject(objects, 'PrometheusRule', 'kubesphere-router-demo', CONTROLS);
    expect(rule.spec.groups.map((g: any) => g.name)).toEqual(['kubesphere-router-demo-metrics.records', 'kubesphere-router-demo-metrics.alerts']);
    expect(rule.spec.groups[0].rules.map((r: any) => r.record)).toEqual(GatewayMetrics.table().map((m) => m.record));
    for (const r of rule.spec.groups[0].rules) expect(r.expr).toContain('job="kubesphere-router-demo-metrics"');
    expect(rule.spec.groups[1].rules.map((r: any) => r.alert)).toEqual([
      'NginxIngressHigh5xxRatio', 'NginxIngressHigh4xxRatio', 'NginxIngressHighLatencyP99', 'NginxIngressConfigReloadFailed',
      'NginxIngressCertificateExpiry', 'NginxIngressControllerDown', 'NginxIngressNoReadyReplicas',
      'NginxIngressConnectionSaturation', 'NginxIngressCpuNearLimit', 'NginxIngressMemoryNearLimit',
    ]);
    for (const r of rule.spec.groups[1].rules) {
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'runbook_url', 'summary']);
      expect(['critical', 'warning', 'info']).toContain(r.labels.severity);
      expect(r.for).toMatch(/^\d+m$/);
    }
    expectValidManifests(objects);
    checkRules(objects);
    expect(objects.filter((o) => o.apiVersion.startsWith('monitoring') || o.metadata.name.endsWith('dashboard'))).toMatchSnapshot();
  });

  test('an adopted legacy router: the ServiceMonitor selects the metrics Service, not the old pod labels', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const gw = new KsGateway(chart, 'shop', { project: 'shop', adoptLegacyRouter: true });
    new ScrapeConfig(chart, 'mon', { gateway: gw, mode: ScrapeMode.SERVICE_MONITOR });
    const objects = synthObjects(app);
    const svc = findObject(objects, 'Service', 'kubesphere-router-shop-metrics', CONTROLS);
    const sm = findObject(objects, 'ServiceMonitor', 'kubesphere-router-shop', CONTROLS);
    expect(sm.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/instance': 'kubesphere-router-shop-ingress',
      'app.kubernetes.io/component': 'controller',
    });
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(svc.metadata.labels[k]).toEqual(v);
    expectValidManifests(objects);
    // pods keep their legacy labels: a PodMonitor selects those
    const app2 = Testing.app();
    const chart2 = new Chart(app2, 'test');
    const gw2 = new KsGateway(chart2, 'shop', { project: 'shop', adoptLegacyRouter: true });
    new ScrapeConfig(chart2, 'pods', { gateway: gw2, mode: ScrapeMode.POD_MONITOR });
    expect(findObject(synthObjects(app2), 'PodMonitor', 'kubesphere-router-shop', CONTROLS).spec.selector.matchLabels).toEqual(gw2.selectorLabels);
  });

  test('OPERATOR mode: scrapes what the KubeSphere chart renders', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const gw = new KsGateway(chart, 'demo', { project: 'demo', renderMode: RenderMode.OPERATOR });
    new ScrapeConfig(chart, 'mon', { gateway: gw });
    const objects = synthObjects(app);
    const sm = findObject(objects, 'ServiceMonitor', 'kubesphere-router-demo', CONTROLS);
    expect(sm.spec.selector.matchLabels).toEqual(gw.selectorLabels);
    expect(sm.spec.endpoints[0].port).toEqual(gw.metricsPortName);
    expectValidManifests(objects);
  });

  test.each([ScrapeMode.POD_MONITOR, ScrapeMode.SCRAPE_CONFIG, ScrapeMode.SECRET])('%s mode keeps job="<gateway>-metrics"', (mode) => {
    const { app, chart, gw } = gatewayChart();
    new ScrapeConfig(chart, 'mon', { gateway: gw, mode, interval: '1m', scrapeTimeout: '20s', cardinalityReduction: CardinalityReduction.DROP_UNUSED_METRICS });
    const objects = synthObjects(app);
    expectValidManifests(objects);
    expect(objects.some((o) => o.kind === 'ServiceMonitor')).toBe(false);
    if (mode === ScrapeMode.SECRET) {
      const secret = findObject(objects, 'Secret', 'kubesphere-router-demo', CONTROLS);
      const text = secret.stringData['gateway-scrape.yaml'];
      expect(text).toContain('job_name: kubesphere-router-demo-metrics');
      expect(text).toContain('metric_relabel_configs');
      expect(text).toContain('scrape_interval: 1m');
    } else {
      const kind = mode === ScrapeMode.POD_MONITOR ? 'PodMonitor' : 'ScrapeConfig';
      const obj = findObject(objects, kind, 'kubesphere-router-demo', CONTROLS);
      const relabelings = mode === ScrapeMode.POD_MONITOR ? obj.spec.podMetricsEndpoints[0].relabelings : obj.spec.relabelings;
      expect(relabelings).toContainEqual({ targetLabel: 'job', replacement: 'kubesphere-router-demo-metrics', action: 'replace' });
      if (mode === ScrapeMode.POD_MONITOR) expect(obj.spec.selector.matchLabels).toEqual(gw.selectorLabels);
    }
    expect(objects.filter((o) => ['PodMonitor', 'ScrapeConfig', 'Secret'].includes(o.kind))).toMatchSnapshot();
  });

  test('labels, honorLabels, relabelings, metric relabelings and DROP_PATH reach the ServiceMonitor', () => {
    const { app, chart, gw } = gatewayChart();
    new ScrapeConfig(chart, 'mon', {
      gateway: gw,
      labels: { release: 'prometheus' },
      honorLabels: true,
      cardinalityReduction: CardinalityReduction.DROP_PATH,
      relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }],
      metricRelabelings: [{ sourceLabels: ['method'], regex: 'OPTIONS', action: RelabelAction.DROP }],
    });
    const objects = synthObjects(app);
    const sm = findObject(objects, 'ServiceMonitor', 'kubesphere-router-demo', CONTROLS);
    expect(sm.metadata.labels).toEqual({ release: 'prometheus' });
    expect(findObject(objects, 'PrometheusRule', 'kubesphere-router-demo', CONTROLS).metadata.labels).toEqual({ release: 'prometheus' });
    const ep = sm.spec.endpoints[0];
    expect(ep.honorLabels).toBe(true);
    expect(ep.relabelings).toEqual([{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' }]);
    expect(ep.metricRelabelings.map((r: any) => r.action)).toEqual(['drop', 'labeldrop', 'drop']);
    expect(ep.metricRelabelings[1]).toEqual({ regex: 'path', action: 'labeldrop' });
    expectValidManifests(objects);
  });

  test('alerts can be re-thresholded, disabled one by one, or all', () => {
    const { app, chart, gw } = gatewayChart();
    new ScrapeConfig(chart, 'mon', { gateway: gw, alerts: { http5xxRatio: 0.02, certificateExpiryDays: 30, disable: ['NginxIngressHigh4xxRatio', 'NginxIngressCpuNearLimit'] } });
    const g2 = new KsGateway(chart, 'other', { project: 'other' });
    new ScrapeConfig(chart, 'mon2', { gateway: g2, alerts: { enabled: false }, recordingRules: true });
    const objects = synthObjects(app);
    const alerts = findObject(objects, 'PrometheusRule', 'kubesphere-router-demo', CONTROLS).spec.groups[1].rules;
    const byName = Object.fromEntries(alerts.map((r: any) => [r.alert, r]));
    expect(byName.NginxIngressHigh4xxRatio).toBeUndefined();
    expect(byName.NginxIngressCpuNearLimit).toBeUndefined();
    expect(byName.NginxIngressHigh5xxRatio.expr).toMatch(/ > 0\.02$/);
    expect(byName.NginxIngressCertificateExpiry.expr).toMatch(/ < 30$/);
    expect(findObject(objects, 'PrometheusRule', 'kubesphere-router-other', CONTROLS).spec.groups.map((g: any) => g.name)).toEqual(['kubesphere-router-other-metrics.records']);
    checkRules(objects);
  });

  test('dashboard: a ConfigMap with the sidecar label, one panel per metric of the table', () => {
    const { app, chart, gw } = gatewayChart();
    new ScrapeConfig(chart, 'mon', { gateway: gw, dashboard: { enabled: true, namespace: 'monitoring' } });
    const objects = synthObjects(app);
    const cm = findObject(objects, 'ConfigMap', 'kubesphere-router-demo-dashboard', 'monitoring');
    expect(cm.metadata.labels).toEqual({ grafana_dashboard: '1' });
    const dash = JSON.parse(cm.data['kubesphere-router-demo.json']);
    expect(dash.panels.map((p: any) => p.targets[0].expr.split('{')[0])).toEqual(GatewayMetrics.table().map((m) => m.record));
    expect(dash.panels[0].fieldConfig.defaults.unit).toEqual('short');
    expect(dash.panels[4].fieldConfig.defaults.unit).toEqual('percentunit');
    expect(dash.panels.map((p: any) => typeof p.fieldConfig.defaults.unit)).toEqual(GatewayMetrics.table().map(() => 'string'));
    expectValidManifests(objects);
  });
});

describe('ScrapeConfig on a NginxIngress', () => {
  test('uses the names the controller exposes', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const nginx = new NginxIngress(chart, 'ing', { namespace: 'ingress', metrics: { enabled: true, portName: 'prom' } });
    const mon = new ScrapeConfig(chart, 'mon', { gateway: nginx });
    const objects = synthObjects(app);
    expect(mon.job).toEqual(nginx.metricsServiceName);
    const sm = findObject(objects, 'ServiceMonitor', nginx.workloadName, 'ingress');
    expect(sm.spec.endpoints[0].port).toEqual('prom');
    expect(sm.spec.selector.matchLabels).toEqual(nginx.selectorLabels);
    expectValidManifests(objects);
    checkRules(objects);
  });
});

describe('ScrapeConfig.forEveryGateway', () => {
  test('one per KsGateway and standalone NginxIngress, beside it, in construct-path order; none for a KsGateway\'s own controller', () => {
    // GIVEN: declared out of path order
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const shop = new KsGateway(chart, 'shop', { project: 'shop' });
    const cluster = new KsGateway(chart, 'cluster', {});
    const plain = new NginxIngress(new Chart(app, 'plain'), 'ingress', { metrics: { enabled: true } });

    // WHEN
    const configs = ScrapeConfig.forEveryGateway(chart, { interval: '15s' });
    new KsGateway(chart, 'late', { project: 'late' });
    const objects = synthObjects(app);

    // THEN
    expect(configs.map((c) => c.node.path)).toEqual(['plain/ingress-monitoring', 'test/cluster-monitoring', 'test/shop-monitoring']);
    expect(configs.map((c) => c.node.scope)).toEqual([plain.node.scope, cluster.node.scope, shop.node.scope]);
    expect(configs.map((c) => c.name)).toEqual([plain.workloadName, cluster.gatewayName, shop.gatewayName]);
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor');
    expect(monitors).toHaveLength(3);
    expect(monitors.every((m) => m.spec.endpoints[0].interval === '15s')).toBe(true);
    expect(monitors.map((m) => m.metadata.name)).not.toContain('kubesphere-router-late');
    expectValidManifests(objects);
  });

  test('JavaScript callers: a scope that is not a construct, and bad options, are refused at once with every problem, gateways or not', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'test');

    // WHEN / THEN: no gateway yet, so no ScrapeConfig would have reported the options
    expect(() => ScrapeConfig.forEveryGateway(null as any)).toThrow('ScrapeConfig.forEveryGateway: scope must be a construct (got null)');
    expect(() => ScrapeConfig.forEveryGateway(chart, { intervall: '15s', mode: 'Pull', labels: null } as any)).toThrow([
      'ScrapeConfig.forEveryGateway at test: the options are invalid:',
      '  options.intervall is not a known field; did you mean "interval"? (got "15s")',
      '  options.mode must be one of "PodMonitor", "ScrapeConfig", "Secret", "ServiceMonitor" (got "Pull")',
      '  options.labels must be an object of string keys or left out (got null)',
    ].join('\n'));
    expect(chart.node.findAll().filter((c) => c instanceof ScrapeConfig)).toEqual([]);
  });

  test('in a Fleet: per cluster from a cluster, the whole fleet from the App; gateways of the same name in two clusters are no conflict', () => {
    // GIVEN: two clusters, each with a cluster gateway and a project gateway of the same names
    const app = Testing.app();
    const fleet = new Fleet(app, 'fleet', {
      name: 'edge',
      delivery: GitOps.argoCd({ repoUrl: 'https://git.example.com/gateways.git', targetRevision: 'main', repoPath: 'dist/edge' }),
    });
    const [a, b] = ['a', 'b'].map((name) => {
      const c = fleet.addCluster(name, { access: ClusterAccess.IN_CLUSTER });
      c.addGateway('cluster', {});
      c.addGateway('shop', { project: 'shop' });
      return c;
    });

    // WHEN
    const inA = ScrapeConfig.forEveryGateway(a);
    const inB = ScrapeConfig.forEveryGateway(b);
    const objects = synthObjects(app);

    // THEN
    expect(inA.map((c) => c.node.path)).toEqual(['fleet/a/folder-cluster/cluster-monitoring', 'fleet/a/folder-shop/shop-monitoring']);
    expect(inB.map((c) => c.node.path)).toEqual(['fleet/b/folder-cluster/cluster-monitoring', 'fleet/b/folder-shop/shop-monitoring']);
    expect(objects.filter((o) => o.kind === 'ServiceMonitor')).toHaveLength(4);
  });

  test('from the App, every cluster of a fleet; a second ScrapeConfig on a gateway is still refused within its cluster', () => {
    // GIVEN
    const app = Testing.app();
    const fleet = new Fleet(app, 'fleet', {
      name: 'edge',
      delivery: GitOps.argoCd({ repoUrl: 'https://git.example.com/gateways.git', targetRevision: 'main', repoPath: 'dist/edge' }),
    });
    const gateways = ['a', 'b'].map((name) => fleet.addCluster(name, { access: ClusterAccess.IN_CLUSTER }).addGateway('cluster', {}));

    // WHEN
    const all = ScrapeConfig.forEveryGateway(app);
    new ScrapeConfig(gateways[0].node.scope!, 'again', { gateway: gateways[0] });

    // THEN
    expect(all.map((c) => c.node.path)).toEqual(['fleet/a/folder-cluster/cluster-monitoring', 'fleet/b/folder-cluster/cluster-monitoring']);
    expect(synthError(app)).toEqual([
      'Validation failed with the following errors:',
      '  [fleet/a/folder-cluster] objects must be unique by apiVersion, kind, namespace and name: kustomize rejects duplicates (got 2 × "monitoring.coreos.com/v1/PrometheusRule/kubesphere-controls-system/kubesphere-router-kubesphere-system")',
      '  [fleet/a/folder-cluster] objects must be unique by apiVersion, kind, namespace and name: kustomize rejects duplicates (got 2 × "monitoring.coreos.com/v1/ServiceMonitor/kubesphere-controls-system/kubesphere-router-kubesphere-system")',
      '  [fleet/a/folder-cluster/cluster-monitoring] gateway is monitored by another ScrapeConfig too ("fleet/a/folder-cluster/again"): declare one ScrapeConfig per gateway',
      '  [fleet/a/folder-cluster/again] gateway is monitored by another ScrapeConfig too ("fleet/a/folder-cluster/cluster-monitoring"): declare one ScrapeConfig per gateway',
    ].join('\n'));
  });
});

describe('errors', () => {
  test('metrics off: names the prop to set, renders no scrape', () => {
    const chart = Testing.chart();
    const nginx = new NginxIngress(chart, 'ing', { namespace: 'ingress' });
    new ScrapeConfig(chart, 'mon', { gateway: nginx });
    expect(synthError(chart)).toEqual('Validation failed with the following errors:\n  [test/mon] gateway exposes no metrics: set metrics: { enabled: true } on NginxIngress "test/ing"');
  });

  test('KsGateway with metrics turned off through nginx', () => {
    const chart = Testing.chart();
    const gw = new KsGateway(chart, 'demo', { project: 'demo', nginx: { metrics: { enabled: false } } });
    new ScrapeConfig(chart, 'mon', { gateway: gw });
    expect(synthError(chart)).toContain('[test/mon] gateway exposes no metrics: set nginx: { metrics: { enabled: true } } on KsGateway "test/demo"');
  });

  test('metrics Service off: ServiceMonitor is an error, PodMonitor works', () => {
    const chart = Testing.chart();
    const nginx = new NginxIngress(chart, 'ing', { namespace: 'ingress', metrics: { enabled: true, service: false } });
    new ScrapeConfig(chart, 'mon', { gateway: nginx });
    expect(synthError(chart)).toContain('[test/mon] mode needs the metrics Service, which the gateway does not render: set metrics.service to true or use ScrapeMode.POD_MONITOR (got "ServiceMonitor")');
  });

  test('every bad input at once', () => {
    const { chart, gw } = gatewayChart();
    new ScrapeConfig(chart, 'mon', {
      gateway: gw,
      interval: '10s',
      scrapeTimeout: '15s',
      serviceSelector: { app: 'nothing' },
      relabelings: [{ sourceLabels: ['a'], regex: '(', targetLabel: 'x' }, { action: 'explode' as any }],
      alerts: { http5xxRatio: 1.5, latencyP99Seconds: 0, certificateExpiryDays: -1, activeConnectionsPerPod: 0.5, disable: ['Nope'] },
    });
    expect(synthError(chart)).toEqual([
      'Validation failed with the following errors:',
      '  [test/mon] relabelings[1].action must be one of "drop", "dropequal", "hashmod", "keep", "keepequal", "labeldrop", "labelkeep", "labelmap", "lowercase", "replace", "uppercase" (got "explode")',
      '  [test/mon] interval must be at least scrapeTimeout (15s) (got "10s")',
      '  [test/mon] relabelings[0].regex must be a valid RE2 regular expression (got "(")',
      '  [test/mon] serviceSelector must match the metrics Service "kubesphere-router-demo-metrics" (labels ' + JSON.stringify(findLabels(chart)) + ') (got {"app":"nothing"})',
      '  [test/mon] alerts.http5xxRatio must be a ratio > 0 and <= 1 (got 1.5)',
      '  [test/mon] alerts.latencyP99Seconds must be > 0 (got 0)',
      '  [test/mon] alerts.certificateExpiryDays must be > 0 (got -1)',
      '  [test/mon] alerts.activeConnectionsPerPod must be an integer (got 0.5)',
      '  [test/mon] alerts.disable must name alerts among NginxIngressHigh5xxRatio, NginxIngressHigh4xxRatio, NginxIngressHighLatencyP99, NginxIngressConfigReloadFailed, NginxIngressCertificateExpiry, NginxIngressControllerDown, NginxIngressNoReadyReplicas, NginxIngressConnectionSaturation, NginxIngressCpuNearLimit, NginxIngressMemoryNearLimit (got "Nope")',
    ].join('\n'));
  });

  test('a latency threshold at or above the largest request-time bucket could never fire', () => {
    // GIVEN: the default buckets end at 10s; a controller with buckets up to 0.5s; one up to 30s
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const byDefault = new NginxIngress(chart, 'default', { metrics: { enabled: true } });
    const small = new KsGateway(chart, 'small', { project: 'small', extraArgs: ['--time-buckets=0.1,0.5'] });
    const large = new KsGateway(chart, 'large', { project: 'large', extraArgs: ['--time-buckets=1,10,30'] });
    const off = new KsGateway(chart, 'off', { project: 'off', extraArgs: ['--time-buckets=0.1,0.5'] });

    // WHEN
    new ScrapeConfig(chart, 'default-mon', { gateway: byDefault, alerts: { latencyP99Seconds: 10 } });
    new ScrapeConfig(chart, 'small-mon', { gateway: small }); // the default threshold, 2s
    new ScrapeConfig(chart, 'large-mon', { gateway: large, alerts: { latencyP99Seconds: 20 } });
    new ScrapeConfig(chart, 'off-mon', { gateway: off, alerts: { disable: ['NginxIngressHighLatencyP99'] } });

    // THEN
    expect(synthError(chart)).toEqual([
      'Validation failed with the following errors:',
      '  [test/default-mon] alerts.latencyP99Seconds must be below the largest request-time bucket of the controller (10s, --time-buckets): '
        + 'a 99th percentile above it reads as 10s, so the alert could never fire; lower it or add larger buckets with --time-buckets (got 10)',
      '  [test/small-mon] alerts.latencyP99Seconds must be below the largest request-time bucket of the controller (0.5s, --time-buckets): '
        + 'a 99th percentile above it reads as 0.5s, so the alert could never fire; lower it or add larger buckets with --time-buckets (got 2)',
    ].join('\n'));
  });

  test('two ScrapeConfigs on one gateway would render the same objects', () => {
    const { chart, gw } = gatewayChart();
    new ScrapeConfig(chart, 'a', { gateway: gw });
    new ScrapeConfig(chart, 'b', { gateway: gw, mode: ScrapeMode.POD_MONITOR });
    expect(synthError(chart)).toEqual([
      'Validation failed with the following errors:',
      '  [test/a] gateway is monitored by another ScrapeConfig too ("test/b"): declare one ScrapeConfig per gateway',
      '  [test/b] gateway is monitored by another ScrapeConfig too ("test/a"): declare one ScrapeConfig per gateway',
    ].join('\n'));
  });

  test('gateway that is not a gateway throws at once', () => {
    const chart = Testing.chart();
    expect(() => new ScrapeConfig(chart, 'mon', { gateway: null as any })).toThrow('gateway must be a NginxIngress or a KsGateway (got null)');
  });
});

function findLabels(chart: Chart): any {
  const svc = chart.node.findAll().find((c: any) => c.kind === 'Service' && c.name === 'kubesphere-router-demo-metrics') as any;
  return svc.toJson().metadata.labels;
}
