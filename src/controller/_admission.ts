/**
 * The admission webhook: the chart's `templates/admission-webhooks/` (validating-webhook.yaml,
 * the certgen Jobs of job-patch/, cert-manager.yaml) and `templates/controller-networkpolicy.yaml`,
 * which guards the webhook port.
 */
import { createHash } from 'crypto';
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ControllerContext, meta, obj, streamPorts } from './_context';
import { imagePullSecrets, imageRef, validateImage } from './_pod';
import { Component } from './names';
import { FailurePolicy, ImagePullPolicy, ImageProps } from './types';
import { WebhookCertificates } from './webhook-certificates';
import * as cm from '../../imports/cert-manager.io';
import { Problems, isCidr } from '../common/_validation';

/** Default certgen image. @see values.yaml controller.admissionWebhooks.patch.image */
export const CERTGEN_IMAGE: Required<ImageProps> = {
  registry: 'registry.k8s.io',
  image: 'ingress-nginx/kube-webhook-certgen',
  tag: 'v1.6.9',
  digest: 'sha256:01038e7de14b78d702d2849c3aad72fd25903c4765af63cf16aa3398f5d5f2dd',
  pullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
};

/** The validating admission webhook. @see values.yaml controller.admissionWebhooks */
export interface AdmissionWebhookProps {
  /** Render it. @default true */
  readonly enabled?: boolean;
  /** How the serving certificate is made. @default WebhookCertificates.certgen() */
  readonly certificates?: WebhookCertificates;
  /** What the API server does when the webhook is unreachable. @default FailurePolicy.FAIL @see values.yaml controller.admissionWebhooks.failurePolicy */
  readonly failurePolicy?: FailurePolicy;
  /** Seconds the API server waits (1-30). @default - the API server's 10 */
  readonly timeoutSeconds?: number;
  /** Port. @default 8443 @see values.yaml controller.admissionWebhooks.port */
  readonly port?: number;
  /**
   * CIDRs allowed to reach the webhook port: the API server's addresses. When set, a
   * NetworkPolicy admits the webhook port only from them (CVE-2025-1974 mitigation).
   * @default - no NetworkPolicy unless `networkPolicy` is on
   */
  readonly allowedSources?: string[];
  /**
   * Which namespaces' Ingresses are sent to the webhook.
   * @default - every namespace; the watched namespace only when `watchNamespace` is set
   */
  readonly namespaceSelector?: k8s.LabelSelector;
}

function certgenJob(c: ControllerContext, id: string, name: string, container: string, args: string[]): void {
  const opts = c.webhook!.certs.certgenOptions ?? {};
  const image = { ...CERTGEN_IMAGE, ...(opts.image ?? {}) };
  const hook = container === 'create' ? 'PreSync' : 'PostSync';
  const annotations = opts.argoCdHooks
    ? { 'argocd.argoproj.io/hook': hook, 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' }
    : undefined;
  const ttl = opts.ttlSecondsAfterFinished ?? (opts.argoCdHooks ? undefined : 0);
  const podSpec = {
    automountServiceAccountToken: true,
    containers: [{
      args,
      env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
      image: imageRef(image),
      imagePullPolicy: image.pullPolicy,
      name: container,
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsGroup: 65532,
        runAsNonRoot: true,
        runAsUser: 65532,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    }],
    ...imagePullSecrets(c),
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    restartPolicy: 'OnFailure',
    serviceAccountName: c.names.admission,
  };
  const labels = c.names.podLabels(Component.ADMISSION_WEBHOOK);
  // A Job's pod template is immutable. A Job that outlives its run (a TTL above 0, no Argo CD hook
  // recreating it) is renamed whenever its template changes, so the next apply creates a new Job
  // instead of failing. The chart's names stay when the Job deletes itself (TTL 0) or is a hook.
  const kept = ttl !== undefined && ttl > 0 && !opts.argoCdHooks;
  const jobName = kept ? hashedName(name, { labels, podSpec }) : name;
  obj(c, id, 'batch/v1', 'Job', meta(c, jobName, Component.ADMISSION_WEBHOOK, { annotations }), {
    spec: {
      template: {
        metadata: { labels, name: jobName },
        spec: podSpec,
      },
      ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}),
    },
  });
}

