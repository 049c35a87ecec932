/**
 * Controller arguments: the counterpart of the chart's `templates/_params.tpl`, in its order.
 */

/** What the argument list depends on, already resolved to final values. */
export interface ParamInputs {
  readonly enableAnnotationValidations: boolean;
  readonly defaultBackendService?: string;
  readonly publishService?: string;
  readonly electionId: string;
  readonly controllerClass: string;
  readonly ingressClass: string;
  readonly configMap: string;
  readonly tcpConfigMap?: string;
  readonly udpConfigMap?: string;
  readonly watchNamespace?: string;
  readonly reportNodeInternalIp: boolean;
  readonly webhookPort?: number;
  readonly ingressClassByName: boolean;
  readonly watchIngressWithoutClass: boolean;
  readonly enableMetrics: boolean;
  /** `--healthz-port`, only when it is not the default 10254 (it serves /healthz and /metrics). */
  readonly healthzPort?: number;
  readonly defaultSslCertificate?: string;
  readonly extraArgs: readonly string[];
}

/** The webhook certificate paths inside the controller container. */
export const WEBHOOK_CERT_DIR = '/usr/local/certificates/';

/** Renders `args` of the controller container. */
export function controllerArgs(i: ParamInputs): string[] {
  const args = ['/nginx-ingress-controller'];
  if (!i.enableAnnotationValidations) args.push('--enable-annotation-validation=false');
  if (i.defaultBackendService) args.push(`--default-backend-service=${i.defaultBackendService}`);
  if (i.publishService) args.push(`--publish-service=${i.publishService}`);
  args.push(`--election-id=${i.electionId}`);
  args.push(`--controller-class=${i.controllerClass}`);
  args.push(`--ingress-class=${i.ingressClass}`);
  args.push(`--configmap=${i.configMap}`);
  if (i.tcpConfigMap) args.push(`--tcp-services-configmap=${i.tcpConfigMap}`);
  if (i.udpConfigMap) args.push(`--udp-services-configmap=${i.udpConfigMap}`);
  if (i.watchNamespace) args.push(`--watch-namespace=${i.watchNamespace}`);
  if (i.reportNodeInternalIp) args.push('--report-node-internal-ip-address=true');
  if (i.webhookPort !== undefined) {
    args.push(`--validating-webhook=:${i.webhookPort}`);
    args.push(`--validating-webhook-certificate=${WEBHOOK_CERT_DIR}cert`);
    args.push(`--validating-webhook-key=${WEBHOOK_CERT_DIR}key`);
  }
  if (i.ingressClassByName) args.push('--ingress-class-by-name=true');
  if (i.watchIngressWithoutClass) args.push('--watch-ingress-without-class=true');
  if (i.enableMetrics) args.push('--enable-metrics=true');
  if (i.healthzPort !== undefined) args.push(`--healthz-port=${i.healthzPort}`);
  if (i.defaultSslCertificate) args.push(`--default-ssl-certificate=${i.defaultSslCertificate}`);
  args.push(...i.extraArgs);
  return args;
}

/** `--flag` or `--flag=value`, as the controller's flag parser takes them. */
export const EXTRA_ARG = /^--[a-z0-9][a-z0-9-]*(=.*)?$/;

/** The flag name of an argument (`--election-id=x` → `election-id`). */
export function flagName(arg: string): string {
  return arg.replace(/^--/, '').split('=')[0];
}
