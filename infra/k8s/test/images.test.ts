import { buildArgProblems, copySourceProblems, type ArtifactBuild } from './rules/build-context';
import { dockerfileProblems, imageProblems, parseImageReference, type DockerfileText } from './rules/images';
import { containerOf, copyOf } from './support/edit';
import { loadArtifactBuilds, loadDockerfiles, loadOverlays, loadSkaffold, repoBuildContext } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();
// The broken copies start from dev; each rule's message is the same on either overlay.
const manifests = overlays.dev;
const skaffold = loadSkaffold();
const built = skaffold.build.artifacts.map((a) => a.image);
const dockerfiles = loadDockerfiles(skaffold);
const artifacts = loadArtifactBuilds(skaffold);
const NODE_MAJOR = 20; // the root package.json's engines and the Node the code is built and tested with
const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'];
const SERVICE_DOCKERFILE = 'infra/docker/service.Dockerfile';

function editDockerfile(path: string, edit: (text: string) => string): DockerfileText[] {
  return dockerfiles.map((d) => (d.path === path ? { path, text: edit(d.text ?? '') } : d));
}

describe('skaffold.yaml', () => {
  test('When skaffold builds, then the five services share one Dockerfile, told apart by SERVICE, and the client has its own', () => {
    expect(skaffold.build.artifacts).toEqual([
      ...SERVICES.map((s) => ({
        image: `ticketing/${s}`,
        context: '.',
        docker: { dockerfile: SERVICE_DOCKERFILE, buildArgs: { SERVICE: s } },
      })),
      { image: 'ticketing/client', context: '.', docker: { dockerfile: 'client/Dockerfile' } },
    ]);
    expect(skaffold.manifests?.kustomize.paths).toEqual(['infra/k8s/overlays/dev']);
  });

  test('When skaffold runs with the prod profile, then it renders the prod overlay instead of dev', () => {
    const prod = skaffold.profiles?.find((p) => p.name === 'prod');

    expect(prod?.manifests?.kustomize.paths).toEqual(['infra/k8s/overlays/prod']);
  });
});

describe('rule: images', () => {
  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then skaffold and the manifests agree and the rest is pinned',
    (overlay) => {
      expect(imageProblems(overlays[overlay], built)).toEqual([]);
    },
  );

  test('When a store runs :latest, then the rule reports it', () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'StatefulSet', 'auth-mongo').image = 'mongo:latest';

    expect(imageProblems(broken, built)).toEqual([
      'StatefulSet/auth-mongo container mongo: mongo:latest is not built by skaffold and is tagged latest',
    ]);
  });

  test('When an image is untagged or tagged with a floating version, then the rule reports both', () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'StatefulSet', 'redis').image = 'redis';
    containerOf(broken, 'StatefulSet', 'nats').image = 'nats:2';

    expect(imageProblems(broken, built)).toEqual([
      'StatefulSet/nats container nats: nats:2 is not built by skaffold and is tag 2 is not a full version',
      'StatefulSet/redis container redis: redis is not built by skaffold and is untagged (that means latest)',
    ]);
  });

  test('When a manifest tags an image skaffold builds, or stops using one, then the rule reports both', () => {
    const broken = copyOf(manifests);
    // auth's image runs in its Deployment and in the Job admin: both tagged, no manifest runs the one skaffold builds.
    containerOf(broken, 'Deployment', 'auth').image = 'ticketing/auth:dev';
    containerOf(broken, 'Job', 'admin').image = 'ticketing/auth:dev';
    containerOf(broken, 'Deployment', 'client').image = 'ticketing/web';

    expect(imageProblems(broken, built)).toEqual([
      'skaffold builds ticketing/auth but no manifest runs it',
      'skaffold builds ticketing/client but no manifest runs it',
      'Deployment/auth container server: ticketing/auth:dev is built by skaffold and must be written untagged',
      'Deployment/client container server: ticketing/web is not built by skaffold and is untagged (that means latest)',
      'Job/admin container admin: ticketing/auth:dev is built by skaffold and must be written untagged',
    ]);
  });

  test('When an image is pinned by digest, then it is accepted', () => {
    const pinned = copyOf(manifests);
    containerOf(pinned, 'StatefulSet', 'redis').image = `redis@sha256:${'a'.repeat(64)}`;

    expect(imageProblems(pinned, built)).toEqual([]);
  });

  test('When a reference names a registry port, then the port is not taken for a tag', () => {
    expect(parseImageReference('localhost:5000/ticketing/auth')).toEqual({ name: 'localhost:5000/ticketing/auth' });
    expect(parseImageReference('localhost:5000/mongo:7.0.14')).toEqual({ name: 'localhost:5000/mongo', tag: '7.0.14' });
  });
});