/** `name-<6 hex of the template's hash>`, at most 63 characters (the Job's pods' job-name label). */
function hashedName(name: string, template: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 6);
  return `${name.slice(0, 56)}-${hash}`;
}

export function renderCertgenJobs(c: ControllerContext): void {
  const n = c.names;
  certgenJob(c, 'AdmissionCreateJob', `${n.admission}-create`, 'create', [
    'create',
    `--host=${n.admissionService},${n.admissionService}.$(POD_NAMESPACE).svc`,
    '--namespace=$(POD_NAMESPACE)',
    `--secret-name=${n.admission}`,
  ]);
  certgenJob(c, 'AdmissionPatchJob', `${n.admission}-patch`, 'patch', [
    'patch',
    `--webhook-name=${n.admission}`,
    '--namespace=$(POD_NAMESPACE)',
    '--patch-mutating=false',
    `--secret-name=${n.admission}`,
    `--patch-failure-policy=${c.webhook!.failurePolicy}`,
  ]);
}

export function renderCertManager(c: ControllerContext): void {
  const n = c.names;
  const o = c.webhook!.certs.certManagerOptions ?? {};
  const labels = c.names.labels(Component.ADMISSION_WEBHOOK);
  const certMeta = (name: string) => ({ name, namespace: c.namespace, labels });
  if (!o.issuer) {
    new cm.Issuer(c.scope, 'SelfSignedIssuer', { metadata: certMeta(n.selfSignedIssuer), spec: { selfSigned: {} } });
    new cm.Certificate(c.scope, 'RootCertificate', {
      metadata: certMeta(n.rootCert),
      spec: {
        secretName: n.rootCert,
        duration: o.rootDuration ?? '43800h0m0s',
        issuerRef: { name: n.selfSignedIssuer },
        commonName: 'ca.webhook.ingress-nginx',
        isCa: true,
        subject: { organizations: ['ingress-nginx'] },
      },
    });
    new cm.Issuer(c.scope, 'RootIssuer', { metadata: certMeta(n.rootIssuer), spec: { ca: { secretName: n.rootCert } } });
  }
  new cm.Certificate(c.scope, 'AdmissionCertificate', {
    metadata: certMeta(n.admission),
    spec: {
      secretName: n.admission,
      duration: o.duration ?? '8760h0m0s',
      issuerRef: o.issuer ? { name: o.issuer.name, kind: o.issuer.kind ?? 'Issuer', group: o.issuer.group ?? 'cert-manager.io' } : { name: n.rootIssuer },
      dnsNames: [n.admissionService, `${n.admissionService}.${c.namespace}`, `${n.admissionService}.${c.namespace}.svc`],
      subject: { organizations: ['ingress-nginx-admission'] },
    },
  });
}

export function renderNetworkPolicy(c: ControllerContext): void {
  const sources = c.props.admissionWebhooks?.allowedSources ?? [];
  const trafficPorts = Lazy.any({
    produce: () => [
      { port: 80, protocol: 'TCP' },
      { port: 443, protocol: 'TCP' },
      ...(c.metricsEnabled ? [{ port: c.metricsPort, protocol: 'TCP' }] : []),
      ...streamPorts(c).map((sp) => ({ port: sp.port, protocol: sp.protocol })),
    ],
  });
  obj(c, 'NetworkPolicy', 'networking.k8s.io/v1', 'NetworkPolicy', meta(c, c.names.controller, Component.CONTROLLER), {
    spec: {
      podSelector: { matchLabels: c.selectorLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { ports: trafficPorts },
        ...(c.webhook && sources.length > 0 ? [{
          from: sources.map((cidr) => ({ ipBlock: { cidr } })),
          ports: [{ port: c.webhook.port, protocol: 'TCP' }],
        }] : []),
      ],
      egress: [{}],
    },
  });
}

