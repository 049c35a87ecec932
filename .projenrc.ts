import { cdk8s, javascript } from 'projen';

/**
 * cdk8s-ks-gateway: the project definition. This file is the only place project
 * configuration is written; everything it generates is read-only.
 */

// CRD groups that the library's code uses. Each becomes one module under imports/.
// Paths are relative to imports/crds/, the repository's own byte-identical copies of the upstream
// files (provenance in imports/crds/README.md). `npx projen crds` refreshes the copies from
// ../shared/crds, where new upstream CRDs arrive; nothing else reads ../shared.
const CRD_IMPORTS: Record<string, string[]> = {
  'cert-manager.io': [
    'cert-manager.io/cert-manager.io_certificates.yaml',
    'cert-manager.io/cert-manager.io_issuers.yaml',
  ],
  'gateway.kubesphere.io': [
    'kubesphere/gateway.kubesphere.io_gateways.yaml',
  ],
  'monitoring.coreos.com': [
    'monitoring.coreos.com/monitoring.coreos.com_servicemonitors.yaml',
    'monitoring.coreos.com/monitoring.coreos.com_podmonitors.yaml',
    'monitoring.coreos.com/monitoring.coreos.com_prometheusrules.yaml',
    'monitoring.coreos.com/monitoring.coreos.com_scrapeconfigs.yaml',
  ],
  'fluentbit.fluent.io': [
    'fluentbit.fluent.io/fluentbit.fluent.io_clusterfilters.yaml',
    'fluentbit.fluent.io/fluentbit.fluent.io_clusteroutputs.yaml',
    'fluentbit.fluent.io/fluentbit.fluent.io_clusterparsers.yaml',
    'fluentbit.fluent.io/fluentbit.fluent.io_filters.yaml',
    'fluentbit.fluent.io/fluentbit.fluent.io_outputs.yaml',
    'fluentbit.fluent.io/fluentbit.fluent.io_parsers.yaml',
  ],
  'logging.kubesphere.io': [
    'logging.kubesphere.io/logging.kubesphere.io_filters.yaml',
    'logging.kubesphere.io/logging.kubesphere.io_outputs.yaml',
    'logging.kubesphere.io/logging.kubesphere.io_parsers.yaml',
  ],
  'gateway.networking.k8s.io': [
    'gateway.networking.k8s.io/gateway.networking.k8s.io_httproutes.yaml',
    'gateway.networking.k8s.io/gateway.networking.k8s.io_gateways.yaml',
    'gateway.networking.k8s.io/gateway.networking.k8s.io_referencegrants.yaml',
  ],
  'argoproj.io': [
    'argoproj.io/argoproj.io_application-crd.yaml',
    'argoproj.io/argoproj.io_appproject-crd.yaml',
  ],
  'kustomize.toolkit.fluxcd.io': [
    'fluxcd.io/kustomize.toolkit.fluxcd.io_kustomizations.yaml',
  ],
  'source.toolkit.fluxcd.io': [
    'fluxcd.io/source.toolkit.fluxcd.io_gitrepositories.yaml',
    'fluxcd.io/source.toolkit.fluxcd.io_ocirepositories.yaml',
  ],
};

