import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { synth } from './_render';
import {
  AnnotationsRiskLevel, NginxIngress, NginxIngressProps, ServiceType, WebhookCertificates, WorkloadKind, PodSecurityLevel,
} from '../../src';
import { findObject, synthError } from '../helpers/synth';

/**
 * Synth-time validation: bad props give one error that lists every problem, each with the
 * construct path, the field, the value and what is expected; nothing is written.
 */

const HEADER = 'Validation failed with the following errors:';
const DNS_LABEL = 'must be a DNS-1123 label: at most 63 lower-case letters, digits or "-", starting and ending with a letter or digit';

test('one error lists every problem of one construct: path, field, value, expectation', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', {
    releaseName: 'Bad_Name',
    namespace: 'UPPER',
    replicas: -1,
    service: { nodePorts: { http: 80 } },
    tcp: { 80: 'apps/web:80' },
    metrics: { enabled: true, port: 443 },
    image: { digest: 'sha256:abc' },
    extraArgs: ['foo', '--election-id=x'],
  });

  // THEN
  expect(synthError(chart)).toBe([
    HEADER,
    `  [test/ingress] releaseName ${DNS_LABEL} (got "Bad_Name")`,
    `  [test/ingress] namespace ${DNS_LABEL} (got "UPPER")`,
    '  [test/ingress] replicas must be >= 0 (got -1)',
    '  [test/ingress] image.digest must be "sha256:" followed by 64 lower-case hex digits, or "" for none (got "sha256:abc")',
    '  [test/ingress] service.nodePorts.http must be between 30000 and 32767 (got 80)',
    '  [test/ingress] metrics.port uses port 443/TCP, already used by https (got 443)',
    '  [test/ingress] tcp["80"] uses port 80/TCP, already used by http (got 80)',
    '  [test/ingress] extraArgs[0] must be "--flag" or "--flag=value" (got "foo")',
    '  [test/ingress] extraArgs[1] sets --election-id, which NginxIngress renders; set electionId instead (got "--election-id=x")',
  ].join('\n'));
});

test('one error lists the problems of every construct in the app', () => {
  // GIVEN
  const app = Testing.app();
  const chart = new Chart(app, 'edge');

  // WHEN six controllers, each with its own identity (so they do not also clash with each other)
  const own = (name: string): NginxIngressProps => ({
    releaseName: name, ingressClass: name, ingressClassResource: { name, controllerValue: `example.com/${name}` },
  });
  new NginxIngress(chart, 'negative', { ...own('negative'), replicas: -2 });
  new NginxIngress(chart, 'hpa', { ...own('hpa'), autoscaling: { minReplicas: 5, maxReplicas: 2 } });
  new NginxIngress(chart, 'min-available', { ...own('min-available'), replicas: 2, podDisruptionBudget: { minAvailable: 2 } });
  new NginxIngress(chart, 'max-unavailable', { ...own('max-unavailable'), replicas: 2, podDisruptionBudget: { maxUnavailable: 0 } });
  new NginxIngress(chart, 'daemonset', { ...own('daemonset'), kind: WorkloadKind.DAEMON_SET, autoscaling: {}, podDisruptionBudget: { minAvailable: 1 } });
  new NginxIngress(chart, 'host', { ...own('host'), replicas: 2, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED });

  // THEN
  expect(synthError(chart)).toBe([
    HEADER,
    '  [edge/negative] replicas must be >= 0 (got -2)',
    '  [edge/hpa] autoscaling.minReplicas must be <= autoscaling.maxReplicas (2) (got 5)',
    '  [edge/min-available] podDisruptionBudget blocks every node drain: minAvailable 2 with 2 replicas leaves no pod that may be evicted (ingress-nginx#7034); allow at least one',
    '  [edge/max-unavailable] podDisruptionBudget blocks every node drain: maxUnavailable 0 with 2 replicas leaves no pod that may be evicted (ingress-nginx#7034); allow at least one',
    '  [edge/daemonset] autoscaling cannot be used with kind DaemonSet (a DaemonSet is not scalable) (got {})',
    '  [edge/daemonset] podDisruptionBudget cannot be used with kind DaemonSet (the chart renders none; use updateStrategy.maxUnavailable) (got {"minAvailable":1})',
    '  [edge/host] hostNetwork with 2 replicas needs a port plan: two pods on one node would bind the same host ports 80 and 443; '
      + 'use kind DaemonSet, or a required podAntiAffinity on kubernetes.io/hostname that selects the controller pods (hostNetwork: true)',
  ].join('\n'));
});

