import { Testing } from 'cdk8s';
import { testRules } from './_promtool';
import { GatewayAlertsProps, GatewayMetrics, KsGateway, ScrapeConfig, WorkloadKind } from '../../src';

/**
 * `promtool test rules` on the rules a KsGateway's ScrapeConfig renders. Inputs are sampled every
 * minute; at 5m a [5m] window holds the samples at 0..5m (6 samples, no extrapolation), so
 * increase() is last - first and rate() is that over 300s. Every expected value is worked out here.
 */

const J = 'job="kubesphere-router-demo-metrics"';
const JOB = 'kubesphere-router-demo-metrics';
const WEB = `${J}, exported_namespace="demo", ingress="web", controller_pod="p1"`;
const RUNBOOK = 'https://www.npmjs.com/package/cdk8s-ks-gateway';

function ruleFile(alerts?: GatewayAlertsProps, kind?: WorkloadKind): string {
  const chart = Testing.chart();
  const gw = new KsGateway(chart, 'demo', { project: 'demo', kind });
  return new ScrapeConfig(chart, 'mon', { gateway: gw, alerts }).ruleFile();
}

function rec(id: string): string {
  return GatewayMetrics.table().find((m) => m.id === id)!.record;
}

const INGRESS_LABELS = `{${J}, exported_namespace="demo", ingress="web"}`;

test('every recording rule, at 5m, against hand-computed values', () => {
  const input = [
    // 60 requests a minute: 48 answered 200, 6 answered 404, 6 answered 503
    { series: `nginx_ingress_controller_requests{${WEB}, status="200"}`, values: '0+48x10' },
    { series: `nginx_ingress_controller_requests{${WEB}, status="404"}`, values: '0+6x10' },
    { series: `nginx_ingress_controller_requests{${WEB}, status="503"}`, values: '0+6x10' },
    // durations, 600 requests a minute (10/s): 300 take <= 0.1s, 570 <= 0.5s, 594 <= 1s; 150 seconds in total.
    // Each quantile's rank falls on a bucket's upper bound, so the expected values are exact in floating point.
    { series: `nginx_ingress_controller_request_duration_seconds_bucket{${WEB}, le="0.1"}`, values: '0+300x10' },
    { series: `nginx_ingress_controller_request_duration_seconds_bucket{${WEB}, le="0.5"}`, values: '0+570x10' },
    { series: `nginx_ingress_controller_request_duration_seconds_bucket{${WEB}, le="1"}`, values: '0+594x10' },
    { series: `nginx_ingress_controller_request_duration_seconds_bucket{${WEB}, le="+Inf"}`, values: '0+600x10' },
    { series: `nginx_ingress_controller_request_duration_seconds_sum{${WEB}}`, values: '0+150x10' },
    { series: `nginx_ingress_controller_request_duration_seconds_count{${WEB}}`, values: '0+600x10' },
    // 6000 response bytes and 1200 request bytes a minute
    { series: `nginx_ingress_controller_response_size_sum{${WEB}}`, values: '0+6000x10' },
    { series: `nginx_ingress_controller_request_size_sum{${WEB}}`, values: '0+1200x10' },
    // two pods: p1 active connections 10,20,...,60 (mean 35), p2 constant 5
    { series: `nginx_ingress_controller_nginx_process_connections{${J}, controller_pod="p1", state="active"}`, values: '10+10x5' },
    { series: `nginx_ingress_controller_nginx_process_connections{${J}, controller_pod="p2", state="active"}`, values: '5x5' },
    // resident memory 100 MiB and 300 MiB; CPU 30 and 90 seconds a minute
    { series: `nginx_ingress_controller_nginx_process_resident_memory_bytes{${J}, controller_pod="p1"}`, values: '104857600x5' },
    { series: `nginx_ingress_controller_nginx_process_resident_memory_bytes{${J}, controller_pod="p2"}`, values: '314572800x5' },
    { series: `nginx_ingress_controller_nginx_process_cpu_seconds_total{${J}, controller_pod="p1"}`, values: '0+30x5' },
    { series: `nginx_ingress_controller_nginx_process_cpu_seconds_total{${J}, controller_pod="p2"}`, values: '0+90x5' },
    // another gateway's series must not count
    { series: 'nginx_ingress_controller_requests{job="other-metrics", exported_namespace="demo", ingress="web", status="500"}', values: '0+600x10' },
  ];
  const at5m = (id: string, value: number, labels = INGRESS_LABELS) => ({ expr: rec(id), eval_time: '5m', exp_samples: [{ labels: `${rec(id)}${labels}`, value }] });
  const expected = [
    at5m('ingress_request_count', 300), // 60/min for 5 minutes
    at5m('ingress_request_4xx_count', 30), // 6/min for 5 minutes
    at5m('ingress_request_5xx_count', 30),
    at5m('ingress_success_rate', 0.8), // 240 of 300 neither 4xx nor 5xx
    at5m('ingress_request_duration_average', 0.25), // 750 s over 3000 requests
    at5m('ingress_request_duration_50percentage', 0.1), // rank 0.5 * 10/s = 5/s = all of bucket <= 0.1: its upper bound
    at5m('ingress_request_duration_95percentage', 0.5), // rank 9.5/s = 570/min, the whole bucket <= 0.5
    at5m('ingress_request_duration_99percentage', 1), // rank 9.9/s = 594/min, the whole bucket <= 1
    at5m('ingress_request_volume', 1, `{${J}, exported_namespace="demo"}`), // 300 requests / 300 s
    at5m('ingress_request_volume_by_ingress', 1),
    at5m('ingress_request_network_sent', 100), // 30000 B / 300 s
    at5m('ingress_request_network_received', 20), // 6000 B / 300 s
    at5m('ingress_active_connections', 40, `{${J}}`), // 35 + 5
    at5m('ingress_request_memory_bytes', 209715200, `{${J}}`), // mean of 100 MiB and 300 MiB = 200 MiB
    at5m('ingress_request_cpu_usage', 1, `{${J}}`), // mean of 0.5 and 1.5 cores
  ];
  expect(expected.map((e) => e.expr).sort()).toEqual(GatewayMetrics.table().map((m) => m.record).sort());
  expect(testRules(ruleFile(), [{ interval: '1m', input_series: input, promql_expr_test: expected }])).toContain('SUCCESS');
});

