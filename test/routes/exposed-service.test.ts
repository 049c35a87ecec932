import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AnnotationsRiskLevel, BackendProtocol, CertManagerIssuerKind, ClusterAccess, ExposedService, Fleet, GitOps, IngressSelection, KsGateway,
  NginxIngress, RenderMode, RouteDataPlane, RouteGateway, RouteMigrationReport, RouteOption, RoutePathType, RouteTls,
} from '../../src';
import { expectValidManifests } from '../helpers/schema';
import { findObject, synthError, synthObjects } from '../helpers/synth';

function service(chart: Chart, name = 'shop', namespace = 'demo', port = 80): kplus.Service {
  return new kplus.Service(chart, `svc-${name}`, { metadata: { name, namespace }, ports: [{ port, targetPort: 8080 }] });
}

function synth(chart: Chart): any[] {
  return synthObjects(App.of(chart));
}

function routes(objects: any[]): any[] {
  return objects.filter((o) => o.kind === 'Ingress' || o.kind === 'HTTPRoute');
}

function failure(...lines: Array<[string, string]>): string {
  return ['Validation failed with the following errors:', ...lines.map(([where, msg]) => `  [${where}] ${msg}`)].join('\n');
}

const publicGateway = RouteGateway.gatewayApi({ name: 'public', namespace: 'gateways', sectionName: 'https' });

