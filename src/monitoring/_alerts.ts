/**
 * Alert rules for one gateway (no chart template: ingress-nginx ships a PrometheusRule hook with
 * no rules, KubeSphere none at all).
 */
import { GatewayMetrics } from './gateway-metrics';

/** What an alert rule needs to know about the gateway. */
export interface AlertTarget {
  readonly job: string;
  readonly namespace: string;
  readonly workloadName: string;
  readonly workloadKind: string;
  readonly containerName: string;
}

/** Thresholds after defaults; undefined = disabled. */
export interface ResolvedAlerts {
  readonly http5xxRatio?: number;
  readonly http4xxRatio?: number;
  readonly latencyP99Seconds?: number;
  readonly configReloadFailed?: boolean;
  readonly certificateExpiryDays?: number;
  readonly controllerDown?: boolean;
  readonly noReadyReplicas?: boolean;
  readonly activeConnectionsPerPod?: number;
  readonly cpuLimitRatio?: number;
  readonly memoryLimitRatio?: number;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { [key: string]: string };
  readonly annotations: { [key: string]: string };
}

function rec(id: string): string {
  return GatewayMetrics.table().find((m) => m.id === id)!.record;
}

export function alertRules(t: AlertTarget, a: ResolvedAlerts, runbookBase: string): AlertRule[] {
  const job = `job=${JSON.stringify(t.job)}`;
  // The workload's pods only: a Deployment's are <name>-<pod-template-hash>-<5 random characters>, a
  // DaemonSet's <name>-<5 random characters>, both drawn from Kubernetes' vowel-free alphabet
  // (k8s.io/apimachinery util/rand). Kubernetes cuts "<name>-<hash>-" to 58 characters before it
  // appends the random ones, which can cut into the hash and drop its dash. With "<name>-.*" the pods
  // of project "demo-dev"'s gateway (kubesphere-router-demo-dev-...) counted for project "demo"'s.
  const safe = '[bcdfghjklmnpqrstvwxz2456789]';
  const podName = `${t.workloadName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-${t.workloadKind === 'DaemonSet' ? `${safe}{5}` : `${safe}+(-${safe}+)?`}`;
  const pods = `namespace=${JSON.stringify(t.namespace)}, pod=~${JSON.stringify(podName)}, container=${JSON.stringify(t.containerName)}`;
  const out: AlertRule[] = [];
  const add = (alert: string, expr: string, forDuration: string, severity: string, summary: string, description: string) => out.push({
    alert,
    expr,
    for: forDuration,
    labels: { severity },
    annotations: { summary, description, runbook_url: `${runbookBase}#${alert.toLowerCase()}` },
  });
  const pct = (r: number) => `${+(r * 100).toFixed(4)}%`;
  if (a.http5xxRatio !== undefined) {
    add('NginxIngressHigh5xxRatio', `${rec('ingress_request_5xx_count')}{${job}} / ${rec('ingress_request_count')}{${job}} > ${a.http5xxRatio}`,
      '5m', 'critical', `More than ${pct(a.http5xxRatio)} of requests to an Ingress fail with 5xx`,
      '{{ $value | humanizePercentage }} of requests to Ingress {{ $labels.exported_namespace }}/{{ $labels.ingress }} through {{ $labels.job }} were answered 5xx in the last 5 minutes');
  }
  if (a.http4xxRatio !== undefined) {
    add('NginxIngressHigh4xxRatio', `${rec('ingress_request_4xx_count')}{${job}} / ${rec('ingress_request_count')}{${job}} > ${a.http4xxRatio}`,
      '15m', 'info', `More than ${pct(a.http4xxRatio)} of requests to an Ingress are refused with 4xx`,
      '{{ $value | humanizePercentage }} of requests to Ingress {{ $labels.exported_namespace }}/{{ $labels.ingress }} through {{ $labels.job }} were answered 4xx in the last 5 minutes');
  }
  if (a.latencyP99Seconds !== undefined) {
    add('NginxIngressHighLatencyP99', `${rec('ingress_request_duration_99percentage')}{${job}} > ${a.latencyP99Seconds}`,
      '10m', 'warning', `99th percentile latency of an Ingress above ${a.latencyP99Seconds}s`,
      'p99 request duration of Ingress {{ $labels.exported_namespace }}/{{ $labels.ingress }} through {{ $labels.job }} is {{ $value | humanizeDuration }}');
  }
  if (a.configReloadFailed) {
    add('NginxIngressConfigReloadFailed', `nginx_ingress_controller_config_last_reload_successful{${job}} == 0`,
      '5m', 'warning', 'nginx failed to load the latest configuration',
      'Controller pod {{ $labels.controller_pod }} of {{ $labels.job }} serves an older configuration: its last reload failed');
  }
  if (a.certificateExpiryDays !== undefined) {
    add('NginxIngressCertificateExpiry', `(nginx_ingress_controller_ssl_expire_time_seconds{${job}} - time()) / 86400 < ${a.certificateExpiryDays}`,
      '10m', 'warning', `A TLS certificate served by the gateway expires in less than ${a.certificateExpiryDays} days`,
      'The certificate for {{ $labels.host }} served by {{ $labels.job }} expires in {{ $value | humanize }} days');
  }
  if (a.controllerDown) {
    add('NginxIngressControllerDown', `sum by (job) (up{${job}}) == 0 or absent(up{${job}})`,
      '5m', 'critical', 'No controller pod of the gateway is scraped',
      'Prometheus has no reachable target for {{ $labels.job }}: the controller is down or its metrics are not scraped');
  }
  if (a.noReadyReplicas) {
    const ksm = t.workloadKind === 'DaemonSet'
      ? `kube_daemonset_status_number_ready{namespace=${JSON.stringify(t.namespace)}, daemonset=${JSON.stringify(t.workloadName)}}`
      : `kube_deployment_status_replicas_available{namespace=${JSON.stringify(t.namespace)}, deployment=${JSON.stringify(t.workloadName)}}`;
    add('NginxIngressNoReadyReplicas', `${ksm} == 0`, '5m', 'critical', 'The gateway has no ready controller pod',
      `${t.workloadKind} ${t.namespace}/${t.workloadName} has no ready replica (kube-state-metrics)`);
  }
  if (a.activeConnectionsPerPod !== undefined) {
    add('NginxIngressConnectionSaturation', `nginx_ingress_controller_nginx_process_connections{${job}, state="active"} > ${a.activeConnectionsPerPod}`,
      '10m', 'warning', `A controller pod holds more than ${a.activeConnectionsPerPod} active connections`,
      'Pod {{ $labels.controller_pod }} of {{ $labels.job }} holds {{ $value }} active connections');
  }
  if (a.cpuLimitRatio !== undefined) {
    add('NginxIngressCpuNearLimit',
      `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${pods}}[5m])) / sum by (namespace, pod) (kube_pod_container_resource_limits{${pods}, resource="cpu"}) > ${a.cpuLimitRatio}`,
      '15m', 'warning', `A controller pod uses more than ${pct(a.cpuLimitRatio)} of its CPU limit`,
      'Pod {{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its CPU limit');
  }
  if (a.memoryLimitRatio !== undefined) {
    add('NginxIngressMemoryNearLimit',
      `sum by (namespace, pod) (container_memory_working_set_bytes{${pods}}) / sum by (namespace, pod) (kube_pod_container_resource_limits{${pods}, resource="memory"}) > ${a.memoryLimitRatio}`,
      '15m', 'warning', `A controller pod uses more than ${pct(a.memoryLimitRatio)} of its memory limit`,
      'Pod {{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit');
  }
  return out;
}
