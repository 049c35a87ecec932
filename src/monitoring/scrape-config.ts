/**
 * ScrapeConfig: Prometheus scraping, recording rules, alerts and a dashboard for one gateway.
 *
 * Mirrors the ingress-nginx chart's `controller-servicemonitor.yaml` and `controller-prometheusrules.yaml`
 * (the scrape), adds what KubeSphere computes at query time as recording rules (`gateway-metrics.ts`),
 * alerts (`_alerts.ts`) and a generated dashboard (`_dashboard.ts`).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { alertRules, ResolvedAlerts } from './_alerts';
import { dashboardJson } from './_dashboard';
import { DataPlane, GatewayMetrics } from './gateway-metrics';
import * as prom from '../../imports/monitoring.coreos.com';
import { compareStrings } from '../common/_compare';
import { ruleScope } from '../common/_rule-scope';
import { ScopeIndex } from '../common/_scope-index';
import { checkProps } from '../common/_shape';
import { Problems, show } from '../common/_validation';
import { NginxIngress } from '../controller/nginx-ingress';
import { KsGateway } from '../gateway/ks-gateway';

/** How Prometheus finds the gateway's metrics endpoints. */
export enum ScrapeMode {
  /** A `monitoring.coreos.com/v1` ServiceMonitor on the metrics Service (what the chart renders). */
  SERVICE_MONITOR = 'ServiceMonitor',
  /** A `monitoring.coreos.com/v1` PodMonitor on the controller pods' metrics port. */
  POD_MONITOR = 'PodMonitor',
  /** A `monitoring.coreos.com/v1alpha1` ScrapeConfig with Kubernetes endpoints discovery. */
  SCRAPE_CONFIG = 'ScrapeConfig',
  /**
   * A Secret holding a plain Prometheus `scrape_configs` entry (key `gateway-scrape.yaml`): for
   * `additionalScrapeConfigs`, or a Prometheus run without the operator.
   */
  SECRET = 'Secret',
}

/** Relabeling actions Prometheus accepts. */
export enum RelabelAction {
  /** Replace the target label with the (regex-substituted) source labels. */
  REPLACE = 'replace',
  /** Keep only targets/series whose source labels match. */
  KEEP = 'keep',
  /** Drop targets/series whose source labels match. */
  DROP = 'drop',
  /** Set the target label to a hash modulus of the source labels. */
  HASHMOD = 'hashmod',
  /** Copy labels whose names match to the replacement name. */
  LABELMAP = 'labelmap',
  /** Drop labels whose names match. */
  LABELDROP = 'labeldrop',
  /** Keep only labels whose names match. */
  LABELKEEP = 'labelkeep',
  /** Lower-case the source labels into the target label. */
  LOWERCASE = 'lowercase',
  /** Upper-case the source labels into the target label. */
  UPPERCASE = 'uppercase',
  /** Keep when the source labels equal the regex. */
  KEEP_EQUAL = 'keepequal',
  /** Drop when the source labels equal the regex. */
  DROP_EQUAL = 'dropequal',
}

/** One Prometheus relabeling step. */
export interface RelabelingProps {
  /** Labels whose values are joined (with `;`) and matched. @default - none */
  readonly sourceLabels?: string[];
  /** RE2 regular expression. @default "(.*)" */
  readonly regex?: string;
  /** Label to write. @default - none */
  readonly targetLabel?: string;
  /** Replacement, with `$1`-style references. @default "$1" */
  readonly replacement?: string;
  /** Action. @default RelabelAction.REPLACE */
  readonly action?: RelabelAction;
  /** Modulus for `hashmod`. @default - none */
  readonly modulus?: number;
}

