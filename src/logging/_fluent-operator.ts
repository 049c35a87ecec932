/**
 * Renders a pipeline for Fluent Operator (`fluentbit.fluent.io/v1alpha2`, v1.0 and later):
 * ClusterParser, ClusterFilter and ClusterOutput carrying the labels the operator's
 * ClusterFluentBitConfig selects (`fluentbit.fluent.io/enabled: "true"`, chart fluent-operator
 * templates fluentbit-clusterfluentbitconfig.yaml). No FluentBit is created: the pipeline joins the
 * DaemonSet that is there.
 *
 * The plugin fields are written as the CRD spells them (`generateID`, `tenantIDKey`): the L1 classes'
 * camel-cased props would rename them, so only their group/version/kind is used.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PipelineModel } from './_model';
import * as fb from '../../imports/fluentbit.fluent.io';

/** Labels Fluent Operator's default ClusterFluentBitConfig selects. */
export const FLUENT_OPERATOR_LABELS: Record<string, string> = {
  'fluentbit.fluent.io/enabled': 'true',
  'fluentbit.fluent.io/mode': 'fluentbit',
};

export function renderFluentOperator(scope: Construct, model: PipelineModel, labels: Record<string, string>): void {
  const meta = (name: string) => ({ name, labels: { ...labels, ...FLUENT_OPERATOR_LABELS } });
  new ApiObject(scope, 'Parser', { ...fb.ClusterParser.GVK, metadata: meta(model.parserName), spec: { json: {} } });
  for (const f of model.filters) {
    new ApiObject(scope, `Filter-${f.name}`, { ...fb.ClusterFilter.GVK, metadata: meta(f.name), spec: { matchRegex: f.matchRegex, filters: f.filters } });
  }
  for (const o of model.outputs) {
    new ApiObject(scope, `Output-${o.name}`, {
      ...fb.ClusterOutput.GVK,
      metadata: meta(o.name),
      spec: { matchRegex: o.matchRegex, [o.output.plugin]: o.output.spec },
    });
  }
}
