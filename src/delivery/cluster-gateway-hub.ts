/**
 * oam-dev/cluster-gateway on a hub cluster: the aggregated API `v1alpha1.cluster.core.oam.dev`
 * whose `clustergateways/<member>/proxy` path reaches member clusters. Mirrors the standalone chart
 * `charts/cluster-gateway` (Deployment, Service, APIService, RBAC), with a cert-manager serving
 * certificate instead of the chart's self-signed one behind `insecureSkipTLSVerify`.
 */
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { compareStrings } from '../common/_compare';
import { checkProps } from '../common/_shape';
import { Problems, isDnsLabel, show } from '../common/_validation';

const API_GROUP = 'cluster.core.oam.dev';
const API_VERSION = 'v1alpha1';
const PORT = 9443;
const CREDENTIAL_TYPE_LABEL = 'cluster.core.oam.dev/cluster-credential-type';
const ENDPOINT_TYPE_LABEL = 'cluster.core.oam.dev/cluster-endpoint-type';
/** Keys that would put a credential in Git if a JavaScript caller passed them. */
const LITERAL_CREDENTIAL_KEYS = ['token', 'bearerToken', 'password', 'kubeconfig', 'caData', 'certData', 'keyData', 'tlsKey', 'data', 'stringData'];

/** How cluster-gateway authenticates to a member (the Secret's credential-type label). */
export enum ClusterCredentialType {
  /** `token`, with `ca.crt`. */
  SERVICE_ACCOUNT_TOKEN = 'ServiceAccountToken',
  /** `tls.crt` and `tls.key`, with `ca.crt`. */
  X509_CERTIFICATE = 'X509Certificate',
  /** `exec`: a client-go ExecConfig run in the gateway pod. */
  DYNAMIC = 'Dynamic',
}

/** How cluster-gateway reaches a member's API server (the Secret's endpoint-type label). */
export enum ClusterEndpointType {
  /** The `endpoint` key of the Secret. */
  CONST = 'Const',
  /** OCM cluster-proxy (konnectivity); the hub runs with OCM integration. */
  CLUSTER_PROXY = 'ClusterProxy',
}

/** An ExternalSecret (external-secrets.io/v1) that fills a member's credential Secret. */
export interface ExternalSecretCredentialsProps {
  /** The SecretStore or ClusterSecretStore to read from. */
  readonly storeName: string;
  /** Read from a ClusterSecretStore. @default false (a SecretStore in the secret namespace) */
  readonly clusterStore?: boolean;
  /** Key in the store holding `endpoint`, `ca.crt` and `token` (or `tls.crt`/`tls.key`). */
  readonly remoteKey: string;
  /** How often the Secret is refreshed; shorter than the credential's lifetime. @default "1h" */
  readonly refreshInterval?: string;
}

/** A SealedSecret (bitnami.com/v1alpha1) holding a member's credential, encrypted for the hub. */
export interface SealedSecretCredentialsProps {
  /**
   * Encrypted values by key (`endpoint`, `ca.crt`, `token`...), as `kubeseal` prints them for a
   * Secret named after the member in the secret namespace (SealedSecrets are bound to the name).
   */
  readonly encryptedData: { [key: string]: string };
}

/** Where a member's credential Secret comes from. Never a literal: credentials do not go to Git. */
export class MemberCredentials {
  /** A Secret created out of band, named after the member, in the secret namespace, with the labels cluster-gateway reads. */
  public static existingSecret(): MemberCredentials {
    return new MemberCredentials('ExistingSecret', undefined, undefined);
  }

  /** An ExternalSecret that writes the Secret, labels included. */
  public static externalSecret(props: ExternalSecretCredentialsProps): MemberCredentials {
    return new MemberCredentials('ExternalSecret', props, undefined);
  }

  /** A SealedSecret that unseals into the Secret, labels included. */
  public static sealedSecret(props: SealedSecretCredentialsProps): MemberCredentials {
    return new MemberCredentials('SealedSecret', undefined, props);
  }