describe('rule: Dockerfiles', () => {
  test('When the Dockerfiles are as committed, then each is pinned to one Node 20 image and runs node as non-root', () => {
    expect(dockerfileProblems(dockerfiles, NODE_MAJOR)).toEqual([]);
  });

  test('When a Dockerfile floats its base image or uses another Node, then the rule reports it', () => {
    const broken = editDockerfile(SERVICE_DOCKERFILE, (text) =>
      text
        .replace(/ARG NODE_IMAGE=.*/, 'ARG NODE_IMAGE=node:22.11.0-bookworm-slim')
        .replace('FROM ${NODE_IMAGE} AS deps', 'FROM node:latest AS deps'),
    );

    const problems = dockerfileProblems(broken, NODE_MAJOR);

    expect(problems).toEqual([
      `${SERVICE_DOCKERFILE}: node:22.11.0-bookworm-slim is not Node 20`,
      `${SERVICE_DOCKERFILE}: base image node:latest is tagged latest`,
      `${SERVICE_DOCKERFILE}: node:latest is not Node 20`,
      `${SERVICE_DOCKERFILE}: node:22.11.0-bookworm-slim is not Node 20`,
      expect.stringMatching(/^the Dockerfiles use different Node images: /),
    ]);
  });

  test('When the final stage runs npm as root, then the rule reports both', () => {
    const broken = editDockerfile(SERVICE_DOCKERFILE, (text) =>
      text.replace('USER node', '').replace('CMD ["node", "dist/index.js"]', 'CMD npm start'),
    );

    expect(dockerfileProblems(broken, NODE_MAJOR)).toEqual([
      `${SERVICE_DOCKERFILE}: the final stage does not set a non-root USER`,
      `${SERVICE_DOCKERFILE}: the final stage does not start node in exec form (CMD ["node", ...])`,
    ]);
  });

  test('When an artifact names a Dockerfile that does not exist, then the rule reports it', () => {
    expect(dockerfileProblems([{ path: 'billing/Dockerfile', text: undefined }], NODE_MAJOR)).toEqual([
      'billing/Dockerfile: missing',
    ]);
  });
});

function editArtifact(image: string, edit: (artifact: ArtifactBuild) => ArtifactBuild): ArtifactBuild[] {
  return artifacts.map((a) => (a.image === image ? edit(a) : a));
}

describe('rule: build args', () => {
  test('When skaffold is as committed, then each artifact passes exactly the ARGs its Dockerfile needs', () => {
    expect(buildArgProblems(artifacts)).toEqual([]);
  });

  test('When an artifact misspells SERVICE, then the rule reports both the unknown and the missing ARG', () => {
    const broken = editArtifact('ticketing/orders', (a) => ({ ...a, buildArgs: { SERVCE: 'orders' } }));

    expect(buildArgProblems(broken)).toEqual([
      `ticketing/orders: skaffold passes SERVCE, which ${SERVICE_DOCKERFILE} does not declare`,
      expect.stringMatching(
        /^ticketing\/orders: infra\/docker\/service\.Dockerfile line \d+: ARG SERVICE has no default and skaffold does not pass it$/,
      ),
    ]);
  });
});

describe('rule: COPY sources', () => {
  test('When the Dockerfiles are as committed, then every COPY from the context names files .dockerignore lets in', () => {
    expect(copySourceProblems(artifacts, repoBuildContext)).toEqual([]);
  });

  test('When a service is built that has no folder, then the rule reports its COPY', () => {
    const broken = editArtifact('ticketing/payments', (a) => ({ ...a, buildArgs: { SERVICE: 'billing' } }));

    expect(copySourceProblems(broken, repoBuildContext)).toEqual([
      expect.stringMatching(/^ticketing\/payments: .* COPY billing\/package\.json: not in the build context$/),
    ]);
  });

  test('When a COPY names something .dockerignore keeps out, then the rule says so', () => {
    const broken = editArtifact('ticketing/client', (a) => ({
      ...a,
      text: (a.text ?? '').replace(
        'COPY client/ client/',
        'COPY client/ client/\nCOPY client/node_modules client/node_modules',
      ),
    }));

    expect(copySourceProblems(broken, repoBuildContext)).toEqual([
      expect.stringMatching(
        /^ticketing\/client: client\/Dockerfile line \d+: COPY client\/node_modules: excluded by \.dockerignore$/,
      ),
    ]);
  });
});
