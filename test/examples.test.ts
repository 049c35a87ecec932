import { Testing } from 'cdk8s';
import { EXAMPLES } from '../examples';
import { restrictedViolations } from './helpers/pod-security';
import { expectValidManifests } from './helpers/schema';
import { synthObjects } from './helpers/synth';

/**
 * Every example in examples/ (EXAMPLES), synthesized in memory: valid against the official schemas
 * with unknown fields rejected, every pod within PSS `restricted`, deterministic, and snapshotted.
 * A new example is covered by adding it to EXAMPLES.
 */

/** Examples that deliberately bind the host's network, and so leave PSS restricted. */
const HOST_NETWORK_EXAMPLES: readonly string[] = [];

function build(name: string) {
  const app = Testing.app();
  EXAMPLES[name](app);
  return app;
}

test('there are examples', () => {
  expect(Object.keys(EXAMPLES).length).toBeGreaterThan(0);
});

describe.each(Object.keys(EXAMPLES).sort())('example %s', (name) => {
  test('is valid against the official schemas (unknown fields rejected)', () => {
    // GIVEN
    const app = build(name);

    // WHEN
    const objects = synthObjects(app);

    // THEN
    expect(objects.length).toBeGreaterThan(0);
    expectValidManifests(objects);
  });

  test('runs every pod within Pod Security Standards restricted', () => {
    // GIVEN
    const app = build(name);

    // WHEN
    const objects = synthObjects(app);

    // THEN
    const pods = objects.filter((o) => o.spec?.template || o.spec?.jobTemplate);
    expect(pods.length).toBeGreaterThan(0);
    const violations = pods.flatMap((o) => restrictedViolations(o).map((v) => `${o.kind}/${o.metadata.name}: ${v}`));
    if (HOST_NETWORK_EXAMPLES.includes(name)) {
      expect(violations).toContainEqual(expect.stringContaining('hostNetwork must be false'));
    } else {
      expect(violations).toEqual([]);
    }
  });

  test('is deterministic: two builds give byte-identical YAML', () => {
    // GIVEN
    const first = build(name);
    const second = build(name);

    // WHEN
    const yaml = [first.synthYaml(), second.synthYaml()];

    // THEN
    expect(yaml[0]).toBe(yaml[1]);
  });

  test('matches the snapshot', () => {
    // GIVEN
    const app = build(name);

    // WHEN
    const yaml = app.synthYaml();

    // THEN
    expect(yaml).toMatchSnapshot();
  });
});