test('5xx ratio: fires at 10% 5xx, not at 1 in 60', () => {
  const firing = {
    interval: '1m',
    input_series: [
      { series: `nginx_ingress_controller_requests{${WEB}, status="200"}`, values: '0+54x20' },
      { series: `nginx_ingress_controller_requests{${WEB}, status="503"}`, values: '0+6x20' },
    ],
    alert_rule_test: [
      // true from 1m on (6 of 60 = 0.1 > 0.05); pending for 5m: not yet at 5m, firing at 10m
      { alertname: 'NginxIngressHigh5xxRatio', eval_time: '5m', exp_alerts: [] },
      {
        alertname: 'NginxIngressHigh5xxRatio',
        eval_time: '10m',
        exp_alerts: [{
          exp_labels: { severity: 'critical', job: JOB, exported_namespace: 'demo', ingress: 'web' },
          exp_annotations: {
            summary: 'More than 5% of requests to an Ingress fail with 5xx',
            description: `10% of requests to Ingress demo/web through ${JOB} were answered 5xx in the last 5 minutes`,
            runbook_url: `${RUNBOOK}#nginxingresshigh5xxratio`,
          },
        }],
      },
    ],
  };
  const quiet = {
    interval: '1m',
    input_series: [
      { series: `nginx_ingress_controller_requests{${WEB}, status="200"}`, values: '0+59x20' },
      { series: `nginx_ingress_controller_requests{${WEB}, status="503"}`, values: '0+1x20' },
    ],
    // 1 of 60 = 0.0167 < 0.05
    alert_rule_test: [{ alertname: 'NginxIngressHigh5xxRatio', eval_time: '15m', exp_alerts: [] }],
  };
  expect(testRules(ruleFile(), [firing, quiet])).toContain('SUCCESS');
});

test('certificate expiry fires when less than 14 days are left', () => {
  const t = {
    interval: '1m',
    input_series: [
      // expires 10 days after the epoch the test starts at; another certificate has 100 days left
      { series: `nginx_ingress_controller_ssl_expire_time_seconds{${J}, host="shop.example.com"}`, values: '864000x20' },
      { series: `nginx_ingress_controller_ssl_expire_time_seconds{${J}, host="far.example.com"}`, values: '8640000x20' },
    ],
    alert_rule_test: [{
      alertname: 'NginxIngressCertificateExpiry',
      eval_time: '15m',
      exp_alerts: [{
        exp_labels: { severity: 'warning', job: JOB, host: 'shop.example.com' },
        exp_annotations: {
          summary: 'A TLS certificate served by the gateway expires in less than 14 days',
          // (864000 - 900) / 86400 = 9.98958..., humanized to 4 significant digits
          description: `The certificate for shop.example.com served by ${JOB} expires in 9.99 days`,
          runbook_url: `${RUNBOOK}#nginxingresscertificateexpiry`,
        },
      }],
    }],
  };
  expect(testRules(ruleFile(), [t])).toContain('SUCCESS');
});