  private constructor(
    /** `ExistingSecret`, `ExternalSecret` or `SealedSecret`. */
    public readonly source: string,
    /** ExternalSecret options. */
    public readonly externalSecretProps?: ExternalSecretCredentialsProps,
    /** SealedSecret options. */
    public readonly sealedSecretProps?: SealedSecretCredentialsProps,
  ) {}
}

/** A member cluster registered with the hub. */
export interface MemberClusterProps {
  /** Where the credential Secret comes from. */
  readonly credentials: MemberCredentials;
  /** The kind of credential. @default ClusterCredentialType.SERVICE_ACCOUNT_TOKEN */
  readonly credentialType?: ClusterCredentialType;
  /** How the member is reached. @default ClusterEndpointType.CONST */
  readonly endpointType?: ClusterEndpointType;
}

/** A Service account allowed to use the proxy path. */
export interface ProxyClientProps {
  /** Its namespace. */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
}

/** Props of {@link ClusterGatewayHub}. */
export interface ClusterGatewayHubProps {
  /** Namespace of the gateway. @default "cluster-gateway" */
  readonly namespace?: string;
  /** Namespace of the member credential Secrets (the gateway may read every Secret there). @default "open-cluster-management-credentials" @see values.yaml secretNamespace */
  readonly secretNamespace?: string;
  /** Image. @default "oamdev/cluster-gateway:v1.9.1" (the chart's empty tag means v0.1.0: pin it) @see values.yaml image, tag */
  readonly image?: string;
  /** Replicas. @default 2 @see values.yaml replicas */
  readonly replicas?: number;
  /** cert-manager issuer of the serving certificate (`Issuer` in the namespace). @default - a self-signed Issuer rendered here */
  readonly issuerName?: string;
  /** Write health annotations on member Secrets (feature gate HealthinessCheck; needs `update` on Secrets). @default false @see values.yaml featureGate.healthiness */
  readonly healthinessCheck?: boolean;
  /** URL at which the delivery tool on the hub reaches the hub's API server. @default "https://kubernetes.default.svc" */
  readonly apiServerUrl?: string;
}

/**
 * oam-dev/cluster-gateway on the hub, with members registered the way it reads them. The serving
 * certificate comes from cert-manager and cainjector writes the APIService caBundle, so
 * `insecureSkipTLSVerify` is never set. Every pod runs within PSS restricted.
 *
 * @example
 * const hub = new ClusterGatewayHub(folder, 'hub');
 * hub.addMember('eu-1', { credentials: MemberCredentials.existingSecret() });
 */
export class ClusterGatewayHub extends Construct {
  /** Namespace of the gateway. */
  public readonly namespace: string;
  /** Namespace of the member credential Secrets. */
  public readonly secretNamespace: string;
  /** Name of the Deployment, Service, ServiceAccount and RBAC objects. */
  public readonly resourceName = 'cluster-gateway';
  /** Name of the APIService. */
  public readonly apiServiceName = `${API_VERSION}.${API_GROUP}`;
  /** URL of the hub API server as the delivery tool reaches it. */
  public readonly apiServerUrl: string;
  /** Name of the ClusterRole that allows the proxy path; bind it to the clients. */
  public readonly proxyClusterRoleName = 'cluster-gateway:proxy';

  private readonly props: ClusterGatewayHubProps;
  private readonly members = new Map<string, MemberClusterProps>();
  private readonly proxyClients: ProxyClientProps[] = [];

  constructor(scope: Construct, id: string, props: ClusterGatewayHubProps = {}) {
    super(scope, id);
    // JavaScript callers pass anything: bad parts are reported at synth and dropped before use.
    const shape = checkProps<ClusterGatewayHubProps>('ClusterGatewayHubProps', props);
    props = shape.value;
    this.node.addValidation({ validate: () => shape.problems });
    this.props = props ?? {};
    this.namespace = this.props.namespace ?? 'cluster-gateway';
    this.secretNamespace = this.props.secretNamespace ?? 'open-cluster-management-credentials';
    this.apiServerUrl = (this.props.apiServerUrl ?? 'https://kubernetes.default.svc').replace(/\/+$/, '');
    this.node.addValidation({ validate: () => this.validateHub() });
    this.render();
  }

  /** The member names, sorted. */
  public get memberNames(): string[] {
    return [...this.members.keys()].sort();
  }

