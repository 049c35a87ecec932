import * as fs from 'fs';
import { Chart, Testing } from 'cdk8s';
import { generateShapesModule, SHAPES_FILE } from '../../scripts/gen-shapes';
import { KsGateway, NginxIngress, WebhookCertificates } from '../../src';
import { checkProps, hasShape, suggest } from '../../src/common/_shape';
import { expectValidManifests } from '../helpers/schema';
import { synthError, synthObjects } from '../helpers/synth';

/**
 * Runtime shape checks: what JavaScript callers pass (null, wrong types, typos, inherited keys,
 * nulls in arrays) gives validation messages, all at once, never a raw exception.
 */

const HEADER = 'Validation failed with the following errors:';

/** The lines of a synth error, without the header. */
function problems(scope: any): string[] {
  const lines = synthError(scope).split('\n');
  expect(lines[0]).toBe(HEADER);
  return lines.slice(1).map((l) => l.trim());
}

test('the generated shapes are up to date with the props interfaces (npx projen shapes)', () => {
  // GIVEN / WHEN
  const fresh = generateShapesModule();

  // THEN
  expect(fs.readFileSync(SHAPES_FILE, 'utf8')).toBe(fresh);
});

test('every exported props interface has a shape', () => {
  for (const name of ['NginxIngressProps', 'KsGatewayProps', 'FromManifestOptions', 'CertgenOptions', 'CertManagerOptions', 'NginxConfig', 'k8s.Volume']) {
    expect(hasShape(name)).toBe(true);
  }
});

test('null props and null nested objects are messages', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'a', null as any);
  new NginxIngress(chart, 'b', { releaseName: 'b', ingressClass: 'b', ingressClassResource: { name: 'b', controllerValue: 'k8s.io/b' }, config: null, service: null } as any);

  // THEN
  expect(problems(chart)).toEqual([
    '[test/a] props must be an object or left out (got null)',
    '[test/b] config must be an object or left out (got null)',
    '[test/b] service must be an object or left out (got null)',
  ]);
});

test('nulls inside arrays are messages, not crashes', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', {
    tolerations: [null], extraVolumes: [null], env: [null], extraArgs: [null], watchNamespace: 'apps', imagePullSecrets: [undefined],
  } as any);

  // THEN
  expect(problems(chart)).toEqual([
    '[test/ingress] tolerations[0] must be an object (got null)',
    '[test/ingress] extraVolumes[0] must be an object (got null)',
    '[test/ingress] env[0] must be an object (got null)',
    '[test/ingress] extraArgs[0] must be a string (got null)',
    '[test/ingress] imagePullSecrets[0] must be a string (got undefined)',
  ]);
});

test('misspelled keys are errors with a suggestion, at any depth', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', {
    replica: 2,
    service: { typ: 'NodePort' },
    config: { proxyBodysize: '8m' },
    env: [{ name: 'A', valu: 'b' }],
    extraVolumes: [{ name: 'v', emptydir: {} }],
    zzz: 1,
  } as any);

  // THEN
  expect(problems(chart)).toEqual([
    '[test/ingress] replica is not a known field; did you mean "replicas"? (got 2)',
    '[test/ingress] service.typ is not a known field; did you mean "type"? (got "NodePort")',
    '[test/ingress] config.proxyBodysize is not a known field; did you mean "proxyBodySize"? (got "8m")',
    '[test/ingress] env[0].valu is not a known field; did you mean "value"? (got "b")',
    '[test/ingress] extraVolumes[0].emptydir is not a known field; did you mean "emptyDir"? (got {})',
    '[test/ingress] zzz is not a known field (got 1)',
  ]);
});

test('wrong types and unknown enum strings are errors, not coerced or defaulted', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { createNamespace: 'no', replicas: NaN, kind: 'StatefulSet', minReadySeconds: Infinity } as any);
  new KsGateway(chart, 'gw', { ingressSelection: 'Ingress', renderMode: 'Helm', deployment: { replica: 2 } } as any);

  // THEN
  expect(problems(chart)).toEqual([
    '[test/ingress] createNamespace must be a boolean (true or false) (got "no")',
    '[test/ingress] replicas must be a finite number (got NaN)',
    '[test/ingress] kind must be one of "DaemonSet", "Deployment" (got "StatefulSet")',
    '[test/ingress] minReadySeconds must be a finite number (got Infinity)',
    '[test/gw] ingressSelection must be one of "IngressClass", "Namespace" (got "Ingress")',
    '[test/gw] renderMode must be one of "Operator", "Standalone" (got "Helm")',
    '[test/gw] deployment.replica is not a known field; did you mean "replicas"? (got 2)',
  ]);
});

test('keys inherited through a prototype are errors (spreads would drop them)', () => {
  // GIVEN
  const chart = Testing.chart();
  const props = Object.create({ replicas: 3 });
  props.namespace = 'web';

  // WHEN
  new NginxIngress(chart, 'ingress', props);

  // THEN
  expect(problems(chart)).toEqual([
    '[test/ingress] replicas must be an own property, not inherited from a prototype (it would be ignored)',
  ]);
});

test('map keys that are Object.prototype names are ordinary keys, except the two cdk8s cannot write', () => {
  // GIVEN
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const bad = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { commonLabels: { toString: 'y', hasOwnProperty: 'z' } });
  new NginxIngress(bad, 'ingress', { commonLabels: { constructor: 'x' } });

  // THEN
  const objects = synthObjects(app);
  const deployment = objects.find((o) => o.kind === 'Deployment');
  expect(deployment.metadata.labels.toString).toBe('y');
  expectValidManifests(objects);
  expect(problems(bad)).toEqual([
    '[test/ingress] commonLabels["constructor"] cannot be rendered: cdk8s treats an object key named "constructor" as part of the object, not as data; use another key',
  ]);
});

test('webhook certificate options are checked and reported by the construct using them', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', { admissionWebhooks: { certificates: WebhookCertificates.certgen({ ttlSecondsAfterFinish: 5 } as any) } });

  // THEN
  expect(problems(chart)).toEqual([
    '[test/ingress] admissionWebhooks.certificates.options.ttlSecondsAfterFinish is not a known field; did you mean "ttlSecondsAfterFinished"? (got 5)',
  ]);
});

test('fromManifest options are checked', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN / THEN
  expect(() => KsGateway.fromManifest(chart, '', { renderMod: 'Operator' } as any))
    .toThrow('KsGateway.fromManifest: options.renderMod is not a known field; did you mean "renderMode"? (got "Operator")');
  expect(() => KsGateway.fromManifest(chart, null as any))
    .toThrow('KsGateway.fromManifest: manifest must be a string of YAML (got null)');
});

test('checkProps returns the props with every bad part dropped', () => {
  // GIVEN / WHEN
  const result = checkProps<any>('NginxIngressProps', { replicas: 2, replica: 3, tolerations: [null, { key: 'k' }] });

  // THEN
  expect(result.value).toEqual({ replicas: 2, tolerations: [{ key: 'k' }] });
  expect(result.problems).toHaveLength(2);
});

test('suggest: close names only', () => {
  expect(suggest('replica', ['replicas', 'kind'])).toBe('replicas');
  expect(suggest('CONFIG', ['config'])).toBe('config');
  expect(suggest('zzz', ['replicas', 'kind'])).toBeUndefined();
});
