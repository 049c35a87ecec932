/**
 * Where LogPipeline ships the gateway access logs: Fluent Bit outputs (es, opensearch, loki, kafka,
 * stdout) as both operator APIs declare them (`ClusterOutput.spec` / `Output.spec`, which share
 * their plugin fields). Credentials are only ever Secret references.
 */
import { RenderedOutput } from './_model';
import { AccessLogFormat } from './access-log';
import { isDnsSubdomain } from '../common/_validation';

/** Where Fluent Bit mounts the Secrets listed in the FluentBit's `spec.secrets` (both operators). */
const SECRETS_DIR = '/fluent-bit/secrets';

/** Record keys the pipeline's filter adds to every gateway record, besides the access-log fields. */
export enum PipelineRecordKey {
  /** The gateway's name. */
  GATEWAY = 'gateway',
  /** The gateway's KubeSphere project (absent for the cluster gateway). */
  PROJECT = 'project',
  /** The status class: 1xx, 2xx, 3xx, 4xx or 5xx. */
  STATUS_CLASS = 'status_class',
}

/**
 * A key of a Kubernetes Secret in the namespace the Fluent Bit pods run in (the operator resolves
 * `valueFrom.secretKeyRef` there: `kubesphere-logging-system` on KubeSphere v3).
 *
 * @example
 * SecretKeyReference.of('es-credentials', 'password');
 */
export class SecretKeyReference {
  /** The key `key` of Secret `secretName`. */
  public static of(secretName: string, key: string): SecretKeyReference {
    return new SecretKeyReference(secretName, key);
  }

  /** The Secret's name. */
  public readonly secretName: string;
  /** The key in the Secret. */
  public readonly key: string;

  private constructor(secretName: string, key: string) {
    this.secretName = secretName;
    this.key = key;
  }
}

/** TLS towards the log store. */
export interface LogTlsOptions {
  /** Verify the server certificate. @default true */
  readonly verify?: boolean;
  /**
   * CA bundle, as a Secret key. Fluent Bit reads it from a file: list the Secret in the FluentBit's
   * `spec.secrets` (LogPipeline.requiredSecrets names them); it is mounted under /fluent-bit/secrets.
   * @default - the system CAs of the Fluent Bit image
   */
  readonly ca?: SecretKeyReference;
  /** Server name for SNI and verification (`tls.vhost`). @default - the host */
  readonly serverName?: string;
}

/** An Elasticsearch or OpenSearch output. */
export interface SearchOutputOptions {
  /** Host name or address. */
  readonly host: string;
  /** Port. @default 9200 @see Port */
  readonly port?: number;
  /**
   * Write daily indices `<logstashPrefix>-YYYY.MM.DD` (what KubeSphere's log search reads). When
   * false, every record goes to `index`.
   * @default true
   * @see Logstash_Format
   */
  readonly logstashFormat?: boolean;
  /** Daily index prefix. @default "ks-logstash-log" (KubeSphere's `logging.indexPrefix`) for Elasticsearch, "gateway-access-log" for OpenSearch @see Logstash_Prefix */
  readonly logstashPrefix?: string;
  /** The index when `logstashFormat` is false. @default "gateway-access-log" @see Index */
  readonly index?: string;
  /** Record key holding the timestamp. @default "@timestamp" (as KubeSphere's output) @see Time_Key */
  readonly timeKey?: string;
  /** Omit the `_type` field (Elasticsearch 8 and OpenSearch 2 refuse it). @default false (KubeSphere's Elasticsearch 6/7) @see Suppress_Type_Name */
  readonly suppressTypeName?: boolean;
  /** HTTP basic user, as a Secret key. @default - no authentication */
  readonly user?: SecretKeyReference;
  /** HTTP basic password, as a Secret key. @default - no authentication */
  readonly password?: SecretKeyReference;
  /** TLS. @default - plain HTTP */
  readonly tls?: LogTlsOptions;
}

/** A Loki output. */
export interface LokiOutputOptions {
  /** Host name or address. */
  readonly host: string;
  /** Port. @default 3100 */
  readonly port?: number;
  /**
   * Stream labels: label name → record key. A key is an access-log field with bounded values or one
   * of the keys the filter adds (gateway, project, status_class); never a path or a client.
   * @default { gateway: 'gateway', namespace: 'namespace', status_class: 'status_class' }
   */
  readonly labels?: { [label: string]: string };
  /** Tenant (X-Scope-OrgID), as a Secret key. @default - single-tenant Loki, or the project with LogRouting.PER_PROJECT */
  readonly tenant?: SecretKeyReference;
  /** HTTP basic user, as a Secret key. @default - no authentication */
  readonly user?: SecretKeyReference;
  /** HTTP basic password, as a Secret key. @default - no authentication */
  readonly password?: SecretKeyReference;
  /** TLS. @default - plain HTTP */
  readonly tls?: LogTlsOptions;
}

