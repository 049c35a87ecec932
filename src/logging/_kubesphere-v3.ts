/**
 * Renders a pipeline for the Fluent Bit operator KubeSphere v3.x installs (kubesphere/fluentbit-operator
 * v0.14, `logging.kubesphere.io/v1alpha2`): Parser, Filter and Output in `kubesphere-logging-system`
 * with `logging.kubesphere.io/enabled: "true"`, which KubeSphere's own FluentBitConfig selects
 * (ks-installer roles/ks-logging templates). No FluentBit is created.
 *
 * The plugin fields are written as the CRD spells them (`generateID`, `tenantIDKey`): the L1 classes'
 * camel-cased props would rename them, so only their group/version/kind is used.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PipelineModel } from './_model';
import * as ksl from '../../imports/logging.kubesphere.io';

/** The namespace KubeSphere v3 runs Fluent Bit in. */
export const KUBESPHERE_LOGGING_NAMESPACE = 'kubesphere-logging-system';

/** The label KubeSphere's FluentBitConfig selects. */
export const KUBESPHERE_LOGGING_LABELS: Record<string, string> = { 'logging.kubesphere.io/enabled': 'true' };

export function renderKubeSphereV3(scope: Construct, model: PipelineModel, labels: Record<string, string>, namespace: string): void {
  const meta = (name: string) => ({ name, namespace, labels: { ...labels, ...KUBESPHERE_LOGGING_LABELS } });
  new ApiObject(scope, 'Parser', { ...ksl.Parser.GVK, metadata: meta(model.parserName), spec: { json: {} } });
  for (const f of model.filters) {
    new ApiObject(scope, `Filter-${f.name}`, { ...ksl.Filter.GVK, metadata: meta(f.name), spec: { matchRegex: f.matchRegex, filters: f.filters } });
  }
  for (const o of model.outputs) {
    new ApiObject(scope, `Output-${o.name}`, {
      ...ksl.Output.GVK,
      metadata: meta(o.name),
      spec: { matchRegex: o.matchRegex, [o.output.plugin]: o.output.spec },
    });
  }
}
