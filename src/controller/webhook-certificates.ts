import { ImageProps } from './types';
import { checkProps } from '../common/_shape';

/** The kind of a cert-manager issuer. */
export enum IssuerKind {
  /** An `Issuer`, in the controller's namespace. */
  ISSUER = 'Issuer',
  /** A cluster-wide `ClusterIssuer`. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** How the admission webhook gets its serving certificate. */
export enum WebhookCertificateMode {
  /** The chart's kube-webhook-certgen Jobs. */
  CERTGEN = 'certgen',
  /** cert-manager's Certificate and cainjector. */
  CERT_MANAGER = 'cert-manager',
}

/** A cert-manager issuer reference. */
export interface IssuerRef {
  /** Issuer name. */
  readonly name: string;
  /** `Issuer` (in the controller namespace) or `ClusterIssuer`. @default IssuerKind.ISSUER */
  readonly kind?: IssuerKind;
  /** Issuer API group. @default "cert-manager.io" */
  readonly group?: string;
}

/** Options of the certgen Jobs (the chart's default mode). */
export interface CertgenOptions {
  /**
   * `ttlSecondsAfterFinished` of both Jobs. The chart's 0 deletes a Job the moment it finishes,
   * before Argo CD can see it complete (argo-cd#6880, ingress-nginx#13474).
   * @default 0 (the chart), or unset when `argoCdHooks` is on
   */
  readonly ttlSecondsAfterFinished?: number;
  /**
   * Annotate the Jobs as Argo CD hooks (create: `PreSync`, patch: `PostSync`, both
   * `BeforeHookCreation`), so every sync re-runs them in order, as Helm hooks do. The create Job's
   * ServiceAccount, Role and RoleBinding become `PreSync` hooks too, so they exist before it runs.
   * The namespace must exist before the sync (Argo CD `CreateNamespace=true`), not come from
   * `createNamespace`: PreSync hooks run before the Namespace object is applied.
   * @default false
   */
  readonly argoCdHooks?: boolean;
  /** certgen image. @default registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9 with digest @see values.yaml controller.admissionWebhooks.patch.image */
  readonly image?: ImageProps;
}

/** Options of the cert-manager mode. */
export interface CertManagerOptions {
  /**
   * Issuer of the webhook serving certificate. It must put the CA into the Secret's `ca.crt`
   * (a CA or self-signed issuer): the API server verifies the webhook with it, and ACME issuers
   * cannot sign the `*.svc` names the webhook is reached by.
   * @default - a self-signed Issuer, a CA Certificate and a CA Issuer, as the chart renders
   */
  readonly issuer?: IssuerRef;
  /** Duration of the serving certificate. @default "8760h0m0s" @see values.yaml controller.admissionWebhooks.certManager.admissionCert.duration */
  readonly duration?: string;
  /** Duration of the self-signed CA. @default "43800h0m0s" @see values.yaml controller.admissionWebhooks.certManager.rootCert.duration */
  readonly rootDuration?: string;
}

/** How the admission webhook gets its serving certificate and the VWC its caBundle. */
export class WebhookCertificates {
  /**
   * The chart's default: a `create` Job generates a CA and certificate into a Secret, a `patch`
   * Job writes the CA into the ValidatingWebhookConfiguration.
   */
  public static certgen(options: CertgenOptions = {}): WebhookCertificates {
    const checked = checkProps<CertgenOptions>('CertgenOptions', options, 'options');
    return new WebhookCertificates(WebhookCertificateMode.CERTGEN, checked.value, undefined, checked.problems);
  }

  /**
   * cert-manager issues the certificate and its cainjector writes the caBundle; no Jobs, nothing
   * that runs once and drifts. Requires cert-manager in the cluster.
   */
  public static certManager(options: CertManagerOptions = {}): WebhookCertificates {
    const checked = checkProps<CertManagerOptions>('CertManagerOptions', options, 'options');
    return new WebhookCertificates(WebhookCertificateMode.CERT_MANAGER, undefined, checked.value, checked.problems);
  }

  private constructor(
    /** `certgen` or `cert-manager`. */
    public readonly mode: WebhookCertificateMode,
    /** Options when mode is certgen. */
    public readonly certgenOptions: CertgenOptions | undefined,
    /** Options when mode is cert-manager. */
    public readonly certManagerOptions: CertManagerOptions | undefined,
    /**
     * Shape problems of the options (null, wrong types, unknown keys), reported by the construct
     * that uses these certificates, with its path.
     * @internal
     */
    public readonly _problems: string[] = [],
  ) {}
}
