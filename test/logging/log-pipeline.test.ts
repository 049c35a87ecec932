import { Testing } from 'cdk8s';
import {
  AccessLogField, AccessLogFormat, AccessLogMeaning, KsGateway, LogOutput, LoggingApi, LogPipeline, LogRouting,
  NginxIngress, RenderMode, SecretKeyReference,
} from '../../src';
import { expectValidManifests } from '../helpers/schema';
import { findObject, synthError, synthObjects } from '../helpers/synth';

const ES_HOST = 'elasticsearch-logging-data.kubesphere-logging-system.svc';

function everyOutput(): LogOutput[] {
  return [
    LogOutput.elasticsearch({
      host: ES_HOST,
      user: SecretKeyReference.of('es-credentials', 'user'),
      password: SecretKeyReference.of('es-credentials', 'password'),
      tls: { ca: SecretKeyReference.of('es-ca', 'ca.crt') },
    }),
    LogOutput.openSearch({ host: 'opensearch.logging.svc', suppressTypeName: true, logstashPrefix: 'gateways' }),
    LogOutput.loki({ host: 'loki-gateway.logging.svc', port: 80 }),
    LogOutput.kafka({ brokers: ['kafka-0.kafka.logging.svc:9093'], topic: 'gateway-logs', tls: { ca: SecretKeyReference.of('kafka-ca', 'ca.crt') } }),
    LogOutput.stdout(),
  ];
}

function build(api: LoggingApi, routing?: LogRouting) {
  const app = Testing.app();
  const chart = Testing.chart();
  void app;
  const cluster = new KsGateway(chart, 'cluster', {});
  const shop = new KsGateway(chart, 'shop', { project: 'shop' });
  const pipeline = new LogPipeline(chart, 'logs', { gateways: [shop, cluster], api, routing, outputs: everyOutput() });
  return { chart, cluster, shop, pipeline, objects: synthObjects(chart.node.root as any) };
}

