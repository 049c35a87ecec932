/**
 * Names and labels: the counterpart of the chart's `templates/_helpers.tpl`.
 *
 * Every object name and label NginxIngress renders is computed here and nowhere else, so a reader
 * can hold our output against the chart line by line, and so other constructs (KsGateway,
 * monitoring, logging) read the same names instead of recomputing them.
 */

/** The ingress-nginx chart release this library renders. */
const CHART_VERSION = '4.15.1';
/** The controller release that chart ships. */
const APP_VERSION = '1.15.1';
/** Value of `app.kubernetes.io/managed-by` on everything we render. */
const MANAGED_BY = 'cdk8s-ks-gateway';

/** Components, as the chart's `app.kubernetes.io/component` label. */
export enum Component {
  CONTROLLER = 'controller',
  ADMISSION_WEBHOOK = 'admission-webhook',
  DEFAULT_BACKEND = 'default-backend',
}

/** What the chart's name helpers read from values. */
export interface NameInputs {
  /** Helm release name (`.Release.Name`). */
  readonly releaseName: string;
  /** `fullnameOverride`. */
  readonly fullnameOverride?: string;
  /** `nameOverride`. */
  readonly nameOverride?: string;
  /** `controller.name`; KubeSphere sets it to "" so the controller objects are named `<fullname>`. */
  readonly controllerName: string;
  /** `commonLabels`. */
  readonly commonLabels?: Record<string, string>;
}

/** Truncates to 63 characters and trims a trailing "-", as `trunc 63 | trimSuffix "-"`. */
function trunc63(name: string): string {
  return name.slice(0, 63).replace(/-+$/, '');
}

/** All names of one ingress-nginx installation. */
export class ChartNames {
  /** The ingress-nginx chart release this library renders. */
  public static readonly CHART_VERSION = CHART_VERSION;
  /** The controller release that chart ships. */
  public static readonly APP_VERSION = APP_VERSION;
  /** Value of the `app.kubernetes.io/managed-by` label on everything this library renders. */
  public static readonly MANAGED_BY = MANAGED_BY;

  /** `ingress-nginx.name`: the `app.kubernetes.io/name` label value. */
  public readonly name: string;
  /** `ingress-nginx.fullname`. */
  public readonly fullname: string;
  /** `ingress-nginx.controller.fullname`: Deployment, Service, ConfigMap. */
  public readonly controller: string;
  /** The `app.kubernetes.io/instance` label value (the release name). */
  public readonly instance: string;

  constructor(private readonly inputs: NameInputs) {
    this.name = trunc63(inputs.nameOverride || 'ingress-nginx');
    if (inputs.fullnameOverride) {
      this.fullname = trunc63(inputs.fullnameOverride);
    } else {
      this.fullname = trunc63(inputs.releaseName.includes(this.name) ? inputs.releaseName : `${inputs.releaseName}-${this.name}`);
    }
    this.controller = trunc63(`${this.fullname}-${inputs.controllerName}`);
    this.instance = inputs.releaseName;
  }

  /** Controller ServiceAccount, Role, ClusterRole and their bindings. */
  public get serviceAccount(): string { return this.fullname; }
  /** Controller nginx ConfigMap. */
  public get configMap(): string { return this.controller; }
  /** Default leader-election ID (a Lease of that name). */
  public get electionId(): string { return `${this.fullname}-leader`; }
  /** Metrics Service. */
  public get metricsService(): string { return `${this.controller}-metrics`; }
  /** Internal (second) controller Service. */
  public get internalService(): string { return `${this.controller}-internal`; }
  /** TCP services ConfigMap. */
  public get tcpConfigMap(): string { return `${this.fullname}-tcp`; }
  /** UDP services ConfigMap. */
  public get udpConfigMap(): string { return `${this.fullname}-udp`; }
  /** Admission webhook Service. */
  public get admissionService(): string { return `${this.controller}-admission`; }
  /** Admission objects: VWC, certgen ServiceAccount/RBAC, certificate Secret and Certificate. */
  public get admission(): string { return `${this.fullname}-admission`; }
  /** cert-manager self-signed Issuer (when no issuer is given). */
  public get selfSignedIssuer(): string { return `${this.fullname}-self-signed-issuer`; }
  /** cert-manager CA Certificate. */
  public get rootCert(): string { return `${this.fullname}-root-cert`; }
  /** cert-manager CA Issuer. */
  public get rootIssuer(): string { return `${this.fullname}-root-issuer`; }
  /** Default backend Deployment and Service. */
  public get defaultBackend(): string { return trunc63(`${this.fullname}-defaultbackend`); }
  /** Default backend ServiceAccount. */
  public get defaultBackendServiceAccount(): string { return `${this.fullname}-backend`; }

  /** Selector labels of a component: name, instance, component. Immutable on workloads. */
  public selectorLabels(component: Component): Record<string, string> {
    return {
      'app.kubernetes.io/name': this.name,
      'app.kubernetes.io/instance': this.instance,
      'app.kubernetes.io/component': component,
    };
  }

  /**
   * The chart's common label set (`ingress-nginx.labels`, less `helm.sh/chart`), our
   * `managed-by`, then `component` when given, then `commonLabels`.
   */
  public labels(component?: Component): Record<string, string> {
    return {
      'app.kubernetes.io/name': this.name,
      'app.kubernetes.io/instance': this.instance,
      'app.kubernetes.io/version': APP_VERSION,
      'app.kubernetes.io/part-of': this.name,
      'app.kubernetes.io/managed-by': MANAGED_BY,
      ...(component ? { 'app.kubernetes.io/component': component } : {}),
      ...(this.inputs.commonLabels ?? {}),
    };
  }

  /** Pod template labels: the common set (no managed-by, as the chart), component, then extras. */
  public podLabels(component: Component, extra?: Record<string, string>): Record<string, string> {
    const { ['app.kubernetes.io/managed-by']: _managedBy, ...common } = this.labels(component);
    return { ...common, ...(extra ?? {}) };
  }
}