describe('ExposedService on ingress-nginx', () => {
  test('a KsGateway in IngressClass mode: the gateway\'s class, the Service\'s namespace, typed annotations', () => {
    // GIVEN
    const chart = Testing.chart();
    const demo = new KsGateway(chart, 'demo', { project: 'demo' });

    // WHEN
    const route = new ExposedService(chart, 'shop', {
      service: service(chart),
      gateway: RouteGateway.ksGateway(demo),
      hosts: ['shop.example.com'],
      paths: ['/', '/api'],
      tls: RouteTls.certManager('letsencrypt', CertManagerIssuerKind.CLUSTER_ISSUER),
      sslRedirect: true,
      rateLimit: { rps: 10, burstMultiplier: 2, allowList: ['10.0.0.0/8'] },
      basicAuth: { secretName: 'shop-users', realm: 'shop' },
      cors: { allowOrigins: ['https://a.example.com'], maxAge: 600 },
      backendProtocol: BackendProtocol.HTTPS,
      proxyBodySize: '8m',
      proxyReadTimeout: 120,
      allowSourceRanges: ['192.168.0.0/16'],
      modSecurity: { owaspCoreRules: true },
    });
    const objects = synth(chart);

    // THEN
    expectValidManifests(objects);
    const ingress = findObject(objects, 'Ingress', 'shop', 'demo');
    expect(route.dataPlane).toBe(RouteDataPlane.INGRESS_NGINX);
    expect(ingress.spec.ingressClassName).toBe(demo.ingressClassName);
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    expect(ingress.spec.rules[0].http.paths.map((p: any) => p.backend.service)).toEqual([
      { name: 'shop', port: { number: 80 } }, { name: 'shop', port: { number: 80 } },
    ]);
    expect(ingress.metadata.annotations).toMatchObject({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'nginx.ingress.kubernetes.io/limit-rps': '10',
      'nginx.ingress.kubernetes.io/auth-type': 'basic',
      'nginx.ingress.kubernetes.io/auth-secret': 'shop-users',
      'nginx.ingress.kubernetes.io/enable-modsecurity': 'true',
      'nginx.ingress.kubernetes.io/enable-owasp-core-rules': 'true',
    });
    expect(routes(objects)).toMatchSnapshot();
  });

  test('a KsGateway in Namespace mode: a class-less Ingress in the project', () => {
    // GIVEN
    const chart = Testing.chart();
    const demo = new KsGateway(chart, 'demo', { project: 'demo', ingressSelection: IngressSelection.NAMESPACE });

    // WHEN
    new ExposedService(chart, 'shop', { service: service(chart), gateway: RouteGateway.ksGateway(demo), hosts: ['shop.example.com'] });
    const objects = synth(chart);

    // THEN
    expectValidManifests(objects);
    const ingress = findObject(objects, 'Ingress', 'shop', 'demo');
    expect(ingress.spec.ingressClassName).toBeUndefined();
    expect(ingress.metadata.annotations).toBeUndefined();
  });

  test('a canary is a second Ingress with canary annotations', () => {
    // GIVEN
    const chart = Testing.chart();
    const nginx = new NginxIngress(chart, 'ingress');
    const gateway = RouteGateway.nginxIngress(nginx);

    // WHEN
    new ExposedService(chart, 'v1', { service: service(chart, 'v1'), gateway, hosts: ['a.example.com'] });
    new ExposedService(chart, 'v2', {
      service: service(chart, 'v2'),
      gateway,
      hosts: ['a.example.com'],
      canary: { weight: 10, header: 'x-canary', headerValue: 'yes' },
    });
    const objects = synth(chart);

    // THEN
    expectValidManifests(objects);
    expect(findObject(objects, 'Ingress', 'v1').metadata.annotations).toBeUndefined();
    const canary = findObject(objects, 'Ingress', 'v2-canary');
    expect(canary.spec.ingressClassName).toBe('nginx');
    expect(canary.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-by-header': 'x-canary',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'yes',
      'nginx.ingress.kubernetes.io/canary-weight': '10',
    });
  });

  test('a Service in a namespace the gateway does not serve is an error', () => {
    // GIVEN
    const chart = Testing.chart();
    const demo = new KsGateway(chart, 'demo', { project: 'demo' });

    // WHEN
    new ExposedService(chart, 'shop', { service: service(chart, 'shop', 'other'), gateway: RouteGateway.ksGateway(demo), hosts: ['shop.example.com'] });

    // THEN
    expect(synthError(chart)).toBe(failure(['test/shop',
      'service is in namespace "other" but gateway test/demo only serves namespace "demo": expose the Service through the gateway of its namespace']));
  });

  test('an annotation above the gateway\'s risk level names the option and the setting', () => {
    // GIVEN
    const chart = Testing.chart();
    const nginx = new NginxIngress(chart, 'ingress', { config: { annotationsRiskLevel: AnnotationsRiskLevel.MEDIUM } });

    // WHEN
    new ExposedService(chart, 'shop', {
      service: service(chart),
      gateway: RouteGateway.nginxIngress(nginx),
      hosts: ['shop.example.com'],
      externalAuth: { url: 'https://auth.example.com/check' },
    });

    // THEN
    expect(synthError(chart)).toBe(failure(['test/shop',
      'externalAuth.url sets nginx.ingress.kubernetes.io/auth-url (risk High), above the annotations-risk-level Medium of gateway test/ingress: '
      + 'set config.annotationsRiskLevel to "High" or higher, or drop the option']));
  });

  test('an operator-mode KsGateway is checked against its Gateway.spec.controller.config; a Service without namespace is not served', () => {
    // GIVEN
    const chart = Testing.chart();
    const demo = new KsGateway(chart, 'demo', { project: 'demo', renderMode: RenderMode.OPERATOR, controller: { config: { 'annotations-risk-level': 'Medium' } } });

    // WHEN
    new ExposedService(chart, 'shop', {
      service: new kplus.Service(chart, 'svc', { metadata: { name: 'shop' }, ports: [{ port: 80 }] }),
      gateway: RouteGateway.ksGateway(demo),
      hosts: ['shop.example.com'],
      externalAuth: { url: 'https://auth.example.com/check' },
    });

    // THEN
    expect(synthError(chart)).toBe(failure(
      ['test/shop', 'externalAuth.url sets nginx.ingress.kubernetes.io/auth-url (risk High), above the annotations-risk-level Medium of gateway test/demo: '
        + 'set controller.config["annotations-risk-level"] to "High" or higher, or drop the option'],
      ['test/shop', 'service has no namespace (it lands in "default") but gateway test/demo only serves namespace "demo": expose the Service through the gateway of its namespace'],
    ));
  });

  test('raw annotations pass the same checks: snippets, blocklist, unknown names', () => {
    // GIVEN
    const chart = Testing.chart();
    const demo = new KsGateway(chart, 'demo', { project: 'demo', controller: { config: { 'annotation-value-word-blocklist': 'load_module,lua_package' } } });

    // WHEN
    new ExposedService(chart, 'shop', {
      service: service(chart),
      gateway: RouteGateway.ksGateway(demo),
      hosts: ['shop.example.com'],
      annotations: {
        'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";',
        'nginx.ingress.kubernetes.io/proxy-redirect-from': 'load_module /x',
        'nginx.ingress.kubernetes.io/limit-rsp': '5',
        'example.com/team': 'shop',
      },
    });

    // THEN
    expect(synthError(chart)).toBe(failure(
      ['test/shop', 'annotations["nginx.ingress.kubernetes.io/configuration-snippet"] sets the snippet annotation nginx.ingress.kubernetes.io/configuration-snippet, which gateway test/demo rejects: '
        + 'set controller.config["allow-snippet-annotations"] to "true" and controller.config["annotations-risk-level"] to "Critical" (snippets ran arbitrary nginx configuration, CVE-2025-1974)'],
      ['test/shop', 'annotations["nginx.ingress.kubernetes.io/proxy-redirect-from"] value contains "load_module", a word gateway test/demo blocks in annotation values: '
        + 'change the value or controller.config["annotation-value-word-blocklist"] (got "load_module /x")'],
      ['test/shop', 'annotations["nginx.ingress.kubernetes.io/limit-rsp"] is not an annotation of ingress-nginx v1.15.1: the controller ignores it (got "nginx.ingress.kubernetes.io/limit-rsp")'],
    ));
  });

  test('bad input: every problem at once, field, got, expected', () => {
    // GIVEN
    const chart = Testing.chart();
    const nginx = new NginxIngress(chart, 'ingress');

    // WHEN
    new ExposedService(chart, 'shop', {
      service: service(chart),
      gateway: RouteGateway.nginxIngress(nginx),
      hosts: ['Shop!'],
      paths: ['api'],
      port: 8080,
      canary: {},
      rateLimit: { rps: 0, allowList: ['10.0.0.1'] },
      proxyBodySize: 'big',
      headers: { 'x-team': 'a' },
    });

    // THEN
    expect(synthError(chart)).toBe(failure(
      ['test/shop', 'hosts[0] must be a DNS name, optionally starting with "*." (got "Shop!")'],
      ['test/shop', 'paths[0] must start with "/" (got "api")'],
      ['test/shop', 'port must be a port of Service "shop" (80) (got 8080)'],
      ['test/shop', 'canary must set weight, header or cookie'],
      ['test/shop', 'canary route takes every option but its backend from its primary route: move headers, rateLimit, proxyBodySize to the primary'],
      ['test/shop', 'rateLimit.rps must be >= 1 (got 0)'],
      ['test/shop', 'rateLimit.allowList[0] must be a CIDR (got "10.0.0.1")'],
      ['test/shop', 'proxyBodySize must be a size such as "8m" or "0" (got "big")'],
      ['test/shop', 'headers cannot be matched by an ingress-nginx Ingress (only a canary selects by header): use canary.header, or a Gateway API gateway'],
      ['RouteRules', 'canary route test/shop has no primary route for Shop!api on NginxIngress test/ingress: declare the primary route with the same hosts and paths'],
    ));
  });
});