describe('LogPipeline with Fluent Operator (fluentbit.fluent.io/v1alpha2)', () => {
  test('every object passes the CRD schemas; snapshot', () => {
    // GIVEN / WHEN
    const { objects, pipeline } = build(LoggingApi.FLUENT_OPERATOR);
    const mine = objects.filter((o) => o.apiVersion === 'fluentbit.fluent.io/v1alpha2');
    // THEN
    expectValidManifests(objects);
    expect(mine.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ClusterParser/gateway-logs-json',
      'ClusterFilter/gateway-logs-kubesphere-router-kubesphere-system',
      'ClusterFilter/gateway-logs-kubesphere-router-shop',
      'ClusterOutput/gateway-logs-es',
      'ClusterOutput/gateway-logs-kafka',
      'ClusterOutput/gateway-logs-loki',
      'ClusterOutput/gateway-logs-opensearch',
      'ClusterOutput/gateway-logs-stdout',
    ]);
    expect(objects.filter((o) => o.kind === 'FluentBit' || o.kind === 'ClusterFluentBitConfig')).toEqual([]);
    for (const o of mine) expect(o.metadata.labels).toMatchObject({ 'fluentbit.fluent.io/enabled': 'true' });
    expect(pipeline.requiredSecrets).toEqual(['es-ca', 'kafka-ca']);
    expect(mine).toMatchSnapshot();
  });

  test('sets the JSON format and JSON escaping on each gateway controller', () => {
    const { cluster, shop, pipeline } = build(LoggingApi.FLUENT_OPERATOR);
    for (const g of [cluster, shop]) {
      expect(g.controller!.configData['log-format-upstream']).toBe(pipeline.logFormatUpstream);
      expect(g.controller!.configData['log-format-escape-json']).toBe('true');
    }
    expect(pipeline.logFormatUpstream).toBe(
      '{"timestamp": "$time_iso8601", "remote_addr": "$remote_addr", "x_forwarded_for": "$http_x_forwarded_for", '
      + '"request_id": "$req_id", "method": "$request_method", "host": "$host", "path": "$uri", "protocol": "$server_protocol", '
      + '"status": $status, "bytes_sent": $bytes_sent, "request_length": $request_length, "request_time": $request_time, '
      + '"upstream_addr": "$upstream_addr", "upstream_status": "$upstream_status", "upstream_response_time": "$upstream_response_time", '
      + '"ingress": "$ingress_name", "namespace": "$namespace", "service": "$service_name", "user_agent": "$http_user_agent", "referer": "$http_referer"}');
  });

  test('the filter matches only that gateway\'s controller containers, parses the JSON and keeps the raw log', () => {
    const { objects, shop } = build(LoggingApi.FLUENT_OPERATOR);
    const filter = findObject(objects, 'ClusterFilter', 'gateway-logs-kubesphere-router-shop');
    const re = new RegExp(filter.spec.matchRegex);
    const id = 'a'.repeat(64);
    const c = shop.containerName;
    expect(re.test(`kube.var.log.containers.kubesphere-router-shop-7d9c8b6f5-x2b4z_kubesphere-controls-system_${c}-${id}.log`)).toBe(true);
    expect(re.test(`kube.var.log.containers.kubesphere-router-shop-x2b4z_kubesphere-controls-system_${c}-${id}.log`)).toBe(true);
    // another gateway, another container of the pod, another namespace, another app
    expect(re.test(`kube.var.log.containers.kubesphere-router-kubesphere-system-7d9c8b6f5-x2b4z_kubesphere-controls-system_${c}-${id}.log`)).toBe(false);
    expect(re.test(`kube.var.log.containers.kubesphere-router-shop-7d9c8b6f5-x2b4z_kubesphere-controls-system_sidecar-${id}.log`)).toBe(false);
    expect(re.test(`kube.var.log.containers.kubesphere-router-shop-7d9c8b6f5-x2b4z_shop_${c}-${id}.log`)).toBe(false);
    expect(re.test(`kube.var.log.containers.web-7d9c8b6f5-x2b4z_shop_web-${id}.log`)).toBe(false);
    // a DaemonSet gateway whose name extends this one's
    expect(re.test(`kube.var.log.containers.kubesphere-router-shop-api-x2b4z_kubesphere-controls-system_${c}-${id}.log`)).toBe(false);
    expect(filter.spec.filters[0]).toEqual({ parser: { keyName: 'log', parser: 'gateway-logs-json', reserveData: true, preserveKey: true } });
    expect(filter.spec.filters[1]).toEqual({ modify: { rules: [{ add: { gateway: 'kubesphere-router-shop' } }, { add: { project: 'shop' } }] } });
    // status classes read from the raw line
    const classes = filter.spec.filters.slice(2)
      .map((f: any) => [new RegExp(f.modify.conditions[0].keyValueMatches.log), f.modify.rules[0].set.status_class]);
    const classOf = (line: string) => classes.filter(([r]: [RegExp]) => r.test(line)).map(([, c2]: [RegExp, string]) => c2);
    expect(classOf('{"timestamp": "x", "status": 404, "bytes_sent": 10}')).toEqual(['4xx']);
    expect(classOf('{"status": 200}')).toEqual(['2xx']);
    expect(classOf('{"status": "503", "x": 1}')).toEqual(['5xx']);
    // a header value cannot fake it: escape=json writes its quotes as \"
    expect(classOf('{"user_agent": "\\"status\\": 500", "status": 301}')).toEqual(['3xx']);
    for (const f of filter.spec.filters.slice(2)) expect(f.modify.conditions[0].keyValueMatches.log).not.toMatch(/[\s"]/);
  });

  test('elasticsearch defaults are KubeSphere\'s: logstash format, ks-logstash-log, @timestamp; credentials by Secret', () => {
    const { objects } = build(LoggingApi.FLUENT_OPERATOR);
    const es = findObject(objects, 'ClusterOutput', 'gateway-logs-es').spec.es;
    expect(es).toMatchObject({
      host: ES_HOST,
      port: 9200,
      logstashFormat: true,
      logstashPrefix: 'ks-logstash-log',
      timeKey: '@timestamp',
      httpUser: { valueFrom: { secretKeyRef: { name: 'es-credentials', key: 'user' } } },
      httpPassword: { valueFrom: { secretKeyRef: { name: 'es-credentials', key: 'password' } } },
      tls: { verify: true, caFile: '/fluent-bit/secrets/es-ca/ca.crt' },
    });
  });

  test('loki labels are gateway, namespace and status class only', () => {
    const { objects } = build(LoggingApi.FLUENT_OPERATOR);
    const loki = findObject(objects, 'ClusterOutput', 'gateway-logs-loki').spec.loki;
    expect(loki.labels).toEqual(['gateway=$gateway', 'namespace=$namespace', 'status_class=$status_class']);
  });

  test('per-project routing: the project gateway goes to its own index, topic and Loki tenant', () => {
    const { objects } = build(LoggingApi.FLUENT_OPERATOR, LogRouting.PER_PROJECT);
    expectValidManifests(objects);
    const es = findObject(objects, 'ClusterOutput', 'gateway-logs-es-shop');
    expect(es.spec.es.logstashPrefix).toBe('ks-logstash-log-shop');
    expect(new RegExp(es.spec.matchRegex).test(`kube.var.log.containers.kubesphere-router-shop-x2b4z_kubesphere-controls-system_controller-${'0'.repeat(64)}.log`)).toBe(true);
    expect(findObject(objects, 'ClusterOutput', 'gateway-logs-es').spec.es.logstashPrefix).toBe('ks-logstash-log');
    expect(findObject(objects, 'ClusterOutput', 'gateway-logs-loki-shop').spec.loki.tenantIDKey).toBe('project');
    expect(findObject(objects, 'ClusterOutput', 'gateway-logs-kafka-shop').spec.kafka.topics).toBe('gateway-logs-shop');
  });
});

describe('LogPipeline with KubeSphere v3 (logging.kubesphere.io/v1alpha2)', () => {
  test('objects in kubesphere-logging-system, selected by logging.kubesphere.io/enabled; schemas; snapshot', () => {
    const { objects, pipeline } = build(LoggingApi.KUBESPHERE_V3);
    const mine = objects.filter((o) => o.apiVersion === 'logging.kubesphere.io/v1alpha2');
    expectValidManifests(objects);
    expect(mine.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Parser/gateway-logs-json',
      'Filter/gateway-logs-kubesphere-router-kubesphere-system',
      'Filter/gateway-logs-kubesphere-router-shop',
      'Output/gateway-logs-es',
      'Output/gateway-logs-kafka',
      'Output/gateway-logs-loki',
      'Output/gateway-logs-opensearch',
      'Output/gateway-logs-stdout',
    ]);
    for (const o of mine) {
      expect(o.metadata.namespace).toBe('kubesphere-logging-system');
      expect(o.metadata.labels['logging.kubesphere.io/enabled']).toBe('true');
    }
    expect(pipeline.namespace).toBe('kubesphere-logging-system');
    expect(objects.some((o) => o.kind === 'FluentBit')).toBe(false);
    expect(mine).toMatchSnapshot();
  });

  test('an OPERATOR-mode gateway gets the format in its Gateway spec.controller.config', () => {
    const chart = Testing.chart();
    const shop = new KsGateway(chart, 'shop', { project: 'shop', renderMode: RenderMode.OPERATOR, allowSharedIngresses: true });
    const cluster = new KsGateway(chart, 'cluster', { renderMode: RenderMode.OPERATOR, controller: { config: { 'worker-processes': '4' } } });
    const pipeline = new LogPipeline(chart, 'logs', { gateways: [shop, cluster], api: LoggingApi.KUBESPHERE_V3, outputs: [LogOutput.stdout()] });
    const objects = synthObjects(chart.node.root as any);
    expectValidManifests(objects);
    for (const name of ['kubesphere-router-shop', 'kubesphere-router-kubesphere-system']) {
      const gw = objects.find((o) => o.kind === 'Gateway' && o.metadata.name === name);
      expect(gw.spec.controller.config).toMatchObject({ 'log-format-upstream': pipeline.logFormatUpstream, 'log-format-escape-json': 'true' });
    }
  });

  test('per-project Loki tenants need Fluent Operator', () => {
    const chart = Testing.chart();
    const shop = new KsGateway(chart, 'shop', { project: 'shop' });
    new LogPipeline(chart, 'logs', { gateways: [shop], api: LoggingApi.KUBESPHERE_V3, routing: LogRouting.PER_PROJECT, outputs: [LogOutput.loki({ host: 'loki' })] });
    expect(synthError(chart)).toBe('Validation failed with the following errors:\n  [test/logs] outputs[0] (loki) cannot route per project with api KUBESPHERE_V3: '
      + 'logging.kubesphere.io/v1alpha2 has no per-record tenant (tenantIDKey); declare one LogPipeline per project with its own tenant Secret, or use api FLUENT_OPERATOR');
  });
});