/** A Kafka output. SASL is not offered: librdkafka takes credentials only as literal properties. */
export interface KafkaOutputOptions {
  /** Brokers, `host:port`. */
  readonly brokers: string[];
  /** Topic. @default "gateway-access-log" */
  readonly topic?: string;
  /** TLS (librdkafka `security.protocol: ssl`). @default - plaintext */
  readonly tls?: LogTlsOptions;
}

/** Kinds of output. */
export enum LogOutputType {
  /** Elasticsearch (`es`). */
  ELASTICSEARCH = 'es',
  /** OpenSearch. */
  OPENSEARCH = 'opensearch',
  /** Grafana Loki. */
  LOKI = 'loki',
  /** Apache Kafka. */
  KAFKA = 'kafka',
  /** Fluent Bit's own stdout, for debugging. */
  STDOUT = 'stdout',
}

/** Literal-credential field names Fluent Bit users write; refused so no secret lands in Git. */
const LITERAL_CREDENTIALS: Record<string, string> = {
  httpUser: 'user',
  httpPassword: 'password',
  httpPasswd: 'password',
  username: 'user',
  passwd: 'password',
  tenantID: 'tenant',
  tenantId: 'tenant',
};

/**
 * One destination of a LogPipeline.
 *
 * @example
 * LogOutput.elasticsearch({
 *   host: 'elasticsearch-logging-data.kubesphere-logging-system.svc',
 *   password: SecretKeyReference.of('es-credentials', 'password'),
 *   user: SecretKeyReference.of('es-credentials', 'user'),
 * });
 */
export class LogOutput {
  /** Elasticsearch, KubeSphere-compatible by default: logstash format, prefix `ks-logstash-log`, time key `@timestamp`. */
  public static elasticsearch(options: SearchOutputOptions): LogOutput {
    return new LogOutput(LogOutputType.ELASTICSEARCH, options);
  }

  /** OpenSearch. */
  public static openSearch(options: SearchOutputOptions): LogOutput {
    return new LogOutput(LogOutputType.OPENSEARCH, options);
  }

  /** Grafana Loki, with a few bounded stream labels. */
  public static loki(options: LokiOutputOptions): LogOutput {
    return new LogOutput(LogOutputType.LOKI, options);
  }

  /** Apache Kafka. */
  public static kafka(options: KafkaOutputOptions): LogOutput {
    return new LogOutput(LogOutputType.KAFKA, options);
  }

  /** Fluent Bit's stdout (JSON lines), for debugging. */
  public static stdout(): LogOutput {
    return new LogOutput(LogOutputType.STDOUT, {});
  }

  /** The kind of output. */
  public readonly outputType: LogOutputType;
  private readonly options: Record<string, any>;

  private constructor(outputType: LogOutputType, options: any) {
    this.outputType = outputType;
    this.options = (options ?? {}) as Record<string, any>;
  }

  /** Secret names the Fluent Bit pods must mount (`spec.secrets` of the FluentBit): TLS CA files. */
  public get mountedSecrets(): string[] {
    const ca = this.options.tls?.ca;
    return ca instanceof SecretKeyReference ? [ca.secretName] : [];
  }

