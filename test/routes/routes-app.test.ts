import { Testing } from 'cdk8s';
import { build } from '../../examples/routes-app';
import { RouteMigrationReport } from '../../src';
import { findObject, synthObjects } from '../helpers/synth';

/** What the routes-app example promises (its snapshot and schema checks are in examples.test.ts). */
describe('example routes-app', () => {
  test('the demo project gateway serves the shop with TLS, a rate limit and a 10% canary Ingress', () => {
    // GIVEN
    const app = Testing.app();
    build(app);

    // WHEN
    const objects = synthObjects(app);

    // THEN
    const primary = findObject(objects, 'Ingress', 'shop-v1', 'demo');
    const canary = findObject(objects, 'Ingress', 'shop-v2-canary', 'demo');
    for (const ingress of [primary, canary]) expect(ingress.spec.ingressClassName).toBe('kubesphere-router-demo');
    expect(findObject(objects, 'IngressClass', 'kubesphere-router-demo').spec.controller).toBe('kubesphere.io/kubesphere-router-demo');
    expect(primary.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    expect(primary.metadata.annotations['nginx.ingress.kubernetes.io/limit-rps']).toBe('20');
    expect(canary.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10' });
    expect(canary.spec.rules[0].http.paths[0].backend.service.name).toBe(findObject(objects, 'Service', 'shop-v2', 'demo').metadata.name);
  });

  test('the same routes as one HTTPRoute with weighted backends; the dropped rate limit is reported', () => {
    // GIVEN
    const app = Testing.app();
    build(app);

    // WHEN
    const objects = synthObjects(app);

    // THEN
    const route = findObject(objects, 'HTTPRoute', 'shop-v1', 'shop');
    expect(route.spec.parentRefs[0]).toMatchObject({ name: 'public', namespace: 'gateways', sectionName: 'https' });
    expect(route.spec.rules.at(-1).backendRefs).toEqual([{ name: 'shop-v1', port: 80, weight: 90 }, { name: 'shop-v2', port: 80, weight: 10 }]);
    expect(RouteMigrationReport.entries(app).map((e) => `${e.option}: ${e.outcome}`)).toEqual([
      'rateLimit: dropped', 'proxyBodySize: dropped', 'tls: moved', 'sslRedirect: translated', 'canary: translated',
    ]);
  });
});