describe('one rule at a time', () => {
  const cases: Array<[string, NginxIngressProps, string[]]> = [
    ['replicas with autoscaling', { replicas: 2, autoscaling: { minReplicas: 2 } },
      ['replicas cannot be set with autoscaling (the HPA owns the replica count); set autoscaling.minReplicas (got 2)']],
    ['replicas with a DaemonSet', { kind: WorkloadKind.DAEMON_SET, replicas: 2 },
      ['replicas cannot be set with kind DaemonSet (one pod per node) (got 2)']],
    ['an HPA whose minimum blocks drains', { autoscaling: { minReplicas: 3 }, podDisruptionBudget: { minAvailable: 3 } },
      ['podDisruptionBudget blocks every node drain: minAvailable 3 with 3 replicas leaves no pod that may be evicted (ingress-nginx#7034); allow at least one']],
    ['both PDB fields', { replicas: 3, podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } },
      ['podDisruptionBudget sets both minAvailable and maxUnavailable; set one']],
    ['a rollout that cannot progress', { replicas: 2, updateStrategy: { maxSurge: 0, maxUnavailable: 0 } },
      ['updateStrategy cannot have both maxUnavailable and maxSurge 0: the rollout could never progress (got {"maxUnavailable":0,"maxSurge":0})']],
    ['node ports on a ClusterIP Service', { service: { type: ServiceType.CLUSTER_IP, nodePorts: { http: 30080 } } },
      ['service.nodePorts.http needs service.type NodePort or LoadBalancer (a ClusterIP Service has no node ports) (got 30080)']],
    ['hostNetwork whose anti-affinity does not select the controller pods', {
      replicas: 2,
      hostNetwork: true,
      podSecurityLevel: PodSecurityLevel.PRIVILEGED,
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: { app: 'something-else' } },
          }],
        },
      },
    },
    ['hostNetwork with 2 replicas needs a port plan: two pods on one node would bind the same host ports 80 and 443; '
      + 'use kind DaemonSet, or a required podAntiAffinity on kubernetes.io/hostname that selects the controller pods (hostNetwork: true)']],
    ['hostPorts with 2 replicas', { replicas: 2, podSecurityLevel: PodSecurityLevel.PRIVILEGED, hostPorts: {} },
      ['hostPorts with 2 replicas needs a port plan: two pods on one node would bind the same host ports 80 and 443; '
        + 'use kind DaemonSet, or a required podAntiAffinity on kubernetes.io/hostname that selects the controller pods (hostPorts)']],
    ['a new tag under the default digest', { image: { tag: 'v1.14.5' } },
      ['image.digest must be set when the tag or repository changes: the default digest pins ingress-nginx/controller:v1.15.1 (give the new image\'s digest, or "" for none)']],
    ['manageReplicas with autoscaling', { manageReplicas: true, autoscaling: {} },
      ['manageReplicas cannot be true with autoscaling: every apply would reset the count the HPA set (got true)']],
    ['an extra arg for a flag NginxIngress renders', { extraArgs: ['--validating-webhook-key=/tmp/key'] },
      ['extraArgs[0] sets --validating-webhook-key, which NginxIngress renders; set admissionWebhooks instead (got "--validating-webhook-key=/tmp/key")']],
    ['Argo CD hooks with createNamespace', { createNamespace: true, admissionWebhooks: { certificates: WebhookCertificates.certgen({ argoCdHooks: true }) } },
      ['createNamespace cannot be used with argoCdHooks: Argo CD runs the PreSync create Job before it applies the Namespace; let Argo CD create it (CreateNamespace=true) (got true)']],
    ['a repeated extra arg', { extraArgs: ['--v=2', '--v=3'] },
      ['extraArgs[1] repeats --v (first at extraArgs[0]) (got "--v=3")']],
    ['allowedSources with the webhook disabled', { admissionWebhooks: { enabled: false, allowedSources: ['10.0.0.1/32'] } },
      ['admissionWebhooks.allowedSources has no effect with the webhook disabled (got ["10.0.0.1/32"])']],
    ['allowedSources with networkPolicy false', { networkPolicy: false, admissionWebhooks: { allowedSources: ['10.0.0.1/32'] } },
      ['admissionWebhooks.allowedSources has no effect with networkPolicy false: nothing limits who reaches the webhook (got ["10.0.0.1/32"])']],
    ['a NetworkPolicy that would lock out the API server', { networkPolicy: true },
      ['admissionWebhooks.allowedSources must name the API server\'s address range when networkPolicy is on, or the API server cannot reach the webhook (got undefined)']],
    ['Argo CD hooks with ttl 0', { admissionWebhooks: { certificates: WebhookCertificates.certgen({ argoCdHooks: true, ttlSecondsAfterFinished: 0 }) } },
      ['admissionWebhooks.certificates.ttlSecondsAfterFinished must not be 0 with argoCdHooks: the Job would be gone before Argo CD sees it finish (argo-cd#6880) (got 0)']],
    ['snippets without the Critical risk level', { config: { allowSnippetAnnotations: true } },
      ['config.allowSnippetAnnotations has no effect unless annotationsRiskLevel is Critical (snippets are Critical-risk annotations) (got true)']],
    ['a release name too long for the names derived from it', { releaseName: 'r'.repeat(47), admissionWebhooks: { certificates: WebhookCertificates.certManager() } },
      ['admission Service name must be at most 63 characters; shorten releaseName, fullnameOverride or controllerName '
        + `(got "${'r'.repeat(47)}-ingress-nginx-c-admission")`]],
    ['a request above its limit', { resources: { requests: { memory: '256Mi', cpu: '1' }, limits: { memory: '128Mi', cpu: '1500m' } } },
      ['resources.requests.memory must not exceed limits.memory (128Mi): the API server rejects such a pod (got "256Mi")']],
    ['a malformed quantity', { resources: { requests: { cpu: '100 m' } } },
      ['resources.requests.cpu must be a Kubernetes quantity such as "100m", "1" or "90Mi" (got "100 m")']],
    ['a Service port given twice', { service: { httpPort: 8080 }, tcp: { 8080: 'ingress-nginx/db:5432' } },
      ['tcp["8080"] gives the Service port 8080/TCP twice (also service.httpPort) (got 8080)']],
    ['a volume named like the webhook certificate volume', { extraVolumes: [{ name: 'webhook-cert', emptyDir: {} }] },
      ['extraVolumes[0].name repeats a volume name of the pod (the webhook certificate volume) (got "webhook-cert")']],
    ['a mount of a volume the pod does not have', { extraVolumeMounts: [{ name: 'cache', mountPath: '/cache' }] },
      ['extraVolumeMounts[0].name must name a volume of the pod (extraVolumes or webhook-cert) (got "cache")']],
    ['pod labels that change the selector', { podLabels: { 'app.kubernetes.io/component': 'edge' } },
      ['podLabels["app.kubernetes.io/component"] would change the selector label app.kubernetes.io/component=controller; the selector is immutable and the pods must match it (got "edge")']],
    ['common labels that change the selector', { commonLabels: { 'app.kubernetes.io/name': 'edge' } },
      ['commonLabels["app.kubernetes.io/name"] would change the selector label app.kubernetes.io/name=ingress-nginx; the selector is immutable and the pods must match it (got "edge")']],
    ['an annotation key that is not a qualified name', { podAnnotations: { 'bad key': 'x' } },
      ['podAnnotations["bad key"] key must be a qualified name ([prefix/]name, name at most 63 characters of [A-Za-z0-9_.-]) (got "bad key")']],
    ['a controller value without a domain', { ingressClassResource: { controllerValue: 'nginx' } },
      ['ingressClassResource.controllerValue must be a domain-prefixed path such as "example.com/ingress-nginx" (at most 250 characters) (got "nginx")']],
    ['--watch-namespace-selector with watchNamespace', { watchNamespace: 'team-a', extraArgs: ['--watch-namespace-selector=team=a'] },
      ['extraArgs --watch-namespace-selector cannot be combined with watchNamespace: it needs cluster-wide namespace reads the scoped RBAC does not grant']],
    ['allowedSources with hostNetwork', { kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED, admissionWebhooks: { allowedSources: ['10.0.0.1/32'] } },
      ['admissionWebhooks.allowedSources has no effect with hostNetwork: true: NetworkPolicies do not apply to host-network pods, '
        + 'so the webhook port stays open; restrict it on the nodes instead (got ["10.0.0.1/32"])']],
    ['the healthz port given to a TCP service', { metrics: { port: 9913 }, tcp: { 9913: 'ingress-nginx/x:1' } },
      ['tcp["9913"] uses port 9913/TCP, already used by metrics.port (got 9913)']],
    ['--healthz-port as an extra arg', { extraArgs: ['--healthz-port=9913'] },
      ['extraArgs[0] sets --healthz-port, which NginxIngress renders; set metrics.port instead (got "--healthz-port=9913")']],
    ['an invalid fullnameOverride', { fullnameOverride: 'Edge' },
      [`fullname ${DNS_LABEL} (got "Edge")`]],
  ];

  test.each(cases)('%s', (_name, props, messages) => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', props);

    // THEN
    expect(synthError(chart)).toBe([HEADER, ...messages.map((m) => `  [test/ingress] ${m}`)].join('\n'));
  });
});

