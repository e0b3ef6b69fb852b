import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { allEvents } from '@ticketing/common';
import ts from 'typescript';
import { compareText } from './compare';
import { REPO_ROOT, type ServiceName } from './repo';

/** What makes a service publish an event, as far as its code shows. */
export type Trigger =
  /** A route: `POST /api/tickets`. */
  | { kind: 'http'; label: string }
  /** A listener: the event it consumes, `OrderCreated`. */
  | { kind: 'event'; label: string }
  /** Anything else that publishes (a queue worker, a boot step): the enclosing top-level function and its file. */
  | { kind: 'other'; label: string };

export interface PublishCause {
  service: ServiceName;
  trigger: Trigger;
  /** The contract's name, `TicketUpdated`. */
  event: string;
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const PUBLISH_FUNCTIONS = new Set(['publish', 'publishEvent']);
const CONTRACT_NAMES = new Set<string>(allEvents.map((e) => e.name));
/** Where the contracts are declared: common's sources or its declarations. */
const CONTRACT_FILE = /[\\/]common[\\/](src|dist)[\\/]events[\\/]/;

function sourceFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFilesUnder(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The repo's compiler options (module resolution as the services are built), without emitting anything. */
function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(REPO_ROOT, 'tsconfig.base.json');
  const { config } = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, REPO_ROOT);
  return { ...options, noEmit: true, composite: false, incremental: false, declaration: false, declarationMap: false };
}

/**
 * Finds, by static analysis of each service's `src/` (TypeScript's checker resolving every identifier to its
 * declaration, across files), which entry point leads to which event being created:
 *
 * - entry points are routes (`<router>.post('/api/…', …handlers)` in `src/routes/`) and listeners
 *   (`defineListener({ event, handle })`, whose trigger is `event`);
 * - an event is produced where the code calls `<Contract>.create(…)` or `publish(bus, <Contract>, …)` /
 *   `publishEvent(bus, <Contract>, …)`, `<Contract>` being one of common's contracts;
 * - from an entry point, every function, method or constant of the service that its code refers to is followed,
 *   transitively; what the followed code produces is attributed to the entry point;
 * - a production reached from no route and no listener (a queue worker, a boot-time seed) is reported with its
 *   enclosing top-level declaration and file.
 *
 * It is a reading of the code, not a trace of it: a branch that never runs still counts, and a contract passed
 * around as a value (`emit(contract, data)`) is not seen. Good enough for a map; the registrations in
 * `events/index.ts` remain what the flow is built from.
 */
