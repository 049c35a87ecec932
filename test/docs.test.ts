import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import * as library from '../src';
import { expectValidManifests } from './helpers/schema';
import { readInterfaces, renderReadme } from '../scripts/gen-docs';

const ROOT = path.join(__dirname, '..');

describe('README props tables', () => {
  test('match the TSDoc of the props interfaces (run `npx projen docs` when this fails)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(renderReadme(readme)).toEqual(readme);
  });

  test('every prop of the public props interfaces is documented with a summary', () => {
    const interfaces = readInterfaces(['src/controller/nginx-ingress.ts', 'src/gateway/ks-gateway.ts'].map((f) => path.join(ROOT, f)));
    const undocumented: string[] = [];
    for (const name of ['NginxIngressProps', 'ControllerServiceProps', 'MetricsProps', 'AdmissionWebhookProps', 'KsGatewayProps', 'KsGatewayServiceProps']) {
      for (const prop of interfaces.get(name) ?? []) {
        if (!prop.summary) undocumented.push(`${name}.${prop.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  test('every optional NginxIngress prop names its default', () => {
    const interfaces = readInterfaces([path.join(ROOT, 'src/controller/nginx-ingress.ts')]);
    const withoutDefault = (interfaces.get('NginxIngressProps') ?? [])
      .filter((p) => p.optional && !p.default && !/^(fullnameOverride|commonLabels|imagePullSecrets|env|extraArgs|extraVolumes|extraVolumeMounts|annotations|labels|podAnnotations|podLabels|priorityClassName|tolerations|affinity|topologySpreadConstraints|service|ingressClassResource|config|tcp|udp|metrics|admissionWebhooks|defaultBackend)$/.test(p.name))
      .map((p) => p.name);
    expect(withoutDefault).toEqual([]);
  });
});

describe('README example', () => {
  test('runs as written and synthesizes valid manifests', () => {
    // GIVEN the first TypeScript block of the "Example" section
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Example'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1];
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-example-'));
    const js = ts.transpileModule(code.replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)} })`), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    }).outputText;
    // The example imports the package by name; here that is the source tree.
    const modules: Record<string, unknown> = { 'cdk8s-ks-gateway': library, 'cdk8s': cdk8s };
    const requireFor = (name: string) => {
      if (!(name in modules)) throw new Error(`the README example imports ${name}, which this test does not provide`);
      return modules[name];
    };

    // WHEN
    new Function('require', 'exports', js)(requireFor, {});

    // THEN
    const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')).sort();
    expect(files).toEqual(['gateways.k8s.yaml', 'ingress-nginx.k8s.yaml']);
    const objects = files.flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map((d) => d.toJS()));
    expectValidManifests(objects);
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort()).toEqual([
      'ingress-nginx-controller', 'kubesphere-router-demo', 'kubesphere-router-kubesphere-system',
    ]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

describe('README validation example', () => {
  test('prints what the README shows', () => {
    // GIVEN the call and the output block of the "Validation" section
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Validation'));
    const call = /`(new NginxIngress\(chart, 'ingress', [^`]*\))`/.exec(section)![1];
    const shown = /```\n([\s\S]*?)```/.exec(section)![1];
    const app = cdk8s.Testing.app();
    const chart = new cdk8s.Chart(app, 'app');

    // WHEN
    new Function('chart', 'NginxIngress', call)(chart, library.NginxIngress);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }

    // THEN
    expect(`${message}\n`).toEqual(shown);
  });
});