/** Built-in ways to cut the number of series the gateway produces. */
export enum CardinalityReduction {
  /** Keep every series. */
  NONE = 'none',
  /**
   * Drop metric families no record, alert or dashboard here uses (response and upstream latency
   * histograms, bytes-sent histograms, header durations). Safe: whole families go, none merge.
   */
  DROP_UNUSED_METRICS = 'drop-unused-metrics',
  /**
   * DROP_UNUSED_METRICS, and drop the `path` label. Two paths of one Ingress then yield the same
   * series, which Prometheus rejects as duplicates (one sample kept, the other counted in
   * `prometheus_target_scrapes_sample_duplicate_timestamp_total`): counts become too low for Ingresses
   * with several paths to one backend. Use it only when each Ingress routes one path per host.
   */
  DROP_PATH = 'drop-path',
}

/** Alerts: each can be turned off (`disable`) or given its own threshold. */
export interface GatewayAlertsProps {
  /** Render the alerts at all. @default true */
  readonly enabled?: boolean;
  /** Alerts (by name, e.g. `NginxIngressHigh4xxRatio`) not to render. @default - none */
  readonly disable?: string[];
  /** Share of 5xx answers per Ingress above which `NginxIngressHigh5xxRatio` fires (0 < x <= 1). @default 0.05 */
  readonly http5xxRatio?: number;
  /** Share of 4xx answers per Ingress above which `NginxIngressHigh4xxRatio` (info) fires (0 < x <= 1). @default 0.25 */
  readonly http4xxRatio?: number;
  /** p99 request duration in seconds above which `NginxIngressHighLatencyP99` fires (> 0). @default 2 */
  readonly latencyP99Seconds?: number;
  /** Days before a served certificate expires when `NginxIngressCertificateExpiry` fires (> 0). @default 14 */
  readonly certificateExpiryDays?: number;
  /** Active connections per pod above which `NginxIngressConnectionSaturation` fires (integer >= 1). @default 10000 */
  readonly activeConnectionsPerPod?: number;
  /** Share of the CPU limit above which `NginxIngressCpuNearLimit` fires (0 < x <= 1). @default 0.9 */
  readonly cpuLimitRatio?: number;
  /** Share of the memory limit above which `NginxIngressMemoryNearLimit` fires (0 < x <= 1). @default 0.9 */
  readonly memoryLimitRatio?: number;
  /** Base URL of the runbooks; each alert links `<base>#<alert name in lower case>`. @default "https://www.npmjs.com/package/cdk8s-ks-gateway" (the README's runbook anchors) */
  readonly runbookBaseUrl?: string;
}

/** The Grafana dashboard. */
export interface GatewayDashboardProps {
  /** Render the dashboard ConfigMap. @default false */
  readonly enabled?: boolean;
  /** Label the Grafana sidecar selects dashboards by. @default { grafana_dashboard: "1" } */
  readonly sidecarLabels?: { [key: string]: string };
  /** Namespace of the ConfigMap (where the Grafana sidecar looks). @default - the gateway's namespace */
  readonly namespace?: string;
}

/** Props of {@link ScrapeConfig}. */
export interface ScrapeConfigOptions {
  /** How Prometheus finds the endpoints. @default ScrapeMode.SERVICE_MONITOR @see values.yaml controller.metrics.serviceMonitor.enabled */
  readonly mode?: ScrapeMode;
  /** Scrape interval. @default "30s" @see values.yaml controller.metrics.serviceMonitor.scrapeInterval */
  readonly interval?: string;
  /** Scrape timeout (at most the interval). @default "10s" */
  readonly scrapeTimeout?: string;
  /** Labels on every monitoring object, for a Prometheus' `serviceMonitorSelector`/`ruleSelector`. @default - none @see values.yaml controller.metrics.serviceMonitor.additionalLabels */
  readonly labels?: { [key: string]: string };
  /**
   * Labels the ServiceMonitor selects the metrics Service by; they must all be on the metrics Service.
   * @default - the gateway's selector labels (as the chart)
   */
  readonly serviceSelector?: { [key: string]: string };
  /**
   * Keep the labels the metrics carry when they clash with target labels. Off, the Ingress namespace
   * lands in `exported_namespace`, which KubeSphere's console queries.
   * @default false @see values.yaml controller.metrics.serviceMonitor.honorLabels
   */
  readonly honorLabels?: boolean;
  /** Extra target relabelings (after the ones that set `job`). @default - none @see values.yaml controller.metrics.serviceMonitor.relabelings */
  readonly relabelings?: RelabelingProps[];
  /** Extra metric relabelings (after the cardinality reduction). @default - none @see values.yaml controller.metrics.serviceMonitor.metricRelabelings */
  readonly metricRelabelings?: RelabelingProps[];
  /** Built-in cardinality reduction. @default CardinalityReduction.NONE */
  readonly cardinalityReduction?: CardinalityReduction;
  /** Render the recording rules for KubeSphere's 15 metrics. @default true */
  readonly recordingRules?: boolean;
  /** Alerts. @default - every alert with its default threshold */
  readonly alerts?: GatewayAlertsProps;
  /** Grafana dashboard. @default - none */
  readonly dashboard?: GatewayDashboardProps;
}

