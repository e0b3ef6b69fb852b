import fs from 'node:fs';
import path from 'node:path';
import { neededStages, parseDockerfile, planBuild, substitute, type StagePlan } from './rules/dockerfile';
import { createIgnoreMatcher } from './rules/dockerignore';
import { repoRoot } from './support/load';

const SERVICE_DOCKERFILE = fs.readFileSync(path.join(repoRoot, 'infra/docker/service.Dockerfile'), 'utf8');

function stageNamed(stages: readonly StagePlan[], name: string): StagePlan {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  return stage;
}

describe('reading a Dockerfile', () => {
  test('When an instruction continues over lines with a comment between, then it is read as one', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM node:20.20.2 AS build\nRUN npm ci \\\n# why\n && echo done\n';

    expect(parseDockerfile(text)).toEqual([
      { keyword: 'FROM', args: 'node:20.20.2 AS build', line: 2 },
      { keyword: 'RUN', args: 'npm ci  && echo done', line: 3 },
    ]);
  });

  test.each([
    ['${A}-${B:-b}-${C:+c}-$A', 'a-b--a'],
    ['\\$A', '$A'],
    ['${UNSET}/package.json', '/package.json'],
  ])('When %s is substituted, then it reads %s', (text, expected) => {
    expect(substitute(text, new Map([['A', 'a']]))).toBe(expected);
  });

  test('When a global ARG is not declared again in a stage, then the stage sees it empty, as Docker does', () => {
    const plan = planBuild('ARG SERVICE=auth\nFROM scratch\nCOPY ${SERVICE}/package.json x/\n');

    expect(plan.target.steps).toEqual([expect.objectContaining({ kind: 'copy', sources: ['/package.json'] })]);
  });

  test('When a stage declares the ARG, then the build arg wins over the default and RUN gets it in its environment', () => {
    const plan = planBuild('ARG SERVICE=auth\nFROM scratch\nARG SERVICE\nWORKDIR /app\nRUN npm ci -w "$SERVICE"\n', {
      SERVICE: 'orders',
    });

    expect(plan.target.steps[1]).toEqual({
      kind: 'run',
      line: 5,
      shell: 'npm ci -w "$SERVICE"',
      env: { SERVICE: 'orders' },
      workdir: '/app',
    });
  });

  test.each([
    ['ADD', 'FROM scratch\nADD x /x\n', /line 2: ADD is not interpreted/],
    ['ENTRYPOINT', 'FROM scratch\nENTRYPOINT ["node"]\n', /line 2: ENTRYPOINT is not interpreted/],
    ['COPY --chown', 'FROM scratch\nCOPY --chown=node x /x\n', /line 2: COPY --chown is not interpreted/],
    [
      'RUN --mount',
      'FROM scratch\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
      /RUN --mount is not interpreted/,
    ],
    ['a wildcard', 'FROM scratch\nCOPY */package.json ./\n', /wildcards are not interpreted/],
    ['COPY --from an image', 'FROM scratch\nCOPY --from=node:20 /x /x\n', /names no earlier stage/],
  ])('When the Dockerfile uses %s, then the plan refuses it rather than skip it', (_, text, message) => {
    expect(() => planBuild(text)).toThrow(message);
  });
});

describe('infra/docker/service.Dockerfile', () => {
  test('When it is planned for tickets, then the image runs node dist/index.js from /app/tickets as node', () => {
    const { target } = planBuild(SERVICE_DOCKERFILE, { SERVICE: 'tickets' });

    expect(target).toMatchObject({
      workdir: '/app/tickets',
      user: 'node',
      cmd: { argv: ['node', 'dist/index.js'] },
      env: { NODE_ENV: 'production' },
    });
    expect(target.steps).toContainEqual(
      expect.objectContaining({ kind: 'copy', sources: ['/app/tickets/dist'], dest: '/app/tickets/dist' }),
    );
  });

  test('When it is planned for two services, then the compile stage is the same, so Docker builds it once', () => {
    const auth = planBuild(SERVICE_DOCKERFILE, { SERVICE: 'auth' });
    const payments = planBuild(SERVICE_DOCKERFILE, { SERVICE: 'payments' });

    expect(stageNamed(payments.stages, 'build')).toEqual(stageNamed(auth.stages, 'build'));
    expect(stageNamed(payments.stages, 'deps')).not.toEqual(stageNamed(auth.stages, 'deps'));
    expect(neededStages(auth)).toEqual([0, 1, 2]);
  });

  test('When SERVICE is not passed, then the deps stage stops at its first step', () => {
    const deps = stageNamed(planBuild(SERVICE_DOCKERFILE).stages, 'deps');

    expect(deps.steps.find((s) => s.kind === 'run')).toMatchObject({
      shell: expect.stringMatching(/^test -n "\$SERVICE"/),
      env: {},
    });
  });
});

describe('.dockerignore', () => {
  const ignore = createIgnoreMatcher(fs.readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8'));

  test.each([
    ['auth/node_modules', true],
    ['common/dist/index.js', true],
    ['client/.next/cache/x', true],
    ['auth/dist', true],
    ['infra/local/tsconfig.tsbuildinfo', true],
    ['payments/.env.local', true],
    ['.git/HEAD', true],
    ['auth/src/index.ts', false],
    ['package-lock.json', false],
    ['common/src/distance.ts', false],
  ])('When the repo ignore file is asked about %s, then ignored is %s', (file, ignored) => {
    expect(ignore.ignores(file)).toBe(ignored);
  });

  test('When a later ! pattern re-includes a file, then the last match wins', () => {
    const matcher = createIgnoreMatcher('docs\n!docs/keep.md\n/build/*.log\n');

    expect([matcher.ignores('docs/a.md'), matcher.ignores('docs/keep.md'), matcher.ignores('build/x.log')]).toEqual([
      true,
      false,
      true,
    ]);
    expect(matcher.hasExceptions).toBe(true);
  });
});
