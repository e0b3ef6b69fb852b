import path from 'node:path';
import { DockerfileError, planBuild, type BuildPlan } from './dockerfile';
import type { IgnoreMatcher } from './dockerignore';

/** One skaffold artifact with its Dockerfile's text (undefined: missing) and the build args skaffold passes. */
export interface ArtifactBuild {
  image: string;
  dockerfile: string;
  text: string | undefined;
  buildArgs: Readonly<Record<string, string>>;
}

/**
 * skaffold and the Dockerfile agree on build args: skaffold passes only ARGs the Dockerfile declares (a typo such as
 * `SERVCE` would be dropped by Docker with a mere warning), and every ARG declared without a default is passed.
 */
export function buildArgProblems(artifacts: readonly ArtifactBuild[]): string[] {
  return artifacts.flatMap(({ image, dockerfile, text, buildArgs }) => {
    if (text === undefined) return [];
    let declared: BuildPlan['declaredArgs'];
    try {
      declared = planBuild(text, buildArgs).declaredArgs;
    } catch (error) {
      return [`${image} (${dockerfile}): ${(error as Error).message}`];
    }
    return [
      ...Object.keys(buildArgs)
        .filter((name) => !declared.has(name))
        .map((name) => `${image}: skaffold passes ${name}, which ${dockerfile} does not declare`),
      ...[...declared]
        .filter(([name, { hasDefault }]) => !hasDefault && buildArgs[name] === undefined)
        .map(
          ([name, { line }]) =>
            `${image}: ${dockerfile} line ${line}: ARG ${name} has no default and skaffold does not pass it`,
        ),
    ];
  });
}

/** What the rule needs to know of the build context (the repo root). */
export interface BuildContext {
  /** Whether a `/`-separated path relative to the context exists. */
  exists(relativePath: string): boolean;
  ignore: IgnoreMatcher;
}

/**
 * Every COPY from the build context names something that is there and that the Dockerfile's ignore file lets through,
 * for the build args of each artifact. `docker build` fails on such a COPY ("not found"), but only once Docker runs: this finds it
 * without Docker, in a second.
 */
export function copySourceProblems(
  artifacts: readonly ArtifactBuild[],
  contextFor: (dockerfile: string) => BuildContext,
): string[] {
  return artifacts.flatMap(({ image, dockerfile, text, buildArgs }) => {
    if (text === undefined) return [];
    const context = contextFor(dockerfile);
    let plan: BuildPlan;
    try {
      plan = planBuild(text, buildArgs);
    } catch (error) {
      if (error instanceof DockerfileError) return [`${image} (${dockerfile}): ${error.message}`];
      throw error;
    }
    return plan.stages.flatMap((stage) =>
      stage.steps.flatMap((step) => {
        if (step.kind !== 'copy' || step.fromStage !== undefined) return [];
        return step.sources.flatMap((source) => {
          const where = `${image}: ${dockerfile} line ${step.line}: COPY ${source}`;
          const relative = path.posix.normalize(source.replace(/^\/+/, ''));
          if (relative === '..' || relative.startsWith('../')) return [`${where}: outside the build context`];
          if (relative !== '.' && context.ignore.ignores(relative)) return [`${where}: excluded by .dockerignore`];
          return context.exists(relative) ? [] : [`${where}: not in the build context`];
        });
      }),
    );
  });
}
