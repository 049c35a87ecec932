import { Testing } from 'cdk8s';
import { args, container, findObject, kindsAndNames, ofKind, podSpec, synth, webhook } from './_render';
import { FailurePolicy, IssuerKind, NginxIngress, WebhookCertificates } from '../../src';

/**
 * The validating admission webhook in its three modes (certgen Jobs, cert-manager, disabled),
 * its options, and the NetworkPolicy that limits who may reach it.
 */

const WEBHOOK_ARGS = [
  '--validating-webhook=:8443',
  '--validating-webhook-certificate=/usr/local/certificates/cert',
  '--validating-webhook-key=/usr/local/certificates/key',
];

describe('certgen (default)', () => {
  test('a create Job and a patch Job with the chart\'s args, ServiceAccount and ttl 0', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    const create = findObject(objects, 'Job', 'ingress-nginx-admission-create');
    const patch = findObject(objects, 'Job', 'ingress-nginx-admission-patch');
    expect(create.spec.template.spec.containers[0].args).toEqual([
      'create',
      '--host=ingress-nginx-controller-admission,ingress-nginx-controller-admission.$(POD_NAMESPACE).svc',
      '--namespace=$(POD_NAMESPACE)',
      '--secret-name=ingress-nginx-admission',
    ]);
    expect(patch.spec.template.spec.containers[0].args).toEqual([
      'patch',
      '--webhook-name=ingress-nginx-admission',
      '--namespace=$(POD_NAMESPACE)',
      '--patch-mutating=false',
      '--secret-name=ingress-nginx-admission',
      '--patch-failure-policy=Fail',
    ]);
    for (const job of [create, patch]) {
      expect(job.spec.ttlSecondsAfterFinished).toBe(0);
      expect(job.spec.template.spec.serviceAccountName).toBe('ingress-nginx-admission');
      expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
      expect(job.spec.template.spec.containers[0].image)
        .toBe('registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9@sha256:01038e7de14b78d702d2849c3aad72fd25903c4765af63cf16aa3398f5d5f2dd');
      expect(job.metadata.annotations).toBeUndefined();
    }
    expect(kindsAndNames(objects)).toEqual(expect.arrayContaining([
      'ServiceAccount/ingress-nginx-admission', 'Role/ingress-nginx-admission', 'RoleBinding/ingress-nginx-admission',
      'ClusterRole/ingress-nginx-admission', 'ClusterRoleBinding/ingress-nginx-admission',
    ]));
    expect(podSpec(objects).volumes).toEqual([{ name: 'webhook-cert', secret: { secretName: 'ingress-nginx-admission' } }]);
  });

  test('ttlSecondsAfterFinished', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { admissionWebhooks: { certificates: WebhookCertificates.certgen({ ttlSecondsAfterFinished: 3600 }) } });

    // THEN
    expect(ofKind(synth(chart), 'Job').map((j) => j.spec.ttlSecondsAfterFinished)).toEqual([3600, 3600]);
  });

  test('argoCdHooks: PreSync create, PostSync patch, BeforeHookCreation, ttl unset', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { admissionWebhooks: { certificates: WebhookCertificates.certgen({ argoCdHooks: true }) } });

    // THEN
    const objects = synth(chart);
    expect(findObject(objects, 'Job', 'ingress-nginx-admission-create').metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
    expect(findObject(objects, 'Job', 'ingress-nginx-admission-patch').metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
    for (const job of ofKind(objects, 'Job')) expect(job.spec).not.toHaveProperty('ttlSecondsAfterFinished');
  });

  test('argoCdHooks: the create Job\'s ServiceAccount, Role and RoleBinding are PreSync hooks too', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { admissionWebhooks: { certificates: WebhookCertificates.certgen({ argoCdHooks: true }) } });

    // THEN
    const objects = synth(chart);
    const hooked = objects.filter((o) => o.metadata.annotations?.['argocd.argoproj.io/hook'] === 'PreSync');
    expect(kindsAndNames(hooked)).toEqual([
      'ServiceAccount/ingress-nginx-admission', 'Role/ingress-nginx-admission', 'RoleBinding/ingress-nginx-admission',
      'Job/ingress-nginx-admission-create',
    ]);
    for (const o of hooked) expect(o.metadata.annotations['argocd.argoproj.io/hook-delete-policy']).toBe('BeforeHookCreation');
  });

  test('certgen image override', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      admissionWebhooks: { certificates: WebhookCertificates.certgen({ image: { registry: 'mirror.example.com' } }) },
    });

    // THEN
    expect(ofKind(synth(chart), 'Job').map((j) => j.spec.template.spec.containers[0].image.split('/')[0])).toEqual(['mirror.example.com', 'mirror.example.com']);
  });
});