/** Props of {@link ScrapeConfig}: the gateway, and how to monitor it. */
export interface ScrapeConfigProps extends ScrapeConfigOptions {
  /** The gateway to monitor: a NginxIngress or a KsGateway. */
  readonly gateway: NginxIngress | KsGateway;
}

/** Alert names, in the order they are rendered. */
const ALERT_NAMES = [
  'NginxIngressHigh5xxRatio', 'NginxIngressHigh4xxRatio', 'NginxIngressHighLatencyP99', 'NginxIngressConfigReloadFailed',
  'NginxIngressCertificateExpiry', 'NginxIngressControllerDown', 'NginxIngressNoReadyReplicas',
  'NginxIngressConnectionSaturation', 'NginxIngressCpuNearLimit', 'NginxIngressMemoryNearLimit',
];

const UNUSED_METRICS = 'nginx_ingress_controller_(response_duration_seconds|ingress_upstream_latency_seconds|header_duration_seconds|connect_duration_seconds|bytes_sent|response_size|request_size)_bucket';
const RUNBOOK_BASE = 'https://www.npmjs.com/package/cdk8s-ks-gateway';

function durationSeconds(d: string): number | undefined {
  const m = /^((\d+)h)?((\d+)m)?((\d+)s)?$/.exec(d);
  if (typeof d !== 'string' || d === '' || !m) return undefined;
  return (+(m[2] ?? 0)) * 3600 + (+(m[4] ?? 0)) * 60 + (+(m[6] ?? 0));
}

/**
 * Prometheus scraping, KubeSphere's 15 gateway metrics as recording rules, alerts and an optional
 * Grafana dashboard for one gateway (NginxIngress or KsGateway). The Prometheus `job` is always the
 * metrics Service's name (`<gateway>-metrics` for a KsGateway), what KubeSphere's console queries.
 *
 * @example
 * const gw = new KsGateway(chart, 'shop', { project: 'shop' });
 * new ScrapeConfig(chart, 'shop-monitoring', {
 *   gateway: gw,
 *   alerts: { http5xxRatio: 0.02, disable: ['NginxIngressHigh4xxRatio'] },
 *   dashboard: { enabled: true },
 * });
 */
export class ScrapeConfig extends Construct {
  /**
   * One ScrapeConfig for every gateway declared so far in the App of `scope` (in a Fleet, in the
   * cluster of `scope`; the whole fleet when `scope` is the App), each beside its gateway, with the
   * same options: every KsGateway, and every NginxIngress that is not the controller of a
   * KsGateway. Gateways declared after this call are not included.
   */
  public static forEveryGateway(scope: Construct, options: ScrapeConfigOptions = {}): ScrapeConfig[] {
    // JavaScript callers pass anything. Bad options are refused here, once, rather than reported by
    // every ScrapeConfig (or by none, when there is no gateway yet).
    if (!Construct.isConstruct(scope)) throw new Error(`ScrapeConfig.forEveryGateway: scope must be a construct (got ${show(scope)})`);
    const shape = checkProps<ScrapeConfigOptions>('ScrapeConfigOptions', options, 'options');
    if (shape.problems.length > 0) {
      throw new Error(`ScrapeConfig.forEveryGateway at ${scope.node.path || '(the App)'}: the options are invalid:\n${shape.problems.map((p) => `  ${p}`).join('\n')}`);
    }
    const gateways = ruleScope(scope).node.findAll()
      .filter((c): c is NginxIngress | KsGateway => c instanceof KsGateway || (c instanceof NginxIngress && !(c.node.scope instanceof KsGateway)))
      .sort((a, b) => compareStrings(a.node.path, b.node.path));
    return gateways.map((gateway) => new ScrapeConfig(gateway.node.scope as Construct, `${gateway.node.id}-monitoring`, { ...options, gateway }));
  }

