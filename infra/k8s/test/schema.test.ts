import { describe as name } from './rules/manifests';
import { schemaProblems, type SchemaSubject } from './rules/schema';
import { bodyOf, containerOf, copyOf } from './support/edit';
import { loadOverlays, loadSkaffoldDocument } from './support/load';
import { OVERLAYS } from './support/render';
import { createSchemaLookup, schemaFileFor, schemasDir } from './support/schemas';

const overlays = loadOverlays();
// The broken copies start from dev.
const manifests = overlays.dev;
// Every document of both overlays as kustomize renders them (`prod: HorizontalPodAutoscaler/auth (...)`).
const subjects: SchemaSubject[] = [
  ...OVERLAYS.flatMap((overlay) => overlays[overlay].map((m) => ({ where: `${overlay}: ${name(m)}`, body: m.body }))),
  { where: 'skaffold.yaml', body: loadSkaffoldDocument() },
];
// One lookup for the whole file: compiling the large workload schemas takes a few seconds, so each is compiled once.
const lookup = createSchemaLookup();

describe(`strict schemas (${schemasDir})`, () => {
  test.each(subjects.map((s) => [s.where, s] as const))(
    'When %s is validated, then it matches its schema',
    (_, subject) => {
      const problems = schemaProblems([subject], lookup);

      expect(problems).toEqual([]);
    },
  );

  test('When a key is misspelt (replica: instead of replicas:), then the strict schema reports it', () => {
    const broken = copyOf(manifests);
    const spec = bodyOf(broken, 'Deployment', 'auth').spec as Record<string, unknown>;
    spec.replica = spec.replicas;
    delete spec.replicas;

    const problems = schemaProblems(
      broken.map((m) => ({ where: name(m), body: m.body })),
      lookup,
    );

    expect(problems).toEqual([
      expect.stringMatching(/^Deployment\/auth .*: \/spec must NOT have additional properties \(replica\)$/),
    ]);
  });

  test('When a key deep inside a pod template is misspelt, then the strict schema reports it there too', () => {
    const broken = copyOf(manifests);
    const container = containerOf(broken, 'StatefulSet', 'redis') as Record<string, unknown>;
    container.readinesProbe = container.readinessProbe;
    delete container.readinessProbe;

    const problems = schemaProblems(
      broken.map((m) => ({ where: name(m), body: m.body })),
      lookup,
    );

    expect(problems).toEqual([
      expect.stringMatching(
        /^StatefulSet\/redis .*: \/spec\/template\/spec\/containers\/0 must NOT have additional properties \(readinesProbe\)$/,
      ),
    ]);
  });

  test('When a value has the wrong type, then the schema reports it', () => {
    const broken = copyOf(manifests);
    (bodyOf(broken, 'Service', 'nats').spec as { ports: { port: unknown }[] }).ports[0]!.port = 'four-two-two-two';

    const problems = schemaProblems(
      broken.map((m) => ({ where: name(m), body: m.body })),
      lookup,
    );

    expect(problems).toContainEqual(expect.stringMatching(/^Service\/nats .*\/spec\/ports\/0\/port must be integer$/));
  });

  test("When a prod autoscaler's key is misspelt, then the HorizontalPodAutoscaler schema reports it", () => {
    const broken = copyOf(overlays.prod);
    const spec = bodyOf(broken, 'HorizontalPodAutoscaler', 'orders').spec as Record<string, unknown>;
    spec.minReplica = spec.minReplicas;
    delete spec.minReplicas;

    const problems = schemaProblems(
      broken.map((m) => ({ where: name(m), body: m.body })),
      lookup,
    );

    expect(problems).toEqual([
      expect.stringMatching(
        /^HorizontalPodAutoscaler\/orders .*: \/spec must NOT have additional properties \(minReplica\)$/,
      ),
    ]);
  });

  test('When a document has a kind with no schema file, then it fails', () => {
    const widget: SchemaSubject = { where: 'widget.yaml #1', body: { apiVersion: 'example.com/v1', kind: 'Widget' } };

    const problems = schemaProblems([widget], lookup);

    expect(problems).toEqual(['widget.yaml #1: no schema for example.com/v1 Widget']);
  });

  test('When skaffold.yaml has an unknown key, then the Skaffold schema reports it', () => {
    const skaffold = structuredClone(loadSkaffoldDocument()) as { build: { artifacts: Record<string, unknown>[] } };
    skaffold.build.artifacts[0]!.dockerFile = 'auth/Dockerfile';

    const problems = schemaProblems([{ where: 'skaffold.yaml', body: skaffold }], lookup);

    expect(problems).toContainEqual(expect.stringMatching(/additional properties \(dockerFile\)$/));
  });
});

describe('schemaFileFor', () => {
  test.each([
    ['apps/v1', 'Deployment', 'kubernetes/v1.32.2-standalone-strict/deployment-apps-v1.json'],
    ['v1', 'Service', 'kubernetes/v1.32.2-standalone-strict/service-v1.json'],
    ['networking.k8s.io/v1', 'Ingress', 'kubernetes/v1.32.2-standalone-strict/ingress-networking-v1.json'],
    ['policy/v1', 'PodDisruptionBudget', 'kubernetes/v1.32.2-standalone-strict/poddisruptionbudget-policy-v1.json'],
    [
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      'kubernetes/v1.32.2-standalone-strict/horizontalpodautoscaler-autoscaling-v2.json',
    ],
    ['batch/v1', 'Job', 'kubernetes/v1.32.2-standalone-strict/job-batch-v1.json'],
    ['skaffold/v4beta14', 'Config', 'skaffold/v4beta14.json'],
  ])('When the document is %s %s, then its schema is %s', (apiVersion, kind, file) => {
    expect(schemaFileFor(apiVersion, kind)).toBe(file);
  });
});