describe('cert-manager', () => {
  test('self-signed chain: Issuer, CA Certificate, CA Issuer and the serving Certificate; no Jobs', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { namespace: 'edge', admissionWebhooks: { certificates: WebhookCertificates.certManager() } });

    // THEN
    const objects = synth(chart);
    expect(findObject(objects, 'Issuer', 'ingress-nginx-self-signed-issuer').spec).toEqual({ selfSigned: {} });
    expect(findObject(objects, 'Certificate', 'ingress-nginx-root-cert').spec).toMatchObject({
      secretName: 'ingress-nginx-root-cert',
      isCA: true,
      duration: '43800h0m0s',
      issuerRef: { name: 'ingress-nginx-self-signed-issuer' },
    });
    expect(findObject(objects, 'Issuer', 'ingress-nginx-root-issuer').spec).toEqual({ ca: { secretName: 'ingress-nginx-root-cert' } });
    expect(findObject(objects, 'Certificate', 'ingress-nginx-admission').spec).toMatchObject({
      secretName: 'ingress-nginx-admission',
      duration: '8760h0m0s',
      issuerRef: { name: 'ingress-nginx-root-issuer' },
      dnsNames: ['ingress-nginx-controller-admission', 'ingress-nginx-controller-admission.edge', 'ingress-nginx-controller-admission.edge.svc'],
    });
    expect(ofKind(objects, 'Job')).toEqual([]);
    expect(kindsAndNames(objects).filter((id) => id.endsWith('/ingress-nginx-admission'))).toEqual([
      'Certificate/ingress-nginx-admission', 'ValidatingWebhookConfiguration/ingress-nginx-admission',
    ]);
  });

  test('a given issuer: only the serving Certificate, with that issuerRef', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      admissionWebhooks: { certificates: WebhookCertificates.certManager({ issuer: { name: 'internal-ca', kind: IssuerKind.CLUSTER_ISSUER }, duration: '2160h0m0s' }) },
    });

    // THEN
    const objects = synth(chart);
    expect(ofKind(objects, 'Issuer')).toEqual([]);
    expect(kindsAndNames(ofKind(objects, 'Certificate'))).toEqual(['Certificate/ingress-nginx-admission']);
    expect(findObject(objects, 'Certificate', 'ingress-nginx-admission').spec).toMatchObject({
      issuerRef: { name: 'internal-ca', kind: IssuerKind.CLUSTER_ISSUER, group: 'cert-manager.io' },
      duration: '2160h0m0s',
    });
  });

  test('the VWC gets inject-ca-from and the secret volume maps tls.crt and tls.key', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { namespace: 'edge', admissionWebhooks: { certificates: WebhookCertificates.certManager() } });

    // THEN
    const objects = synth(chart);
    expect(findObject(objects, 'ValidatingWebhookConfiguration', 'ingress-nginx-admission').metadata.annotations).toEqual({
      'cert-manager.io/inject-ca-from': 'edge/ingress-nginx-admission',
      'certmanager.k8s.io/inject-ca-from': 'edge/ingress-nginx-admission',
    });
    expect(podSpec(objects).volumes).toEqual([{
      name: 'webhook-cert',
      secret: { secretName: 'ingress-nginx-admission', items: [{ key: 'tls.crt', path: 'cert' }, { key: 'tls.key', path: 'key' }] },
    }]);
    expect(args(objects)).toEqual(expect.arrayContaining(WEBHOOK_ARGS));
  });
});

