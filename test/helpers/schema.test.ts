import { expectValidManifests, validateManifests } from './schema';

/** A minimal valid Deployment; each test changes one thing. */
function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'controller', namespace: 'ingress', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels: { app: 'x' }, annotations: { 'checksum/config': 'abc' } },
        spec: {
          containers: [{
            name: 'controller',
            image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0',
            args: ['/nginx-ingress-controller'],
            ports: [{ name: 'http', containerPort: 80 }],
            resources: { requests: { cpu: '100m', memory: '90Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
    },
  };
}

function certificate(): any {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'admission', namespace: 'ingress' },
    spec: {
      secretName: 'admission-tls',
      dnsNames: ['controller-admission.ingress.svc'],
      duration: '2160h',
      issuerRef: { name: 'selfsigned', kind: 'Issuer', group: 'cert-manager.io' },
    },
  };
}

function ksGateway(): any {
  return {
    apiVersion: 'gateway.kubesphere.io/v1alpha1',
    kind: 'Gateway',
    metadata: { name: 'kubesphere-router-demo', namespace: 'kubesphere-controls-system' },
    spec: {
      controller: { replicas: 1, scope: { enabled: true, namespace: 'demo' } },
      service: { type: 'NodePort', annotations: { 'a.b/c': 'd' } },
      deployment: { replicas: 1, resources: { limits: { cpu: '1' } } },
    },
  };
}

function serviceMonitor(): any {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'controller', namespace: 'ingress' },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      namespaceSelector: { matchNames: ['ingress'] },
      endpoints: [{ port: 'metrics', interval: '30s', scheme: 'http' }],
    },
  };
}

/** The messages reported for one object. */
function messages(obj: any): string[] {
  return validateManifests([obj]).map((p) => p.message);
}

describe('core kinds (kubernetes-models, strict)', () => {
  test('a valid Deployment passes', () => {
    expect(validateManifests([deployment()])).toEqual([]);
  });

  test('an unknown field in a container is rejected', () => {
    // GIVEN
    const d = deployment();
    d.spec.template.spec.containers[0].foo = 1;
    // THEN
    expect(messages(d)).toEqual(['unknown field "spec.template.spec.containers[0].foo"']);
  });

  test('an unknown field in metadata is rejected', () => {
    const d = deployment();
    d.metadata.bogus = 'x';
    expect(messages(d)).toEqual(['unknown field "metadata.bogus"']);
  });

  test('a misspelled field is rejected', () => {
    const d = deployment();
    d.spec.replica = d.spec.replicas;
    delete d.spec.replicas;
    expect(messages(d)).toEqual(['unknown field "spec.replica"']);
  });

  test('a wrong type is rejected', () => {
    const d = deployment();
    d.spec.replicas = '2';
    expect(messages(d)).toEqual(['spec.replicas: must be integer']);
  });

  test('a missing required field is rejected', () => {
    const d = deployment();
    delete d.spec.selector;
    expect(messages(d)).toEqual(['spec.selector: is required']);
  });

  test('a wrong enum value is rejected with the allowed values', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }], externalTrafficPolicy: 'Nowhere' } };
    expect(messages(svc)).toEqual(['spec.externalTrafficPolicy: must be one of "Cluster", "Local"']);
  });

  test('map-typed fields (labels, resources, data) accept any key', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', labels: { 'a.b/c': 'd' } }, data: { 'any-key': 'v', 'x.y': 'z' } };
    expect(messages(cm)).toEqual([]);
  });

  test('an unknown field in a list item is rejected', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r', namespace: 'ns' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'], verb: ['list'] }],
    };
    expect(messages(role)).toEqual(['unknown field "rules[0].verb"']);
  });

  test('annotation values must be strings', () => {
    const d = deployment();
    d.metadata.annotations = { replicas: 3 };
    expect(messages(d)).toEqual(['metadata.annotations.replicas: must be string']);
  });

  test('every problem of every object is reported, with its index, kind and name', () => {
    const a = deployment();
    a.spec.replicas = '2';
    const b = deployment();
    b.metadata.name = 'other';
    b.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    b.spec.paused = 'no';
    expect(validateManifests([deployment(), a, b])).toEqual([
      { index: 1, kind: 'Deployment', name: 'controller', message: 'spec.replicas: must be integer' },
      { index: 2, kind: 'Deployment', name: 'other', message: 'spec.paused: must be boolean' },
      {
        index: 2,
        kind: 'Deployment',
        name: 'other',
        message: 'spec.template.spec.containers[0].imagePullPolicy: must be one of "Always", "IfNotPresent", "Never"',
      },
    ]);
  });
});

