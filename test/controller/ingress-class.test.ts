import { Testing } from 'cdk8s';
import { args, findObject, ofKind, synth } from './_render';
import { NginxIngress } from '../../src';

/**
 * Which Ingresses the controller serves: the IngressClass, --ingress-class, --controller-class,
 * class matching flags, leader election, and the default certificate.
 */

describe('IngressClass', () => {
  test('default: "nginx" for k8s.io/ingress-nginx, not the default class', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    const ic = findObject(objects, 'IngressClass', 'nginx');
    expect(ic.spec).toEqual({ controller: 'k8s.io/ingress-nginx' });
    expect(ic.metadata.annotations).toBeUndefined();
    expect(ic.metadata.namespace).toBeUndefined();
    expect(args(objects)).toEqual(expect.arrayContaining(['--controller-class=k8s.io/ingress-nginx', '--ingress-class=nginx']));
  });

  test('name and controllerValue; controllerValue is also --controller-class', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const ingress = new NginxIngress(chart, 'ingress', { ingressClassResource: { name: 'public', controllerValue: 'example.com/public' } });

    // THEN
    const objects = synth(chart);
    expect(findObject(objects, 'IngressClass', 'public').spec.controller).toBe('example.com/public');
    expect(args(objects)).toContain('--controller-class=example.com/public');
    expect(ingress.ingressClassName).toBe('public');
    expect(ingress.controllerClass).toBe('example.com/public');
  });

  test('ingressClass sets --ingress-class', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { ingressClass: 'public' });

    // THEN
    expect(args(synth(chart))).toContain('--ingress-class=public');
  });

  test('default marks it the cluster default class; annotations are added', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { ingressClassResource: { default: true, annotations: { 'example.com/team': 'edge' } } });

    // THEN
    expect(findObject(synth(chart), 'IngressClass', 'nginx').metadata.annotations).toEqual({
      'ingressclass.kubernetes.io/is-default-class': 'true',
      'example.com/team': 'edge',
    });
  });

  test('disabled: no IngressClass, the controller still claims its class', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const ingress = new NginxIngress(chart, 'ingress', { ingressClassResource: { enabled: false } });

    // THEN
    const objects = synth(chart);
    expect(ofKind(objects, 'IngressClass')).toEqual([]);
    expect(args(objects)).toContain('--controller-class=k8s.io/ingress-nginx');
    expect(ingress.ingressClassName).toBeUndefined();
  });
});

describe('class matching', () => {
  test('watchIngressWithoutClass adds --watch-ingress-without-class=true', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { watchIngressWithoutClass: true });

    // THEN
    expect(args(synth(chart))).toContain('--watch-ingress-without-class=true');
  });

  test('ingressClassByName adds --ingress-class-by-name=true', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { ingressClassByName: true });

    // THEN
    expect(args(synth(chart))).toContain('--ingress-class-by-name=true');
  });

  test('neither by default', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const a = args(synth(chart));
    expect(a.filter((x) => x.startsWith('--watch-ingress-without-class') || x.startsWith('--ingress-class-by-name'))).toEqual([]);
  });
});

describe('electionId', () => {
  test('sets --election-id and the Role\'s lease resourceNames', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { electionId: 'public-leader' });

    // THEN
    const objects = synth(chart);
    expect(args(objects)).toContain('--election-id=public-leader');
    const role = findObject(objects, 'Role', 'ingress-nginx');
    expect(role.rules).toContainEqual({ apiGroups: ['coordination.k8s.io'], resourceNames: ['public-leader'], resources: ['leases'], verbs: ['get', 'update'] });
    expect(role.rules.filter((r: any) => r.resourceNames?.includes('ingress-nginx-leader'))).toEqual([]);
  });

  test('default: "<fullname>-leader"', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { releaseName: 'public' });

    // THEN
    const objects = synth(chart);
    expect(args(objects)).toContain('--election-id=public-ingress-nginx-leader');
    expect(findObject(objects, 'Role', 'public-ingress-nginx').rules.find((r: any) => r.resourceNames).resourceNames).toEqual(['public-ingress-nginx-leader']);
  });
});

describe('defaultSslCertificate', () => {
  test('adds --default-ssl-certificate before the extra args', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { defaultSslCertificate: 'edge/wildcard-tls', extraArgs: ['--v=2'] });

    // THEN
    expect(args(synth(chart)).slice(-2)).toEqual(['--default-ssl-certificate=edge/wildcard-tls', '--v=2']);
  });

  test('none by default', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    expect(args(synth(chart)).some((a) => a.startsWith('--default-ssl-certificate'))).toBe(false);
  });
});