  /**
   * The problems of this output, each `<at>.<field> must ... (got X)`.
   * @internal
   */
  public _problems(at: string, format: AccessLogFormat): string[] {
    const o = this.options;
    const out: string[] = [];
    const add = (field: string, expected: string, got: unknown) =>
      out.push(`${at}.${field} ${expected} (got ${got === undefined ? 'undefined' : JSON.stringify(got)})`);
    if (this.outputType !== LogOutputType.STDOUT && this.outputType !== LogOutputType.KAFKA) {
      if (typeof o.host !== 'string' || !isHost(o.host)) add('host', 'must be a host name or IP address', o.host);
      if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 1 && o.port <= 65535)) add('port', 'must be an integer between 1 and 65535', o.port);
    }
    for (const [literal, typed] of Object.entries(LITERAL_CREDENTIALS)) {
      if (o[literal] === undefined) continue;
      if (o[typed] !== undefined) {
        out.push(`${at}.${literal} and ${at}.${typed} are both set: give the credential once, as a Secret reference in ${typed} (SecretKeyReference.of(secret, key))`);
      } else {
        add(literal, `must not be set: credentials are Secret references, use ${typed}: SecretKeyReference.of(secret, key)`, typeof o[literal] === 'string' ? '<literal string>' : o[literal]);
      }
    }
    for (const field of ['user', 'password', 'tenant']) {
      const v = o[field];
      if (v === undefined) continue;
      if (typeof v === 'string') add(field, 'must be a Secret reference (SecretKeyReference.of(secret, key)), never a literal', '<literal string>');
      else secretProblems(`${at}.${field}`, v, out);
    }
    if (o.tls !== undefined) {
      if (typeof o.tls !== 'object' || o.tls === null) {add('tls', 'must be an object', o.tls);} else {
        if (o.tls.ca !== undefined) {
          if (typeof o.tls.ca === 'string') add('tls.ca', 'must be a Secret reference (SecretKeyReference.of(secret, key)), not a file or PEM', '<literal string>');
          else secretProblems(`${at}.tls.ca`, o.tls.ca, out);
        }
        if (o.tls.verify !== undefined && typeof o.tls.verify !== 'boolean') add('tls.verify', 'must be a boolean', o.tls.verify);
      }
    }
    if (this.outputType === LogOutputType.ELASTICSEARCH || this.outputType === LogOutputType.OPENSEARCH) {
      if (o.logstashFormat !== undefined && typeof o.logstashFormat !== 'boolean') add('logstashFormat', 'must be a boolean', o.logstashFormat);
      if (this.logstash) {
        if (o.index !== undefined) add('index', 'is only used with logstashFormat false; set logstashPrefix instead', o.index);
        // The daily suffix -YYYY.MM.DD is 11 characters.
        const p = indexNameProblem(this.indexName, 255 - 11);
        if (p) add('logstashPrefix', p, this.indexName);
      } else {
        if (o.logstashPrefix !== undefined) add('logstashPrefix', 'is only used with logstashFormat true; set index instead', o.logstashPrefix);
        const p = indexNameProblem(this.indexName, 255);
        if (p) add('index', p, this.indexName);
      }
    }
    if (this.outputType === LogOutputType.LOKI) {
      const allowed = [...Object.values(PipelineRecordKey), ...format.fields.filter((f) => f?.bounded).map((f) => f.key)];
      for (const [label, key] of Object.entries(this.lokiLabels)) {
        if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label) || label.startsWith('__')) {
          add(`labels[${JSON.stringify(label)}]`, 'must be a Loki label name: letters, digits and "_", not starting with a digit or "__"', label);
        }
        if (!allowed.includes(key)) {
          const field = format.fieldNamed(key);
          add(`labels[${JSON.stringify(label)}]`, field
            ? `must name a record key with bounded values (${allowed.join(', ')}); "${key}" takes one value per ${key === 'path' ? 'path' : 'request or client'} and would explode Loki's streams`
            : `must name a record key with bounded values (${allowed.join(', ')})`, key);
        }
      }
    }
    if (this.outputType === LogOutputType.KAFKA) {
      if (!Array.isArray(o.brokers) || o.brokers.length === 0) {add('brokers', 'must list at least one broker host:port', o.brokers);} else {
        o.brokers.forEach((b: unknown, i: number) => {
          const m = typeof b === 'string' ? /^(.+):(\d{1,5})$/.exec(b) : null;
          if (!m || !isHost(m[1]) || Number(m[2]) < 1 || Number(m[2]) > 65535) add(`brokers[${i}]`, 'must be host:port', b);
        });
      }
      if (!/^[a-zA-Z0-9._-]{1,249}$/.test(this.kafkaTopic)) add('topic', 'must be a Kafka topic name: at most 249 letters, digits, ".", "_" or "-"', this.kafkaTopic);
    }
    return out;
  }

  /**
   * The Fluent Bit plugin spec; `project` suffixes the index, prefix or topic (per-project routing).
   * @internal
   */
  public _render(project: string | undefined, perProjectTenant: boolean): RenderedOutput {
    const o = this.options;
    const suffix = project ? `-${project}` : '';
    switch (this.outputType) {
      case LogOutputType.ELASTICSEARCH:
      case LogOutputType.OPENSEARCH:
        return {
          plugin: this.outputType,
          spec: {
            host: o.host,
            port: o.port ?? 9200,
            ...(this.logstash
              ? { logstashFormat: true, logstashPrefix: `${this.indexName}${suffix}` }
              : { logstashFormat: false, index: `${this.indexName}${suffix}` }),
            timeKey: o.timeKey ?? '@timestamp',
            generateID: true,
            replaceDots: true,
            // es takes "On"/"Off", opensearch a boolean.
            ...(o.suppressTypeName === undefined ? {} : {
              suppressTypeName: this.outputType === LogOutputType.ELASTICSEARCH ? onOff(o.suppressTypeName) : o.suppressTypeName,
            }),
            ...credentials(o, 'httpUser', 'httpPassword'),
            ...(o.tls ? { tls: tls(o.tls) } : {}),
          },
        };
      case LogOutputType.LOKI:
        return {
          plugin: 'loki',
          spec: {
            host: o.host,
            port: o.port ?? 3100,
            labels: Object.entries(this.lokiLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([l, k]) => `${l}=$${k}`),
            lineFormat: 'json',
            ...(o.tenant ? { tenantID: secretValue(o.tenant) } : {}),
            ...(perProjectTenant && !o.tenant && project ? { tenantIDKey: PipelineRecordKey.PROJECT } : {}),
            ...credentials(o, 'httpUser', 'httpPassword'),
            ...(o.tls ? { tls: tls(o.tls) } : {}),
          },
        };
      case LogOutputType.KAFKA:
        return {
          plugin: 'kafka',
          spec: {
            brokers: [...o.brokers].join(','),
            topics: `${this.kafkaTopic}${suffix}`,
            format: 'json',
            ...(o.tls ? {
              rdkafka: {
                'security.protocol': 'ssl',
                ...(o.tls.ca ? { 'ssl.ca.location': caPath(o.tls.ca) } : {}),
                'enable.ssl.certificate.verification': String(o.tls.verify ?? true),
              },
            } : {}),
          },
        };
      case LogOutputType.STDOUT:
        return { plugin: 'stdout', spec: { format: 'json_lines' } };
    }
  }

  /** Whether this output's index or prefix changes per project. @internal */
  public get _routesPerProject(): boolean {
    return this.outputType !== LogOutputType.STDOUT;
  }

  private get logstash(): boolean {
    return this.options.logstashFormat ?? true;
  }

  private get indexName(): string {
    const o = this.options;
    if (!this.logstash) return o.index ?? 'gateway-access-log';
    return o.logstashPrefix ?? (this.outputType === LogOutputType.ELASTICSEARCH ? 'ks-logstash-log' : 'gateway-access-log');
  }

  private get kafkaTopic(): string {
    return this.options.topic ?? 'gateway-access-log';
  }

  private get lokiLabels(): Record<string, string> {
    return this.options.labels ?? { gateway: PipelineRecordKey.GATEWAY, namespace: 'namespace', status_class: PipelineRecordKey.STATUS_CLASS };
  }
}

