// DESIGN §15: each service has its test workflow (pull requests) and its deploy workflow (main), and their path
// filters cover everything the tests or the image are built from, read from the package.json files, tsconfig files and
// jest configs themselves: a new dependency cannot escape its CI. actionlint checks the workflows' syntax and
// expressions in npm test (scripts/test.sh); these checks are about what they cover.
import { SERVICE_NAMES } from '../src/repo';
import { buildInputs } from './ci/build-inputs';
import {
  deployWorkflowProblems,
  pathsMatch,
  testWorkflowProblems,
  unpinnedActions,
  untestedWorkspaces,
} from './ci/ci-workflows';
import { type Repo, withFile, workingTree } from './ci/repo-files';

const repo = workingTree();

function read(from: Repo, file: string): string {
  const text = from.read(file);
  if (text === undefined) throw new Error(`${file} is missing`);
  return text;
}

/** `repo` with `line` (a path filter entry, with its indentation) removed from `file`, which must contain it. */
function withoutLine(file: string, line: string): Repo {
  const text = read(repo, file);
  if (!text.includes(`${line}\n`)) throw new Error(`${file} has no line ${line}`);
  return withFile(repo, file, text.replace(`${line}\n`, ''));
}

describe('CI workflows: what each one covers (DESIGN §15)', () => {
  test.each(SERVICE_NAMES)(
    'When %s.yml is read, then it runs that service tests on pull requests touching anything they are built from',
    (service) => {
      expect(testWorkflowProblems(repo, service)).toEqual([]);
    },
  );

  test.each([...SERVICE_NAMES, 'client'])(
    'When deploy-%s.yml is read, then it deploys on pushes to main touching anything the image is built from',
    (name) => {
      expect(deployWorkflowProblems(repo, name)).toEqual([]);
    },
  );

  test('When the workspaces are listed, then a workflow runs the tests of each one that has tests', () => {
    expect(untestedWorkspaces(repo)).toEqual([]);
  });

  test('When the workflows and actions are read, then every third-party action is pinned by commit, its tag beside it', () => {
    expect(unpinnedActions(repo)).toEqual([]);
  });

  test("When payments' test inputs are read, then devDependencies, tsconfig and the jest preset are followed", () => {
    const inputs = buildInputs(repo, 'payments', 'tests');

    // stripe-fake from the package.json; testing and through it infra/local (also the preset's global setup).
    expect([...inputs.workspaces].sort()).toEqual([
      'common',
      'infra/local',
      'infra/stripe-fake',
      'payments',
      'testing',
    ]);
    expect([...inputs.files].sort()).toEqual([
      'jest.preset.js',
      'package-lock.json',
      'package.json',
      'tsconfig.base.json',
    ]);
  });

  test("When auth's image inputs are read, then only its production dependencies count (no test kit)", () => {
    const inputs = buildInputs(repo, 'auth', 'image');

    expect([...inputs.workspaces].sort()).toEqual(['auth', 'common']);
    expect([...inputs.files].sort()).toEqual(['package-lock.json', 'package.json', 'tsconfig.base.json']);
  });
});

