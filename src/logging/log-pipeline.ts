import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { renderFluentOperator } from './_fluent-operator';
import { renderKubeSphereV3, KUBESPHERE_LOGGING_NAMESPACE } from './_kubesphere-v3';
import { FilterModel, OutputModel, PipelineModel } from './_model';
import { AccessLogFormat, AccessLogMeaning } from './access-log';
import { LogOutput, LogOutputType, PipelineRecordKey } from './outputs';
import { checkProps } from '../common/_shape';
import { isDnsLabel } from '../common/_validation';
import { NginxIngress } from '../controller/nginx-ingress';
import { KsGateway } from '../gateway/ks-gateway';

/** ingress-nginx ConfigMap keys LogPipeline sets on each gateway. */
const FORMAT_KEY = 'log-format-upstream';
const ESCAPE_KEY = 'log-format-escape-json';

/** The operator API the pipeline is declared in. */
export enum LoggingApi {
  /** Fluent Operator v1.0 and later (`fluentbit.fluent.io/v1alpha2`): KubeSphere v4 and plain clusters. */
  FLUENT_OPERATOR = 'fluentbit.fluent.io/v1alpha2',
  /** The Fluent Bit operator of KubeSphere v3.x (`logging.kubesphere.io/v1alpha2`, kubesphere-logging-system). */
  KUBESPHERE_V3 = 'logging.kubesphere.io/v1alpha2',
}

/** Where each gateway's records go. */
export enum LogRouting {
  /** Every gateway's records to the same index, topic or tenant. */
  SHARED = 'shared',
  /**
   * A project gateway's records to its project's own index (`<prefix>-<project>`), topic
   * (`<topic>-<project>`) or Loki tenant (the project); the cluster gateway's to the shared one.
   */
  PER_PROJECT = 'per-project',
}

/** Props of {@link LogPipeline}. */
export interface LogPipelineProps {
  /** KubeSphere gateways whose access logs this pipeline ships. @default - none */
  readonly gateways?: KsGateway[];
  /** Plain ingress-nginx controllers whose access logs this pipeline ships. @default - none */
  readonly controllers?: NginxIngress[];
  /** Destinations; every record goes to each. @see ClusterOutput / Output */
  readonly outputs: LogOutput[];
  /** The operator API to declare the pipeline in. @default LoggingApi.FLUENT_OPERATOR @see ClusterFluentBitConfig / FluentBitConfig label selectors */
  readonly api?: LoggingApi;
  /** The access-log field set. @default AccessLogFormat.standard() @see ingress-nginx log-format-upstream */
  readonly format?: AccessLogFormat;
  /** Shared or per-project destinations. @default LogRouting.SHARED */
  readonly routing?: LogRouting;
  /** Prefix of every object name. @default "gateway-" + the construct id in lower case */
  readonly name?: string;
  /**
   * Namespace of the objects with LoggingApi.KUBESPHERE_V3 (its Filter and Output are namespaced
   * and only those in Fluent Bit's namespace are selected). Fluent Operator's objects are cluster-scoped.
   * @default "kubesphere-logging-system"
   * @see ks-installer logging namespace
   */
  readonly namespace?: string;
}

/** One gateway as the pipeline sees it. */
interface Target {
  readonly field: string;
  readonly name: string;
  readonly project?: string;
  readonly namespace: string;
  readonly containerName: string;
  readonly podPrefix: string;
  /** The construct that owns the controller's config (claims are per owner). */
  readonly owner: Construct;
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/** Which pipeline set which format on a controller: two pipelines must agree. */
const CLAIMS = new WeakMap<Construct, { readonly path: string; readonly format: string }>();

/**
 * Structured gateway access logs, shipped through the Fluent Bit operator the cluster runs.
 *
 * Sets ingress-nginx `log-format-escape-json` and a JSON `log-format-upstream` on every gateway,
 * then declares, for the operator that is there (never a FluentBit of its own): a JSON parser, a
 * filter per gateway that matches only that gateway's controller containers, parses the line into
 * fields while keeping the raw `log` (KubeSphere's log search reads it), and adds `gateway`,
 * `project` and `status_class`; and the outputs.
 *
 * @example
 * const shop = new KsGateway(chart, 'shop', { project: 'shop' });
 * new LogPipeline(chart, 'logs', {
 *   gateways: [shop],
 *   api: LoggingApi.KUBESPHERE_V3,
 *   outputs: [
 *     LogOutput.elasticsearch({ host: 'elasticsearch-logging-data.kubesphere-logging-system.svc' }),
 *     LogOutput.loki({ host: 'loki.logging.svc', tenant: SecretKeyReference.of('loki', 'tenant') }),
 *   ],
 * });
 */
export class LogPipeline extends Construct {
  /** Prefix of every object name. */
  public readonly name: string;
  /** The operator API the objects use. */
  public readonly api: LoggingApi;
  /** The access-log field set. */
  public readonly format: AccessLogFormat;
  /** Shared or per-project destinations. */
  public readonly routing: LogRouting;
  /** Namespace of the objects (KUBESPHERE_V3), undefined for Fluent Operator's cluster-scoped ones. */
  public readonly namespace?: string;
  /** The `log-format-upstream` value set on every gateway. */
  public readonly logFormatUpstream: string;
  /** The JSON parser's name. */
  public readonly parserName: string;
  /** Filter names, one per gateway (sorted). */
  public readonly filterNames: string[];
  /** Output names (sorted). */
  public readonly outputNames: string[];
  /** Secrets the FluentBit must mount (`spec.secrets`): TLS CA files of the outputs. */
  public readonly requiredSecrets: string[];

