import { Testing } from 'cdk8s';
import { args, synth } from './_render';
import { Images, NginxIngress } from '../../src';
import { findObject, synthError } from '../helpers/synth';

/**
 * A controller that watches another namespace than its own only sees that namespace: ingress-nginx
 * creates every informer with `WithNamespace(<watched>)` (store.go). What it reads through them
 * must live there; what it cannot watch must roll the pods when it changes.
 */

describe('watching another namespace', () => {
  test('puts the TCP and UDP services ConfigMaps in the watched namespace and points the flags there', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { namespace: 'edge', watchNamespace: 'team-a', tcp: { 5432: 'team-a/db:5432' }, udp: { 53: 'team-a/dns:53' } });

    // THEN
    const objects = synth(chart);
    expect(findObject(objects, 'ConfigMap', 'ingress-nginx-tcp').metadata.namespace).toBe('team-a');
    expect(findObject(objects, 'ConfigMap', 'ingress-nginx-udp').metadata.namespace).toBe('team-a');
    expect(args(objects)).toEqual(expect.arrayContaining([
      '--tcp-services-configmap=team-a/ingress-nginx-tcp',
      '--udp-services-configmap=team-a/ingress-nginx-udp',
    ]));
  });

  test('keeps them beside the controller when it watches its own namespace or every namespace', () => {
    for (const watchNamespace of [undefined, 'ingress-nginx']) {
      const chart = Testing.chart();
      new NginxIngress(chart, 'ingress', { watchNamespace, tcp: { 5432: 'ingress-nginx/db:5432' } });
      const objects = synth(chart);
      expect(findObject(objects, 'ConfigMap', 'ingress-nginx-tcp').metadata.namespace).toBe('ingress-nginx');
      expect(args(objects)).toContain('--tcp-services-configmap=$(POD_NAMESPACE)/ingress-nginx-tcp');
    }
  });

  test('rolls the pods when the nginx ConfigMap changes, which the controller cannot watch', () => {
    // GIVEN two renders that differ only in the ConfigMap data
    const render = (bodySize: string) => {
      const chart = Testing.chart();
      new NginxIngress(chart, 'ingress', { namespace: 'edge', watchNamespace: 'team-a', config: { proxyBodySize: bodySize } });
      return findObject(synth(chart), 'Deployment', 'ingress-nginx-controller').spec.template.metadata.annotations[Images.CONFIG_CHECKSUM_ANNOTATION];
    };

    // THEN the checksum is a sha256 and follows the data
    expect(render('8m')).toMatch(/^[0-9a-f]{64}$/);
    expect(render('8m')).toEqual(render('8m'));
    expect(render('16m')).not.toEqual(render('8m'));
  });

  test('adds no checksum when the controller watches its own ConfigMap (chart parity)', () => {
    const chart = Testing.chart();
    new NginxIngress(chart, 'ingress', { watchNamespace: 'ingress-nginx' });
    expect(findObject(synth(chart), 'Deployment', 'ingress-nginx-controller').spec.template.metadata.annotations).toBeUndefined();
  });

  test('rejects references to objects outside the watched namespace, all at once', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      namespace: 'edge',
      watchNamespace: 'team-a',
      tcp: { 5432: 'team-b/db:5432' },
      defaultSslCertificate: 'edge/wildcard',
      config: { sslDhParam: 'edge/dhparam' },
      defaultBackend: { enabled: true },
    });

    // THEN
    const why = 'the controller only sees namespace "team-a" (watchNamespace)';
    expect(synthError(chart)).toBe([
      'Validation failed with the following errors:',
      `  [test/ingress] tcp["5432"] must forward to a Service in "team-a": ${why} (got "team-b/db:5432")`,
      `  [test/ingress] defaultSslCertificate must name a Secret in "team-a": ${why} (got "edge/wildcard")`,
      `  [test/ingress] config.sslDhParam must name a Secret in "team-a": ${why} (got "edge/dhparam")`,
      `  [test/ingress] defaultBackend.enabled cannot be used with watchNamespace in another namespace: the default backend Service lives in "edge" and ${why} (got true)`,
    ].join('\n'));
  });
});

describe('metrics.port other than 10254', () => {
  test('moves /healthz and the probes with it (--healthz-port)', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { metrics: { enabled: true, port: 9913 } });

    // THEN
    const objects = synth(chart);
    expect(args(objects)).toContain('--healthz-port=9913');
    const container = findObject(objects, 'Deployment', 'ingress-nginx-controller').spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet.port).toBe(9913);
    expect(container.readinessProbe.httpGet.port).toBe(9913);
    expect(container.ports).toContainEqual({ containerPort: 9913, name: 'metrics', protocol: 'TCP' });
  });

  test('renders no --healthz-port at the default', () => {
    const chart = Testing.chart();
    new NginxIngress(chart, 'ingress', { metrics: { enabled: true } });
    expect(args(synth(chart)).some((a) => a.startsWith('--healthz-port'))).toBe(false);
  });
});

test('reportNodeInternalIp renders the flag with or without hostNetwork (status addresses for NodePort setups)', () => {
  const chart = Testing.chart();
  new NginxIngress(chart, 'ingress', { reportNodeInternalIp: true, publishService: false });
  expect(args(synth(chart))).toContain('--report-node-internal-ip-address=true');
});

test('selector labels win over pod labels in the pod template', () => {
  const chart = Testing.chart();
  new NginxIngress(chart, 'ingress', { podLabels: { team: 'edge' } });
  const deployment = findObject(synth(chart), 'Deployment', 'ingress-nginx-controller');
  expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining({ ...deployment.spec.selector.matchLabels, team: 'edge' }));
});