// The versions the peer ranges start at. test/package/tarball.test.ts installs the packed library
// into a scratch cdk8s app at these (the oldest the ranges allow) and at the newest published.
const CDK8S_MIN = '2.68.12';
const CONSTRUCTS_MIN = '10.3.0';
const CDK8S_PLUS_MIN = '2.9.5';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-ks-gateway',
  packageName: 'cdk8s-ks-gateway',
  description: 'KubeSphere-style ingress gateways (ingress-nginx) as typed cdk8s constructs, rendered at synth time for GitOps',
  keywords: ['cdk8s', 'kubesphere', 'ingress-nginx', 'gitops', 'gateway'],
  license: 'Apache-2.0',
  author: 'cdk8s-ks-gateway maintainers',
  authorAddress: 'cdk8s-ks-gateway@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk8s-ks-gateway/cdk8s-ks-gateway.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  buildWorkflow: false,
  pullRequestTemplate: false,
  depsUpgrade: false,
  sampleCode: false,
  minNodeVersion: '20.0.0',
  typescriptVersion: '~5.9.3',
  jsiiVersion: '~5.9.0',
  // The peer dependencies every cdk8s library shares with the app that uses it: one copy of each in
  // the app, or cdk8s tokens from two copies cannot resolve each other.
  cdk8sVersion: CDK8S_MIN,
  constructsVersion: CONSTRUCTS_MIN,
  peerDeps: [`cdk8s-plus-27@^${CDK8S_PLUS_MIN}`],
  deps: ['yaml@^2.8.0'],
  bundledDeps: ['yaml'],
  srcdir: 'src',
  libdir: 'lib',
  tsconfigDevFile: 'tsconfig.dev.json',
  // dist/ is the examples' synth output; package artifacts (npm tarball, other languages) go here.
  artifactsDirectory: 'dist-packages',
  entrypoint: 'lib/src/index.js',
  entrypointTypes: 'lib/src/index.d.ts',
  bin: { 'cdk8s-ks-gateway': 'lib/src/cli/main.js' },
  // Publishing names for the other jsii languages. Building those packages (`npx projen package-all`)
  // needs each language's toolchain and registry; a release runs it (see README "Releasing").
  publishToPypi: { distName: 'cdk8s-ks-gateway', module: 'cdk8s_ks_gateway' },
  publishToMaven: {
    javaPackage: 'io.github.cdk8sksgateway',
    mavenGroupId: 'io.github.cdk8s-ks-gateway',
    mavenArtifactId: 'cdk8s-ks-gateway',
  },
  publishToGo: { moduleName: 'github.com/cdk8s-ks-gateway/cdk8s-ks-gateway-go' },
  publishToNuget: { dotNetNamespace: 'Cdk8sKsGateway', packageId: 'Cdk8sKsGateway' },
  devDeps: [
    'cdk8s-cli@^2.207.0',
    'json-schema-to-typescript@^16.0.0',
    'kubernetes-models@^4.5.1',
    // ObjectMeta's validator, for the metadata of custom resources (test/helpers/schema.ts).
    '@kubernetes-models/apimachinery@^2.2.0',
    'ajv@^8.17.0',
    'ajv-formats@^3.0.1',
    // Seeded property-based tests of the props checks (test/fuzz).
    'fast-check@^4.3.0',
  ],
  tsconfig: {
    compilerOptions: {
      // imports/ (generated L1 classes) sits beside src/, so the compiled tree is lib/src, lib/imports.
      rootDir: '.',
      outDir: 'lib',
      skipLibCheck: true,
    },
    include: ['src/**/*.ts', 'imports/**/*.ts'],
  },
  tsconfigDev: {
    // isolatedModules: each file compiles on its own, so jest can transpile without type checking.
    compilerOptions: { rootDir: '.', skipLibCheck: true, isolatedModules: true },
    exclude: ['node_modules', 'lib', 'dist', 'dist-packages', 'coverage'],
    // .projenrc.ts too: eslint lints it with this project's type information.
    include: ['src/**/*.ts', 'imports/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', '.projenrc.ts'],
  },
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coverageProvider: 'v8',
      testTimeout: 60_000,
      // A temporary directory per test file, removed afterwards (cdk8s.outdir.* folders included).
      setupFilesAfterEnv: ['<rootDir>/test/helpers/_tmpdir.ts'],
    },
  },
  // Type checking is done once by `tsc` in the test task; jest only transpiles (isolatedModules
  // in tsconfig.dev.json).
  // Lint with the type information of tsconfig.dev.json, which includes test/: the default project
  // service looks for a tsconfig.json beside each file and finds only the root one (src/ only).
  // No --fix: the test command reports lint errors instead of rewriting the tree (CI must see them).
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'scripts', 'bench'], tsconfigPath: './tsconfig.dev.json', projectService: false, commandOptions: { fix: false } },
  gitignore: ['/dist/', '/lib/', '/coverage/', '/test-reports/', '*.tsbuildinfo', '/.bench/'],
  npmignoreEnabled: true,
});

// jsii sets `types` to lib/index.d.ts; with imports/ beside src/ the entry point is lib/src.
project.package.addField('types', 'lib/src/index.d.ts');

// Drop projen's default jest globs (they look in src/ too) in favour of ours.
project.tryFindObjectFile('package.json')?.addOverride('jest.testMatch', ['<rootDir>/test/**/*.test.ts']);
// A one-line coverage summary in the test log (the full table is in coverage/lcov-report).
project.tryFindObjectFile('package.json')?.addOverride('jest.coverageReporters', ['text-summary', 'lcov']);

// `npm test`: compile with jsii (the public API must cross languages; lib/ and .jsii feed the
// API.md and tarball tests), type-check everything (src, imports, examples, tests), then jest, then eslint.
const testTask = project.tasks.tryFind('test')!;
testTask.prependExec('tsc --noEmit -p tsconfig.dev.json');
testTask.prependSpawn(project.compileTask);