  private readonly props: LogPipelineProps;
  private readonly targets: Target[];
  private readonly constructionProblems: string[] = [];

  constructor(scope: Construct, id: string, props: LogPipelineProps) {
    super(scope, id);
    // JavaScript callers pass anything: bad parts are reported at synth and dropped before use.
    const shape = checkProps<LogPipelineProps>('LogPipelineProps', props);
    props = shape.value;
    this.node.addValidation({ validate: () => shape.problems });
    this.props = props ?? ({} as LogPipelineProps);
    const p = this.props;
    this.name = p.name ?? `gateway-${id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')}`;
    this.api = p.api ?? LoggingApi.FLUENT_OPERATOR;
    this.format = p.format ?? AccessLogFormat.standard();
    this.routing = p.routing ?? LogRouting.SHARED;
    if (this.api === LoggingApi.KUBESPHERE_V3) this.namespace = p.namespace ?? KUBESPHERE_LOGGING_NAMESPACE;
    const formatOk = this.format instanceof AccessLogFormat && this.format.problems('format').length === 0;
    this.logFormatUpstream = formatOk ? this.format.nginxLogFormat() : '';
    this.parserName = `${this.name}-json`;
    this.targets = this.collectTargets();
    const outputs = (Array.isArray(p.outputs) ? p.outputs : []).filter((o) => o instanceof LogOutput);
    this.requiredSecrets = [...new Set(outputs.flatMap((o) => o.mountedSecrets))].sort();

    this.node.addValidation({ validate: () => this.validateProps() });
    if (formatOk) for (const t of this.targets) this.claim(t);

    const model = this.model(outputs);
    this.filterNames = model.filters.map((f) => f.name);
    this.outputNames = model.outputs.map((o) => o.name);
    const labels = { 'app.kubernetes.io/name': 'gateway-access-log', 'app.kubernetes.io/instance': this.name, 'app.kubernetes.io/managed-by': 'cdk8s-ks-gateway' };
    if (this.api === LoggingApi.KUBESPHERE_V3) renderKubeSphereV3(this, model, labels, this.namespace!);
    else renderFluentOperator(this, model, labels);
  }

  private collectTargets(): Target[] {
    const p = this.props;
    const targets: Target[] = [];
    (Array.isArray(p.gateways) ? p.gateways : []).forEach((g, i) => {
      if (!(g instanceof KsGateway)) return;
      const field = `gateways[${i}]`;
      const c = g.controller;
      const resource = g.resource;
      targets.push({
        field,
        name: g.gatewayName,
        project: g.project,
        namespace: g.namespace,
        containerName: g.containerName,
        podPrefix: c ? c.workloadName : g.gatewayName,
        owner: c ?? g,
        get: (key) => (c ? c.configData[key] : (resource?.toJson() as any)?.spec?.controller?.config?.[key]),
        set: (key, value) => {
          if (c) return c.setConfig(key, value);
          if (!resource) return;
          // OPERATOR mode: the Gateway's spec.controller.config is what the KubeSphere operator renders.
          const spec = (resource.toJson() as any).spec ?? {};
          if (spec.controller?.config) resource.addJsonPatch(JsonPatch.add(`/spec/controller/config/${key}`, value));
          else if (spec.controller) resource.addJsonPatch(JsonPatch.add('/spec/controller/config', { [key]: value }));
          else resource.addJsonPatch(JsonPatch.add('/spec/controller', { config: { [key]: value } }));
        },
      });
    });
    (Array.isArray(p.controllers) ? p.controllers : []).forEach((c, i) => {
      if (!(c instanceof NginxIngress)) return;
      targets.push({
        field: `controllers[${i}]`,
        name: c.workloadName,
        project: c.watchNamespace,
        namespace: c.namespace,
        containerName: c.containerName,
        podPrefix: c.workloadName,
        owner: c,
        get: (key) => c.configData[key],
        set: (key, value) => c.setConfig(key, value),
      });
    });
    return targets;
  }

