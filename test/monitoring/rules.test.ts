import { Testing } from 'cdk8s';
import { testRules } from './_promtool';
import { GatewayMetrics, KsGateway, ScrapeConfig } from '../../src';

/**
 * `promtool test rules` on the rules a KsGateway's ScrapeConfig renders. Inputs are sampled every
 * minute; at 5m a [5m] window holds the samples at 0..5m (6 samples, no extrapolation), so
 * increase() is last - first and rate() is that over 300s. Every expected value is worked out here.
 */

const J = 'job="kubesphere-router-demo-metrics"';
const JOB = 'kubesphere-router-demo-metrics';
const WEB = `${J}, exported_namespace="demo", ingress="web", controller_pod="p1"`;
const RUNBOOK = 'https://www.npmjs.com/package/cdk8s-ks-gateway';

function ruleFile(): string {
  const chart = Testing.chart();
  const gw = new KsGateway(chart, 'demo', { project: 'demo' });
  return new ScrapeConfig(chart, 'mon', { gateway: gw }).ruleFile();
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