describe('LogPipeline targets', () => {
  test('a plain NginxIngress, one pipeline per gateway', () => {
    const chart = Testing.chart();
    const a = new NginxIngress(chart, 'a', { namespace: 'ingress-a', releaseName: 'a' });
    const b = new NginxIngress(chart, 'b', { namespace: 'ingress-b', releaseName: 'b', ingressClass: 'b', electionId: 'b-leader', ingressClassResource: { name: 'b', controllerValue: 'k8s.io/b' } });
    const pa = new LogPipeline(chart, 'a-logs', { controllers: [a], outputs: [LogOutput.stdout()] });
    const pb = new LogPipeline(chart, 'b-logs', { controllers: [b], outputs: [LogOutput.stdout()] });
    const objects = synthObjects(chart.node.root as any);
    expectValidManifests(objects);
    expect(pa.filterNames).toEqual([`gateway-a-logs-${a.workloadName}`]);
    expect(pb.outputNames).toEqual(['gateway-b-logs-stdout']);
    const f = findObject(objects, 'ClusterFilter', pa.filterNames[0]);
    expect(f.spec.matchRegex).toContain(`_ingress-a_${a.containerName}-`);
  });

  test('two pipelines with the same format may share a gateway', () => {
    const chart = Testing.chart();
    const shop = new KsGateway(chart, 'shop', { project: 'shop' });
    new LogPipeline(chart, 'es', { gateways: [shop], outputs: [LogOutput.elasticsearch({ host: ES_HOST })] });
    new LogPipeline(chart, 'loki', { gateways: [shop], outputs: [LogOutput.loki({ host: 'loki' })] });
    expectValidManifests(synthObjects(chart.node.root as any));
  });

  test('a custom field set', () => {
    const chart = Testing.chart();
    const shop = new KsGateway(chart, 'shop', { project: 'shop' });
    const format = AccessLogFormat.of([
      AccessLogField.standard(AccessLogMeaning.TIME, 'ts'),
      AccessLogField.standard(AccessLogMeaning.STATUS),
      AccessLogField.nginx('tls', 'ssl_protocol', { bounded: true }),
    ]);
    const p = new LogPipeline(chart, 'logs', { gateways: [shop], format, outputs: [LogOutput.loki({ host: 'loki', labels: { tls: 'tls', gateway: 'gateway' } })] });
    const objects = synthObjects(chart.node.root as any);
    expect(p.logFormatUpstream).toBe('{"ts": "$time_iso8601", "status": $status, "tls": "$ssl_protocol"}');
    expect(findObject(objects, 'ClusterOutput', 'gateway-logs-loki').spec.loki.labels).toEqual(['gateway=$gateway', 'tls=$tls']);
  });
});

