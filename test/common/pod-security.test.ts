import { Chart, Testing } from 'cdk8s';
import { KsGateway, NginxIngress, PodSecurityLevel, WorkloadKind } from '../../src';
import { podLevel } from '../../src/common/_pod-security';
import { expectValidManifests } from '../helpers/schema';
import { synthError, synthObjects } from '../helpers/synth';

/** Pod security is declared, not drifted into: below `restricted` only when the props name the level. */

const HEADER = 'Validation failed with the following errors:';

function problems(scope: any): string[] {
  const lines = synthError(scope).split('\n');
  expect(lines[0]).toBe(HEADER);
  return lines.slice(1).map((l) => l.trim());
}

test('a hostPath volume, an AppArmor unconfined annotation and hostNetwork are refused without a declared level', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'a', { releaseName: 'a', ingressClass: 'a', ingressClassResource: { name: 'a', controllerValue: 'k8s.io/a' }, extraVolumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] });
  new NginxIngress(chart, 'b', { releaseName: 'b', ingressClass: 'b', ingressClassResource: { name: 'b', controllerValue: 'k8s.io/b' }, podAnnotations: { 'container.apparmor.security.beta.kubernetes.io/controller': 'unconfined' } });
  new KsGateway(chart, 'gw', { project: 'demo', kind: WorkloadKind.DAEMON_SET, hostNetwork: true });

  // THEN
  expect(problems(chart)).toEqual([
    '[test/a] podSecurityLevel must be PodSecurityLevel.PRIVILEGED to render Deployment "a-ingress-nginx-controller", whose pods are Pod Security Standards privileged (volume "logs" is a hostPath) (got "restricted")',
    '[test/b] podSecurityLevel must be PodSecurityLevel.PRIVILEGED to render Deployment "b-ingress-nginx-controller", whose pods are Pod Security Standards privileged (AppArmor controller unconfined) (got "restricted")',
    '[test/gw/Controller] podSecurityLevel must be PodSecurityLevel.PRIVILEGED to render DaemonSet "kubesphere-router-demo", whose pods are Pod Security Standards privileged (hostNetwork: true) (got "restricted")',
  ]);
});

test('a baseline-only volume needs BASELINE; naming it renders', () => {
  // GIVEN
  const refused = Testing.chart();
  const app = Testing.app();
  const declared = new Chart(app, 'test');
  const nfs = { name: 'data', nfs: { server: '10.0.0.1', path: '/data' } };

  // WHEN
  new NginxIngress(refused, 'ingress', { extraVolumes: [nfs] });
  new NginxIngress(declared, 'ingress', { extraVolumes: [nfs], podSecurityLevel: PodSecurityLevel.BASELINE });

  // THEN
  expect(problems(refused)).toEqual([
    '[test/ingress] podSecurityLevel must be PodSecurityLevel.BASELINE to render Deployment "ingress-nginx-controller", whose pods are Pod Security Standards baseline (volume "data" is a nfs) (got "restricted")',
  ]);
  const objects = synthObjects(app);
  expectValidManifests(objects);
  const deployment = objects.find((o) => o.kind === 'Deployment');
  expect(podLevel(deployment.spec.template)).toBe(PodSecurityLevel.BASELINE);
});

test('every pod of the defaults is restricted', () => {
  // GIVEN
  const app = Testing.app();
  const chart = new Chart(app, 'test');

  // WHEN
  new NginxIngress(chart, 'ingress', { defaultBackend: { enabled: true } });

  // THEN
  const pods = synthObjects(app).filter((o) => ['Deployment', 'Job'].includes(o.kind));
  expect(pods.map((o) => podLevel(o.spec.template))).toEqual(pods.map(() => PodSecurityLevel.RESTRICTED));
  expect(pods.length).toBeGreaterThanOrEqual(4);
});
