import { Testing } from 'cdk8s';
import {
  ClusterCredentialType, ClusterEndpointType, ClusterGatewayHub, KustomizeFolder, MemberCredentials,
} from '../../src';
import { expectRestricted } from '../helpers/pod-security';
import { expectValidManifests } from '../helpers/schema';
import { findObject, synthError, synthObjects } from '../helpers/synth';

function hubChart() {
  const app = Testing.app();
  const folder = new KustomizeFolder(app, 'hub', { path: 'clusters/hub/cluster-gateway' });
  return { app, folder };
}

describe('ClusterGatewayHub', () => {
  test('renders the aggregated API with a cert-manager serving certificate, never insecureSkipTLSVerify', () => {
    // GIVEN
    const { app, folder } = hubChart();
    const hub = new ClusterGatewayHub(folder, 'hub');

    // WHEN
    const objects = synthObjects(app);

    // THEN
    expectValidManifests(objects);
    expect(objects).toMatchSnapshot();
    const api = findObject(objects, 'APIService', 'v1alpha1.cluster.core.oam.dev');
    expect(api.spec).toEqual({
      group: 'cluster.core.oam.dev',
      version: 'v1alpha1',
      groupPriorityMinimum: 2000,
      versionPriority: 10,
      service: { name: 'cluster-gateway', namespace: 'cluster-gateway', port: 9443 },
    });
    expect(api.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'cluster-gateway/cluster-gateway' });
    const cert = findObject(objects, 'Certificate', 'cluster-gateway', 'cluster-gateway');
    expect(cert.spec.dnsNames).toEqual(['cluster-gateway', 'cluster-gateway.cluster-gateway', 'cluster-gateway.cluster-gateway.svc']);
    const deployment = findObject(objects, 'Deployment', 'cluster-gateway', 'cluster-gateway');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toEqual('oamdev/cluster-gateway:v1.9.1');
    expect(container.args).toEqual([
      '--secure-port=9443',
      '--secret-namespace=open-cluster-management-credentials',
      '--tls-cert-file=/etc/cluster-gateway/tls/tls.crt',
      '--tls-private-key-file=/etc/cluster-gateway/tls/tls.key',
      '--feature-gates=HealthinessCheck=false',
    ]);
    expect(deployment.spec.template.spec.volumes[0]).toEqual({ name: 'tls', secret: { secretName: cert.spec.secretName } });
    // the Service selects the pods
    expect(findObject(objects, 'Service', 'cluster-gateway').spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(hub.apiServiceName).toEqual(api.metadata.name);
  });

  test('every pod runs within PSS restricted', () => {
    const { app, folder } = hubChart();
    new ClusterGatewayHub(folder, 'hub');
    expectRestricted(synthObjects(app));
  });

  test('least-privilege RBAC: Secrets read only in the secret namespace, update only for health checks', () => {
    const verbs = (healthinessCheck: boolean) => {
      const { app, folder } = hubChart();
      new ClusterGatewayHub(folder, 'hub', { healthinessCheck });
      const objects = synthObjects(app);
      const roles = objects.filter((o) => (o.kind === 'Role' || o.kind === 'ClusterRole') && o.rules.some((r: any) => r.resources.includes('secrets')));
      expect(roles.map((r) => `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`)).toEqual(['Role/open-cluster-management-credentials/cluster-gateway-secret-reader']);
      return roles[0].rules[0].verbs;
    };
    expect(verbs(false)).toEqual(['get', 'list', 'watch']);
    expect(verbs(true)).toEqual(['get', 'list', 'watch', 'update']);
  });

  test('members come from an ExternalSecret or a SealedSecret carrying the labels cluster-gateway reads; an existing Secret renders nothing', () => {
    // GIVEN
    const { app, folder } = hubChart();
    const hub = new ClusterGatewayHub(folder, 'hub');

    // WHEN
    hub.addMember('eu-1', { credentials: MemberCredentials.externalSecret({ storeName: 'vault', clusterStore: true, remoteKey: 'clusters/eu-1' }) });
    hub.addMember('us-1', {
      credentials: MemberCredentials.sealedSecret({ encryptedData: { 'endpoint': 'AgB1...', 'ca.crt': 'AgB2...', 'tls.crt': 'AgB3...', 'tls.key': 'AgB4...' } }),
      credentialType: ClusterCredentialType.X509_CERTIFICATE,
    });
    hub.addMember('ap-1', { credentials: MemberCredentials.existingSecret(), endpointType: ClusterEndpointType.CLUSTER_PROXY });
    const objects = synthObjects(app);

    // THEN
    expect(hub.memberNames).toEqual(['ap-1', 'eu-1', 'us-1']);
    expect(findObject(objects, 'ExternalSecret', 'eu-1', 'open-cluster-management-credentials').spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      target: {
        name: 'eu-1',
        creationPolicy: 'Owner',
        template: {
          type: 'Opaque',
          metadata: { labels: { 'cluster.core.oam.dev/cluster-credential-type': 'ServiceAccountToken', 'cluster.core.oam.dev/cluster-endpoint-type': 'Const' } },
        },
      },
      dataFrom: [{ extract: { key: 'clusters/eu-1' } }],
    });
    const sealed = findObject(objects, 'SealedSecret', 'us-1', 'open-cluster-management-credentials');
    expect(sealed.spec.template.metadata).toEqual({
      name: 'us-1',
      namespace: 'open-cluster-management-credentials',
      labels: { 'cluster.core.oam.dev/cluster-credential-type': 'X509Certificate', 'cluster.core.oam.dev/cluster-endpoint-type': 'Const' },
    });
    expect(objects.filter((o) => o.metadata.name === 'ap-1')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('a literal credential is an error, and is not echoed', () => {
    // GIVEN
    const { app, folder } = hubChart();
    const hub = new ClusterGatewayHub(folder, 'hub');

    // WHEN (as a JavaScript caller could)
    hub.addMember('eu-1', { token: 'eyJhbGciOi-secret' } as any);
    hub.addMember('Bad_Name', { credentials: MemberCredentials.existingSecret() });
    const message = synthError(app);

    // THEN
    expect(message).toEqual([
      'Validation failed with the following errors:',
      '  [hub/hub] members["eu-1"].token must not be a literal credential: it would be committed to Git; use MemberCredentials.existingSecret(), externalSecret(...) or sealedSecret(...) (got "<redacted>")',
      '  [hub/hub] members["eu-1"].credentials must be MemberCredentials.existingSecret(), externalSecret(...) or sealedSecret(...) (got undefined)',
      '  [hub/hub] members["Bad_Name"] name must be a DNS-1123 label (it names the ClusterGateway and its Secret) (got "Bad_Name")',
    ].join('\n'));
    expect(message).not.toContain('eyJhbGciOi');
    expect(() => hub.addMember('eu-1', { credentials: MemberCredentials.existingSecret() })).toThrow('hub/hub: member "eu-1" is already registered');
  });

  test('bad props', () => {
    const { app, folder } = hubChart();
    new ClusterGatewayHub(folder, 'hub', { namespace: 'gw', secretNamespace: 'gw', replicas: 0, apiServerUrl: 'http://hub' });
    expect(synthError(app)).toEqual([
      'Validation failed with the following errors:',
      '  [hub/hub] secretNamespace must differ from namespace: the gateway may read every Secret there (got "gw")',
      '  [hub/hub] replicas must be >= 1 (got 0)',
      '  [hub/hub] apiServerUrl must be an https:// URL (got "http://hub")',
    ].join('\n'));
  });

  test('proxyUrl is the ClusterGateway proxy path on the hub API server', () => {
    const { folder } = hubChart();
    const hub = new ClusterGatewayHub(folder, 'hub', { apiServerUrl: 'https://hub.example.com:6443/' });
    expect(hub.proxyUrl('eu-1')).toEqual('https://hub.example.com:6443/apis/cluster.core.oam.dev/v1alpha1/clustergateways/eu-1/proxy');
  });
});