  /** Sets the two keys on a gateway, or records why it cannot. */
  private claim(t: Target): void {
    const claim = CLAIMS.get(t.owner);
    const current = t.get(FORMAT_KEY);
    if (claim && claim.format !== this.logFormatUpstream) {
      this.constructionProblems.push(`${t.field} (${t.name}) already gets a different access-log format from LogPipeline ${claim.path}: give both pipelines the same format`);
      return;
    }
    if (!claim && current !== undefined && current !== this.logFormatUpstream) {
      this.constructionProblems.push(`${t.field} (${t.name}) already sets ${FORMAT_KEY} in its config to a different format: remove it from the config and let LogPipeline set it (got ${JSON.stringify(current)})`);
      return;
    }
    const escape = t.get(ESCAPE_KEY);
    if (escape !== undefined && escape !== 'true') {
      this.constructionProblems.push(`${t.field} (${t.name}) sets ${ESCAPE_KEY} in its config, and it must be "true" for JSON lines (got ${JSON.stringify(escape)})`);
      return;
    }
    if (!claim) CLAIMS.set(t.owner, { path: this.node.path, format: this.logFormatUpstream });
    if (current === undefined) t.set(FORMAT_KEY, this.logFormatUpstream);
    if (escape === undefined) t.set(ESCAPE_KEY, 'true');
  }

  private model(outputs: LogOutput[]): PipelineModel {
    const targets = [...this.targets].sort((a, b) => cmp(a.name, b.name));
    const status = this.format instanceof AccessLogFormat ? this.format.fieldFor(AccessLogMeaning.STATUS) : undefined;
    // Read from the raw line, where the status is a string of three digits whatever the field type.
    // No spaces or quotes: Fluent Bit splits a modify condition on whitespace and strips quotes.
    const statusClasses = status ? [1, 2, 3, 4, 5].map((d) => ({
      modify: {
        conditions: [{ keyValueMatches: { log: `\\W${status.key}\\W:\\s?\\W?${d}[0-9][0-9]\\D` } }],
        rules: [{ set: { [PipelineRecordKey.STATUS_CLASS]: `${d}xx` } }],
      },
    })) : [];
    const filters: FilterModel[] = targets.map((t) => ({
      name: `${this.name}-${t.name}`,
      matchRegex: `^${tagRegex(t)}$`,
      filters: [
        // Keep the raw line in `log`: KubeSphere's console searches it by prefix.
        { parser: { keyName: 'log', parser: this.parserName, reserveData: true, preserveKey: true } },
        {
          modify: {
            rules: [
              { add: { [PipelineRecordKey.GATEWAY]: t.name } },
              ...(t.project ? [{ add: { [PipelineRecordKey.PROJECT]: t.project } }] : []),
            ],
          },
        },
        ...statusClasses,
      ],
    }));

    const groups = new Map<string, Target[]>();
    for (const t of targets) {
      const key = this.routing === LogRouting.PER_PROJECT ? (t.project ?? '') : '';
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    const perType = new Map<LogOutputType, number>();
    const models: OutputModel[] = [];
    outputs.forEach((o) => {
      const n = (perType.get(o.outputType) ?? 0) + 1;
      perType.set(o.outputType, n);
      const base = `${this.name}-${o.outputType}${outputs.filter((x) => x.outputType === o.outputType).length > 1 ? `-${n}` : ''}`;
      const perProject = this.routing === LogRouting.PER_PROJECT && o._routesPerProject;
      const entries = perProject ? [...groups.entries()] : [['', targets] as [string, Target[]]];
      for (const [project, members] of entries) {
        if (members.length === 0) continue;
        models.push({
          name: project ? `${base}-${project}` : base,
          matchRegex: `^(?:${members.map((t) => tagRegex(t)).join('|')})$`,
          output: o._render(project || undefined, perProject),
        });
      }
    });
    models.sort((a, b) => cmp(a.name, b.name));
    return { parserName: this.parserName, filters, outputs: models };
  }

  private validateProps(): string[] {
    const p = this.props;
    const out: string[] = [];
    const got = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v) ?? String(v));
    if (!isDnsLabel(this.name) || this.name.length > 40) out.push(`name must be a DNS-1123 label of at most 40 characters (object names append to it) (got ${got(this.name)})`);
    if (!Object.values(LoggingApi).includes(this.api)) out.push(`api must be one of ${Object.values(LoggingApi).join(', ')} (got ${got(this.api)})`);
    if (!Object.values(LogRouting).includes(this.routing)) out.push(`routing must be one of ${Object.values(LogRouting).join(', ')} (got ${got(this.routing)})`);
    if (p.namespace !== undefined && this.api !== LoggingApi.KUBESPHERE_V3) out.push(`namespace is only used with api KUBESPHERE_V3: Fluent Operator's ClusterFilter and ClusterOutput are cluster-scoped (got ${got(p.namespace)})`);
    if (this.namespace !== undefined && !isDnsLabel(this.namespace)) out.push(`namespace must be a DNS-1123 label (got ${got(this.namespace)})`);
    if (!(this.format instanceof AccessLogFormat)) out.push(`format must be an AccessLogFormat (AccessLogFormat.standard() or AccessLogFormat.of(fields)) (got ${got(this.format)})`);
    else out.push(...this.format.problems('format'));