describe('metadata rules', () => {
  test('metadata.name is required', () => {
    const d = deployment();
    delete d.metadata.name;
    expect(validateManifests([d])).toEqual([{ index: 0, kind: 'Deployment', name: '(no name)', message: 'metadata.name: is required' }]);
  });

  test('names follow the kind\'s syntax', () => {
    const d = deployment();
    d.metadata.name = 'Controller_1';
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1st' }, spec: { ports: [{ port: 80 }] } };
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } };
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:controller:ingress' } };
    expect(validateManifests([d, svc, ns, role]).map((p) => p.message)).toEqual([
      'metadata.name: must be a DNS-1123 subdomain: lower-case alphanumerics, \'-\' or \'.\', at most 253 characters (got "Controller_1")',
      'metadata.name: must be a DNS-1035 label: lower-case alphanumerics or \'-\', starting with a letter, at most 63 characters (got "1st")',
      'metadata.name: must be a DNS-1123 label: lower-case alphanumerics or \'-\', at most 63 characters (got "a.b")',
    ]);
  });

  test('a namespace on a cluster-scoped kind is a problem; a missing one on a namespaced kind is not', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress', namespace: 'default' } };
    const d = deployment();
    delete d.metadata.namespace;
    expect(validateManifests([ns, d]).map((p) => p.message)).toEqual([
      'metadata.namespace: must not be set on cluster-scoped kind Namespace (got "default")',
    ]);
  });

  test('a namespace must be a DNS-1123 label', () => {
    const d = deployment();
    d.metadata.namespace = 'Ingress.System';
    expect(messages(d)).toEqual([
      'metadata.namespace: must be a DNS-1123 label: lower-case alphanumerics or \'-\', at most 63 characters (got "Ingress.System")',
    ]);
  });

  test('label keys and values, and annotation keys, are checked, in pod templates too', () => {
    const d = deployment();
    d.metadata.labels = { 'Bad Key': 'ok', 'example.com/ok': 'not ok!', 'a/b/c': '' };
    d.spec.template.metadata.labels.app = '-x';
    d.metadata.annotations = { 'Example.COM/Fine': 'any value at all!', '/empty-prefix': 'v' };
    expect(messages(d)).toEqual([
      'metadata.labels["Bad Key"]: key must be a qualified name: an optional DNS subdomain prefix and \'/\', then at most 63 '
        + 'alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric (got "Bad Key")',
      'metadata.labels["example.com/ok"]: value must be empty or at most 63 alphanumerics, \'-\', \'_\' or \'.\', '
        + 'starting and ending with an alphanumeric (got "not ok!")',
      'metadata.labels["a/b/c"]: key must be a qualified name: an optional DNS subdomain prefix and \'/\', then at most 63 '
        + 'alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric (got "a/b/c")',
      'metadata.annotations["/empty-prefix"]: key must be a qualified name: an optional DNS subdomain prefix and \'/\', then at most 63 '
        + 'alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric (got "/empty-prefix")',
      'spec.template.metadata.labels.app: value must be empty or at most 63 alphanumerics, \'-\', \'_\' or \'.\', '
        + 'starting and ending with an alphanumeric (got "-x")',
    ]);
  });
});

