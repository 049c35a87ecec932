import { App } from 'cdk8s';
import { withFastCharts } from './_fast-charts';

/**
 * Synthesizes an App in time linear in its size, writing the same files as `app.synth()`, byte
 * for byte, in every `yamlOutputType` and for any Chart subclass (one overriding `toJson()`
 * included).
 *
 * Stock cdk8s infers dependencies and validates the whole App every time one Chart is
 * serialized, so an App with one Chart per gateway synthesizes in time quadratic in the number
 * of gateways. `FastSynth` validates once (the same errors, thrown the same way, before anything
 * is written) and infers dependencies once; each Chart then only renders its own objects. Values are
 * resolved without per-value allocations when the App has cdk8s' default resolvers only, YAML is
 * written without a document tree, and each file is written a document at a time (to a temporary
 * file renamed over the target, so a failure leaves the target as it was): memory stays near the
 * size of the constructs, not of the output.
 *
 * It is a drop-in for the last line of `main.ts`, so `cdk8s synth` keeps working unchanged.
 *
 * @example
 * const app = new App();
 * new KsGateway(new Chart(app, 'cluster'), 'cluster', {});
 * FastSynth.synth(app); // instead of app.synth()
 */
export class FastSynth {
  /**
   * Writes the App's manifests to `app.outdir`, as `app.synth()` does.
   *
   * @param app the App to synthesize
   */
  public static synth(app: App): void {
    withFastCharts(app, () => app.synth());
  }

  /**
   * The App's manifests as one YAML string, as `app.synthYaml()` returns them.
   *
   * @param app the App to synthesize
   */
  public static synthYaml(app: App): string {
    return withFastCharts(app, () => app.synthYaml());
  }

  private constructor() {}
}