    for (const [field, list, cls] of [['gateways', p.gateways, KsGateway], ['controllers', p.controllers, NginxIngress]] as const) {
      if (list === undefined) continue;
      if (!Array.isArray(list)) { out.push(`${field} must be an array (got ${got(list)})`); continue; }
      list.forEach((g: unknown, i: number) => {
        if (!(g instanceof cls)) out.push(`${field}[${i}] must be a ${cls.name} (got ${g === null || typeof g !== 'object' ? got(g) : 'another object'})`);
      });
    }
    if (this.targets.length === 0) out.push('gateways must list at least one KsGateway, or controllers one NginxIngress (got none)');
    const seen = new Map<Construct, string>();
    for (const t of this.targets) {
      const first = seen.get(t.owner);
      if (first) out.push(`${t.field} is the same gateway as ${first} (${t.name}): list it once`);
      seen.set(t.owner, t.field);
    }

    if (!Array.isArray(p.outputs) || p.outputs.length === 0) {out.push(`outputs must list at least one LogOutput (got ${got(p.outputs)})`);} else {
      p.outputs.forEach((o: unknown, i: number) => {
        if (!(o instanceof LogOutput)) { out.push(`outputs[${i}] must be a LogOutput from LogOutput.elasticsearch(), openSearch(), loki(), kafka() or stdout() (got ${got(o)})`); return; }
        if (this.format instanceof AccessLogFormat) out.push(...o._problems(`outputs[${i}]`, this.format));
        if (o.outputType === LogOutputType.LOKI && this.api === LoggingApi.KUBESPHERE_V3 && this.routing === LogRouting.PER_PROJECT) {
          out.push(`outputs[${i}] (loki) cannot route per project with api KUBESPHERE_V3: logging.kubesphere.io/v1alpha2 has no per-record tenant (tenantIDKey); declare one LogPipeline per project with its own tenant Secret, or use api FLUENT_OPERATOR`);
        }
      });
    }

    out.push(...this.constructionProblems);
    if (this.logFormatUpstream !== '') {
      for (const t of this.targets) {
        const current = t.get(FORMAT_KEY);
        const claim = CLAIMS.get(t.owner);
        if (claim?.path === this.node.path && current !== this.logFormatUpstream) {
          out.push(`${t.field} (${t.name}) has ${FORMAT_KEY} changed after LogPipeline set it (setConfig or another pipeline): the lines would not parse (got ${JSON.stringify(current)})`);
        }
      }
    }
    return out;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The tag Fluent Bit's tail input (`kube.*` on /var/log/containers) gives this gateway's controller containers. */
function tagRegex(t: Target): string {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Deployment pods are <name>-<pod-template-hash>-<5>, DaemonSet pods <name>-<5>, both suffixes in
  // Kubernetes' safe alphabet (no vowels): "kubesphere-router-shop" does not match "kubesphere-router-shop-api".
  const safe = '[bcdfghjklmnpqrstvwxz2456789]';
  return `kube\\.var\\.log\\.containers\\.${esc(t.podPrefix)}-(?:${safe}{1,10}-)?${safe}{5}_${esc(t.namespace)}_${esc(t.containerName)}-[0-9a-f]{64}\\.log`;
}
