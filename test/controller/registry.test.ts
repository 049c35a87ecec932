import { Chart, Testing } from 'cdk8s';
import { KsGateway, NginxIngress, WorkloadKind, PodSecurityLevel } from '../../src';
import { synthError } from '../helpers/synth';

/** Whole-app rules: no two controllers may claim one cluster-wide identity (ingress-nginx#7557, #9292). */

test('two default controllers in one App clash on every identity, reported once', () => {
  // GIVEN
  const app = Testing.app();
  new NginxIngress(new Chart(app, 'a'), 'ingress');
  new NginxIngress(new Chart(app, 'b'), 'ingress');

  // WHEN
  const message = synthError(app);

  // THEN
  expect(message).toBe('Validation failed with the following errors:\n'
    + '  [NginxIngressRules] a/ingress and b/ingress would both claim ClusterRole "ingress-nginx", '
    + 'the objects named "ingress-nginx-controller" in namespace "ingress-nginx", IngressClass "nginx", '
    + 'controller class "k8s.io/ingress-nginx", leader Lease "ingress-nginx/ingress-nginx-leader", '
    + 'ValidatingWebhookConfiguration "ingress-nginx-admission": the last one applied would take them over; '
    + 'give one of them another releaseName or fullnameOverride, ingressClassResource and electionId');
});

test('a second controller with its own release, class and controller value is fine', () => {
  const app = Testing.app();
  new NginxIngress(new Chart(app, 'public'), 'ingress');
  new NginxIngress(new Chart(app, 'internal'), 'ingress', {
    releaseName: 'internal',
    ingressClass: 'internal',
    ingressClassResource: { name: 'internal', controllerValue: 'example.com/internal' },
  });
  expect(() => app.synthYaml()).not.toThrow();
});

test('sharing only the controller value is still an error: both would claim the same IngressClasses', () => {
  const app = Testing.app();
  new NginxIngress(new Chart(app, 'public'), 'ingress');
  new NginxIngress(new Chart(app, 'internal'), 'ingress', { releaseName: 'internal', ingressClassResource: { name: 'internal' } });
  expect(synthError(app)).toContain('internal/ingress and public/ingress would both claim controller class "k8s.io/ingress-nginx"');
});

describe('host ports', () => {
  const own = (name: string) => ({
    releaseName: name,
    ingressClass: name,
    ingressClassResource: { name, controllerValue: `example.com/${name}` },
    kind: WorkloadKind.DAEMON_SET,
    hostNetwork: true,
    podSecurityLevel: PodSecurityLevel.PRIVILEGED,
  });

  test('two host-network controllers on the same nodes are an error', () => {
    const app = Testing.app();
    new NginxIngress(new Chart(app, 'a'), 'ingress', own('a'));
    new NginxIngress(new Chart(app, 'b'), 'ingress', own('b'));
    expect(synthError(app)).toBe('Validation failed with the following errors:\n'
      + '  [NginxIngressRules] a/ingress and b/ingress both bind host ports 80 and 443 on the nodes selected by {"kubernetes.io/os":"linux"}: '
      + 'the second pod on a node cannot start; give them disjoint nodeSelectors');
  });

  test('disjoint node selectors are fine', () => {
    const app = Testing.app();
    new NginxIngress(new Chart(app, 'a'), 'ingress', { ...own('a'), nodeSelector: { pool: 'a' } });
    new NginxIngress(new Chart(app, 'b'), 'ingress', { ...own('b'), nodeSelector: { pool: 'b' } });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('applies to gateways too', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'gateways');
    new KsGateway(chart, 'a', { project: 'a', kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED });
    new KsGateway(chart, 'b', { project: 'b', kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED });
    expect(synthError(app)).toContain('[NginxIngressRules] gateways/a/Controller and gateways/b/Controller both bind host ports 80 and 443');
  });
});