// What the npm tarball holds: the compiled library and its types (the CLI included), the jsii
// assembly, the docs. npm adds package.json, README.md and LICENSE itself; `yaml` is bundled (jsii
// libraries bundle their non-jsii dependencies).
project.package.addField('files', ['lib/src/**/*.js', 'lib/src/**/*.d.ts', 'lib/imports/**/*.js', 'lib/imports/**/*.d.ts', '.jsii', 'API.md', 'CHANGELOG.md']);
project.package.addField('exports', {
  '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' },
  './package.json': './package.json',
  './.jsii': './.jsii',
});
project.package.addVersion('0.1.0');
project.gitignore.exclude('/dist-packages/');

// Examples: `npm run synth` writes each example's manifests to dist/<example>/.
project.addTask('synth', {
  description: 'Synthesize every example in examples/ into dist/<example>/',
  exec: 'ts-node --transpile-only examples/synth-all.ts',
});

// Regenerate imports/*.ts offline from the repository's CRD copies in imports/crds: one module per
// API group.
const importTask = project.addTask('import', {
  description: 'Regenerate imports/*.ts from imports/crds (offline; one module per API group)',
});
importTask.exec('rm -f imports/*.ts && rm -rf .import-tmp && mkdir -p .import-tmp');
for (const [group, files] of Object.entries(CRD_IMPORTS)) {
  // Files are joined with a `---` line between them: some upstream files do not start with one.
  const cat = files.map((f) => `cat imports/crds/${f}; echo; echo ---`).join('; ');
  importTask.exec(`(${cat}) > .import-tmp/${group}.yaml`);
  importTask.exec(`cdk8s import .import-tmp/${group}.yaml --language typescript --output imports --no-save --no-check-upgrade`);
}
importTask.exec('rm -rf .import-tmp');
importTask.exec('ts-node --transpile-only scripts/gen-types.ts');

// Refresh the repository's CRD copies from ../shared/crds (where new upstream CRDs arrive): only the
// files CRD_IMPORTS names, byte for byte. Provenance: imports/crds/README.md.
// CRDs copied for schema validation only: their generated classes would be larger than they are
// worth (ApplicationSet alone is 1.4 MB of schema), so the library writes them as plain ApiObjects.
const CRD_SCHEMAS_ONLY = [
  'argoproj.io/argoproj.io_applicationset-crd.yaml',
];
const crdsTask = project.addTask('crds', {
  description: 'Copy the CRD files CRD_IMPORTS names from ../shared/crds into imports/crds (byte-identical)',
});
for (const f of [...new Set([...Object.values(CRD_IMPORTS).flat(), ...CRD_SCHEMAS_ONLY])].sort()) {
  crdsTask.exec(`mkdir -p imports/crds/${f.slice(0, f.lastIndexOf('/'))} && cp ../shared/crds/${f} imports/crds/${f}`);
}
// Upstream bytes stay as they are (no end-of-line normalisation).
project.gitattributes.addAttributes('/imports/crds/**', '-text');

// The benchmark runs compiled JavaScript (as users run their apps): bench/ and the library are
// compiled to .bench/js with the library's compiler options first.
const benchTask = project.addTask('bench', {
  description: 'Measure synth time, memory and cold start for 1 cluster + N project gateways (bench/bench.ts)',
});
benchTask.exec('tsc -p bench/tsconfig.json');
benchTask.exec('node .bench/js/bench/bench.js', { receiveArgs: true });
const profileTask = project.addTask('bench:profile', {
  description: 'CPU-profile FastSynth alone and print where its time goes (bench/profile.ts)',
});
profileTask.exec('tsc -p bench/tsconfig.json');
profileTask.exec('node .bench/js/bench/profile.js', { receiveArgs: true });

project.addTask('render', {
  description: 'Run the CLI from source (cdk8s-ks-gateway render ...)',
  exec: 'ts-node --transpile-only src/cli/main.ts',
  receiveArgs: true,
});

project.addTask('docs', {
  description: 'Regenerate the props tables of README.md from the TSDoc of the props interfaces',
  exec: 'ts-node --transpile-only scripts/gen-docs.ts',
});

project.addTask('shapes', {
  description: 'Regenerate src/common/_props-shapes.generated.ts (runtime shapes of the props interfaces)',
  exec: 'ts-node --transpile-only scripts/gen-shapes.ts',
});

project.gitignore.exclude('/.import-tmp/');
project.synth();