describe('custom resources (imports/crds)', () => {
  test('valid cert-manager Certificate, KubeSphere Gateway and ServiceMonitor pass', () => {
    expect(validateManifests([certificate(), ksGateway(), serviceMonitor()])).toEqual([]);
  });

  test('an unknown field in a Certificate spec is rejected', () => {
    const c = certificate();
    c.spec.issuer = 'selfsigned';
    expect(messages(c)).toEqual(['unknown field "spec.issuer"']);
  });

  test('an unknown field in a KubeSphere Gateway is rejected (spec.controller.image does not exist)', () => {
    const g = ksGateway();
    g.spec.controller.image = { repository: 'kubesphere/nginx-ingress-controller', tag: 'v1.4.0' };
    expect(messages(g)).toEqual(['unknown field "spec.controller.image"']);
  });

  test('types, required fields and unknown metadata fields of custom resources are checked', () => {
    const c = certificate();
    delete c.spec.secretName;
    c.spec.dnsNames = 'one.example.com';
    c.metadata.labels = { ok: 'yes' };
    c.metadata.bogus = true;
    const m = serviceMonitor();
    m.spec.endpoints[0].port = 9913;
    expect(validateManifests([c, m]).map((p) => `${p.kind}: ${p.message}`)).toEqual([
      'Certificate: spec.secretName: is required',
      'Certificate: spec.dnsNames: must be array',
      'Certificate: unknown field "metadata.bogus"',
      'ServiceMonitor: spec.endpoints[0].port: must be string',
    ]);
  });

  test('int-or-string fields take both', () => {
    const m = serviceMonitor();
    m.spec.endpoints = [{ targetPort: 10254 }, { targetPort: 'metrics' }];
    expect(messages(m)).toEqual([]);
    m.spec.endpoints = [{ targetPort: true }];
    expect(messages(m)).toEqual(['spec.endpoints[0].targetPort: must be integer or string']);
  });

  test('metadata rules apply: names, and namespaces only on namespaced kinds', () => {
    const c = certificate();
    c.metadata.name = 'Admission';
    delete c.metadata.namespace;
    const scope = {
      apiVersion: 'fluentbit.fluent.io/v1alpha2',
      kind: 'ClusterParser',
      metadata: { name: 'nginx', namespace: 'kubesphere-system' },
      spec: {},
    };
    expect(validateManifests([c, scope]).map((p) => p.message)).toEqual([
      'metadata.name: must be a DNS-1123 subdomain: lower-case alphanumerics, \'-\' or \'.\', at most 253 characters (got "Admission")',
      'metadata.namespace: must not be set on cluster-scoped kind ClusterParser (got "kubesphere-system")',
    ]);
  });

  test('an apiVersion that the CRD does not serve is a problem', () => {
    const c = certificate();
    c.apiVersion = 'cert-manager.io/v1alpha2';
    expect(messages(c)).toEqual(['apiVersion: cert-manager.io/v1alpha2 is not served for Certificate (served: v1)']);
  });
});

describe('objects without a schema', () => {
  test('an unknown kind is a problem, never silently passed', () => {
    const objs = [
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' } },
      { apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'd' } },
    ];
    expect(validateManifests(objs).map((p) => p.message)).toEqual([
      'no schema for example.com/v1/Widget',
      'no schema for apps/v1/ReplicaSet',
      'no schema for v1/Deployment',
    ]);
  });

  test('non-objects and objects without apiVersion or kind are problems', () => {
    expect(validateManifests([null, { kind: 'Deployment' }]).map((p) => p.message)).toEqual([
      'not an object (got null)',
      'apiVersion and kind must be strings (got undefined and "Deployment")',
    ]);
  });
});

describe('expectValidManifests', () => {
  test('passes valid objects', () => {
    expect(() => expectValidManifests([deployment(), certificate()])).not.toThrow();
  });

  test('throws one error listing every problem as kind/name: message', () => {
    const d = deployment();
    d.spec.replica = 1;
    const g = ksGateway();
    g.spec.controller.image = 'x';
    expect(() => expectValidManifests([d, g])).toThrow(new Error([
      '2 schema problem(s) in 2 objects:',
      '  Deployment/controller: unknown field "spec.replica"',
      '  Gateway/kubesphere-router-demo: unknown field "spec.controller.image"',
    ].join('\n')));
  });
});