describe('ExposedService on a Gateway API gateway', () => {
  test('one HTTPRoute: parentRefs, hosts, matches, weighted and header canaries, redirects, rewrite, timeouts', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ExposedService(chart, 'v1', {
      service: service(chart, 'v1', 'shop'),
      gateway: publicGateway,
      hosts: ['a.example.com'],
      paths: ['/app'],
      headers: { 'x-tenant': 'blue' },
      tls: RouteTls.fromSecret('a-tls'),
      sslRedirect: true,
      hsts: true,
      rewriteTarget: '/',
      appRoot: '/app',
      proxyReadTimeout: 30,
    });
    new ExposedService(chart, 'v2', { service: service(chart, 'v2', 'shop'), gateway: publicGateway, hosts: ['a.example.com'], paths: ['/app'], canary: { weight: 10 } });
    new ExposedService(chart, 'v3', {
      service: service(chart, 'v3', 'shop'),
      gateway: publicGateway,
      hosts: ['a.example.com'],
      paths: ['/app'],
      canary: { header: 'x-canary' },
      name: 'v3-by-header',
    });
    const objects = synth(chart);

    // THEN
    expectValidManifests(objects);
    const route = findObject(objects, 'HTTPRoute', 'v1', 'shop');
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'https' }]);
    expect(route.spec.hostnames).toEqual(['a.example.com']);
    const [appRoot, byHeader, weighted] = route.spec.rules;
    expect(appRoot.filters[0].requestRedirect).toEqual({ path: { type: 'ReplaceFullPath', replaceFullPath: '/app' }, statusCode: 302 });
    expect(byHeader.matches[0].headers).toEqual([{ type: 'Exact', name: 'x-tenant', value: 'blue' }, { type: 'Exact', name: 'x-canary', value: 'always' }]);
    expect(byHeader.backendRefs).toEqual([{ name: 'v3', port: 80 }]);
    expect(weighted.backendRefs).toEqual([{ name: 'v1', port: 80, weight: 90 }, { name: 'v2', port: 80, weight: 10 }]);
    expect(weighted.timeouts).toEqual({ backendRequest: '30s' });
    expect(findObject(objects, 'HTTPRoute', 'v1-https-redirect', 'shop').spec.parentRefs[0].sectionName).toBe('http');
    expect(objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
    expect(routes(objects)).toMatchSnapshot();
  });

  test('options the standard channel cannot express are errors naming the option', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ExposedService(chart, 'shop', {
      service: service(chart, 'shop', 'shop'),
      gateway: publicGateway,
      hosts: ['a.example.com'],
      rateLimit: { rps: 5 },
      modSecurity: {},
      rewriteTarget: '/$2',
    });

    // THEN
    expect(synthError(chart)).toBe(failure(
      ['test/shop', 'rateLimit cannot be expressed by a Gateway API HTTPRoute (Gateway API standard channel has no field for it (implementation policies differ per data plane)): '
        + 'add RouteOption.RATE_LIMIT to acceptDropped to drop it, or expose through an ingress-nginx gateway'],
      ['test/shop', 'modSecurity cannot be expressed by a Gateway API HTTPRoute (Gateway API standard channel has no field for it (implementation policies differ per data plane)): '
        + 'add RouteOption.MOD_SECURITY to acceptDropped to drop it, or expose through an ingress-nginx gateway'],
      ['test/shop', 'rewriteTarget with capture groups cannot be expressed by an HTTPRoute URLRewrite (only a full path or a prefix replacement) (got "/$2")'],
    ));
  });

  test('accepted drops are rendered without the option and listed in the migration report', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ExposedService(chart, 'shop', {
      service: service(chart, 'shop', 'shop'),
      gateway: publicGateway,
      hosts: ['a.example.com'],
      pathType: RoutePathType.EXACT,
      rateLimit: { rps: 5 },
      acceptDropped: [RouteOption.RATE_LIMIT],
    });
    const objects = synth(chart);

    // THEN
    expectValidManifests(objects);
    expect(findObject(objects, 'HTTPRoute', 'shop', 'shop').spec.rules).toEqual([
      { matches: [{ path: { type: 'Exact', value: '/' } }], backendRefs: [{ name: 'shop', port: 80 }] },
    ]);
    expect(RouteMigrationReport.entries(chart)).toEqual([{
      route: 'test/shop',
      option: 'rateLimit',
      outcome: 'dropped',
      detail: 'accepted in acceptDropped: Gateway API standard channel has no field for it (implementation policies differ per data plane); '
        + 'Envoy Gateway: BackendTrafficPolicy rateLimit.local (counted per Envoy replica)',
    }]);
    expect(RouteMigrationReport.render(chart)).toContain('| test/shop | rateLimit | dropped |');
  });
});