  /** The API server URL of a member through the hub: the proxy path of its ClusterGateway. */
  public proxyUrl(member: string): string {
    return `${this.apiServerUrl}/apis/${API_GROUP}/${API_VERSION}/clustergateways/${member}/proxy`;
  }

  /** Registers a member cluster: its credential Secret (or what fills it) in the secret namespace. */
  public addMember(name: string, props: MemberClusterProps): void {
    if (this.members.has(name)) throw new Error(`${this.node.path}: member ${show(name)} is already registered`);
    this.members.set(name, props ?? ({} as MemberClusterProps));
    const literal = LITERAL_CREDENTIAL_KEYS.filter((k) => (props as any)?.[k] !== undefined);
    const problems = new Problems();
    const field = `members[${show(name)}]`;
    problems.check(isDnsLabel(String(name)), field, 'name must be a DNS-1123 label (it names the ClusterGateway and its Secret)', name);
    if (literal.length > 0) {
      problems.add(`${field}.${literal[0]}`, 'must not be a literal credential: it would be committed to Git; use MemberCredentials.existingSecret(), externalSecret(...) or sealedSecret(...)', '<redacted>');
    }
    const creds = props?.credentials;
    problems.check(creds instanceof MemberCredentials, `${field}.credentials`, 'must be MemberCredentials.existingSecret(), externalSecret(...) or sealedSecret(...)',
      creds === undefined || creds === null ? creds : '<redacted>');
    this.node.addValidation({ validate: () => problems.list });
    if (problems.list.length === 0) this.renderMember(name, props);
  }

  /** Allows a ServiceAccount (e.g. Argo CD's application controller) to use the proxy path. */
  public addProxyClient(client: ProxyClientProps): void {
    this.proxyClients.push(client);
  }

