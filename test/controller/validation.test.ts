import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { synth } from './_render';
import {
  AnnotationsRiskLevel, NginxIngress, NginxIngressProps, ServiceType, WebhookCertificates, WorkloadKind,
} from '../../src';

/**
 * Synth-time validation: bad props give one error that lists every problem, each with the
 * construct path, the field, the value and what is expected; nothing is written.
 */

/** The message synthesis fails with (fails the test if it does not fail). */
function synthError(chart: Chart): string {
  try {
    synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synthesis to fail');
}

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
    '  [test/ingress] replicas must be >= 1 (got -1)',
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

  // WHEN
  new NginxIngress(chart, 'zero', { replicas: 0 });
  new NginxIngress(chart, 'hpa', { autoscaling: { minReplicas: 5, maxReplicas: 2 } });
  new NginxIngress(chart, 'min-available', { replicas: 2, podDisruptionBudget: { minAvailable: 2 } });
  new NginxIngress(chart, 'max-unavailable', { replicas: 2, podDisruptionBudget: { maxUnavailable: 0 } });
  new NginxIngress(chart, 'daemonset', { kind: WorkloadKind.DAEMON_SET, autoscaling: {}, podDisruptionBudget: { minAvailable: 1 } });
  new NginxIngress(chart, 'host', { replicas: 2, hostNetwork: true });

  // THEN
  expect(synthError(chart)).toBe([
    HEADER,
    '  [edge/zero] replicas must be >= 1 (got 0)',
    '  [edge/hpa] autoscaling.minReplicas must be <= autoscaling.maxReplicas (2) (got 5)',
    '  [edge/min-available] podDisruptionBudget blocks every node drain: minAvailable 2 with 2 replicas leaves no pod that may be evicted (ingress-nginx#7034); allow at least one',
    '  [edge/max-unavailable] podDisruptionBudget blocks every node drain: maxUnavailable 0 with 2 replicas leaves no pod that may be evicted (ingress-nginx#7034); allow at least one',
    '  [edge/daemonset] autoscaling cannot be used with kind DaemonSet (a DaemonSet is not scalable) (got {})',
    '  [edge/daemonset] podDisruptionBudget cannot be used with kind DaemonSet (the chart renders none; use updateStrategy.maxUnavailable) (got {"minAvailable":1})',
    '  [edge/host] hostNetwork with 2 replicas needs a port plan: two pods on one node would bind the same host ports 80 and 443; '
      + 'use kind DaemonSet, or a required podAntiAffinity on kubernetes.io/hostname (hostNetwork: true)',
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
    ['hostPorts with 2 replicas', { replicas: 2, hostPorts: {} },
      ['hostPorts with 2 replicas needs a port plan: two pods on one node would bind the same host ports 80 and 443; '
        + 'use kind DaemonSet, or a required podAntiAffinity on kubernetes.io/hostname (hostPorts)']],
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
    ['hostNetwork with a DaemonSet', { kind: WorkloadKind.DAEMON_SET, hostNetwork: true }],
    ['hostNetwork with a required anti-affinity on the hostname', {
      replicas: 2,
      hostNetwork: true,
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller' } },
          }],
        },
      },
    }],
    ['hostNetwork with one replica', { hostNetwork: true }],
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
    new NginxIngress(new Chart(app, 'edge'), 'ingress', { replicas: 0 });

    // WHEN
    const synthesize = () => app.synth();

    // THEN
    expect(synthesize).toThrow('[edge/ingress] replicas must be >= 1 (got 0)');
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