test('controller down: fires when every target is down, and when the target is missing', () => {
  const description = `Prometheus has no reachable target for ${JOB}: the controller is down or its metrics are not scraped`;
  const alert = {
    exp_labels: { severity: 'critical', job: JOB },
    exp_annotations: { summary: 'No controller pod of the gateway is scraped', description, runbook_url: `${RUNBOOK}#nginxingresscontrollerdown` },
  };
  const down = {
    interval: '1m',
    // up at 0m and 1m, down from 2m: pending from 2m, firing from 7m
    input_series: [{ series: `up{${J}, instance="10.0.0.1:10254"}`, values: '1 1 0 0 0 0 0 0 0 0 0 0' }],
    alert_rule_test: [
      { alertname: 'NginxIngressControllerDown', eval_time: '1m', exp_alerts: [] },
      { alertname: 'NginxIngressControllerDown', eval_time: '6m', exp_alerts: [] },
      { alertname: 'NginxIngressControllerDown', eval_time: '8m', exp_alerts: [alert] },
    ],
  };
  const missing = {
    interval: '1m',
    input_series: [{ series: 'up{job="other-metrics", instance="10.0.0.2:10254"}', values: '1x10' }],
    alert_rule_test: [{ alertname: 'NginxIngressControllerDown', eval_time: '6m', exp_alerts: [alert] }],
  };
  expect(testRules(ruleFile(), [down, missing])).toContain('SUCCESS');
});

// The gateway's workload (KsGateway "demo"): its pods, and the controller labels ingress-nginx adds
// to every series of a pod (controller_class is the --controller-class the Deployment is given).
const NS = 'kubesphere-controls-system';
const WORKLOAD = 'kubesphere-router-demo';
const POD1 = `${WORKLOAD}-7d9c8b6f5-x2k4p`;
const POD2 = `${WORKLOAD}-7d9c8b6f5-q8nzw`;
const controller = (pod: string, ip: string) =>
  `${J}, instance="${ip}:10254", controller_class="kubesphere.io/${WORKLOAD}", controller_namespace="${NS}", controller_pod="${pod}"`;
const controllerLabels = (pod: string, ip: string) =>
  ({ job: JOB, instance: `${ip}:10254`, controller_class: `kubesphere.io/${WORKLOAD}`, controller_namespace: NS, controller_pod: pod });
// kube-state-metrics series (its ServiceMonitor honors the metric's namespace and pod labels)
const KSM = 'job="kube-state-metrics", instance="10.0.0.9:8080"';
// cAdvisor series as the kubelet exports them: one per container, and one for the pod's cgroup (container="")
const cadvisor = (metric: string, pod: string, container: string, values: string) => ({
  series: `${metric}{job="kubelet", metrics_path="/metrics/cadvisor", namespace="${NS}", pod="${pod}", container="${container}"}`,
  values,
});
const limit = (pod: string, resource: 'cpu' | 'memory', value: number) => ({
  series: `kube_pod_container_resource_limits{${KSM}, namespace="${NS}", pod="${pod}", container="controller", node="node-1", resource="${resource}", unit="${resource === 'cpu' ? 'core' : 'byte'}"}`,
  values: `${value}x25`,
});