describe('accepted configurations', () => {
  const cases: Array<[string, NginxIngressProps]> = [
    ['hostNetwork with a DaemonSet', { kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED }],
    ['hostNetwork with a required anti-affinity on the hostname', {
      replicas: 2,
      hostNetwork: true,
      podSecurityLevel: PodSecurityLevel.PRIVILEGED,
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller' } },
          }],
        },
      },
    }],
    ['hostNetwork with one replica', { hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED }],
    ['a PDB that leaves one pod to evict', { replicas: 3, podDisruptionBudget: { minAvailable: 2 } }],
    ['a new tag without a digest', { image: { tag: 'v1.14.5', digest: '' } }],
    ['a registry mirror under the default digest', { image: { registry: 'mirror.example.com' } }],
    ['snippets with the Critical risk level', { config: { allowSnippetAnnotations: true, annotationsRiskLevel: AnnotationsRiskLevel.CRITICAL } }],
  ];

  test.each(cases)('%s', (_name, props) => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', props);

    // THEN
    expect(synth(chart).length).toBeGreaterThan(0);
  });
});

describe('nothing is written when validation fails', () => {
  function yamlFiles(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
  }

  test('app.synth() throws and leaves no YAML in the output directory', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ingress-validation-'));
    const app = new App({ outdir });
    new NginxIngress(new Chart(app, 'edge'), 'ingress', { replicas: -1 });

    // WHEN
    const synthesize = () => app.synth();

    // THEN
    expect(synthesize).toThrow('[edge/ingress] replicas must be >= 0 (got -1)');
    expect(yamlFiles(outdir)).toEqual([]);
  });

  test('the same app with valid props writes its YAML there', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ingress-validation-'));
    const app = new App({ outdir });
    new NginxIngress(new Chart(app, 'edge'), 'ingress', { replicas: 2 });

    // WHEN
    app.synth();

    // THEN
    expect(yamlFiles(outdir)).toEqual(['edge.k8s.yaml']);
  });
});

describe('accepted on purpose', () => {
  test('replicas 0 (a scaled-down gateway) is valid', () => {
    const chart = Testing.chart();
    new NginxIngress(chart, 'ingress', { replicas: 0 });
    expect(findObject(synth(chart), 'Deployment', 'ingress-nginx-controller').spec.replicas).toBe(0);
  });

  test('an HPA CPU target above 100% of the request is valid', () => {
    const chart = Testing.chart();
    new NginxIngress(chart, 'ingress', { autoscaling: { targetCpuUtilizationPercentage: 150 } });
    expect(() => synth(chart)).not.toThrow();
  });
});
