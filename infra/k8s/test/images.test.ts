import { dockerfileProblems, imageProblems, parseImageReference, type DockerfileText } from './rules/images';
import { containerOf, copyOf } from './support/edit';
import { loadDockerfiles, loadManifests, loadSkaffold } from './support/load';

const manifests = loadManifests();
const skaffold = loadSkaffold();
const built = skaffold.build.artifacts.map((a) => a.image);
const dockerfiles = loadDockerfiles(skaffold);
const NODE_MAJOR = 20; // the root package.json's engines and the Node the code is built and tested with
const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'client'];

function editDockerfile(path: string, edit: (text: string) => string): DockerfileText[] {
  return dockerfiles.map((d) => (d.path === path ? { path, text: edit(d.text ?? '') } : d));
}

describe('skaffold.yaml', () => {
  test('When skaffold builds, then it builds the six images from the repo root, each with its own Dockerfile', () => {
    expect(skaffold.build.artifacts).toEqual(
      SERVICES.map((s) => ({ image: `ticketing/${s}`, context: '.', docker: { dockerfile: `${s}/Dockerfile` } })),
    );
    expect(skaffold.manifests?.rawYaml).toEqual(['infra/k8s/*.yaml']);
  });
});

describe('rule: images', () => {
  test('When the manifests are as committed, then skaffold and the manifests agree and the rest is pinned', () => {
    expect(imageProblems(manifests, built)).toEqual([]);
  });

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
    containerOf(broken, 'Deployment', 'auth').image = 'ticketing/auth:dev';
    containerOf(broken, 'Deployment', 'client').image = 'ticketing/web';

    expect(imageProblems(broken, built)).toEqual([
      'skaffold builds ticketing/auth but no manifest runs it',
      'skaffold builds ticketing/client but no manifest runs it',
      'Deployment/auth container server: ticketing/auth:dev is built by skaffold and must be written untagged',
      'Deployment/client container server: ticketing/web is not built by skaffold and is untagged (that means latest)',
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
    const broken = editDockerfile('orders/Dockerfile', (text) =>
      text
        .replace(/ARG NODE_IMAGE=.*/, 'ARG NODE_IMAGE=node:22.11.0-bookworm-slim')
        .replace('FROM ${NODE_IMAGE} AS deps', 'FROM node:latest AS deps'),
    );

    const problems = dockerfileProblems(broken, NODE_MAJOR);

    expect(problems).toEqual([
      'orders/Dockerfile: node:22.11.0-bookworm-slim is not Node 20',
      'orders/Dockerfile: base image node:latest is tagged latest',
      'orders/Dockerfile: node:latest is not Node 20',
      'orders/Dockerfile: node:22.11.0-bookworm-slim is not Node 20',
      expect.stringMatching(/^the Dockerfiles use different Node images: /),
    ]);
  });

  test('When the final stage runs npm as root, then the rule reports both', () => {
    const broken = editDockerfile('payments/Dockerfile', (text) =>
      text.replace('USER node', '').replace('CMD ["node", "payments/dist/index.js"]', 'CMD npm start -w payments'),
    );

    expect(dockerfileProblems(broken, NODE_MAJOR)).toEqual([
      'payments/Dockerfile: the final stage does not set a non-root USER',
      'payments/Dockerfile: the final stage does not start node in exec form (CMD ["node", ...])',
    ]);
  });

  test('When an artifact names a Dockerfile that does not exist, then the rule reports it', () => {
    expect(dockerfileProblems([{ path: 'billing/Dockerfile', text: undefined }], NODE_MAJOR)).toEqual([
      'billing/Dockerfile: missing',
    ]);
  });
});