test('4xx ratio: fires after 15m above 25%, not at 24% (5xx not counted); a 20% threshold catches 24%', () => {
  // GIVEN 100 requests a minute: 10 answered 401 and 20 answered 404 (30%) ...
  const high = [
    { series: `nginx_ingress_controller_requests{${WEB}, status="200"}`, values: '0+70x20' },
    { series: `nginx_ingress_controller_requests{${WEB}, status="401"}`, values: '0+10x20' },
    { series: `nginx_ingress_controller_requests{${WEB}, status="404"}`, values: '0+20x20' },
  ];
  // ... or 24 answered 404 and 10 answered 503 (24% 4xx; 34% if 5xx counted)
  const low = [
    { series: `nginx_ingress_controller_requests{${WEB}, status="200"}`, values: '0+66x20' },
    { series: `nginx_ingress_controller_requests{${WEB}, status="404"}`, values: '0+24x20' },
    { series: `nginx_ingress_controller_requests{${WEB}, status="503"}`, values: '0+10x20' },
  ];
  const alert = (pct: string, threshold: string) => ({
    exp_labels: { severity: 'info', job: JOB, exported_namespace: 'demo', ingress: 'web' },
    exp_annotations: {
      summary: `More than ${threshold} of requests to an Ingress are refused with 4xx`,
      description: `${pct} of requests to Ingress demo/web through ${JOB} were answered 4xx in the last 5 minutes`,
      runbook_url: `${RUNBOOK}#nginxingresshigh4xxratio`,
    },
  });
  // WHEN the default threshold (0.25) is used THEN
  const firing = {
    interval: '1m',
    input_series: high,
    alert_rule_test: [
      // true from 1m on (30 of 100 = 0.3 > 0.25); pending for 15m: not yet at 15m, firing at 16m
      { alertname: 'NginxIngressHigh4xxRatio', eval_time: '15m', exp_alerts: [] },
      { alertname: 'NginxIngressHigh4xxRatio', eval_time: '16m', exp_alerts: [alert('30%', '25%')] },
    ],
  };
  const quiet = { interval: '1m', input_series: low, alert_rule_test: [{ alertname: 'NginxIngressHigh4xxRatio', eval_time: '20m', exp_alerts: [] }] };
  expect(testRules(ruleFile(), [firing, quiet])).toContain('SUCCESS');
  // WHEN the threshold is 0.2 THEN 24% fires (from 1m, so at 16m)
  const tighter = {
    interval: '1m',
    input_series: low,
    alert_rule_test: [
      { alertname: 'NginxIngressHigh4xxRatio', eval_time: '15m', exp_alerts: [] },
      { alertname: 'NginxIngressHigh4xxRatio', eval_time: '16m', exp_alerts: [alert('24%', '20%')] },
    ],
  };
  expect(testRules(ruleFile({ http4xxRatio: 0.2 }), [tighter])).toContain('SUCCESS');
});

test('p99 latency: fires after 10m above 2s, not at 1.75s; a 1.5s threshold catches 1.75s', () => {
  // Buckets are ingress-nginx's default --time-buckets (Prometheus' DefBuckets), the ones around 1-5s.
  const buckets = (le1: number, le2p5: number, le5: number) => [
    { series: `nginx_ingress_controller_request_duration_seconds_bucket{${WEB}, le="1"}`, values: `0+${le1}x20` },
    { series: `nginx_ingress_controller_request_duration_seconds_bucket{${WEB}, le="2.5"}`, values: `0+${le2p5}x20` },
    { series: `nginx_ingress_controller_request_duration_seconds_bucket{${WEB}, le="5"}`, values: `0+${le5}x20` },
    { series: `nginx_ingress_controller_request_duration_seconds_bucket{${WEB}, le="10"}`, values: '0+100x20' },
    { series: `nginx_ingress_controller_request_duration_seconds_bucket{${WEB}, le="+Inf"}`, values: '0+100x20' },
  ];
  // GIVEN 100 requests a minute, 90 within 1s, 98 within 2.5s, all within 5s:
  // rank 99 lies halfway through (2.5, 5], so p99 = 2.5 + 2.5 * (99 - 98) / (100 - 98) = 3.75s
  const slow = buckets(90, 98, 100);
  // GIVEN 98 within 1s, all within 2.5s: p99 = 1 + 1.5 * (99 - 98) / (100 - 98) = 1.75s
  const fast = buckets(98, 100, 100);
  const alert = (value: string, threshold: string) => ({
    exp_labels: { severity: 'warning', job: JOB, exported_namespace: 'demo', ingress: 'web' },
    exp_annotations: {
      summary: `99th percentile latency of an Ingress above ${threshold}`,
      description: `p99 request duration of Ingress demo/web through ${JOB} is ${value}`,
      runbook_url: `${RUNBOOK}#nginxingresshighlatencyp99`,
    },
  });
  // WHEN the default threshold (2s) is used THEN 3.75s fires (true from 1m, pending for 10m), 1.75s does not
  const firing = {
    interval: '1m',
    input_series: slow,
    alert_rule_test: [
      { alertname: 'NginxIngressHighLatencyP99', eval_time: '10m', exp_alerts: [] },
      { alertname: 'NginxIngressHighLatencyP99', eval_time: '11m', exp_alerts: [alert('3.75s', '2s')] },
    ],
  };
  const quiet = { interval: '1m', input_series: fast, alert_rule_test: [{ alertname: 'NginxIngressHighLatencyP99', eval_time: '20m', exp_alerts: [] }] };
  expect(testRules(ruleFile(), [firing, quiet])).toContain('SUCCESS');
  // WHEN the threshold is 1.5s THEN 1.75s fires
  const tighter = {
    interval: '1m',
    input_series: fast,
    alert_rule_test: [
      { alertname: 'NginxIngressHighLatencyP99', eval_time: '10m', exp_alerts: [] },
      { alertname: 'NginxIngressHighLatencyP99', eval_time: '11m', exp_alerts: [alert('1.75s', '1.5s')] },
    ],
  };
  expect(testRules(ruleFile({ latencyP99Seconds: 1.5 }), [tighter])).toContain('SUCCESS');
});