export function findPublishCauses(services: readonly ServiceName[], root = REPO_ROOT): PublishCause[] {
  const srcDirs = new Map(services.map((s) => [s, path.join(root, s, 'src')]));
  const rootNames = [...srcDirs.values()].flatMap(sourceFilesUnder);
  if (rootNames.length === 0) return [];
  const program = ts.createProgram({ rootNames, options: compilerOptions() });
  const checker = program.getTypeChecker();

  const serviceOf = (fileName: string): ServiceName | undefined => {
    const normalized = path.resolve(fileName);
    for (const [service, dir] of srcDirs) if (normalized.startsWith(dir + path.sep)) return service;
    return undefined;
  };

  const resolve = (node: ts.Node): ts.Symbol | undefined => {
    const symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) return checker.getAliasedSymbol(symbol);
    return symbol;
  };

  /** The contract named by an expression (`TicketCreated`), if it is one of common's. */
  const contractOf = (expr: ts.Expression): string | undefined => {
    const target = ts.isPropertyAccessExpression(expr) ? expr.name : expr;
    if (!ts.isIdentifier(target)) return undefined;
    const symbol = resolve(target);
    if (!symbol || !CONTRACT_NAMES.has(symbol.name)) return undefined;
    return symbol.declarations?.some((d) => CONTRACT_FILE.test(d.getSourceFile().fileName)) ? symbol.name : undefined;
  };

  /** The contract produced by a call, if the call produces one. */
  const producedAt = (call: ts.CallExpression): string | undefined => {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'create') return contractOf(callee.expression);
    const calleeName = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : '';
    const second = call.arguments[1];
    if (PUBLISH_FUNCTIONS.has(calleeName) && second) return contractOf(second);
    return undefined;
  };

  /** The code to follow for a declaration of the service: what runs when it is called, constructed or read. */
  const followable = (decl: ts.Declaration): ts.Node[] => {
    if (!serviceOf(decl.getSourceFile().fileName)) return [];
    if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isGetAccessorDeclaration(decl))
      return [decl];
    // `new X()` runs the constructor and the field initializers, not every method.
    if (ts.isClassDeclaration(decl)) {
      return decl.members.filter(
        (m) => ts.isConstructorDeclaration(m) || (ts.isPropertyDeclaration(m) && m.initializer !== undefined),
      );
    }
    if (
      (ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl)) &&
      decl.initializer
    ) {
      return [decl.initializer];
    }
    return [];
  };

  const reachedSites = new Set<ts.CallExpression>();
  const memo = new Map<ts.Node, Set<string>>();

  /** What `node` produces, following what it refers to. Cycle-safe: a node being walked counts as producing nothing yet. */
  const produces = (node: ts.Node): Set<string> => {
    const known = memo.get(node);
    if (known) return known;
    const found = new Set<string>();
    memo.set(node, found);
    const follow = (identifier: ts.Identifier | ts.PrivateIdentifier): boolean => {
      let followed = false;
      for (const decl of resolve(identifier)?.declarations ?? []) {
        for (const body of followable(decl)) {
          followed = true;
          if (body !== node) for (const e of produces(body)) found.add(e);
        }
      }
      return followed;
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const event = producedAt(n);
        if (event) {
          found.add(event);
          reachedSites.add(n);
        }
      }
      // `ops.reserve(…)` runs `reserve`, not all of `ops`: when the member is the service's code, follow only it.
      if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && follow(n.name)) return;
      if (ts.isIdentifier(n)) follow(n);
      ts.forEachChild(n, visit);
    };
    visit(node);
    return found;
  };

  const causes: PublishCause[] = [];
  const add = (service: ServiceName, trigger: Trigger, events: Iterable<string>) => {
    for (const event of events) causes.push({ service, trigger, event });
  };

  const sourceFiles = program.getSourceFiles().filter((f) => serviceOf(f.fileName));
  for (const file of sourceFiles) {
    const service = serviceOf(file.fileName) as ServiceName;
    const inRoutes = path
      .resolve(file.fileName)
      .startsWith(path.join(srcDirs.get(service) as string, 'routes') + path.sep);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const [first, ...rest] = n.arguments;
        // A route: <router>.post('/api/…', …handlers); the handlers are what runs.
        if (
          inRoutes &&
          ts.isPropertyAccessExpression(callee) &&
          HTTP_METHODS.has(callee.name.text) &&
          first &&
          ts.isStringLiteralLike(first) &&
          first.text.startsWith('/')
        ) {
          const events = new Set<string>();
          for (const handler of rest) for (const e of produces(handler)) events.add(e);
          add(service, { kind: 'http', label: `${callee.name.text.toUpperCase()} ${first.text}` }, events);
        }
        // A listener: defineListener({ event: <Contract>, handle… }); everything but `event` is what runs.
        if (
          ts.isIdentifier(callee) &&
          callee.text === 'defineListener' &&
          first &&
          ts.isObjectLiteralExpression(first)
        ) {
          let consumed: string | undefined;
          const events = new Set<string>();
          for (const prop of first.properties) {
            const name = prop.name && ts.isIdentifier(prop.name) ? prop.name.text : undefined;
            if (name === 'event' && ts.isPropertyAssignment(prop)) consumed = contractOf(prop.initializer);
            else for (const e of produces(prop)) events.add(e);
          }
          if (consumed) add(service, { kind: 'event', label: consumed }, events);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(file);
  }

  // Productions no route or listener reaches: name them by their top-level declaration and file.
  for (const file of sourceFiles) {
    const service = serviceOf(file.fileName) as ServiceName;
    const relative = path.relative(path.join(root, service), file.fileName).split(path.sep).join('/');
    for (const statement of file.statements) {
      const sites: string[] = [];
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && !reachedSites.has(n)) {
          const event = producedAt(n);
          if (event) sites.push(event);
        }
        ts.forEachChild(n, visit);
      };
      visit(statement);
      if (sites.length === 0) continue;
      add(service, { kind: 'other', label: `${topLevelName(statement)} (${relative})` }, sites);
    }
  }

  return dedupeAndSort(causes);
}

function topLevelName(statement: ts.Statement): string {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name)
    return `${statement.name.text}()`;
  if (ts.isVariableStatement(statement)) {
    const first = statement.declarationList.declarations[0];
    if (first && ts.isIdentifier(first.name)) return first.name.text;
  }
  return 'top level';
}

function dedupeAndSort(causes: PublishCause[]): PublishCause[] {
  const seen = new Map<string, PublishCause>();
  for (const c of causes) seen.set(`${c.service}\u0000${c.trigger.kind}\u0000${c.trigger.label}\u0000${c.event}`, c);
  const kindOrder = { http: 0, event: 1, other: 2 };
  return [...seen.values()].sort(
    (a, b) =>
      compareText(a.service, b.service) ||
      kindOrder[a.trigger.kind] - kindOrder[b.trigger.kind] ||
      compareText(a.trigger.label, b.trigger.label) ||
      compareText(a.event, b.event),
  );
}
