#!/usr/bin/env node
/**
 * `cdk8s-ks-gateway render gateways.yaml [more.yaml ...] -o out/`
 *
 * Reads KubeSphere Gateway resources and writes the standalone manifests that replace the
 * operator: one chart per input file, plus the serving report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IngressSelection, KsGateway, RenderMode } from '../gateway/ks-gateway';
import { writeServingReport } from '../gateway/serving-report';

const USAGE = `usage: cdk8s-ks-gateway render <gateways.yaml>... -o <outdir> [options]

Reads KubeSphere Gateway resources (gateway.kubesphere.io/v1alpha1, multi-document YAML) and
writes the complete ingress-nginx manifests for each, with KubeSphere's names and labels.

options:
  -o, --output <dir>          where to write the manifests (required)
  --selection <mode>          how Ingresses reach the gateways: namespace (default, as KubeSphere v3)
                              or ingress-class (one IngressClass per gateway)
  --operator                  write Gateway resources for ks-controller-manager instead of workloads
  --allow-shared-ingresses    allow project gateways beside a cluster gateway in namespace mode
  -h, --help                  show this help`;

/** Parsed command line. */
interface Options {
  readonly files: string[];
  readonly outdir: string;
  readonly selection: IngressSelection;
  readonly renderMode: RenderMode;
  readonly allowSharedIngresses: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === undefined) throw new UsageError('');
  if (command !== 'render') throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  const files: string[] = [];
  let outdir: string | undefined;
  let selection = IngressSelection.NAMESPACE;
  let renderMode = RenderMode.STANDALONE;
  let allowSharedIngresses = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-o': case '--output': outdir = value(); break;
      case '--selection': {
        const v = value();
        if (v === 'namespace') selection = IngressSelection.NAMESPACE;
        else if (v === 'ingress-class') selection = IngressSelection.INGRESS_CLASS;
        else throw new UsageError(`--selection must be namespace or ingress-class (got ${JSON.stringify(v)})`);
        break;
      }
      case '--operator': renderMode = RenderMode.OPERATOR; break;
      case '--allow-shared-ingresses': allowSharedIngresses = true; break;
      case '-h': case '--help': throw new UsageError('');
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
        files.push(arg);
    }
  }
  if (files.length === 0) throw new UsageError('name at least one file of Gateway resources');
  if (!outdir) throw new UsageError('-o <outdir> is required');
  return { files, outdir, selection, renderMode, allowSharedIngresses };
}

/** Runs the CLI; returns the exit code. Output goes to the given streams (for tests). */
export function main(argv: string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): number {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) err(`error: ${e.message}\n`);
      (e.message ? err : out)(USAGE);
      return e.message ? 2 : 0;
    }
    throw e;
  }
  const app = new App({ outdir: options.outdir });
  const problems: string[] = [];
  for (const file of options.files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(`${file}: cannot read: ${(e as Error).message}`);
      continue;
    }
    const chart = new Chart(app, path.basename(file).replace(/\.ya?ml$/, '').replace(/[^A-Za-z0-9-]/g, '-'));
    try {
      KsGateway.fromManifest(chart, text, {
        file,
        ingressSelection: options.selection,
        renderMode: options.renderMode,
        allowSharedIngresses: options.allowSharedIngresses,
      });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length > 0) {
    err(problems.join('\n'));
    return 1;
  }
  try {
    app.synth();
  } catch (e) {
    err((e as Error).message);
    return 1;
  }
  const written = [
    ...fs.readdirSync(options.outdir).filter((f) => f.endsWith('.k8s.yaml')).map((f) => path.join(options.outdir, f)),
    ...writeServingReport(app),
  ];
  out(written.map((f) => `wrote ${f}`).join('\n'));
  return 0;
}

if (require.main === module) {
  process.exit(main(process.argv.slice(2)));
}