describe('ExposedService checks', () => {
  test('CORS becomes the HTTPRoute CORS filter with ingress-nginx\'s defaults written out', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ExposedService(chart, 'shop', {
      service: service(chart, 'shop', 'shop'),
      gateway: publicGateway,
      hosts: ['a.example.com'],
      cors: { allowOrigins: ['https://*.example.com'], allowCredentials: false },
    });
    const objects = synth(chart);

    // THEN
    expectValidManifests(objects);
    expect(findObject(objects, 'HTTPRoute', 'shop', 'shop').spec.rules[0].filters).toEqual([{
      type: 'CORS',
      cors: {
        allowOrigins: ['https://*.example.com'],
        allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'],
        allowHeaders: ['DNT', 'Keep-Alive', 'User-Agent', 'X-Requested-With', 'If-Modified-Since', 'Cache-Control', 'Content-Type', 'Range', 'Authorization'],
        allowCredentials: false,
        maxAge: 1728000,
      },
    }]);
  });

  test('ingress-nginx: CORS origins joined as the annotation validator wants; strict path types; a canary sets only its backend', () => {
    // GIVEN
    const chart = Testing.chart();
    const nginx = new NginxIngress(chart, 'ingress');
    const gateway = RouteGateway.nginxIngress(nginx);

    // WHEN
    new ExposedService(chart, 'v1', {
      service: service(chart, 'v1'),
      gateway,
      hosts: ['a.example.com'],
      paths: ['/api/(.*)'],
      cors: { allowOrigins: ['https://a.example.com', 'https://b.example.com', 'ftp:/x'] },
    });
    new ExposedService(chart, 'v2', {
      service: service(chart, 'v2'),
      gateway,
      hosts: ['a.example.com'],
      paths: ['/api/(.*)'],
      canary: { weight: 5 },
      rateLimit: { rps: 1 },
      tls: RouteTls.fromSecret('x'),
    });

    // THEN
    expect(synthError(chart)).toBe(failure(
      ['test/v1', 'cors.allowOrigins[2] must be "*" or scheme://host[:port], the host optionally starting with "*." (got "ftp:/x")'],
      ['test/v1', 'paths[0] cannot be used with pathType Prefix: gateway test/ingress validates paths strictly (strict-validate-path-type) '
        + 'and allows only letters, digits, ".", "_", "-" and "/"; use pathType IMPLEMENTATION_SPECIFIC for a regular expression (got "/api/(.*)")'],
      ['test/v2', 'canary route takes every option but its backend from its primary route: move tls, rateLimit to the primary'],
      ['test/v2', 'paths[0] cannot be used with pathType Prefix: gateway test/ingress validates paths strictly (strict-validate-path-type) '
        + 'and allows only letters, digits, ".", "_", "-" and "/"; use pathType IMPLEMENTATION_SPECIFIC for a regular expression (got "/api/(.*)")'],
    ));
  });

  test('ingress-nginx CORS annotation values', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ExposedService(chart, 'shop', {
      service: service(chart),
      gateway: RouteGateway.nginxIngress(new NginxIngress(chart, 'ingress')),
      hosts: ['a.example.com'],
      cors: { allowOrigins: ['https://a.example.com', 'https://b.example.com'], allowMethods: ['GET', 'POST'] },
    });
    const objects = synth(chart);

    // THEN
    expect(findObject(objects, 'Ingress', 'shop').metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/enable-cors': 'true',
      'nginx.ingress.kubernetes.io/cors-allow-origin': 'https://a.example.com,https://b.example.com',
      'nginx.ingress.kubernetes.io/cors-allow-methods': 'GET,POST',
    });
  });
});