export function renderWebhookConfiguration(c: ControllerContext): void {
  const n = c.names;
  const w = c.props.admissionWebhooks ?? {};
  const certManager = c.webhook!.certs.mode === 'cert-manager';
  const inject = `${c.namespace}/${n.admission}`;
  const namespaceSelector = w.namespaceSelector
    ?? (c.watchNamespace ? { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [c.watchNamespace] }] } : undefined);
  obj(c, 'ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration',
    meta(c, n.admission, Component.ADMISSION_WEBHOOK, {
      namespaced: false,
      annotations: certManager ? { 'cert-manager.io/inject-ca-from': inject, 'certmanager.k8s.io/inject-ca-from': inject } : undefined,
    }), {
      webhooks: [{
        admissionReviewVersions: ['v1'],
        clientConfig: { service: { name: n.admissionService, namespace: c.namespace, path: '/networking/v1/ingresses', port: 443 } },
        failurePolicy: c.webhook!.failurePolicy,
        matchPolicy: 'Equivalent',
        name: 'validate.nginx.ingress.kubernetes.io',
        ...(namespaceSelector ? { namespaceSelector } : {}),
        rules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
        sideEffects: 'None',
        ...(w.timeoutSeconds !== undefined ? { timeoutSeconds: w.timeoutSeconds } : {}),
      }],
    });
}

/** A NetworkPolicy cannot guard the webhook port of a host-network pod. */
export function validateWebhookReach(c: ControllerContext, v: Problems): void {
  const p = c.props;
  if ((p.hostNetwork ?? false) && p.admissionWebhooks?.allowedSources !== undefined) {
    v.add('admissionWebhooks.allowedSources', 'has no effect with hostNetwork: true: NetworkPolicies do not apply to host-network pods, '
      + 'so the webhook port stays open; restrict it on the nodes instead', p.admissionWebhooks.allowedSources);
  }
}

export function validateWebhook(c: ControllerContext, v: Problems): void {
  const p = c.props;
  const w = p.admissionWebhooks ?? {};
  if (c.webhook) {
    v.integer('admissionWebhooks.timeoutSeconds', w.timeoutSeconds, 1, 30);
    v.integer('admissionWebhooks.port', w.port, 1, 65535);
    for (const [i, cidr] of (w.allowedSources ?? []).entries()) {
      v.check(isCidr(cidr), `admissionWebhooks.allowedSources[${i}]`, 'must be a CIDR such as "10.0.0.1/32"', cidr);
    }
    if (c.networkPolicyEnabled) {
      v.check((w.allowedSources ?? []).length > 0, 'admissionWebhooks.allowedSources',
        'must name the API server\'s address range when networkPolicy is on, or the API server cannot reach the webhook', w.allowedSources);
    } else {
      v.check(w.allowedSources === undefined, 'admissionWebhooks.allowedSources',
        'has no effect with networkPolicy false: nothing limits who reaches the webhook', w.allowedSources);
    }
    const cg = c.webhook.certs.certgenOptions;
    if (cg) {
      v.integer('admissionWebhooks.certificates.ttlSecondsAfterFinished', cg.ttlSecondsAfterFinished, 0);
      if (cg.argoCdHooks) {
        v.check(cg.ttlSecondsAfterFinished !== 0, 'admissionWebhooks.certificates.ttlSecondsAfterFinished',
          'must not be 0 with argoCdHooks: the Job would be gone before Argo CD sees it finish (argo-cd#6880)', 0);
        v.check(!p.createNamespace, 'createNamespace', 'cannot be used with argoCdHooks: Argo CD runs the PreSync create Job '
          + 'before it applies the Namespace; let Argo CD create it (CreateNamespace=true)', true);
      }
      validateImage(v, 'admissionWebhooks.certificates.image', cg.image, CERTGEN_IMAGE);
    }
    const issuer = c.webhook.certs.certManagerOptions?.issuer;
    if (issuer) v.dnsSubdomain('admissionWebhooks.certificates.issuer.name', issuer.name);
  } else {
    v.check(w.allowedSources === undefined, 'admissionWebhooks.allowedSources', 'has no effect with the webhook disabled', w.allowedSources);
  }
}
