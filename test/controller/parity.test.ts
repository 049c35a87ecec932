import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '../../examples';
import { ChartParity, ChartParityDifference } from '../../src/controller/parity';

const CHART_PARITY_DIFFERENCES = ChartParity.differences();
import { synthObjects } from '../helpers/synth';

/**
 * Chart parity: the static-cloud and static-baremetal examples reproduce the official static
 * manifests of ingress-nginx 4.15.1, except for the differences declared in
 * ChartParity.differences() (src/controller/parity.ts).
 */

/** The official manifests, copied byte for byte into test/fixtures/ingress-nginx (provenance in its README). */
const REFERENCE_DIR = path.resolve(__dirname, '..', 'fixtures', 'ingress-nginx');

function officialManifest(provider: string): any[] {
  const text = fs.readFileSync(path.join(REFERENCE_DIR, provider, 'deploy.yaml'), 'utf8');
  return parseAllDocuments(text).map((doc) => doc.toJS()).filter((obj) => obj !== null && obj !== undefined);
}

function synthExample(name: string): any[] {
  const app = Testing.app();
  EXAMPLES[name](app);
  return synthObjects(app);
}

// ------------------------------------------------------------------ comparison

/** One field where two objects differ. Values are JSON, or `(absent)`. */
interface FieldDifference {
  readonly kind: string;
  readonly name: string;
  readonly field: string;
  readonly ours: string;
  readonly chart: string;
}

const ABSENT = '(absent)';

function show(value: unknown): string {
  return value === undefined ? ABSENT : JSON.stringify(value);
}