  private renderMember(name: string, props: MemberClusterProps): void {
    const labels = {
      [CREDENTIAL_TYPE_LABEL]: props.credentialType ?? ClusterCredentialType.SERVICE_ACCOUNT_TOKEN,
      [ENDPOINT_TYPE_LABEL]: props.endpointType ?? ClusterEndpointType.CONST,
    };
    const c = props.credentials;
    if (c.externalSecretProps) {
      const e = c.externalSecretProps;
      new ApiObject(this, `member-${name}`, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name, namespace: this.secretNamespace },
        spec: {
          refreshInterval: e.refreshInterval ?? '1h',
          secretStoreRef: { name: e.storeName, kind: e.clusterStore ? 'ClusterSecretStore' : 'SecretStore' },
          target: { name, creationPolicy: 'Owner', template: { type: 'Opaque', metadata: { labels } } },
          dataFrom: [{ extract: { key: e.remoteKey } }],
        },
      });
    } else if (c.sealedSecretProps) {
      new ApiObject(this, `member-${name}`, {
        apiVersion: 'bitnami.com/v1alpha1',
        kind: 'SealedSecret',
        metadata: { name, namespace: this.secretNamespace },
        spec: {
          encryptedData: { ...c.sealedSecretProps.encryptedData },
          template: { type: 'Opaque', metadata: { name, namespace: this.secretNamespace, labels } },
        },
      });
    }
  }

  private render(): void {
    const ns = this.namespace;
    const name = this.resourceName;
    const labels = { 'app.kubernetes.io/name': 'cluster-gateway', 'app.kubernetes.io/component': 'apiserver' };
    const meta = (n: string, namespace?: string) => ({ name: n, ...(namespace ? { namespace } : {}), labels });
    const tlsSecret = `${name}-tls`;
    const issuer = this.props.issuerName ?? `${name}-selfsigned`;

    new ApiObject(this, 'ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name, ns), automountServiceAccountToken: true });
    const subjects = [{ kind: 'ServiceAccount', name, namespace: ns }];
    new ApiObject(this, 'ClusterRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(name),
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['flowcontrol.apiserver.k8s.io'], resources: ['flowschemas', 'prioritylevelconfigurations'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new ApiObject(this, 'ClusterRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(name),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects,
    });
    // The standard aggregated-API pattern: delegate authentication and authorization to kube-apiserver.
    new ApiObject(this, 'AuthDelegator', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(`${name}:system:auth-delegator`),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects,
    });
    new ApiObject(this, 'AuthReader', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(`${name}:extension-apiserver-authentication-reader`, 'kube-system'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects,
    });
    new ApiObject(this, 'SecretReader', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(`${name}-secret-reader`, this.secretNamespace),
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: this.props.healthinessCheck ? ['get', 'list', 'watch', 'update'] : ['get', 'list', 'watch'] }],
    });
    new ApiObject(this, 'SecretReaderBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(`${name}-secret-reader`, this.secretNamespace),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-secret-reader` },
      subjects,
    });
    new ApiObject(this, 'ProxyRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(this.proxyClusterRoleName),
      rules: [
        { apiGroups: [API_GROUP], resources: ['clustergateways'], verbs: ['get', 'list'] },
        { apiGroups: [API_GROUP], resources: ['clustergateways/proxy'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      ],
    });
    new ApiObject(this, 'ProxyBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(this.proxyClusterRoleName),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.proxyClusterRoleName },
      subjects: Lazy.any({
        produce: () => [...this.proxyClients]
          .sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))
          .map((c) => ({ kind: 'ServiceAccount', name: c.name, namespace: c.namespace })),
      }),
    });

    if (!this.props.issuerName) {
      new ApiObject(this, 'Issuer', {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Issuer',
        metadata: meta(issuer, ns),
        spec: { selfSigned: {} },
      });
    }
    new ApiObject(this, 'Certificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(name, ns),
      spec: {
        secretName: tlsSecret,
        duration: '2160h',
        renewBefore: '360h',
        dnsNames: [name, `${name}.${ns}`, `${name}.${ns}.svc`],
        issuerRef: { name: issuer, kind: 'Issuer', group: 'cert-manager.io' },
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      },
    });
    new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name, ns),
      spec: { selector: labels, ports: [{ name: 'https', port: PORT, targetPort: PORT, protocol: 'TCP' }] },
    });
    const features = this.props.healthinessCheck ? 'HealthinessCheck=true' : 'HealthinessCheck=false';
    new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(name, ns),
      spec: {
        replicas: this.props.replicas ?? 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'gateway',
              image: this.props.image ?? 'oamdev/cluster-gateway:v1.9.1',
              imagePullPolicy: 'IfNotPresent',
              command: ['/apiserver'],
              args: [
                `--secure-port=${PORT}`,
                `--secret-namespace=${this.secretNamespace}`,
                '--tls-cert-file=/etc/cluster-gateway/tls/tls.crt',
                '--tls-private-key-file=/etc/cluster-gateway/tls/tls.key',
                `--feature-gates=${features}`,
              ],
              ports: [{ name: 'https', containerPort: PORT, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/readyz', port: PORT, scheme: 'HTTPS' }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: '/livez', port: PORT, scheme: 'HTTPS' }, periodSeconds: 20 },
              resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '600Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [{ name: 'tls', mountPath: '/etc/cluster-gateway/tls', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tls', secret: { secretName: tlsSecret } }, { name: 'tmp', emptyDir: {} }],
          },
        },
      },
    });
    new ApiObject(this, 'APIService', {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: {
        name: this.apiServiceName,
        labels,
        annotations: { 'cert-manager.io/inject-ca-from': `${ns}/${name}` },
      },
      spec: {
        group: API_GROUP,
        version: API_VERSION,
        groupPriorityMinimum: 2000,
        versionPriority: 10,
        service: { name, namespace: ns, port: PORT },
      },
    });
  }

  private validateHub(): string[] {
    const v = new Problems();
    v.dnsLabel('namespace', this.props.namespace);
    v.dnsLabel('secretNamespace', this.props.secretNamespace);
    v.check(this.secretNamespace !== this.namespace, 'secretNamespace', 'must differ from namespace: the gateway may read every Secret there', this.secretNamespace);
    v.integer('replicas', this.props.replicas, 1);
    v.check(/^https:\/\//.test(this.apiServerUrl), 'apiServerUrl', 'must be an https:// URL', this.props.apiServerUrl);
    return v.list;
  }
}