  /** The Prometheus `job` label of the gateway's series. */
  public readonly job: string;
  /** The scrape mode. */
  public readonly mode: ScrapeMode;
  /** Namespace of the monitoring objects (the gateway's). */
  public readonly namespace: string;
  /** Name of the scrape object, the PrometheusRule and the dashboard ConfigMap. */
  public readonly name: string;

  private readonly props: ScrapeConfigProps;
  private readonly metricsEnabled: boolean;
  private readonly metricsServiceRendered: boolean;

  private readonly givenRelabelings: { [field: string]: any[] | undefined };

  constructor(scope: Construct, id: string, props: ScrapeConfigProps) {
    super(scope, id);
    // JavaScript callers pass anything: bad parts are reported at synth and dropped before use.
    const shape = checkProps<ScrapeConfigProps>('ScrapeConfigProps', props);
    // The relabelings as given: an action the shape check refused is not read as the default one.
    this.givenRelabelings = { relabelings: (props as any)?.relabelings, metricRelabelings: (props as any)?.metricRelabelings };
    const givenGateway: unknown = (props as any)?.gateway;
    props = shape.value;
    this.node.addValidation({ validate: () => shape.problems });
    this.props = props;
    const gw = props?.gateway;
    if (!(gw instanceof NginxIngress) && !(gw instanceof KsGateway)) {
      const given: any = givenGateway;
      throw new Error(`gateway must be a NginxIngress or a KsGateway (got ${show(given === undefined || given === null ? given : given.constructor?.name ?? given)})`);
    }
    this.mode = props.mode ?? ScrapeMode.SERVICE_MONITOR;
    const nginx = gw instanceof NginxIngress ? gw : gw.controller;
    // OPERATOR mode: KubeSphere's chart always renders the metrics Service (metrics.enabled: true).
    this.metricsEnabled = nginx === undefined ? true : nginx.metricsEnabled;
    this.metricsServiceRendered = nginx === undefined ? true : nginx.metricsServiceName !== undefined;
    this.job = gw.metricsServiceName ?? `${nginx?.names.metricsService}`;
    this.namespace = gw.namespace;
    this.name = gw instanceof KsGateway ? gw.gatewayName : gw.workloadName;
    register(this);
    this.node.addValidation({ validate: () => this.validateProps() });

    const alerts = this.resolveAlerts();
    const labels = { ...(props.labels ?? {}) };
    if (this.metricsEnabled) this.renderScrape(labels);
    const groups: prom.PrometheusRuleSpecGroups[] = [];
    if (props.recordingRules ?? true) {
      groups.push({
        name: `${this.job}.records`,
        rules: GatewayMetrics.table().map((m) => ({
          record: m.record,
          expr: prom.PrometheusRuleSpecGroupsRulesExpr.fromString(GatewayMetrics.expression(m, DataPlane.INGRESS_NGINX, this.job)),
        })),
      });
    }
    if (alerts !== undefined) {
      const rules = alertRules({
        job: this.job,
        namespace: this.namespace,
        workloadName: gw instanceof KsGateway ? (gw.controller?.workloadName ?? gw.gatewayName) : gw.workloadName,
        workloadKind: gw instanceof KsGateway ? (gw.controller?.kind ?? 'Deployment') : gw.kind,
        containerName: gw.containerName,
      }, alerts, props.alerts?.runbookBaseUrl ?? RUNBOOK_BASE);
      if (rules.length > 0) {
        groups.push({
          name: `${this.job}.alerts`,
          rules: rules.map((r) => ({
            alert: r.alert,
            expr: prom.PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
            for: r.for,
            labels: r.labels,
            annotations: r.annotations,
          })),
        });
      }
    }
    if (groups.length > 0) {
      new prom.PrometheusRule(this, 'Rules', {
        metadata: { name: this.name, namespace: this.namespace, labels },
        spec: { groups },
      });
    }
    if (props.dashboard?.enabled) {
      new ApiObject(this, 'Dashboard', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: `${this.name}-dashboard`,
          namespace: props.dashboard.namespace ?? this.namespace,
          labels: { ...labels, ...(props.dashboard.sidecarLabels ?? { grafana_dashboard: '1' }) },
        },
        data: { [`${this.name}.json`]: dashboardJson(`Gateway ${this.job}`, this.name.slice(0, 40), this.job) },
      } as any);
    }
  }

  /** The PrometheusRule's rules as a promtool rule file (what `promtool check rules` reads). */
  public ruleFile(): string {
    const rule = this.node.tryFindChild('Rules') as prom.PrometheusRule | undefined;
    return YAML.stringify({ groups: rule ? rule.toJson().spec.groups : [] });
  }

  private resolveAlerts(): ResolvedAlerts | undefined {
    const a = this.props.alerts ?? {};
    if (a.enabled === false) return undefined;
    const on = (name: string) => !(a.disable ?? []).includes(name);
    return {
      http5xxRatio: on('NginxIngressHigh5xxRatio') ? a.http5xxRatio ?? 0.05 : undefined,
      http4xxRatio: on('NginxIngressHigh4xxRatio') ? a.http4xxRatio ?? 0.25 : undefined,
      latencyP99Seconds: on('NginxIngressHighLatencyP99') ? a.latencyP99Seconds ?? 2 : undefined,
      configReloadFailed: on('NginxIngressConfigReloadFailed'),
      certificateExpiryDays: on('NginxIngressCertificateExpiry') ? a.certificateExpiryDays ?? 14 : undefined,
      controllerDown: on('NginxIngressControllerDown'),
      noReadyReplicas: on('NginxIngressNoReadyReplicas'),
      activeConnectionsPerPod: on('NginxIngressConnectionSaturation') ? a.activeConnectionsPerPod ?? 10000 : undefined,
      cpuLimitRatio: on('NginxIngressCpuNearLimit') ? a.cpuLimitRatio ?? 0.9 : undefined,
      memoryLimitRatio: on('NginxIngressMemoryNearLimit') ? a.memoryLimitRatio ?? 0.9 : undefined,
    };
  }

  private relabelings(): any[] {
    // The operator names the job after the monitor object; KubeSphere's console asks for the Service name.
    const job = { targetLabel: 'job', replacement: this.job, action: 'replace' };
    return [...(this.mode === ScrapeMode.SERVICE_MONITOR ? [] : [job]), ...(this.props.relabelings ?? []).map(toRelabel)];
  }

  private metricRelabelings(): any[] {
    const c = this.props.cardinalityReduction ?? CardinalityReduction.NONE;
    const out: any[] = [];
    if (c !== CardinalityReduction.NONE) out.push({ sourceLabels: ['__name__'], regex: UNUSED_METRICS, action: 'drop' });
    if (c === CardinalityReduction.DROP_PATH) out.push({ regex: 'path', action: 'labeldrop' });
    return [...out, ...(this.props.metricRelabelings ?? []).map(toRelabel)];
  }

  private renderScrape(labels: { [key: string]: string }): void {
    const p = this.props;
    const gw = p.gateway;
    const interval = p.interval ?? '30s';
    const scrapeTimeout = p.scrapeTimeout ?? '10s';
    const honorLabels = p.honorLabels ?? false;
    const relabelings = this.relabelings();
    const metricRelabelings = this.metricRelabelings();
    const opt = (k: string, v: any[]) => (v.length > 0 ? { [k]: v } : {});
    const metadata = { name: this.name, namespace: this.namespace, labels };
    switch (this.mode) {
      case ScrapeMode.POD_MONITOR:
        new prom.PodMonitor(this, 'PodMonitor', {
          metadata,
          spec: {
            namespaceSelector: { matchNames: [this.namespace] },
            selector: { matchLabels: { ...gw.selectorLabels } },
            podMetricsEndpoints: [{ port: gw.metricsPortName, interval, scrapeTimeout, honorLabels, ...opt('relabelings', relabelings), ...opt('metricRelabelings', metricRelabelings) }],
          } as any,
        });
        break;
      case ScrapeMode.SCRAPE_CONFIG:
        new prom.ScrapeConfig(this, 'ScrapeConfig', {
          metadata,
          spec: {
            kubernetesSdConfigs: [{ role: 'Endpoints', namespaces: { names: [this.namespace] } }],
            scrapeInterval: interval,
            scrapeTimeout,
            honorLabels,
            relabelings: [
              { sourceLabels: ['__meta_kubernetes_service_name'], regex: this.job, action: 'keep' },
              { sourceLabels: ['__meta_kubernetes_endpoint_port_name'], regex: gw.metricsPortName, action: 'keep' },
              ...k8sTargetLabels(),
              ...relabelings,
            ],
            ...opt('metricRelabelings', metricRelabelings),
          } as any,
        });
        break;
      case ScrapeMode.SECRET: {
        const snake = (r: any) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
        const entry = {
          job_name: this.job,
          scrape_interval: interval,
          scrape_timeout: scrapeTimeout,
          honor_labels: honorLabels,
          kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: [this.namespace] } }],
          relabel_configs: [
            { sourceLabels: ['__meta_kubernetes_service_name'], regex: this.job, action: 'keep' },
            { sourceLabels: ['__meta_kubernetes_endpoint_port_name'], regex: gw.metricsPortName, action: 'keep' },
            ...k8sTargetLabels(),
            ...(p.relabelings ?? []).map(toRelabel),
          ].map(snake),
          ...(metricRelabelings.length > 0 ? { metric_relabel_configs: metricRelabelings.map(snake) } : {}),
        };
        new ApiObject(this, 'Secret', {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata,
          type: 'Opaque',
          stringData: { 'gateway-scrape.yaml': YAML.stringify([entry]) },
        } as any);
        break;
      }
      default:
        new prom.ServiceMonitor(this, 'ServiceMonitor', {
          metadata,
          spec: {
            namespaceSelector: { matchNames: [this.namespace] },
            selector: { matchLabels: { ...(p.serviceSelector ?? this.defaultServiceSelector()) } },
            endpoints: [{ port: gw.metricsPortName, interval, scrapeTimeout, honorLabels, ...opt('relabelings', relabelings), ...opt('metricRelabelings', metricRelabelings) }],
          } as any,
        });
    }
  }

  private validateProps(): string[] {
    const p = this.props;
    const v = new Problems();
    const gw = p.gateway;
    if (!this.metricsEnabled) {
      const set = gw instanceof KsGateway ? 'nginx: { metrics: { enabled: true } } on KsGateway' : 'metrics: { enabled: true } on NginxIngress';
      v.add('gateway', `exposes no metrics: set ${set} ${show(gw.node.path)}`);
    } else if (!this.metricsServiceRendered && this.mode !== ScrapeMode.POD_MONITOR) {
      v.add('mode', 'needs the metrics Service, which the gateway does not render: set metrics.service to true or use ScrapeMode.POD_MONITOR', this.mode);
    }
    const others = scrapeConfigsOf(this).filter((c) => c !== this);
    for (const o of others) v.add('gateway', `is monitored by another ScrapeConfig too (${show(o.node.path)}): declare one ScrapeConfig per gateway`);
    const interval = durationSeconds(p.interval ?? '30s');
    const timeout = durationSeconds(p.scrapeTimeout ?? '10s');
    v.check(interval !== undefined && interval > 0, 'interval', 'must be a duration such as "30s" or "1m"', p.interval);
    v.check(timeout !== undefined && timeout > 0, 'scrapeTimeout', 'must be a duration such as "10s"', p.scrapeTimeout);
    if (interval !== undefined && timeout !== undefined && timeout > interval) {
      v.add('interval', `must be at least scrapeTimeout (${p.scrapeTimeout ?? '10s'})`, p.interval ?? '30s');
    }
    v.labels('labels', p.labels);
    for (const [field, list] of [['relabelings', p.relabelings], ['metricRelabelings', p.metricRelabelings]] as const) {
      (list ?? []).forEach((r, i) => relabelProblems(v, `${field}[${i}]`, r, this.givenRelabelings[field]?.[i]?.action));
    }
    if (p.serviceSelector !== undefined && this.mode === ScrapeMode.SERVICE_MONITOR) {
      v.labels('serviceSelector', p.serviceSelector);
      const svc = this.metricsServiceLabels();
      if (svc !== undefined) {
        const miss = Object.entries(p.serviceSelector).filter(([k, val]) => svc[k] !== val);
        v.check(miss.length === 0, 'serviceSelector', `must match the metrics Service ${show(this.job)} (labels ${JSON.stringify(svc)})`, p.serviceSelector);
      }
    }
    const a = p.alerts ?? {};
    const ratio = (field: string, x: number | undefined) => v.check(x === undefined || (typeof x === 'number' && x > 0 && x <= 1), `alerts.${field}`, 'must be a ratio > 0 and <= 1', x);
    ratio('http5xxRatio', a.http5xxRatio);
    ratio('http4xxRatio', a.http4xxRatio);
    ratio('cpuLimitRatio', a.cpuLimitRatio);
    ratio('memoryLimitRatio', a.memoryLimitRatio);
    v.check(a.latencyP99Seconds === undefined || (typeof a.latencyP99Seconds === 'number' && a.latencyP99Seconds > 0), 'alerts.latencyP99Seconds', 'must be > 0', a.latencyP99Seconds);
    // histogram_quantile cannot read above the largest finite bucket: a p99 beyond it reads as that
    // bucket's bound, so a threshold at or above it never fires.
    const nginx = gw instanceof NginxIngress ? gw : gw.controller;
    const largest = nginx ? Math.max(...nginx.timeBuckets) : undefined;
    const threshold = this.resolveAlerts()?.latencyP99Seconds;
    if (largest !== undefined && Number.isFinite(largest) && typeof threshold === 'number' && threshold >= largest) {
      v.add('alerts.latencyP99Seconds', `must be below the largest request-time bucket of the controller (${largest}s, --time-buckets): `
        + `a 99th percentile above it reads as ${largest}s, so the alert could never fire; lower it or add larger buckets with --time-buckets`, threshold);
    }
    v.check(a.certificateExpiryDays === undefined || (typeof a.certificateExpiryDays === 'number' && a.certificateExpiryDays > 0), 'alerts.certificateExpiryDays', 'must be > 0', a.certificateExpiryDays);
    v.integer('alerts.activeConnectionsPerPod', a.activeConnectionsPerPod, 1);
    for (const name of a.disable ?? []) v.check(ALERT_NAMES.includes(name), 'alerts.disable', `must name alerts among ${ALERT_NAMES.join(', ')}`, name);
    if (p.dashboard?.sidecarLabels) v.labels('dashboard.sidecarLabels', p.dashboard.sidecarLabels);
    return v.list;
  }

  /**
   * The gateway's selector labels when the metrics Service carries them (as the chart's Services do);
   * otherwise (an adopted legacy router selects pods by its old labels) the chart's identity labels the
   * rendered Service carries.
   */
  private defaultServiceSelector(): { [key: string]: string } {
    const svc = this.metricsServiceLabels();
    const own = this.props.gateway.selectorLabels;
    if (svc === undefined || Object.entries(own).every(([k, v]) => svc[k] === v)) return { ...own };
    const identity = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component'].filter((k) => svc[k] !== undefined);
    return Object.fromEntries((identity.length > 0 ? identity : Object.keys(svc)).map((k) => [k, svc[k]]));
  }

  /** Labels of the metrics Service the gateway renders, or undefined when it renders none here (OPERATOR mode). */
  private metricsServiceLabels(): { [key: string]: string } | undefined {
    const svc = this.props.gateway.node.findAll().find((c) => c instanceof ApiObject && c.kind === 'Service' && c.name === this.job) as ApiObject | undefined;
    return svc === undefined ? undefined : (svc.toJson().metadata?.labels ?? {});
  }
}