function identity(obj: any): string {
  const ns = obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj?.kind}/${ns}${obj?.metadata?.name}`;
}

function childField(field: string, key: string | number): string {
  if (typeof key === 'number') return `${field}[${key}]`;
  if (/^[A-Za-z_][\w-]*$/.test(key)) return field ? `${field}.${key}` : key;
  return `${field}[${JSON.stringify(key)}]`;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Field-by-field differences of two values; descends while both sides are objects or both arrays. */
function fieldDifferences(ours: unknown, chart: unknown, field: string): Array<{ field: string; ours: string; chart: string }> {
  if (isPlainObject(ours) && isPlainObject(chart)) {
    const keys = [...new Set([...Object.keys(chart), ...Object.keys(ours)])];
    return keys.flatMap((k) => fieldDifferences(ours[k], chart[k], childField(field, k)));
  }
  if (Array.isArray(ours) && Array.isArray(chart)) {
    const length = Math.max(ours.length, chart.length);
    return Array.from({ length }, (_, i) => fieldDifferences(ours[i], chart[i], childField(field, i))).flat();
  }
  const [o, c] = [show(ours), show(chart)];
  return o === c ? [] : [{ field, ours: o, chart: c }];
}

interface Selector {
  readonly kind: string;
  readonly name: string;
  readonly field: string;
}

function parsePath(p: string): Selector {
  const m = /^([^/]+)\/([^:]+):(.+)$/.exec(p);
  if (!m) throw new Error(`CHART_PARITY_DIFFERENCES path must be "<Kind>/<name>:<field>" (got ${JSON.stringify(p)})`);
  return { kind: m[1], name: m[2], field: m[3] };
}

function selects(sel: Selector, kind: string, name: string): boolean {
  const kindOk = sel.kind === '*' || (sel.kind.startsWith('!') ? kind !== sel.kind.slice(1) : kind === sel.kind);
  return kindOk && (sel.name === '*' || name === sel.name);
}

function declares(d: ChartParityDifference, diff: FieldDifference): boolean {
  const sel = parsePath(d.path);
  return selects(sel, diff.kind, diff.name) && sel.field === diff.field && d.ours === diff.ours && d.chart === diff.chart;
}

/**
 * Every problem with `ours` against `chart`, one readable line each: objects missing, extra or out
 * of order; field differences not declared; declared differences that do not occur.
 */
function parityProblems(ours: any[], chart: any[], declared: readonly ChartParityDifference[]): string[] {
  const ourIds = ours.map(identity);
  const chartIds = chart.map(identity);
  if (JSON.stringify(ourIds) !== JSON.stringify(chartIds)) {
    return [
      'objects differ in kind, name or order:',
      ...fieldDifferences(ourIds, chartIds, 'objects').map((d) => `  ${d.field}: ours ${d.ours}, chart ${d.chart}`),
    ];
  }
  const diffs: FieldDifference[] = ours.flatMap((obj, i) =>
    fieldDifferences(obj, chart[i], '').map((d) => ({ kind: obj.kind, name: obj.metadata.name, ...d })));

  const problems: string[] = [];
  for (const d of diffs) {
    if (!declared.some((decl) => declares(decl, d))) {
      problems.push(`${d.kind}/${d.name} ${d.field}: ours ${d.ours}, chart ${d.chart} (not declared in CHART_PARITY_DIFFERENCES)`);
    }
  }
  for (const decl of declared) {
    const sel = parsePath(decl.path);
    const targets = ours.filter((obj) => selects(sel, obj.kind, obj.metadata.name));
    if (targets.length === 0) problems.push(`declared difference ${decl.path} selects no object`);
    for (const obj of targets) {
      const occurs = diffs.some((d) => d.kind === obj.kind && d.name === obj.metadata.name && declares(decl, d));
      if (!occurs) {
        const actual = diffs.find((d) => d.kind === obj.kind && d.name === obj.metadata.name && d.field === sel.field);
        const now = actual ? `ours ${actual.ours}, chart ${actual.chart}` : 'no difference';
        problems.push(`${obj.kind}/${obj.metadata.name} ${sel.field}: declared ours ${decl.ours}, chart ${decl.chart}, but found ${now}`);
      }
    }
  }
  return problems;
}

// ------------------------------------------------------------------ tests

describe.each([
  ['static-cloud', 'cloud'],
  ['static-baremetal', 'baremetal'],
])('example %s against the official %s/deploy.yaml', (example, provider) => {
  test('matches object by object and field by field, except the declared differences', () => {
    // GIVEN
    const chart = officialManifest(provider);

    // WHEN
    const ours = synthExample(example);

    // THEN
    expect(ours.map(identity)).toEqual(chart.map(identity));
    expect(parityProblems(ours, chart, CHART_PARITY_DIFFERENCES)).toEqual([]);
  });
});

describe('the parity comparison', () => {
  test('reports a field the table does not declare', () => {
    // GIVEN
    const chart = officialManifest('cloud');
    const ours = synthExample('static-cloud');

    // WHEN
    const deployment = ours.find((o) => o.kind === 'Deployment');
    deployment.spec.replicas = 1;
    deployment.spec.template.spec.containers[0].args.push('--v=2');

    // THEN
    expect(parityProblems(ours, chart, CHART_PARITY_DIFFERENCES)).toEqual([
      'Deployment/ingress-nginx-controller spec.template.spec.containers[0].args[9]: ours "--v=2", chart (absent) (not declared in CHART_PARITY_DIFFERENCES)',
      'Deployment/ingress-nginx-controller spec.replicas: ours 1, chart (absent) (not declared in CHART_PARITY_DIFFERENCES)',
    ]);
  });

  test('reports a declared difference that no longer occurs', () => {
    // GIVEN
    const chart = officialManifest('cloud');
    const ours = synthExample('static-cloud');

    // WHEN
    delete ours.find((o) => o.kind === 'IngressClass').metadata.labels['app.kubernetes.io/managed-by'];
    ours.find((o) => o.kind === 'ConfigMap').data = null;

    // THEN
    expect(parityProblems(ours, chart, CHART_PARITY_DIFFERENCES)).toEqual([
      'IngressClass/nginx metadata.labels["app.kubernetes.io/managed-by"]: declared ours "cdk8s-ks-gateway", chart (absent), but found no difference',
      'ConfigMap/ingress-nginx-controller data: declared ours {"allow-snippet-annotations":"false","annotations-risk-level":"High"}, chart null, but found no difference',
    ]);
  });

  test('reports objects that are missing or out of order', () => {
    // GIVEN
    const chart = officialManifest('cloud');
    const ours = synthExample('static-cloud');

    // WHEN
    const [namespace, ...rest] = ours;
    const reordered = [...rest.filter((o) => o.kind !== 'IngressClass'), namespace];

    // THEN
    const problems = parityProblems(reordered, chart, CHART_PARITY_DIFFERENCES);
    expect(problems[0]).toBe('objects differ in kind, name or order:');
    expect(problems).toContain('  objects[0]: ours "ServiceAccount/ingress-nginx/ingress-nginx", chart "Namespace/ingress-nginx"');
  });

  test('every declared difference has a reason and values written as JSON or (absent)', () => {
    for (const d of CHART_PARITY_DIFFERENCES) {
      expect(() => parsePath(d.path)).not.toThrow();
      expect(d.reason.length).toBeGreaterThan(20);
      for (const value of [d.ours, d.chart]) {
        if (value !== ABSENT) expect(() => JSON.parse(value)).not.toThrow();
      }
    }
  });
});