describe('LogPipeline errors', () => {
  function errorOf(props: any, setup?: (shop: KsGateway) => void): string {
    const chart = Testing.chart();
    const shop = new KsGateway(chart, 'shop', { project: 'shop' });
    setup?.(shop);
    new LogPipeline(chart, 'logs', { gateways: [shop], ...props });
    return synthError(chart);
  }
  const prefix = 'Validation failed with the following errors:\n  [test/logs] ';

  test('no host', () => {
    expect(errorOf({ outputs: [LogOutput.elasticsearch({} as any)] })).toBe(`${prefix}outputs[0].host must be a host name or IP address (got undefined)`);
  });

  test('a literal password', () => {
    expect(errorOf({ outputs: [LogOutput.elasticsearch({ host: ES_HOST, password: 'hunter2' as any })] }))
      .toBe(`${prefix}outputs[0].password must be a Secret reference (SecretKeyReference.of(secret, key)), never a literal (got "<literal string>")`);
  });

  test('both a literal and a Secret', () => {
    expect(errorOf({ outputs: [LogOutput.loki({ host: 'loki', password: SecretKeyReference.of('loki', 'password'), httpPassword: 'hunter2' } as any)] }))
      .toBe(`${prefix}outputs[0].httpPassword and outputs[0].password are both set: give the credential once, as a Secret reference in password (SecretKeyReference.of(secret, key))`);
  });

  test('an index name Elasticsearch refuses', () => {
    expect(errorOf({ outputs: [LogOutput.elasticsearch({ host: ES_HOST, logstashPrefix: 'Gateway Logs' }), LogOutput.openSearch({ host: 'os', logstashFormat: false, index: '_gw' })] }))
      .toBe(`${prefix}outputs[0].logstashPrefix must be lower case (Elasticsearch refuses upper-case index names) (got "Gateway Logs")\n`
        + '  [test/logs] outputs[1].index must not start with -, _ or + (got "_gw")');
  });

  test('a bad Loki label: invalid name, unbounded values', () => {
    expect(errorOf({ outputs: [LogOutput.loki({ host: 'loki', labels: { 'status-class': 'status_class', 'path': 'path' } })] }))
      .toBe(`${prefix}outputs[0].labels["status-class"] must be a Loki label name: letters, digits and "_", not starting with a digit or "__" (got "status-class")\n`
        + '  [test/logs] outputs[0].labels["path"] must name a record key with bounded values (gateway, project, status_class, method, protocol, status, ingress, namespace, service); "path" takes one value per path and would explode Loki\'s streams (got "path")');
  });

  test('a gateway whose config sets another log format', () => {
    expect(errorOf({ outputs: [LogOutput.stdout()] }, (shop) => shop.controller!.setConfig('log-format-upstream', '$remote_addr')))
      .toBe(`${prefix}gateways[0] (kubesphere-router-shop) already sets log-format-upstream in its config to a different format: remove it from the config and let LogPipeline set it (got "$remote_addr")`);
  });

  test('a gateway another LogPipeline gives another format', () => {
    const chart = Testing.chart();
    const shop = new KsGateway(chart, 'shop', { project: 'shop' });
    new LogPipeline(chart, 'a', { gateways: [shop], outputs: [LogOutput.stdout()] });
    new LogPipeline(chart, 'b', { gateways: [shop], outputs: [LogOutput.stdout()], format: AccessLogFormat.of([AccessLogField.standard(AccessLogMeaning.STATUS)]) });
    expect(synthError(chart)).toBe('Validation failed with the following errors:\n  [test/b] gateways[0] (kubesphere-router-shop) already gets a different access-log format from LogPipeline test/a: give both pipelines the same format');
  });

  test('a format changed after the pipeline set it', () => {
    const chart = Testing.chart();
    const shop = new KsGateway(chart, 'shop', { project: 'shop' });
    new LogPipeline(chart, 'logs', { gateways: [shop], outputs: [LogOutput.stdout()] });
    shop.controller!.setConfig('log-format-upstream', '$remote_addr');
    expect(synthError(chart)).toBe(`${prefix}gateways[0] (kubesphere-router-shop) has log-format-upstream changed after LogPipeline set it (setConfig or another pipeline): the lines would not parse (got "$remote_addr")`);
  });

  test('an unknown nginx variable', () => {
    expect(errorOf({ outputs: [LogOutput.stdout()], format: AccessLogFormat.of([AccessLogField.nginx('x', 'no_such_variable')]) }))
      .toBe(`${prefix}format[0].nginxVariable must be an nginx variable the ingress-nginx controller provides, without "$" (got "no_such_variable")`);
  });

  test('no gateway, no output, wrong types: every problem at once', () => {
    const chart = Testing.chart();
    new LogPipeline(chart, 'logs', { gateways: ['shop'] as any, outputs: [] });
    expect(synthError(chart)).toBe('Validation failed with the following errors:\n'
      + '  [test/logs] gateways[0] must be a KsGateway (got "shop")\n'
      + '  [test/logs] gateways must list at least one KsGateway, or controllers one NginxIngress (got none)\n'
      + '  [test/logs] outputs must list at least one LogOutput (got [])');
  });

  test('kafka without brokers, bad TLS CA', () => {
    expect(errorOf({ outputs: [LogOutput.kafka({ brokers: [], tls: { ca: '/etc/ca.pem' as any } })] }))
      .toBe(`${prefix}outputs[0].tls.ca must be a Secret reference (SecretKeyReference.of(secret, key)), not a file or PEM (got "<literal string>")\n`
        + '  [test/logs] outputs[0].brokers must list at least one broker host:port (got [])');
  });
});