function toRelabel(r: RelabelingProps): any {
  return {
    ...(r.sourceLabels ? { sourceLabels: [...r.sourceLabels] } : {}),
    ...(r.regex !== undefined ? { regex: r.regex } : {}),
    ...(r.targetLabel !== undefined ? { targetLabel: r.targetLabel } : {}),
    ...(r.replacement !== undefined ? { replacement: r.replacement } : {}),
    ...(r.modulus !== undefined ? { modulus: r.modulus } : {}),
    action: r.action ?? RelabelAction.REPLACE,
  };
}

/** The target labels a ServiceMonitor gives, so every mode yields the same series labels. */
function k8sTargetLabels(): any[] {
  return [
    { sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace', action: 'replace' },
    { sourceLabels: ['__meta_kubernetes_service_name'], targetLabel: 'service', action: 'replace' },
    { sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod', action: 'replace' },
  ];
}

/**
 * The checks of one relabeling beyond its shape (the shape check reports a wrong type or an unknown
 * action): a valid regex, and the fields its action needs. `givenAction` is the action as the caller
 * wrote it; one the shape check refused is not taken for the default.
 */
function relabelProblems(v: Problems, field: string, r: RelabelingProps, givenAction: unknown): void {
  if (r === null || typeof r !== 'object') return;
  const action = r.action ?? RelabelAction.REPLACE;
  const actionRefused = givenAction !== undefined && r.action === undefined;
  if (r.regex !== undefined) {
    let ok = typeof r.regex === 'string';
    // RE2 has no lookaround or backreferences; JavaScript catches the rest.
    if (ok && /\(\?[=!<]|\\[1-9]/.test(r.regex)) ok = false;
    try { new RegExp(`^(?:${r.regex})$`); } catch { ok = false; }
    v.check(ok, `${field}.regex`, 'must be a valid RE2 regular expression', r.regex);
  }
  if (actionRefused) return;
  if ([RelabelAction.REPLACE, RelabelAction.HASHMOD, RelabelAction.LOWERCASE, RelabelAction.UPPERCASE].includes(action)) {
    v.check(typeof r.targetLabel === 'string' && r.targetLabel !== '', `${field}.targetLabel`, `is required for action ${action}`, r.targetLabel);
  }
  if (action === RelabelAction.HASHMOD) v.integer(`${field}.modulus`, r.modulus ?? 0, 1);
}

/**
 * Every ScrapeConfig of an App (of one cluster, in a Fleet: two clusters may each run a gateway of
 * the same name), grouped by the gateway they watch.
 */
const SCRAPE_CONFIGS = new ScopeIndex<ScrapeConfig>((c) => `${c.namespace}/${c.name}`);

function register(config: ScrapeConfig): void {
  SCRAPE_CONFIGS.add(ruleScope(config), config);
}

/** The ScrapeConfigs of the App that watch the same gateway as `config` (itself included). */
function scrapeConfigsOf(config: ScrapeConfig): ScrapeConfig[] {
  return SCRAPE_CONFIGS.sameKey(ruleScope(config), config);
}