describe('CI workflows: the checks fail when coverage is lost', () => {
  test('When testing/** is removed from auth.yml, then the check names testing', () => {
    const broken = withoutLine('.github/workflows/auth.yml', '      - testing/**');

    expect(testWorkflowProblems(broken, 'auth')).toEqual([
      expect.stringMatching(
        /^\.github\/workflows\/auth\.yml pull_request\.paths misses testing\/ \(testing\/.+, for one\)$/,
      ),
    ]);
  });

  test('When infra/stripe-fake/** is removed from payments.yml, then the check names it', () => {
    const broken = withoutLine('.github/workflows/payments.yml', '      - infra/stripe-fake/**');

    expect(testWorkflowProblems(broken, 'payments')).toEqual([
      expect.stringMatching(/^\.github\/workflows\/payments\.yml pull_request\.paths misses infra\/stripe-fake\/ /),
    ]);
  });

  test('When the setup action is removed from expiration.yml, then the check names the action the workflow runs', () => {
    const broken = withoutLine('.github/workflows/expiration.yml', '      - .github/actions/setup/**');

    expect(testWorkflowProblems(broken, 'expiration')).toEqual([
      expect.stringMatching(/misses \.github\/actions\/setup\/ \(\.github\/actions\/setup\/action\.yml, for one\)$/),
    ]);
  });

  test('When auth gains a dependency on the Stripe fake, then auth.yml no longer covers what auth imports', () => {
    const manifest = JSON.parse(read(repo, 'auth/package.json')) as { dependencies: Record<string, string> };
    manifest.dependencies['@ticketing/stripe-fake'] = '^1.0.0';
    const changed = withFile(repo, 'auth/package.json', JSON.stringify(manifest));

    // The fake, and payments, which the fake's tests import.
    expect(testWorkflowProblems(changed, 'auth')).toEqual([
      expect.stringContaining('misses infra/stripe-fake/'),
      expect.stringContaining('misses payments/'),
    ]);
  });

  test('When common/** is removed from deploy-tickets.yml, then the check names common', () => {
    const broken = withoutLine('.github/workflows/deploy-tickets.yml', '      - common/**');

    expect(deployWorkflowProblems(broken, 'tickets')).toEqual([
      expect.stringMatching(/^\.github\/workflows\/deploy-tickets\.yml push\.paths misses common\/ /),
    ]);
  });

  test('When the Dockerfile is removed from deploy-orders.yml, then the check names it', () => {
    const broken = withoutLine('.github/workflows/deploy-orders.yml', '      - infra/docker/service.Dockerfile');

    expect(deployWorkflowProblems(broken, 'orders')).toEqual([
      '.github/workflows/deploy-orders.yml push.paths misses infra/docker/service.Dockerfile',
    ]);
  });

  test('When infra.yml no longer names @ticketing/tools, then the tools workspace is reported untested', () => {
    const file = '.github/workflows/infra.yml';
    const broken = withFile(repo, file, read(repo, file).replace("workspaces: '@ticketing/tools'", "workspaces: ''"));

    expect(untestedWorkspaces(broken)).toEqual(['tools']);
  });

  test('When an action is named by its tag, then the pin check names the line', () => {
    const file = '.github/actions/setup/action.yml';
    const text = read(repo, file).replace(/actions\/setup-go@[0-9a-f]{40} # v[\d.]+/, 'actions/setup-go@v7');
    const broken = withFile(repo, file, text);

    expect(unpinnedActions(broken)).toEqual([
      expect.stringMatching(/^\.github\/actions\/setup\/action\.yml:\d+: - uses: actions\/setup-go@v7$/),
    ]);
  });

  test('When a service has no workflows, then both checks say so', () => {
    const gone = withFile(
      withFile(repo, '.github/workflows/auth.yml', undefined),
      '.github/workflows/deploy-auth.yml',
      undefined,
    );

    expect(testWorkflowProblems(gone, 'auth')).toEqual(['.github/workflows/auth.yml is missing']);
    expect(deployWorkflowProblems(gone, 'auth')).toEqual(['.github/workflows/deploy-auth.yml is missing']);
  });
});

describe('path filters as GitHub reads them', () => {
  test('When a pattern ends in /**, then it matches every file below, dotfiles included, and nothing beside it', () => {
    expect(pathsMatch(['infra/local/**'], 'infra/local/src/engines/nats.ts')).toBe(true);
    expect(pathsMatch(['infra/local/**'], 'infra/local/.gitignore')).toBe(true);
    expect(pathsMatch(['infra/local/**'], 'infra/localhost/a.ts')).toBe(false);
    expect(pathsMatch(['infra/*'], 'infra/local/a.ts')).toBe(false);
  });

  test('When a ! pattern comes last, then it excludes; when a later pattern matches again, then it includes', () => {
    expect(pathsMatch(['auth/**', '!auth/**/*.md'], 'auth/README.md')).toBe(false);
    expect(pathsMatch(['auth/**', '!auth/**/*.md', 'auth/README.md'], 'auth/README.md')).toBe(true);
  });
});