describe('whole-app route rules', () => {
  test('same host and path twice, canary without primary, https without a certificate', () => {
    // GIVEN
    const chart = Testing.chart();
    const nginx = new NginxIngress(chart, 'ingress');
    const gateway = RouteGateway.nginxIngress(nginx);

    // WHEN
    new ExposedService(chart, 'a', { service: service(chart, 'a'), gateway, hosts: ['x.example.com'], sslRedirect: true });
    new ExposedService(chart, 'b', { service: service(chart, 'b'), gateway, hosts: ['x.example.com'] });
    new ExposedService(chart, 'c', { service: service(chart, 'c'), gateway, hosts: ['y.example.com'], canary: { weight: 5 } });
    // the same host on another gateway is no conflict
    new ExposedService(chart, 'd', { service: service(chart, 'd', 'shop'), gateway: publicGateway, hosts: ['x.example.com'] });

    // THEN
    expect(synthError(chart)).toBe(failure(
      ['RouteRules', 'routes test/a and test/b both claim x.example.com/ on NginxIngress test/ingress: ingress-nginx merges them unpredictably; give each host and path one route'],
      ['RouteRules', 'canary route test/c has no primary route for y.example.com/ on NginxIngress test/ingress: declare the primary route with the same hosts and paths'],
      ['RouteRules', 'route test/a redirects to https for x.example.com but no route gives that host a certificate on NginxIngress test/ingress: set tls'],
    ));
  });

  test('the same host and path twice on one Gateway API gateway: said in Gateway API terms', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ExposedService(chart, 'a', { service: service(chart, 'a'), gateway: publicGateway, hosts: ['x.example.com'] });
    new ExposedService(chart, 'b', { service: service(chart, 'b'), gateway: publicGateway, hosts: ['x.example.com'] });

    // THEN
    expect(synthError(chart)).toBe(failure(
      ['RouteRules', 'routes test/a and test/b both claim x.example.com/ on Gateway gateways/public:https: the Gateway serves only the oldest HTTPRoute\'s rule '
        + '(Gateway API precedence: creation time), so which one depends on apply order; give each host and path one route'],
    ));
  });

  test('in a Fleet, a gateway is one cluster\'s: the same Gateway name in two clusters is no conflict, and a canary never crosses clusters', () => {
    // GIVEN: two clusters, each with a Gateway API Gateway "gateways/public" and a route for the same host
    const app = Testing.app();
    const fleet = new Fleet(app, 'fleet', {
      name: 'edge',
      delivery: GitOps.argoCd({ repoUrl: 'https://git.example.com/gateways.git', targetRevision: 'main', repoPath: 'dist/edge' }),
    });
    const charts = ['a', 'b'].map((name) => new Chart(fleet.addCluster(name, { access: ClusterAccess.IN_CLUSTER }), 'apps'));
    for (const chart of charts) new ExposedService(chart, 'shop', { service: service(chart), gateway: publicGateway, hosts: ['x.example.com'] });
    // a canary in cluster b, whose primary would be the route of cluster b, not of cluster a
    new ExposedService(charts[1], 'shop-canary', { service: service(charts[1], 'shop-v2'), gateway: publicGateway, hosts: ['x.example.com'], canary: { weight: 10 } });

    // WHEN
    const objects = synthObjects(app);

    // THEN
    const httpRoutes = objects.filter((o) => o.kind === 'HTTPRoute');
    expect(httpRoutes).toHaveLength(2);
    const backends = httpRoutes.map((r) => r.spec.rules.flatMap((rule: any) => rule.backendRefs.map((b: any) => `${b.name}:${b.weight ?? ''}`)).sort());
    expect(backends).toEqual([['shop:'], ['shop-v2:10', 'shop:90']]);
  });

  test('one certificate per host on a gateway', () => {
    // GIVEN
    const chart = Testing.chart();
    const gateway = RouteGateway.nginxIngress(new NginxIngress(chart, 'ingress'));

    // WHEN
    new ExposedService(chart, 'a', { service: service(chart, 'a'), gateway, hosts: ['x.example.com'], paths: ['/a'], tls: RouteTls.fromSecret('x-tls') });
    new ExposedService(chart, 'b', { service: service(chart, 'b'), gateway, hosts: ['x.example.com'], paths: ['/b'], tls: RouteTls.fromSecret('x-tls') });
    new ExposedService(chart, 'c', { service: service(chart, 'c'), gateway, hosts: ['x.example.com'], paths: ['/c'], tls: RouteTls.fromSecret('other-tls') });

    // THEN
    expect(synthError(chart)).toBe(failure(
      ['RouteRules', 'routes test/a and test/c give host x.example.com different certificates ("x-tls", "other-tls") on NginxIngress test/ingress: a host has one certificate; use the same Secret'],
    ));
  });

  test('the migration report is written beside the manifests', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'routes-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'c');
    new ExposedService(chart, 'shop', {
      service: service(chart, 'shop', 'shop'),
      gateway: publicGateway,
      hosts: ['a.example.com'],
      tls: RouteTls.fromSecret('a-tls'),
    });

    // WHEN
    app.synth();
    const files = RouteMigrationReport.write(app);

    // THEN
    expect(files).toEqual([path.join(outdir, 'route-migration-report.md')]);
    expect(fs.readFileSync(files[0], 'utf8')).toContain('| c/shop | tls | moved | an HTTPRoute carries no certificate: the Gateway\'s https listener must reference Secret "a-tls" |');
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('JavaScript callers: missing service and gateway', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ExposedService(chart, 'shop', { hosts: ['a.example.com'] } as any);

    // THEN
    expect(synthError(chart)).toBe(failure(
      ['test/shop', 'service must be a cdk8s-plus Service (got undefined)'],
      ['test/shop', 'gateway must be a RouteGateway (RouteGateway.nginxIngress, ksGateway or gatewayApi) (got undefined)'],
    ));
  });
});
