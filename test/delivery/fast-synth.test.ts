import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, JsonPatch, Lazy, Testing, Yaml, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { declareGateways, Layout } from '../../bench/gateways';
import { EXAMPLES } from '../../examples';
import { FastSynth, OrderedChart } from '../../src';
import { withFastCharts } from '../../src/delivery/_fast-charts';
import { fastYamlDocument } from '../../src/delivery/_yaml';

/**
 * FastSynth must write what app.synth() writes, byte for byte: the same files, names and contents,
 * for every yamlOutputType, with chart dependencies, Chart subclasses that override toJson(),
 * Lazy values and JSON patches. Each case builds the App twice (stock and fast) into two temporary
 * directories and compares the trees. Nothing here is timed: `npm run bench` measures speed.
 */

const OUTPUT_TYPES: Array<[string, YamlOutputType]> = [
  ['FILE_PER_CHART', YamlOutputType.FILE_PER_CHART],
  ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
  ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
  ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
];

const created: string[] = [];
function tmpdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fast-synth-'));
  created.push(dir);
  return dir;
}
afterAll(() => created.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Every file under `dir`: relative path to content, paths sorted. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) Object.assign(files, tree(dir, rel));
    else files[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
  }
  return files;
}

/** Builds the App twice and writes it with app.synth() and with FastSynth.synth(): both trees. */
function synthBoth(build: (app: App) => void, props: AppProps = {}) {
  const stockApp = new App({ ...props, outdir: tmpdir() });
  build(stockApp);
  stockApp.synth();
  const fastApp = new App({ ...props, outdir: tmpdir() });
  build(fastApp);
  FastSynth.synth(fastApp);
  return { stock: tree(stockApp.outdir), fast: tree(fastApp.outdir) };
}

/** A kitchen sink of what changes cdk8s' output order and file names. */
function dependentCharts(app: App): void {
  const base = new Chart(app, 'base', { namespace: 'base-ns', labels: { tier: 'base' } });
  const config = new ApiObject(base, 'config', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } });
  // Declared after the objects that depend on it: dependency order, not declaration order, wins.
  const ordered = new OrderedChart(app, 'ordered');
  const late = new ApiObject(ordered, 'late', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'late' } });
  const early = new ApiObject(ordered, 'early', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'early' } });
  early.addDependency(late);
  early.addJsonPatch(JsonPatch.add('/data', { patched: 'yes' }));
  const app2 = new Chart(app, 'consumer');
  const consumer = new ApiObject(app2, 'consumer', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    data: { lazy: Lazy.any({ produce: () => `from ${config.name}` }) },
  });
  consumer.addDependency(config);
  // A nested chart: the parent chart depends on it.
  const nested = new Chart(app2, 'nested');
  new ApiObject(nested, 'inner', { apiVersion: 'v1', kind: 'ServiceAccount' });
}

describe('FastSynth writes what app.synth() writes, byte for byte', () => {
  describe.each(Object.keys(EXAMPLES).sort())('example %s', (name) => {
    test.each(OUTPUT_TYPES)('%s', (_, yamlOutputType) => {
      // GIVEN / WHEN
      const { stock, fast } = synthBoth(EXAMPLES[name], { yamlOutputType });

      // THEN
      expect(Object.keys(stock).length).toBeGreaterThan(0);
      expect(fast).toEqual(stock);
    });
  });

  describe.each([Layout.ONE_CHART, Layout.CHART_PER_GATEWAY])('1 cluster + 25 project gateways, %s', (layout) => {
    test.each(OUTPUT_TYPES)('%s', (_, yamlOutputType) => {
      // GIVEN / WHEN
      const { stock, fast } = synthBoth((app) => declareGateways(app, 25, layout), { yamlOutputType });

      // THEN
      expect(fast).toEqual(stock);
      if (yamlOutputType === YamlOutputType.FILE_PER_CHART) {
        expect(Object.keys(fast)).toHaveLength(layout === Layout.ONE_CHART ? 1 : 26);
      }
    });
  });

  test.each(OUTPUT_TYPES)('charts that depend on each other, nested charts, Lazy values, patches: %s', (_, yamlOutputType) => {
    // GIVEN / WHEN
    const { stock, fast } = synthBoth(dependentCharts, { yamlOutputType });

    // THEN
    expect(fast).toEqual(stock);
    if (yamlOutputType === YamlOutputType.FILE_PER_CHART) {
      // Chart dependencies give indexed file names: the case App.synth names differently.
      expect(Object.keys(fast).sort()).toEqual([
        '0000-ordered.k8s.yaml', '0001-consumer-nested-c8fbaca7.k8s.yaml', '0002-base.k8s.yaml', '0003-consumer.k8s.yaml',
      ]);
      expect(fast['0003-consumer.k8s.yaml']).toContain('lazy: from base-config-');
      // The dependency inside the OrderedChart is overridden by its own order; its patch applies.
      expect(fast['0000-ordered.k8s.yaml']).toContain('patched: "yes"');
    }
  });

  test('construct metadata and a custom file extension', () => {
    // GIVEN / WHEN
    const { stock, fast } = synthBoth(dependentCharts, { recordConstructMetadata: true, outputFileExtension: '.yml' });

    // THEN
    expect(Object.keys(fast)).toContain('construct-metadata.json');
    expect(fast).toEqual(stock);
  });

  test('synthYaml returns what app.synthYaml() returns', () => {
    // GIVEN
    const stockApp = Testing.app();
    declareGateways(stockApp, 5, Layout.CHART_PER_GATEWAY);
    const fastApp = Testing.app();
    declareGateways(fastApp, 5, Layout.CHART_PER_GATEWAY);

    // WHEN
    const yaml = FastSynth.synthYaml(fastApp);

    // THEN
    expect(yaml).toEqual(stockApp.synthYaml());
    expect(yaml.match(/^kind: Deployment$/gm)).toHaveLength(6);
  });
});