test('config reload failed: fires for the pod whose last reload failed after 5m, clears once a reload succeeds', () => {
  const t = {
    interval: '1m',
    input_series: [
      // GIVEN pod 1's reloads fail from 2m to 10m, and succeed again from 11m; pod 2's always succeed
      { series: `nginx_ingress_controller_config_last_reload_successful{${controller(POD1, '10.0.0.1')}}`, values: '1 1 0 0 0 0 0 0 0 0 0 1 1 1' },
      { series: `nginx_ingress_controller_config_last_reload_successful{${controller(POD2, '10.0.0.2')}}`, values: '1x13' },
    ],
    // THEN pending from 2m, firing from 7m (for pod 1 only), resolved at 11m
    alert_rule_test: [
      { alertname: 'NginxIngressConfigReloadFailed', eval_time: '6m', exp_alerts: [] },
      {
        alertname: 'NginxIngressConfigReloadFailed',
        eval_time: '7m',
        exp_alerts: [{
          exp_labels: { severity: 'warning', ...controllerLabels(POD1, '10.0.0.1') },
          exp_annotations: {
            summary: 'nginx failed to load the latest configuration',
            description: `Controller pod ${POD1} of ${JOB} serves an older configuration: its last reload failed`,
            runbook_url: `${RUNBOOK}#nginxingressconfigreloadfailed`,
          },
        }],
      },
      { alertname: 'NginxIngressConfigReloadFailed', eval_time: '12m', exp_alerts: [] },
    ],
  };
  expect(testRules(ruleFile(), [t])).toContain('SUCCESS');
});

test('no ready replicas: fires after 5m at 0 available (Deployment) or 0 ready (DaemonSet), only for the workload of the gateway', () => {
  const annotations = (kind: string) => ({
    summary: 'The gateway has no ready controller pod',
    description: `${kind} ${NS}/${WORKLOAD} has no ready replica (kube-state-metrics)`,
    runbook_url: `${RUNBOOK}#nginxingressnoreadyreplicas`,
  });
  // GIVEN the Deployment drops from 2 available replicas to 0 at 3m; a Deployment whose name starts
  // with the gateway's, and one of the same name in another namespace, have none throughout
  const deployment = {
    interval: '1m',
    input_series: [
      { series: `kube_deployment_status_replicas_available{${KSM}, namespace="${NS}", deployment="${WORKLOAD}"}`, values: '2 2 1 0 0 0 0 0 0 0 0' },
      { series: `kube_deployment_status_replicas_available{${KSM}, namespace="${NS}", deployment="${WORKLOAD}-dev"}`, values: '0x10' },
      { series: `kube_deployment_status_replicas_available{${KSM}, namespace="demo", deployment="${WORKLOAD}"}`, values: '0x10' },
    ],
    // THEN pending from 3m, firing from 8m, for the gateway's Deployment only
    alert_rule_test: [
      { alertname: 'NginxIngressNoReadyReplicas', eval_time: '7m', exp_alerts: [] },
      {
        alertname: 'NginxIngressNoReadyReplicas',
        eval_time: '8m',
        exp_alerts: [{
          exp_labels: { severity: 'critical', job: 'kube-state-metrics', instance: '10.0.0.9:8080', namespace: NS, deployment: WORKLOAD },
          exp_annotations: annotations('Deployment'),
        }],
      },
    ],
  };
  const oneLeft = {
    interval: '1m',
    input_series: [{ series: `kube_deployment_status_replicas_available{${KSM}, namespace="${NS}", deployment="${WORKLOAD}"}`, values: '1x10' }],
    alert_rule_test: [{ alertname: 'NginxIngressNoReadyReplicas', eval_time: '10m', exp_alerts: [] }],
  };
  expect(testRules(ruleFile(), [deployment, oneLeft])).toContain('SUCCESS');
  // GIVEN a DaemonSet gateway whose 3 ready pods drop to 0 at 1m (a Deployment series of the same name is not its workload)
  const daemonSet = {
    interval: '1m',
    input_series: [
      { series: `kube_daemonset_status_number_ready{${KSM}, namespace="${NS}", daemonset="${WORKLOAD}"}`, values: '3 0x10' },
      { series: `kube_deployment_status_replicas_available{${KSM}, namespace="${NS}", deployment="${WORKLOAD}"}`, values: '0x10' },
    ],
    // THEN pending from 1m, firing from 6m
    alert_rule_test: [
      { alertname: 'NginxIngressNoReadyReplicas', eval_time: '5m', exp_alerts: [] },
      {
        alertname: 'NginxIngressNoReadyReplicas',
        eval_time: '6m',
        exp_alerts: [{
          exp_labels: { severity: 'critical', job: 'kube-state-metrics', instance: '10.0.0.9:8080', namespace: NS, daemonset: WORKLOAD },
          exp_annotations: annotations('DaemonSet'),
        }],
      },
    ],
  };
  expect(testRules(ruleFile(undefined, WorkloadKind.DAEMON_SET), [daemonSet])).toContain('SUCCESS');
});

