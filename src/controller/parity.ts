/**
 * Where NginxIngress deliberately differs from the official ingress-nginx static manifests
 * (`deploy/static/provider/{cloud,baremetal}/deploy.yaml` of chart 4.15.1).
 *
 * The parity test (test/controller/parity.test.ts) synthesizes the `static-cloud` and
 * `static-baremetal` examples and compares them with those files object by object and field by
 * field. Every difference it finds must be declared here, and every difference declared here must
 * still occur; anything else fails the test.
 */

/** One declared difference from the official static manifests. */
export interface ChartParityDifference {
  /**
   * Which objects and which field: `<Kind>/<name>:<field path>`. `*` as kind or name matches any;
   * `!<Kind>` matches every kind but that one. The field path is written as in kubectl
   * (`metadata.labels["app.kubernetes.io/managed-by"]`).
   */
  readonly path: string;
  /** Our value, as JSON; `(absent)` when we leave the field out. */
  readonly ours: string;
  /** The static manifest's value, as JSON; `(absent)` when it leaves the field out. */
  readonly chart: string;
  /** Why we differ. */
  readonly reason: string;
}

/** Every difference between our rendering and the official static manifests. */
const DIFFERENCES: readonly ChartParityDifference[] = [
  {
    path: '!Namespace/*:metadata.labels["app.kubernetes.io/managed-by"]',
    ours: '"cdk8s-ks-gateway"',
    chart: '(absent)',
    reason: 'the static manifests strip Helm\'s managed-by label; we say who renders the objects. '
      + 'Their Namespace comes from kustomize with two labels only, and so does ours.',
  },
  {
    path: 'ConfigMap/ingress-nginx-controller:data',
    ours: '{"allow-snippet-annotations":"false","annotations-risk-level":"High"}',
    chart: 'null',
    reason: 'the secure defaults are rendered explicitly, so a reviewer sees them and a changed '
      + 'controller default cannot flip them (the values equal the controller 1.15.1 defaults)',
  },
  {
    path: 'ClusterRole/ingress-nginx-admission:rules[0].resourceNames',
    ours: '["ingress-nginx-admission"]',
    chart: '(absent)',
    reason: 'least privilege: the certgen ServiceAccount may update only its own webhook configuration, '
      + 'not every ValidatingWebhookConfiguration of the cluster (in the static manifests the ServiceAccount '
      + 'is not a Helm hook either, so it stays)',
  },
];

/**
 * Parity with the official static manifests: every deliberate difference, with its reason. The
 * parity test fails on any other difference, and on a declared one that no longer occurs.
 */
export class ChartParity {
  /** Every difference between our rendering and the official static manifests. */
  public static differences(): ChartParityDifference[] {
    return DIFFERENCES.map((d) => ({ ...d }));
  }

  private constructor() {}
}