describe('FastSynth does the whole-App work once', () => {
  /** Three charts, each with one object whose construct counts how often it is validated. */
  function countingApp() {
    const app = new App({ outdir: tmpdir() });
    const calls = { count: 0 };
    for (const id of ['a', 'b', 'c']) {
      const chart = new Chart(app, id);
      const c = new Construct(chart, 'counted');
      c.node.addValidation({ validate: () => { calls.count++; return []; } });
      new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    }
    return { app, calls };
  }

  test('every validation runs once per synthesis (stock: once, then once per chart)', () => {
    // GIVEN
    const stock = countingApp();
    const fast = countingApp();

    // WHEN
    stock.app.synth();
    FastSynth.synth(fast.app);

    // THEN
    expect(fast.calls.count).toBe(3);
    expect(stock.calls.count).toBe(3 * (1 + 3));
  });

  test('chart.toJson() is stock again after synthesis', () => {
    // GIVEN
    const { app, calls } = countingApp();
    FastSynth.synth(app);
    calls.count = 0;

    // WHEN
    app.charts[0].toJson();

    // THEN
    expect(calls.count).toBe(3);
  });
});

describe('FastSynth fails as app.synth() does', () => {
  function invalidApp(outdir: string): App {
    const app = new App({ outdir });
    for (const id of ['first', 'second']) {
      const chart = new Chart(app, id);
      new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
      chart.node.addValidation({ validate: () => [`${id} is wrong (got x)`] });
    }
    return app;
  }

  test('the same error, every problem at once, nothing written', () => {
    // GIVEN
    const stockDir = tmpdir();
    const fastDir = tmpdir();

    // WHEN
    const stockError = (() => { try { invalidApp(stockDir).synth(); } catch (e) { return (e as Error).message; } return 'no error'; })();
    const fastError = (() => { try { FastSynth.synth(invalidApp(fastDir)); } catch (e) { return (e as Error).message; } return 'no error'; })();

    // THEN
    expect(fastError).toEqual('Validation failed with the following errors:\n  [first] first is wrong (got x)\n  [second] second is wrong (got x)');
    expect(fastError).toEqual(stockError);
    expect(fs.readdirSync(fastDir)).toEqual([]);
  });

  test('a failed synthesis leaves chart.toJson() stock', () => {
    // GIVEN
    const app = invalidApp(tmpdir());
    expect(() => FastSynth.synth(app)).toThrow(/Validation failed/);

    // WHEN / THEN: stock toJson validates the App, so it throws too
    expect(() => app.charts[0].toJson()).toThrow(/Validation failed/);
  });
});