test('connection saturation: fires per pod after 10m above 10000 active connections, not at 10000; a 500 threshold catches 600', () => {
  const connections = (pod: string, ip: string, values: string) =>
    ({ series: `nginx_ingress_controller_nginx_process_connections{${controller(pod, ip)}, state="active"}`, values });
  const alert = (pod: string, ip: string, value: number, threshold: number) => ({
    exp_labels: { severity: 'warning', ...controllerLabels(pod, ip), state: 'active' },
    exp_annotations: {
      summary: `A controller pod holds more than ${threshold} active connections`,
      description: `Pod ${pod} of ${JOB} holds ${value} active connections`,
      runbook_url: `${RUNBOOK}#nginxingressconnectionsaturation`,
    },
  });
  // GIVEN pod 1 climbs to 10001 active connections at 2m; pod 2 holds exactly 10000
  const firing = {
    interval: '1m',
    input_series: [connections(POD1, '10.0.0.1', '9000 9500 10001x12'), connections(POD2, '10.0.0.2', '10000x14')],
    // THEN pending from 2m, firing from 12m, for pod 1 only
    alert_rule_test: [
      { alertname: 'NginxIngressConnectionSaturation', eval_time: '11m', exp_alerts: [] },
      { alertname: 'NginxIngressConnectionSaturation', eval_time: '12m', exp_alerts: [alert(POD1, '10.0.0.1', 10001, 10000)] },
    ],
  };
  expect(testRules(ruleFile(), [firing])).toContain('SUCCESS');
  // WHEN the threshold is 500 THEN pod 1 at 600 fires from 10m, pod 2 at 500 does not
  const tighter = {
    interval: '1m',
    input_series: [connections(POD1, '10.0.0.1', '600x12'), connections(POD2, '10.0.0.2', '500x12')],
    alert_rule_test: [
      { alertname: 'NginxIngressConnectionSaturation', eval_time: '9m', exp_alerts: [] },
      { alertname: 'NginxIngressConnectionSaturation', eval_time: '10m', exp_alerts: [alert(POD1, '10.0.0.1', 600, 500)] },
    ],
  };
  expect(testRules(ruleFile({ activeConnectionsPerPod: 500 }), [tighter])).toContain('SUCCESS');
});

