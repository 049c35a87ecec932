import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { KsGateway, NginxIngress, PodSecurityLevel } from '../../src';
import { podLevel } from '../../src/common/_pod-security';
import { validateManifests } from '../helpers/schema';
import { synthObjects } from '../helpers/synth';

/**
 * Seeded property-based test: random props, valid and not, thrown at NginxIngress and KsGateway.
 * Every case either fails synthesis with validation messages or renders objects that pass the
 * schema checks, with every pod at the declared Pod Security Standards level or above.
 * FUZZ_RUNS sets the number of cases per construct (default 1,000, so 2,000 in all: about 30 s on the 2-core machine);
 * FUZZ_SEED replays a failure.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** Bounded time per construct; the cases themselves never wait on anything. */
const TIMEOUT_MS = 240_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RANK: Record<string, number> = { restricted: 0, baseline: 1, privileged: 2 };
const TEMPLATE_KINDS = ['Deployment', 'DaemonSet', 'Job'];

const junk = fc.constantFrom<any>(null, undefined, NaN, Infinity, -1, 0, 1e10, '', 'x y', 'no', true, [], {}, [null], 'a;b}');
const name = fc.oneof({ weight: 1, arbitrary: fc.constantFrom('a'.repeat(70), 'Bad_Name', '') }, { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,12}$/) });
const labels = fc.dictionary(fc.oneof(fc.constantFrom('app', 'example.com/tier', 'bad key', 'constructor'), fc.stringMatching(/^[a-z]{1,8}$/)), fc.oneof(name, junk), { maxKeys: 3 });
// Half the fields left out, and junk rare, so that many cases reach the rendering path.
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 30, arbitrary: arb }, { weight: 1, arbitrary: junk }), { nil: undefined, freq: 2 });
const level = fc.constantFrom(undefined, PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED);

const nginxProps = fc.record({
  releaseName: maybe(name),
  namespace: maybe(name),
  kind: maybe(fc.constantFrom('Deployment', 'DaemonSet', 'StatefulSet')),
  replicas: maybe(fc.integer({ min: -2, max: 5 })),
  commonLabels: maybe(labels),
  podAnnotations: maybe(fc.dictionary(
    fc.constantFrom('a', 'container.apparmor.security.beta.kubernetes.io/controller'),
    fc.constantFrom('x', 'unconfined'),
  )),
  hostNetwork: maybe(fc.boolean()),
  dnsPolicy: maybe(fc.constantFrom('ClusterFirst', 'Default', 'Sometimes')),
  extraArgs: maybe(fc.array(fc.constantFrom('--enable-ssl-passthrough', '--http-port=8080', 'oops', '--v=2'), { maxLength: 2 })),
  env: maybe(fc.array(fc.record({ name: fc.constantFrom('A', 'A=B', 'POD_NAMESPACE', '1x'), value: fc.constantFrom('1', '') }), { maxLength: 2 })),
  tolerations: maybe(fc.array(fc.record({ key: name, operator: fc.constantFrom('Exists', 'Maybe') }), { maxLength: 2 })),
  extraVolumes: maybe(fc.array(fc.constantFrom<any>({ name: 'tmp', emptyDir: {} }, { name: 'host', hostPath: { path: '/x' } }, { name: 'nfs', nfs: { server: 'a', path: '/' } }), { maxLength: 1 })),
  service: maybe(fc.record({ type: maybe(fc.constantFrom('LoadBalancer', 'NodePort', 'ClusterIP', 'Weird')), externalIPs: maybe(fc.array(fc.constantFrom('10.0.0.1', '::1', 'host'), { maxLength: 2 })) }, { requiredKeys: [] })),
  replica: fc.option(fc.integer(), { nil: undefined, freq: 10 }),
  podSecurityLevel: level,
}, { requiredKeys: [] });

const gatewayProps = fc.record({
  project: maybe(name),
  service: maybe(fc.record({ type: maybe(fc.constantFrom('LoadBalancer', 'NodePort', 'ClusterIP')) }, { requiredKeys: [] })),
  deployment: maybe(fc.record({ replicas: maybe(fc.integer({ min: -1, max: 4 })), annotations: maybe(labels) }, { requiredKeys: [] })),
  controller: maybe(fc.record({ config: maybe(fc.dictionary(fc.constantFrom('worker-processes', 'proxy-body-size'), fc.constantFrom('2', '8m'))) }, { requiredKeys: [] })),
  hostNetwork: maybe(fc.boolean()),
  kind: maybe(fc.constantFrom('Deployment', 'DaemonSet')),
  ingressSelection: maybe(fc.constantFrom('IngressClass', 'Namespace', 'Bogus')),
  nginx: maybe(fc.record({ imagePullSecrets: maybe(fc.array(name, { maxLength: 2 })) }, { requiredKeys: [] })),
  podSecurityLevel: level,
}, { requiredKeys: [] });

/** Synthesizes one case; returns a failure description, or undefined when the case behaves. */
let rendered = 0;
function check(make: (chart: Chart) => void, declared: PodSecurityLevel | undefined): string | undefined {
  const app = new App({ outdir: '/tmp/cdk8s-fuzz' });
  let objects: any[];
  try {
    make(new Chart(app, 'fuzz'));
    objects = synthObjects(app);
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    return message.startsWith('Validation failed with the following errors:') ? undefined : `raw exception: ${message}`;
  }
  rendered++;
  const schema = validateManifests(objects);
  if (schema.length > 0) return `invalid output: ${JSON.stringify(schema.slice(0, 3))}`;
  for (const o of objects.filter((x) => TEMPLATE_KINDS.includes(x.kind))) {
    const got = podLevel(o.spec.template);
    if (RANK[got] > RANK[declared ?? 'restricted']) return `${o.kind} ${o.metadata.name} is ${got}, declared ${declared ?? 'restricted'}`;
  }
  return undefined;
}

test(`NginxIngress: ${RUNS} random props give messages or sound output`, () => {
  rendered = 0;
  fc.assert(fc.property(nginxProps, (props) => {
    expect(check((chart) => new NginxIngress(chart, 'ingress', props as any), props.podSecurityLevel as any)).toBeUndefined();
  }), { seed: SEED, numRuns: RUNS });
  // The generators must reach the rendering path, not only the error path.
  expect(rendered).toBeGreaterThan(RUNS / 100);
}, TIMEOUT_MS);

test(`KsGateway: ${RUNS} random props give messages or sound output`, () => {
  rendered = 0;
  fc.assert(fc.property(gatewayProps, (props) => {
    expect(check((chart) => new KsGateway(chart, 'gw', props as any), props.podSecurityLevel as any)).toBeUndefined();
  }), { seed: SEED, numRuns: RUNS });
  // The generators must reach the rendering path, not only the error path.
  expect(rendered).toBeGreaterThan(RUNS / 100);
}, TIMEOUT_MS);
