/**
 * The gateway metric table: KubeSphere's 15 ingress metrics (KubeSphere v3.4.1
 * `pkg/simple/client/monitoring/prometheus/promql.go`, `IngressMetrics`) as recording rules.
 *
 * The table is data-plane neutral: each row names a metric, its unit and its record, and carries
 * one expression per data plane. Only ingress-nginx is filled in today; an Envoy Gateway renderer
 * adds its own expressions without touching the rows.
 */

/** A data plane whose metrics the table can express. */
export enum DataPlane {
  /** ingress-nginx (`nginx_ingress_controller_*` metrics). */
  INGRESS_NGINX = 'ingress-nginx',
}

/** The unit of a gateway metric. */
export enum MetricUnit {
  /** A count of requests. */
  REQUESTS = 'requests',
  /** Requests per second. */
  REQUESTS_PER_SECOND = 'requests/s',
  /** A ratio between 0 and 1. */
  RATIO = 'ratio',
  /** Seconds. */
  SECONDS = 'seconds',
  /** Bytes per second. */
  BYTES_PER_SECOND = 'bytes/s',
  /** Bytes. */
  BYTES = 'bytes',
  /** CPU cores. */
  CORES = 'cores',
  /** A number of connections. */
  CONNECTIONS = 'connections',
}

/** One row of the gateway metric table. */
export interface GatewayMetric {
  /** KubeSphere's metric name (what its console asks for). */
  readonly id: string;
  /** What the metric shows. */
  readonly description: string;
  /** Unit. */
  readonly unit: MetricUnit;
  /** The recording rule's name (`level:metric:operations`). */
  readonly record: string;
  /** The labels the record keeps. */
  readonly by: string[];
  /** The record's expression per data plane, with `$job` standing for the job matcher. */
  readonly expressions: { [dataPlane: string]: string };
  /** KubeSphere's expression, verbatim. */
  readonly kubesphere: string;
  /** How the record differs from KubeSphere's expression, and why; empty when it does not. */
  readonly difference: string;
}

const INGRESS = ['job', 'exported_namespace', 'ingress'];
const LEVEL = 'job_exported_namespace_ingress';
const BY = 'job, exported_namespace, ingress';
const N = 'nginx_ingress_controller';
const NO_ROUND = 'not rounded: rounding a record loses precision for every sum and ratio built on it; round when displaying';
const RATE = 'rate instead of irate: irate looks at the last two samples only, so a record evaluated every interval misses spikes between them and jumps';

function row(id: string, description: string, unit: MetricUnit, record: string, by: string[],
  nginx: string, kubesphere: string, difference: string): GatewayMetric {
  return { id, description, unit, record, by, expressions: { [DataPlane.INGRESS_NGINX]: nginx }, kubesphere, difference };
}