test('CPU near limit: fires per pod after 15m above 90% of its limit (the pod cgroup not counted); a 50% threshold catches 60%', () => {
  const cpu = (pod: string, container: string, perMinute: number) => cadvisor('container_cpu_usage_seconds_total', pod, container, `0+${perMinute}x25`);
  // GIVEN pod 1 uses 57 CPU-seconds a minute (0.95 cores) of a 1-core limit, pod 2 18 (0.3 cores) of a
  // 500m limit (60%); the pods' cgroups (container="") count the same again, the memory limits are not CPU.
  // rate()[5m] divides by 300s: before the window is full (5m) it reads low, 0.19 cores for pod 1 at 1m.
  const input = [
    cpu(POD1, 'controller', 57), cpu(POD1, '', 57), limit(POD1, 'cpu', 1), limit(POD1, 'memory', 1e9),
    cpu(POD2, 'controller', 18), cpu(POD2, '', 18), limit(POD2, 'cpu', 0.5), limit(POD2, 'memory', 1e9),
  ];
  const alert = (pod: string, pct: string, threshold: string) => ({
    exp_labels: { severity: 'warning', namespace: NS, pod },
    exp_annotations: {
      summary: `A controller pod uses more than ${threshold} of its CPU limit`,
      description: `Pod ${NS}/${pod} uses ${pct} of its CPU limit`,
      runbook_url: `${RUNBOOK}#nginxingresscpunearlimit`,
    },
  });
  // WHEN the default threshold (0.9) is used THEN pod 1 (95%) fires: true from 5m (0.76 at 4m), pending for 15m
  const firing = {
    interval: '1m',
    input_series: input,
    alert_rule_test: [
      { alertname: 'NginxIngressCpuNearLimit', eval_time: '19m', exp_alerts: [] },
      { alertname: 'NginxIngressCpuNearLimit', eval_time: '20m', exp_alerts: [alert(POD1, '95%', '90%')] },
    ],
  };
  expect(testRules(ruleFile(), [firing])).toContain('SUCCESS');
  // WHEN the threshold is 0.5 THEN pod 1 is above it from 3m (0.57), firing from 18m, and pod 2 from 5m
  // (0.6; 0.48 at 4m), firing from 20m
  const tighter = {
    interval: '1m',
    input_series: input,
    alert_rule_test: [
      { alertname: 'NginxIngressCpuNearLimit', eval_time: '17m', exp_alerts: [] },
      { alertname: 'NginxIngressCpuNearLimit', eval_time: '18m', exp_alerts: [alert(POD1, '95%', '50%')] },
      { alertname: 'NginxIngressCpuNearLimit', eval_time: '20m', exp_alerts: [alert(POD1, '95%', '50%'), alert(POD2, '60%', '50%')] },
    ],
  };
  expect(testRules(ruleFile({ cpuLimitRatio: 0.5 }), [tighter])).toContain('SUCCESS');
});

test('memory near limit: fires per pod after 15m above 90% of its limit, not at 90% (the pod cgroup not counted); an 85% threshold catches 90%', () => {
  const memory = (pod: string, container: string, bytes: number) => cadvisor('container_memory_working_set_bytes', pod, container, `${bytes}x20`);
  // GIVEN pod 1's working set is 950 MB, pod 2's 900 MB, both of a 1 GB limit; the pods' cgroups
  // (container="") count the same again, the CPU limits are not memory
  const input = [
    memory(POD1, 'controller', 950e6), memory(POD1, '', 950e6), limit(POD1, 'memory', 1e9), limit(POD1, 'cpu', 1),
    memory(POD2, 'controller', 900e6), memory(POD2, '', 900e6), limit(POD2, 'memory', 1e9), limit(POD2, 'cpu', 1),
  ];
  const alert = (pod: string, pct: string, threshold: string) => ({
    exp_labels: { severity: 'warning', namespace: NS, pod },
    exp_annotations: {
      summary: `A controller pod uses more than ${threshold} of its memory limit`,
      description: `Pod ${NS}/${pod} uses ${pct} of its memory limit`,
      runbook_url: `${RUNBOOK}#nginxingressmemorynearlimit`,
    },
  });
  // WHEN the default threshold (0.9) is used THEN pod 1 (95%) fires: true from 0m, pending for 15m; pod 2 (90%) does not
  const firing = {
    interval: '1m',
    input_series: input,
    alert_rule_test: [
      { alertname: 'NginxIngressMemoryNearLimit', eval_time: '14m', exp_alerts: [] },
      { alertname: 'NginxIngressMemoryNearLimit', eval_time: '15m', exp_alerts: [alert(POD1, '95%', '90%')] },
    ],
  };
  expect(testRules(ruleFile(), [firing])).toContain('SUCCESS');
  // WHEN the threshold is 0.85 THEN pod 2 fires too
  const tighter = {
    interval: '1m',
    input_series: input,
    alert_rule_test: [
      { alertname: 'NginxIngressMemoryNearLimit', eval_time: '14m', exp_alerts: [] },
      { alertname: 'NginxIngressMemoryNearLimit', eval_time: '15m', exp_alerts: [alert(POD1, '95%', '85%'), alert(POD2, '90%', '85%')] },
    ],
  };
  expect(testRules(ruleFile({ memoryLimitRatio: 0.85 }), [tighter])).toContain('SUCCESS');
});