describe('disabled', () => {
  test('no VWC, admission Service, Jobs, webhook args, port, volume or mount', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { admissionWebhooks: { enabled: false } });

    // THEN
    const objects = synth(chart);
    expect(ofKind(objects, 'ValidatingWebhookConfiguration')).toEqual([]);
    expect(ofKind(objects, 'Job')).toEqual([]);
    expect(kindsAndNames(objects).filter((id) => id.includes('admission'))).toEqual([]);
    expect(args(objects).filter((a) => a.startsWith('--validating-webhook'))).toEqual([]);
    expect(container(objects).ports.map((p: any) => p.name)).toEqual(['http', 'https']);
    expect(podSpec(objects)).not.toHaveProperty('volumes');
    expect(container(objects)).not.toHaveProperty('volumeMounts');
  });
});

describe('webhook options', () => {
  test('default VWC: the chart\'s webhook, failurePolicy Fail, no timeout', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    expect(webhook(synth(chart))).toEqual({
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: 'ingress-nginx-controller-admission', namespace: 'ingress-nginx', path: '/networking/v1/ingresses', port: 443 } },
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      name: 'validate.nginx.ingress.kubernetes.io',
      rules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
      sideEffects: 'None',
    });
  });

  test('failurePolicy goes to the VWC and to the patch Job', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { admissionWebhooks: { failurePolicy: FailurePolicy.IGNORE } });

    // THEN
    const objects = synth(chart);
    expect(webhook(objects).failurePolicy).toBe('Ignore');
    expect(findObject(objects, 'Job', 'ingress-nginx-admission-patch').spec.template.spec.containers[0].args).toContain('--patch-failure-policy=Ignore');
  });

  test('timeoutSeconds', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { admissionWebhooks: { timeoutSeconds: 5 } });

    // THEN
    expect(webhook(synth(chart)).timeoutSeconds).toBe(5);
  });

  test('port changes the arg and the container port; the Service still listens on 443', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { admissionWebhooks: { port: 9443 } });

    // THEN
    const objects = synth(chart);
    expect(args(objects)).toContain('--validating-webhook=:9443');
    expect(container(objects).ports).toContainEqual({ containerPort: 9443, name: 'webhook', protocol: 'TCP' });
    expect(findObject(objects, 'Service', 'ingress-nginx-controller-admission').spec.ports[0]).toMatchObject({ port: 443, targetPort: 'webhook' });
  });
});

describe('NetworkPolicy', () => {
  test('allowedSources: the webhook port only from them, the traffic ports from anywhere', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      metrics: { enabled: true },
      tcp: { 2222: 'git/ssh:22' },
      admissionWebhooks: { allowedSources: ['10.0.0.10/32', '10.0.0.11/32'] },
    });

    // THEN
    const objects = synth(chart);
    const np = findObject(objects, 'NetworkPolicy', 'ingress-nginx-controller');
    expect(np.spec.podSelector.matchLabels).toEqual(findObject(objects, 'Deployment', 'ingress-nginx-controller').spec.selector.matchLabels);
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.egress).toEqual([{}]);
    expect(np.spec.ingress).toEqual([
      { ports: [{ port: 80, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }, { port: 10254, protocol: 'TCP' }, { port: 2222, protocol: 'TCP' }] },
      { from: [{ ipBlock: { cidr: '10.0.0.10/32' } }, { ipBlock: { cidr: '10.0.0.11/32' } }], ports: [{ port: 8443, protocol: 'TCP' }] },
    ]);
  });

  test('networkPolicy with the webhook disabled opens only the traffic ports', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { networkPolicy: true, admissionWebhooks: { enabled: false } });

    // THEN
    expect(findObject(synth(chart), 'NetworkPolicy', 'ingress-nginx-controller').spec.ingress).toEqual([
      { ports: [{ port: 80, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] },
    ]);
  });

  test('networkPolicy false: no NetworkPolicy (also none by default)', () => {
    // GIVEN
    const off = Testing.chart();
    const defaults = Testing.chart();

    // WHEN
    new NginxIngress(off, 'ingress', { networkPolicy: false });
    new NginxIngress(defaults, 'ingress');

    // THEN
    expect(ofKind(synth(off), 'NetworkPolicy')).toEqual([]);
    expect(ofKind(synth(defaults), 'NetworkPolicy')).toEqual([]);
  });
});