describe('the YAML writer FastSynth uses writes what cdk8s Yaml.stringify writes', () => {
  const TRICKY = [
    '', ' ', 'a', 'yes', 'No', 'ON', 'off', 'y', 'Y', 'n', '~', 'null', 'NULL', 'true', 'False', '8080', '-1', '+1', '0777', '0o7',
    '0x1F', '0b101', '1_000', '1.5', '.5', '1e3', '.inf', '-.Inf', '.nan', '<<', '1:20', '190:20:30.15', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
    'a: b', 'a:b', 'x:', ':x', '-', '-x', '- x', '--election-id=ingress-nginx-leader', '?', '?x', '? x', '#x', 'a #b', 'a#b', ' lead', 'trail ',
    '%x', '@x', '`x', '!x', '&x', '*x', '|x', '>x', '[x', ']x', '{x', '}x', ',x', 'a,b', 'a[b]', "it's", 'say "hi"', "'quoted'", 'back\\slash',
    '---', '---x', '...', '...x', 'a\tb', 'multi\nline', 'multi\nline\n', 'é', 'emoji 🙂', 'nginx.ingress.kubernetes.io/ssl-redirect',
    'registry.k8s.io/ingress-nginx/controller:v1.9.4@sha256:5b161f051d017e55d358435f295f5e9a297e66158f136321d9b04520ec6c48a3', 'x'.repeat(1100),
    '{"time": "$time_iso8601", "status": $status}', '"quoted"', '{"a": "it\'s"}', '{"path": "a\\b"}', '[" x"]',
  ];
  const VALUES: unknown[] = [0, -0, 1, -7, 2 ** 53, 1.5, 1e21, NaN, Infinity, true, false, null, undefined, {}, [], [[]], [{}], [[1, 'a'], []]];

  function compare(doc: unknown): boolean {
    const fast = fastYamlDocument(doc);
    if (fast !== undefined) expect(fast).toEqual(Yaml.stringify(doc));
    return fast !== undefined;
  }

  test.each(TRICKY.map((s) => [JSON.stringify(s).slice(0, 40), s]))('string %s as key, value and list item', (_, s) => {
    compare({ [s]: s });
    compare({ list: [s, { [s]: [s] }] });
    compare({ nested: { [s]: { inner: s } } });
  });

  test.each(VALUES.map((v) => [String(v), v]))('value %s', (_, v) => {
    compare({ v });
    compare({ list: [v, { v }] });
  });

  test('strings are decided the same way after the memo of decided strings fills up and is emptied', () => {
    // GIVEN: more distinct strings than the memo holds, numbers-as-strings (quoted) among them,
    // then strings decided before the memo was emptied
    const list = Array.from({ length: 60_000 }, (_, i) => (i % 2 === 0 ? String(i) : `s-${i}`));

    // WHEN / THEN
    expect(compare({ list })).toBe(true);
    expect(compare({ again: ['0', 's-1', 'yes', 'plain'] })).toBe(true);
    expect(fastYamlDocument({ a: '10' })).toEqual('a: "10"\n');
  });

  test('an object met twice (the stock writer writes an anchor) is left to the stock writer', () => {
    const shared = { a: '1' };
    expect(fastYamlDocument({ x: shared, y: shared })).toBeUndefined();
  });

  test('every object of every example and of a generated app takes the fast path', () => {
    // GIVEN
    const app = Testing.app();
    declareGateways(app, 3, Layout.CHART_PER_GATEWAY);
    const objects = app.charts.flatMap((c) => c.toJson());
    for (const name of Object.keys(EXAMPLES)) {
      const exampleApp = new App({ outdir: tmpdir() });
      EXAMPLES[name](exampleApp);
      objects.push(...exampleApp.charts.flatMap((c) => c.toJson()));
    }

    // WHEN
    const slow = objects.filter((o) => !compare(o)).map((o) => `${o.kind}/${o.metadata?.name}`);

    // THEN: all but the Grafana dashboards, whose multi-line JSON (kept readable in a diff) the
    // stock writer writes as a block scalar; their bytes are compared above like every object's.
    const dashboards = new Set(objects.filter((o) => o.metadata?.labels?.grafana_dashboard === '1').map((o) => `${o.kind}/${o.metadata.name}`));
    expect(dashboards.size).toBeGreaterThan(0);
    expect(slow.filter((name) => !dashboards.has(name))).toEqual([]);
  });
});