test('CPU and memory near limit: only the pods of the gateway\'s workload, not those of a workload whose name starts with its name', () => {
  // Every project gateway is a workload kubesphere-router-<project> in kubesphere-controls-system, so the
  // pods of project "demo-dev"'s gateway (kubesphere-router-demo-dev-<hash>-<random>) start with the
  // name of project "demo"'s.
  const pressure = (pod: string) => [
    cadvisor('container_cpu_usage_seconds_total', pod, 'controller', '0+57x25'), limit(pod, 'cpu', 1), // 95%
    cadvisor('container_memory_working_set_bytes', pod, 'controller', '950e6x25'), limit(pod, 'memory', 1e9), // 95%
  ];
  const alert = (pod: string, resource: string) => ({
    exp_labels: { severity: 'warning', namespace: NS, pod },
    exp_annotations: {
      summary: `A controller pod uses more than 90% of its ${resource} limit`,
      description: `Pod ${NS}/${pod} uses 95% of its ${resource} limit`,
      runbook_url: `${RUNBOOK}#nginxingress${resource.toLowerCase()}nearlimit`,
    },
  });
  const fires = (pod: string) => [
    { alertname: 'NginxIngressCpuNearLimit', eval_time: '20m', exp_alerts: [alert(pod, 'CPU')] },
    { alertname: 'NginxIngressMemoryNearLimit', eval_time: '20m', exp_alerts: [alert(pod, 'memory')] },
  ];
  const silent = [
    { alertname: 'NginxIngressCpuNearLimit', eval_time: '20m', exp_alerts: [] },
    { alertname: 'NginxIngressMemoryNearLimit', eval_time: '20m', exp_alerts: [] },
  ];
  // GIVEN a Deployment gateway: its pods are <name>-<pod-template-hash>-<5 random characters>, from
  // Kubernetes' vowel-free alphabet ("dev" cannot be a hash; a DaemonSet gateway of a project whose
  // name adds a vowel-free part, "demo-x", would still be taken for a Deployment's pods)
  const deploymentPod = { interval: '1m', input_series: pressure(POD1), alert_rule_test: fires(POD1) };
  const otherDeploymentPod = { interval: '1m', input_series: pressure(`${WORKLOAD}-dev-5f6b7c8d9-m4rtz`), alert_rule_test: silent };
  const otherDaemonSetPod = { interval: '1m', input_series: pressure(`${WORKLOAD}-dev-m4rtz`), alert_rule_test: silent };
  expect(testRules(ruleFile(), [deploymentPod, otherDeploymentPod, otherDaemonSetPod])).toContain('SUCCESS');
  // GIVEN a DaemonSet gateway: its pods are <name>-<5 random characters>
  const daemonSetPod = { interval: '1m', input_series: pressure(`${WORKLOAD}-x2k4p`), alert_rule_test: fires(`${WORKLOAD}-x2k4p`) };
  expect(testRules(ruleFile(undefined, WorkloadKind.DAEMON_SET), [daemonSetPod, otherDeploymentPod, otherDaemonSetPod])).toContain('SUCCESS');
  // GIVEN a Deployment whose name is long: Kubernetes cuts "<name>-<hash>-" to 58 characters before it
  // appends the 5 random ones, here inside the hash (49 + 1 + 8 = 58)
  const chart = Testing.chart();
  const gw = new KsGateway(chart, 'long', { project: 'payments-europe-west-production' });
  const long = 'kubesphere-router-payments-europe-west-production-7d9c8b6fx2k4p';
  const longPod = { interval: '1m', input_series: pressure(long), alert_rule_test: fires(long) };
  expect(testRules(new ScrapeConfig(chart, 'mon', { gateway: gw }).ruleFile(), [longPod])).toContain('SUCCESS');
});

test('a missing promtool fails the test instead of skipping it', () => {
  const saved = process.env.PROMTOOL;
  process.env.PROMTOOL = '/nonexistent/promtool';
  try {
    expect(() => testRules(ruleFile(), [])).toThrow('promtool not found at /nonexistent/promtool: install the Debian package "prometheus" (or set PROMTOOL)');
  } finally {
    if (saved === undefined) delete process.env.PROMTOOL;
    else process.env.PROMTOOL = saved;
  }
});
