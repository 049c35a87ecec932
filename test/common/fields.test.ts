import { Chart, Testing } from 'cdk8s';
import { NginxIngress, WebhookCertificates } from '../../src';
import { isCidr, isIp, isIntOrPercent, parseQuantity, show } from '../../src/common/_validation';
import { expectValidManifests } from '../helpers/schema';
import { synthError, synthObjects } from '../helpers/synth';

/**
 * The API server's field checks, shared in src/common/_validation.ts, applied to the fields that
 * reach the output: what `kubectl apply` would refuse is a message at synth.
 */

const HEADER = 'Validation failed with the following errors:';

function problems(scope: any): string[] {
  const lines = synthError(scope).split('\n');
  expect(lines[0]).toBe(HEADER);
  return lines.slice(1).map((l) => l.trim());
}

test('enums, names, IPs, label syntax and int32 bounds are checked as the API server does', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', {
    replicas: 1e10,
    nameOverride: 'my name',
    dnsPolicy: 'Sometimes',
    priorityClassName: 'High Priority',
    imagePullSecrets: ['regcred', 'Not A Name'],
    nodeSelector: { 'bad key!': 'x' },
    tolerations: [{ key: 'k', operator: 'Maybe', effect: 'NoWay' }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Whatever' }],
    updateStrategy: { maxUnavailable: '150%' },
    service: { labels: { 'a b': 'c' }, clusterIP: '10.0.0.300', externalIPs: ['1.2.3.4', 'example.com'] },
    env: [{ name: 'A=B', value: '1' }, { name: 'POD_NAMESPACE', value: 'x' }],
    extraArgs: ['--http-port=8080'],
  });

  // THEN
  expect(problems(chart)).toEqual([
    '[test/ingress] nameOverride must be a DNS-1123 label: at most 63 lower-case letters, digits or "-", starting and ending with a letter or digit (got "my name")',
    '[test/ingress] replicas must fit in int32 (at most 2147483647) (got 10000000000)',
    '[test/ingress] updateStrategy.maxUnavailable must be a non-negative integer or a percentage such as "25%" (got "150%")',
    '[test/ingress] dnsPolicy must be one of "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None" (got "Sometimes")',
    '[test/ingress] priorityClassName must be a DNS-1123 subdomain: at most 253 lower-case letters, digits, "-" or ".", starting and ending with a letter or digit (got "High Priority")',
    '[test/ingress] imagePullSecrets[1] must be a DNS-1123 subdomain: at most 253 lower-case letters, digits, "-" or ".", starting and ending with a letter or digit (got "Not A Name")',
    '[test/ingress] nodeSelector["bad key!"] key must be a qualified name ([prefix/]name, name at most 63 characters of [A-Za-z0-9_.-]) (got "bad key!")',
    '[test/ingress] tolerations[0].operator must be one of "Equal", "Exists" (got "Maybe")',
    '[test/ingress] tolerations[0].effect must be one of "NoExecute", "NoSchedule", "PreferNoSchedule" (got "NoWay")',
    '[test/ingress] topologySpreadConstraints[0].whenUnsatisfiable must be one of "DoNotSchedule", "ScheduleAnyway" (got "Whatever")',
    '[test/ingress] service.labels["a b"] key must be a qualified name ([prefix/]name, name at most 63 characters of [A-Za-z0-9_.-]) (got "a b")',
    '[test/ingress] service.clusterIP must be an IPv4 or IPv6 address (got "10.0.0.300")',
    '[test/ingress] service.externalIPs[1] must be an IPv4 or IPv6 address (got "example.com")',
    '[test/ingress] env[0].name must be an environment variable name: letters, digits, "_", "-" or ".", not starting with a digit (got "A=B")',
    '[test/ingress] env[1].name is set by NginxIngress (the controller reads it); remove it (got "POD_NAMESPACE")',
    '[test/ingress] extraArgs[0] sets --http-port, but the container ports, probes and Services stay at 80 and 443; not supported (got "--http-port=8080")',
  ]);
});

test('annotations: at most 256 KiB in total per object, and a long value is cut in the message', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { podAnnotations: { big: 'x'.repeat(300 * 1024) } });

  // THEN
  expect(problems(chart)).toEqual([
    '[test/ingress] podAnnotations must total at most 262144 bytes (256 KiB) of keys and values (got "307203 bytes")',
  ]);
});

test('cert-manager durations are Go durations', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { admissionWebhooks: { certificates: WebhookCertificates.certManager({ duration: 'forever' }) } });

  // THEN
  expect(problems(chart)).toEqual([
    '[test/ingress] admissionWebhooks.certificates.duration must be a duration such as "2160h", "90m" or "8760h0m0s" (got "forever")',
  ]);
});

test('valid input the API server accepts is accepted: CPU "1e3", IPv6, "None" cluster IP', () => {
  // GIVEN
  const app = Testing.app();
  const chart = new Chart(app, 'test');

  // WHEN
  new NginxIngress(chart, 'ingress', {
    resources: { requests: { cpu: '1e3', memory: '90Mi' }, limits: { cpu: '2e3' } },
    service: { clusterIP: 'None', type: undefined, externalIPs: ['2001:db8::1'] },
    env: [{ name: 'my.var-1', value: 'x' }],
  });

  // THEN
  const objects = synthObjects(app);
  expectValidManifests(objects);
});

test('shared value checks', () => {
  expect(parseQuantity('1e3')).toBe(1000);
  expect(parseQuantity('1.5Gi')).toBe(1.5 * 2 ** 30);
  expect(parseQuantity('.5')).toBe(0.5);
  expect(parseQuantity('1x')).toBeUndefined();
  expect(isIp('::ffff:10.0.0.1')).toBe(true);
  expect(isIp('1::2::3')).toBe(false);
  expect(isCidr('2001:db8::/32')).toBe(true);
  expect(isCidr('2001:db8::/129')).toBe(false);
  expect(isIntOrPercent('100%')).toBe(true);
  expect(isIntOrPercent('101%')).toBe(false);
});

test('messages show values as given: NaN, Infinity, strings quoted, long values cut', () => {
  expect(show(NaN)).toBe('NaN');
  expect(show(-Infinity)).toBe('-Infinity');
  expect(show({ a: NaN })).toBe('{"a":"NaN"}');
  expect(show('x')).toBe('"x"');
  expect(show('y'.repeat(1024 * 1024))).toBe(`"${'y'.repeat(99)}... (1048576 characters)`);
});