describe('FastSynth resolves values as cdk8s does', () => {
  /** cdk8s' own resolve module, whose `resolve` FastSynth replaces while it runs. */
  const resolveModule = createRequire(require.resolve('cdk8s'))('./resolve');

  /** A union class as `cdk8s import` generates them (IntOrString, Quantity): a private ctor and `value`. */
  class Union {
    public static of(value: string | number) { return new Union(value); }
    private constructor(public readonly value: string | number) {}
  }
  /** A value with its own `resolve()`, which the ImplicitTokenResolver calls. */
  const token = (v: unknown) => ({ resolve: () => v });

  const VALUES: Array<[string, () => unknown]> = [
    ['strings, numbers, booleans, null and undefined', () => ({ s: 'x', n: 1, b: false, z: null, u: undefined, list: ['a', null, undefined, 2] })],
    ['a Lazy that produces a Lazy', () => ({ v: Lazy.any({ produce: () => Lazy.any({ produce: () => 'inner' }) }) })],
    ['a Lazy that produces an object holding Lazies', () => ({ v: Lazy.any({ produce: () => ({ a: Lazy.any({ produce: () => [1, Lazy.any({ produce: () => 'x' })] }) }) }) })],
    ['union classes of a number and of a string', () => ({ port: Union.of(8080), mem: Union.of('128Mi'), list: [Union.of(1)] })],
    ['a value with resolve()', () => ({ v: token({ deep: token('x') }) })],
    ['nested arrays and empty collections', () => ({ a: [[], [[1]], {}], o: { e: {} } })],
    ['keys that look like numbers, in insertion order', () => ({ 10: 'a', 2: 'b', z: 'c', a: 'd' })],
  ];

  function objectWith(app: App, data: () => unknown): ApiObject {
    return new ApiObject(new Chart(app, 'chart'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', data: data(), metadata: { labels: { l: Lazy.any({ produce: () => 'lazy-label' }) } } });
  }

  /** The object's JSON with stock resolution, and inside FastSynth (with resolution replaced). */
  function bothWays(data: () => unknown, props: AppProps = {}) {
    const stock = objectWith(new App(props), data).toJson();
    const app = new App(props);
    const obj = objectWith(app, data);
    let replaced = false;
    const fast = withFastCharts(app, () => {
      replaced = resolveModule.resolve.name !== 'resolve' || resolveModule.resolve.toString().includes('fastResolve');
      return obj.toJson();
    });
    return { stock, fast, replaced };
  }

  test.each(VALUES)('%s', (_, data) => {
    // GIVEN / WHEN
    const { stock, fast, replaced } = bothWays(data);

    // THEN
    expect(replaced).toBe(true);
    expect(fast).toEqual(stock);
    expect(JSON.stringify(fast)).toEqual(JSON.stringify(stock));
  });

  test('a class instance fails as it does in stock cdk8s', () => {
    // GIVEN / WHEN
    const error = (f: () => unknown) => { try { f(); } catch (e) { return (e as Error).message; } return 'no error'; };
    const stock = error(() => objectWith(new App(), () => ({ when: new Date(0) })).toJson());
    const app = new App();
    const obj = objectWith(app, () => ({ when: new Date(0) }));
    const fast = error(() => withFastCharts(app, () => obj.toJson()));

    // THEN
    expect(stock).toMatch(/can't render non-simple object of type 'Date'/);
    expect(fast).toEqual(stock);
  });

  test('an App with a custom resolver keeps stock resolution: the resolver sees every value', () => {
    // GIVEN
    const seen: string[] = [];
    const resolvers = [{ resolve: (ctx: any) => { seen.push(ctx.key.join('.')); if (ctx.value === 'x') ctx.replaceValue('replaced'); } }];

    // WHEN
    const { stock, fast, replaced } = bothWays(() => ({ s: 'x', list: ['x', 'y'] }), { resolvers });

    // THEN
    expect(replaced).toBe(false);
    expect(fast).toEqual(stock);
    expect((fast as any).data).toEqual({ list: ['replaced', 'y'], s: 'replaced' });
    expect(seen).toContain('data.list.1');
  });

  test('a primitive prototype with a `value` is honoured, as the default resolvers do', () => {
    // GIVEN: an odd global, which makes every boolean a number-or-string union
    Object.defineProperty(Boolean.prototype, 'value', { value: 'from-prototype', configurable: true });
    try {
      // WHEN
      const { stock, fast } = bothWays(() => ({ b: true, list: [false, 'z'] }));

      // THEN
      expect((stock as any).data).toEqual({ b: { value: 'from-prototype' }, list: [{ value: 'from-prototype' }, 'z'] });
      expect(fast).toEqual(stock);
    } finally {
      delete (Boolean.prototype as any).value;
    }
  });
});

describe('FastSynth writes a file as Yaml.save does, a document at a time', () => {
  const DOCS = [{ a: 1 }, undefined, { b: ['x', { c: 'multi\nline' }] }, { d: 'é' }];

  test('the same bytes as stock Yaml.save, empty document lists included', () => {
    // GIVEN
    const dir = tmpdir();
    const app = new App({ outdir: dir });

    // WHEN
    Yaml.save(path.join(dir, 'stock.yaml'), DOCS);
    Yaml.save(path.join(dir, 'stock-empty.yaml'), []);
    withFastCharts(app, () => {
      Yaml.save(path.join(dir, 'fast.yaml'), DOCS);
      Yaml.save(path.join(dir, 'fast-empty.yaml'), []);
    });

    // THEN
    expect(fs.readFileSync(path.join(dir, 'fast.yaml'))).toEqual(fs.readFileSync(path.join(dir, 'stock.yaml')));
    expect(fs.readFileSync(path.join(dir, 'fast-empty.yaml'), 'utf8')).toEqual('');
    expect(fs.readdirSync(dir).sort()).toEqual(['fast-empty.yaml', 'fast.yaml', 'stock-empty.yaml', 'stock.yaml']);
  });

  test('a document that fails to serialize leaves the file as it was, and no temporary file', () => {
    // GIVEN: an existing file, and a document whose property throws when read
    const dir = tmpdir();
    const file = path.join(dir, 'out.yaml');
    fs.writeFileSync(file, 'old: content\n');
    const bad = Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('cannot read boom'); } });
    const docs = [...Array.from({ length: 5000 }, (_, i) => ({ i, text: 'x'.repeat(300) })), bad];

    // WHEN
    const run = () => withFastCharts(new App({ outdir: dir }), () => Yaml.save(file, docs));

    // THEN
    expect(run).toThrow('cannot read boom');
    expect(() => Yaml.save(file, docs)).toThrow('cannot read boom');
    expect(fs.readFileSync(file, 'utf8')).toEqual('old: content\n');
    expect(fs.readdirSync(dir)).toEqual(['out.yaml']);
  });

  test('an existing file keeps its permissions; a symbolic link is followed', () => {
    // GIVEN
    const dir = tmpdir();
    const real = path.join(dir, 'real.yaml');
    const link = path.join(dir, 'link.yaml');
    fs.writeFileSync(real, 'old\n');
    fs.chmodSync(real, 0o664); // group-writable: what a umask of 022 would take away
    fs.symlinkSync('real.yaml', link);

    // WHEN
    withFastCharts(new App({ outdir: dir }), () => Yaml.save(link, [{ a: 'new' }]));

    // THEN
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toEqual('a: new\n');
    expect(fs.statSync(real).mode % 0o1000).toBe(0o664);
    expect(fs.readdirSync(dir).sort()).toEqual(['link.yaml', 'real.yaml']);
  });

  test('a dangling symbolic link is followed: its target is created, the link stays', () => {
    // GIVEN
    const dir = tmpdir();
    fs.symlinkSync('missing.yaml', path.join(dir, 'link.yaml'));

    // WHEN
    withFastCharts(new App({ outdir: dir }), () => Yaml.save(path.join(dir, 'link.yaml'), [{ a: 'new' }]));

    // THEN
    expect(fs.lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'missing.yaml'), 'utf8')).toEqual('a: new\n');
  });

  test('a read-only file: the same outcome as stock (refused, or written when the user may write anyway, as root may)', () => {
    // GIVEN
    const dir = tmpdir();
    const outcome = (save: (file: string) => void, name: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'old\n');
      fs.chmodSync(file, 0o444);
      let error = '';
      try { save(file); } catch (e) { error = (e as any).code; }
      return { error, content: fs.readFileSync(file, 'utf8'), mode: fs.statSync(file).mode % 0o1000 };
    };

    // WHEN
    const stock = outcome((file) => Yaml.save(file, [{ a: 1 }]), 'stock.yaml');
    const fast = outcome((file) => withFastCharts(new App({ outdir: dir }), () => Yaml.save(file, [{ a: 1 }])), 'fast.yaml');

    // THEN
    expect(fast).toEqual(stock);
    expect(fs.readdirSync(dir).sort()).toEqual(['fast.yaml', 'stock.yaml']);
  });

  test('writing over a directory fails as stock does, leaving no temporary file', () => {
    // GIVEN
    const dir = tmpdir();
    fs.mkdirSync(path.join(dir, 'taken.yaml'));

    // WHEN / THEN
    expect(() => Yaml.save(path.join(dir, 'taken.yaml'), [{ a: 1 }])).toThrow(/EISDIR/);
    expect(() => withFastCharts(new App({ outdir: dir }), () => Yaml.save(path.join(dir, 'taken.yaml'), [{ a: 1 }]))).toThrow(/EISDIR/);
    expect(fs.readdirSync(dir)).toEqual(['taken.yaml']);
  });
});
