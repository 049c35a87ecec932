/**
 * The pipeline as both operator APIs see it: a JSON parser, one filter per gateway and the outputs,
 * with the Fluent Bit plugin fields (identical in fluentbit.fluent.io and logging.kubesphere.io).
 * The renderers (_fluent-operator.ts, _kubesphere-v3.ts) only add kinds, names and selection labels.
 */

/** The Fluent Bit plugin spec of one output. */
export interface RenderedOutput {
  /** The plugin key: es, opensearch, loki, kafka, stdout. */
  readonly plugin: string;
  /** The plugin's fields. */
  readonly spec: Record<string, any>;
}

/** One Filter/ClusterFilter: the plugins applied, in order, to the records whose tag matches. */
export interface FilterModel {
  readonly name: string;
  readonly matchRegex: string;
  readonly filters: Array<Record<string, any>>;
}

/** One Output/ClusterOutput. */
export interface OutputModel {
  readonly name: string;
  readonly matchRegex: string;
  readonly output: RenderedOutput;
}

/** Everything a pipeline declares. */
export interface PipelineModel {
  /** The JSON parser's name (a Parser/ClusterParser with `json: {}`). */
  readonly parserName: string;
  readonly filters: FilterModel[];
  readonly outputs: OutputModel[];
}
