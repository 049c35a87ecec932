#!/usr/bin/env node
/**
 * `cdk8s-ks-gateway render gateways.yaml [more.yaml ...] -o out/`
 *
 * Reads KubeSphere Gateway resources and writes the standalone manifests that replace the
 * operator: one chart per input file, plus the serving report.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { OrderedChart } from '../delivery/ordered-chart';
import { IngressSelection, KsGateway, RenderMode } from '../gateway/ks-gateway';
import { ServingReport } from '../gateway/serving-report';

const USAGE = `usage: cdk8s-ks-gateway render <gateways.yaml | ->... -o <outdir> [options]

Reads KubeSphere Gateway resources (gateway.kubesphere.io/v1alpha1, multi-document YAML) and
writes the complete ingress-nginx manifests for each, with KubeSphere's names and labels.
A file named - is read from standard input.

options:
  -o, --output <dir>          where to write the manifests (required)
  --selection <mode>          how Ingresses reach the gateways: namespace (default, as KubeSphere v3)
                              or ingress-class (one IngressClass per gateway)
  --operator                  write Gateway resources for ks-controller-manager instead of workloads
  --allow-shared-ingresses    allow project gateways beside a cluster gateway in namespace mode
  -h, --help                  show this help
  --version                   print the version`;

/** Parsed command line. */
interface Options {
  readonly files: string[];
  readonly outdir: string;
  readonly selection: IngressSelection;
  readonly renderMode: RenderMode;
  readonly allowSharedIngresses: boolean;
}

class UsageError extends Error {}
class VersionRequest extends Error {}

/** The package version: package.json is two levels above src/cli, three above lib/src/cli. */
function version(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = require(path.join(__dirname, rel));
      if (pkg?.name === 'cdk8s-ks-gateway') return String(pkg.version);
    } catch {
      // try the next place
    }
  }
  return 'unknown';
}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help') throw new UsageError('');
  if (command === '--version' || command === '-v') throw new VersionRequest();
  if (command === undefined) throw new UsageError('name a command (render)');
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
      case '--version': throw new VersionRequest();
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
        files.push(arg);
    }
  }
  if (files.length === 0) throw new UsageError('name at least one file of Gateway resources');
  if (!outdir) throw new UsageError('-o <outdir> is required');
  if (allowSharedIngresses && selection === IngressSelection.INGRESS_CLASS) {
    throw new UsageError('--allow-shared-ingresses has no effect with --selection ingress-class: each gateway serves only the Ingresses that name its IngressClass');
  }
  return { files, outdir, selection, renderMode, allowSharedIngresses };
}

/** Runs the CLI; returns the exit code. Output goes to the given streams (for tests). */
export function main(
  argv: string[],
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
  stdin: () => string = () => fs.readFileSync(0, 'utf8'),
): number {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof VersionRequest) {
      out(version());
      return 0;
    }
    if (e instanceof UsageError) {
      if (e.message) err(`error: ${e.message}\n`);
      (e.message ? err : out)(USAGE);
      return e.message ? 2 : 0;
    }
    throw e;
  }
  // Synthesize into a scratch directory and copy on success: cdk8s creates its outdir before it
  // validates, and a failed run must leave the output directory as it was.
  if (fs.existsSync(options.outdir) && !fs.statSync(options.outdir).isDirectory()) {
    err(`error: -o ${JSON.stringify(options.outdir)} is a file; name a directory`);
    return 2;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-ks-gateway-'));
  try {
    return render(options, scratch, out, err, stdin);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function render(options: Options, scratch: string, out: (s: string) => void, err: (s: string) => void, stdin: () => string): number {
  const app = new App({ outdir: scratch });
  const problems: string[] = [];
  for (const file of options.files) {
    let text: string;
    try {
      text = file === '-' ? stdin() : fs.readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(`${file === '-' ? 'standard input' : file}: cannot read: ${fsMessage(e)}`);
      continue;
    }
    // One chart (one output file) per input file; two inputs of one base name get -2, -3...
    // Ordered, so the output does not depend on the order of the documents in the file.
    const base = file === '-' ? 'stdin' : path.basename(file).replace(/\.ya?ml$/, '').replace(/[^A-Za-z0-9-]/g, '-') || 'gateways';
    let id = base;
    for (let n = 2; app.node.tryFindChild(id); n++) id = `${base}-${n}`;
    const chart = new OrderedChart(app, id);
    try {
      KsGateway.fromManifest(chart, text, {
        file: file === '-' ? 'stdin' : file,
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
  let written: string[];
  try {
    fs.mkdirSync(options.outdir, { recursive: true });
    written = [
      ...fs.readdirSync(scratch).sort().map((f) => {
        fs.copyFileSync(path.join(scratch, f), path.join(options.outdir, f));
        return path.join(options.outdir, f);
      }),
      ...ServingReport.write(app, options.outdir),
    ];
  } catch (e) {
    err(`error: cannot write to ${JSON.stringify(options.outdir)}: ${fsMessage(e)}`);
    return 1;
  }
  out(written.map((f) => `wrote ${f}`).join('\n'));
  return 0;
}

/** A file-system error without Node's stack and syscall prefix: `no such file or directory (ENOENT)`. */
function fsMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const message = (e as Error)?.message ?? String(e);
  const reason = message.replace(/^[A-Z]+: /, '').replace(/, \w+( '.*')?$/, '');
  return code ? `${reason.replace(/\s*\(?[A-Z]+\)?$/, '')} (${code})` : reason;
}

if (require.main === module) {
  process.exit(main(process.argv.slice(2)));
}
