import { Testing } from 'cdk8s';
import { findObject, synth, workload } from './_render';
import { EXAMPLES } from '../../examples';
import { NginxIngress, WebhookCertificates, WorkloadKind, PodSecurityLevel } from '../../src';
import { expectRestricted, restrictedViolations } from '../helpers/pod-security';
import { synthObjects } from '../helpers/synth';

/**
 * Secure by default: snippets off at the High risk level, and every pod within the Pod Security
 * Standards `restricted` profile, unless the user asks for the host's network.
 */

test('snippets are off and the annotation risk level is High, rendered explicitly', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress');

  // THEN
  const data = findObject(synth(chart), 'ConfigMap', 'ingress-nginx-controller').data;
  expect(data['allow-snippet-annotations']).toBe('false');
  expect(data['annotations-risk-level']).toBe('High');
});

test('typed config keys do not remove the secure defaults', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { config: { useForwardedHeaders: true, extra: { 'use-gzip': 'true' } } });

  // THEN
  const data = findObject(synth(chart), 'ConfigMap', 'ingress-nginx-controller').data;
  expect(data).toMatchObject({ 'allow-snippet-annotations': 'false', 'annotations-risk-level': 'High' });
});

test('every pod of the default render is restricted', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress');

  // THEN
  const objects = synth(chart);
  expect(objects.filter((o) => o.spec?.template).map((o) => o.kind)).toEqual(['Deployment', 'Job', 'Job']);
  expectRestricted(objects);
});

test('every pod with cert-manager, a default backend and a DaemonSet is restricted', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', {
    kind: WorkloadKind.DAEMON_SET,
    defaultBackend: { enabled: true },
    admissionWebhooks: { certificates: WebhookCertificates.certManager() },
  });

  // THEN
  const objects = synth(chart);
  expect(objects.filter((o) => o.spec?.template).map((o) => o.kind)).toEqual(['DaemonSet', 'Deployment']);
  expectRestricted(objects);
});

test.each(Object.keys(EXAMPLES))('every pod of example %s is restricted', (name) => {
  // GIVEN
  const app = Testing.app();

  // WHEN
  EXAMPLES[name](app);

  // THEN
  expectRestricted(synthObjects(app));
});

test('hostNetwork is reported as a restricted violation', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED });

  // THEN
  expect(restrictedViolations(workload(synth(chart)))).toEqual(['pod: hostNetwork must be false (got true)']);
});

test('hostPorts are reported as restricted violations', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { kind: WorkloadKind.DAEMON_SET, podSecurityLevel: PodSecurityLevel.PRIVILEGED, hostPorts: {} });

  // THEN
  expect(restrictedViolations(workload(synth(chart)))).toEqual([
    'container "controller": ports: hostPort must be 0 or unset (got 80)',
    'container "controller": ports: hostPort must be 0 or unset (got 443)',
  ]);
});