const TABLE: GatewayMetric[] = [
  row('ingress_request_count', 'Requests in the last 5 minutes', MetricUnit.REQUESTS,
    `${LEVEL}:${N}_requests:increase5m`, INGRESS,
    `sum by (${BY}) (increase(${N}_requests{$job}[5m]))`,
    `round(sum(increase(${N}_requests{$1,$2}[$3])))`, NO_ROUND),
  row('ingress_request_4xx_count', 'Requests answered 4xx in the last 5 minutes', MetricUnit.REQUESTS,
    `${LEVEL}:${N}_requests_4xx:increase5m`, INGRESS,
    `sum by (${BY}) (increase(${N}_requests{$job,status=~"4.."}[5m]))`,
    `round(sum(increase(${N}_requests{$1,$2,status=~"[4].*"}[$3])))`, NO_ROUND),
  row('ingress_request_5xx_count', 'Requests answered 5xx in the last 5 minutes', MetricUnit.REQUESTS,
    `${LEVEL}:${N}_requests_5xx:increase5m`, INGRESS,
    `sum by (${BY}) (increase(${N}_requests{$job,status=~"5.."}[5m]))`,
    `round(sum(increase(${N}_requests{$1,$2,status=~"[5].*"}[$3])))`, NO_ROUND),
  row('ingress_active_connections', 'Active client connections (5-minute average), summed over pods', MetricUnit.CONNECTIONS,
    `job:${N}_nginx_process_connections_active:avg_over_time5m`, ['job'],
    `sum by (job) (avg_over_time(${N}_nginx_process_connections{$job,state="active"}[5m]))`,
    `sum(avg_over_time(${N}_nginx_process_connections{$2,state="active"}[$3]))`,
    'KubeSphere would filter on controller_pod, but its API handler overwrites the pod parameter, so the filter never applies; the record is per gateway, as the console in fact shows'),
  row('ingress_success_rate', 'Share of requests not answered 4xx or 5xx', MetricUnit.RATIO,
    `${LEVEL}:${N}_requests_success:ratio_rate5m`, INGRESS,
    `sum by (${BY}) (rate(${N}_requests{$job,status!~"[45].."}[5m])) / sum by (${BY}) (rate(${N}_requests{$job}[5m]))`,
    `sum(rate(${N}_requests{$1,$2,status!~"[4-5].*"}[$3])) / sum(rate(${N}_requests{$1,$2}[$3]))`, ''),
  row('ingress_request_duration_average', 'Mean request duration', MetricUnit.SECONDS,
    `${LEVEL}:${N}_request_duration_seconds:mean5m`, INGRESS,
    `sum by (${BY}) (rate(${N}_request_duration_seconds_sum{$job}[5m])) / sum by (${BY}) (rate(${N}_request_duration_seconds_count{$job}[5m]))`,
    `sum_over_time(${N}_request_duration_seconds_sum{$1,$2}[$3])/sum_over_time(${N}_request_duration_seconds_count{$1,$2}[$3])`,
    'rate over rate instead of sum_over_time over sum_over_time: _sum and _count are counters, so summing their values over time weights every request by how long ago the counter started; KubeSphere also divides series one by one, never summing over pods'),
  row('ingress_request_duration_50percentage', 'Median request duration', MetricUnit.SECONDS,
    `${LEVEL}:${N}_request_duration_seconds:p50_rate5m`, INGRESS,
    `histogram_quantile(0.5, sum by (${BY}, le) (rate(${N}_request_duration_seconds_bucket{$job}[5m])))`,
    `histogram_quantile(0.50, sum by (le) (rate(${N}_request_duration_seconds_bucket{$1,$2}[$3])))`,
    'kept per Ingress (KubeSphere filters to one Ingress at query time; a record must keep the label)'),
  row('ingress_request_duration_95percentage', '95th percentile request duration', MetricUnit.SECONDS,
    `${LEVEL}:${N}_request_duration_seconds:p95_rate5m`, INGRESS,
    `histogram_quantile(0.95, sum by (${BY}, le) (rate(${N}_request_duration_seconds_bucket{$job}[5m])))`,
    `histogram_quantile(0.95, sum by (le) (rate(${N}_request_duration_seconds_bucket{$1,$2}[$3])))`,
    'KubeSphere v3.2.0 to v3.3.0 computed 0.90 here (fixed in v3.3.1, #5132); this is 0.95'),
  row('ingress_request_duration_99percentage', '99th percentile request duration', MetricUnit.SECONDS,
    `${LEVEL}:${N}_request_duration_seconds:p99_rate5m`, INGRESS,
    `histogram_quantile(0.99, sum by (${BY}, le) (rate(${N}_request_duration_seconds_bucket{$job}[5m])))`,
    `histogram_quantile(0.99, sum by (le) (rate(${N}_request_duration_seconds_bucket{$1,$2}[$3])))`,
    'kept per Ingress (KubeSphere filters to one Ingress at query time; a record must keep the label)'),
  row('ingress_request_volume', 'Requests per second, per project', MetricUnit.REQUESTS_PER_SECOND,
    `job_exported_namespace:${N}_requests:rate5m`, ['job', 'exported_namespace'],
    `sum by (job, exported_namespace) (rate(${N}_requests{$job}[5m]))`,
    `round(sum(irate(${N}_requests{$1,$2}[$3])), 0.001)`, `${RATE}; ${NO_ROUND}`),
  row('ingress_request_volume_by_ingress', 'Requests per second, per Ingress', MetricUnit.REQUESTS_PER_SECOND,
    `${LEVEL}:${N}_requests:rate5m`, INGRESS,
    `sum by (${BY}) (rate(${N}_requests{$job}[5m]))`,
    `round(sum(irate(${N}_requests{$1,$2}[$3])) by (ingress), 0.001)`, `${RATE}; ${NO_ROUND}`),
  row('ingress_request_network_sent', 'Response bytes per second', MetricUnit.BYTES_PER_SECOND,
    `${LEVEL}:${N}_response_size_bytes:rate5m`, INGRESS,
    `sum by (${BY}) (rate(${N}_response_size_sum{$job}[5m]))`,
    `sum(irate(${N}_response_size_sum{$1,$2}[$3]))`, RATE),
  row('ingress_request_network_received', 'Request bytes per second', MetricUnit.BYTES_PER_SECOND,
    `${LEVEL}:${N}_request_size_bytes:rate5m`, INGRESS,
    `sum by (${BY}) (rate(${N}_request_size_sum{$job}[5m]))`,
    `sum(irate(${N}_request_size_sum{$1,$2}[$3]))`, RATE),
  row('ingress_request_memory_bytes', 'Resident memory of the nginx processes, mean over pods', MetricUnit.BYTES,
    `job:${N}_nginx_process_resident_memory_bytes:avg`, ['job'],
    `avg by (job) (${N}_nginx_process_resident_memory_bytes{$job})`,
    `avg(${N}_nginx_process_resident_memory_bytes{$2})`, ''),
  row('ingress_request_cpu_usage', 'CPU cores used by the nginx processes, mean over pods', MetricUnit.CORES,
    `job:${N}_nginx_process_cpu_seconds:avg_rate5m`, ['job'],
    `avg by (job) (rate(${N}_nginx_process_cpu_seconds_total{$job}[5m]))`,
    `avg(rate(${N}_nginx_process_cpu_seconds_total{$2}[5m]))`, ''),
];

