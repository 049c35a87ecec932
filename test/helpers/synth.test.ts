import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { findObject, synthObjects } from './synth';

function configMap(scope: Construct, id: string, data: Record<string, string>, namespace?: string): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id, namespace }, data });
}

describe('synthObjects', () => {
  test('returns every object of every chart, dependencies first', () => {
    // GIVEN
    const app = new App();
    const late = new Chart(app, 'late');
    const early = new Chart(app, 'early');
    configMap(late, 'b', { k: 'v' });
    configMap(early, 'a', { k: 'v' });
    late.addDependency(early);
    // WHEN
    const objects = synthObjects(app);
    // THEN
    expect(objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } });
  });

  test('keeps strings that YAML 1.1 would read as other types', () => {
    const app = new App();
    configMap(new Chart(app, 'c'), 'cfg', { 'use-gzip': 'on', 'mode': '0644', 'ssl-redirect': 'false' });
    expect(synthObjects(app)[0].data).toEqual({ 'use-gzip': 'on', 'mode': '0644', 'ssl-redirect': 'false' });
  });

  test('an app with no charts has no objects', () => {
    expect(synthObjects(new App())).toEqual([]);
  });

  test('throws the validation errors exactly as app.synth() does', () => {
    // GIVEN (app.synth() creates its output directory before validating)
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-')) });
    const chart = new Chart(app, 'chart');
    const obj = configMap(chart, 'cfg', {});
    obj.node.addValidation({ validate: () => ['replicas must be >= 1 (got 0)', 'image must be set'] });
    chart.node.addValidation({ validate: () => ['two gateways claim namespace "demo"'] });
    // THEN
    const expected = 'Validation failed with the following errors:\n'
      + '  [chart] two gateways claim namespace "demo"\n'
      + '  [chart/cfg] replicas must be >= 1 (got 0)\n'
      + '  [chart/cfg] image must be set';
    expect(() => synthObjects(app)).toThrow(new Error(expected));
    expect(() => app.synth()).toThrow(new Error(expected));
  });
});

describe('findObject', () => {
  const objects = [
    { kind: 'Service', metadata: { name: 'controller', namespace: 'a' } },
    { kind: 'Deployment', metadata: { name: 'controller', namespace: 'a' } },
    { kind: 'Deployment', metadata: { name: 'controller', namespace: 'b' } },
    { kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'a' } },
  ];

  test('finds the object with a kind and name', () => {
    expect(findObject(objects, 'Service', 'controller')).toBe(objects[0]);
  });

  test('a namespace picks one of several', () => {
    expect(findObject(objects, 'Deployment', 'controller', 'b')).toBe(objects[2]);
  });

  test('throws a clear error when there is none', () => {
    expect(() => findObject(objects, 'ConfigMap', 'controller')).toThrow(new Error(
      'no ConfigMap "controller" among 4 objects (have: Service/controller, Deployment/controller, Deployment/controller, ConfigMap/cfg)'));
    expect(() => findObject([], 'Service', 'x', 'ns')).toThrow(new Error('no Service "x" in namespace "ns" among 0 objects (have: none)'));
  });

  test('throws when there are several', () => {
    expect(() => findObject(objects, 'Deployment', 'controller')).toThrow(new Error(
      '2 objects are Deployment "controller" (namespaces: a, b); pass a namespace'));
  });
});
