import { Chart, Testing } from 'cdk8s';
import { NginxIngress } from '../../src';

/** Whole-app rules: no two controllers may claim one cluster-wide identity (ingress-nginx#7557, #9292). */

function synthError(app: ReturnType<typeof Testing.app>): string {
  try {
    app.synthYaml();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesis did not fail');
}

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