/**
 * KubeSphere's 15 gateway metrics as data: record names, expressions per data plane, and how each
 * differs from KubeSphere's own query.
 *
 * @example
 * const p99 = GatewayMetrics.table().find((m) => m.id === 'ingress_request_duration_99percentage')!;
 * console.log(p99.record);
 */
export class GatewayMetrics {
  /** Every row of the table, in KubeSphere's order (a fresh copy). */
  public static table(): GatewayMetric[] {
    return TABLE.map((m) => ({ ...m, by: [...m.by], expressions: { ...m.expressions } }));
  }

  /** The expression of `metric` for `dataPlane`, scoped to one Prometheus job. */
  public static expression(metric: GatewayMetric, dataPlane: DataPlane, job: string): string {
    const e = metric.expressions[dataPlane];
    if (e === undefined) throw new Error(`metric ${metric.id} has no expression for data plane ${dataPlane}`);
    return e.split('$job').join(`job=${JSON.stringify(job)}`);
  }

  /** The metric table as a Markdown table (what the README shows). */
  public static markdownTable(): string {
    const esc = (s: string) => s.split('|').join('\\|');
    const lines = [
      '| KubeSphere metric | Record | Unit | Labels kept | Difference from KubeSphere |',
      '| --- | --- | --- | --- | --- |',
      ...TABLE.map((m) => `| \`${m.id}\` | \`${esc(m.record)}\` | ${m.unit} | ${m.by.map((b) => `\`${b}\``).join(', ')} | ${esc(m.difference) || 'same'} |`),
    ];
    return lines.join('\n');
  }

  private constructor() {}
}