function isHost(host: string): boolean {
  return /^[0-9.]+$/.test(host) ? /^(\d{1,3}\.){3}\d{1,3}$/.test(host) : (isDnsSubdomain(host.toLowerCase()) || /^\[?[0-9a-fA-F:]+\]?$/.test(host));
}

/** Why Elasticsearch would refuse this index name, or undefined. */
function indexNameProblem(name: string, maxBytes: number): string | undefined {
  if (typeof name !== 'string' || name === '') return 'must be a non-empty index name';
  if (name !== name.toLowerCase()) return 'must be lower case (Elasticsearch refuses upper-case index names)';
  if (/[\\/*?"<>| ,#:]/.test(name)) return 'must not contain \\, /, *, ?, ", <, >, |, space, comma, # or :';
  if (/^[-_+]/.test(name)) return 'must not start with -, _ or +';
  if (name === '.' || name === '..') return 'must not be . or ..';
  if (Buffer.byteLength(name, 'utf8') > maxBytes) return `must be at most ${maxBytes} bytes`;
  return undefined;
}

function secretProblems(at: string, v: unknown, out: string[]): void {
  if (!(v instanceof SecretKeyReference)) {
    out.push(`${at} must be a Secret reference (SecretKeyReference.of(secret, key)) (got ${JSON.stringify(v)})`);
    return;
  }
  if (typeof v.secretName !== 'string' || !isDnsSubdomain(v.secretName)) out.push(`${at}.secretName must be a Secret name (DNS-1123 subdomain) (got ${JSON.stringify(v.secretName)})`);
  if (typeof v.key !== 'string' || !/^[-._a-zA-Z0-9]{1,253}$/.test(v.key)) out.push(`${at}.key must be a Secret key: letters, digits, "-", "_" or "." (got ${JSON.stringify(v.key)})`);
}

function secretValue(ref: SecretKeyReference): Record<string, any> {
  return { valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } };
}

function caPath(ref: SecretKeyReference): string {
  return `${SECRETS_DIR}/${ref.secretName}/${ref.key}`;
}

function credentials(o: Record<string, any>, userKey: string, passwordKey: string): Record<string, any> {
  return {
    ...(o.user ? { [userKey]: secretValue(o.user) } : {}),
    ...(o.password ? { [passwordKey]: secretValue(o.password) } : {}),
  };
}

function tls(t: LogTlsOptions): Record<string, any> {
  return {
    verify: t.verify ?? true,
    ...(t.ca ? { caFile: caPath(t.ca) } : {}),
    ...(t.serverName ? { vhost: t.serverName } : {}),
  };
}

function onOff(v: boolean): string {
  return v ? 'On' : 'Off';
}
